package dialog

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// A shopper's word for a line is the same word as the one they asked with
// when one is the head of the other's compound, each with its own ending:
// "gryta" (the pot) names the "suppegryte" (the soup pot), "tapen" the
// "maskeringstape"; words that only share a few letters do not.
func TestSameWord_CompoundHeadWithItsOwnEnding(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"gryta", "suppegryte", true},
		{"tapen", "maskeringstape", true},
		{"bambusbrettet", "bambus", true},
		{"kanna", "vanningskanne", true},
		{"gryta", "grill", false},
		{"boot", "rainboots", true},
		{"hat", "chat", false},
	} {
		if got := sameWord(tt.a, tt.b); got != tt.want {
			t.Errorf("sameWord(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// The count of a message is its first quantity that is no measure: "20
// liter x2" counts two; "30 x 20" (a dimension) nothing; "2x 5a" and "2x
// 30ml" (the "x" written onto the count) two of that size.
func TestFirstCount_MeasuresAndDimensionsCountNothing(t *testing.T) {
	q := func(v int, start, end int) nlu.Entity {
		return nlu.Entity{Entity: "quantity", Value: v, Start: start, End: end}
	}
	for _, tt := range []struct {
		text string
		ents []nlu.Entity
		want int
	}{
		{"cat litter 20 liter x2", []nlu.Entity{q(20, 11, 13), q(2, 20, 22)}, 2},
		{"bamboo board 30 x 20 please", []nlu.Entity{q(30, 13, 17), q(20, 18, 20)}, 0},
		{"board 30x20cm", []nlu.Entity{q(30, 6, 8)}, 0},
		{"can i get 2x 5a hickory sticks", []nlu.Entity{q(2, 10, 12)}, 2},
		{"2x 30ml ink", []nlu.Entity{q(2, 0, 2), q(30, 3, 5)}, 2},
	} {
		n, _ := quantitySaid(nlu.Result{Text: tt.text, Entities: tt.ents})
		if n != tt.want {
			t.Errorf("%q counts %d, want %d", tt.text, n, tt.want)
		}
	}
}
