package shoppersim

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
)

// PlayAll plays every shopper runs times (run r uses the same seed and run
// number r, so a run is reproducible in its wording), parallel at a time, and
// returns the results in the order of shoppers and runs.
func PlayAll(ctx context.Context, c *Client, shoppers []Shopper, seed int64, runs, parallel int, opt Options, progress func(Result)) []Result {
	if runs < 1 {
		runs = 1
	}
	if parallel < 1 {
		parallel = 1
	}
	results := make([]Result, len(shoppers)*runs)
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := Play(ctx, c, shoppers[i/runs], seed, i%runs, opt)
				results[i] = r
				if progress != nil {
					mu.Lock()
					progress(r)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range results {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// RetrieveAll scores the queries of one catalogue, parallel at a time.
func RetrieveAll(ctx context.Context, c *Client, catalog string, qs []Query, parallel int) []QueryResult {
	if parallel < 1 {
		parallel = 1
	}
	out := make([]QueryResult, len(qs))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = Retrieve(ctx, c, catalog, q)
		}()
	}
	wg.Wait()
	return out
}

// Tally adds up results of one language (or all of them).
type Tally struct {
	Shoppers     int     `json:"shoppers"`
	Passed       int     `json:"passed"`
	Purchases    int     `json:"purchases"`
	PurchasesOK  int     `json:"purchases_ok"`
	Available    int     `json:"available"`
	AvailableOK  int     `json:"available_ok"`
	Questions    int     `json:"questions"`
	QuestionsOK  int     `json:"questions_ok"`
	Loops        int     `json:"loops"`
	Errors       int     `json:"errors"`
	Messages     int     `json:"messages"`
	Queries      int     `json:"queries"`
	SearchTop1   float64 `json:"search_success_at_1"`
	SearchNDCG   float64 `json:"search_ndcg_at_5"`
	ChatTop1     float64 `json:"chat_success_at_1"`
	ChatNDCG     float64 `json:"chat_ndcg_at_5"`
	searchTop1N  int
	chatTop1N    int
	searchNDCGSm float64
	chatNDCGSm   float64
}

// PurchaseRate is the share of purchase shoppers with exactly the right paid order.
func (t *Tally) PurchaseRate() float64 { return rate(t.PurchasesOK, t.Purchases) }

func (t *Tally) addResult(r Result) {
	t.Shoppers++
	t.Messages += r.Messages
	if r.Passed {
		t.Passed++
	}
	if r.Kind == KindPurchase {
		t.Purchases++
		if r.PurchaseOK {
			t.PurchasesOK++
		}
	}
	if r.Loop != "" {
		t.Loops++
	}
	if r.Error != "" {
		t.Errors++
	}
	for _, c := range r.Checks {
		switch c.Kind {
		case CheckAvailable:
			t.Available++
			if c.OK {
				t.AvailableOK++
			}
		case CheckNoFallback, CheckMentions:
			t.Questions++
			if c.OK {
				t.QuestionsOK++
			}
		}
	}
}

func (t *Tally) addQuery(q QueryResult) {
	t.Queries++
	if q.SearchTop1 {
		t.searchTop1N++
	}
	if q.ChatTop1 {
		t.chatTop1N++
	}
	t.searchNDCGSm += q.SearchNDCG
	t.chatNDCGSm += q.ChatNDCG
	n := float64(t.Queries)
	t.SearchTop1 = float64(t.searchTop1N) / n
	t.ChatTop1 = float64(t.chatTop1N) / n
	t.SearchNDCG = t.searchNDCGSm / n
	t.ChatNDCG = t.chatNDCGSm / n
}

// Report is the outcome of a suite run.
type Report struct {
	Suite      string            `json:"suite"`
	Batch      string            `json:"batch"`
	Seed       int64             `json:"seed"`
	Runs       int               `json:"runs"`
	Languages  []string          `json:"languages"`
	ByLanguage map[string]*Tally `json:"by_language"`
	ByCover    map[string]*Tally `json:"by_cover"`
	Overall    *Tally            `json:"overall"`
	Causes     map[string]int    `json:"causes"` // failed shoppers by Result.Cause
	// Stability is over shoppers played more than once: how many passed
	// every run, some runs, or none. Passing only some means the outcome
	// hangs on the wording.
	Stability *Stability `json:"stability,omitempty"`
	// TurnMS are percentiles of the time the server took to answer one
	// shopper message, all plays together (measured under -parallel load).
	TurnMS   map[string]int64 `json:"turn_ms,omitempty"`
	Shoppers []Result         `json:"shoppers"`
	Queries  []QueryResult    `json:"queries"`
}

// NewReport adds up shopper and query results.
func NewReport(suite, batch string, seed int64, runs int, rs []Result, qs []QueryResult) *Report {
	rep := &Report{Suite: suite, Batch: batch, Seed: seed, Runs: runs,
		ByLanguage: map[string]*Tally{}, ByCover: map[string]*Tally{}, Overall: &Tally{}, Causes: map[string]int{},
		Shoppers: rs, Queries: qs}
	lang := func(l string) *Tally {
		t, ok := rep.ByLanguage[l]
		if !ok {
			t = &Tally{}
			rep.ByLanguage[l] = t
			rep.Languages = append(rep.Languages, l)
		}
		return t
	}
	for _, r := range rs {
		lang(r.Language).addResult(r)
		rep.Overall.addResult(r)
		if !r.Passed {
			rep.Causes[r.Cause]++
		}
		for _, c := range r.Covers {
			t, ok := rep.ByCover[c]
			if !ok {
				t = &Tally{}
				rep.ByCover[c] = t
			}
			t.addResult(r)
		}
	}
	rep.Stability = stability(rs)
	var turns []int64
	for _, r := range rs {
		turns = append(turns, r.TurnMS...)
	}
	if len(turns) > 0 {
		sort.Slice(turns, func(i, j int) bool { return turns[i] < turns[j] })
		pct := func(p float64) int64 { return turns[int(p*float64(len(turns)-1))] }
		rep.TurnMS = map[string]int64{"p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99), "max": turns[len(turns)-1]}
	}
	for _, q := range qs {
		lang(q.Language).addQuery(q)
		rep.Overall.addQuery(q)
	}
	sort.Strings(rep.Languages)
	return rep
}

// Stability counts shoppers by how their runs went.
type Stability struct {
	Shoppers int      `json:"shoppers"`
	All      int      `json:"passed_every_run"`
	Some     int      `json:"passed_some_runs"`
	None     int      `json:"passed_no_run"`
	Flaky    []string `json:"flaky,omitempty"` // ids of those that passed some runs
}

func stability(rs []Result) *Stability {
	type count struct{ runs, passed int }
	by := map[string]*count{}
	var ids []string
	for _, r := range rs {
		c, ok := by[r.ID]
		if !ok {
			c = &count{}
			by[r.ID] = c
			ids = append(ids, r.ID)
		}
		c.runs++
		if r.Passed {
			c.passed++
		}
	}
	st := &Stability{}
	for _, id := range ids {
		c := by[id]
		if c.runs < 2 {
			continue
		}
		st.Shoppers++
		switch c.passed {
		case c.runs:
			st.All++
		case 0:
			st.None++
		default:
			st.Some++
			st.Flaky = append(st.Flaky, id)
		}
	}
	if st.Shoppers == 0 {
		return nil
	}
	sort.Strings(st.Flaky)
	return st
}

func rate(ok, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}

func frac(ok, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %.0f%%", ok, n, 100*rate(ok, n))
}

func metric(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}

// WriteTable prints the scores per language and overall, then per cover.
func (rep *Report) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "lang\tplays\tpassed\tpurchases\tavailability\tquestions\tloops\terrors\tqueries\tsearch s@1\tsearch nDCG@5\tchat s@1\tchat nDCG@5")
	row := func(name string, t *Tally) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", name, t.Shoppers,
			frac(t.Passed, t.Shoppers), frac(t.PurchasesOK, t.Purchases), frac(t.AvailableOK, t.Available),
			frac(t.QuestionsOK, t.Questions), t.Loops, t.Errors, t.Queries,
			metric(t.SearchTop1, t.Queries), metric(t.SearchNDCG, t.Queries),
			metric(t.ChatTop1, t.Queries), metric(t.ChatNDCG, t.Queries))
	}
	for _, l := range rep.Languages {
		row(l, rep.ByLanguage[l])
	}
	row("all", rep.Overall)
	tw.Flush()
	if st := rep.Stability; st != nil {
		flaky := ""
		if len(st.Flaky) > 0 {
			flaky = " (" + strings.Join(st.Flaky, " ") + ")"
		}
		fmt.Fprintf(w, "\nover %d runs: %d of %d shoppers passed every run, %d some%s, %d none\n",
			rep.Runs, st.All, st.Shoppers, st.Some, flaky, st.None)
	}
	if rep.TurnMS != nil {
		fmt.Fprintf(w, "turn time: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms\n",
			rep.TurnMS["p50"], rep.TurnMS["p90"], rep.TurnMS["p99"], rep.TurnMS["max"])
	}
	if len(rep.Causes) > 0 {
		var cs []string
		for c := range rep.Causes {
			cs = append(cs, c)
		}
		sort.Slice(cs, func(i, j int) bool {
			if rep.Causes[cs[i]] != rep.Causes[cs[j]] {
				return rep.Causes[cs[i]] > rep.Causes[cs[j]]
			}
			return cs[i] < cs[j]
		})
		fmt.Fprint(w, "\nfailed shoppers by cause:")
		for _, c := range cs {
			fmt.Fprintf(w, " %s %d;", c, rep.Causes[c])
		}
		fmt.Fprintln(w)
	}
	if len(rep.ByCover) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "covers\tplays\tpassed\tpurchases")
	var cs []string
	for c := range rep.ByCover {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	for _, c := range cs {
		t := rep.ByCover[c]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", c, t.Shoppers, frac(t.Passed, t.Shoppers), frac(t.PurchasesOK, t.Purchases))
	}
	tw.Flush()
}

