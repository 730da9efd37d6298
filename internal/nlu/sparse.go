package nlu

import (
	"math"
	"math/bits"
)

// The trained model is most of the server's idle memory (issue #17), so it
// is stored compactly: features are looked up in a bitmap instead of a
// table of 2^20 ids, and the weights are kept only where they are not zero,
// as bytes with a scale per feature. The figures are in docs/benchmarks.md,
// "Idle memory, round 6".

// featSet maps a hashed feature to its compact id, which is its rank among
// the kept hashes: one bit per possible hash and a running count per 64 of
// them, 192 KB where a table of ids took 4 MB.
type featSet struct {
	bits []uint64 // 1<<hashBits bits: is the hash kept?
	rank []uint32 // per word of bits: kept hashes before it
	n    int      // kept hashes
}

func newFeatSet(keep func(h uint32) bool) featSet {
	s := featSet{bits: make([]uint64, 1<<hashBits/64), rank: make([]uint32, 1<<hashBits/64)}
	for h := uint32(0); h < 1<<hashBits; h++ {
		if keep(h) {
			s.bits[h>>6] |= 1 << (h & 63)
		}
	}
	for w, b := range s.bits {
		s.rank[w] = uint32(s.n)
		s.n += bits.OnesCount64(b)
	}
	return s
}

// id returns the compact id of hash h (< 1<<hashBits), or -1 when the model
// does not know it.
func (s *featSet) id(h uint32) int32 {
	w := h >> 6
	b := s.bits[w]
	m := uint64(1) << (h & 63)
	if b&m == 0 {
		return -1
	}
	return int32(s.rank[w] + uint32(bits.OnesCount64(b&(m-1))))
}

// sparseRows are the classifier's weights, row by row (a row per feature,
// an entry per intent), without the zeros. A feature is seen with a few
// intents and the perceptron updates a few more, so a row has 6 entries on
// average out of 35. Each entry is an intent and a signed byte; the row's
// byte is scaled by its largest weight, so the rounding is at most a 254th
// of that weight.
type sparseRows struct {
	start []uint32 // where each block of rowBlock rows starts in col and val
	n     []uint8  // entries per row
	col   []uint8  // intent of each entry
	val   []int8   // weight of each entry, in units of the row's scale
	scale []uint16 // per row, a float32's upper half (bfloat16)
}

const rowBlock = 16

// sparsify stores the dense nFeat × k weights w as sparseRows.
func sparsify(w []float32, k int) sparseRows {
	nFeat := len(w) / k
	r := sparseRows{
		start: make([]uint32, (nFeat+rowBlock-1)/rowBlock),
		n:     make([]uint8, nFeat),
		scale: make([]uint16, nFeat),
	}
	nnz := 0
	for f := 0; f < nFeat; f++ {
		if f%rowBlock == 0 {
			r.start[f/rowBlock] = uint32(nnz)
		}
		row := w[f*k : f*k+k]
		m := float32(0)
		for _, v := range row {
			m = max(m, v, -v)
		}
		if m == 0 {
			continue
		}
		// round the scale up to what a bfloat16 holds, so that no
		// weight's quotient passes 127
		sb := math.Float32bits(m / 127)
		sb = (sb + 0xFFFF) &^ 0xFFFF
		s := math.Float32frombits(sb)
		r.scale[f] = uint16(sb >> 16)
		for j, v := range row {
			q := math.Round(float64(v / s))
			if q == 0 {
				continue // a weight under half a step says nothing
			}
			r.col = append(r.col, uint8(j))
			r.val = append(r.val, int8(q))
			r.n[f]++
			nnz++
		}
	}
	r.col = clipped(r.col)
	r.val = clipped(r.val)
	return r
}

// clipped returns s in an array of its own length, so that the capacity
// append left behind is not kept alive.
func clipped[T any](s []T) []T {
	out := make([]T, len(s))
	copy(out, s)
	return out
}

// row returns feature f's entries and scale.
func (r *sparseRows) row(f int32) (col []uint8, val []int8, scale float32) {
	b := int(f) / rowBlock
	i := int(r.start[b])
	for g := b * rowBlock; g < int(f); g++ {
		i += int(r.n[g])
	}
	e := i + int(r.n[f])
	return r.col[i:e], r.val[i:e], math.Float32frombits(uint32(r.scale[f]) << 16)
}
