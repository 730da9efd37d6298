package nlu

import (
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
)

// TestModel_Dev is a measurement for model changes (round 2, issue #18):
// accuracy and ECE of the shipped model on a development set kept outside
// the repository (NLU_DEV=/work/shopper-data/nlu-heldout5), on the old
// held-out sets and on the calibration set (cross-validated calibration);
// with NLU_DEV_ROUND5=1 also on round 5 by a model trained without it.
// NLU_DEV_V=1 lists the development set's mistakes.
func TestModel_Dev(t *testing.T) {
	dir := os.Getenv("NLU_DEV")
	if dir == "" {
		t.Skip("a measurement; set NLU_DEV to a folder of {lang}.tsv to run it")
	}
	line := func(r Report) string {
		sure := 0
		for _, m := range r.Misclassified {
			if m.Confidence >= 0.9 {
				sure++
			}
		}
		s := fmt.Sprintf("acc %.4f ECE %.4f wrong≥.9 %3d |", r.Accuracy(), r.ECE, sure)
		worst := 0.0
		for _, l := range Languages {
			if lr := r.PerLang[l]; lr != nil {
				s += fmt.Sprintf(" %s %.3f", l, lr.Accuracy())
				worst = max(worst, lr.ECE)
			}
		}
		return s + fmt.Sprintf(" | worst ECE %.3f", worst)
	}
	eval := func(e *Engine, rows []Example) Report {
		s := newScorer()
		for _, row := range rows {
			s.add(row, e.Parse(row.Text, ParseParams{}))
		}
		return s.report()
	}
	full := testEngine(t)
	dev, _ := readExamples(strings.NewReader(heldOut(t, dir)), "")
	rd := eval(full, dev)
	t.Logf("dev      %s", line(rd))
	for _, d := range heldOutSets {
		rows, _ := readExamples(strings.NewReader(heldOut(t, d)), "")
		t.Logf("%-8s %s", path.Base(d), line(eval(full, rows)))
	}
	cvf, err := CalibrationCV(full, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cal-cv   %s", line(cvf))
	if os.Getenv("NLU_DEV_ROUND5") != "" {
		before, round5 := splitAtRound5(t)
		t.Logf("round5   %s", line(eval(engineFrom(t, before), round5)))
	}
	if os.Getenv("NLU_DEV_V") != "" {
		for _, m := range rd.Misclassified {
			t.Logf("%s\t%s\t%s\t%.2f\t%s", m.Lang, m.Want, m.Got, m.Confidence, m.Text)
		}
	}
}
