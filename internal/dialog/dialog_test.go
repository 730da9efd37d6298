package dialog_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// script is a stand-in NLU: the dialogue's logic is tested here, the NLU's
// accuracy in its own package.
type script map[string]nlu.Result

func (s script) understand(text, prior string) nlu.Result {
	if r, ok := s[text]; ok {
		r.Text = text
		if r.Language == "" {
			r.Language = prior
		}
		return r
	}
	return nlu.Result{Text: text, Language: prior, Intent: nlu.IntentScore{Name: "out_of_scope", Confidence: 0.2}}
}

func intent(name string, ents ...nlu.Entity) nlu.Result {
	return nlu.Result{Intent: nlu.IntentScore{Name: name, Confidence: 0.95}, Entities: ents}
}

func ent(kind string, v any, text string) nlu.Entity {
	return nlu.Entity{Entity: kind, Value: v, Text: text}
}

type harness struct {
	t        *testing.T
	ctx      context.Context
	db       *store.DB
	convs    *conversation.Service
	payments *payment.Service
	id, tok  string
}

func eur(s string) money.Money { return money.MustParse(s, "EUR") }

func newHarness(t *testing.T, s script) *harness { return newHarnessWith(t, s, nil) }

// newHarnessWith is newHarness with more products in the shop.
func newHarnessWith(t *testing.T, s script, more []catalog.Product) *harness {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, p := range append([]catalog.Product{
		{Handle: "aurora", Title: "Aurora Trail Runner", Type: "Running Shoes", Vendor: "Noordkaap", Status: "active", Options: []string{"Size", "Color"},
			BodyHTML: "<p>Made of recycled mesh with a grippy sole. Runs small: take a size up. Machine wash cold.</p>",
			Variants: []catalog.Variant{
				{SKU: "AUR-42-BLK", Options: map[string]string{"Size": "42", "Color": "Black"}, Price: eur("89.95"), Stock: 5},
				{SKU: "AUR-43-BLK", Options: map[string]string{"Size": "43", "Color": "Black"}, Price: eur("89.95"), Stock: 0},
				{SKU: "AUR-42-RED", Options: map[string]string{"Size": "42", "Color": "Red"}, Price: eur("89.95"), Stock: 2},
			}},
		{Handle: "pace", Title: "Pace Road Runner", Type: "Running Shoes", Vendor: "Noordkaap", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{{SKU: "PACE-43", Options: map[string]string{"Size": "43"}, Price: eur("69.00"), Stock: 4}}},
		{Handle: "wool-socks", Title: "Merino Hiking Socks", Type: "Socks", Status: "active",
			Variants: []catalog.Variant{{SKU: "SOCK-1", Price: eur("14.00"), Stock: 20}}},
	}, more...) {
		p := p
		if _, err := db.UpsertProduct(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	cat := catalog.NewService(db)
	if err := cat.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	coupons := coupon.NewService(db)
	coupons.Save(ctx, coupon.Coupon{Code: "WELCOME10", Kind: coupon.Percent, Value: 10, Active: true})
	rules, _ := fulfilment.DefaultRules("", "EUR")
	orders := order.NewService(db, cat)
	pays := payment.NewService(db, payment.TestGateway{}, orders)
	carts := cart.NewService(db, cat, "EUR")
	bot := dialog.New(dialog.Deps{Understand: s.understand, Catalog: cat, Carts: carts, Coupons: coupons, Shipping: rules,
		Orders: orders, Payments: pays, Customers: db, Alerts: db, Messages: i18n.MustLoad("en"), ShopName: "Test Shop", Currency: "EUR",
		BaseURL: func(context.Context) string { return "http://shop.test" }, Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }})
	convs := conversation.NewService(db, bot)
	pays.OnPaid = func(ctx context.Context, o *order.Order) {
		// The cart bought is the conversation's: its customer's only when it
		// proved who it is, never the one of the e-mail typed on the order.
		cv, _ := convs.Get(ctx, o.ConversationID)
		c, _ := carts.For(ctx, cv.CustomerID, o.ConversationID)
		carts.Clear(ctx, c)
		convs.Notify(ctx, o.ConversationID, func(c *conversation.Conversation) []conversation.Message { return bot.Confirmation(ctx, c, o) })
	}
	c, tok, _, err := convs.Start(ctx, "rest", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, ctx: ctx, db: db, convs: convs, payments: pays, id: c.ID, tok: tok}
}

func (h *harness) say(text string) []conversation.Message {
	h.t.Helper()
	msgs, err := h.convs.Turn(h.ctx, h.id, h.tok, conversation.Inbound{Text: text})
	if err != nil {
		h.t.Fatalf("%q: %v", text, err)
	}
	return msgs[1:]
}

func (h *harness) tap(payload string) []conversation.Message {
	h.t.Helper()
	msgs, err := h.convs.Turn(h.ctx, h.id, h.tok, conversation.Inbound{Payload: payload})
	if err != nil {
		h.t.Fatalf("tap %q: %v", payload, err)
	}
	return msgs[1:]
}

func texts(ms []conversation.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text)
		b.WriteString(" | ")
	}
	return b.String()
}

