package dialog_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// checkoutHarness is a shop with socks (no options) and a shoe (sizes) and
// one conversation in lang, shipping by rules (nil: the default rules).
func checkoutHarness(t *testing.T, s script, lang string, rules *fulfilment.Rules, deps ...func(*dialog.Deps)) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, p := range []catalog.Product{
		{Handle: "wool-socks", Title: "Merino Hiking Socks", Type: "Socks", Status: "active",
			Variants: []catalog.Variant{{SKU: "SOCK-1", Price: eur("14.00"), Stock: 20}}},
		{Handle: "pace", Title: "Pace Road Runner", Type: "Running Shoes", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "PACE-42", Options: map[string]string{"Size": "42"}, Price: eur("69.00"), Stock: 4},
				{SKU: "PACE-43", Options: map[string]string{"Size": "43"}, Price: eur("69.00"), Stock: 4},
			}},
	} {
		if _, err := db.UpsertProduct(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	cat := catalog.NewService(db)
	if err := cat.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if rules == nil {
		rules, _ = fulfilment.DefaultRules("", "EUR")
	}
	orders := order.NewService(db, cat)
	pays := payment.NewService(db, payment.TestGateway{}, orders)
	d := dialog.Deps{Understand: s.understand, Catalog: cat, Carts: cart.NewService(db, cat, "EUR"), Coupons: coupon.NewService(db),
		Shipping: rules, Orders: orders, Payments: pays, Customers: db, Alerts: db, Messages: i18n.MustLoad("en"), ShopName: "Test Shop",
		Currency: "EUR", Country: "NL", BaseURL: func(context.Context) string { return "http://shop.test" },
		Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }}
	for _, f := range deps {
		f(&d)
	}
	bot := dialog.New(d)
	convs := conversation.NewService(db, bot)
	c, tok, _, err := convs.Start(ctx, "rest", lang, 0)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, ctx: ctx, db: db, convs: convs, payments: pays, id: c.ID, tok: tok}
}

// order placed by the payment link in out, or nil.
func (h *harness) linkedOrder(out []conversation.Message) *order.Order {
	h.t.Helper()
	link := find(out, "link")
	if link == nil || link.Purpose != "payment" {
		return nil
	}
	token := strings.TrimPrefix(strings.SplitN(link.URL, "?", 2)[0], "http://shop.test/pay/")
	p, err := h.payments.ByToken(h.ctx, token)
	if err != nil {
		h.t.Fatal(err)
	}
	o, err := h.db.OrderByNumber(h.ctx, p.OrderNumber)
	if err != nil {
		h.t.Fatal(err)
	}
	return o
}

// Two answers in one message: the e-mail with the name, the name with the
// address. Neither is asked again, in any of the six languages.
func TestCheckout_TwoAnswersInOneMessageAreBothKept(t *testing.T) {
	for _, tt := range []struct {
		lang, email, address, wantName, wantCountry string
	}{
		{"en", "tom@example.net, Tom Kerr", "22 Shop Street, Galway, H91 F2KT, Ireland", "Tom Kerr", "IE"},
		{"nl", "jan@example.nl en mijn naam is Jan de Vries", "Keizersgracht 12 1015CS Amsterdam", "Jan de Vries", "NL"},
		{"ms", "siti@example.my nama saya Siti Aminah", "12 Jalan Bukit Bintang 55100 Kuala Lumpur", "Siti Aminah", "MY"},
		{"zh", "li@example.cn 李娜", "北京朝阳区建国路88号", "李娜", "CN"},
		{"nb", "kari@example.no og jeg heter Kari Nordmann", "Storgata 12, 0155 Oslo", "Kari Nordmann", "NO"},
		{"hy", "ani@example.com, Անի Հակոբյան", "Yerevan, Abovyan poghots 10, 0001", "Անի Հակոբյան", "AM"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := checkoutHarness(t, script{"checkout": intent("checkout")}, tt.lang, nil)
			h.tap("add:SOCK-1")
			if out := h.say("checkout"); lastInput(out) != "email" {
				t.Fatalf("checkout asks %q: %s", lastInput(out), texts(out))
			}
			if out := h.say(tt.email); lastInput(out) != "shipping_address" {
				t.Fatalf("after the e-mail asks %q: %s", lastInput(out), texts(out))
			}
			out := h.say(tt.address)
			if lastInput(out) == "name" {
				t.Fatalf("the name typed with the e-mail was asked again: %s", texts(out))
			}
			if lastInput(out) == "shipping_option" {
				out = h.tap("ship:standard")
			}
			o := h.linkedOrder(out)
			if o == nil {
				t.Fatalf("no payment link: %s", texts(out))
			}
			if o.ShippingAddress.Name != tt.wantName || o.ShippingAddress.Country != tt.wantCountry {
				t.Errorf("order for %q in %s, want %q in %s", o.ShippingAddress.Name, o.ShippingAddress.Country, tt.wantName, tt.wantCountry)
			}
		})
	}
}

