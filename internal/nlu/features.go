package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// hashBits sizes the hashed feature space before it is compacted to the
// features seen in training; 2^20 keeps collisions rare for ~10^5 features.
const (
	hashBits = 20
	hashMask = 1<<hashBits - 1
)

// Feature families hash with different seeds so "ab" as a word and "ab" as a
// character bigram do not collide on purpose.
const (
	seedChar   = 0x9E3779B97F4A7C15
	seedWord   = 0xC2B2AE3D27D4EB4F
	seedBigram = 0x165667B19E3779F9
)

func mix(h uint64, r rune) uint64 {
	h ^= uint64(r)
	h *= 0x100000001B3
	h ^= h >> 29
	return h
}

func finish(h uint64) uint32 {
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	return uint32(h) & hashMask
}

// placeholders name the entity kinds that are replaced by one shared word
// before featurising, so "size 42" and "maat 9" look alike to the classifier.
var placeholders = map[string]string{
	"color": "qcolorq", "size": "qsizeq", "quantity": "qnumq", "money": "qmoneyq",
	"order_number": "qorderq", "email": "qemailq", "phone": "qphoneq", "coupon": "qcouponq",
	"category": "qcatq", "brand": "qbrandq", "product": "qprodq",
}

// classifierText is the folded, squeezed text the intent model sees: entity
// spans replaced by placeholders, leftover digits reduced to "0", and
// punctuation dropped. With canon, words are spelled the one way
// armenianCanon spells them, whichever script the shopper typed.
func classifierText(toks []token, ents []Entity, canon bool, chat map[string]string) string {
	var b strings.Builder
	e := 0
	needSpace := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		for e < len(ents) && ents[e].End <= t.start {
			e++
		}
		if e < len(ents) && ents[e].Start <= t.start && t.end <= ents[e].End {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(placeholders[ents[e].Entity])
			needSpace = true
			// skip all tokens of the span
			for i+1 < len(toks) && toks[i+1].end <= ents[e].End {
				i++
			}
			e++
			continue
		}
		if t.kind == tokPunct {
			if class, next := templateSlot(toks, i); next > i {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(class)
				needSpace = true
				i = next - 1
				continue
			}
		}
		switch t.kind {
		case tokPunct:
			if armenianMarksInWord && armenianMark(toks, i) {
				// "կարո՞ղ": the mark goes, the word stays whole
				needSpace = false
				continue
			}
			if r, _ := utf8.DecodeRuneInString(t.text); unicode.Is(unicode.So, r) {
				// emoji say something: 👋 greets, 🙏 thanks, 😡 complains
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(t.text)
				needSpace = true
				continue
			}
			if t.text == "?" || t.text == "？" {
				// a question mark separates "available?" from "available!"
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteByte('?')
				needSpace = true
				continue
			}
			needSpace = b.Len() > 0
			continue
		case tokNum:
			if needSpace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte('0')
		default:
			if needSpace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			switch w, ok := chat[t.fold]; {
			case canon:
				b.WriteString(armenianCanon(t.fold, t.script == 'a'))
			case ok && chatSpelling:
				b.WriteString(w)
			default:
				b.WriteString(t.fold)
			}
		}
		needSpace = t.spaceAfter || t.kind != tokCJK
		if t.kind == tokCJK && i+1 < len(toks) && toks[i+1].kind != tokCJK {
			needSpace = true
		}
	}
	return fold.Squeeze(b.String())
}

