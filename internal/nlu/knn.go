package nlu

import (
	"encoding/binary"
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
	start []uint32     // per block of rowBlock features: where their postings start in post
	df    []uint8      // per feature: examples it is in; 0 when it is not indexed
	post  []byte       // each feature's examples, ascending, as uvarint gaps
	idf   [256]float32 // by df
	norm  []float32    // per example
	y     []uint8      // per example
	pool  sync.Pool    // *knnScratch
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

// newKNN indexes the examples. The postings are stored as gaps between
// example numbers, one to three bytes each, where 32-bit numbers took 8 MB of
// the idle server's memory (issue #17); a feature's document frequency fits a
// byte because features in more than knnMaxDF (≤ 255) examples are not indexed.
func newKNN(samples []sample, nFeat int) *knn {
	maxDF := min(knnMaxDF, 255)
	df := make([]int32, nFeat)
	for _, s := range samples {
		for _, f := range s.feats {
			df[f]++
		}
	}
	n := float64(len(samples))
	k := &knn{start: make([]uint32, (nFeat+knnBlock-1)/knnBlock), df: make([]uint8, nFeat), norm: make([]float32, len(samples)), y: make([]uint8, len(samples))}
	for d := 1; d <= maxDF; d++ {
		k.idf[d] = float32(math.Log(n / float64(d)))
	}
	off := make([]int32, nFeat+1)
	for f, d := range df {
		if d > 0 && int(d) <= maxDF {
			k.df[f] = uint8(d)
		} else {
			df[f] = 0
		}
		off[f+1] = off[f] + df[f]
	}
	ids := make([]int32, off[nFeat])
	pos := slices.Clone(off[:nFeat])
	for i, s := range samples {
		k.y[i] = uint8(s.y)
		sq := float32(0)
		for _, f := range s.feats {
			if k.df[f] > 0 {
				ids[pos[f]] = int32(i)
				pos[f]++
				w := k.idf[k.df[f]]
				sq += w * w
			}
		}
		k.norm[i] = float32(math.Sqrt(float64(sq)))
	}
	post := make([]byte, 0, len(ids)*2)
	for f := range nFeat {
		if f%knnBlock == 0 {
			k.start[f/knnBlock] = uint32(len(post))
		}
		prev := int32(0)
		for _, d := range ids[off[f]:off[f+1]] {
			post = binary.AppendUvarint(post, uint64(d-prev))
			prev = d
		}
	}
	k.post = clipped(post)
	return k
}

// knnBlock is how many features share a start in knn.post: finding a
// feature's postings skips those of at most knnBlock−1 others. Blocks of 16
// made a parse twice as slow; blocks of 4 cost 0.2 MB more.
const knnBlock = 4

// postings returns where feature f's postings start in post.
func (k *knn) postings(f int32) int {
	b := int(f) / knnBlock
	p := int(k.start[b])
	for g := b * knnBlock; g < int(f); g++ {
		for left := k.df[g]; left > 0; p++ {
			if k.post[p] < 0x80 {
				left--
			}
		}
	}
	return p
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
		case k.df[f] > 0:
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
		w := k.idf[k.df[f]]
		qn += w * w
		p, d := k.postings(f), int32(0)
		for range k.df[f] {
			// most gaps are one or two bytes: decode those inline
			v := int32(k.post[p])
			p++
			if v >= 0x80 {
				v &= 0x7f
				for shift := 7; ; shift += 7 {
					b := int32(k.post[p])
					p++
					v |= (b & 0x7f) << shift
					if b < 0x80 {
						break
					}
				}
			}
			d += v
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
