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