// chatWords are chat shorthands and the words they stand for, per
// language, read as the full word by the intent model so that both share
// what either learned ("sy nk tukar sz" is "saya nak tukar saiz"). Per
// language because a shorthand in one is a word in another: Malay "je" is
// Dutch "je", Norwegian dialect "ka" is Armenian "կա".
var chatWords = map[string]map[string]string{
	"ms": {
		"yg": "yang", "dgn": "dengan", "sy": "saya", "sye": "saya", "nk": "nak", "bg": "bagi", "utk": "untuk",
		"tk": "tak", "x": "tak", "blh": "boleh", "bleh": "boleh", "dh": "dah", "sbb": "sebab", "jgn": "jangan",
		"mcm": "macam", "brp": "berapa", "tlg": "tolong", "klu": "kalau", "kalo": "kalau", "tpi": "tapi",
		"tp": "tapi", "kt": "kat", "dkt": "dekat", "sbg": "sebagai", "sj": "saja", "je": "saja", "jer": "saja",
		"pstu": "lepas", "lps": "lepas", "bru": "baru", "dlm": "dalam", "tgk": "tengok", "trima": "terima",
		"ksh": "kasih", "bkn": "bukan", "xde": "takde", "xnak": "taknak", "xleh": "takleh", "camne": "macamana",
		"mcmne": "macamana", "hrg": "harga", "brg": "barang", "pmbyrn": "pembayaran", "u": "awak",
		"pls": "tolong", "plz": "tolong",
	},
	"nl": {
		"ff": "even", "idd": "inderdaad", "wss": "waarschijnlijk", "mss": "misschien", "ajb": "alsjeblieft",
		"aub": "alstublieft", "svp": "alstublieft", "bvd": "bedankt", "tnx": "bedankt", "wrm": "waarom",
		"nie": "niet", "hoelang": "hoe lang", "bestelnr": "bestelnummer", "pls": "alsjeblieft", "plz": "alsjeblieft",
	},
	"en": {
		"pls": "please", "plz": "please", "plss": "please", "thx": "thanks", "u": "you", "ur": "your",
		"wanna": "want to", "gonna": "going to", "abt": "about", "asap": "as soon as possible",
	},
	"nb": {
		"ka": "hva", "kva": "hva", "kor": "hvor", "korleis": "hvordan", "ikkje": "ikke", "eg": "jeg",
	},
}

// chatSpelling switches chatWords on (a variable so the measurement can
// compare).
var chatSpelling = true

// armenianMark reports whether toks[i] is an Armenian question, emphasis or
// exclamation mark written inside a word (՞ ՛ ՜ between letters, no space).
func armenianMark(toks []token, i int) bool {
	switch toks[i].text {
	case "՞", "՛", "՜":
	default:
		return false
	}
	return i > 0 && i+1 < len(toks) && toks[i-1].kind == tokWord && !toks[i-1].spaceAfter &&
		!toks[i].spaceAfter && toks[i+1].kind == tokWord
}

// armenianMarksInWord switches armenianMark on (a variable so the
// measurement can compare).
var armenianMarksInWord = true

// slotOpen pairs the brackets that mail templates and help-desk macros put
// around a field ("{{Order Number}}", "<amount>", "[date]") with their
// closing ones.
var slotOpen = map[string]string{"{": "}", "<": ">", "[": "]"}

// slotClasses map a word of a template field's name to the class word the
// classifier sees, first match wins: "{{Refund Amount}}" is money,
// "{{Order Number}}" an order number. Field names are English in the
// templates we have seen, whatever the language of the message around them,
// so an English field name must not make a Dutch message look English.
var slotClasses = []struct{ words, class string }{
	{"email e-mail mail", "qemailq"},
	{"phone mobile telephone tel", "qphoneq"},
	{"amount price total sum cost fee balance", "qmoneyq"},
	{"voucher coupon promo discount code", "qcouponq"},
	{"invoice receipt", "qinvoiceq"},
	{"order tracking shipment parcel package reference ref number id no", "qorderq"},
	{"date time day month year", "qdateq"},
	{"city address country street location postcode zip", "qaddrq"},
	{"product item model sku article", "qprodq"},
	{"name person customer agent", "qnameq"},
}

