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

// A plain English query, and one whose every word the vocabulary lists
// (but for a Malay head-first phrase), ranks exactly as it does without the
// fallbacks for words the vocabulary
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
		for _, q := range qs {
			switch {
			case q.Language == "en":
				english++
			case everyWordListed(q.Query):
				listed++
			default:
				continue
			}
			texts = append(texts, q.Query)
		}
		var before [][]Hit
		withoutFallbacks(func() {
			ix := BuildIndex(ps, 1)
			for _, text := range texts {
				hits, _ := ix.Search(Query{Text: text, Limit: 10})
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

// hitScores spells hits as id:score, a run of hits of equal score by id:
// the search leaves the order of ties open.
func hitScores(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%d:%.6f", h.ID, h.Score)
	}
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && fmt.Sprintf("%.6f", hs[j].Score) == fmt.Sprintf("%.6f", hs[i].Score) {
			j++
		}
		slices.Sort(out[i:j])
		i = j
	}
	return out
}

// everyWordListed reports whether the vocabulary reads every word of text
// that is not a stop word. A Malay phrase of two kinds ("botol shaker") is
// left out: reading its second kind as what the first goes with is the one
// change the fallbacks make to listed words, on purpose.
func everyWordListed(text string) bool {
	for _, m := range vocab.Default().Match(text, true) {
		if m.Modifier {
			return false
		}
	}
	var ms []vocab.Match
	withoutFallbacks(func() { ms = vocab.Default().Match(text, true) })
	words := fold.Words(text)
	read := make([]bool, len(words))
	for _, m := range ms {
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

// loanShop is a made-up shop whose product words no vocabulary lists
// (flurbation, zantronic, shorvanic, cenciral): only the way each language
// spells a loanword can find them.
func loanShop() []Product {
	v := func(sku string) []Variant { return []Variant{{SKU: sku, Price: eur("12.00"), Stock: 3}} }
	return []Product{
		{ID: 1, Handle: "flurbation-kit", Title: "Flurbation Kit", Type: "Kits", Status: StatusActive, Variants: v("L1")},
		{ID: 2, Handle: "zantronic-dial", Title: "Zantronic Dial", Type: "Dials", Status: StatusActive, Variants: v("L2")},
		{ID: 3, Handle: "shorvanic-oil", Title: "Shorvanic Oil", Type: "Oils", Status: StatusActive, Variants: v("L3")},
		{ID: 4, Handle: "cenciral-lamp", Title: "Cenciral Lamp", Type: "Lamps", Status: StatusActive, Variants: v("L4")},
		{ID: 5, Handle: "plain-dial", Title: "Brass Dial", Type: "Dials", Status: StatusActive, Variants: v("L5")},
		{ID: 6, Handle: "gooseneck-kettle", Title: "Gooseneck Kettle", Type: "Kettles", Status: StatusActive, Variants: v("L6")},
		{ID: 7, Handle: "stoneware-mug", Title: "Stoneware Mug", Type: "Mugs", Status: StatusActive, Variants: v("L7")},
		{ID: 8, Handle: "camera-strap", Title: "Camera Strap", Type: "Straps", Status: StatusActive, Variants: v("L8")},
		{ID: 9, Handle: "guitar-strap", Title: "Woven Guitar Strap", Type: "Straps", Status: StatusActive, Variants: v("L9")},
		{ID: 10, Handle: "kids-backpack", Title: "Kids Backpack 10 l", Type: "Backpacks", Status: StatusActive, Variants: v("L10")},
		{ID: 11, Handle: "tote", Title: "Canvas Tote", Type: "Bags", Status: StatusActive, Variants: v("L11")},
		{ID: 12, Handle: "shorvanisation-set", Title: "Shorvanisation Set", Type: "Sets", Status: StatusActive, Variants: v("L12")},
	}
}

func TestSearch_OwnLanguageWordsFindTheCataloguesLoanwords(t *testing.T) {
	ix := BuildIndex(loanShop(), 1)
	tests := []struct {
		name, text string
		first      int64
	}{
		{"Malay -si is English -tion", "flurbasi", 1},
		{"Dutch -tie is English -tion", "flurbatie", 1},
		{"Norwegian -sjon is English -tion", "flurbasjon", 1},
		{"Armenian typed in Latin -cia is English -tion", "flurbacia", 1},
		{"Dutch -isch is English -ic", "zantronisch", 2},
		{"Norwegian sj is English sh, -isk is -ic", "sjorvanisk", 3},
		{"Malay sy is English sh, -si is -tion", "syorvanisasi", 12},
		{"c before e and i is said s", "sensiral", 4},
		{"a Chinese word ending in 壶 is a kettle or pot, not a mug", "咕噜壶", 6},
		{"a Dutch diminutive of a kind is that kind", "flapperbekertje", 7},
		{"an Armenian genitive says what the thing named goes with", "kitari strap", 9},
		{"the same in Armenian letters", "կիթառի strap", 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, _ := ix.Search(Query{Text: tt.text, Limit: 5})
			if len(hits) == 0 || hits[0].ID != tt.first {
				t.Errorf("%q: got %v, want %d first", tt.text, ids(hits), tt.first)
			}
		})
	}
}

// A wrong fallback is worse than none: a word no rule reads finds nothing,
// and a genitive alone, with nothing else read, offers nothing either.
func TestSearch_OwnLanguageFallbacksOfferNothingWhenUnsure(t *testing.T) {
	ix := BuildIndex(loanShop(), 1)
	for _, tt := range []struct{ why, text string }{
		{"a made-up word with no catalogue word near it", "blorpvasi"},
		{"two loan rules and an edit away is too far", "zontranisk"},
		{"a genitive beside a word nothing reads", "kitari uzhegacucich"},
		{"Chinese characters ending in no head", "咕噜机"},
	} {
		if hits, _ := ix.Search(Query{Text: tt.text, Limit: 5}); len(hits) != 0 {
			t.Errorf("%s: %q found %v", tt.why, tt.text, ids(hits))
		}
	}
}

// Malay names the thing first and then what it is for: "beg ukulele" is a
// bag for a ukulele, not a ukulele.
func TestSearch_MalayPhraseIsTheKindItNamesFirst(t *testing.T) {
	v := []Variant{{SKU: "U", Price: eur("30.00"), Stock: 2}}
	ix := BuildIndex([]Product{
		{ID: 1, Handle: "soprano-ukulele", Title: "Soprano Ukulele", Type: "Ukuleles", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "ukulele-gig-bag", Title: "Ukulele Gig Bag", Type: "Gig Bags", Status: StatusActive, Variants: v},
		{ID: 3, Handle: "concert-ukulele", Title: "Concert Ukulele", Type: "Ukuleles", Status: StatusActive, Variants: v},
	}, 1)
	hits, _ := ix.Search(Query{Text: "beg ukulele", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 2 {
		t.Errorf("got %v, want the gig bag first", ids(hits))
	}
}
