package dialog_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// The way to the payment link has no dead end: a request to pay that the
// classifier reads as something else, or that comes before the shopper
// put anything in the cart, still leads to the checkout.
func TestCheckout_ARequestToPayMisreadStillLeadsToTheCheckout(t *testing.T) {
	goodbye := func() nlu.Result {
		r := intent("goodbye")
		r.Intent.Confidence = 0.76
		return r
	}
	tests := []struct {
		name  string
		steps []string
		sc    script
		// wantAsk is the field the last reply asks for; wantText a part of it.
		wantAsk, wantText string
	}{
		{
			name:  "a goodbye that names paying, with a cart",
			steps: []string{"add the merino socks", "that was all, pay"},
			sc: script{
				"add the merino socks": intent("add_to_cart", ent("product", "merino socks", "merino socks")),
				"that was all, pay":    goodbye(),
			},
			wantAsk: "email",
		},
		{
			name:  "a goodbye without a word of paying stays a goodbye",
			steps: []string{"add the merino socks", "that was all, bye"},
			sc: script{
				"add the merino socks": intent("add_to_cart", ent("product", "merino socks", "merino socks")),
				"that was all, bye":    goodbye(),
			},
			wantText: "Before you go",
		},
		{
			name:  "how do I pay, the product settled but not yet in the cart",
			steps: []string{"do you have merino socks?", "how do I pay?"},
			sc: script{
				"do you have merino socks?": intent("product_availability", ent("product", "merino socks", "merino socks")),
				"how do I pay?":             intent("payment_methods"),
			},
			wantAsk: "email",
		},
		{
			name:  "pay after a list where one product fits the request best",
			steps: []string{"running shoes in 43", "checkout"},
			sc: script{
				"running shoes in 43": intent("product_search", ent("size", "43", "43")),
				"checkout":            intent("checkout"),
			},
			wantAsk: "email", wantText: "Pace Road Runner",
		},
		{
			name:  "pay after a list where none fits better: no guess, which of these",
			steps: []string{"running shoes", "checkout"},
			sc: script{
				"running shoes": intent("product_search"),
				"checkout":      intent("checkout"),
			},
			wantAsk: "product", wantText: "Which of these would you like",
		},
		{
			name:  "a thanks that names paying, with a cart, goes the same way as a goodbye",
			steps: []string{"add the merino socks", "thanks, that's it, pay now"},
			sc: script{
				"add the merino socks":       intent("add_to_cart", ent("product", "merino socks", "merino socks")),
				"thanks, that's it, pay now": intent("thanks"),
			},
			wantAsk: "email",
		},
		{
			name:  "a question about paying by card, in an inflected form, buys nothing",
			steps: []string{"do you have merino socks?", "կարո՞ղ եմ վճարել քարտով"},
			sc: script{
				"do you have merino socks?": intent("product_availability", ent("product", "merino socks", "merino socks")),
				"կարո՞ղ եմ վճարել քարտով":   intent("payment_methods"),
			},
			wantText: "test payment page",
		},
		{
			name:  "how do I pay, nothing chosen: the answer only",
			steps: []string{"how do I pay?"},
			sc:    script{"how do I pay?": intent("payment_methods")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.sc)
			var out string
			var ask string
			for _, s := range tt.steps {
				ms := h.say(s)
				out, ask = texts(ms), lastInput(ms)
			}
			if ask != tt.wantAsk {
				t.Errorf("last reply asks %q, want %q: %s", ask, tt.wantAsk, out)
			}
			if tt.wantText != "" && !strings.Contains(out, tt.wantText) {
				t.Errorf("last reply %q, want it to hold %q", out, tt.wantText)
			}
		})
	}
}

// shopWith replaces the harness's catalogue (and carts) by products of the
// test's own; the harness then reads its cart from the shop's database.
func shopWith(t *testing.T, products []catalog.Product) (func(*dialog.Deps), func(h *harness)) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func(d *dialog.Deps) {
		for _, p := range products {
			if _, err := db.UpsertProduct(ctx, &p); err != nil {
				t.Fatal(err)
			}
		}
		cat := catalog.NewService(db)
		if err := cat.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		d.Catalog, d.Carts = cat, cart.NewService(db, cat, "EUR")
	}, func(h *harness) { h.db = db }
}

