package fold

import "testing"

func TestSlip_OneSlipOfTheFingersIsNoOtherWord(t *testing.T) {
	for _, tc := range []struct {
		typed, word string
		want        bool
	}{
		{"lanterm", "lantern", true},  // neighbouring keys
		{"lanetrn", "lantern", true},  // two letters swapped
		{"lantrn", "lantern", true},   // one dropped
		{"lanttern", "lantern", true}, // one doubled
		{"kettel", "kettle", true},    // swapped
		{"kandle", "candle", true},    // one sound, first letter
		{"tulpe", "tulip", false},     // two edits
		{"lantern", "lantern", true},
		{"shame", "shape", false}, // m is no neighbour of p
		{"grove", "glove", false}, // nor r of l
		{"bolt", "colt", false},   // another first letter
		{"rattle", "battle", false},
		{"oaster", "toaster", false}, // the first letter dropped: another word
		{"vanille", "vanilla", true}, // a vowel for a vowel: one sound
	} {
		if got := Slip(tc.typed, tc.word); got != tc.want {
			t.Errorf("Slip(%q, %q) = %v, want %v", tc.typed, tc.word, got, tc.want)
		}
	}
}
