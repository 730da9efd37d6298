package dialog_test

import (
	"testing"
)

// Removing a line by its size, by its place in the cart, or with words that
// name it only as one to keep: the right line goes, or the shopper is asked
// which, and nothing else is taken out.
func TestRemoveFromCart_BySizeByOrdinalAndNotTheLineToKeep(t *testing.T) {
	s := script{
		"take the 43 out":                intent("remove_from_cart", ent("size", "43", "43")),
		"drop the second one":            intent("remove_from_cart"),
		"drop the shoes, just the socks": intent("remove_from_cart"),
	}
	tests := []struct {
		name string
		add  []string
		say  string
		want map[string]int
	}{
		{"by size", []string{"PACE-42", "PACE-43"}, "take the 43 out", map[string]int{"PACE-42": 1}},
		{"by ordinal", []string{"SOCK-1", "PACE-42"}, "drop the second one", map[string]int{"SOCK-1": 1}},
		{"the only line named as the one to keep", []string{"SOCK-1"}, "drop the shoes, just the socks", map[string]int{"SOCK-1": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil)
			for _, sku := range tt.add {
				h.tap("add:" + sku)
			}
			out := h.say(tt.say)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}