// Asking to take out a product that never went into the cart ("take the
// socks out") is no add, whatever verb it uses, and the product is no
// longer the one a "pay" next would buy.
func TestRemoveFromCart_WhatWasNeverAddedIsNeitherAddedNorBoughtNext(t *testing.T) {
	for _, conf := range []float64{0.33, 0.97} {
		avail := intent("product_availability", ent("product", "wool-socks", "merino hiking socks"))
		avail.Intent.Confidence = 0.97
		remove := intent("remove_from_cart", ent("product", "wool-socks", "merino hiking socks"))
		remove.Intent.Confidence = conf
		h := checkoutHarness(t, script{
			"do you have the merino hiking socks?": avail,
			"actually take the merino socks out":   remove,
			"I'd like to pay now":                  intent("checkout"),
		}, "en", nil)
		h.say("do you have the merino hiking socks?")
		out := h.say("actually take the merino socks out")
		if got := h.cartLines(); len(got) != 0 {
			t.Fatalf("confidence %.2f: cart = %v after a removal, want it empty: %s", conf, got, texts(out))
		}
		out = h.say("I'd like to pay now")
		if got := h.cartLines(); len(got) != 0 || lastInput(out) == "email" {
			t.Errorf("confidence %.2f: paying after taking the socks out bought them: %v %s", conf, got, texts(out))
		}
	}
}

// "And a microphone cable" after the microphone the shopper chose shares a
// word with the microphone but names the cable: the microphone stays, as
// any first product does when a second one is added.
func TestAddImplied_WordsThatFitAnotherProductBetterKeepTheFirst(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "stage-mic", Title: "Stagecraft Dynamic Microphone", Type: "Microphones", Status: "active",
			Variants: []catalog.Variant{{SKU: "MIC-1", Price: eur("49.00"), Stock: 5}}},
		{Handle: "mic-cable", Title: "Linkline Microphone Cable", Type: "Cables", Status: "active", Options: []string{"Length"},
			Variants: []catalog.Variant{
				{SKU: "CAB-3", Options: map[string]string{"Length": "3 m"}, Price: eur("9.95"), Stock: 5},
				{SKU: "CAB-5", Options: map[string]string{"Length": "5 m"}, Price: eur("11.95"), Stock: 5},
			}},
	})
	avail := intent("product_availability", ent("product", "stage-mic", "stagecraft microphone"), ent("quantity", 1, "one"))
	add := intent("add_to_cart", ent("size", "5 m", "5 m"))
	add.Intent.Confidence, avail.Intent.Confidence = 0.97, 0.97
	h := checkoutHarness(t, script{
		"is the stagecraft microphone in stock? I'd buy one": avail,
		"add a microphone cable 5 m":                         add,
	}, "en", nil, shop)
	useShop(h)
	h.say("is the stagecraft microphone in stock? I'd buy one")
	out := h.say("add a microphone cable 5 m")
	if got, want := h.cartLines(), map[string]int{"MIC-1": 1, "CAB-5": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}