// "What name?" answered with the name introduced in the shopper's language,
// or with the whole address: the name alone goes on the parcel; a yes is no
// name.
func TestCheckout_NameAnswersInSixLanguages(t *testing.T) {
	for _, tt := range []struct{ lang, address, name, want string }{
		{"en", "Keizersgracht 12, 1015 CS Amsterdam", "my name is Tom Kerr", "Tom Kerr"},
		{"nl", "Keizersgracht 12, 1015 CS Amsterdam", "mijn naam is Jan de Vries", "Jan de Vries"},
		{"ms", "12 Jalan Ampang, 50450 Kuala Lumpur", "nama saya Siti Aminah", "Siti Aminah"},
		{"zh", "上海市浦东新区世纪大道100号 200120", "我叫王芳", "王芳"},
		{"nb", "Storgata 12, 0155 Oslo", "jeg heter Kari Nordmann", "Kari Nordmann"},
		{"hy", "Աբովյան 10, 0001 Երևան", "իմ անունը Անի Հակոբյան է", "Անի Հակոբյան"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := checkoutHarness(t, script{"checkout": intent("checkout"), "yes": {Intent: nlu.IntentScore{Name: "affirm", Confidence: 0.99}},
				// The classifier's guess at a name says nothing.
				tt.name: {Intent: nlu.IntentScore{Name: "affirm", Confidence: 0.89}}}, tt.lang, nil)
			h.tap("add:SOCK-1")
			h.say("checkout")
			h.say("someone@example.com")
			if out := h.say(tt.address); lastInput(out) != "name" {
				t.Fatalf("after the address asks %q: %s", lastInput(out), texts(out))
			}
			if out := h.say("yes"); lastInput(out) != "name" {
				t.Fatalf("a yes was taken for a name: %s", texts(out))
			}
			out := h.say(tt.name)
			if lastInput(out) == "shipping_option" {
				out = h.tap("ship:standard")
			}
			o := h.linkedOrder(out)
			if o == nil || o.ShippingAddress.Name != tt.want {
				t.Fatalf("order = %+v: %s", o, texts(out))
			}
		})
	}
}

// A phone number typed where the address was asked is kept for the order,
// and the address asked again; an e-mail typed with the address is kept.
// handoffs is a team always there, handing off on every trigger.
type handoffs struct{ planned []string }

func (f *handoffs) Rules(context.Context) inbox.Rules {
	return inbox.Rules{Frustration: true, LowConfidence: inbox.LowConfidence{Threshold: 0.5, Offer: 2, HandOff: 3}}
}

func (f *handoffs) Plan(_ context.Context, _ *conversation.Conversation, reason string, _ []conversation.Message) (inbox.Plan, error) {
	f.planned = append(f.planned, reason)
	return inbox.Plan{InHours: true, Online: 1, AgentFree: true}, nil
}

func (f *handoffs) Feedback(context.Context, inbox.Feedback) error { return nil }

