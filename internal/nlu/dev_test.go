package nlu

import (
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// TestModel_Dev is a measurement for model changes (round 2, issue #18):
// accuracy and ECE of the shipped model on a development set kept outside
// the repository (NLU_DEV=/work/shopper-data/nlu-heldout5), on the old
// held-out sets, on the calibration set (cross-validated calibration) and on
// rounds 5–7 of the training files by a model trained without them, each the
// mean over the shuffle seeds in NLU_DEV_SEEDS ("1,2 3,4 5,6"; default the
// shipped one). NLU_DEV_V=1 lists the development set's mistakes (first seed).
func TestModel_Dev(t *testing.T) {
	dir := os.Getenv("NLU_DEV")
	if dir == "" {
		t.Skip("a measurement; set NLU_DEV to a folder of {lang}.tsv to run it")
	}
	seeds := strings.Fields(os.Getenv("NLU_DEV_SEEDS"))
	if len(seeds) == 0 {
		seeds = []string{"1,2"}
	}
	defer func(s [2]uint64) { TrainSeed = s }(TrainSeed)
	devKnobs(t)
	type acc struct {
		acc, ece, worst float64
		sure            int
		lang, lece      map[string]float64
	}
	sums := map[string]*acc{}
	var order []string
	add := func(name string, r Report) {
		a := sums[name]
		if a == nil {
			a = &acc{lang: map[string]float64{}, lece: map[string]float64{}}
			sums[name] = a
			order = append(order, name)
		}
		a.acc += r.Accuracy()
		a.ece += r.ECE
		for _, m := range r.Misclassified {
			if m.Confidence >= 0.9 {
				a.sure++
			}
		}
		w := 0.0
		for l, lr := range r.PerLang {
			a.lang[l] += lr.Accuracy()
			a.lece[l] += lr.ECE
			w = max(w, lr.ECE)
		}
		a.worst += w
	}
	eval := func(e *Engine, rows []Example) Report {
		s := newScorer()
		for _, row := range rows {
			s.add(row, e.Parse(row.Text, ParseParams{}))
		}
		return s.report()
	}
	// NLU_DEV may name several folders, separated by ":", each scored on
	// its own (dev, dev2, …) so a choice can be made on one and confirmed on
	// another.
	var devs [][]Example
	for _, d := range strings.Split(dir, ":") {
		rows, _ := readExamples(strings.NewReader(heldOut(t, d)), "")
		devs = append(devs, rows)
	}
	dev := devs[0]
	before, round5 := splitAtRound5(t)
	for i, sd := range seeds {
		if _, err := fmt.Sscanf(sd, "%d,%d", &TrainSeed[0], &TrainSeed[1]); err != nil {
			t.Fatal(err)
		}
		full, err := New(Options{DefaultLanguage: "en"})
		if err != nil {
			t.Fatal(err)
		}
		// With NLU_DEV_LOOCAL=1 each development set is scored with a
		// calibration fitted on the shipped calibration set plus the other
		// development sets (leave one style out), as the shipped model is
		// calibrated on all of them.
		devEngine := func(k int) *Engine {
			if os.Getenv("NLU_DEV_LOOCAL") == "" {
				return full
			}
			cal := slices.Clone(full.cal)
			for j, rows := range devs {
				if j != k {
					cal = append(cal, rows...)
				}
			}
			m := *full.cur.Load()
			m.calibrate(cal, "en")
			e := &Engine{opts: full.opts, cal: cal}
			e.cur.Store(&m)
			return e
		}
		rd := eval(devEngine(0), dev)
		add("dev", rd)
		for k, rows := range devs[1:] {
			add(fmt.Sprintf("dev%d", k+2), eval(devEngine(k+1), rows))
		}
		for _, d := range heldOutSets {
			rows, _ := readExamples(strings.NewReader(heldOut(t, d)), "")
			add(path.Base(d), eval(full, rows))
		}
		cv, err := CalibrationCV(full, 5)
		if err != nil {
			t.Fatal(err)
		}
		add("cal-cv", cv)
		if os.Getenv("NLU_DEV_NOR5") == "" {
			add("round5", eval(engineFrom(t, before), round5))
		}
		if i == 0 && os.Getenv("NLU_DEV_V") != "" {
			for _, m := range rd.Misclassified {
				t.Logf("%s\t%s\t%s\t%.2f\t%s", m.Lang, m.Want, m.Got, m.Confidence, m.Text)
			}
		}
	}
	n := float64(len(seeds))
	for _, name := range order {
		a := sums[name]
		s := fmt.Sprintf("%-8s acc %.4f ECE %.4f worst-lang ECE %.3f wrong≥.9 %5.1f |", name, a.acc/n, a.ece/n, a.worst/n, float64(a.sure)/n)
		for _, l := range Languages {
			s += fmt.Sprintf(" %s %.3f", l, a.lang[l]/n)
		}
		s += " | ECE"
		for _, l := range Languages {
			s += fmt.Sprintf(" %s %.3f", l, a.lece[l]/n)
		}
		t.Log(s)
	}
}

// devKnobs sets the model's switches from NLU_DEV_KNOBS ("aug=0 augw=0.5
// augmodes=15"), so that a measurement can compare without an edit.
func devKnobs(t *testing.T) {
	for _, kv := range strings.Fields(os.Getenv("NLU_DEV_KNOBS")) {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "aug":
			augOn = v == "1"
		case "augw":
			var f float64
			_, err = fmt.Sscan(v, &f)
			augWeight = float32(f)
		case "nbw":
			var f float64
			_, err = fmt.Sscan(v, &f)
			nbWeight = float32(f)
		case "nba":
			_, err = fmt.Sscan(v, &nbAlpha)
		case "knnw":
			_, err = fmt.Sscan(v, &knnWeight)
		case "knnk":
			_, err = fmt.Sscan(v, &knnK)
		case "clause":
			clauseOn = v == "1"
		case "ctau":
			_, err = fmt.Sscan(v, &clauseTau)
		case "cminw":
			_, err = fmt.Sscan(v, &clauseMinW)
		case "cmix":
			_, err = fmt.Sscan(v, &clauseMix)
		case "augp":
			augPerceptron = v == "1"
		case "augfrac":
			_, err = fmt.Sscan(v, &augFrac)
		case "epochs":
			_, err = fmt.Sscan(v, &trainEpochs)
		case "augn":
			_, err = fmt.Sscan(v, &augCopies)
		case "augmin":
			_, err = fmt.Sscan(v, &augMinCount)
		case "calu":
			calUnseen = v != "0"
			calUnseenWords = v == "w"
		case "hyvoice":
			_, err = fmt.Sscan(v, &armenianDevoicing)
		case "hyknown":
			hyKnownDevoiced = v == "1"
		case "calshrink":
			_, err = fmt.Sscan(v, &calShrink)
		case "augmodes":
			_, err = fmt.Sscan(v, &augModes)
		default:
			t.Fatalf("unknown knob %q", k)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
