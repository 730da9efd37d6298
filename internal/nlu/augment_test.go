package nlu

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestAugment_CopiesAreDeterministicAndKeepTheIntent(t *testing.T) {
	ex := []Example{
		{Lang: "en", Intent: "order_status", Text: "where is my order, it was due on Monday"},
		{Lang: "nl", Intent: "return_item", Text: "ik wil deze schoenen terugsturen"},
		{Lang: "zh", Intent: "cancel_order", Text: "我想取消订单"},
		{Lang: "hy", Intent: "product_search", Text: "ունե՞ք սև վազքի կոշիկներ"},
	}
	a, b := augmentExamples(ex), augmentExamples(ex)
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("copies differ between runs or are missing: %v / %v", a, b)
	}
	for _, c := range a {
		i := slices.IndexFunc(ex, func(e Example) bool { return e.Lang == c.Lang })
		if c.Intent != ex[i].Intent || c.Text == ex[i].Text {
			t.Errorf("copy %+v of %+v: intent changed or text the same", c, ex[i])
		}
	}
}

func TestAugment_SmallTalkIsNeverWrapped(t *testing.T) {
	wrappers := map[string]bool{}
	for _, w := range augWrap["en"].pre {
		wrappers[strings.TrimSuffix(w, ",")] = true
	}
	for _, w := range augWrap["en"].post {
		wrappers[w] = true
	}
	for seed := range uint64(200) {
		got := augmentText("yes please", "en", "affirm", rand.New(rand.NewPCG(seed, 1)))
		for _, w := range strings.Fields(got) {
			if w != "yes" && w != "please" && wrappers[strings.TrimSuffix(w, ",")] {
				t.Fatalf("seed %d: affirm wrapped: %q", seed, got)
			}
		}
	}
}

func TestAugTypo_ChangesOneLongWordOnly(t *testing.T) {
	words := []string{"i", "want", "to", "return", "it"}
	for seed := range uint64(50) {
		got := augTypo(words, rand.New(rand.NewPCG(seed, 2)))
		changed := 0
		for i := range words {
			if got[i] != words[i] {
				changed++
				if len([]rune(words[i])) < 4 || got[i][0] != words[i][0] {
					t.Errorf("seed %d: %q → %q", seed, words[i], got[i])
				}
			}
		}
		if changed > 1 {
			t.Errorf("seed %d: %d words changed: %v", seed, changed, got)
		}
	}
}

func TestClauses_SplitAtCommasDashesAndQuotes(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"where is my order", nil},
		{"> shall we send it to the same address? yep", []string{"shall we send it to the same address", "yep"}},
		{"Good afternoon, I need terracotta pots", []string{"Good afternoon", "I need terracotta pots"}},
		{"your parcel is delayed — so where is it", []string{"your parcel is delayed", "so where is it"}},
		{"a T-shirt in size M", nil}, // a hyphen inside a word is no break
		{"你好，我想退货", []string{"你好", "我想退货"}},
	} {
		toks := tokenize(tc.text)
		var got []string
		for _, c := range clauses(toks) {
			var w []string
			for _, t := range toks[c[0]:c[1]] {
				if t.kind != tokPunct {
					w = append(w, t.text)
				}
			}
			sep := " "
			if strings.ContainsFunc(tc.text, isCJK) {
				sep = ""
			}
			got = append(got, strings.Join(w, sep))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("clauses(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestParse_UnsureMessageLeansTowardsItsSurestClause(t *testing.T) {
	e := testEngine(t)
	// The quoted line of ours leaves the model unsure; the clause "yep" is
	// what the shopper said, and re-reading must move the answer towards it.
	text := "> shall we send it to the same address? yep"
	conf := func(r Result, intent string) float64 {
		for _, s := range r.IntentRanking {
			if s.Name == intent {
				return s.Confidence
			}
		}
		return 0
	}
	clauseOn = false
	before := e.Parse(text, ParseParams{Lang: "en"})
	clauseOn = true
	if before.Intent.Confidence >= clauseTau {
		t.Skipf("the whole message is already sure without re-reading (%v): nothing to test", before.Intent)
	}
	after := e.Parse(text, ParseParams{Lang: "en"})
	if conf(after, "affirm") <= conf(before, "affirm")+0.05 {
		t.Errorf("Parse(%q): affirm %.2f after re-reading, %.2f before; want it higher", text, conf(after, "affirm"), conf(before, "affirm"))
	}
}
