package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// pumps are two products of one kind whose titles barely differ, the shelf
// where "which one?" is asked most.
func pumps() []catalog.Product {
	return []catalog.Product{
		{Handle: "kestrel-pump", Title: "Kestrel Floor Pump", Type: "Bike Pumps", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "KFP-S", Options: map[string]string{"Size": "S"}, Price: eur("24.00"), Stock: 5},
				{SKU: "KFP-L", Options: map[string]string{"Size": "L"}, Price: eur("24.00"), Stock: 0},
			}},
		{Handle: "kestrel-pump-pro", Title: "Kestrel Floor Pump Pro", Type: "Bike Pumps", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "KPP-S", Options: map[string]string{"Size": "S"}, Price: eur("39.00"), Stock: 5},
				{SKU: "KPP-L", Options: map[string]string{"Size": "L"}, Price: eur("39.00"), Stock: 3},
			}},
	}
}

func pumpScript() script {
	unsure := func(name string) nlu.Result {
		return nlu.Result{Intent: nlu.IntentScore{Name: name, Confidence: 0.4}}
	}
	return script{
		"floor pumps":            intent("product_search", ent("category", "floor pump", "floor pumps")),
		"two floor pumps in L":   intent("add_to_cart", ent("category", "floor pump", "floor pumps"), ent("quantity", 2, "two"), ent("size", "L", "L")),
		"add it":                 intent("add_to_cart"),
		"add one, not the pro":   intent("add_to_cart"),
		"the one under 30 euro":  intent("add_to_cart", ent("money", nlu.MoneyValue{Amount: "30", Bound: "max"}, "under 30 euro")),
		"put it in the basket":   intent("add_to_cart"),
		"pay":                    intent("checkout"),
		"the quiet one with fog": unsure("product_info"),
		"add two in S":           intent("add_to_cart", ent("quantity", 2, "two"), ent("size", "S", "S")),
		"the pro in L then":      intent("add_to_cart", ent("size", "L", "L")),
		"2 of those in S then":   intent("add_to_cart", ent("quantity", 2, "2"), ent("size", "S", "S")),
		"do you ship the pro pump to Ireland?": {Intent: nlu.IntentScore{Name: "shipping_info", Confidence: 0.99},
			Entities: []nlu.Entity{ent("category", "floor pump", "pump")}},
	}
}

func TestWhichProduct(t *testing.T) {
	for _, tt := range []struct {
		name  string
		say   []string
		want  map[string]int // the cart at the end; nil: not checked
		field string         // what the bot waits for at the end
	}{
		// The size said fits one candidate in stock: no question.
		{"a size only one candidate has in stock chooses it", []string{"two floor pumps in L"}, map[string]int{"KPP-L": 2}, ""},
		// Asked once, the shopper says "add it" again: the best of them,
		// not the same question twice.
		{"the question ignored is not asked again", []string{"floor pumps", "add it", "put it in the basket"}, nil, "size"},
		// An answer the bot cannot place gets the choices once more, and
		// is no reason to ask for ever.
		{"an unreadable answer is asked again once then the best is taken", []string{"floor pumps", "add it", "the quiet one with fog", "the quiet one with fog"}, nil, "size"},
		// "Pay" while the question is open and the cart is empty: the
		// checkout of the best candidate, not "choose first" without choices.
		{"pay with the question open goes on to buy", []string{"floor pumps", "add it", "pay"}, nil, "size"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, pumpScript(), pumps())
			var last string
			var msgs = h.say(tt.say[0])
			for i, s := range tt.say[1:] {
				msgs = h.say(s)
				if i == 0 && len(tt.say) > 2 && lastInput(msgs) != "product" {
					t.Fatalf("%q: asks %q, want which product: %s", s, lastInput(msgs), texts(msgs))
				}
			}
			last = lastInput(msgs)
			if last == "product" {
				t.Fatalf("the bot still waits for which product: %s", texts(msgs))
			}
			if tt.field != "" && last != tt.field {
				t.Fatalf("waits for %q, want %q: %s", last, tt.field, texts(msgs))
			}
			if tt.want != nil {
				if got := h.cartLines(); !sameLines(got, tt.want) {
					t.Fatalf("cart %v, want %v: %s", got, tt.want, texts(msgs))
				}
			}
		})
	}
}

// The question offers the candidates best first and tells alike titles
// apart by their price.
func TestWhichProduct_TheQuestionShowsThePricesOfAlikeTitles(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	out := h.say("add it")
	if lastInput(out) != "product" {
		t.Fatalf("\"add it\" after two pumps asks %q: %s", lastInput(out), texts(out))
	}
	opts := out[len(out)-1].Options
	if len(opts) != 2 || !strings.Contains(opts[0].Title, "24") || !strings.Contains(opts[1].Title, "39") {
		t.Fatalf("options %v, want both pumps with their prices", opts)
	}
}