func TestCheckout_PhoneWhereTheAddressWasAskedIsNotedAndTheAddressAskedAgain(t *testing.T) {
	team := &handoffs{}
	h := checkoutHarness(t, script{"checkout": intent("checkout"), "+31 6 12345678": intent("human_agent")}, "en", nil,
		func(d *dialog.Deps) { d.Handoffs = team })
	h.tap("add:SOCK-1")
	h.say("checkout")
	h.say("tom@example.net")
	out := h.say("+31 6 12345678")
	if lastInput(out) != "shipping_address" || !strings.Contains(texts(out), "phone number") || len(team.planned) > 0 {
		t.Fatalf("after a phone number (the classifier reads \"human_agent\"): %q %s, handed off %v", lastInput(out), texts(out), team.planned)
	}
	out = h.say("Tom Kerr, Keizersgracht 12, 1015 CS Amsterdam")
	if lastInput(out) == "shipping_option" {
		out = h.tap("ship:standard")
	}
	o := h.linkedOrder(out)
	if o == nil {
		t.Fatalf("no payment link: %s", texts(out))
	}
	if _, _, phone, err := h.db.Customer(h.ctx, o.CustomerID); err != nil || phone != "+31 6 12345678" {
		t.Errorf("the customer's phone = %q, %v", phone, err)
	}
}

// Shipping rules that reach only some countries: an address elsewhere is
// answered with where the shop ships, in the shopper's language, and the
// address is asked again; one in a country served goes on to the options.
func TestCheckout_CountryTheRulesDoNotReachIsAnsweredWithWhereTheShopShips(t *testing.T) {
	rules, err := fulfilment.ParseRules([]byte(`{"time_zone": "Europe/Amsterdam", "cutoff": "15:00", "countries": {
		"NL": [{"code": "standard", "price": "4.95", "min_days": 1, "max_days": 2}, {"code": "express", "price": "9.95", "min_days": 1, "max_days": 1}],
		"BE": [{"code": "standard", "price": "6.95", "min_days": 2, "max_days": 3}]}}`), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, far, want, near string }{
		{"en", "Tom Kerr, 12 rue de Rivoli, 75001 Paris, France", "Belgium, Netherlands", "Tom Kerr, Keizersgracht 12, 1015 CS Amsterdam"},
		{"nl", "Jan de Vries, Hauptstraße 5, 10115 Berlin, Duitsland", "België, Nederland", "Jan de Vries, Rue Neuve 5, 1000 Brussel, België"},
		{"ms", "Siti Aminah, 12 Jalan Ampang, 50450 Kuala Lumpur, Malaysia", "Belgium, Belanda", "Siti Aminah, Keizersgracht 12, 1015 CS Amsterdam, Belanda"},
		{"zh", "王芳，上海市浦东新区世纪大道100号 200120", "比利时, 荷兰", "王芳, Keizersgracht 12, 1015 CS Amsterdam, 荷兰"},
		{"nb", "Kari Nordmann, Storgata 12, 0155 Oslo, Norge", "Belgia, Nederland", "Kari Nordmann, Keizersgracht 12, 1015 CS Amsterdam, Nederland"},
		{"hy", "Անի Հակոբյան, Աբովյան 10, 0001 Երևան, Հայաստան", "Բելգիա, Նիդերլանդներ", "Անի Հակոբյան, Keizersgracht 12, 1015 CS Amsterdam, Նիդերլանդներ"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := checkoutHarness(t, script{"checkout": intent("checkout")}, tt.lang, rules)
			h.tap("add:SOCK-1")
			h.say("checkout")
			h.say("someone@example.com")
			out := h.say(tt.far)
			if lastInput(out) != "shipping_address" || !strings.Contains(texts(out), tt.want) {
				t.Fatalf("far address: %q %s", lastInput(out), texts(out))
			}
			out = h.say(tt.near)
			if lastInput(out) == "shipping_option" {
				out = h.tap("ship:standard")
			}
			if h.linkedOrder(out) == nil {
				t.Fatalf("no link after an address the shop ships to: %s", texts(out))
			}
		})
	}
}

