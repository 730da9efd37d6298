package dialog_test

import (
	"strings"
	"testing"
)

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

// Two things asked for together and shown, none in the cart yet: a removal
// of one of them adds the other (the shopper speaks as if both were in),
// by the shop's words or by the shopper's own ("the allotment one" for the
// trowel asked for the allotment); "just the X", even heard as a removal,
// adds only X; "drop the X, just the Y" takes X away; a number before a unit
// ("a 10 litre can") is its size, no count; and nothing named adds nothing.
func TestMulti_TakingOneAwayBeforeAnyIsAddedAddsTheRest(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	ask := intent("product_search", ent("quantity", 10, "10"))
	ask.Entities[0].Start, ask.Entities[0].End = 8, 10
	s := script{
		"a green 10 litre watering can and a steel hand trowel for the allotment": ask,
		"take the trowel out":           sure(intent("remove_from_cart"), 0.99),
		"fjern vanningskanna":           sure(intent("remove_from_cart"), 0.99),
		"just the trowel":               sure(intent("remove_from_cart"), 0.98),
		"drop the trowel, just the can": sure(intent("remove_from_cart"), 0.99),
		"take the gloves out":           sure(intent("remove_from_cart"), 0.99),
	}
	for _, tt := range []struct {
		name, say string
		want      map[string]int
	}{
		{"a removal adds the other", "take the trowel out", map[string]int{"CAN-GRN": 1}},
		{"by the shopper's own word", "take the allotment one out", map[string]int{"CAN-GRN": 1}},
		{"just the one named", "just the trowel", map[string]int{"TRW-1": 1}},
		{"the removal's clause names what goes", "drop the trowel, just the can", map[string]int{"CAN-GRN": 1}},
		{"nothing named: nothing added", "take the gloves out", map[string]int{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil, shop)
			useShop(h)
			out := texts(h.say("a green 10 litre watering can and a steel hand trowel for the allotment"))
			if !strings.Contains(out, "for each") {
				t.Fatalf("two things asked together, not shown each: %s", out)
			}
			out = texts(h.say(tt.say))
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, out)
			}
		})
	}
}
