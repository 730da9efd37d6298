package nlu

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// heldOutSets are the folders of messages never trained on. heldout was
// written with the engine in 2026-11 and several settings were compared on
// it, so it flatters a little; heldout2 and heldout3 were written on
// 2026-12-03 by people who saw neither the training files nor the other
// sets; heldout2 confirmed that day's changes, heldout3 only measured the
// result.
var heldOutSets = []string{"testdata/heldout", "testdata/heldout2", "testdata/heldout3"}

// heldOut concatenates dir/*.tsv of each dir into one evaluation TSV.
func heldOut(t testing.TB, dirs ...string) string {
	var files []string
	for _, dir := range dirs {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
		if len(fs) == 0 {
			t.Fatalf("%s holds no .tsv files", dir)
		}
		files = append(files, fs...)
	}
	var b strings.Builder
	b.WriteString("lang\tintent\ttext\n")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		for _, ln := range lines[1:] {
			if strings.TrimSpace(ln) != "" {
				b.WriteString(ln + "\n")
			}
		}
	}
	return b.String()
}

// TestIntents_HeldOutSet holds every held-out set to the targets:
// ≥0.93 overall, ≥0.90 in every language, ≥0.97 language id. Training is
// deterministic, so a failure here is a regression, not bad luck; the test
// log reports the real numbers.
func TestIntents_HeldOutSet(t *testing.T) {
	e := testEngine(t)
	for _, dir := range heldOutSets {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			rep, err := Evaluate(e, strings.NewReader(heldOut(t, dir)))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			rep.WriteText(&out)
			t.Log("\n" + out.String())
			if a := rep.Accuracy(); a < 0.93 {
				t.Errorf("intent accuracy %.4f is below the 0.93 target", a)
			}
			for lang, lr := range rep.PerLang {
				if a := lr.Accuracy(); a < 0.90 {
					t.Errorf("%s: intent accuracy %.4f is below the 0.90 target", lang, a)
				}
			}
			if a := rep.LangAccuracy(); a < 0.97 {
				t.Errorf("language id %.4f is below the 0.97 target", a)
			}
		})
	}
}

// TestIntents_SurviveTypos edits one random character in a fifth of the
// held-out messages (fixed seed) and checks that accuracy drops by at most
// five points.
func TestIntents_SurviveTypos(t *testing.T) {
	set := heldOut(t, heldOutSets...)
	e := testEngine(t)
	clean, err := Evaluate(e, strings.NewReader(set))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(42, 7))
	lines := strings.Split(strings.TrimSpace(set), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for _, ln := range lines[1:] {
		cols := strings.SplitN(ln, "\t", 3)
		if len(cols) == 3 && rng.IntN(5) == 0 {
			cols[2] = typo(rng, cols[2])
		}
		b.WriteString(strings.Join(cols, "\t") + "\n")
	}
	noisy, err := Evaluate(e, strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	drop := clean.Accuracy() - noisy.Accuracy()
	t.Logf("clean %.4f, with typos %.4f, drop %.2f points", clean.Accuracy(), noisy.Accuracy(), drop*100)
	if drop > 0.05 {
		t.Errorf("one typo in 20%% of messages cost %.2f points, want ≤ 5", drop*100)
	}
}

// typo applies one random edit: delete, insert, substitute or swap.
func typo(rng *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 2 {
		return s
	}
	i := rng.IntN(len(rs) - 1)
	letter := rs[rng.IntN(len(rs))]
	switch rng.IntN(4) {
	case 0:
		return string(append(rs[:i:i], rs[i+1:]...))
	case 1:
		return string(rs[:i]) + string(letter) + string(rs[i:])
	case 2:
		rs[i] = letter
	default:
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	return string(rs)
}

func TestParse_NothingToUnderstandIsOutOfScope(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"spaces", "   \n\t"},
		{"emoji only", "🙂🙂👍"},
		{"punctuation", "?!?..."},
		{"keyboard mash", "qxzjv wkpfh zzqxv"},
		{"invalid utf-8", "\xff\xfe\xfd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Parse(tt.text, ParseParams{})
			if r.Intent.Name != outOfScope || r.Intent.Confidence > 0.5 {
				t.Errorf("Parse(%q).Intent = %+v, want out_of_scope below 0.5", tt.text, r.Intent)
			}
		})
	}
}

