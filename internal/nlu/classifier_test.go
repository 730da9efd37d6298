package nlu

import (
	"math/rand/v2"
	"testing"
)

func TestSumRows_SameSumsAsRowByRow(t *testing.T) {
	// sumRows sums eight intents at a time; the model must come out the
	// same to the bit as adding row by row, for any number of intents.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{35, 8, 16, 17, 3, 1} {
		const nFeat = 50
		w := make([]float32, nFeat*k)
		for i := range w {
			w[i] = rng.Float32() - 0.5
		}
		for range 20 {
			var feats []int32
			for range rng.IntN(30) {
				feats = append(feats, int32(rng.IntN(nFeat)))
			}
			got := make([]float32, k)
			for i := range got {
				got[i] = 99 // sumRows must overwrite, not add to, what was there
			}
			sumRows(got, w, feats)
			for j := range k {
				var want float32
				for _, f := range feats {
					want += w[int(f)*k+j]
				}
				if got[j] != want {
					t.Fatalf("k=%d intent %d: %v, want %v", k, j, got[j], want)
				}
			}
		}
	}
}
