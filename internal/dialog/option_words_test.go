package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// "The coloured ones" in any language is the catalogue's "Assorted" (or
// "Tri-colour", "Mixed"): the vocabulary reads both as several colours.
func TestAddToCart_ColouredInTheShoppersWordsIsTheAssortedValue(t *testing.T) {
	for _, said := range []string{"彩色的", "de gekleurde graag", "գունավորը տվեք", "the coloured ones"} {
		t.Run(said, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{crayons()})
			h := checkoutHarness(t, script{
				"wax crayons": intent("product_search", ent("product", "wax-crayons", "wax crayons")),
				said:          intent("add_to_cart"),
			}, "en", nil, shop)
			useShop(h)
			h.say("wax crayons")
			out := h.say(said)
			if got, want := h.cartLines(), map[string]int{"WC-8-AST": 1}; !sameLines(got, want) {
				t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
			}
		})
	}
}

// The answer to "which size?" may name the colour as well; and a value
// chosen that leaves one value of the other option in stock needs no
// second question.
func TestAddToCart_TheOtherValueInTheAnswerOrTheOnlyOneLeftIsTaken(t *testing.T) {
	tests := []struct{ answer, want string }{
		{"the blue 24-box", "WC-24-BLU"},
		{"assorted", "WC-8-AST"},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{crayons()})
			h := checkoutHarness(t, script{
				"add the wax crayons": intent("add_to_cart", ent("product", "wax-crayons", "wax crayons")),
				tt.answer:             intent("add_to_cart"),
			}, "en", nil, shop)
			useShop(h)
			h.say("add the wax crayons")
			out := h.say(tt.answer)
			if got, want := h.cartLines(), map[string]int{tt.want: 1}; !sameLines(got, want) {
				t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
			}
		})
	}
}

func crayons() catalog.Product {
	return catalog.Product{Handle: "wax-crayons", Title: "Wax Crayon Box", Type: "Crayons", Status: "active", Options: []string{"Size", "Color"},
		Variants: []catalog.Variant{
			{SKU: "WC-8-BLU", Options: map[string]string{"Size": "8-box", "Color": "Blue"}, Price: eur("3.00"), Stock: 5},
			{SKU: "WC-8-AST", Options: map[string]string{"Size": "8-box", "Color": "Assorted"}, Price: eur("3.50"), Stock: 5},
			{SKU: "WC-24-BLU", Options: map[string]string{"Size": "24-box", "Color": "Blue"}, Price: eur("7.00"), Stock: 5},
		}}
}
