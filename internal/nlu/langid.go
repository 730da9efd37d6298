package nlu

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// latinLangs are the languages told apart by the character n-gram model.
// Chinese and Armenian script are recognised by their script; Armenian typed
// in Latin letters ("barev") is a Latin-script language here.
var latinLangs = []string{"en", "nl", "ms", "nb", "hy"}

// langModel is a naive Bayes model over character 1–4-grams of words (with
// word boundaries) and whole words.
type langModel struct {
	keys   []uint32  // the features seen, ascending
	bucket []uint32  // by a key's top langBucketBits of hashBits: where its keys start in keys; one more at the end
	logp   []float32 // per key, len(latinLangs) × log P(feature | lang)
	unseen []float32 // log P of a feature never seen with that lang
}

const wordWeight = 4 // a whole known word says more than its n-grams: "sy" or "la" among English words marks Malay

func langFeatures(dst []uint32, words []string) []uint32 {
	for _, w := range words {
		rs := []rune(" " + w + " ")
		for i := range rs {
			h := uint64(seedChar)
			for n := 1; n <= 4 && i+n <= len(rs); n++ {
				h = mix(h, rs[i+n-1])
				if n == 1 && rs[i] == ' ' {
					continue
				}
				dst = append(dst, finish(h+uint64(n)*7))
			}
		}
		h := uint64(seedWord)
		for _, r := range w {
			h = mix(h, r)
		}
		for range wordWeight {
			dst = append(dst, finish(h^0xABCDEF))
		}
	}
	return dst
}

// latinWords returns the folded Latin-script words of a message, without
// digits.
func latinWords(toks []token) []string {
	var out []string
	for _, t := range toks {
		if t.kind != tokWord || t.script != 'l' {
			continue
		}
		w := t.fold
		if hasDigit(w) {
			w = strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) {
					return -1
				}
				return r
			}, w)
		}
		if w != "" {
			out = append(out, fold.Squeeze(w))
		}
	}
	return out
}

func trainLangModel(texts map[string][]string) *langModel {
	counts := map[uint32][]float32{}
	totals := make([]float64, len(latinLangs))
	var buf []uint32
	for li, lang := range latinLangs {
		for _, t := range texts[lang] {
			buf = langFeatures(buf[:0], latinWords(tokenize(t)))
			for _, h := range buf {
				c := counts[h]
				if c == nil {
					c = make([]float32, len(latinLangs))
					counts[h] = c
				}
				c[li]++
				totals[li]++
			}
		}
	}
	const alpha = 0.1
	v := float64(len(counts))
	// A sorted table rather than a map: a map of slices took 3.4 MB of the
	// idle server's memory (issue #17), the table takes a third of it.
	nl := len(latinLangs)
	m := &langModel{keys: make([]uint32, 0, len(counts)), logp: make([]float32, len(counts)*nl), unseen: make([]float32, nl)}
	for li := range latinLangs {
		m.unseen[li] = float32(math.Log(alpha / (totals[li] + alpha*v)))
	}
	for h := range counts {
		m.keys = append(m.keys, h)
	}
	slices.Sort(m.keys)
	m.bucket = make([]uint32, 1<<langBucketBits+1)
	for i := len(m.keys) - 1; i >= 0; i-- {
		m.bucket[m.keys[i]>>(hashBits-langBucketBits)] = uint32(i)
	}
	m.bucket[1<<langBucketBits] = uint32(len(m.keys))
	for b := 1<<langBucketBits - 1; b >= 0; b-- {
		if m.bucket[b] == 0 && (len(m.keys) == 0 || m.keys[0]>>(hashBits-langBucketBits) != uint32(b)) {
			m.bucket[b] = m.bucket[b+1] // empty: starts where the next one does
		}
	}
	for i, h := range m.keys {
		c := counts[h]
		for li := range latinLangs {
			m.logp[i*nl+li] = float32(math.Log((float64(c[li]) + alpha) / (totals[li] + alpha*v)))
		}
	}
	return m
}

// langBucketBits sizes the index into langModel.keys: a few keys per
// bucket, so that a lookup reads one or two cache lines where a binary search
// over all of them read sixteen.
const langBucketBits = 14

// find returns the index of key h, and whether it is there.
func (m *langModel) find(h uint32) (int, bool) {
	b := h >> (hashBits - langBucketBits) // features are hashes of hashBits bits (finish)
	if b >= 1<<langBucketBits {
		return 0, false
	}
	for i := m.bucket[b]; i < m.bucket[b+1]; i++ {
		if k := m.keys[i]; k >= h {
			return int(i), k == h
		}
	}
	return 0, false
}

// score returns per-language log-likelihoods of the Latin words and how many
// features were known to any language.
func (m *langModel) score(words []string) (ll []float64, known int) {
	ll = make([]float64, len(latinLangs))
	var buf [256]uint32
	feats := langFeatures(buf[:0], words)
	nl := len(latinLangs)
	for _, h := range feats {
		i, ok := m.find(h)
		if !ok {
			continue // unseen everywhere: no evidence either way
		}
		lp := m.logp[i*nl : i*nl+nl]
		known++
		for li := range ll {
			ll[li] += float64(lp[li])
		}
	}
	return ll, known
}

// identify picks the language of a message. prior is the conversation's
// language, kept unless the text clearly switches; def breaks ties.
func (e *model) identify(toks []token, prior, def string) string {
	if !validLang(def) {
		def = "en"
	}
	fallback := def
	if validLang(prior) {
		fallback = prior
	}
	var han, arm, latin int
	for _, t := range toks {
		switch {
		case t.kind == tokCJK:
			han++
		case t.kind != tokWord:
		case t.script == 'a':
			arm += utf8.RuneCountInString(t.text)
		case t.script == 'l':
			latin += utf8.RuneCountInString(t.text)
		}
	}
	// A Han character carries about a word's worth of meaning, so weigh it
	// against several Latin letters; same for Armenian against Latin.
	switch {
	case (han*4 >= latin || han >= 3) && han >= arm && han > 0:
		return "zh"
	case arm >= latin && arm > 0:
		return "hy"
	case latin == 0:
		return fallback
	}
	words := latinWords(toks)
	ll, known := e.lang.score(words)
	if known == 0 {
		return fallback
	}
	best, second := 0, -1
	for i := range ll {
		if ll[i] > ll[best] {
			best = i
		}
	}
	for i := range ll {
		if i != best && (second < 0 || ll[i] > ll[second]) {
			second = i
		}
	}
	margin := ll[best] - ll[second]
	// How far ahead the winner must be: short texts ("ok", "hi") are shared
	// by several languages, so they need more to overrule the conversation.
	if idx := latinIndex(prior); idx >= 0 {
		gap := ll[best] - ll[idx]
		if latin < 5 {
			return prior // "ok", "hi", "ja": every language says these
		}
		need := 6.0
		if latin >= 12 && len(words) >= 3 {
			need = 4.0
		}
		if idx == best || gap < need {
			return prior
		}
		return latinLangs[best]
	}
	if validLang(prior) {
		// Conversation in zh/hy-script... a Latin message switches only if clear.
		if latin < 6 || margin < 2 {
			return prior
		}
		return latinLangs[best]
	}
	if idx := latinIndex(def); idx >= 0 && ll[best]-ll[idx] < 1.0 {
		return def
	}
	return latinLangs[best]
}

func latinIndex(lang string) int {
	for i, l := range latinLangs {
		if l == lang {
			return i
		}
	}
	return -1
}

func validLang(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}