// templateSlot recognises a template field starting at toks[i] — an opening
// bracket, possibly doubled, one to four words (or "_"), the closing bracket
// — and returns its class word and the index of the token after it; next is
// i when there is none.
func templateSlot(toks []token, i int) (class string, next int) {
	closer, ok := slotOpen[toks[i].text]
	if !ok {
		return "", i
	}
	j := i + 1
	if j < len(toks) && toks[j].text == toks[i].text {
		j++
	}
	var words []string
	for ; j < len(toks) && toks[j].kind != tokPunct || j < len(toks) && toks[j].text == "_"; j++ {
		if toks[j].kind == tokWord {
			words = append(words, toks[j].fold)
		}
		if toks[j].kind == tokCJK || len(words) > 4 {
			return "", i
		}
	}
	if len(words) == 0 || j >= len(toks) || toks[j].text != closer {
		return "", i
	}
	j++
	if j < len(toks) && toks[j].text == closer {
		j++
	}
	for _, c := range slotClasses {
		for _, w := range words {
			for _, k := range strings.Fields(c.words) {
				if w == k {
					return c.class, j
				}
			}
		}
	}
	return "qslotq", j
}

// featurize appends the hashed features of a classifier text to dst: char
// n-grams 2–5 of the whole text (catching typos and compounds like
// "checkout"/"check out"), word unigrams and bigrams, CJK characters as words.
func featurize(dst []uint32, s string) []uint32 {
	return featurizeSalted(dst, s, 0, true)
}

// featurizeSalted is featurize with the hashes moved by salt, so that the
// same words in another role (the request clause) are other features; chars
// false leaves the character n-grams out.
func featurizeSalted(dst []uint32, s string, salt uint64, chars bool) []uint32 {
	rs := make([]rune, 0, len(s)+2)
	rs = append(rs, ' ')
	for _, r := range s {
		rs = append(rs, r)
	}
	rs = append(rs, ' ')
	for i := 0; chars && i < len(rs); i++ {
		h := uint64(seedChar)
		for n := 1; n <= 4 && i+n <= len(rs); n++ {
			h = mix(h, rs[i+n-1])
			if n >= 3 {
				dst = append(dst, finish(h+uint64(n)))
			}
		}
	}
	// words: split on spaces, CJK characters are words of their own
	prev, prev2 := uint64(seedBigram)^salt, uint64(0) // prev2 is set only between CJK characters
	prevSet := true                                   // sentence start takes part in the first bigram
	wordStart := -1
	emit := func(w []rune) {
		h := uint64(seedWord) ^ salt
		for _, r := range w {
			h = mix(h, r)
		}
		dst = append(dst, finish(h))
		if prevSet {
			dst = append(dst, finish(prev*31+h))
		}
		// Chinese has no spaces to find words by: a skip-bigram ties two
		// characters around a third ("能换吗" → 能…吗), catching
		// patterns that a different middle character would break.
		cjk := len(w) == 1 && isCJK(w[0])
		if cjk && prev2 != 0 {
			dst = append(dst, finish(prev2*37+h+seedBigram))
		}
		prev2 = 0
		if cjk {
			prev2 = prev
		}
		prev, prevSet = h, true
	}
	for i := 1; i < len(rs)-1; i++ {
		r := rs[i]
		switch {
		case r == ' ':
			if wordStart >= 0 {
				emit(rs[wordStart:i])
				wordStart = -1
			}
		case isCJK(r):
			if wordStart >= 0 {
				emit(rs[wordStart:i])
				wordStart = -1
			}
			emit(rs[i : i+1])
		default:
			if wordStart < 0 {
				wordStart = i
			}
		}
	}
	if wordStart >= 0 {
		emit(rs[wordStart : len(rs)-1])
	}
	dst = append(dst, finish(prev*31+seedBigram^salt)) // sentence end
	return dst
}