// After "sold out, these are similar and in stock", the shopper's choice of
// an offered product ("ok, the ST in black then", "the other one") takes
// that product, not the sold-out one still talked about.
func TestSoldOut_TheShopperTakesAnOfferedAlternative(t *testing.T) {
	guitar := func(handle, title, sku string, stock int) catalog.Product {
		return catalog.Product{Handle: handle, Title: title, Type: "Electric Guitars", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: sku + "-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("329.00"), Stock: stock},
				{SKU: sku + "-SUN", Options: map[string]string{"Color": "Sunburst"}, Price: eur("329.00"), Stock: 0},
			}}
	}
	oneColour := catalog.Product{Handle: "strata-st", Title: "Strata ST Guitar", Type: "Electric Guitars", Status: "active", Options: []string{"Color"},
		Variants: []catalog.Variant{{SKU: "ST-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("329.00"), Stock: 3}}}
	for _, tt := range []struct {
		name     string
		products []catalog.Product
		say      string
		res      nlu.Result
		want     map[string]int
		notSaid  string
	}{
		{"by a word of its title, the shortest title on a tie",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), guitar("strata-st", "Strata ST Guitar", "ST", 3), guitar("strata-st-hss", "Strata ST HSS Guitar", "STH", 3)},
			"ok, the ST in black then", intent("add_to_cart", ent("color", "black", "black")), map[string]int{"ST-BLK": 1}, ""},
		{"the other one, one product offered",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), guitar("strata-st", "Strata ST Guitar", "ST", 3)},
			"the other one then, black", intent("add_to_cart", ent("color", "black", "black")), map[string]int{"ST-BLK": 1}, ""},
		{"a short word of an offered title names nothing",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), guitar("strata-st", "Strata Plug in Guitar", "ST", 3)},
			"and in black", intent("product_availability", ent("color", "black", "black")), map[string]int{}, "Plug in Guitar (Black) is in stock"},
		{"\"add that one\", one product offered",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), oneColour},
			"yes add that one", intent("add_to_cart"), map[string]int{"ST-BLK": 1}, "Strata T Guitar (Sunburst) is sold out"},
		{"\"yes, that one\", one product offered",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), oneColour},
			"yes, that one", intent("affirm"), map[string]int{"ST-BLK": 1}, "Strata T Guitar (Sunburst) is sold out"},
		{"\"that one\" of two offers is no guess",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), guitar("strata-st", "Strata ST Guitar", "ST", 3), guitar("strata-st-hss", "Strata ST HSS Guitar", "STH", 3)},
			"yes add that one", intent("add_to_cart"), map[string]int{}, ""},
		{"a product not offered, of the same kind, named by its words",
			[]catalog.Product{guitar("strata-t", "Strata T Guitar", "T", 0), guitar("strata-st", "Strata ST Guitar", "ST", 3),
				guitar("rivet-jazz", "Rivet Jazzmaster Guitar", "JZ", 2)},
			"ok, a jazzmaster in black instead", intent("add_to_cart", ent("color", "black", "black")), map[string]int{"JZ-BLK": 1}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			shop, useShop := shopWith(t, tt.products)
			ask := intent("product_availability", ent("product", "strata-t", "strata t guitar"), ent("color", "sunburst", "sunburst"))
			h := checkoutHarness(t, script{"is the strata t guitar in sunburst in stock?": ask, tt.say: tt.res}, "en", nil, shop)
			useShop(h)
			out := h.say("is the strata t guitar in sunburst in stock?")
			if !strings.Contains(texts(out), "sold out") {
				t.Fatalf("want a sold-out answer with offers: %s", texts(out))
			}
			out = h.say(tt.say)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
			if tt.notSaid != "" && strings.Contains(texts(out), tt.notSaid) {
				t.Errorf("reply %q should not say %q", texts(out), tt.notSaid)
			}
		})
	}
}

// "Two of the 40x50 instead" after "the 50x70 is sold out" is another size
// of the same product, not one of the similar products offered.
func TestSoldOut_AnotherValueOfTheSameProductStaysWithIt(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "linen-board", Title: "Linen Drawing Board", Type: "Boards", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "LB-4050", Options: map[string]string{"Size": "40x50cm"}, Price: eur("6.00"), Stock: 5},
				{SKU: "LB-5070", Options: map[string]string{"Size": "50x70cm"}, Price: eur("8.00"), Stock: 0},
			}},
		{Handle: "board-pack", Title: "Drawing Board Pack of 5", Type: "Boards", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "BP-2025", Options: map[string]string{"Size": "20x25cm"}, Price: eur("9.95"), Stock: 5},
				{SKU: "BP-3040", Options: map[string]string{"Size": "30x40cm"}, Price: eur("12.95"), Stock: 5},
			}},
	})
	ask := intent("product_availability", ent("product", "linen-board", "linen drawing board"), ent("size", "50x70", "50x70"))
	add := intent("add_to_cart", ent("size", "40 x 50 cm", "40 x 50 cm"), ent("quantity", 2, "two"))
	add.Intent.Confidence = 0.57
	h := checkoutHarness(t, script{"do you have the linen drawing board 50x70?": ask, "that's a shame. two of the 40 x 50 cm instead, please": add}, "en", nil, shop)
	useShop(h)
	h.say("do you have the linen drawing board 50x70?")
	out := h.say("that's a shame. two of the 40 x 50 cm instead, please")
	if got, want := h.cartLines(), map[string]int{"LB-4050": 2}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}

// "OK, 2 of the red then" after "the black is sold out, it comes in red"
// adds two: the count comes with the choice of the other value.
func TestSoldOut_ACountSaidWithTheOtherValueIsKept(t *testing.T) {
	avail := intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "43", "43"), ent("color", "black", "black"))
	add := intent("add_to_cart", ent("size", "42", "42"), ent("color", "red", "red"), ent("quantity", 2, "2 pairs"))
	avail.Intent.Confidence, add.Intent.Confidence = 0.97, 0.97
	h := newHarness(t, script{"aurora 43 in black?": avail, "ok, 2 pairs of the red in 42 then": add})
	h.say("aurora 43 in black?")
	out := h.say("ok, 2 pairs of the red in 42 then")
	if got, want := h.cartLines(), map[string]int{"AUR-42-RED": 2}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}

