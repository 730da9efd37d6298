package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// cosyShop is a made-up shop of two pairs of slippers that both come in
// rust; the felted ones are sold out in grey.
func cosyShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "felted-slippers", Title: "Felted Wool Slippers", Type: "Slippers", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "SLP-GRY", Options: map[string]string{"Color": "Grey"}, Price: eur("35.00"), Stock: 0},
				{SKU: "SLP-RST", Options: map[string]string{"Color": "Rust"}, Price: eur("35.00"), Stock: 6},
			}},
		{Handle: "suede-moccasins", Title: "Suede Moccasin Slippers", Type: "Slippers", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "MOC-RST", Options: map[string]string{"Color": "Rust"}, Price: eur("49.00"), Stock: 4},
				{SKU: "MOC-CRM", Options: map[string]string{"Color": "Cream"}, Price: eur("49.00"), Stock: 4},
			}},
	}
}

// A colour beside a word pointing back ("I'll take it in rust then") with
// no product named is the product talked about in that colour, though the
// similar pair shown beside it comes in rust too.
func TestAddToCart_ItInAColourIsTheProductTalkedAbout(t *testing.T) {
	for _, tc := range []struct{ name, pick string }{
		{"en", "pity, I'll take it in rust then"},
		{"nl", "jammer, doe die dan in rust"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop, useShop := shopWith(t, cosyShop())
			s := script{
				"are the felted slippers there in grey": intent("product_availability",
					ent("product", "felted-slippers", "felted slippers"), ent("color", "grey", "grey")),
				tc.pick: intent("add_to_cart", ent("color", "rust", "rust")),
			}
			cartAfterSaying(t, s, shop, useShop, []string{"are the felted slippers there in grey", tc.pick},
				map[string]int{"SLP-RST": 1})
		})
	}
}
