package nlu

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// lexEntry is one meaning of a phrase: "zwart" is a color with value black.
type lexEntry struct {
	kind  string // color, category, size_label, number, currency, keyword kinds, brand, product
	value string
	lang  string // a launch language or "*"
	n     int    // phrase length in tokens
	short bool   // a short Latin phrase ("red", "to", "pet") only counts in its own language
}

// lexicon finds known phrases in token sequences. Keys are the folded tokens
// of a phrase joined by a space.
type lexicon struct {
	phrases  map[string][]lexEntry
	firstMax map[string]int      // first token → longest phrase starting with it
	words    map[string]bool     // every token of every phrase
	deletes  map[string][]string // one-deletion variants of words ≥ 5 runes, for typos
	fuzzy    map[string]bool     // words open to typo matching
}

func newLexicon() *lexicon {
	return &lexicon{phrases: map[string][]lexEntry{}, firstMax: map[string]int{}, words: map[string]bool{}, deletes: map[string][]string{}, fuzzy: map[string]bool{}}
}

// phraseKey folds a phrase the way message tokens are folded.
func phraseKey(phrase string) (string, []string) {
	toks := tokenize(phrase)
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		parts = append(parts, t.fold)
	}
	return strings.Join(parts, " "), parts
}

func (l *lexicon) add(kind, value, lang, phrase string) { l.addWord(kind, value, lang, phrase, false) }

// addWord adds a phrase; exact phrases are matched only as written.
func (l *lexicon) addWord(kind, value, lang, phrase string, exact bool) {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return
	}
	key, parts := phraseKey(phrase)
	if len(parts) == 0 {
		return
	}
	latinShort := utf8.RuneCountInString(key) <= 3
	for _, r := range key {
		if r >= 0x250 {
			latinShort = false // Armenian and Han words are never ambiguous across our languages
		}
	}
	e := lexEntry{kind: kind, value: value, lang: lang, n: len(parts), short: latinShort && lang != "*"}
	for _, old := range l.phrases[key] {
		if old.kind == e.kind && old.value == e.value && old.lang == e.lang {
			return
		}
	}
	l.phrases[key] = append(l.phrases[key], e)
	if l.firstMax[parts[0]] < len(parts) {
		l.firstMax[parts[0]] = len(parts)
	}
	// Typos are forgiven in words that name things (colours, categories,
	// brands, products), not in keywords: "yelow" is yellow, not "below".
	fuzzy := !exact && (kind == "color" || kind == "category" || kind == "brand" || kind == "product")
	for _, p := range parts {
		if l.words[p] && (!fuzzy || l.fuzzy[p]) {
			continue
		}
		l.words[p] = true
		if fuzzy && utf8.RuneCountInString(p) >= 5 {
			l.fuzzy[p] = true
			for _, d := range deletions(p) {
				l.deletes[d] = append(l.deletes[d], p)
			}
		}
	}
}

