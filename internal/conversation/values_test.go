package conversation

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestValues_EncodeAsAPlainMap checks that a card's maps read the same on
// the wire as map[string]string did, HTML escaping on and off included.
func TestValues_EncodeAsAPlainMap(t *testing.T) {
	tests := []map[string]string{
		nil,
		{},
		{"Size": "42"},
		{"Size": "M", "Color": "Black", "Colour": "Zwart", "A": ""},
		{"颜色": "黑色", "Չափ": "Մ", "Størrelse": "Blå"},
		{"quote": `say "hi"`, "back": `a\b`, "ctl": "a\nb\tc\x01"},
		{"html": "<b>&</b>", "sep": "a\u2028b\u2029c", "bad": "a\xffb"},
	}
	for _, m := range tests {
		for _, escape := range []bool{true, false} {
			var got, want bytes.Buffer
			e1, e2 := json.NewEncoder(&got), json.NewEncoder(&want)
			e1.SetEscapeHTML(escape)
			e2.SetEscapeHTML(escape)
			if err := e1.Encode(ItemVariant{Options: Values(m), Display: Values(m)}); err != nil {
				t.Fatal(err)
			}
			type plain struct {
				SKU     string            `json:"sku"`
				Options map[string]string `json:"options"`
				InStock bool              `json:"in_stock"`
				Stock   int               `json:"stock"`
				Price   struct {
					Amount   string `json:"amount"`
					Currency string `json:"currency"`
				} `json:"price"`
				Display map[string]string `json:"display,omitempty"`
				Payload string            `json:"payload,omitempty"`
			}
			p := plain{Options: m, Display: m}
			p.Price.Amount = "0.00" // no currency: two decimals
			if err := e2.Encode(p); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("escape=%v:\n got %s\nwant %s", escape, got.String(), want.String())
			}
		}
	}
}
