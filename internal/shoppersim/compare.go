package shoppersim

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// LoadReport reads a report.json written by bench/shoppers.
func LoadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return &r, nil
}

// Comparison is what changed between a baseline run and this one, play by
// play (a play is a shopper and a run number; with the same seed both runs
// said the same words at every step).
type Comparison struct {
	SameSeed   bool     `json:"same_seed"`
	NowFailing []string `json:"now_failing"` // "id run N: failure"
	NowPassing []string `json:"now_passing"`
	Missing    int      `json:"missing"` // plays of the baseline not in this run
}

// Compare lists the plays whose outcome changed since the baseline.
func Compare(base, cur *Report) *Comparison {
	key := func(r Result) string { return fmt.Sprintf("%s run %d", r.ID, r.Run) }
	before := map[string]Result{}
	for _, r := range base.Shoppers {
		before[key(r)] = r
	}
	c := &Comparison{SameSeed: base.Seed == cur.Seed}
	seen := map[string]bool{}
	for _, r := range cur.Shoppers {
		k := key(r)
		b, ok := before[k]
		if !ok {
			continue
		}
		seen[k] = true
		switch {
		case b.Passed && !r.Passed:
			c.NowFailing = append(c.NowFailing, k+": "+r.Failure)
		case !b.Passed && r.Passed:
			c.NowPassing = append(c.NowPassing, k+" (was: "+b.Failure+")")
		}
	}
	c.Missing = len(before) - len(seen)
	sort.Strings(c.NowFailing)
	sort.Strings(c.NowPassing)
	return c
}

// WriteComparison prints the score changes per language and the plays that
// changed.
func WriteComparison(w io.Writer, base, cur *Report) {
	c := Compare(base, cur)
	fmt.Fprintf(w, "\ncompared with the baseline (seed %d", base.Seed)
	if !c.SameSeed {
		fmt.Fprint(w, ", another seed: other words")
	}
	fmt.Fprintln(w, "):")
	langs := append([]string{}, cur.Languages...)
	langs = append(langs, "all")
	for _, l := range langs {
		t, b := cur.ByLanguage[l], base.ByLanguage[l]
		if l == "all" {
			t, b = cur.Overall, base.Overall
		}
		if t == nil || b == nil {
			continue
		}
		fmt.Fprintf(w, "  %-4s purchases %s, availability %s, questions %s, loops %+d, search nDCG@5 %+.2f, chat nDCG@5 %+.2f\n", l,
			delta(t.PurchasesOK, t.Purchases, b.PurchasesOK, b.Purchases),
			delta(t.AvailableOK, t.Available, b.AvailableOK, b.Available),
			delta(t.QuestionsOK, t.Questions, b.QuestionsOK, b.Questions),
			t.Loops-b.Loops, t.SearchNDCG-b.SearchNDCG, t.ChatNDCG-b.ChatNDCG)
	}
	for _, s := range c.NowFailing {
		fmt.Fprintf(w, "  now failing: %s\n", trim(s, 200))
	}
	for _, s := range c.NowPassing {
		fmt.Fprintf(w, "  now passing: %s\n", trim(s, 200))
	}
	if c.Missing > 0 {
		fmt.Fprintf(w, "  %d plays of the baseline were not played this time\n", c.Missing)
	}
}

func delta(ok, n, bok, bn int) string {
	if n == 0 && bn == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%% (%+.0f)", 100*rate(ok, n), 100*(rate(ok, n)-rate(bok, bn)))
}