// A product settled on (its stock confirmed, one variant fits) and then
// left for another one added to the cart is offered in one question:
// "yes" adds it, "no" leaves the cart as it is; nothing is added unasked.
func TestAddToCart_TheProductSettledBeforeIsOfferedBesideTheNextOne(t *testing.T) {
	for _, tt := range []struct {
		answer string
		res    nlu.Result
		want   map[string]int
	}{
		{"yes", intent("affirm"), map[string]int{"SOCK-1": 1, "PACE-43": 1}},
		{"no", intent("deny"), map[string]int{"PACE-43": 1}},
	} {
		t.Run(tt.answer, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{
				{Handle: "wool-socks", Title: "Merino Hiking Socks", Type: "Socks", Status: "active", Options: []string{"Size"},
					Variants: []catalog.Variant{
						{SKU: "SOCK-1", Options: map[string]string{"Size": "M"}, Price: eur("14.00"), Stock: 20},
						{SKU: "SOCK-2", Options: map[string]string{"Size": "L"}, Price: eur("14.00"), Stock: 20},
					}},
				{Handle: "pace", Title: "Pace Road Runner", Type: "Running Shoes", Status: "active", Options: []string{"Size"},
					Variants: []catalog.Variant{{SKU: "PACE-43", Options: map[string]string{"Size": "43"}, Price: eur("69.00"), Stock: 4}}},
			})
			avail := intent("product_availability", ent("product", "wool-socks", "merino hiking socks"), ent("size", "M", "M"))
			add := intent("add_to_cart", ent("product", "pace", "pace road runner"), ent("size", "43", "43"))
			avail.Intent.Confidence, add.Intent.Confidence = 0.97, 0.97
			h := checkoutHarness(t, script{"do you have the merino hiking socks in M?": avail, "put the pace road runner 43 in": add, tt.answer: tt.res}, "en", nil, shop)
			useShop(h)
			h.say("do you have the merino hiking socks in M?")
			out := h.say("put the pace road runner 43 in")
			if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 1}) {
				t.Fatalf("cart = %v before the answer, want only the shoes: %s", got, texts(out))
			}
			if lastInput(out) != "confirm" || !strings.Contains(texts(out), "Merino Hiking Socks") {
				t.Fatalf("want the socks offered with a question: %s", texts(out))
			}
			out = h.say(tt.answer)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v after %q, want %v: %s", got, tt.answer, tt.want, texts(out))
			}
		})
	}
}

// No offer when the earlier product is a rival of the one added (the same
// kind: asked about the red Aurora, took the Pace) or was never chosen (no
// size, colour or count said for it).
func TestAddToCart_NoOfferOfARivalOrOfAProductNeverChosen(t *testing.T) {
	for _, tt := range []struct {
		name, first string
		res         nlu.Result
	}{
		{"a rival of the same kind", "aurora 42 in red?",
			intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "red", "red"))},
		{"never chosen", "do you have the merino hiking socks?",
			intent("product_availability", ent("product", "wool-socks", "merino hiking socks"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			add := intent("add_to_cart", ent("product", "pace", "pace road runner"), ent("size", "43", "43"))
			add.Intent.Confidence, tt.res.Intent.Confidence = 0.97, 0.97
			h := newHarness(t, script{tt.first: tt.res, "put the pace road runner 43 in": add})
			h.say(tt.first)
			out := h.say("put the pace road runner 43 in")
			if tt.name == "never chosen" {
				// The socks have no options: only a count would have chosen them.
				if lastInput(out) == "confirm" {
					t.Fatalf("offered a product never chosen: %s", texts(out))
				}
				return
			}
			if lastInput(out) == "confirm" {
				t.Fatalf("offered a rival: %s", texts(out))
			}
		})
	}
}

// "Pay" with an empty cart and several products on screen asks which of
// them, and the choice goes on to the checkout by itself.
func TestCheckout_PayWithSeveralOnScreenAsksWhichThenGoesOn(t *testing.T) {
	h := newHarness(t, script{
		"running shoes": intent("product_search"),
		"checkout":      intent("checkout"),
		"43":            intent("out_of_scope", ent("size", "43", "43")),
	})
	h.say("running shoes")
	out := h.say("checkout")
	last := out[len(out)-1]
	if lastInput(out) != "product" || len(last.Options) < 2 {
		t.Fatalf("pay with a list and no cart: %q %s", lastInput(out), texts(out))
	}
	out = h.tap(last.Options[0].Payload)
	if lastInput(out) == "size" {
		out = h.say("43")
	}
	if lastInput(out) != "email" {
		t.Fatalf("after the choice: %q %s", lastInput(out), texts(out))
	}
}

