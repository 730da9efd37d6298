package catalog

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// withoutFallbacks runs f with the readings of words the vocabulary does
// not list turned off. Tests of this package do not run in parallel.
func withoutFallbacks(f func()) {
	vocab.Fallbacks = false
	defer func() { vocab.Fallbacks = true }()
	f()
}

// A plain English query, and one whose every word the vocabulary lists,
// ranks exactly as it does without the fallbacks for words the vocabulary
// lacks: the fallbacks only read words nothing else reads. Checked on the
// regression catalogues (not beauty and gadgets, the dev pair).
func TestSearch_EnglishAndListedWordsRankAsWithoutFallbacks(t *testing.T) {
	suite := filepath.Join("..", "app", "testdata", "suites")
	files, err := filepath.Glob(filepath.Join(suite, "retrieval", "*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no retrieval suite at %s", suite)
	}
	english, listed := 0, 0
	for _, f := range files {
		cat := strings.TrimSuffix(filepath.Base(f), ".json")
		if cat == "beauty" || cat == "gadgets" {
			continue
		}
		cf, err := os.Open(filepath.Join(suite, "catalogs", cat+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		ps, _, err := ParseShopifyCSV(cf, "EUR")
		cf.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i := range ps {
			ps[i].ID = int64(i + 1)
		}
		var qs []struct{ Language, Query string }
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &qs); err != nil {
			t.Fatal(err)
		}
		var texts []string
		var before [][]Hit
		withoutFallbacks(func() {
			ix := BuildIndex(ps, 1)
			for _, q := range qs {
				if q.Language != "en" && !everyWordListed(ix, q.Query) {
					continue
				}
				if q.Language == "en" {
					english++
				} else {
					listed++
				}
				hits, _ := ix.Search(Query{Text: q.Query, Limit: 10})
				texts = append(texts, q.Query)
				before = append(before, hits)
			}
		})
		ix := BuildIndex(ps, 1)
		for i, text := range texts {
			after, _ := ix.Search(Query{Text: text, Limit: 10})
			if fmt.Sprint(hitScores(after)) != fmt.Sprint(hitScores(before[i])) {
				t.Errorf("%s %q:\n after  %v\n before %v", cat, text, hitScores(after), hitScores(before[i]))
			}
		}
	}
	t.Logf("%d English and %d listed-word queries", english, listed)
	if english < 50 || listed < 50 {
		t.Errorf("only %d English and %d listed-word queries compared", english, listed)
	}
}

func hitScores(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%d:%.6f", h.ID, h.Score)
	}
	return out
}

// everyWordListed reports whether the vocabulary reads every word of text
// that is not a stop word.
func everyWordListed(ix *Index, text string) bool {
	words := fold.Words(text)
	read := make([]bool, len(words))
	for _, m := range ix.voc.Match(text, true) {
		for k := m.Start; k < m.End; k++ {
			read[k] = true
		}
	}
	for i, w := range words {
		if !read[i] && slices.ContainsFunc(Terms(w), func(t string) bool { return !stopWords[t] }) {
			return false
		}
	}
	return true
}
