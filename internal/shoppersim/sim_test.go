package shoppersim

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const sampleSuite = "testdata/suite"

func loadSample(t *testing.T) *Suite {
	t.Helper()
	s, err := Load(sampleSuite, "sample", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Shoppers) != 3 {
		t.Fatalf("sample suite: %d shoppers, want 3", len(s.Shoppers))
	}
	return s
}

// startShop starts the fake shop with the sample catalogue imported.
func startShop(t *testing.T, s *Suite) (*fakeShop, *Client) {
	t.Helper()
	f := newFakeShop(t)
	c := f.client()
	if _, err := c.Import(context.Background(), s.Catalogs["mini"].CSV); err != nil {
		t.Fatal(err)
	}
	return f, c
}

func shopper(t *testing.T, s *Suite, id string) Shopper {
	t.Helper()
	for _, sh := range s.Shoppers {
		if sh.ID == id {
			return sh
		}
	}
	t.Fatalf("no shopper %s", id)
	return Shopper{}
}

func failures(r Result) string {
	var b bytes.Buffer
	WriteTranscript(&b, r)
	return b.String()
}

func TestPlay_ScriptedShoppersPass(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	for seed := int64(1); seed <= 4; seed++ {
		for _, sh := range s.Shoppers {
			r := Play(context.Background(), c, sh, seed, 0, Options{})
			if !r.Passed {
				t.Fatalf("seed %d: %s did not pass:\n%s", seed, sh.ID, failures(r))
			}
			if sh.Kind == KindPurchase && !r.PurchaseOK {
				t.Errorf("seed %d: %s passed without a right purchase", seed, sh.ID)
			}
			if len(r.Checks) == 0 {
				t.Errorf("seed %d: %s: no checks made", seed, sh.ID)
			}
		}
	}
}

func TestPlay_WrongQuantityIsAFailure(t *testing.T) {
	s := loadSample(t)
	f, c := startShop(t, s)
	f.ignoreQuantity = true
	r := Play(context.Background(), c, shopper(t, s, "mini-en-001"), 1, 0, Options{})
	if r.Passed || r.PurchaseOK {
		t.Fatalf("a paid order of 1 instead of 2 passed:\n%s", failures(r))
	}
	if !strings.Contains(r.Failure, "order") || !strings.Contains(r.Failure, "MS-GRY-L×1") || !strings.Contains(r.Failure, "MS-GRY-L×2") {
		t.Errorf("failure %q does not say what was wanted and what was paid", r.Failure)
	}
	if r.Cause != "order/wrong_lines" {
		t.Errorf("cause %q, want order/wrong_lines", r.Cause)
	}
}

func TestPlay_ExpectationOfAnotherVariantFails(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := shopper(t, s, "mini-en-002")
	sh.Steps[0].Expect = &StepExpect{Available: &Availability{SKU: "AR-RED", InStock: true}}
	r := Play(context.Background(), c, sh, 1, 0, Options{})
	if r.Passed {
		t.Fatalf("a sold-out variant expected in stock passed:\n%s", failures(r))
	}
	if !strings.Contains(r.Failure, "step 1 available") || !strings.Contains(r.Failure, "in_stock=false") {
		t.Errorf("failure %q does not say what was shown", r.Failure)
	}
}

func TestPlay_MentionsAndFallbackAreChecked(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := Shopper{ID: "q", Catalog: "mini", Language: "en", Kind: KindQuestion, Steps: []Step{
		{Say: []string{"do you sell bicycles?"}, Expect: &StepExpect{NoFallback: true}},
		{Say: []string{"how much is shipping?"}, Expect: &StepExpect{Mentions: []string{"7.50"}}},
	}}
	r := Play(context.Background(), c, sh, 1, 0, Options{})
	var got []string
	for _, ch := range r.Checks {
		got = append(got, fmt.Sprintf("%d %s %t", ch.Step, ch.Kind, ch.OK))
	}
	want := []string{"1 no_fallback false", "2 mentions false"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("checks %v, want %v\n%s", got, want, failures(r))
	}
	if !strings.Contains(failures(r), "{FALLBACK}") {
		t.Errorf("the transcript does not mark the fallback:\n%s", failures(r))
	}
}