// "Let's pay" while the bot waits for the size of a second product: the
// cart goes to checkout as it is. With nothing in the cart yet, the size is
// asked again and the checkout follows the answer by itself.
func TestCheckout_PayingWhileASizeIsPending(t *testing.T) {
	s := script{
		"the pace shoes please": intent("add_to_cart", ent("product", "pace", "pace")),
		"let's pay":             intent("checkout"),
		"42":                    intent("out_of_scope", ent("size", "42", "42")),
	}
	t.Run("something in the cart", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.tap("add:SOCK-1")
		if out := h.say("the pace shoes please"); lastInput(out) != "size" {
			t.Fatalf("add asks %q: %s", lastInput(out), texts(out))
		}
		if out := h.say("let's pay"); lastInput(out) != "email" {
			t.Fatalf("paying while a size is pending asks %q: %s", lastInput(out), texts(out))
		}
	})
	t.Run("empty cart", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("the pace shoes please")
		out := h.say("let's pay")
		if lastInput(out) != "size" || strings.Contains(texts(out), "What can I help you find") {
			t.Fatalf("paying with an empty cart and a size pending: %q %s", lastInput(out), texts(out))
		}
		out = h.say("42")
		if !strings.Contains(texts(out), "Pace Road Runner") || lastInput(out) != "email" {
			t.Fatalf("after the size: %q %s", lastInput(out), texts(out))
		}
	})
}

// Asking for a person in the middle of the checkout still reaches one.
func TestCheckout_APersonAskedForMidCheckoutIsHandedTheChat(t *testing.T) {
	team := &handoffs{}
	h := checkoutHarness(t, script{"checkout": intent("checkout"), "can I talk to a person please": intent("human_agent")}, "en", nil,
		func(d *dialog.Deps) { d.Handoffs = team })
	h.tap("add:SOCK-1")
	h.say("checkout")
	h.say("tom@example.net")
	h.say("can I talk to a person please")
	if len(team.planned) != 1 {
		t.Fatalf("hand-offs %v, want one", team.planned)
	}
}

// A side question in the middle of the checkout is answered, and the
// checkout's question comes back after it, in every language.
func TestCheckout_ComesBackAfterASideQuestion(t *testing.T) {
	for _, tt := range []struct{ lang, question string }{
		{"en", "how long does delivery take?"},
		{"nl", "hoe lang duurt de levering?"},
		{"ms", "berapa lama penghantaran?"},
		{"zh", "送货要多久？"},
		{"nb", "hvor lang tid tar leveringen?"},
		{"hy", "qani ory a araqumy?"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := checkoutHarness(t, script{"checkout": intent("checkout"), tt.question: intent("shipping_info")}, tt.lang, nil)
			h.tap("add:SOCK-1")
			h.say("checkout")
			h.say("someone@example.com")
			out := h.say(tt.question)
			if lastInput(out) != "shipping_address" || len(out) < 2 {
				t.Fatalf("after a side question: %q %s", lastInput(out), texts(out))
			}
		})
	}
}

// The e-mail (and a name) said with the request to pay are not asked for.
func TestCheckout_DetailsSaidWithTheRequestToPayAreKept(t *testing.T) {
	for _, tt := range []struct{ lang, say string }{
		{"en", "I'd like to pay, my email is tom@example.net and my name is Tom Kerr"},
		{"nl", "ik wil afrekenen, mijn e-mail is jan@example.nl en mijn naam is Jan de Vries"},
		{"ms", "nak bayar, emel saya siti@example.my nama saya Siti Aminah"},
		{"zh", "我要付款，邮箱是li@example.cn，我叫李娜"},
		{"nb", "jeg vil betale, e-posten min er kari@example.no og jeg heter Kari Nordmann"},
		{"hy", "ուզում եմ վճարել, ani@example.com, իմ անունը Անի Հակոբյան է"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := checkoutHarness(t, script{tt.say: intent("checkout")}, tt.lang, nil)
			h.tap("add:SOCK-1")
			if out := h.say(tt.say); lastInput(out) != "shipping_address" {
				t.Fatalf("asks %q: %s", lastInput(out), texts(out))
			}
			if out := h.say("Keizersgracht 12, 1015 CS Amsterdam, NL"); lastInput(out) == "name" {
				t.Fatalf("the name said with the request was asked: %s", texts(out))
			}
		})
	}
}

