package dialog

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// The values a question asks for count for a product only when one of its
// variants has them together, sold out or not: they tell apart products
// the words fit alike.
func TestValuesMet_CountsValuesOneVariantHas(t *testing.T) {
	vase := &catalog.Product{Handle: "vase", Title: "Speckled Vase", Options: []string{"Color", "Size"},
		Variants: []catalog.Variant{
			{SKU: "V-SAND-20", Options: map[string]string{"Color": "Sand", "Size": "20 cm"}},
			{SKU: "V-SAND-30", Options: map[string]string{"Color": "Sand", "Size": "30 cm"}, Stock: 0},
			{SKU: "V-SLATE-20", Options: map[string]string{"Color": "Slate", "Size": "20 cm"}, Stock: 3},
		}}
	jar := &catalog.Product{Handle: "jar", Title: "Plain Jar", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "J-20", Options: map[string]string{"Size": "20 cm"}, Stock: 9},
			{SKU: "J-30", Options: map[string]string{"Size": "30 cm"}, Stock: 9},
		}}
	board := &catalog.Product{Handle: "board", Title: "Felt Board", Options: []string{"Size"},
		Variants: []catalog.Variant{{SKU: "B-6090", Options: map[string]string{"Size": "60 x 90 cm"}, Stock: 2}}}
	sand := nlu.Entity{Entity: "color", Value: "sand", Text: "sand"}
	for _, c := range []struct {
		name string
		p    *catalog.Product
		text string
		ents []nlu.Entity
		want int
	}{
		{"colour and size of one variant", vase, "the vase in sand, 30 cm?", []nlu.Entity{sand}, 2},
		{"a colour the product lacks counts nothing", jar, "the vase in sand, 30 cm?", []nlu.Entity{sand}, 1},
		{"a combination no variant has meets nothing", vase, "slate in 30 cm?", nil, 0},
		{"a measure is met whole, not by its last number", board, "the board in 90 cm", []nlu.Entity{{Entity: "size", Value: "90 cm", Text: "90 cm"}}, 0},
		{"a measure said whole", board, "the board in 60 x 90 cm", nil, 1},
		{"nothing asked", vase, "do you have vases?", nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := nlu.Result{Text: c.text, Entities: c.ents}
			if got := len(valuesMet(c.p, res)); got != c.want {
				t.Fatalf("valuesMet(%s, %q) = %d, want %d", c.p.Handle, c.text, got, c.want)
			}
		})
	}
}
