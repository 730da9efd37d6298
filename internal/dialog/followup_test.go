package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func TestFollowUp_NewValueSwapsTheCartLine(t *testing.T) {
	h := newHarness(t, script{
		// "red" at 4, "black" after "not": the one ruled out is skipped.
		"no, red not black": intent("deny", nlu.Entity{Entity: "color", Value: "red", Text: "red", Start: 4, End: 7},
			nlu.Entity{Entity: "color", Value: "black", Text: "black", Start: 12, End: 17}),
		"actually size 43": intent("product_search", ent("size", "43", "size 43")),
	})
	h.tap("add:AUR-42-BLK")
	h.tap("addone:AUR-42-BLK")
	out := h.say("no, red not black")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 2}) {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
	// Red in 43 does not exist (43 is only in black, sold out): the stock is
	// told and the line stays.
	out = h.say("actually size 43")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 2}) || find(out, "products") == nil {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
}

func TestFollowUp_UnsureGuessNamingAProductIsShopping(t *testing.T) {
	h := newHarness(t, script{
		"also the merino socks, add them": {Intent: nlu.IntentScore{Name: "complaint", Confidence: 0.37},
			Entities: []nlu.Entity{ent("product", "wool-socks", "merino socks")}},
		"thanks for the help": {Intent: nlu.IntentScore{Name: "thanks", Confidence: 0.45}},
	})
	out := h.say("also the merino socks, add them")
	if got := h.cartLines(); !sameLines(got, map[string]int{"SOCK-1": 1}) {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
	out = h.say("thanks for the help")
	if find(out, "products") != nil {
		t.Fatalf("a thank-you naming nothing the shop sells is no search: %s", texts(out))
	}
}

func TestFollowUp_OwnScriptKeepsTheLanguage(t *testing.T) {
	h := newHarness(t, script{
		"բարև ձեզ, ինչպե՞ս եք":     {Language: "hy", Intent: intent("greet").Intent},
		"merino socks ունե՞ք հիմա": {Language: "ms", Intent: intent("product_availability").Intent, Entities: []nlu.Entity{ent("product", "wool-socks", "merino socks")}},
	})
	h.say("բարև ձեզ, ինչպե՞ս եք")
	out := h.say("merino socks ունե՞ք հիմա")
	if txt := texts(out); len(out) == 0 || !containsArmenian(txt) {
		t.Fatalf("answer left Armenian: %s", txt)
	}
}

func containsArmenian(s string) bool {
	for _, r := range s {
		if r >= 0x0531 && r <= 0x058F {
			return true
		}
	}
	return false
}

func TestFollowUp_OneMoreInAnotherColourIsASecondLine(t *testing.T) {
	h := newHarness(t, script{
		"one more in red": intent("add_to_cart", ent("quantity", 1, "one"), ent("color", "red", "red")),
	})
	h.tap("add:AUR-42-BLK")
	out := h.say("one more in red")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-BLK": 1, "AUR-42-RED": 1}) {
		t.Fatalf("cart %v after \"one more in red\": %s", got, texts(out))
	}
}