// An e-mail address in the request to pay pulls the classifier elsewhere
// ("account" here); the words without it decide.
func TestCheckout_RequestToPayWithAnEmailIsReadWithoutIt(t *testing.T) {
	say := "I'd like to pay, my email is tom@example.net"
	h := checkoutHarness(t, script{
		say:                            {Intent: nlu.IntentScore{Name: "account", Confidence: 0.52}},
		"I'd like to pay, my email is": intent("checkout"),
	}, "en", nil)
	h.tap("add:SOCK-1")
	if out := h.say(say); lastInput(out) != "shipping_address" {
		t.Fatalf("asks %q: %s", lastInput(out), texts(out))
	}
}

// The name typed where the e-mail was asked is kept for the parcel while
// the e-mail is asked again.
func TestCheckout_NameBeforeTheEmailIsKept(t *testing.T) {
	h := checkoutHarness(t, script{"checkout": intent("checkout")}, "en", nil)
	h.tap("add:SOCK-1")
	h.say("checkout")
	if out := h.say("Tom Kerr"); lastInput(out) != "email" {
		t.Fatalf("after a name at the e-mail question: %q %s", lastInput(out), texts(out))
	}
	h.say("tom@example.net")
	out := h.say("Keizersgracht 12, 1015 CS Amsterdam")
	if lastInput(out) == "name" {
		t.Fatalf("the name was asked again: %s", texts(out))
	}
}

// "Let me pay" with an empty cart and one product being talked about buys
// that product: its confirmed size goes straight in and the checkout
// starts; a size still to choose is asked first with the checkout to
// follow. A product the shopper took out is not put back by "pay".
func TestCheckout_PayWithAProductInFocusBuysIt(t *testing.T) {
	s := script{
		"is the pace in 43?":         intent("product_availability", ent("product", "pace", "pace"), ent("size", "43", "43")),
		"the pace shoes":             intent("product_search", ent("product", "pace", "pace")),
		"let me pay":                 intent("checkout"),
		"43":                         intent("out_of_scope", ent("size", "43", "43")),
		"remove the socks":           intent("remove_from_cart", ent("product", "wool-socks", "socks")),
		"the 43 pace shoes, 3 maybe": intent("product_availability", ent("product", "pace", "pace"), ent("size", "43", "43"), ent("quantity", 3, "3")),
		"the pace 43 looks ok":       intent("product_availability", ent("product", "pace", "pace"), ent("size", "43", "43"), ent("quantity", 43, "43")),
	}
	t.Run("size confirmed in stock", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("is the pace in 43?")
		out := h.say("let me pay")
		if lastInput(out) != "email" || !strings.Contains(texts(out), "Pace Road Runner") {
			t.Fatalf("pay after a confirmed size: %q %s", lastInput(out), texts(out))
		}
		if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 1}) {
			t.Fatalf("cart = %v", got)
		}
	})
	t.Run("size still to choose", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("the pace shoes")
		out := h.say("let me pay")
		if lastInput(out) != "size" || !strings.Contains(texts(out), "cart is still empty") {
			t.Fatalf("pay without a size: %q %s", lastInput(out), texts(out))
		}
		if out = h.say("43"); lastInput(out) != "email" {
			t.Fatalf("after the size: %q %s", lastInput(out), texts(out))
		}
	})
	t.Run("a count said for the product is the order's", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("the 43 pace shoes, 3 maybe")
		if out := h.say("let me pay"); lastInput(out) != "email" {
			t.Fatalf("pay after a search with a number: %q %s", lastInput(out), texts(out))
		}
		if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 3}) {
			t.Fatalf("cart = %v", got)
		}
	})
	t.Run("a size read as a count is no count", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("the pace 43 looks ok")
		if out := h.say("let me pay"); lastInput(out) != "email" {
			t.Fatalf("pay after a size: %q %s", lastInput(out), texts(out))
		}
		if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 1}) {
			t.Fatalf("cart = %v", got)
		}
	})
	t.Run("taken out on purpose", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.tap("add:SOCK-1")
		h.say("remove the socks")
		out := h.say("let me pay")
		if lastInput(out) == "email" || len(h.cartLines()) != 0 {
			t.Fatalf("a removed product came back at pay: %q %s", lastInput(out), texts(out))
		}
	})
}

