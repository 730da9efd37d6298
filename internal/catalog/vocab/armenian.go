package vocab

import (
	"maps"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// Armenian shoppers type in Armenian letters or in Latin ones, and the Latin
// spelling is not standardised (խ as "x" or "kh", ց as "c" or "ts", ք as "q"
// or "k"). Armenian terms are therefore keyed by one lossy Latin spelling,
// the same one the NLU uses (internal/nlu/armenian.go), so "koshikner",
// "kosHiknery" and "կոշիկներ" meet.

var armenianLatin = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y",
	'թ': "t", 'ժ': "j", 'ի': "i", 'լ': "l", 'խ': "x", 'ծ': "c", 'կ': "k", 'հ': "h",
	'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m", 'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o",
	'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r",
	'ց': "c", 'ւ': "v", 'փ': "p", 'ք': "k", 'և': "ev", 'օ': "o", 'ֆ': "f",
}

var latinVariants = strings.NewReplacer(
	"kh", "x", "zh", "j", "ts", "c", "tz", "c", "ou", "u", "ph", "p", "th", "t",
	"q", "k", "w", "v", "@", "y", "gh", "gh",
)

func isArmenian(r rune) bool { return r >= 0x0531 && r <= 0x058F || r >= 0xFB13 && r <= 0xFB17 }

// armenianCanon spells a folded word in the canonical Latin form. Armenian
// letters are spelt out first; then both go through the same rewriting, so
// "սնոուբորդ" and "snoubord" meet.
func armenianCanon(w string, armenian bool) string {
	if armenian {
		w = spellOut(w, armenianLatin)
	}
	w = latinVariants.Replace(w)
	switch {
	case strings.HasPrefix(w, "ye"), strings.HasPrefix(w, "vo"):
		w = w[1:] // word-initial ե and ո are said "ye", "vo" and typed either way
	}
	return w
}

// loanwordLatin spells Armenian letters the way loanwords and names are
// transliterated into English ("ամիգուրումի" → "amigurumi", խ as "kh", ց as
// "ts"), to meet a catalogue's own Latin words; armenianLatin is instead the
// lossy key that shoppers' many Latin spellings share.
var loanwordLatin = func() map[rune]string {
	m := maps.Clone(armenianLatin)
	for r, l := range map[rune]string{'ը': "", 'ժ': "zh", 'խ': "kh", 'ծ': "ts", 'ց': "ts"} {
		m[r] = l
	}
	return m
}()

// ArmenianLoanword spells a word written in Armenian letters as the Latin
// loanword it likely is; a word that does not start with an Armenian
// letter comes back as it is.
func ArmenianLoanword(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	if _, ok := loanwordLatin[r]; !ok {
		return w
	}
	return spellOut(w, loanwordLatin)
}

// spellOut writes each Armenian letter of w by table (fold.SpellArmenian).
func spellOut(w string, table map[rune]string) string { return fold.SpellArmenian(w, table) }