// "Remove the glue gun" with only the glue sticks in the cart names the
// gun, whose title fits the words better than the sticks' though their
// kinds are close: the sticks stay, in one line of a cart or among several.
func TestRemoveFromCart_TheTitleThatFitsBestIsTheOneNamed(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "pro-gun", Title: "Crafter Pro Glue Gun 40W", Type: "Glue Guns", Status: "active",
			Variants: []catalog.Variant{{SKU: "GUN-1", Price: eur("24.00"), Stock: 5}}},
		{Handle: "sticks", Title: "Crafter Clear Glue Sticks", Type: "Glue Guns", Status: "active",
			Variants: []catalog.Variant{{SKU: "STK-1", Price: eur("4.50"), Stock: 50}}},
		{Handle: "tape", Title: "Washi Tape Set", Type: "Tape", Status: "active",
			Variants: []catalog.Variant{{SKU: "TAPE-1", Price: eur("6.00"), Stock: 50}}},
	})
	remove := intent("remove_from_cart", ent("product", "glue gun", "glue gun"))
	remove.Intent.Confidence = 0.97
	removeZh := intent("remove_from_cart")
	removeZh.Intent.Confidence = 0.97
	sc := script{"remove the glue gun": remove, "帮我把胶枪去掉": removeZh}
	for _, tt := range []struct {
		name, text string
		taps       []string
		want       map[string]int
		asked      bool
	}{
		{"only the sticks in the cart", "remove the glue gun", []string{"add:STK-1"}, map[string]int{"STK-1": 1}, true},
		{"only the sticks, in Chinese", "帮我把胶枪去掉", []string{"add:STK-1"}, map[string]int{"STK-1": 1}, true},
		{"the gun beside the sticks", "remove the glue gun", []string{"add:STK-1", "add:GUN-1"}, map[string]int{"STK-1": 1}, false},
		{"the gun beside the sticks, in Chinese", "帮我把胶枪去掉", []string{"add:STK-1", "add:GUN-1"}, map[string]int{"STK-1": 1}, false},
		{"the sticks beside the tape", "remove the glue gun", []string{"add:STK-1", "add:TAPE-1"}, map[string]int{"STK-1": 1, "TAPE-1": 1}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, sc, "en", nil, shop)
			useShop(h)
			for _, p := range tt.taps {
				h.tap(p)
			}
			out := h.say(tt.text)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
			if tt.asked && lastInput(out) == "" {
				t.Errorf("no question after a removal of what is not in the cart: %s", texts(out))
			}
		})
	}
}

// A colour and a count said inside a question about a product ("the
// chunky cotton, sage, three of them?") are the add's that follows ("add
// them"): neither is asked again nor lost.
func TestProductInfo_WhatWasSaidWithTheQuestionIsTheAddsThatFollows(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "chunky-cotton", Title: "Loomwell Chunky Cotton Yarn", Type: "Yarn", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "YRN-WHT", Options: map[string]string{"Color": "White"}, Price: eur("7.00"), Stock: 20},
				{SKU: "YRN-SGE", Options: map[string]string{"Color": "Sage"}, Price: eur("7.00"), Stock: 20},
			}},
		{Handle: "hook", Title: "Birchline Crochet Hook", Type: "Crochet Hooks", Status: "active",
			Variants: []catalog.Variant{{SKU: "HOOK-1", Price: eur("4.00"), Stock: 20}}},
	})
	info := intent("product_info", ent("product", "chunky-cotton", "chunky cotton"), ent("color", "sage", "sage"), ent("quantity", 3, "three"))
	hook := intent("product_info", ent("product", "hook", "crochet hook"))
	h := checkoutHarness(t, script{
		"the chunky cotton, sage, three of them?": info,
		"and the crochet hook?":                   hook,
		"add them":                                intent("add_to_cart"),
		"add it":                                  intent("add_to_cart"),
	}, "en", nil, shop)
	useShop(h)
	h.say("the chunky cotton, sage, three of them?")
	out := h.say("add them")
	if got, want := h.cartLines(), map[string]int{"YRN-SGE": 3}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %q %s", got, want, lastInput(out), texts(out))
	}
	h.say("and the crochet hook?")
	out = h.say("add it")
	if got, want := h.cartLines(), map[string]int{"YRN-SGE": 3, "HOOK-1": 1}; !sameLines(got, want) {
		t.Fatalf("a count said of another product: cart = %v, want %v: %s", got, want, texts(out))
	}
}