// WriteFailures writes, for every shopper that did not pass, its failure
// and full transcript, readable as plain text.
func (rep *Report) WriteFailures(w io.Writer) {
	for _, r := range rep.Shoppers {
		if r.Passed {
			continue
		}
		WriteTranscript(w, r)
		fmt.Fprintln(w)
	}
	for _, q := range rep.Queries {
		if q.SearchTop1 && q.ChatTop1 && q.Error == "" {
			continue
		}
		fmt.Fprintf(w, "== query %s [%s] %q: search %v (s@1 %t, nDCG %.2f); chat %v (s@1 %t, nDCG %.2f)", q.ID, q.Language, q.Query,
			q.Search, q.SearchTop1, q.SearchNDCG, q.Chat, q.ChatTop1, q.ChatNDCG)
		if q.Error != "" {
			fmt.Fprintf(w, "; error: %s", q.Error)
		}
		fmt.Fprintln(w)
	}
}

// WriteTranscript writes one shopper's outcome and transcript.
func WriteTranscript(w io.Writer, r Result) {
	status := "PASS"
	if !r.Passed {
		status = "FAIL: " + r.Failure
	}
	fmt.Fprintf(w, "== %s (%s, %s, run %d, seed %d, covers %s) %s\n", r.ID, r.Kind, r.Language, r.Run, r.Seed,
		strings.Join(r.Covers, ","), status)
	fmt.Fprintf(w, "   conversation %s", r.Conversation)
	if len(r.Emails) > 0 {
		fmt.Fprintf(w, ", e-mail %s", strings.Join(r.Emails, ", "))
	}
	fmt.Fprintln(w)
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		where := "end"
		if c.Step > 0 {
			where = fmt.Sprintf("step %d", c.Step)
		}
		fmt.Fprintf(w, "   %s %s %s %s\n", mark, where, c.Kind, c.Detail)
	}
	for _, l := range r.Transcript {
		fmt.Fprintf(w, "   %s\n", FormatLine(l))
	}
}