func lastInput(ms []conversation.Message) string {
	if len(ms) == 0 || ms[len(ms)-1].Input == nil {
		return ""
	}
	return ms[len(ms)-1].Input.Field
}

func find(ms []conversation.Message, typ string) *conversation.Message {
	for i := range ms {
		if ms[i].Type == typ {
			return &ms[i]
		}
	}
	return nil
}

func TestShopping_FromQuestionToPaidOrder(t *testing.T) {
	h := newHarness(t, script{
		"do you have running shoes in size 42?": intent("product_availability", ent("category", "running shoes", "running shoes"), ent("size", "42", "size 42")),
		"the black ones please":                 intent("add_to_cart", ent("color", "black", "black")),
		"checkout":                              intent("checkout"),
		"ana@example.com":                       intent("out_of_scope", ent("email", "ana@example.com", "ana@example.com")),
		"Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL": intent("out_of_scope"),
		"I have a code WELCOME10":                               intent("apply_coupon", ent("coupon", "WELCOME10", "WELCOME10")),
	})
	out := h.say("do you have running shoes in size 42?")
	cards := find(out, "products")
	if cards == nil || cards.Items[0].Handle != "aurora" {
		t.Fatalf("availability answer = %s", texts(out))
	}
	if !strings.Contains(out[0].Text, "found one") {
		t.Errorf("asked of a kind of product, the answer lists what is in stock in that size: %q", out[0].Text)
	}
	out = h.say("the black ones please")
	if !strings.Contains(texts(out), "Added 1 × Aurora Trail Runner — 42 / Black") {
		t.Fatalf("add = %s", texts(out))
	}
	out = h.say("I have a code WELCOME10")
	if !strings.Contains(texts(out), "WELCOME10 applied") {
		t.Fatalf("coupon = %s", texts(out))
	}
	out = h.say("checkout")
	if lastInput(out) != "email" {
		t.Fatalf("checkout asks = %q: %s", lastInput(out), texts(out))
	}
	out = h.say("ana@example.com")
	if lastInput(out) != "shipping_address" {
		t.Fatalf("after e-mail asks = %q: %s", lastInput(out), texts(out))
	}
	out = h.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
	if lastInput(out) != "shipping_option" || len(out[len(out)-1].Options) != 3 {
		t.Fatalf("after address = %q: %s", lastInput(out), texts(out))
	}
	out = h.tap("ship:standard")
	link := find(out, "link")
	if link == nil || link.Purpose != "payment" || !strings.HasPrefix(link.URL, "http://shop.test/pay/") {
		t.Fatalf("no payment link: %s", texts(out))
	}
	// 89.95 − 9.00 (10 %) + 0.00 (free over 50) = 80.95
	if !strings.Contains(texts(out), "Total: €80.95") {
		t.Errorf("summary = %s", texts(out))
	}
	// Asking again gives the same order and the same link.
	again := h.say("checkout")
	if l := find(again, "link"); l == nil || l.URL != link.URL {
		t.Fatalf("second checkout gave another link: %s", texts(again))
	}
	token := strings.TrimPrefix(strings.SplitN(link.URL, "?", 2)[0], "http://shop.test/pay/")
	p, err := h.payments.ByToken(h.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // a double tap on "pay"
		if _, err := h.payments.Complete(h.ctx, p.Reference, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _ := h.convs.After(h.ctx, h.id, 0, 100)
	confirmations := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, "is paid") {
			confirmations++
		}
	}
	if confirmations != 1 {
		t.Errorf("%d confirmations in the conversation, want 1", confirmations)
	}
	o, err := h.db.OrderByNumber(h.ctx, p.OrderNumber)
	if err != nil || o.PaymentStatus != "paid" || o.Total.Decimal() != "80.95" || o.Email != "ana@example.com" {
		t.Fatalf("order = %+v, %v", o, err)
	}
	v, _ := h.db.VariantBySKU(h.ctx, "AUR-42-BLK")
	if v.Stock != 4 {
		t.Errorf("stock = %d, want 4", v.Stock)
	}
	out = h.say("checkout")
	if !strings.Contains(texts(out), "cart is empty") {
		t.Errorf("cart not emptied after payment: %s", texts(out))
	}
}