func TestParse_RankingIsTopFiveAndSumsBelowOne(t *testing.T) {
	r := testEngine(t).Parse("where is my order?", ParseParams{})
	if len(r.IntentRanking) != rankingSize {
		t.Fatalf("ranking has %d entries, want %d", len(r.IntentRanking), rankingSize)
	}
	sum := 0.0
	for i, s := range r.IntentRanking {
		if i > 0 && s.Confidence > r.IntentRanking[i-1].Confidence {
			t.Errorf("ranking not sorted at %d", i)
		}
		sum += s.Confidence
	}
	if sum > 1.0001 || r.IntentRanking[0] != r.Intent {
		t.Errorf("ranking %+v inconsistent with intent %+v", r.IntentRanking, r.Intent)
	}
}

func TestParse_BadInputNeverPanics(t *testing.T) {
	e := testEngine(t)
	long := strings.Repeat("hardloopschoenen maat 42 onder de 50 euro 🙂 ", 2500) // ~100 KB
	inputs := []string{long, "\xff" + long, strings.Repeat("你好", 60000), "մի 黑色 zwart hitam svart sev 42 码", "\x00\x01\x02", strings.Repeat("#", 5000)}
	for _, in := range inputs {
		r := e.Parse(in, ParseParams{})
		if !utf8.ValidString(r.Text) || r.Intent.Name == "" || r.Language == "" {
			t.Errorf("Parse of %d bytes gave %+v", len(in), r.Intent)
		}
		n := utf8.RuneCountInString(r.Text)
		for _, en := range r.Entities {
			if en.Start < 0 || en.End > n || en.Start >= en.End {
				t.Errorf("entity %+v outside the text", en)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "hi", "maat 42", "订单1042", "+31 6 1234 5678", "30000 դրամից պակաս", "RM1,299.00", "#", "@x.y", "\xff"} {
		f.Add(s)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := e.Parse(s, ParseParams{})
		n := utf8.RuneCountInString(r.Text)
		rs := []rune(r.Text)
		for _, en := range r.Entities {
			if en.Start < 0 || en.End > n || en.Start >= en.End || string(rs[en.Start:en.End]) != en.Text {
				t.Fatalf("bad entity %+v for %q", en, s)
			}
		}
		if r.Intent.Confidence < 0 || r.Intent.Confidence > 1 {
			t.Fatalf("confidence %v", r.Intent.Confidence)
		}
	})
}

func TestAddExamples_TeachesANewIntent(t *testing.T) {
	e, err := New(Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var ex []Example
	for _, s := range []string{"do you sell gift cards", "can I buy a gift card", "gift card please", "I want a gift voucher card", "are gift cards available", "gift card for my sister"} {
		ex = append(ex, Example{Lang: "en", Intent: "gift_card", Text: s})
	}
	if err := e.AddExamples(ex); err != nil {
		t.Fatal(err)
	}
	if got := e.Parse("I want to buy a gift card", ParseParams{}).Intent.Name; got != "gift_card" {
		t.Errorf("after AddExamples intent = %s, want gift_card", got)
	}
	if err := e.AddExamples([]Example{{Lang: "xx", Intent: "a", Text: "b"}}); err == nil {
		t.Error("an unknown language was accepted")
	}
}

func BenchmarkParse(b *testing.B) {
	e := testEngine(b)
	msgs := []string{
		"hi", "do you have these sneakers in size 9?", "heeft u deze sneakers in maat 42?",
		"ada kasut lari saiz 42 bawah RM200?", "我的订单1042到哪了", "har dere regnjakker under 500 kr?",
		"uneq ays koshiknery 42 chapsi?", "ունե՞ք սև վազքի կոշիկներ", "I want to return these shoes", "thanks!",
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Parse(msgs[i%len(msgs)], ParseParams{})
		i++
	}
}
