package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A size the shopper names ("中号", "M") finds products whose size values
// carry detail after the letter ("M 900 ml", "M (38-40)"), not only those
// whose value is the bare letter, and does not call them sold out.
func TestSearch_SizeLetterFindsSizesWithDetail(t *testing.T) {
	v := func(sku, size string, stock int) catalog.Variant {
		return catalog.Variant{SKU: sku, Options: map[string]string{"Size": size}, Price: eur("8.00"), Stock: stock}
	}
	more := []catalog.Product{
		{Handle: "steady-bowl", Title: "Steady Non-Slip Steel Bowl", Type: "Bowls", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{v("SB-S", "S 450 ml", 3), v("SB-M", "M 900 ml", 3), v("SB-L", "L 1.8 L", 3)}},
		{Handle: "comb-tool", Title: "Groom Comb Tool", Type: "Grooming", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{v("GC-S", "S", 3), v("GC-M", "M", 3)}},
	}
	for _, tt := range []struct{ text, size, said string }{
		{"有没有防滑碗，中号", "M", "中号"},
		{"non-slip bowl in medium", "M", "medium"},
		{"sklisikker skål str. L", "L", "L"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			res := intent("product_search", ent("category", "tableware", "碗"), ent("size", tt.size, tt.said))
			h := newHarnessWith(t, script{tt.text: res}, more)
			out := h.say(tt.text)
			if got := firstShown(out); got != "steady-bowl" || strings.Contains(texts(out), "sold out") {
				t.Errorf("%q: first product %q, want steady-bowl, in stock in its size: %s", tt.text, got, texts(out))
			}
		})
	}
}