func TestFollowUp_ImpossibleAfterSaleGuessIsShopping(t *testing.T) {
	h := newHarness(t, script{
		// A removal with a quantity while the cart is empty, and a reorder
		// from a shopper the shop knows no order of: both first purchases.
		"2x merino socks please": {Intent: nlu.IntentScore{Name: "remove_from_cart", Confidence: 0.79},
			Entities: []nlu.Entity{ent("quantity", 2, "2x"), ent("product", "wool-socks", "merino socks")}},
		"take the merino socks out": {Intent: nlu.IntentScore{Name: "remove_from_cart", Confidence: 0.95},
			Entities: []nlu.Entity{ent("product", "wool-socks", "merino socks")}},
	})
	out := h.say("take the merino socks out")
	if got := h.cartLines(); len(got) != 0 || find(out, "products") != nil {
		t.Fatalf("a removal from an empty cart without a quantity added or searched: cart %v: %s", got, texts(out))
	}
	out = h.say("2x merino socks please")
	if got := h.cartLines(); !sameLines(got, map[string]int{"SOCK-1": 2}) {
		t.Fatalf("cart = %v after \"2x merino socks please\" read as a removal: %s", got, texts(out))
	}

	h2 := newHarness(t, script{
		"could I order the merino socks?": {Intent: nlu.IntentScore{Name: "reorder", Confidence: 0.54},
			Entities: []nlu.Entity{ent("product", "wool-socks", "merino socks")}},
	})
	out = h2.say("could I order the merino socks?")
	if got := h2.cartLines(); !sameLines(got, map[string]int{"SOCK-1": 1}) {
		t.Fatalf("cart = %v after a first order read as a reorder: %s", got, texts(out))
	}
}

func TestFollowUp_UnsurePaymentProblemInOneWordWithAFullCartIsPaying(t *testing.T) {
	h := newHarness(t, script{
		"付款":                      {Language: "zh", Intent: nlu.IntentScore{Name: "payment_issue", Confidence: 0.56}},
		"my payment failed twice": {Intent: nlu.IntentScore{Name: "payment_issue", Confidence: 0.56}},
	})
	if out := h.say("付款"); lastInput(out) == "email" {
		t.Fatalf("an empty cart went to the checkout: %s", texts(out))
	}
	h.tap("add:SOCK-1")
	if out := h.say("my payment failed twice"); lastInput(out) == "email" {
		t.Fatalf("a payment problem in a sentence went to the checkout: %s", texts(out))
	}
	if out := h.say("付款"); lastInput(out) != "email" {
		t.Fatalf("\"付款\" with a full cart asks %q: %s", lastInput(out), texts(out))
	}
	// However sure the NLU is of a payment problem, a word of paying alone
	// with a cart and no order placed is paying.
	sure := newHarness(t, script{"付款": {Language: "zh", Intent: nlu.IntentScore{Name: "payment_issue", Confidence: 0.93}}})
	sure.tap("add:SOCK-1")
	if out := sure.say("付款"); lastInput(out) != "email" {
		t.Fatalf("\"付款\" read surely as a payment problem, with a full cart, asks %q: %s", lastInput(out), texts(out))
	}
}

func TestRecommendation_WhichIsBetterKeepsTheProductsOnScreen(t *testing.T) {
	h := newHarness(t, script{
		"running shoes":        intent("product_search", ent("category", "running shoes", "running shoes")),
		"which one is better?": intent("recommendation"),
		"the second one":       intent("add_to_cart"),
	})
	shown := find(h.say("running shoes"), "products")
	if shown == nil || len(shown.Items) != 2 {
		t.Fatalf("search showed %v", shown)
	}
	out := h.say("which one is better?")
	again := find(out, "products")
	if again == nil || len(again.Items) != 2 || again.Items[0].Handle != shown.Items[0].Handle || again.Items[1].Handle != shown.Items[1].Handle {
		t.Fatalf("\"which one is better?\" replaced the products on screen: %s", texts(out))
	}
	out = h.say("the second one")
	if got := texts(out); !strings.Contains(got, shown.Items[1].Title) {
		t.Fatalf("\"the second one\" after the comparison = %s, want %s", got, shown.Items[1].Title)
	}
}

