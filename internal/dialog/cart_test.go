package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// Removing a line by its size, by its place in the cart, or with words that
// name it only as one to keep: the right line goes, or the shopper is asked
// which, and nothing else is taken out.
func TestRemoveFromCart_BySizeByOrdinalAndNotTheLineToKeep(t *testing.T) {
	s := script{
		"take the 43 out":                intent("remove_from_cart", ent("size", "43", "43")),
		"drop the second one":            intent("remove_from_cart"),
		"drop the shoes, just the socks": intent("remove_from_cart"),
	}
	tests := []struct {
		name string
		add  []string
		say  string
		want map[string]int
	}{
		{"by size", []string{"PACE-42", "PACE-43"}, "take the 43 out", map[string]int{"PACE-42": 1}},
		{"by ordinal", []string{"SOCK-1", "PACE-42"}, "drop the second one", map[string]int{"SOCK-1": 1}},
		{"the only line named as the one to keep", []string{"SOCK-1"}, "drop the shoes, just the socks", map[string]int{"SOCK-1": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil)
			for _, sku := range tt.add {
				h.tap("add:" + sku)
			}
			out := h.say(tt.say)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}

// "Plus the hiking socks" beside a full cart, read by an unsure NLU as a
// question about the socks or their stock, is one more thing for the cart;
// the same words as a sure stock question stay a question.
func TestAddToCart_AlsoAProductReadAsAnUnsureQuestionIsAnAdd(t *testing.T) {
	for _, tt := range []struct {
		name, say string
		res       nlu.Result
		added     bool
	}{
		{"unsure product info", "plus the merino hiking socks", intent("product_info", ent("product", "wool-socks", "merino hiking socks")), true},
		{"unsure stock question", "also the merino hiking socks pls", intent("product_availability", ent("product", "wool-socks", "merino hiking socks")), true},
		{"sure stock question", "also do you have the merino hiking socks", intent("product_availability", ent("product", "wool-socks", "merino hiking socks")), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.res.Intent.Confidence = 0.7
			if !tt.added {
				tt.res.Intent.Confidence = 0.97
			}
			h := newHarness(t, script{tt.say: tt.res})
			h.tap("add:PACE-43")
			out := h.say(tt.say)
			if got := h.cartLines()["SOCK-1"] == 1; got != tt.added {
				t.Fatalf("socks added = %v, want %v: %s", got, tt.added, texts(out))
			}
		})
	}
}

// A count from a message read as a search ("yes two, one more for her")
// does not make a later "add it to the basket" add more of a line the
// shopper already set.
func TestAddToCart_ACountNotedEarlierDoesNotAddToALineAlreadySet(t *testing.T) {
	h := newHarness(t, script{
		"merino hiking socks, two more for her": intent("product_search", ent("product", "wool-socks", "merino hiking socks"), ent("quantity", 2, "two")),
		"add it to the basket":                  intent("add_to_cart"),
	})
	h.tap("add:SOCK-1")
	h.say("merino hiking socks, two more for her")
	before := h.cartLines()["SOCK-1"]
	out := h.say("add it to the basket")
	if got := h.cartLines()["SOCK-1"]; got != before {
		t.Fatalf("socks went from %d to %d on an add without a number: %s", before, got, texts(out))
	}
}

// "Change it to size 43" with two lines in the cart, the last one a product
// that comes in no sizes: the line whose product comes in 43 is changed.
func TestChangeOption_TheLineWhoseProductTakesTheValueIsChanged(t *testing.T) {
	h := checkoutHarness(t, script{"change it to size 43": intent("change_order", ent("size", "43", "43"))}, "en", nil)
	h.tap("add:PACE-42")
	h.tap("add:SOCK-1")
	out := h.say("change it to size 43")
	if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 1, "SOCK-1": 1}) {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
}

// A product singled out by a stock question, then "and …" another product
// asked about (not added): the first was chosen and goes into the cart, so
// taking the second out later does not leave an empty cart. A list of
// several shown is no choice: nothing is added for it.
func TestAddImplied_AndAnotherProductKeepsTheOneInFocus(t *testing.T) {
	for _, tt := range []struct {
		name, first, then string
		res               nlu.Result
		want              map[string]int
	}{
		{"and, after a stock answer", "do you have the merino hiking socks?", "and the pace road runner in 43",
			intent("product_search", ent("product", "pace", "pace road runner")), map[string]int{"SOCK-1": 1}},
		{"and, as a stock question", "do you have the merino hiking socks?", "and pace road runner in 43?",
			intent("product_availability", ent("product", "pace", "pace road runner")), map[string]int{"SOCK-1": 1}},
		{"no and: a new question", "do you have the merino hiking socks?", "pace road runner in 43?",
			intent("product_availability", ent("product", "pace", "pace road runner")), map[string]int{}},
		{"and, after a list", "running shoes", "and the merino hiking socks",
			intent("product_search", ent("product", "wool-socks", "merino hiking socks")), map[string]int{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			first := intent("product_availability", ent("product", "wool-socks", "merino hiking socks"))
			if tt.first == "running shoes" {
				first = intent("product_search")
			}
			first.Intent.Confidence, tt.res.Intent.Confidence = 0.97, 0.97
			h := newHarness(t, script{tt.first: first, tt.then: tt.res})
			h.say(tt.first)
			out := h.say(tt.then)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}

// A count said with a stock question ("the merino socks, I'd take two")
// chose that product: adding another one next keeps it, with its count. A
// stock question without a count chose nothing.
func TestAddImplied_ACountedProductStaysWhenAnotherIsAdded(t *testing.T) {
	for _, tt := range []struct {
		name, first string
		res         nlu.Result
		want        map[string]int
	}{
		{"counted", "do you have the merino hiking socks? I'd take two",
			intent("product_availability", ent("product", "wool-socks", "merino hiking socks"), ent("quantity", 2, "two")),
			map[string]int{"SOCK-1": 2, "PACE-43": 1}},
		{"no count", "do you have the merino hiking socks?",
			intent("product_availability", ent("product", "wool-socks", "merino hiking socks")),
			map[string]int{"PACE-43": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			add := intent("add_to_cart", ent("product", "pace", "pace road runner"), ent("size", "43", "43"))
			add.Intent.Confidence, tt.res.Intent.Confidence = 0.97, 0.97
			h := newHarness(t, script{tt.first: tt.res, "put the pace road runner 43 in": add})
			h.say(tt.first)
			out := h.say("put the pace road runner 43 in")
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}
