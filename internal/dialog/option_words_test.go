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

// A product the shopper took out of the cart is not bought back by the
// guess "pay" with an empty cart makes from the list on screen.
func TestCheckout_AProductTakenOutIsNotBoughtBackByAGuess(t *testing.T) {
	pot := func(handle, title, sku string) catalog.Product {
		return catalog.Product{Handle: handle, Title: title, Type: "Pots", Status: "active",
			Variants: []catalog.Variant{{SKU: sku, Price: eur("4.00"), Stock: 5}}}
	}
	shop, useShop := shopWith(t, []catalog.Product{
		pot("clay-pot", "Clay Flower Pot", "CP-1"),
		pot("clay-saucer", "Clay Pot Saucer", "CS-1"),
		pot("stone-pot", "Stone Flower Pot", "SP-1"),
	})
	h := checkoutHarness(t, script{
		"clay pot saucers":          intent("product_search"),
		"add a clay pot saucer too": intent("add_to_cart"),
		"take the saucer out":       intent("remove_from_cart"),
		"how do I pay":              intent("checkout"),
	}, "en", nil, shop)
	useShop(h)
	h.say("clay pot saucers")
	h.say("add a clay pot saucer too")
	if got := h.cartLines(); got["CS-1"] != 1 {
		t.Fatalf("cart = %v after the add, want the saucer", got)
	}
	h.say("take the saucer out")
	out := h.say("how do I pay")
	if got := h.cartLines(); got["CS-1"] != 0 {
		t.Fatalf("cart = %v: the saucer taken out was bought back: %s", got, texts(out))
	}
}

// "The cheaper one in teal" among products on screen is the cheapest of
// those that come in teal, not the cheapest shown.
func TestAddToCart_TheCheaperOneInAColourIsTheCheapestOfThatColour(t *testing.T) {
	mug := func(handle, title, price string, colours ...string) catalog.Product {
		p := catalog.Product{Handle: handle, Title: title, Type: "Mugs", Status: "active", Options: []string{"Color"}}
		for _, c := range colours {
			p.Variants = append(p.Variants, catalog.Variant{SKU: handle + "-" + c, Options: map[string]string{"Color": c}, Price: eur(price), Stock: 5})
		}
		return p
	}
	for _, said := range []string{"doe maar de goedkopere in die teal kleur", "the cheaper one in teal"} {
		t.Run(said, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{
				mug("enamel-mug", "Enamel Camp Mug", "9.00", "Teal", "Cream"),
				mug("stoneware-mug", "Stoneware Mug", "14.00", "Teal", "Grey"),
				mug("paper-cup", "Paper Cup Sleeve", "2.00", "White"),
			})
			h := checkoutHarness(t, script{
				"mugs": intent("product_search"),
				said:   intent("add_to_cart"),
			}, "en", nil, shop)
			useShop(h)
			h.say("mugs")
			out := h.say(said)
			if got, want := h.cartLines(), map[string]int{"enamel-mug-Teal": 1}; !sameLines(got, want) {
				t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
			}
		})
	}
}
