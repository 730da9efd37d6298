package nlu

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Report is the outcome of Evaluate.
type Report struct {
	Total, Correct   int
	LangCorrect      int                    // messages whose language was identified right
	PerLang          map[string]*LangReport // by language
	Confusions       []Confusion            // most frequent mistakes first
	Calibration      []CalibrationBin       // by confidence, in tenths
	ECE              float64                // expected calibration error
	Brier            float64                // mean squared gap between the top confidence and being right
	Misclassified    []Miss                 // every wrong prediction, in input order
	Misidentified    []Miss                 // every wrong language (Want/Got are languages), in input order
	confusionCounter map[[2]string]int
}

// LangReport holds one language's numbers.
type LangReport struct {
	Total, Correct, LangCorrect int
	MacroF1                     float64
	ECE                         float64 // expected calibration error in this language (10 bins)
}

// Accuracy of intents in this language.
func (l LangReport) Accuracy() float64 { return ratio(l.Correct, l.Total) }

// Confusion counts how often a labelled intent was predicted as another.
type Confusion struct {
	Want, Got string
	Count     int
}

// CalibrationBin compares the mean confidence with the accuracy of the
// predictions whose confidence fell in [Low, High).
type CalibrationBin struct {
	Low, High      float64
	Count, Correct int
	MeanConfidence float64
}

// Miss is one wrong prediction.
type Miss struct {
	Lang, Text, Want, Got string
	Confidence            float64
}

// Accuracy over all messages.
func (r Report) Accuracy() float64 { return ratio(r.Correct, r.Total) }

// LangAccuracy is the share of messages whose language was identified right.
func (r Report) LangAccuracy() float64 { return ratio(r.LangCorrect, r.Total) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Evaluate parses every row of an evaluation TSV (header lang, intent, text)
// without telling the engine the language, and scores intents and languages.
func Evaluate(e *Engine, r io.Reader) (Report, error) {
	rows, err := readExamples(r, "")
	if err != nil {
		return Report{}, fmt.Errorf("read evaluation set: %w", err)
	}
	s := newScorer()
	for _, row := range rows {
		s.add(row, e.Parse(row.Text, ParseParams{}))
	}
	return s.report(), nil
}

// scorer accumulates a Report one parsed row at a time.
type scorer struct {
	rep     Report
	perLang map[string]*langCounts
}

type langCounts struct {
	tp, fp, fn map[string]int
	bins       []CalibrationBin
}

func newScorer() *scorer {
	return &scorer{rep: Report{PerLang: map[string]*LangReport{}, confusionCounter: map[[2]string]int{}, Calibration: newBins()}, perLang: map[string]*langCounts{}}
}

func newBins() []CalibrationBin {
	bins := make([]CalibrationBin, 10)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/10, float64(i+1)/10
	}
	return bins
}

func (s *scorer) add(row Example, res Result) {
	rep := &s.rep
	lr := rep.PerLang[row.Lang]
	if lr == nil {
		lr = &LangReport{}
		rep.PerLang[row.Lang] = lr
		s.perLang[row.Lang] = &langCounts{map[string]int{}, map[string]int{}, map[string]int{}, newBins()}
	}
	c := s.perLang[row.Lang]
	rep.Total++
	lr.Total++
	if res.Language == row.Lang {
		rep.LangCorrect++
		lr.LangCorrect++
	} else {
		rep.Misidentified = append(rep.Misidentified, Miss{Lang: row.Lang, Text: row.Text, Want: row.Lang, Got: res.Language})
	}
	got := res.Intent.Name
	ok := got == row.Intent
	if ok {
		rep.Correct++
		lr.Correct++
		c.tp[got]++
	} else {
		c.fp[got]++
		c.fn[row.Intent]++
		rep.confusionCounter[[2]string{row.Intent, got}]++
		rep.Misclassified = append(rep.Misclassified, Miss{Lang: row.Lang, Text: row.Text, Want: row.Intent, Got: got, Confidence: res.Intent.Confidence})
	}
	hit := 0.0
	if ok {
		hit = 1
	}
	rep.Brier += (res.Intent.Confidence - hit) * (res.Intent.Confidence - hit)
	bin := min(int(res.Intent.Confidence*10), 9)
	for _, bins := range [][]CalibrationBin{rep.Calibration, c.bins} {
		b := &bins[bin]
		b.Count++
		b.MeanConfidence += res.Intent.Confidence
		if ok {
			b.Correct++
		}
	}
}

