package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// apiary is a made-up beekeeping shop: a trade the product vocabulary has
// no words for.
func apiary() []catalog.Product {
	p := func(handle, title, typ, sku string) catalog.Product {
		return catalog.Product{Handle: handle, Title: title, Type: typ, Status: "active",
			Variants: []catalog.Variant{{SKU: sku, Price: eur("15.00"), Stock: 4}}}
	}
	return []catalog.Product{
		p("copper-smoker", "Copper Smoker", "Smokers", "B1"),
		p("queen-excluder", "Queen Excluder", "Excluders", "B2"),
		p("hive-tool", "Stainless Hive Tool", "Hive Tools", "B3"),
		p("cedar-hive", "Cedar Langstroth Hive", "Hives", "B4"),
	}
}

// A search whose first product meets only part of the shopper's words is
// shown as a question ("did you mean …?"), never as the answer; a sure one
// is answered as before, and the reply to the question picks one or, fitting
// none, is searched afresh.
func TestSearch_AnUnsureMatchIsAskedNotAnswered(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		// wantAsk is the field the last reply asks for; want a part of it,
		// not a part it must not hold.
		wantAsk, want, not string
		first              string // the first product card of the last reply, when set
	}{
		{"a sure match is the answer", []string{"copper smoker"}, "", "I found", "Did you mean", "copper-smoker"},
		{"one word of two met: a question with the products as options", []string{"copper excluder"}, "product", "Did you mean", "fits", "queen-excluder"},
		{"the reply that names one of them picks it", []string{"copper excluder", "the queen excluder"}, "", "Queen Excluder", "Did you mean", "queen-excluder"},
		{"the reply that fits none of them is searched afresh", []string{"copper excluder", "cedar hive"}, "", "I found", "Did you mean", "cedar-hive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shop, useShop := shopWith(t, apiary())
			sc := script{}
			for _, s := range tt.steps {
				sc[s] = intent("product_search")
			}
			h := checkoutHarness(t, sc, "en", nil, shop)
			useShop(h)
			var out, ask, first string
			for _, s := range tt.steps {
				ms := h.say(s)
				out, ask = texts(ms), lastInput(ms)
				if c := find(ms, "products"); c != nil && len(c.Items) > 0 {
					first = c.Items[0].Handle
				}
			}
			if first != tt.first {
				t.Errorf("first product shown %q, want %q: %s", first, tt.first, out)
			}
			if ask != tt.wantAsk {
				t.Errorf("last reply asks %q, want %q: %s", ask, tt.wantAsk, out)
			}
			if !strings.Contains(out, tt.want) || tt.not != "" && strings.Contains(out, tt.not) {
				t.Errorf("last reply %q: want %q in it, %q not", out, tt.want, tt.not)
			}
		})
	}
}

// Tapping a product of the unsure list shows it as the one found; "add it"
// after the question is no yes to a guess: nothing goes in the cart.
func TestSearch_AGuessIsNotAddedWithoutAPick(t *testing.T) {
	shop, useShop := shopWith(t, apiary())
	h := checkoutHarness(t, script{"copper excluder": intent("product_search"), "add it": intent("add_to_cart")}, "en", nil, shop)
	useShop(h)
	h.say("copper excluder")
	out := h.say("add it")
	if got := h.cartLines(); len(got) != 0 {
		t.Fatalf("cart = %v after an unsure list and \"add it\": %s", got, texts(out))
	}
	out = h.tap("focus:queen-excluder")
	if !strings.Contains(texts(out), "Queen Excluder") {
		t.Fatalf("the tapped product is not shown: %s", texts(out))
	}
	out = h.say("add it")
	if got := h.cartLines(); got["B2"] != 1 {
		t.Fatalf("cart = %v after the pick and \"add it\": %s", got, texts(out))
	}
}

