package nlu

import (
	"math"
	"math/rand/v2"
	"slices"
)

// classifier is a linear model over hashed features, shared by all
// languages: most features belong to one language anyway, and a shared model
// still works when language identification is wrong.
//
// It is trained as an averaged perceptron with a margin. Logistic regression
// by SGD was measured first: equally accurate here but it updates every
// intent for every feature of every example, which cost seconds at start-up;
// the perceptron touches two intents per update. The margin (scaled by the
// square root of the feature count) makes it keep updating examples it gets
// right but only just, which is what lifted it to logistic regression's
// accuracy. Two such models on different shuffles are averaged, and the
// weights of a naive Bayes model over the same features are added (see
// naiveBayes). A softmax with a temperature turns the scores into
// confidences; the temperature is refitted per language on the calibration
// set (calibrate.go).
type classifier struct {
	intents []string
	feats   featSet   // hashed bucket → compact feature id
	w       []float32 // nFeat × len(intents) weights, while training
	rows    sparseRows
	bias    []float32 // per intent, added once per known feature (naive Bayes' denominator)
	temp    float64   // softmax temperature
	nn      *knn      // nearest training examples, a second opinion
}

// maxIntents is how many intents the model can tell apart: an intent is
// stored in a byte (sparseRows.col, knn.y).
const maxIntents = 256

type sample struct {
	feats []int32
	y     int
	w     float32 // 1 for a training line, augWeight for an augmented copy
}

const trainMargin = 5.0

var trainEpochs = 4

// TrainSeed seeds the perceptron's shuffle. The product never changes it;
// the benchmarks do (goeval -seed), to measure how much accuracy depends on
// the order in which the examples happen to be seen.
var TrainSeed = [2]uint64{1, 2}

// trainClassifier fits the model, and a temperature on a held-back tenth of
// the examples so that the confidence means what it says. The examples from
// nOrig on are augmented copies (augment.go): they weigh augWeight and are
// never held back.
func trainClassifier(intents []string, xs [][]uint32, ys []int, nOrig int) *classifier {
	c := &classifier{intents: intents}
	// Features seen in only one example cannot generalise; dropping them
	// shrinks the model by more than half, and a smaller model is a faster
	// one (training is bound by memory, not arithmetic).
	// A feature that the augmented copies add (a typo's n-grams, a
	// wrapper word next to the request) must be seen augMinCount times,
	// counting a training line and the copies: most of a copy's features
	// are its line's own, and every kept feature is a row of weights.
	count := make([]uint8, 1<<hashBits)  // in training lines, up to 2
	acount := make([]uint8, 1<<hashBits) // in augmented copies
	for i, x := range xs {
		for _, h := range x {
			switch {
			case i < nOrig && count[h] < 2:
				count[h]++
			case i >= nOrig && acount[h] < 255:
				acount[h]++
			}
		}
	}
	keep := func(h uint32) bool {
		return count[h] >= 2 || int(count[h])+int(acount[h]) >= int(augMinCount)
	}
	c.feats = newFeatSet(keep)
	nFeat := c.feats.n
	samples := make([]sample, len(xs))
	for i, x := range xs {
		f := make([]int32, 0, len(x))
		for _, h := range x {
			if id := c.feats.id(h); id >= 0 {
				f = append(f, id)
			}
		}
		// a repeated n-gram adds little; dropping repeats saves time
		slices.Sort(f)
		f = slices.Compact(f)
		samples[i] = sample{feats: f, y: ys[i], w: 1}
		if i >= nOrig {
			samples[i].w = augWeight
		}
	}
	// Every tenth example of each intent is held back for calibration.
	seen := make([]int, len(intents))
	var fit, held []sample
	for i, s := range samples {
		if i >= nOrig {
			fit = append(fit, s)
			continue
		}
		seen[s.y]++
		if seen[s.y]%10 == 5 {
			held = append(held, s)
		} else {
			fit = append(fit, s)
		}
	}
	// Two perceptrons, each on its own shuffle, are averaged: the order of
	// examples alone moves one model's accuracy by a point, the average by a
	// few tenths. One of them leaves out the held-back tenth, on which the
	// softmax temperature is fitted. They train side by side on two
	// goroutines (we run on at least two cores). A third model of 3 epochs
	// was measured too: no more accurate with this much data, and slower.
	pFit := fit
	if !augPerceptron {
		pFit = slices.DeleteFunc(slices.Clone(fit), func(s sample) bool { return s.w != 1 })
	}
	type part struct {
		w    []float32
		temp float64
	}
	done := make(chan part, 1)
	nbDone := make(chan nbModel, 1)
	go func() {
		if len(held) == 0 {
			done <- part{nil, 1}
			return
		}
		w := perceptron(pFit, nFeat, len(intents), 1)
		// The temperature is fitted on the combined model; its naive Bayes
		// half has seen the held-back tenth, so this temperature is a little
		// too sure: it only serves languages without calibration messages.
		nb := <-nbDone
		nbDone <- nb
		cw := slices.Clone(w)
		for i := range cw {
			cw[i] += nbWeight * nb.d[i]
		}
		done <- part{w, fitTemperature(held, cw, nb.bias)}
	}()
	nb := naiveBayes(samples, nFeat, len(intents))
	nbDone <- nb
	if knnWeight != 0 {
		// the neighbours are the training lines themselves: an augmented
		// copy next to its original would only double its vote
		c.nn = newKNN(samples[:nOrig], nFeat)
	}
	pSamples := samples
	if !augPerceptron {
		pSamples = samples[:nOrig]
	}
	c.w = perceptron(pSamples, nFeat, len(intents), 0)
	r := <-done
	c.temp = r.temp
	if r.w != nil {
		for i := range c.w {
			c.w[i] = (c.w[i] + r.w[i]) / 2
		}
	}
	for i := range c.w {
		c.w[i] += nbWeight * nb.d[i]
	}
	c.bias = nb.bias
	c.rows = sparsify(c.w, len(intents))
	c.w = nil
	return c
}

