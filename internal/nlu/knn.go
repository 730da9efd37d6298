package nlu

import (
	"math"
	"slices"
	"sync"
)

// knn is a second opinion next to the linear model: the training examples
// nearest to a message, by cosine similarity over the same features weighted
// by their inverse document frequency, vote for their intents. The linear
// model sums evidence feature by feature; a near neighbour matches a phrase
// as a whole ("is there a waiting list for" next to the back-in-stock
// examples that say it), which is what text in a stranger's style often has
// and the weights miss. The vote is added to the logits, so the calibration
// is fitted on the combination.
type knn struct {
	off  []int32   // feature → its postings, ids[off[f]:off[f+1]]
	ids  []int32   // example indices
	idf  []float32 // per feature; 0 for features too common to index
	norm []float32 // per example
	y    []int32   // per example
	pool sync.Pool // *knnScratch
}

// knnScratch is one parse's dot products, dense by example, and the examples
// it touched (to clear them again).
type knnScratch struct {
	dot     []float32
	touched []int32
}

// kNN settings, chosen on the development sets (docs/benchmarks-nlu.md).
var (
	knnK      = 5
	knnWeight = 10.0
	knnMaxDF  = 150 // features in more examples than this say little and cost most
)

func newKNN(samples []sample, nFeat int) *knn {
	df := make([]int32, nFeat)
	for _, s := range samples {
		for _, f := range s.feats {
			df[f]++
		}
	}
	n := float64(len(samples))
	k := &knn{off: make([]int32, nFeat+1), idf: make([]float32, nFeat), norm: make([]float32, len(samples)), y: make([]int32, len(samples))}
	for f, d := range df {
		if d > 0 && int(d) <= knnMaxDF {
			k.idf[f] = float32(math.Log(n / float64(d)))
		} else {
			df[f] = 0
		}
		k.off[f+1] = k.off[f] + df[f]
	}
	k.ids = make([]int32, k.off[nFeat])
	pos := slices.Clone(k.off[:nFeat])
	for i, s := range samples {
		k.y[i] = int32(s.y)
		sq := float32(0)
		for _, f := range s.feats {
			if w := k.idf[f]; w > 0 {
				k.ids[pos[f]] = int32(i)
				pos[f]++
				sq += w * w
			}
		}
		k.norm[i] = float32(math.Sqrt(float64(sq)))
	}
	return k
}

// vote adds weight × the similarity-weighted intent shares of the k nearest
// examples to z. ids are the message's compact feature ids (-1 unknown).
func (k *knn) vote(z []float64, ids []int32) {
	if k == nil || knnWeight == 0 {
		return
	}
	// message features, each once
	var fbuf [512]int32
	fs := fbuf[:0]
	unknown := 0
	for _, f := range ids {
		switch {
		case f < 0:
			unknown++
		case k.idf[f] > 0:
			fs = append(fs, f)
		}
	}
	slices.Sort(fs)
	fs = slices.Compact(fs)
	if len(fs) == 0 {
		return
	}
	sc, _ := k.pool.Get().(*knnScratch)
	if sc == nil {
		sc = &knnScratch{dot: make([]float32, len(k.y))}
	}
	defer func() {
		for _, d := range sc.touched {
			sc.dot[d] = 0
		}
		sc.touched = sc.touched[:0]
		k.pool.Put(sc)
	}()
	qn := float32(0)
	for _, f := range fs {
		w := k.idf[f]
		qn += w * w
		for _, d := range k.ids[k.off[f]:k.off[f+1]] {
			if sc.dot[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			sc.dot[d] += w * w
		}
	}
	// Features never seen in training are as rare as a feature can be: they
	// count in the message's norm, so that "blorp zingle wafflecat again"
	// is not a near neighbour of every "order it again".
	maxIDF := float32(math.Log(float64(len(k.y))))
	qn += float32(unknown) * maxIDF * maxIDF
	qn = float32(math.Sqrt(float64(qn)))
	type hit struct {
		d   int32
		sim float32
	}
	var best [16]hit
	top := best[:0]
	kk := min(knnK, len(best))
	for _, d := range sc.touched {
		sim := sc.dot[d] / (qn * k.norm[d])
		if len(top) == kk && sim <= top[kk-1].sim {
			continue
		}
		j := len(top)
		if j < kk {
			top = append(top, hit{})
		} else {
			j = kk - 1
		}
		for j > 0 && (top[j-1].sim < sim || top[j-1].sim == sim && top[j-1].d > d) {
			top[j] = top[j-1]
			j--
		}
		top[j] = hit{d, sim}
	}
	sum := float32(0)
	for _, h := range top {
		sum += h.sim
	}
	if sum == 0 {
		return
	}
	// The shares are scaled by the best similarity: a close phrasing
	// speaks with full weight, a faint one barely.
	for _, h := range top {
		z[k.y[h.d]] += knnWeight * float64(h.sim/sum*top[0].sim)
	}
}