func TestPlay_DetectsLoops(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	tests := []struct {
		name     string
		steps    int
		opt      Options
		wantMsgs int
		wantLoop string
	}{
		{"the same answer three turns in a row", 10, Options{}, 3, "same 3 turns"},
		{"too many shopper messages", 10, Options{MaxMessages: 2, Repeats: 5}, 2, "more than 2 shopper messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := Shopper{ID: "loop", Catalog: "mini", Language: "en", Kind: KindQuestion}
			for i := 0; i < tt.steps; i++ {
				sh.Steps = append(sh.Steps, Step{Say: []string{"blorp wibble"}, Expect: &StepExpect{NoFallback: true}})
			}
			r := Play(context.Background(), c, sh, 1, 0, tt.opt)
			if !strings.Contains(r.Loop, tt.wantLoop) {
				t.Fatalf("loop %q, want it to say %q\n%s", r.Loop, tt.wantLoop, failures(r))
			}
			if r.Cause != "loop" {
				t.Errorf("cause %q, want loop", r.Cause)
			}
			if r.Passed || r.Messages != tt.wantMsgs {
				t.Errorf("passed %t after %d messages, want a failure after %d", r.Passed, r.Messages, tt.wantMsgs)
			}
			// Steps never reached still count, as failed.
			if len(r.Checks) != tt.steps {
				t.Errorf("%d checks, want %d (one per step, reached or not)", len(r.Checks), tt.steps)
			}
		})
	}
}

func TestPlay_StopsAnsweringAfterMaxAnswers(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := shopper(t, s, "mini-en-001")
	r := Play(context.Background(), c, sh, 1, 0, Options{MaxAnswers: 1})
	if r.PurchaseOK {
		t.Fatalf("bought with one answer per step allowed; the checkout needs three:\n%s", failures(r))
	}
	if !strings.Contains(failures(r), "stops answering after 1 questions") {
		t.Errorf("the transcript does not say why the shopper stopped:\n%s", failures(r))
	}
}

func firstWords(r Result) string {
	var said []string
	for _, l := range r.Transcript {
		if l.From == "shopper" {
			said = append(said, l.Text)
		}
	}
	return strings.Join(said, " | ")
}

func TestPlay_ParaphrasesVaryWithTheSeedAndRepeatWithIt(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := shopper(t, s, "mini-en-001")
	seen := map[string]bool{}
	for seed := int64(1); seed <= 8; seed++ {
		a := Play(context.Background(), c, sh, seed, 0, Options{})
		b := Play(context.Background(), c, sh, seed, 0, Options{})
		wa, wb := firstWords(a), firstWords(b)
		// The e-mail tag differs on purpose; everything else must not.
		strip := func(s string) string { return emailRegex.ReplaceAllString(s, "E") }
		if strip(wa) != strip(wb) {
			t.Errorf("seed %d said different things:\n%s\n%s", seed, wa, wb)
		}
		seen[strip(wa)] = true
	}
	if len(seen) < 3 {
		t.Errorf("8 seeds gave %d different wordings, want at least 3: %v", len(seen), seen)
	}
}

