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
