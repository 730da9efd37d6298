package dialog

import "testing"

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