func TestNoise_KeepsTheMeaning(t *testing.T) {
	canon := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		return strings.TrimRight(s, ".!?。？！։")
	}
	texts := []string{"Do you have wool socks?", "两双，谢谢。", "Ունե՞ք վազքի կոշիկներ։", "Mail me at Tom@Example.net."}
	changed := 0
	for seed := uint64(0); seed < 50; seed++ {
		p := &player{}
		rng := newRand(int64(seed), "x", 0)
		for _, s := range texts {
			n := p.noisy(rng, s)
			if canon(n) != canon(s) {
				t.Fatalf("noise changed %q into %q", s, n)
			}
			if strings.Contains(s, "@") && strings.Contains(n, "tom@example") {
				t.Fatalf("noise lower-cased an e-mail address: %q", n)
			}
			if n != s {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Error("noise never changed anything")
	}
}

func TestPlay_EmailsAreUniquePerPlay(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := shopper(t, s, "mini-en-001")
	var mu sync.Mutex
	seen := map[string]bool{}
	rs := PlayAll(context.Background(), c, []Shopper{sh, sh}, 7, 3, 3, Options{}, nil)
	for _, r := range rs {
		if !r.PurchaseOK {
			t.Fatalf("a play failed, so its order was not found apart:\n%s", failures(r))
		}
		if len(r.Emails) != 1 {
			t.Fatalf("e-mails %v, want one", r.Emails)
		}
		e := r.Emails[0]
		if !strings.HasPrefix(e, "tom.kerr+r") || !strings.HasSuffix(e, "@example.net") {
			t.Errorf("e-mail %q is not the shopper's with a tag", e)
		}
		mu.Lock()
		if seen[e] {
			t.Errorf("e-mail %s used twice", e)
		}
		seen[e] = true
		mu.Unlock()
	}
	if len(rs) != 6 {
		t.Errorf("%d results, want 2 shoppers × 3 runs", len(rs))
	}
}

func TestNDCG(t *testing.T) {
	rel := map[string]int{"a": 2, "b": 1}
	tests := []struct {
		hits []string
		want float64
		top1 bool
	}{
		{[]string{"a", "b"}, 1, true},
		{[]string{"b", "a"}, (1 + 3/math.Log2(3)) / (3 + 1/math.Log2(3)), false},
		{[]string{"x", "y", "z", "w", "v", "a"}, 0, false},
		{nil, 0, false},
		{[]string{"x", "a"}, (3 / math.Log2(3)) / (3 + 1/math.Log2(3)), false},
	}
	for _, tt := range tests {
		if got := NDCG(tt.hits, rel, K); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("NDCG(%v) = %v, want %v", tt.hits, got, tt.want)
		}
		if got := SuccessAt1(tt.hits, rel); got != tt.top1 {
			t.Errorf("SuccessAt1(%v) = %t, want %t", tt.hits, got, tt.top1)
		}
	}
}

func TestRetrieve_ScoresSearchAndChat(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	qs := RetrieveAll(context.Background(), c, "mini", s.Retrieval["mini"], 2)
	if len(qs) != 3 {
		t.Fatalf("%d query results, want 3", len(qs))
	}
	byID := map[string]QueryResult{}
	for _, q := range qs {
		if q.Error != "" {
			t.Fatalf("%s: %s", q.ID, q.Error)
		}
		byID[q.ID] = q
	}
	if q := byID["mini-en-r1"]; !q.SearchTop1 || q.SearchNDCG != 1 || !q.ChatTop1 || q.ChatNDCG != 1 {
		t.Errorf("wool socks: %+v, want both paths right", q)
	}
	if q := byID["mini-en-r3"]; q.SearchTop1 || q.SearchNDCG != 0 || len(q.Chat) != 0 {
		t.Errorf("something warm: %+v, want nothing found", q)
	}
}

