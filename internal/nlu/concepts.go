package nlu

import (
	"bufio"
	"strings"
	"sync"
)

// Support concepts (data/support/concepts.tsv): the words a support desk
// hears for one thing — a refund, an exchange, a charge, a suggestion — in
// every language. Each concept found in a message is a feature of its own,
// shared by the six languages, so a phrasing that one language's training
// examples lack still carries what the others taught ("terugstorting",
// "gumar@ het" are refund as "refund" is). Armenian, with the fewest
// examples per spelling, gains most: its words are matched in the canonical
// Latin spelling and as prefixes, whatever case ending follows.

type conceptPhrase struct {
	words  []string
	prefix []bool // the word matches any word it begins
	name   string
}

// conceptIndex maps a language and the first three bytes of a phrase's first
// word to the phrases that may start there.
type conceptIndex map[conceptKey][]conceptPhrase

// conceptKey is a struct, not a joined string, so that looking a token up
// allocates nothing (this runs for every token of every message).
type conceptKey struct{ lang, start string }

func conceptKeyOf(lang, w string) conceptKey {
	if len(w) > 3 {
		w = w[:3]
	}
	return conceptKey{lang, w}
}

// supportConcepts is read once from the embedded file.
var supportConcepts = sync.OnceValue(func() conceptIndex {
	idx := conceptIndex{}
	f, err := data.Open("data/support/concepts.tsv")
	if err != nil {
		return idx // the file is embedded; without it there are no concepts
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			continue // TestSupportConcepts_FileIsWellFormed reports these
		}
		name, lang := cols[0], cols[1]
		for _, p := range strings.Split(cols[2], "|") {
			var cp conceptPhrase
			cp.name = name
			for _, t := range tokenize(strings.TrimSpace(p)) {
				if t.text == "*" && len(cp.words) > 0 {
					cp.prefix[len(cp.prefix)-1] = true
					continue
				}
				w := t.fold
				pre := false
				if lang == "hy" && t.kind == tokWord {
					w = armenianCanon(t.fold, t.script == 'a')
					pre = len(w) >= 4
				}
				cp.words = append(cp.words, w)
				cp.prefix = append(cp.prefix, pre)
			}
			if len(cp.words) > 0 {
				k := conceptKeyOf(lang, cp.words[0])
				idx[k] = append(idx[k], cp)
			}
		}
	}
	return idx
})

// conceptFeatures appends a feature for every support concept a message
// names.
func conceptFeatures(dst []uint32, toks []token, lang string) []uint32 {
	idx := supportConcepts()
	if len(idx) == 0 {
		return dst
	}
	var canon []string
	if lang == "hy" {
		canon = make([]string, len(toks))
		for i, t := range toks {
			canon[i] = t.fold
			if t.kind == tokWord {
				canon[i] = armenianCanon(t.fold, t.script == 'a')
			}
		}
	}
	word := func(i int) string {
		if canon != nil {
			return canon[i]
		}
		return toks[i].fold
	}
	for i := range toks {
		if toks[i].kind == tokNum {
			continue
		}
		for _, cp := range idx[conceptKeyOf(lang, word(i))] {
			if conceptAt(cp, word, i, len(toks)) {
				h := uint64(seedConcept)
				for _, r := range cp.name {
					h = mix(h, r)
				}
				dst = append(dst, finish(h))
			}
		}
	}
	return dst
}

func conceptAt(cp conceptPhrase, word func(int) string, i, n int) bool {
	if i+len(cp.words) > n {
		return false
	}
	for k, w := range cp.words {
		got := word(i + k)
		if cp.prefix[k] {
			if !strings.HasPrefix(got, w) {
				return false
			}
		} else if got != w {
			return false
		}
	}
	return true
}

const seedConcept = 0xD6E8FEB86659FD93

// conceptsOn switches conceptFeatures on (a variable so the measurement can
// compare).
var conceptsOn = true