// Naive Bayes settings, chosen on round 5 of the training files with a model
// trained without it (style_test.go): weights 0.5 to 5 and smoothing 0.03 to
// 3 were measured.
var (
	nbWeight = float32(1)
	nbAlpha  = 0.03
)

// nbModel is a naive Bayes model over the classifier's features, split so
// that most of it is zero: the log-likelihood of feature f under intent j is
// log(count+α) − den[j] (up to a constant per feature, which no score
// notices). d holds log(count+α) − log α, which is 0 wherever the feature was
// never seen with the intent (most entries); bias holds −den[j] × nbWeight,
// added once per known feature of a message. Stored whole, the rows were
// dense, 35 intents for every one of 260,000 features; split, a row has the
// few intents its feature was seen with.
type nbModel struct {
	d    []float32 // nFeat × k
	bias []float32 // k
}

// naiveBayes returns the naive Bayes half of the model. Added to the
// perceptron's weights it is a second opinion that counts every feature of
// every example, where the perceptron learns only from its mistakes and leans
// on the few features that settled them; text in another style often lacks
// those. On round 5 (other shops' customers' styles), with a model trained
// without it, accuracy went from .873 to .898; on the calibration set from
// .888 to .914.
func naiveBayes(samples []sample, nFeat, k int) nbModel {
	cnt := make([]float32, nFeat*k)
	tot := make([]float64, k)
	for _, s := range samples {
		for _, f := range s.feats {
			cnt[int(f)*k+s.y] += s.w
		}
		tot[s.y] += float64(s.w) * float64(len(s.feats))
	}
	bias := make([]float32, k)
	for j := range bias {
		bias[j] = -nbWeight * float32(math.Log(tot[j]+nbAlpha*float64(nFeat)))
	}
	// Most counts are small multiples of a half (most are 0; augmented
	// copies count a half): a table of their logarithms saves millions of
	// calls at start-up.
	var logs [512]float64
	for i := range logs {
		logs[i] = math.Log(float64(i)/2+nbAlpha) - math.Log(nbAlpha)
	}
	for i, c := range cnt {
		if c == 0 {
			continue
		}
		if h := c * 2; h < float32(len(logs)) && h == float32(int(h)) {
			cnt[i] = float32(logs[int(h)])
		} else {
			cnt[i] = float32(math.Log(float64(c)+nbAlpha) - math.Log(nbAlpha))
		}
	}
	return nbModel{d: cnt, bias: bias}
}

// perceptron trains an averaged perceptron with dense weights: a row of
// intents per feature, contiguous so that scoring streams through memory.
// stream moves TrainSeed, so that models trained side by side see the
// examples in different orders. The average uses the usual trick: u accumulates step×update, and the averaged
// weight is w − u/steps. Scoring reads only w, which is where training spends
// its time, so u lives apart and w stays half as large in the cache.
func perceptron(samples []sample, nFeat, k int, stream uint64) []float32 {
	w := make([]float32, nFeat*k)
	u := make([]float32, nFeat*k)
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(TrainSeed[0]+stream, TrainSeed[1]))
	score := make([]float32, k)
	step := float32(1)
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			s := samples[idx]
			sumRows(score, w, s.feats)
			rival := -1
			for j := range score {
				if j != s.y && (rival < 0 || score[j] > score[rival]) {
					rival = j
				}
			}
			if score[s.y]-score[rival] <= trainMargin*float32(math.Sqrt(float64(len(s.feats)))) {
				a, as := s.w, s.w*step
				for _, f := range s.feats {
					o := int(f) * k
					w[o+s.y] += a
					u[o+s.y] += as
					w[o+rival] -= a
					u[o+rival] -= as
				}
			}
			step++
		}
	}
	for i := range w {
		w[i] -= u[i] / step
	}
	return w
}