func TestLoad_RejectsASuiteNamingAnUnknownSKU(t *testing.T) {
	dir := t.TempDir()
	csv, err := os.ReadFile(filepath.Join(sampleSuite, "catalogs", "mini.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "catalogs"), 0o755)
	os.MkdirAll(filepath.Join(dir, "b"), 0o755)
	os.WriteFile(filepath.Join(dir, "catalogs", "mini.csv"), csv, 0o644)
	os.WriteFile(filepath.Join(dir, "b", "mini-en.json"), []byte(`[{"id":"x","kind":"purchase","steps":[{"say":["hi"]}],
		"expect":{"order":[{"sku":"MS-GRY-XL","quantity":1}]}}]`), 0o644)
	if _, err := Load(dir, "b", nil); err == nil || !strings.Contains(err.Error(), "MS-GRY-XL") {
		t.Fatalf("err = %v, want one naming the unknown SKU", err)
	}
}

func TestLoad_ReadsTheSampleSuite(t *testing.T) {
	s := loadSample(t)
	c := s.Catalogs["mini"]
	if len(c.Products) != 2 {
		t.Fatalf("%d products, want 2", len(c.Products))
	}
	_, v := c.SKU("AR-RED")
	if v == nil || v.Qty != 0 || v.Options["Color"] != "Red" {
		t.Errorf("AR-RED = %+v, want a sold-out red variant", v)
	}
	sh := shopper(t, s, "mini-en-001")
	if sh.Catalog != "mini" || sh.Language != "en" || !sh.Answers["shipping_option"].First || len(sh.Answers["size"].Say) != 1 {
		t.Errorf("shopper read as %+v", sh)
	}
	if len(s.Retrieval["mini"]) != 3 {
		t.Errorf("%d queries, want 3", len(s.Retrieval["mini"]))
	}
	if _, err := Load(sampleSuite, "sample", []string{"nl"}); err != nil {
		t.Error(err)
	}
}

// recordingTB catches what RunSuite reports, to test that it fails a run.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper()                   {}
func (r *recordingTB) Context() context.Context  { return context.Background() }
func (r *recordingTB) Logf(string, ...any)       {}
func (r *recordingTB) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recordingTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

func TestRunSuite_FailsBelowThePurchaseRate(t *testing.T) {
	good := newFakeShop(t)
	rep := RunSuite(t, good.srv.URL, good.adminKey, sampleSuite, "sample", 1.0)
	if rep.Overall.PurchasesOK != 1 || rep.Overall.AvailableOK != 3 || rep.Overall.QuestionsOK != 2 {
		t.Errorf("overall %+v, want every expectation met", rep.Overall)
	}

	bad := newFakeShop(t)
	bad.ignoreQuantity = true
	rec := &recordingTB{}
	RunSuite(rec, bad.srv.URL, bad.adminKey, sampleSuite, "sample", 0.5)
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "right purchases 0/1") || !strings.Contains(rec.errors[0], "shopper:") {
		t.Errorf("errors %q, want one with the rate and the transcript", rec.errors)
	}
}

func TestReport_StabilityOverRuns(t *testing.T) {
	rs := []Result{
		{ID: "a", Language: "en", Passed: true}, {ID: "a", Language: "en", Passed: true},
		{ID: "b", Language: "en", Passed: true}, {ID: "b", Language: "en", Passed: false, Cause: "loop", Loop: "x"},
		{ID: "c", Language: "nl", Passed: false, Cause: "order/wrong_lines"}, {ID: "c", Language: "nl", Passed: false, Cause: "order/wrong_lines"},
	}
	rep := NewReport("s", "b", 1, 2, rs, nil)
	st := rep.Stability
	if st == nil || st.Shoppers != 3 || st.All != 1 || st.Some != 1 || st.None != 1 || strings.Join(st.Flaky, ",") != "b" {
		t.Fatalf("stability %+v, want a in every run, b flaky, c never", st)
	}
	if rep.Causes["order/wrong_lines"] != 2 || rep.Causes["loop"] != 1 {
		t.Errorf("causes %v", rep.Causes)
	}
	if rep.ByLanguage["en"].Loops != 1 || rep.Overall.Shoppers != 6 {
		t.Errorf("tallies en %+v overall %+v", rep.ByLanguage["en"], rep.Overall)
	}
	var b bytes.Buffer
	rep.WriteTable(&b)
	if !strings.Contains(b.String(), "1 of 3 shoppers passed every run, 1 some (b), 1 none") {
		t.Errorf("table does not say how stable the runs were:\n%s", b.String())
	}
	if NewReport("s", "b", 1, 1, rs[:1], nil).Stability != nil {
		t.Error("stability reported for a single run")
	}
}

func FuzzParseCatalog(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(sampleSuite, "catalogs", "mini.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("Handle,Title,Variant SKU\nx,,\n,,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCatalog(b)
		if err != nil {
			return
		}
		for _, p := range c.Products {
			if p.Handle == "" || len(p.Variants) == 0 {
				t.Fatalf("product %+v: no handle or no variant", p)
			}
		}
	})
}