func TestAvailability_SoldOutSizeOffersOthersAndAlert(t *testing.T) {
	h := newHarness(t, script{
		"aurora in 43 black?": intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "43", "43"), ent("color", "black", "black")),
	})
	out := h.say("aurora in 43 black?")
	all := texts(out)
	if !strings.Contains(all, "sold out") || !strings.Contains(all, "42") {
		t.Fatalf("sold-out answer = %s", all)
	}
	cards := find(out, "products")
	if cards == nil {
		t.Fatal("no cards")
	}
	var notify string
	for _, o := range cards.Options {
		if strings.HasPrefix(o.Payload, "notify:") {
			notify = o.Payload
		}
	}
	if notify != "notify:AUR-43-BLK" {
		t.Fatalf("notify option = %q (%+v)", notify, cards.Options)
	}
	if out := h.tap(notify); !strings.Contains(texts(out), "back in stock") {
		t.Fatalf("subscribe = %s", texts(out))
	}
	if due, _ := h.db.DueAlerts(h.ctx, 10); len(due) != 0 {
		t.Fatalf("alert due while still sold out")
	}
	h.db.AdjustStock(h.ctx, "AUR-43-BLK", 3)
	due, _ := h.db.DueAlerts(h.ctx, 10)
	if len(due) != 1 || due[0].SKU != "AUR-43-BLK" || due[0].ConversationID != h.id {
		t.Fatalf("due = %+v", due)
	}
}

func TestAddToCart_AsksForMissingSize(t *testing.T) {
	h := newHarness(t, script{
		"add the aurora to my cart": intent("add_to_cart", ent("product", "aurora", "aurora")),
		"black":                     intent("out_of_scope", ent("color", "black", "black")),
		"42":                        intent("out_of_scope", ent("size", "42", "42")),
		"remove it":                 intent("remove_from_cart"),
	})
	out := h.say("add the aurora to my cart")
	if f := lastInput(out); f != "size" && f != "color" {
		t.Fatalf("asks %q: %s", f, texts(out))
	}
	first := lastInput(out)
	out = h.say(map[string]string{"size": "42", "color": "black"}[first])
	if f := lastInput(out); f == first || f == "" {
		t.Fatalf("then asks %q: %s", f, texts(out))
	}
	second := lastInput(out)
	out = h.say(map[string]string{"size": "42", "color": "black"}[second])
	if !strings.Contains(texts(out), "Added 1 × Aurora Trail Runner — 42 / Black") {
		t.Fatalf("add = %s", texts(out))
	}
	out = h.say("remove it")
	if !strings.Contains(texts(out), "Removed") {
		t.Fatalf("remove = %s", texts(out))
	}
}

func TestProductInfo_AnswersFromTheDescription(t *testing.T) {
	h := newHarness(t, script{
		"does the aurora run small?": intent("product_info", ent("product", "aurora", "aurora")),
		"what is it made of":         intent("product_info"),
	})
	h.say("does the aurora run small?")
	out := h.say("what is it made of")
	if !strings.Contains(texts(out), "recycled mesh") {
		t.Fatalf("info = %s", texts(out))
	}
}

func TestFallback_IsMarkedAndOffersHelp(t *testing.T) {
	h := newHarness(t, script{})
	out := h.say("qwzx")
	if len(out) != 1 || !out[0].Fallback || len(out[0].Options) == 0 {
		t.Fatalf("fallback = %+v", out)
	}
}