// A product asked for and shown in a list whose best fit is clear is not
// forgotten when the shopper goes on to add another one without a word
// of it: once the other is in, the first is offered, one "yes" away.
func TestAddToCart_TheListAskedForBeforeIsOfferedAfterAnotherProduct(t *testing.T) {
	guitar := func(handle, title string, sizes ...string) catalog.Product {
		p := catalog.Product{Handle: handle, Title: title, Type: "Guitars", Status: "active", Options: []string{"Size"}}
		for _, sz := range sizes {
			p.Variants = append(p.Variants, catalog.Variant{SKU: handle + "-" + sz, Options: map[string]string{"Size": sz}, Price: eur("99.00"), Stock: 5})
		}
		return p
	}
	shop, useShop := shopWith(t, []catalog.Product{
		guitar("nylon-guitar", "Corda Nylon Classical Guitar", "1/2", "3/4", "4/4"),
		guitar("steel-guitar", "Corda Steel Acoustic Guitar", "3/4", "4/4"),
		{Handle: "stand", Title: "Foldline Music Stand", Type: "Music Stands", Status: "active",
			Variants: []catalog.Variant{{SKU: "STAND-1", Price: eur("15.00"), Stock: 5}}},
	})
	h := checkoutHarness(t, script{
		"a classical guitar in 3/4 for my son": intent("product_search", ent("size", "3/4", "3/4")),
		"put a folding music stand in":         intent("add_to_cart", ent("product", "stand", "music stand")),
		"yes":                                  intent("affirm"),
		"the steel one":                        intent("add_to_cart", ent("product", "steel-guitar", "steel guitar")),
	}, "en", nil, shop)
	useShop(h)
	h.say("a classical guitar in 3/4 for my son")
	out := h.say("put a folding music stand in")
	if lastInput(out) != "confirm" || !strings.Contains(texts(out), "Corda Nylon Classical Guitar") {
		t.Fatalf("after another product: %q %s", lastInput(out), texts(out))
	}
	h.say("yes")
	if got, want := h.cartLines(), map[string]int{"STAND-1": 1, "nylon-guitar-3/4": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v", got, want)
	}
	t.Run("chosen among the list: nothing offered", func(t *testing.T) {
		h := checkoutHarness(t, script{
			"a classical guitar in 3/4 for my son": intent("product_search", ent("size", "3/4", "3/4")),
			"the steel one":                        intent("add_to_cart", ent("product", "steel-guitar", "steel guitar")),
		}, "en", nil, shop)
		useShop(h)
		h.say("a classical guitar in 3/4 for my son")
		if out := h.say("the steel one"); strings.Contains(texts(out), "as well") {
			t.Fatalf("a product of the list was offered beside the one chosen from it: %s", texts(out))
		}
	})
}

// A number said before the product was settled ("the 12 colour one") that
// the chosen product's title holds names it, when the answer that settles
// it ("the acrylic paints") shares a word with that title: one set, not
// twelve.
func TestAddToCart_ANumberOfTheNameSaidBeforeTheChoiceIsNoCount(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "acrylic-12", Title: "Brightmark Acrylic Paint Set 12 x 20ml", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "ACR-12", Price: eur("15.00"), Stock: 30}}},
		{Handle: "gouache-18", Title: "Brightmark Gouache Set 18 x 12ml", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "GOU-18", Price: eur("19.00"), Stock: 30}}},
	})
	sc := script{
		"paint sets for a beginner": intent("product_search", ent("category", "Paint Sets", "paint sets")),
		"the 12 colour one, add it": intent("add_to_cart", ent("quantity", 12, "12")),
		"the acrylic paints":        intent("product_search", ent("product", "acrylic-12", "acrylic paints")),
		"ակրիլ ներկեր":              intent("product_search"),
	}
	for _, answer := range []string{"the acrylic paints", "ակրիլ ներկեր"} {
		h := checkoutHarness(t, sc, "en", nil, shop)
		useShop(h)
		h.say("paint sets for a beginner")
		out := h.say("the 12 colour one, add it")
		if lastInput(out) == "product" {
			out = h.say(answer)
		}
		if got, want := h.cartLines(), map[string]int{"ACR-12": 1}; !sameLines(got, want) {
			t.Fatalf("answer %q: cart = %v, want %v: %s", answer, got, want, texts(out))
		}
	}
}