func TestPlay_TapsByTitleOrSaysIt(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	tests := []struct {
		tap, want string
	}{
		{"BLU", "shopper taps [Blue]"},    // case-insensitive part of the title
		{"green", "shopper: green"},       // no such button: said as text
		{"sold out", "shopper: sold out"}, // bot text is not a button
	}
	for _, tt := range tests {
		sh := Shopper{ID: "tap", Catalog: "mini", Language: "en", Kind: KindAvailability, Steps: []Step{
			{Say: []string{"is the aurora rain jacket available in red?"}}, {Tap: tt.tap},
		}}
		r := Play(context.Background(), c, sh, 1, 0, Options{NoNoise: true})
		if got := failures(r); !strings.Contains(got, tt.want) {
			t.Errorf("tap %q: want %q in\n%s", tt.tap, tt.want, got)
		}
	}
}

func TestPlay_WithoutAnAnswerMovesOn(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	sh := shopper(t, s, "mini-en-001")
	delete(sh.Answers, "size") // the bot's size question after step 1 goes unanswered
	r := Play(context.Background(), c, sh, 1, 0, Options{NoNoise: true})
	tr := failures(r)
	i, j := strings.Index(tr, "Which size?"), strings.Index(tr, "-- step 2/4")
	if i < 0 || j < i {
		t.Fatalf("want the size question followed by step 2:\n%s", tr)
	}
	if between := tr[i:j]; strings.Contains(between, "shopper") {
		t.Errorf("the shopper answered a question it has no answer for:\n%s", between)
	}
	if !r.PurchaseOK {
		t.Errorf("step 2 names the size itself, so the purchase should still succeed:\n%s", tr)
	}
}

// stepWords are the lines the shopper said for its steps and checkout, not
// its answers to the bot's questions.
func stepWords(r Result) []string {
	var out []string
	for i, l := range r.Transcript {
		if l.From == "sim" && (strings.HasPrefix(l.Text, "step ") || l.Text == "checkout") && i+1 < len(r.Transcript) {
			out = append(out, r.Transcript[i+1].Text)
		}
	}
	return out
}

func TestPlay_StepWordsDoNotDependOnTheBot(t *testing.T) {
	s := loadSample(t)
	_, c := startShop(t, s)
	full := shopper(t, s, "mini-en-001")
	terse := shopper(t, s, "mini-en-001")
	terse.Answers = map[string]Answer{"email": full.Answers["email"]} // the bot's questions now go otherwise
	for seed := int64(1); seed <= 5; seed++ {
		a, b := Play(context.Background(), c, full, seed, 0, Options{}), Play(context.Background(), c, terse, seed, 0, Options{})
		if a.Answered == b.Answered {
			t.Fatalf("seed %d: both answered %d questions; the test needs conversations that differ", seed, a.Answered)
		}
		if wa, wb := stepWords(a), stepWords(b); strings.Join(wa, "|") != strings.Join(wb, "|") {
			t.Errorf("seed %d: the steps were worded %q and %q", seed, wa, wb)
		}
	}
}

func TestCompare_ListsPlaysThatChanged(t *testing.T) {
	base := NewReport("s", "b", 1, 1, []Result{
		{ID: "a", Language: "en", Kind: KindPurchase, Passed: true, PurchaseOK: true},
		{ID: "b", Language: "en", Kind: KindPurchase, Failure: "order: x"},
		{ID: "c", Language: "en", Passed: true},
	}, nil)
	cur := NewReport("s", "b", 1, 1, []Result{
		{ID: "a", Language: "en", Kind: KindPurchase, Failure: "loop: y", Loop: "y"},
		{ID: "b", Language: "en", Kind: KindPurchase, Passed: true, PurchaseOK: true},
	}, nil)
	c := Compare(base, cur)
	if strings.Join(c.NowFailing, ",") != "a run 0: loop: y" || strings.Join(c.NowPassing, ",") != "b run 0 (was: order: x)" || c.Missing != 1 || !c.SameSeed {
		t.Errorf("comparison %+v", c)
	}
	var b bytes.Buffer
	WriteComparison(&b, base, cur)
	if !strings.Contains(b.String(), "purchases 50% (+0)") || !strings.Contains(b.String(), "loops +1") {
		t.Errorf("comparison table:\n%s", b.String())
	}
}