// A rating is asked when a conversation is over, never in the middle of a
// purchase: not with a size question pending, not with lines in the cart,
// not at a goodbye that names paying.
func TestRating_NotAskedWhileAPurchaseIsUnderWay(t *testing.T) {
	s := script{
		"is the pace in 43?":   intent("product_availability", ent("product", "pace", "pace"), ent("size", "43", "43")),
		"add the pace shoes":   intent("add_to_cart", ent("product", "pace", "pace")),
		"thanks, that was all": intent("thanks"),
		"that was all, pay":    intent("goodbye"),
	}
	asksRating := func(out []conversation.Message) bool {
		for _, m := range out {
			if m.Input != nil && m.Input.Field == "rating" {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		name  string
		steps []string
		taps  []string
		want  bool
	}{
		{"helped, nothing under way: asked", []string{"is the pace in 43?", "thanks, that was all"}, nil, true},
		{"a size question pending", []string{"is the pace in 43?", "add the pace shoes", "thanks, that was all"}, nil, false},
		{"lines in the cart", []string{"is the pace in 43?", "thanks, that was all"}, []string{"add:SOCK-1"}, false},
		{"a goodbye that names paying", []string{"is the pace in 43?", "that was all, pay"}, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil, func(d *dialog.Deps) { d.Handoffs = &handoffs{} })
			for _, p := range tt.taps {
				h.tap(p)
			}
			var out []conversation.Message
			for _, st := range tt.steps {
				out = h.say(st)
			}
			if got := asksRating(out); got != tt.want {
				t.Errorf("rating asked = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}

// A change to the cart in the middle of the checkout ("wait, add the
// running shoes too", "add 2 more socks" where the address was asked) is
// made, and the checkout's question comes back after it: the address typed
// next is read as the address, not as a count of the last line. An add
// that needs a size first goes on to the checkout once the size is chosen.
func TestCheckout_ComesBackAfterTheCartChangesInItsMiddle(t *testing.T) {
	sure := func(name string, ents ...nlu.Entity) nlu.Result {
		r := intent(name, ents...)
		r.Intent.Confidence = 0.99
		return r
	}
	const address = "Keizersgracht 12, 1015 CS Amsterdam"
	tests := []struct {
		name  string
		steps []string
		sc    script
		want  map[string]int
	}{
		{"an add with its size", []string{"wait, add the pace road runner in 43 too"},
			script{"wait, add the pace road runner in 43 too": sure("add_to_cart", ent("product", "pace", "pace road runner"), ent("size", "43", "43"))},
			map[string]int{"SOCK-1": 1, "PACE-43": 1}},
		{"an add with a count, where the address was asked", []string{"add 2 more merino socks"},
			script{"add 2 more merino socks": sure("add_to_cart", ent("product", "wool-socks", "merino socks"), ent("quantity", 2, "2"))},
			map[string]int{"SOCK-1": 3}},
		{"an add that asks the size first", []string{"add the pace road runner too", "43"},
			script{"add the pace road runner too": sure("add_to_cart", ent("product", "pace", "pace road runner")), "43": intent("affirm")},
			map[string]int{"SOCK-1": 1, "PACE-43": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.sc["checkout"] = intent("checkout")
			h := checkoutHarness(t, tt.sc, "en", nil)
			h.tap("add:SOCK-1")
			h.say("checkout")
			if out := h.say("someone@example.com"); lastInput(out) != "shipping_address" {
				t.Fatalf("after the e-mail asks %q: %s", lastInput(out), texts(out))
			}
			var out []conversation.Message
			for _, s := range tt.steps {
				out = h.say(s)
			}
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
			if lastInput(out) != "shipping_address" {
				t.Fatalf("after the change to the cart asks %q, want the address again: %s", lastInput(out), texts(out))
			}
			out = h.say(address)
			if got := h.cartLines(); !sameLines(got, tt.want) || lastInput(out) == "shipping_address" {
				t.Errorf("the address after the change: cart %v, asks %q: %s", got, lastInput(out), texts(out))
			}
		})
	}
}
