package nlu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

func TestSparsify_KeepsScores(t *testing.T) {
	// The stored rows must give the scores of the dense weights, up to the
	// rounding of each weight to a 254th of its row's largest, across
	// blocks of rows and with rows that are all zero.
	rng := rand.New(rand.NewPCG(3, 4))
	const k, nFeat = 35, 3*rowBlock + 5
	w := make([]float32, nFeat*k)
	for f := range nFeat {
		if f%7 == 3 {
			continue // a row of zeros
		}
		for j := range k {
			if rng.IntN(4) == 0 {
				w[f*k+j] = (rng.Float32() - 0.5) * float32(1+f)
			}
		}
	}
	bias := make([]float32, k)
	for j := range bias {
		bias[j] = -rng.Float32() * 10
	}
	c := &classifier{rows: sparsify(w, k), bias: bias}
	for f := range nFeat {
		for _, feats := range [][]int32{{int32(f)}, {int32(f), -1, int32(nFeat - 1 - f)}} {
			got := make([]float64, k)
			c.weightsQ(got, feats)
			want := make([]float64, k)
			weights(want, w, bias, feats)
			tol := 0.0
			for _, g := range feats {
				if g >= 0 {
					for j := range k {
						tol = max(tol, math.Abs(float64(w[int(g)*k+j]))/254*1.01)
					}
				}
			}
			for j := range k {
				if math.Abs(got[j]-want[j]) > tol*2+1e-5 {
					t.Fatalf("features %v intent %d: %v, want %v (±%v)", feats, j, got[j], want[j], tol*2)
				}
			}
		}
	}
	if nz := 0; true {
		for _, v := range w {
			if v != 0 {
				nz++
			}
		}
		if len(c.rows.col) > nz {
			t.Errorf("%d entries stored for %d non-zero weights", len(c.rows.col), nz)
		}
	}
}

func TestFeatSet_IDsAreRanksOfKeptHashes(t *testing.T) {
	kept := map[uint32]bool{0: true, 63: true, 64: true, 1000: true, 1<<hashBits - 1: true}
	s := newFeatSet(func(h uint32) bool { return kept[h] })
	want := map[uint32]int32{0: 0, 63: 1, 64: 2, 1000: 3, 1<<hashBits - 1: 4, 1: -1, 65: -1, 999: -1}
	for h, id := range want {
		if got := s.id(h); got != id {
			t.Errorf("id(%d) = %d, want %d", h, got, id)
		}
	}
	if s.n != len(kept) {
		t.Errorf("n = %d, want %d", s.n, len(kept))
	}
}

func TestLangModel_FindsEveryKeyAndNoOther(t *testing.T) {
	m := trainLangModel(map[string][]string{"en": {"where is my order", "zebra"}, "nl": {"waar is mijn bestelling"}})
	in := map[uint32]bool{}
	for i, h := range m.keys {
		in[h] = true
		if got, ok := m.find(h); !ok || got != i {
			t.Errorf("find(%d) = %d, %v; want %d, true", h, got, ok, i)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, h := range []uint32{0, 1, 1<<32 - 1, 1 << 31, hashMask, 1 << hashBits} {
		if _, ok := m.find(h); ok != in[h] {
			t.Errorf("find(%d) found = %v, want %v", h, ok, in[h])
		}
	}
	for range 100000 {
		h := rng.Uint32() & hashMask
		if _, ok := m.find(h); ok != in[h] {
			t.Fatalf("find(%d) found = %v, want %v", h, ok, in[h])
		}
	}
}

// TestModel_StaysSmallInMemory guards issue #17: the trained engine was most
// of the idle server's memory (41.6 MB, of a 51 MB live heap) before its
// model was stored compactly (11.0 MB).
func TestModel_StaysSmallInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e, err := New(Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(e)
	const limit = 14 << 20
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > limit {
		t.Errorf("a trained engine holds %.1f MB of heap, want at most %.1f MB", float64(grew)/(1<<20), float64(limit)/(1<<20))
	}
}

func TestAddExamples_RefusesMoreIntentsThanTheModelStores(t *testing.T) {
	// An intent is stored in a byte; a 257th must be refused, not wrap
	// around into another intent, and the model in use must stay.
	e := testEngine(t)
	before := e.cur.Load()
	var ex []Example
	for i := range maxIntents {
		ex = append(ex, Example{Lang: "en", Intent: fmt.Sprintf("retailer_%d", i), Text: "something"})
	}
	if err := e.AddExamples(ex); err == nil {
		t.Fatalf("%d new intents were accepted", len(ex))
	}
	if e.cur.Load() != before {
		t.Error("the model was replaced by a refused call")
	}
}