// FormatLine renders one transcript line.
func FormatLine(l Line) string {
	var b strings.Builder
	switch {
	case l.From == "shopper" && l.Tapped != "":
		fmt.Fprintf(&b, "shopper taps [%s]", l.Tapped)
	case l.From == "shopper":
		fmt.Fprintf(&b, "shopper: %s", l.Text)
	case l.From == "sim":
		fmt.Fprintf(&b, "-- %s", l.Text)
	default:
		fmt.Fprintf(&b, "%s", l.From)
		if l.Type != "" && l.Type != "text" {
			fmt.Fprintf(&b, " (%s)", l.Type)
		}
		b.WriteString(":")
		if l.Text != "" {
			b.WriteString(" " + strings.ReplaceAll(l.Text, "\n", " / "))
		}
	}
	if l.NLU != "" {
		fmt.Fprintf(&b, "   {%s}", l.NLU)
	}
	if l.Fallback {
		b.WriteString("   {FALLBACK}")
	}
	if len(l.Items) > 0 {
		fmt.Fprintf(&b, " items: %s", strings.Join(l.Items, "; "))
	}
	if l.URL != "" {
		fmt.Fprintf(&b, " <%s %s>", l.Purpose, l.URL)
	}
	if len(l.Options) > 0 {
		fmt.Fprintf(&b, " options: [%s]", strings.Join(l.Options, " | "))
	}
	if l.Input != "" {
		fmt.Fprintf(&b, " input: %s", l.Input)
	}
	return b.String()
}