// ece turns the bins' sums into means and returns the expected calibration
// error over n predictions.
func ece(bins []CalibrationBin, n int) float64 {
	e := 0.0
	for i := range bins {
		b := &bins[i]
		if b.Count > 0 {
			b.MeanConfidence /= float64(b.Count)
			e += float64(b.Count) / float64(max(n, 1)) * math.Abs(b.MeanConfidence-ratio(b.Correct, b.Count))
		}
	}
	return e
}

func (s *scorer) report() Report {
	rep := s.rep
	for lang, lr := range rep.PerLang {
		c := s.perLang[lang]
		labels := map[string]bool{}
		for k := range c.tp {
			labels[k] = true
		}
		for k := range c.fn {
			labels[k] = true
		}
		sum := 0.0
		for k := range labels {
			p := ratio(c.tp[k], c.tp[k]+c.fp[k])
			q := ratio(c.tp[k], c.tp[k]+c.fn[k])
			if p+q > 0 {
				sum += 2 * p * q / (p + q)
			}
		}
		if len(labels) > 0 {
			lr.MacroF1 = sum / float64(len(labels))
		}
		lr.ECE = ece(c.bins, lr.Total)
	}
	rep.ECE = ece(rep.Calibration, rep.Total)
	rep.Brier /= float64(max(rep.Total, 1))
	for k, n := range rep.confusionCounter {
		rep.Confusions = append(rep.Confusions, Confusion{Want: k[0], Got: k[1], Count: n})
	}
	slices.SortFunc(rep.Confusions, func(a, b Confusion) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Want+a.Got, b.Want+b.Got)
	})
	return rep
}

// WriteText prints accuracy and macro-F1 per language, the top confusions and
// the calibration table.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "intent accuracy %.4f (%d/%d), language id %.4f, ECE %.4f, Brier %.4f\n\n", r.Accuracy(), r.Correct, r.Total, r.LangAccuracy(), r.ECE, r.Brier)
	fmt.Fprintf(w, "%-5s %6s %9s %9s %9s %7s\n", "lang", "n", "accuracy", "macro-F1", "lang-id", "ECE")
	for _, lang := range sortedLangs(r.PerLang) {
		l := r.PerLang[lang]
		fmt.Fprintf(w, "%-5s %6d %9.4f %9.4f %9.4f %7.4f\n", lang, l.Total, l.Accuracy(), l.MacroF1, ratio(l.LangCorrect, l.Total), l.ECE)
	}
	fmt.Fprintf(w, "\ntop confusions (want → got)\n")
	for i, c := range r.Confusions {
		if i == 15 {
			break
		}
		fmt.Fprintf(w, "%4d  %s → %s\n", c.Count, c.Want, c.Got)
	}
	fmt.Fprintf(w, "\ncalibration\n%-11s %6s %9s %9s\n", "confidence", "n", "mean", "accuracy")
	for _, b := range r.Calibration {
		if b.Count == 0 {
			continue
		}
		fmt.Fprintf(w, "[%.1f, %.1f) %6d %9.3f %9.3f\n", b.Low, b.High, b.Count, b.MeanConfidence, ratio(b.Correct, b.Count))
	}
}

func sortedLangs(m map[string]*LangReport) []string {
	var out []string
	for _, l := range Languages {
		if _, ok := m[l]; ok {
			out = append(out, l)
		}
	}
	for l := range m {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}
