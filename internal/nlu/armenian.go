package nlu

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// Armenian shoppers type in Armenian letters or in Latin ones ("barev",
// "uzum em veradardznel"), and the Latin spelling is not standardised (խ as
// "x" or "kh", ց as "c" or "ts", ք as "q" or "k", and ղ as "gh" or, in chat,
// "x" like խ: "vortex" for որտեղ). The intent model sees
// both through one lossy Latin spelling, so a phrase learned in one script is
// recognised in the other and in every common transliteration of it.

// armenianLatin spells each (lower-case) Armenian letter the way chat
// transliteration most often does, already in the canonical form below.
var armenianLatin = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y",
	'թ': "t", 'ժ': "j", 'ի': "i", 'լ': "l", 'խ': "x", 'ծ': "c", 'կ': "k", 'հ': "h",
	'ձ': "dz", 'ղ': "x", 'ճ': "ch", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o",
	'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r",
	'ց': "c", 'ւ': "v", 'փ': "p", 'ք': "k", 'և': "ev", 'օ': "o", 'ֆ': "f",
}

// latinVariants rewrites the spellings that chat transliteration uses for
// the same sound to the one armenianLatin chose; longest first.
var latinVariants = strings.NewReplacer(
	"kh", "x", "gh", "x", "zh", "j", "ts", "c", "tz", "c", "ou", "u", "ph", "p", "th", "t",
	"q", "k", "w", "v", "@", "y",
)

// armenianCanon returns one folded word of an Armenian message in the
// canonical Latin spelling; armenian says the word is in Armenian letters
// (the token's script). Latin words (a brand, "ok") come back unchanged
// apart from the Latin variants.
func armenianCanon(w string, armenian bool) string {
	if !armenian {
		w = latinVariants.Replace(w)
		// Word-initial ե and ո are said "ye", "vo" and typed either way.
		switch {
		case strings.HasPrefix(w, "ye"):
			w = w[1:]
		case strings.HasPrefix(w, "vo"):
			w = w[1:]
		}
		return w
	}
	return fold.SpellArmenian(w, armenianLatin)
}

// armenianStemEndings are the endings armenianStem takes off a canonical word,
// longest first: plural -ներ/-եր with what may follow it, the articles -ը/-ն,
// possessives -ս/-դ, the cases (-ի, -ին, -ից, -ով, -ում) and common verb
// endings (infinitive -ել/-ալ, -եք, -ենք, past -եցի, participles -ած, -ում).
// Inflection multiplies the forms a shopper can type ("բազմոցը", "բազմոցի",
// "bazmocs", "bazmocneric"); the stem lets them share what one form learned.
var armenianStemEndings = []string{
	"nerin", "neric", "nerov", "nerum", "neri", "nery", "nern", "ner",
	"erin", "eric", "erov", "erum", "eri", "ery", "ern", "er",
	"ecinek", "ecink", "ecek", "ecrek", "ecir", "eci", "ecav", "vel", "vum", "acel", "acrel",
	"enk", "ek", "el", "al", "ac", "um", "ic", "ov", "in", "i", "y", "n", "s", "d",
}

// armenianStem strips up to two endings from a canonical Armenian word, as
// long as four letters of it are left.
func armenianStem(w string) string {
	for range 2 {
		cut := false
		for _, s := range armenianStemEndings {
			if len(w)-len(s) >= 4 && strings.HasSuffix(w, s) {
				w = w[:len(w)-len(s)]
				cut = true
				break
			}
		}
		if !cut {
			break
		}
	}
	return w
}

// armenianStems is the canonical text with each word reduced to its stem.
func armenianStems(canon string) string {
	ws := strings.Fields(canon)
	for i, w := range ws {
		ws[i] = armenianStem(w)
	}
	return strings.Join(ws, " ")
}

// Western Armenian (the diaspora's: Beirut, Istanbul, Marseille, Los
// Angeles) says the voiced and voiceless stops the other way round from
// Eastern Armenian, and chat spells them as said: Eastern "patvirel" is
// Western "badvirel", "koshik" is "goshig", "tur" is "dur". A word spelled
// with every stop and affricate reduced to one letter per place of
// articulation (b/p → p, g/k → k, d/t → t, dz/c → c, j/ch → ch) is the same
// in both. It loses distinctions (բ and պ), so it is added next to the
// canonical spelling, never instead of it.
var armenianDevoicer = strings.NewReplacer("dz", "c", "ch", "ch", "j", "ch", "b", "p", "g", "k", "d", "t")

// armenianDevoice returns canonical Armenian text with its stops devoiced.
func armenianDevoice(canon string) string {
	return armenianDevoicer.Replace(canon)
}

// hyKnownDevoiced lets a Western spelling of a word the Armenian training
// lines hold count as known (model.knownShare), so that a message in
// Western Armenian is read rather than set aside as gibberish.
var hyKnownDevoiced = true

// hyWordKey is an Armenian word canonical, stemmed and devoiced.
func hyWordKey(t token) string {
	return armenianDevoice(armenianStem(armenianCanon(t.fold, t.script == 'a')))
}
