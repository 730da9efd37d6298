package dialog_test

import "testing"

func TestMulti_TwoThingsAskedTogetherAreShownThenAddedEach(t *testing.T) {
	h := newHarness(t, script{
		"merino socks and running shoes": intent("product_search"),
		"one of each":                    intent("add_to_cart"),
	})
	out := h.say("merino socks and running shoes")
	cards := find(out, "products")
	if cards == nil || len(cards.Items) != 2 || cards.Items[0].Handle != "wool-socks" {
		t.Fatalf("each part looked up: %s %+v", texts(out), cards)
	}
	out = h.say("one of each")
	// Both are settled (the socks and the Pace have one variant each).
	if got := h.cartLines(); !sameLines(got, map[string]int{"SOCK-1": 1, "PACE-43": 1}) {
		t.Fatalf("cart %v: %s", got, texts(out))
	}
}

func TestMulti_ProductsNamedByTheirOwnNamesUnderAnUnsureGuess(t *testing.T) {
	unsureRemoval := intent("remove_from_cart")
	unsureRemoval.Intent.Confidence = 0.42
	comparing := intent("product_search")
	h := newHarness(t, script{
		"can I get the merino socks plus the pace": unsureRemoval,
		"the difference between aurora and pace":   comparing,
	})
	out := h.say("can I get the merino socks plus the pace")
	if got := h.cartLines(); !sameLines(got, map[string]int{"SOCK-1": 1, "PACE-43": 1}) {
		t.Fatalf("cart %v after two products asked for together: %s", got, texts(out))
	}
	// A question comparing two products is no request for both.
	h.say("the difference between aurora and pace")
	if len(h.cartLines()) != 2 {
		t.Fatalf("a comparison changed the cart: %v", h.cartLines())
	}
}

// Two products asked for in one message each get their own line with the
// colour said beside them, the line already in the cart stays, and an "&"
// inside one product's name splits nothing.
func TestMulti_EachPartKeepsItsColourAndTheFirstLineStays(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	add := intent("add_to_cart", ent("color", "blue", "blue"), ent("color", "grey", "grey"))
	add.Intent.Confidence = 0.96
	one := intent("add_to_cart")
	one.Intent.Confidence = 0.96
	h := checkoutHarness(t, script{
		"and the blue can + grey kneeling pad too": add,
		"a seed salt & pepper shaker please":       one,
	}, "en", nil, shop)
	useShop(h)
	h.tap("add:TW-JUTE")
	out := h.say("and the blue can + grey kneeling pad too")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TW-JUTE": 1, "CAN-BLU": 1, "KN-GRY": 1}) {
		t.Fatalf("cart = %v after two products with their colours: %s", got, texts(out))
	}
	out = h.say("a seed salt & pepper shaker please")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TW-JUTE": 1, "CAN-BLU": 1, "KN-GRY": 1, "SPS-1": 1}) {
		t.Fatalf("cart = %v after one product with an & in its name: %s", got, texts(out))
	}
}
