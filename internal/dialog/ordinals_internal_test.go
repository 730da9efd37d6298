package dialog

import "testing"

// A shopper picks the n-th product the way they type it: Armenian ordinals
// with the article or a case ending, in either script, and a position
// written as a number.
func TestChoosing_OrdinalsAsShoppersTypeThem(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"երկրորդը", 1},
		{"erkrordy", 1},
		{"երկրորդը վերցնեմ", 1},
		{"առաջինը", 0},
		{"arajiny kuzem", 0},
		{"errordic mek hat", 2},
		{"第2个", 1},
		{"要第3款", 2},
		{"nr. 2 takk", 1},
		{"nummer 3", 2},
		{"den andre", 1},
		{"第二个", 1},
		{"tredjemann", -1},
		{"sksnaki hamar 2 hat", -1},
		{"no 2 of them", -1},
		{"2 stuks", -1},
	} {
		if got := ordinal(c.text); got != c.want {
			t.Errorf("ordinal(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}
