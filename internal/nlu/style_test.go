package nlu

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"strings"
	"testing"
)

// splitAtRound5 splits the shipped training files at the "# round 5" comment:
// what was written before, in the house style, and round 5, written later by
// someone else in other shops' customers' styles. Training on the first and
// scoring the second is the closest thing in the repository to meeting text
// written by strangers, so model changes meant to generalise are measured on it.
func splitAtRound5(t testing.TB) (before, round5 []Example) {
	t.Helper()
	for _, lang := range Languages {
		b, err := fs.ReadFile(data, path.Join("data/train", lang+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		head, tail, ok := strings.Cut(string(b), "\n# round 5")
		if !ok {
			t.Fatalf("%s.tsv has no round 5 section", lang)
		}
		bx, err := readExamples(strings.NewReader(head), lang)
		if err != nil {
			t.Fatal(err)
		}
		rx, err := readExamples(strings.NewReader("intent\ttext\n#"+tail), lang)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, bx...)
		round5 = append(round5, rx...)
	}
	return before, round5
}

// engineFrom trains an engine on the given examples and the shipped lexicons.
func engineFrom(t testing.TB, ex []Example) *Engine {
	t.Helper()
	lex := newLexicon()
	if err := loadLexicons(data, lex); err != nil {
		t.Fatal(err)
	}
	cal, err := loadCalibration(data)
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{opts: Options{DefaultLanguage: "en"}, base: lex.lines(), cal: cal}
	m := train(ex, lex)
	m.calibrate(cal, "en")
	e.cur.Store(m)
	return e
}

func examplesTSV(ex []Example) string {
	var b strings.Builder
	b.WriteString("lang\tintent\ttext\n")
	for _, x := range ex {
		b.WriteString(x.Lang + "\t" + x.Intent + "\t" + x.Text + "\n")
	}
	return b.String()
}

// TestStyleShift_Round5 is a measurement, not a check: it trains on the
// training files without round 5 and reports accuracy and calibration on
// round 5. Run it with NLU_EXPERIMENT=1 -v.
func TestStyleShift_Round5(t *testing.T) {
	if os.Getenv("NLU_EXPERIMENT") == "" {
		t.Skip("a measurement; set NLU_EXPERIMENT=1 to run it")
	}
	before, round5 := splitAtRound5(t)
	e := engineFrom(t, before)
	rep, err := Evaluate(e, strings.NewReader(examplesTSV(round5)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	t.Logf("trained on %d, scored on round 5 (%d)\n%s", len(before), len(round5), out.String())
}

// TestCalibration_Variants is a measurement: the calibration set's
// cross-validated ECE per language under several calibration settings, and
// the ECE on round 5 of a model trained without it. NLU_EXPERIMENT=1 -v.
func TestCalibration_Variants(t *testing.T) {
	if os.Getenv("NLU_EXPERIMENT") == "" {
		t.Skip("a measurement; set NLU_EXPERIMENT=1 to run it")
	}
	before, round5 := splitAtRound5(t)
	proxy := engineFrom(t, before)
	full := testEngine(t)
	rows, err := loadCalibration(data)
	if err != nil {
		t.Fatal(err)
	}
	line := func(name string, r Report) string {
		s := fmt.Sprintf("%-28s acc %.3f ECE %.4f |", name, r.Accuracy(), r.ECE)
		for _, l := range Languages {
			if lr := r.PerLang[l]; lr != nil {
				s += fmt.Sprintf(" %s %.3f", l, lr.ECE)
			}
		}
		return s
	}
	defer func(s float64) { calShrink = s }(calShrink)
	for _, v := range []struct {
		name   string
		shrink float64
		off    bool
	}{
		{"uncalibrated", 0, true},
		{"global T", 1e9, false},
		{"T per language, shrink 0", 0, false},
		{"T per language, shrink 5", 5, false},
		{"T per language, shrink 20", 20, false},
		{"T per language, shrink 80", 80, false},
	} {
		calShrink = v.shrink
		for _, c := range []struct {
			name string
			e    *Engine
		}{{"full", full}, {"proxy", proxy}} {
			m := *c.e.cur.Load()
			var cv Report
			if v.off {
				m.cal = nil
				s := newScorer()
				for _, row := range rows {
					s.add(row, m.parse(row.Text, ParseParams{}, "en", nil))
				}
				cv = s.report()
			} else {
				m.calibrate(rows, "en")
				cv, err = CalibrationCV(c.e, 5)
				if err != nil {
					t.Fatal(err)
				}
			}
			s := newScorer()
			for _, row := range round5 {
				s.add(row, m.parse(row.Text, ParseParams{}, "en", nil))
			}
			r5 := s.report()
			h := newScorer()
			hrows, _ := readExamples(strings.NewReader(heldOut(t, heldOutSets...)), "")
			for _, row := range hrows {
				h.add(row, m.parse(row.Text, ParseParams{}, "en", nil))
			}
			t.Logf("%s %s\n    cal-cv: %s\n    round5: %s\n    heldout1-3: %s", v.name, c.name, line("", cv), line("", r5), line("", h.report()))
		}
	}
}

// TestModel_Measure is a measurement for model changes: accuracy and
// calibration on round 5 (trained without it), on the calibration set
// (cross-validated calibration) and on the old held-out sets, for a model
// trained without round 5 and for the shipped one. NLU_EXPERIMENT=1 -v.
func TestModel_Measure(t *testing.T) {
	if os.Getenv("NLU_EXPERIMENT") == "" {
		t.Skip("a measurement; set NLU_EXPERIMENT=1 to run it")
	}
	if v := os.Getenv("NB"); v != "" {
		var x, a float64
		fmt.Sscanf(v, "%g,%g", &x, &a)
		nbWeight, nbAlpha = float32(x), a
	}
	line := func(r Report) string {
		sure := 0
		for _, m := range r.Misclassified {
			if m.Confidence >= 0.9 {
				sure++
			}
		}
		s := fmt.Sprintf("acc %.4f ECE %.4f Brier %.4f wrong≥.9 %3d |", r.Accuracy(), r.ECE, r.Brier, sure)
		for _, l := range Languages {
			if lr := r.PerLang[l]; lr != nil {
				s += fmt.Sprintf(" %s %.3f", l, lr.Accuracy())
			}
		}
		return s
	}
	eval := func(e *Engine, rows []Example) Report {
		s := newScorer()
		for _, row := range rows {
			s.add(row, e.Parse(row.Text, ParseParams{}))
		}
		return s.report()
	}
	before, round5 := splitAtRound5(t)
	proxy := engineFrom(t, before)
	cvp, err := CalibrationCV(proxy, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("proxy  round5  %s", line(eval(proxy, round5)))
	t.Logf("proxy  cal-cv  %s", line(cvp))
	full := testEngine(t)
	cvf, err := CalibrationCV(full, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full   cal-cv  %s", line(cvf))
	for _, d := range heldOutSets {
		rows, _ := readExamples(strings.NewReader(heldOut(t, d)), "")
		t.Logf("full   %-8s %s", path.Base(d), line(eval(full, rows)))
	}
}

// TestStyleShift_Mistakes lists round 5's mistakes by a model trained
// without it. NLU_EXPERIMENT=1 -v.
func TestStyleShift_Mistakes(t *testing.T) {
	if os.Getenv("NLU_EXPERIMENT") == "" {
		t.Skip("a measurement; set NLU_EXPERIMENT=1 to run it")
	}
	before, round5 := splitAtRound5(t)
	rep, err := Evaluate(engineFrom(t, before), strings.NewReader(examplesTSV(round5)))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Misclassified {
		t.Logf("%s\t%s\t%s\t%.2f\t%s", m.Lang, m.Want, m.Got, m.Confidence, m.Text)
	}
}

// TestCalibration_NoiseFloor estimates how much ECE a perfectly calibrated
// model would show on 140 messages per language with the confidences the
// cross-validation gives: outcomes are drawn as the confidences say, and the
// ECE of the draw is averaged. NLU_EXPERIMENT=1 -v.
func TestCalibration_NoiseFloor(t *testing.T) {
	if os.Getenv("NLU_EXPERIMENT") == "" {
		t.Skip("a measurement; set NLU_EXPERIMENT=1 to run it")
	}
	e := testEngine(t)
	rows, err := loadCalibration(data)
	if err != nil {
		t.Fatal(err)
	}
	m := e.cur.Load()
	confs := map[string][]float64{}
	const k = 5
	for f := range k {
		var fit []Example
		for i, row := range rows {
			if i%k != f {
				fit = append(fit, row)
			}
		}
		mm := *m
		mm.cal = fitCalibration(m.calPoints(fit, "en"), m.clf.temp)
		for i, row := range rows {
			if i%k == f {
				confs[row.Lang] = append(confs[row.Lang], mm.parse(row.Text, ParseParams{}, "en", nil).Intent.Confidence)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	sim := func(cs []float64) float64 {
		sum := 0.0
		const draws = 2000
		for range draws {
			bins := newBins()
			for _, c := range cs {
				b := &bins[min(int(c*10), 9)]
				b.Count++
				b.MeanConfidence += c
				if rng.Float64() < c {
					b.Correct++
				}
			}
			sum += ece(bins, len(cs))
		}
		return sum / draws
	}
	var all []float64
	for _, l := range Languages {
		all = append(all, confs[l]...)
		t.Logf("%s: ECE of a perfectly calibrated model, n=%d: %.4f", l, len(confs[l]), sim(confs[l]))
	}
	t.Logf("all: n=%d: %.4f", len(all), sim(all))
}
