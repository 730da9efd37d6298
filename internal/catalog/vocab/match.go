package vocab

import (
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// token is one folded word in the forms the vocabulary is keyed by: plain
// (stemmed) and, for words that may be Armenian, hy (the canonical Latin
// spelling, stemmed). A Chinese character is a token of its own.
type token struct {
	plain, hy string
	cjk       bool
	armenian  bool
	runes     int
	word      string // folded, unstemmed
}

func tokenize(text string) []token {
	words := fold.Words(text)
	out := make([]token, len(words))
	for i, w := range words {
		out[i] = makeToken(w)
	}
	return out
}

func makeToken(w string) token {
	r, _ := utf8.DecodeRuneInString(w)
	t := token{word: w, runes: utf8.RuneCountInString(w)}
	switch {
	case fold.IsCJK(r):
		t.cjk, t.plain = true, w
	case isArmenian(r):
		t.armenian = true
		t.hy = stem(armenianCanon(w, true), hyEndings)
		// Armenian letters are read as Armenian only: "կաթսա" (pot) spelt
		// "kaca" is not Malay for glass.
		t.plain = "\x01" + t.hy
	default:
		t.plain = stem(w, endings)
		t.hy = stem(armenianCanon(w, false), hyEndings)
	}
	return t
}

// endings are plural, definite and inflection endings of the six languages'
// Latin spellings (and of Armenian in its Latin form), longest first: shoes,
// jakker, jakkene, schoenen, koshikner, koshiknery. They are stripped
// repeatedly from both catalogue and shopper words, so only a stem of at
// least four letters is compared; irregular forms are written in the data.
// Armenian also drops its definite article (-ը, "y"), which in the other
// languages would make "skinny" leather ("skinn"), and the genitive and
// ablative of its plural, -ների and -ներից ("ամանների", of the bowls). The
// instrumental (-ով, -ներով) also makes adjectives ("կոճակներով",
// buttoned) and stays; so do -երի (Latin "lingerie") and the singular's -ի.
var (
	endings   = []string{"erne", "ene", "ane", "ers", "en", "er", "es", "s", "e", "a"}
	hyEndings = []string{"neric", "neri", "nery", "ner", "ery", "er", "y", "e", "a"}
)

func stem(w string, endings []string) string {
	if strings.HasSuffix(w, "sses") {
		return w // glasses are not glass; dresses is written in the data
	}
	for {
		n := utf8.RuneCountInString(w)
		changed := false
		for _, e := range endings {
			if !strings.HasSuffix(w, e) || n-len(e) < 4 {
				continue
			}
			if e == "s" && strings.HasSuffix(w, "ss") || e == "es" && strings.HasSuffix(w, "ses") {
				continue // dress, glass
			}
			w, changed = w[:len(w)-len(e)], true
			break
		}
		if !changed {
			return w
		}
	}
}

// Match is a run of words naming concepts: tokens [Start, End) of the
// folded text. Rewrite is set when a retailer's synonym maps the words to
// the catalogue's own words instead of a concept.
type Match struct {
	Start, End int
	Concepts   []ID
	Rewrite    string
	Compound   bool // one word split into known parts (ullsokker = wool + socks)
}

// Match finds the concepts named in text, longest phrase first, left to
// right. With compounds, a word the vocabulary does not know is split into
// known parts when its last part is a kind ("ullsokker", "regnbukse").
func (v *Vocabulary) Match(text string, compounds bool) []Match {
	return v.match(tokenize(text), compounds, false, nil)
}

// Matcher matches many texts of a catalogue against one vocabulary,
// remembering what it learnt about each distinct word (a catalogue repeats
// its words a lot). Unlike Match it also reads the terms that are only
// trusted in catalogue text. It is not safe for concurrent use.
type Matcher struct {
	v         *Vocabulary
	tokens    map[string]token
	compounds map[string][]ID
	buf       []token
}

// NewMatcher returns a Matcher over v.
func (v *Vocabulary) NewMatcher() *Matcher {
	return &Matcher{v: v, tokens: map[string]token{}, compounds: map[string][]ID{}}
}

// MatchWords is Match over text already split by Words.
func (m *Matcher) MatchWords(words []string, compounds bool) []Match {
	m.buf = m.buf[:0]
	for _, w := range words {
		t, ok := m.tokens[w]
		if !ok {
			t = makeToken(w)
			m.tokens[w] = t
		}
		m.buf = append(m.buf, t)
	}
	return m.v.match(m.buf, compounds, true, m.compounds)
}

// Words returns text's folded words as Match counts them.
func Words(text string) []string { return fold.Words(text) }

func (v *Vocabulary) match(toks []token, compounds, catalogue bool, cache map[string][]ID) []Match {
	var out []Match
	// The phrases looked up are written into two buffers kept for the whole
	// message and looked up without a string of their own: a new key per
	// phrase tried was most of the allocations of matching (issue #17).
	var keyBuf, hkeyBuf [128]byte
	key, hkey := keyBuf[:0], hkeyBuf[:0]
	// lookup finds the concepts of the L words from i.
	lookup := func(i, L int) ([]ID, bool) {
		key, hkey = key[:0], hkey[:0]
		hyOK := true
		for j := i; j < i+L; j++ {
			if j > i {
				key = append(key, ' ')
				hkey = append(hkey, ' ')
			}
			key = append(key, toks[j].plain...)
			if toks[j].hy == "" {
				hyOK = false
			}
			hkey = append(hkey, toks[j].hy...)
		}
		// A short Latin word read as Armenian ("tak", "mom") is too often a
		// word of another language.
		if L == 1 && !toks[i].armenian && toks[i].runes < 4 {
			hyOK = false
		}
		ids, ok := v.plain.get(string(key))
		if !ok && hyOK {
			ids, ok = v.hy.get(string(hkey))
		}
		if !ok && catalogue {
			ids, ok = v.indexOnly.get(string(key))
		}
		return ids, ok
	}
	// longest is the longest phrase from i: its length, 0 for none.
	longest := func(i int) (int, []ID) {
		if i >= len(toks) {
			return 0, nil
		}
		maxL := min(max(v.longest(toks[i].plain), v.longest(toks[i].hy)), len(toks)-i)
		for L := maxL; L >= 1; L-- {
			if ids, ok := lookup(i, L); ok {
				return L, ids
			}
		}
		return 0, nil
	}
	for i := 0; i < len(toks); {
		matched, ids := longest(i) // words taken by a phrase, kept or not
		if matched > 1 && toks[i].cjk {
			// Chinese has no spaces: the longest phrase from here may take
			// the first character of the next word ("玻璃水" of "玻璃水壶",
			// glass kettle). A shorter phrase wins when it and the phrase
			// after it cover more.
			next, _ := longest(i + matched)
			best := matched + next
			for L := matched - 1; L >= 1; L-- {
				short, ok := lookup(i, L)
				if !ok {
					continue
				}
				if n, _ := longest(i + L); L+n > best {
					best, matched, ids = L+n, L, short
				}
			}
		}
		if matched > 0 {
			switch {
			case len(ids) == 1 && ids[0] == stop:
				// a phrase that only looks like a concept: its words are skipped
			case len(ids) == 0:
				r := v.rewrite[""]
				if _, ok := lookup(i, matched); ok {
					r = v.rewrite[string(key)]
				}
				if r != "" {
					out = append(out, Match{Start: i, End: i + matched, Rewrite: r})
				}
			default:
				out = append(out, Match{Start: i, End: i + matched, Concepts: ids})
			}
			i += matched
			continue
		}
		if compounds {
			ids, ok := cache[toks[i].word]
			if !ok {
				ids = v.compound(toks[i].word, 0)
				if cache != nil {
					cache[toks[i].word] = ids
				}
			}
			if len(ids) > 0 {
				out = append(out, Match{Start: i, End: i + 1, Concepts: ids, Compound: true})
			}
		}
		i++
	}
	return out
}

// word looks one folded, unstemmed word up.
func (v *Vocabulary) word(w string) []ID {
	t := makeToken(w)
	if ids, ok := v.plain.get(t.plain); ok {
		return ids
	}
	if t.runes >= 4 && t.hy != "" {
		if ids, ok := v.hy.get(t.hy); ok {
			return ids
		}
	}
	return nil
}

// compound splits a Latin word into a known modifier and a known kind
// ("ullsokker" → wool + socks, "skinnjakke" → leather + jackets), allowing a
// linking s or e ("vintersjakke"). The modifier must be a material, feature,
// colour, fit, pattern or audience.
const maxCompound = 24

func (v *Vocabulary) compound(w string, depth int) []ID {
	rs := []rune(w)
	// Real compounds are short ("merinoullsokker" has 15 letters); a longer
	// word is not worth the quadratic search.
	if len(rs) < 5 || len(rs) > maxCompound || depth > 1 {
		return nil
	}
	if r := rs[0]; fold.IsCJK(r) || isArmenian(r) {
		return nil
	}
	for k := 3; k <= len(rs)-2; k++ {
		right := []ID(nil)
		if k <= len(rs)-3 {
			right = v.word(string(rs[k:]))
		}
		if !v.hasKind(right) && rs[k-1] == rs[k-2] && !isVowel(rs[k-1]) {
			// Three equal consonants are written as two in Norwegian:
			// "ull" + "lue" is "ullue".
			right = v.word(string(rs[k-1:]))
		}
		if !v.hasKind(right) {
			if depth == 0 {
				right = v.compound(string(rs[k:]), depth+1)
			}
			if !v.hasKind(right) {
				continue
			}
		}
		left := v.word(string(rs[:k]))
		if len(left) == 0 && k > 3 && (rs[k-1] == 's' || rs[k-1] == 'e') {
			left = v.word(string(rs[:k-1]))
		}
		if len(left) == 0 || left[0] == stop {
			continue
		}
		var ids []ID
		for _, id := range left {
			if !v.IsKind(id) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			// Two kinds side by side ("pan" + "tas" in Malay "pantas",
			// fast) are more often an accident than a compound; the real
			// ones (fotballsko) are written in the data.
			continue
		}
		return append(ids, right...)
	}
	// A modifier the vocabulary does not know before a kind it does
	// ("arbeidsstøvler", "wandelsokken"): the kind alone, when it is long
	// enough not to be an accident.
	for k := 4; k <= len(rs)-5; k++ {
		if right := v.word(string(rs[k:])); v.hasKind(right) && len(v.word(string(rs[:k]))) == 0 {
			return right
		}
	}
	// Two long kinds ("softshell" + "bukse"): the word names the last one,
	// which the first only describes; the search reads the first as the
	// catalogue's own word.
	for k := 5; k <= len(rs)-5; k++ {
		if right := v.word(string(rs[k:])); v.hasKind(right) && v.hasKind(v.word(string(rs[:k]))) {
			return kindsOf(v, right)
		}
	}
	return nil
}

func kindsOf(v *Vocabulary, ids []ID) []ID {
	var out []ID
	for _, id := range ids {
		if id != stop && v.IsKind(id) {
			out = append(out, id)
		}
	}
	return out
}

func (v *Vocabulary) hasKind(ids []ID) bool {
	for _, id := range ids {
		if id != stop && v.IsKind(id) {
			return true
		}
	}
	return false
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouyæøåé", r) }