// sumRows sets score (one per intent) to the sum of the rows of w of the
// features feats. It is where training spends most of its time. Eight
// intents at a time are summed in registers over all the features, which
// is about twice as fast as adding each row into score; the sums are the
// same to the bit, since each intent's terms are still added in the order
// of feats.
func sumRows(score, w []float32, feats []int32) {
	k := len(score)
	j := 0
	for ; j+8 <= k; j += 8 {
		var a0, a1, a2, a3, a4, a5, a6, a7 float32
		for _, f := range feats {
			o := int(f)*k + j
			r := w[o : o+8 : o+8]
			a0 += r[0]
			a1 += r[1]
			a2 += r[2]
			a3 += r[3]
			a4 += r[4]
			a5 += r[5]
			a6 += r[6]
			a7 += r[7]
		}
		score[j], score[j+1], score[j+2], score[j+3] = a0, a1, a2, a3
		score[j+4], score[j+5], score[j+6], score[j+7] = a4, a5, a6, a7
	}
	if j == k {
		return
	}
	rest := score[j:]
	clear(rest)
	for _, f := range feats {
		o := int(f)*k + j
		r := w[o : o+len(rest)]
		for i, v := range r {
			rest[i] += v
		}
	}
}

// logits sums the weights of the features of a message into z. It returns
// the share of the message's features the model does not know (seen in
// fewer than two training examples): the calibration reads it as how
// unfamiliar the message is.
func (c *classifier) logits(z []float64, feats []uint32) (unseen float64) {
	var buf [512]int32
	ids := buf[:0]
	n := 0
	for _, h := range feats {
		id := c.feats.id(h & hashMask)
		if id < 0 {
			n++
		}
		ids = append(ids, id)
	}
	c.weightsQ(z, ids)
	c.nn.vote(z, ids)
	if len(feats) == 0 {
		return 0
	}
	return float64(n) / float64(len(feats))
}

// weights sums the dense weights w (and bias once per feature) of the
// features into z.
func weights(z []float64, w, bias []float32, feats []int32) {
	k := len(z)
	var acc [64]float32
	a := acc[:k]
	if k > len(acc) {
		a = make([]float32, k)
	}
	for _, f := range feats {
		if f < 0 {
			continue
		}
		row := w[int(f)*k : int(f)*k+k]
		row = row[:len(a)]
		for j, v := range row {
			a[j] += v + bias[j]
		}
	}
	// Scores grow with the number of features; scale as the margin does.
	n := float32(math.Sqrt(float64(len(feats) + 1)))
	for j := range z {
		z[j] = float64(a[j] / n)
	}
}

// weightsQ is weights on the stored, sparse model.
func (c *classifier) weightsQ(z []float64, feats []int32) {
	k := len(z)
	var acc [64]float32
	a := acc[:k]
	if k > len(acc) {
		a = make([]float32, k)
	}
	known := 0
	for _, f := range feats {
		if f < 0 {
			continue
		}
		known++
		col, val, s := c.rows.row(f)
		val = val[:len(col)]
		for i, j := range col {
			a[j] += float32(val[i]) * s
		}
	}
	n := float32(math.Sqrt(float64(len(feats) + 1)))
	for j := range z {
		z[j] = float64((a[j] + float32(known)*c.bias[j]) / n)
	}
}

func softmax(z []float64, temp float64) {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	sum := 0.0
	for j, v := range z {
		z[j] = math.Exp((v - m) / temp)
		sum += z[j]
	}
	for j := range z {
		z[j] /= sum
	}
}

// fitTemperature picks the temperature with the lowest negative
// log-likelihood on examples the model did not see.
func fitTemperature(held []sample, w, bias []float32) float64 {
	k := len(bias)
	ls := make([][]float64, len(held))
	for i, s := range held {
		ls[i] = make([]float64, k)
		weights(ls[i], w, bias, s.feats)
	}
	z := make([]float64, k)
	nll := func(logT float64) float64 {
		t, sum := math.Exp(logT), 0.0
		for i, s := range held {
			copy(z, ls[i])
			softmax(z, t)
			sum -= math.Log(max(z[s.y], 1e-12))
		}
		return sum
	}
	// The likelihood is unimodal in log T: a golden-section search needs
	// a few dozen evaluations where a grid needs hundreds.
	const phi = 0.6180339887498949
	lo, hi := math.Log(0.02), math.Log(20.0)
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for range 30 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}

// ranking returns the n most probable intents, best first.
func (c *classifier) ranking(probs []float64, n int) []IntentScore {
	out := make([]IntentScore, 0, n+1)
	for i, p := range probs {
		if len(out) == n && p <= out[n-1].Confidence {
			continue
		}
		// insertion into the short sorted list
		j := len(out)
		if j < n {
			out = append(out, IntentScore{})
		} else {
			j = n - 1
		}
		for j > 0 && out[j-1].Confidence < p {
			out[j] = out[j-1]
			j--
		}
		out[j] = IntentScore{Name: c.intents[i], Confidence: p}
	}
	return out
}