// intentFeatures are the classifier's features of a message. An Armenian
// message adds those of its canonical spelling: the script's own letters
// tell more (թ from տ, ք from կ), the canonical ones carry what was learned
// in the other script and in other transliterations over.
func intentFeatures(dst []uint32, all []token, ents []Entity, lang string) ([]uint32, string) {
	toks := all
	ctext := classifierText(all, ents, false, chatWords[lang])
	dst = featurize(dst, ctext)
	if letterFraming {
		if lo, hi := letterFrame(all); lo > 0 || hi < len(all) {
			toks = all[lo:hi]
		}
	}
	if requestFeatures {
		lo, hi := requestClause(toks)
		rtext := ctext
		if lo > 0 || hi < len(toks) || len(toks) < len(all) {
			rtext = classifierText(toks[lo:hi], ents, lang == "hy", chatWords[lang])
		} else if lang == "hy" {
			rtext = classifierText(toks, ents, true, nil)
		}
		dst = featurizeSalted(dst, rtext, seedRequest, requestChars)
	}
	if lang == "hy" {
		c := classifierText(all, ents, true, nil)
		if c != ctext {
			dst = featurize(dst, c)
		}
		if armenianStemming {
			st := armenianStems(c)
			dst = featurizeSalted(dst, st, seedStem, false)
			switch armenianDevoicing {
			case 1:
				dst = featurizeSalted(dst, armenianDevoice(c), seedDevoice, false)
			case 2:
				dst = featurizeSalted(dst, armenianDevoice(st), seedDevoice, false)
			}
		}
	}
	if conceptsOn {
		dst = conceptFeatures(dst, all, lang)
	}
	return langFeature(dst, lang), ctext
}

// The request clause: in a long message the request often comes late, after
// a greeting and a story ("Long story short: my husband bought the same
// coffee machine … I want to send mine back"), and the story's words
// outvote it. The words of the sentence that carries the request are added
// once more as features of their own, learned from every training example
// (for a one-sentence message the request clause is the whole of it).
var (
	requestFeatures = true
	requestChars    = false
)

const seedRequest = 0x5851F42D4C957F2D

// armenianStemming adds the words of an Armenian message reduced to their
// stems (armenianStem) as features of their own.
var armenianStemming = true

const seedStem = 0x9FB21C651E98DF25

// armenianDevoicing adds the Armenian message's words once more with the
// stops and affricates spelled without their voicing (armenianDevoice):
// 1 the canonical words, 2 their stems, 0 off.
var armenianDevoicing = 2

const seedDevoice = 0xD1B54A32D192ED03

// sentenceEnd reports whether a punctuation token ends a sentence.
func sentenceEnd(t token) bool {
	switch t.text {
	case ".", "!", "?", "。", "！", "？", ";", "；", "…", "։":
		return true
	case "՞":
		// Armenian writes the question mark over the stressed vowel, inside
		// the word ("կարո՞ղ եք"): the sentence goes on.
		return !armenianMarksInWord
	}
	return false
}

// requestClause returns the token range of the sentence that most likely
// carries the request: the last one with a question mark, else the last one
// with at least three words (a signature or "thanks in advance" is shorter,
// usually), else the whole message.
func requestClause(toks []token) (lo, hi int) {
	type span struct {
		lo, hi, words int
		question      bool
	}
	var spans []span
	cur := span{}
	for i, t := range toks {
		switch {
		case t.text == "՞" && armenianMarksInWord:
			cur.question = true
		case t.kind == tokPunct && sentenceEnd(t):
			cur.question = cur.question || t.text == "?" || t.text == "？" || t.text == "՞"
			if t.text == "." && i+1 < len(toks) && toks[i+1].kind == tokNum && !t.spaceAfter {
				continue // 45.90
			}
			cur.hi = i + 1
			if cur.words > 0 {
				spans = append(spans, cur)
			}
			cur = span{lo: i + 1}
		case t.kind == tokWord || t.kind == tokCJK:
			cur.words++
		}
	}
	cur.hi = len(toks)
	if cur.words > 0 {
		spans = append(spans, cur)
	}
	if len(spans) < 2 {
		return 0, len(toks)
	}
	for k := len(spans) - 1; k >= 0; k-- {
		if spans[k].question {
			return spans[k].lo, spans[k].hi
		}
	}
	for k := len(spans) - 1; k >= 0; k-- {
		if spans[k].words >= 3 {
			return spans[k].lo, spans[k].hi
		}
	}
	return 0, len(toks)
}

// langFeature lets the shared model learn how each language's shoppers
// tend to phrase things, as a bias per language.
func langFeature(dst []uint32, lang string) []uint32 {
	h := uint64(seedWord ^ seedChar)
	for _, r := range lang {
		h = mix(h, r)
	}
	return append(dst, finish(h))
}