func TestCheckout_TellsAChangedPriceAndTrimsToStock(t *testing.T) {
	h := newHarness(t, script{
		"add two socks": intent("add_to_cart", ent("product", "wool-socks", "socks"), ent("quantity", 2, "two")),
		"checkout":      intent("checkout"),
	})
	if out := h.say("add two socks"); !strings.Contains(texts(out), "Added 2 × Merino Hiking Socks") {
		t.Fatalf("add = %s", texts(out))
	}
	p, _ := h.db.ProductByHandle(h.ctx, "wool-socks")
	p.Variants[0].Price = eur("16.00")
	p.Variants[0].Stock = 1
	if _, err := h.db.UpsertProduct(h.ctx, p); err != nil {
		t.Fatal(err)
	}
	out := texts(h.say("checkout"))
	if !strings.Contains(out, "changed from €14.00 to €16.00") || !strings.Contains(out, "Only 1 of Merino Hiking Socks left") {
		t.Fatalf("checkout = %s", out)
	}
}

func TestContext_TheOtherOne(t *testing.T) {
	h := newHarness(t, script{
		"running shoes":     intent("product_search", ent("category", "running shoes", "running shoes")),
		"the first one":     intent("product_info"),
		"no, the other one": intent("product_info"),
	})
	out := h.say("running shoes")
	cards := find(out, "products")
	if cards == nil || len(cards.Items) != 2 {
		t.Fatalf("search = %s", texts(out))
	}
	first, second := cards.Items[0].Title, cards.Items[1].Title
	if out := texts(h.say("the first one")); !strings.Contains(out, first) {
		t.Fatalf("first = %s", out)
	}
	if out := texts(h.say("no, the other one")); !strings.Contains(out, second) {
		t.Fatalf("the other one = %s, want %s", out, second)
	}
}

// Nobody learns anything about an order without proving it is theirs, and
// guessing numbers stops after three tries.
func TestOrderStatus_VerifiesOwnershipAndStopsGuessing(t *testing.T) {
	h := newHarness(t, script{
		"where is my order?": intent("order_status"),
	})
	addr := addressForTest()
	o, err := orderFor(h, "owner@example.com", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.AddShipment(h.ctx, o.Number, order.Shipment{Status: "shipped", Carrier: "PostNL", TrackingNumber: "3SABC123"}); err != nil {
		t.Fatal(err)
	}
	out := h.say("where is my order?")
	if lastInput(out) != "order_number" {
		t.Fatalf("asks %q: %s", lastInput(out), texts(out))
	}
	out = h.say(o.Number)
	if lastInput(out) != "email" || strings.Contains(texts(out), "PostNL") {
		t.Fatalf("after the number: %s", texts(out))
	}
	out = h.say("thief@example.com")
	if strings.Contains(texts(out), "PostNL") || strings.Contains(texts(out), "on its way") {
		t.Fatalf("leaked to a wrong e-mail: %s", texts(out))
	}
	// The right pair shows status, carrier, tracking number.
	h.say("where is my order?")
	h.say(o.Number)
	out = h.say("Owner@Example.com")
	if all := texts(out); !strings.Contains(all, "on its way") || !strings.Contains(all, "3SABC123") {
		t.Fatalf("details = %s", all)
	}
	// A guesser: unknown and wrong pairs answer alike, then the bot stops.
	c, tok, _, err := h.convs.Start(h.ctx, "rest", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	h.id, h.tok = c.ID, tok
	var answers []string
	for _, n := range []string{o.Number, "999999", o.Number} {
		h.say("where is my order?")
		h.say(n)
		answers = append(answers, texts(h.say("guess@example.com")))
	}
	if answers[0] != answers[1] {
		t.Errorf("an unknown number answers %q, a known one %q", answers[1], answers[0])
	}
	h.say("where is my order?")
	if out := texts(h.say(o.Number)); !strings.Contains(out, "security") {
		t.Errorf("after three failures: %s", out)
	}
}

func addressForTest() address.Address {
	return address.Address{Name: "Owner", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}
}

func orderFor(h *harness, email string, a address.Address) (*order.Order, error) {
	orders := order.NewService(h.db, catalog.NewService(h.db))
	return orders.Place(h.ctx, order.NewOrder{Email: email, ShippingAddress: a, Paid: true, Source: "admin",
		Lines: []order.Line{{SKU: "SOCK-1", Quantity: 1}}})
}
