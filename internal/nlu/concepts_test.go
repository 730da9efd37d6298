package nlu

import (
	"bufio"
	"slices"
	"strings"
	"testing"
)

func TestSupportConcepts_FileIsWellFormed(t *testing.T) {
	f, err := data.Open("data/support/concepts.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || !slices.Contains(Languages, cols[1]) {
			t.Errorf("line %d: want concept, a language and phrases, tab-separated: %q", n, line)
		}
	}
}

func TestSupportConcepts_SameConceptInEveryLanguage(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"en", "where is my refund"},
		{"nl", "wanneer komt de terugbetaling"},
		{"ms", "bila duit balik masuk"},
		{"zh", "什么时候退款"},
		{"nb", "når kommer refusjonen"},
		{"hy", "երբ կստանամ գումարի վերադարձը"},
		{"hy", "gumar@ het erb kstanam"},
	} {
		got := conceptFeatures(nil, tokenize(c.text), c.lang)
		want := conceptFeatures(nil, tokenize("refund"), "en")
		if len(got) == 0 || !slices.Contains(got, want[0]) {
			t.Errorf("%s %q: no refund concept", c.lang, c.text)
		}
	}
	if got := conceptFeatures(nil, tokenize("what colours does it come in"), "en"); len(got) != 0 {
		t.Errorf("a product question named %d support concepts, want none", len(got))
	}
}