// The size and count said with the request wait for the choice: tapping
// one of the candidates adds it in that size, that many, without asking
// the size again.
func TestWhichProduct_TheSizeAndCountSaidAreKeptForTheChoice(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	out := h.say("add two in S")
	if lastInput(out) != "product" {
		t.Fatalf("two pumps both in S: asks %q, want which product: %s", lastInput(out), texts(out))
	}
	out = h.tap("focus:kestrel-pump-pro")
	if got := h.cartLines(); !sameLines(got, map[string]int{"KPP-S": 2}) {
		t.Fatalf("cart %v after the choice, want 2 × KPP-S: %s", got, texts(out))
	}
}

func TestWhichProduct_AFirstUnreadableAnswerGetsTheChoicesAgain(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	h.say("add it")
	out := h.say("the quiet one with fog")
	if lastInput(out) != "product" || len(out[len(out)-1].Options) != 2 {
		t.Fatalf("a first answer naming neither pump: asks %q with %v, want the two again", lastInput(out), out[len(out)-1].Options)
	}
}

// What the shopper rules out is no candidate: "not the pro" leaves one.
func TestWhichProduct_WhatIsRuledOutLeavesTheOther(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	out := h.say("add one, not the pro")
	if got := texts(out); lastInput(out) != "size" || !strings.Contains(got, "Kestrel Floor Pump") || strings.Contains(got, "Pump Pro") {
		t.Fatalf("\"not the pro\" asks %q: %s, want the size of the plain pump", lastInput(out), got)
	}
}

// A size said in the answer beats the one kept from the request.
func TestWhichProduct_TheAnswersOwnSizeWins(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	if out := h.say("add two in S"); lastInput(out) != "product" {
		t.Fatalf("two pumps both in S: asks %q, want which product: %s", lastInput(out), texts(out))
	}
	out := h.say("the pro in L then")
	if got := h.cartLines(); !sameLines(got, map[string]int{"KPP-L": 2}) {
		t.Fatalf("cart %v after \"the pro in L then\", want 2 × KPP-L: %s", got, texts(out))
	}
}

// A budget said leaves the candidates within it.
func TestWhichProduct_TheBudgetSaidChooses(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	out := h.say("the one under 30 euro")
	if got := texts(out); lastInput(out) != "size" || strings.Contains(got, "Pump Pro") {
		t.Fatalf("\"the one under 30 euro\" asks %q: %s, want the size of the €24 pump", lastInput(out), got)
	}
}

// A question about the shop asked while "which one?" is open is answered as
// itself, never read as the choice, and the choice is still made after it.
func TestWhichProduct_AShopQuestionBetweenIsAnsweredAndTheChoiceGoesOn(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	if out := h.say("add it"); lastInput(out) != "product" {
		t.Fatalf("\"add it\" after two pumps asks %q: %s", lastInput(out), texts(out))
	}
	out := h.say("do you ship the pro pump to Ireland?")
	if got := h.cartLines(); len(got) != 0 || lastInput(out) == "size" || !strings.Contains(texts(out), "Delivery") {
		t.Fatalf("a question about delivery was read as a choice: cart %v, asks %q: %s", got, lastInput(out), texts(out))
	}
	if last := out[len(out)-1]; lastInput(out) != "product" || len(last.Options) != 2 {
		t.Fatalf("the choice is not offered again under the answer: asks %q, options %v", lastInput(out), last.Options)
	}
	out = h.say("the pro in L then")
	if got, want := h.cartLines(), map[string]int{"KPP-L": 1}; !sameLines(got, want) {
		t.Fatalf("cart %v, want %v: %s", got, want, texts(out))
	}
}

// An answer to "which one?" that names no product but a size ("2 of those
// in S then") takes the best of the candidates in that size and count,
// rather than asking the size again.
func TestWhichProduct_TheSizeSaidInTheAnswerIsKept(t *testing.T) {
	h := newHarnessWith(t, pumpScript(), pumps())
	h.say("floor pumps")
	if out := h.say("add it"); lastInput(out) != "product" {
		t.Fatalf("\"add it\" after two pumps asks %q: %s", lastInput(out), texts(out))
	}
	out := h.say("2 of those in S then")
	got := h.cartLines()
	if lastInput(out) != "" || len(got) != 1 || got["KFP-S"]+got["KPP-S"] != 2 {
		t.Fatalf("cart %v, asks %q, want two pumps in S: %s", got, lastInput(out), texts(out))
	}
}