// "Add the copper excluder" where the catalogue is unsure which product
// that is asks among the likeliest; the guess is not put in the cart.
func TestAddToCart_AnUnsureMatchIsAskedNotAdded(t *testing.T) {
	shop, useShop := shopWith(t, apiary())
	h := checkoutHarness(t, script{"add the copper excluder": intent("add_to_cart")}, "en", nil, shop)
	useShop(h)
	out := h.say("add the copper excluder")
	if got := h.cartLines(); len(got) != 0 {
		t.Fatalf("cart = %v: an unsure match was added: %s", got, texts(out))
	}
	if ask := lastInput(out); ask != "product" {
		t.Fatalf("last reply asks %q, want which product: %s", ask, texts(out))
	}
}

// "The 3 metre one" about a tape measure on screen is the tape measure in
// 3 m, not a product whose title has the word "meter"; three is no count.
func TestAddToCart_AMeasureAloneIsASizeOfTheProductOnScreen(t *testing.T) {
	tape := catalog.Product{Handle: "tape", Title: "Tape Measure", Type: "Measuring", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "T3", Options: map[string]string{"Size": "3m"}, Price: eur("5.95"), Stock: 9},
			{SKU: "T5", Options: map[string]string{"Size": "5m"}, Price: eur("8.95"), Stock: 9},
		}}
	laser := catalog.Product{Handle: "laser", Title: "Laser Distance Meter 40m", Type: "Measuring", Status: "active",
		Variants: []catalog.Variant{{SKU: "L40", Price: eur("49.95"), Stock: 9}}}
	level := catalog.Product{Handle: "level", Title: "Spirit Level 60cm", Type: "Measuring", Status: "active",
		Variants: []catalog.Variant{{SKU: "S60", Price: eur("19.95"), Stock: 9}}}
	for _, tt := range []struct{ name, first string }{
		{"the product in focus", "do you have a tape measure?"},
		{"one product of a list", "measuring tools"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{tape, laser, level})
			first := intent("product_search")
			if tt.first == "do you have a tape measure?" {
				first = intent("product_availability", ent("product", "tape", "tape measure"))
			}
			h := checkoutHarness(t, script{tt.first: first, "the 3 metre one": intent("add_to_cart", ent("quantity", 3, "3"))}, "en", nil, shop)
			useShop(h)
			h.say(tt.first)
			out := h.say("the 3 metre one")
			if got, want := h.cartLines(), map[string]int{"T3": 1}; !sameLines(got, want) {
				t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
			}
		})
	}
}

// "Add a zzyzx" in a shop with nothing of the kind, nothing on
// screen: an honest "found nothing", not "which product?" about nothing.
func TestAddToCart_NothingFoundIsSaidNotAskedAbout(t *testing.T) {
	shop, useShop := shopWith(t, apiary())
	h := checkoutHarness(t, script{"add a zzyzx please": intent("add_to_cart")}, "en", nil, shop)
	useShop(h)
	out := texts(h.say("add a zzyzx please"))
	if !strings.Contains(out, "couldn't find") || strings.Contains(out, "Which product") {
		t.Fatalf("reply %q: want an honest not found", out)
	}
}

// "Done, pay" while "did you mean …?" is open, with something in the cart,
// is the checkout of the cart, not words to search for.
func TestSearch_PayWhileAnUnsureQuestionIsOpenChecksOutTheCart(t *testing.T) {
	shop, useShop := shopWith(t, apiary())
	pay := intent("checkout")
	pay.Intent.Confidence = 0.85
	h := checkoutHarness(t, script{"add the copper smoker": intent("add_to_cart"), "copper excluder": intent("product_search"), "done": pay}, "en", nil, shop)
	useShop(h)
	h.say("add the copper smoker")
	if out := h.say("copper excluder"); lastInput(out) != "product" {
		t.Fatalf("want the unsure question: %s", texts(out))
	}
	out := h.say("done")
	if lastInput(out) != "email" {
		t.Fatalf("\"done\" with the smoker in the cart asks %q, want the checkout's e-mail: %s", lastInput(out), texts(out))
	}
}