// "That's it, pay then" read as a payment problem by an NLU that weighed
// paying too, with no payment link given yet: the checkout starts. A sure
// payment problem gets the help it asks for.
func TestPaymentIssue_HesitatingBetweenAProblemAndPayingWithNothingPaidYetIsPaying(t *testing.T) {
	hesitant := nlu.Result{Intent: nlu.IntentScore{Name: "payment_issue", Confidence: 0.7},
		IntentRanking: []nlu.IntentScore{{Name: "payment_issue", Confidence: 0.7}, {Name: "checkout", Confidence: 0.28}}}
	sure := nlu.Result{Intent: nlu.IntentScore{Name: "payment_issue", Confidence: 0.99},
		IntentRanking: []nlu.IntentScore{{Name: "payment_issue", Confidence: 0.99}, {Name: "checkout", Confidence: 0.01}}}
	h := newHarness(t, script{"that's it then, paying": hesitant, "the card got declined": sure})
	h.tap("add:SOCK-1")
	if out := h.say("the card got declined"); lastInput(out) == "email" {
		t.Fatalf("a sure payment problem went to the checkout: %s", texts(out))
	}
	if out := h.say("that's it then, paying"); lastInput(out) != "email" {
		t.Fatalf("a hesitant reading of paying asks %q: %s", lastInput(out), texts(out))
	}
}

// "Change that to 5 metres" with the 3 m tape measure in the cart swaps the
// line for the 5 m one: "metres" is the unit of the value, not the laser
// distance meter the shop also sells.
func TestFollowUp_AMeasureWhoseUnitNamesAnotherKindSwapsTheLine(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "tape", Title: "Steel Tape Measure", Type: "Measuring", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "TM-3", Options: map[string]string{"Size": "3m"}, Price: eur("5.95"), Stock: 5},
				{SKU: "TM-5", Options: map[string]string{"Size": "5m"}, Price: eur("8.95"), Stock: 5},
			}},
		{Handle: "laser", Title: "Laser Distance Meter 40m", Type: "Measuring", Status: "active",
			Variants: []catalog.Variant{{SKU: "LDM", Price: eur("49.95"), Stock: 5}}},
	})
	change := "no, change that to 5 metres please"
	h := checkoutHarness(t, script{
		"steel tape measure in 3m": intent("add_to_cart", ent("product", "tape", "steel tape measure"), ent("size", "3m", "3m")),
		change: intent("change_order", nlu.Entity{Entity: "quantity", Value: 5, Text: "5", Start: 20, End: 21},
			nlu.Entity{Entity: "category", Value: "meter", Text: "metres", Start: 22, End: 28}),
		"add it to cart": intent("add_to_cart"),
	}, "en", nil, shop)
	useShop(h)
	h.say("steel tape measure in 3m")
	out := h.say(change)
	out = append(out, h.say("add it to cart")...)
	if got, want := h.cartLines(), map[string]int{"TM-5": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}

// "No, make it black" after the stock of the red was told, read as a
// removal with nothing in the cart, is the black of the same product: the
// pay that follows buys the black, not "your cart is empty".
func TestFollowUp_ANewValueMisreadAsARemovalChangesTheProductInFocus(t *testing.T) {
	avail := intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "red", "red"))
	change := intent("remove_from_cart", ent("color", "black", "black"))
	change.Intent.Confidence = 0.7
	h := newHarness(t, script{"aurora in 42, red?": avail, "no, make it black": change, "pay": intent("checkout")})
	h.say("aurora in 42, red?")
	out := h.say("no, make it black")
	if strings.Contains(texts(out), "empty") {
		t.Fatalf("a new colour was read as a removal: %s", texts(out))
	}
	out = h.say("pay")
	if got, want := h.cartLines(), map[string]int{"AUR-42-BLK": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}

// "Hmm, make it a 42 after all" guessed a removal without conviction, with
// the 43 in the cart, swaps the line, as any unsure guess does.
func TestFollowUp_AnUnsureRemovalGuessWithANewValueSwapsTheLine(t *testing.T) {
	add := intent("add_to_cart", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "black", "black"))
	change := intent("remove_from_cart", ent("color", "red", "red"))
	change.Intent.Confidence = 0.36
	h := newHarness(t, script{"the aurora in 42, black": add, "hmm, make it red after all": change})
	h.say("the aurora in 42, black")
	out := h.say("hmm, make it red after all")
	if got, want := h.cartLines(), map[string]int{"AUR-42-RED": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}