// loadLexicons reads every data/lexicon/*.tsv file.
func loadLexicons(fsys fs.FS, l *lexicon) error {
	files, err := fs.Glob(fsys, "data/lexicon/*.tsv")
	if err != nil {
		return err
	}
	for _, name := range files {
		kind := strings.TrimSuffix(strings.TrimPrefix(name, "data/lexicon/"), ".tsv")
		switch kind {
		case "colors":
			kind = "color"
		case "categories":
			kind = "category"
		case "sizes":
			kind = "size_label"
		case "numbers":
			kind = "number"
		case "currencies":
			kind = "currency"
		case "keywords":
			kind = "" // the first column names the kind
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		line := 0
		for sc.Scan() {
			line++
			s := sc.Text()
			if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
				continue
			}
			cols := strings.Split(s, "\t")
			if len(cols) != 3 {
				f.Close()
				return fmt.Errorf("%s:%d: want 3 tab-separated columns, got %d", name, line, len(cols))
			}
			k, value := kind, cols[0]
			if k == "" {
				k, value = cols[0], ""
			}
			for _, p := range strings.Split(cols[2], "|") {
				l.add(k, value, cols[1], p)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of neighbours.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] != rb[i] {
				if diff >= 0 {
					// a swap of neighbours counts as one edit
					return i == diff+1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}

// correct returns the lexicon word a typed word most likely meant, if it is
// one edit away from exactly one lexicon word of five letters or more.
func (l *lexicon) correct(w string) (string, bool) {
	if utf8.RuneCountInString(w) < 5 {
		return "", false
	}
	var found string
	try := func(cands []string) bool {
		for _, c := range cands {
			// One edit that is no slip of the fingers ("shame" for
			// "shape") is another word, not a typo (fold.Slip).
			if c == found || !withinOneEdit(c, w) || !fold.Slip(w, c) {
				continue
			}
			if found != "" && !l.sameMeaning(found, c) {
				return false // ambiguous: two words are one edit away
			}
			if found == "" || len(c) == len(w) {
				found = c
			}
		}
		return true
	}
	if !try(l.deletes[w]) {
		return "", false
	}
	for _, d := range deletions(w) {
		if l.fuzzy[d] && !try([]string{d}) {
			return "", false
		}
		if !try(l.deletes[d]) {
			return "", false
		}
	}
	return found, found != ""
}

// sameMeaning reports whether two single words mean the same thing in the
// lexicon ("hardloopschoen" and "hardloopschoenen").
func (l *lexicon) sameMeaning(a, b string) bool {
	ea, eb := l.phrases[a], l.phrases[b]
	if len(ea) == 0 || len(eb) == 0 {
		return false
	}
	for _, x := range ea {
		for _, y := range eb {
			if x.kind == y.kind && x.value == y.value {
				return true
			}
		}
	}
	return false
}

// armenianSuffixes are case endings and articles that attach to Armenian
// nouns ("կոշիկները" = the shoes); longest first.
var armenianSuffixes = []string{"ներից", "ներով", "ներում", "ները", "երից", "երով", "երը", "ներ", "եր", "ից", "ով", "ում", "ին", "ի", "ը", "ն"}

var armenianLatinSuffixes = []string{"neric", "nerits", "nery", "ery", "ner", "er", "its", "ic", "ov", "um", "in", "i", "y", "n"}

// normalize maps each token to the form used for lexicon lookups: the token
// itself when the lexicon knows it, else the Armenian stem, else the typo
// correction (unless the word is an ordinary word from the training data).
func (l *lexicon) normalize(toks []token, lang string, known map[string]bool) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.fold
		if t.kind != tokWord || l.words[t.fold] {
			continue
		}
		if t.script == 'a' || lang == "hy" && t.script == 'l' {
			sufs := armenianSuffixes
			if t.script == 'l' {
				sufs = armenianLatinSuffixes
			}
			stemmed := false
			for _, s := range sufs {
				if stem, ok := strings.CutSuffix(t.fold, s); ok && utf8.RuneCountInString(stem) >= 2 && l.words[stem] {
					out[i] = stem
					stemmed = true
					break
				}
			}
			if stemmed {
				continue
			}
		}
		if stem, ok := l.stem(t.fold, lang); ok {
			out[i] = stem
			continue
		}
		if known[t.fold] {
			continue
		}
		if c, ok := l.correct(t.fold); ok {
			out[i] = c
		}
	}
	return out
}

// inflections are endings that Dutch, Norwegian and English add to the
// nouns and adjectives of the lexicon ("sneakersene", "hettegenseren"),
// and the "-coloured" that Dutch and Norwegian glue to any colour
// ("sølvfargede", "zilverkleurige").
var inflections = map[string][]string{
	"nb": {"fargede", "fargete", "farget", "farga", "ene", "en", "et", "a", "er", "e"},
	"nl": {"kleurige", "kleurig", "en", "'s", "s", "e"},
	"en": {"es", "s"},
	"ms": {"nya", "lah"},
}

// stem strips an inflection when what is left is a lexicon word of at least
// four letters.
func (l *lexicon) stem(w, lang string) (string, bool) {
	if utf8.RuneCountInString(w) < 5 {
		return "", false
	}
	for _, s := range inflections[lang] {
		if stem, ok := strings.CutSuffix(w, s); ok && utf8.RuneCountInString(stem) >= 4 && l.words[stem] {
			return stem, true
		}
	}
	return "", false
}

// hit is a phrase found at a token position.
type hit struct {
	n       int
	entries []lexEntry
}

// match finds, for every token position, the phrases that start there.
func (l *lexicon) match(norm []string) [][]hit {
	hits := make([][]hit, len(norm))
	var b strings.Builder
	for i := range norm {
		m := l.firstMax[norm[i]]
		if m == 0 {
			continue
		}
		for n := min(m, len(norm)-i); n >= 1; n-- {
			b.Reset()
			for k := i; k < i+n; k++ {
				if k > i {
					b.WriteByte(' ')
				}
				b.WriteString(norm[k])
			}
			if es, ok := l.phrases[b.String()]; ok {
				hits[i] = append(hits[i], hit{n: n, entries: es})
			}
		}
	}
	return hits
}

// longest returns the longest phrase of one of the kinds at position i that
// counts in the language, and its entry.
func longest(hits [][]hit, i int, lang string, kinds ...string) (int, lexEntry, bool) {
	if i < 0 || i >= len(hits) {
		return 0, lexEntry{}, false
	}
	for _, h := range hits[i] { // longest first
		var best lexEntry
		found := false
		for _, e := range h.entries {
			if !kindIn(e.kind, kinds) || e.short && e.lang != lang {
				continue
			}
			// an entry of the message's language wins over another's
			if !found || e.lang == lang && best.lang != lang {
				best, found = e, true
			}
		}
		if found {
			return h.n, best, true
		}
	}
	return 0, lexEntry{}, false
}

func kindIn(k string, kinds []string) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
