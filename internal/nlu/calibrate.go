package nlu

import (
	"fmt"
	"io/fs"
	"math"
	"path"
)

// calibration turns the classifier's scores into confidences that mean what
// they say on text written by strangers. The temperature the classifier fits
// on held-back training examples is right for text in the training files'
// style and too sure for other styles; the calibration set
// (data/calibration/{lang}.tsv), written by an outsider in other styles and
// never trained on, refits it per language. A second step may lower the top
// confidence as more of the message's features are unknown to the model
// (text unlike anything in training).
type calibration struct {
	temp map[string]float64 // softmax temperature per language
	// top confidence = σ(a·logit(p) + b·unknown + c); a == 0: no second step
	a, b, c float64
}

// Settings of the calibration fit; the benchmarks vary them.
var (
	// calShrink pulls each language's temperature towards the one fitted on
	// all languages: 140 messages per language, of which a dozen or so are
	// wrong, make a noisy estimate on their own.
	calShrink = 20.0
	// calTop enables the second step.
	calTop = true
)

func (c *calibration) temperature(lang string, def float64) float64 {
	if c == nil {
		return def
	}
	if t, ok := c.temp[lang]; ok {
		return t
	}
	return def
}

// adjust rescales a ranking (best first) in place: the top confidence
// through the second step, the others into what is left, never above it.
func (c *calibration) adjust(r []IntentScore, unknown float64) {
	if c == nil || c.a == 0 || len(r) == 0 {
		return
	}
	p := r[0].Confidence
	q := sigmoid(c.a*logit(p) + c.b*unknown + c.c)
	for i := 1; i < len(r); i++ {
		v := r[i].Confidence
		if p < 1 {
			v = v / (1 - p) * (1 - q)
		}
		r[i].Confidence = min(v, q)
	}
	r[0].Confidence = q
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 {
	p = min(max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

// loadCalibration reads data/calibration/{lang}.tsv (header lang, intent,
// text). A missing file is not an error: that language keeps the
// classifier's own temperature.
func loadCalibration(fsys fs.FS) ([]Example, error) {
	var out []Example
	for _, lang := range Languages {
		f, err := fsys.Open(path.Join("data/calibration", lang+".tsv"))
		if err != nil {
			continue
		}
		ex, err := readExamples(f, lang)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read calibration data for %s: %w", lang, err)
		}
		out = append(out, ex...)
	}
	return out, nil
}

// calPoint is one calibration message as the classifier saw it.
type calPoint struct {
	rawScore
	y int // the right intent's index
}

// calPoints parses the calibration messages with the uncalibrated model.
// Messages whose ranking is overridden (no letters, gibberish) and those
// labelled with an intent the model does not know take no part.
func (m *model) calPoints(rows []Example, def string) []calPoint {
	idx := map[string]int{}
	for i, name := range m.clf.intents {
		idx[name] = i
	}
	plain := *m
	plain.cal = nil
	var out []calPoint
	for _, row := range rows {
		y, ok := idx[row.Intent]
		if !ok {
			continue
		}
		var raw rawScore
		plain.parse(row.Text, ParseParams{}, def, &raw)
		if raw.forced {
			continue
		}
		out = append(out, calPoint{raw, y})
	}
	return out
}

// calibrate fits the model's calibration on the calibration messages.
func (m *model) calibrate(rows []Example, def string) {
	m.cal = fitCalibration(m.calPoints(rows, def), m.clf.temp)
}

// fitCalibration fits the temperatures and the second step on points.
func fitCalibration(pts []calPoint, def float64) *calibration {
	if len(pts) == 0 {
		return nil
	}
	c := &calibration{temp: map[string]float64{}}
	z := make([]float64, 0, 64)
	nll := func(ps []calPoint, logT float64) float64 {
		t, sum := math.Exp(logT), 0.0
		for _, p := range ps {
			z = append(z[:0], p.z...)
			softmax(z, t)
			sum -= math.Log(max(z[p.y], 1e-12))
		}
		return sum
	}
	global := goldenMin(func(x float64) float64 { return nll(pts, x) })
	byLang := map[string][]calPoint{}
	for _, p := range pts {
		byLang[p.lang] = append(byLang[p.lang], p)
	}
	for lang, ps := range byLang {
		c.temp[lang] = math.Exp(goldenMin(func(x float64) float64 {
			d := x - global
			return nll(ps, x) + calShrink*d*d
		}))
	}
	if !calTop {
		return c
	}
	// Second step: logistic regression of "the top intent is right" on the
	// logit of its tempered probability and the unknown share, by Newton's
	// method (three unknowns, a few hundred points).
	xs := make([][3]float64, len(pts))
	ys := make([]float64, len(pts))
	for i, p := range pts {
		z = append(z[:0], p.z...)
		softmax(z, c.temperature(p.lang, def))
		top := 0
		for j := range z {
			if z[j] > z[top] {
				top = j
			}
		}
		xs[i] = [3]float64{logit(z[top]), p.unknown, 1}
		if top == p.y {
			ys[i] = 1
		}
	}
	beta := [3]float64{1, 0, 0}
	for range 25 {
		var g [3]float64
		var h [3][3]float64
		for i, x := range xs {
			s := sigmoid(beta[0]*x[0] + beta[1]*x[1] + beta[2]*x[2])
			for a := range 3 {
				g[a] += (s - ys[i]) * x[a]
				for b := range 3 {
					h[a][b] += s * (1 - s) * x[a] * x[b]
				}
			}
		}
		// a little ridge towards "no change" (1, 0, 0) keeps it sane on few errors
		const ridge = 1.0
		g[0] += ridge * (beta[0] - 1)
		g[1] += ridge * beta[1]
		g[2] += ridge * beta[2]
		for a := range 3 {
			h[a][a] += ridge
		}
		d, ok := solve3(h, g)
		if !ok {
			break
		}
		for a := range 3 {
			beta[a] -= d[a]
		}
	}
	c.a, c.b, c.c = beta[0], beta[1], beta[2]
	if c.a <= 0 {
		c.a = 0 // a confidence that fell as the score rose would be nonsense
	}
	return c
}

// goldenMin minimises a unimodal function of log T over [log 0.02, log 20].
func goldenMin(f func(float64) float64) float64 {
	const phi = 0.6180339887498949
	lo, hi := math.Log(0.02), math.Log(20.0)
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := f(a), f(b)
	for range 40 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = f(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = f(b)
		}
	}
	return (lo + hi) / 2
}

// solve3 solves h·x = g by Cramer's rule.
func solve3(h [3][3]float64, g [3]float64) ([3]float64, bool) {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
			m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
			m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(h)
	if math.Abs(d) < 1e-12 {
		return [3]float64{}, false
	}
	var x [3]float64
	for c := range 3 {
		m := h
		for r := range 3 {
			m[r][c] = g[r]
		}
		x[c] = det(m) / d
	}
	return x, true
}

// CalibrationCV measures the calibration on messages it was not fitted on:
// the shipped calibration set is cut into k folds, and each fold is scored
// with a calibration fitted on the other k−1. The model itself never saw any
// of them. Without a calibration set it reports nothing.
func CalibrationCV(e *Engine, k int) (Report, error) {
	rows, err := loadCalibration(data)
	if err != nil {
		return Report{}, err
	}
	m := e.cur.Load()
	s := newScorer()
	for f := range k {
		var fit []Example
		for i, row := range rows {
			if i%k != f {
				fit = append(fit, row)
			}
		}
		mm := *m
		mm.cal = fitCalibration(m.calPoints(fit, e.opts.DefaultLanguage), m.clf.temp)
		for i, row := range rows {
			if i%k == f {
				s.add(row, mm.parse(row.Text, ParseParams{}, e.opts.DefaultLanguage, nil))
			}
		}
	}
	return s.report(), nil
}
