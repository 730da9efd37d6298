package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const carrierSecret = "carrier-webhook-test-secret"

// afterSaleShop is a demo shop that accepts signed carrier webhooks.
func afterSaleShops(t *testing.T, fn func(t *testing.T, s *shop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true // shoppers can prove who they are
			cfg.DB, cfg.Demo, cfg.AdminKey = dsn(t), true, adminKey
			cfg.CarrierWebhookSecret, cfg.VATRate = carrierSecret, 2100
			fn(t, openShop(t, cfg))
		})
	}
}

type asChat struct {
	t         *testing.T
	s         *shop
	id, token string
}

func (s *shop) asChat(t *testing.T, locale, email string) *asChat {
	body := map[string]any{"locale": locale}
	if email != "" {
		body["customer"] = signed(email, "")
	}
	var conv struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", body, &conv); code != http.StatusCreated {
		t.Fatalf("create conversation = %d", code)
	}
	return &asChat{t: t, s: s, id: conv.ID, token: conv.Token}
}

func (c *asChat) send(kind, v string) []message {
	c.t.Helper()
	var out struct{ Messages []message }
	if code := c.s.json("POST", "/api/v1/conversations/"+c.id+"/messages", c.token, map[string]string{kind: v}, &out); code != 200 {
		c.t.Fatalf("%s %q = %d", kind, v, code)
	}
	return out.Messages
}

func (c *asChat) say(text string) []message    { return c.send("text", text) }
func (c *asChat) tap(payload string) []message { return c.send("payload", payload) }

func asText(ms []message) string {
	var b strings.Builder
	for _, m := range ms {
		if m.From != "shopper" {
			b.WriteString(m.Text + "\n")
		}
	}
	return b.String()
}

func asLink(ms []message, purpose string) string {
	for _, m := range ms {
		if m.Type == "link" && m.Purpose == purpose {
			return m.URL
		}
	}
	return ""
}

func asOption(ms []message, prefix string) string {
	for _, m := range ms {
		for _, o := range m.Options {
			if strings.HasPrefix(o.Payload, prefix) {
				return o.Payload
			}
		}
	}
	return ""
}

type asOrder struct {
	Number            string
	Status            string
	PaymentStatus     string                       `json:"payment_status"`
	FulfillmentStatus string                       `json:"fulfillment_status"`
	ShippingAddress   struct{ Line1, City string } `json:"shipping_address"`
	Shipments         []struct {
		Status, Carrier string
		TrackingNumber  string `json:"tracking_number"`
		Events          []struct{ Status, Location string }
	}
}

func (s *shop) asOrderOf(t *testing.T, number string) asOrder {
	var o asOrder
	if code := s.do("GET", "/api/v1/admin/orders/"+number, adminKey, "", nil, &o); code != 200 {
		t.Fatalf("get order %s = %d", number, code)
	}
	return o
}

// enterOrder places an order as the shop would by phone, paid or not.
func (s *shop) asEnter(t *testing.T, email string, paid bool, skus ...string) string {
	items := []map[string]any{}
	for _, sku := range skus {
		items = append(items, map[string]any{"sku": sku, "quantity": 1})
	}
	var o struct{ Number string }
	body := map[string]any{"customer": map[string]string{"email": email, "name": "Ann Smit"}, "items": items, "paid": paid,
		"shipping_address": map[string]string{"name": "Ann Smit", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}}
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, body, &o); code != http.StatusCreated {
		t.Fatalf("create order = %d", code)
	}
	return o.Number
}

func (s *shop) asShip(t *testing.T, number string) asOrder {
	var o asOrder
	if code := s.json("POST", "/api/v1/admin/orders/"+number+"/fulfillments", adminKey, map[string]string{"status": "shipped"}, &o); code != 200 {
		t.Fatalf("ship %s = %d", number, code)
	}
	return o
}

func (s *shop) asPush(t *testing.T, body []byte, header string) (int, map[string]any) {
	req, _ := http.NewRequest("POST", s.url+"/api/v1/webhooks/carrier/shopkeeper-express", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if header != "" {
		req.Header.Set(fulfilment.SignatureHeader, header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (s *shop) asGet(t *testing.T, rawURL string) (int, http.Header, []byte) {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.url + u.RequestURI())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func TestAfterSale_TrackingAnswerAndPage(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		number := s.asEnter(t, "track@example.com", true, sku)
		o := s.asShip(t, number)
		tracking := o.Shipments[0].TrackingNumber
		if !regexp.MustCompile(`^SKX[0-9]{12}$`).MatchString(tracking) || o.Shipments[0].Carrier != fulfilment.SimulatedName {
			t.Fatalf("shipment without a carrier booked as %q %q", o.Shipments[0].Carrier, tracking)
		}
		s.app.RunJobsOnce(context.Background()) // records the label scan
		body := []byte(fmt.Sprintf(`{"event_id":"t-1","tracking_number":%q,"status":"in_transit","location":"Utrecht","occurred_at":%q}`,
			tracking, time.Now().Add(2*time.Second).UTC().Format(time.RFC3339)))
		if code, _ := s.asPush(t, body, fulfilment.SignWebhook(carrierSecret, body, time.Now())); code != 200 {
			t.Fatalf("webhook = %d", code)
		}
		if evs := s.asOrderOf(t, number).Shipments[0].Events; len(evs) < 2 || evs[len(evs)-1].Location != "Utrecht" {
			t.Fatalf("order JSON events = %+v", evs)
		}

		c := s.asChat(t, "en", "track@example.com")
		out := c.say("where is my order?")
		text := asText(out)
		for _, want := range []string{number, "on its way", tracking, "Utrecht", "Expected delivery"} {
			if !strings.Contains(text, want) {
				t.Errorf("tracking answer lacks %q:\n%s", want, text)
			}
		}
		link := asLink(out, "tracking")
		if !regexp.MustCompile(`/track/[A-Za-z0-9_-]{32}\?lang=en$`).MatchString(link) {
			t.Fatalf("tracking link %q", link)
		}
		code, h, page := s.asGet(t, strings.Replace(link, "lang=en", "lang=nl", 1))
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !bytes.Contains(page, []byte("Bestelling "+number)) || !bytes.Contains(page, []byte(tracking)) {
			t.Fatalf("tracking page = %d %s", code, page)
		}
		if bytes.Contains(page, []byte("track@example.com")) || bytes.Contains(page, []byte("Keizersgracht")) {
			t.Fatal("the tracking page shows personal data")
		}
		if code, _, _ := s.asGet(t, s.url+"/track/"+strings.Repeat("A", 32)); code != 404 {
			t.Fatalf("guessed tracking page = %d", code)
		}
	})
}

func TestAfterSale_CarrierWebhookDeliversOnceAndAsksForAReview(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		// Bought in the chat, so the review request has a conversation to go to.
		c := s.asChat(t, "en", "")
		c.tap("add:" + inStockSKU(t, s))
		c.tap("checkout")
		c.say("fan@example.com")
		c.say("Ann Smit, Keizersgracht 12, 1015 CS Amsterdam, NL")
		pay := asLink(c.tap("ship:standard"), "payment")
		u, _ := url.Parse(pay)
		resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var list struct{ Orders []asOrder }
		s.do("GET", "/api/v1/admin/orders?email=fan@example.com", adminKey, "", nil, &list)
		if len(list.Orders) != 1 || list.Orders[0].PaymentStatus != "paid" {
			t.Fatalf("orders = %+v", list.Orders)
		}
		number := list.Orders[0].Number
		tracking := s.asShip(t, number).Shipments[0].TrackingNumber

		now := time.Now()
		body := []byte(fmt.Sprintf(`{"event_id":"d-1","tracking_number":%q,"status":"delivered","location":"Amsterdam","occurred_at":%q}`,
			tracking, now.UTC().Format(time.RFC3339)))
		cases := []struct {
			name   string
			header string
			code   int
		}{
			{"bad signature", fulfilment.SignWebhook("wrong", body, now), 401},
			{"no signature", "", 401},
			{"stale", fulfilment.SignWebhook(carrierSecret, body, now.Add(-time.Hour)), 400},
			{"good", fulfilment.SignWebhook(carrierSecret, body, now), 200},
			{"replayed", fulfilment.SignWebhook(carrierSecret, body, now), 200},
		}
		for _, tc := range cases {
			code, out := s.asPush(t, body, tc.header)
			if code != tc.code {
				t.Fatalf("%s: webhook = %d %v, want %d", tc.name, code, out, tc.code)
			}
			if tc.name == "replayed" && out["duplicate"] != true {
				t.Fatalf("replay not reported as duplicate: %v", out)
			}
			if tc.code != 200 && s.asOrderOf(t, number).Status != "shipped" {
				t.Fatalf("%s changed the order", tc.name)
			}
		}
		// An invalid body, correctly signed, is refused with the reason.
		bad := []byte(`{"event_id":"x","tracking_number":"SKX1","status":"teleported","occurred_at":"2026-11-24T03:12:00Z"}`)
		if code, _ := s.asPush(t, bad, fulfilment.SignWebhook(carrierSecret, bad, now)); code != 422 {
			t.Fatalf("invalid status = %d, want 422", code)
		}
		s.app.RunJobsOnce(context.Background())
		o := s.asOrderOf(t, number)
		if o.Status != "delivered" || o.FulfillmentStatus != "delivered" || o.Shipments[0].Status != "delivered" {
			t.Fatalf("order after delivery: %+v", o)
		}
		var msgs struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+c.id+"/messages?after=0", c.token, "", nil, &msgs)
		reviews := 0
		for _, m := range msgs.Messages {
			if m.From == "bot" && strings.Contains(m.Text, number) && strings.Contains(m.Text, "review") {
				reviews++
			}
		}
		if reviews != 1 {
			t.Fatalf("%d review requests in the conversation, want 1", reviews)
		}
		// The request is a one-tap 1–5 rating; the tap is stored as a
		// review feedback row and thanked; a low one offers a colleague.
		if p := asOption(msgs.Messages, "review:"+number+":"); p != "review:"+number+":1" {
			t.Fatalf("review request options start with %q", p)
		}
		out := c.tap("review:" + number + ":5")
		if !strings.Contains(asText(out), "Thank you") || asOption(out, "handoff:") != "" {
			t.Fatalf("high rating answer: %s", asText(out))
		}
		c.say("Lovely shoes, fit perfectly")
		out = c.tap("review:" + number + ":2")
		if asOption(out, "handoff:review") == "" {
			t.Fatalf("low rating offers no colleague: %s", asText(out))
		}
		fb, err := s.app.DB.FeedbackOf(context.Background(), c.id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fb {
			got = append(got, fmt.Sprintf("%s:%d:%s", f.Kind, f.Rating, f.Comment))
		}
		want := []string{"review:5:order " + number, "comment:0:Lovely shoes, fit perfectly", "review:2:order " + number}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("feedback = %q, want %q", got, want)
		}
		if out := c.tap("review:" + number + ":9"); asOption(out, "review:") != "" || strings.Contains(asText(out), "Thank you") {
			t.Fatalf("rating 9 accepted: %s", asText(out))
		}
	})
}

func TestAfterSale_CancelInTheChat(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		before := stockOf(s, sku)
		number := s.asEnter(t, "cancel@example.com", true, sku)
		c := s.asChat(t, "en", "cancel@example.com")
		out := c.say("cancel my order")
		yes := asOption(out, "aftersale:cancel:")
		if yes == "" || !strings.Contains(asText(out), number) {
			t.Fatalf("no confirmation asked: %s", asText(out))
		}
		if in := out[len(out)-1].Input; in == nil || in.Type != "choice" {
			t.Fatalf("confirmation input = %+v", in)
		}
		out = c.tap(yes)
		if !strings.Contains(asText(out), "cancelled") {
			t.Fatalf("after yes: %s", asText(out))
		}
		out = c.tap(yes) // a double tap
		if !strings.Contains(asText(out), "already cancelled") {
			t.Fatalf("second yes: %s", asText(out))
		}
		o := s.asOrderOf(t, number)
		if o.Status != "cancelled" || o.PaymentStatus != "refunded" {
			t.Fatalf("order %s/%s, want cancelled/refunded", o.Status, o.PaymentStatus)
		}
		if got := stockOf(s, sku); got != before {
			t.Fatalf("stock %d, want %d back", got, before)
		}

		// Typing "no" keeps the order.
		kept := s.asEnter(t, "keep@example.com", true, sku)
		c = s.asChat(t, "en", "keep@example.com")
		c.say("cancel my order")
		c.say("no")
		if o := s.asOrderOf(t, kept); o.Status != "confirmed" {
			t.Fatalf("a declined cancellation left the order %s", o.Status)
		}

		// Shipped: cannot be cancelled; a return is offered.
		shipped := s.asEnter(t, "late@example.com", true, sku)
		s.asShip(t, shipped)
		c = s.asChat(t, "en", "late@example.com")
		out = c.say("cancel my order")
		if asOption(out, "order:"+shipped+":return_item") == "" || asOption(out, "aftersale:cancel:") != "" {
			t.Fatalf("shipped order: %s", asText(out))
		}
		// A forged button for someone else's order does nothing.
		c.tap("aftersale:cancel:" + kept)
		if o := s.asOrderOf(t, kept); o.Status != "confirmed" {
			t.Fatalf("another customer's order was cancelled")
		}
		if o := s.asOrderOf(t, shipped); o.Status != "shipped" || o.PaymentStatus != "paid" {
			t.Fatalf("shipped order changed: %+v", o)
		}
	})
}

func TestAfterSale_ChangeDeliveryAddress(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		number := s.asEnter(t, "move@example.com", true, sku)
		c := s.asChat(t, "en", "move@example.com")
		out := c.say("can I change the delivery address?")
		if in := out[len(out)-1].Input; in == nil || in.Field != "shipping_address" {
			t.Fatalf("no address asked: %s", asText(out))
		}
		out = c.say("Damrak 1, 1012 LG Amsterdam, NL")
		if o := s.asOrderOf(t, number); o.ShippingAddress.Line1 != "Damrak 1" {
			t.Fatalf("address is %+v after: %s", o.ShippingAddress, asText(out))
		}

		shipped := s.asEnter(t, "gone@example.com", true, sku)
		s.asShip(t, shipped)
		c = s.asChat(t, "en", "gone@example.com")
		out = c.say("can I change the delivery address?")
		if in := out[len(out)-1].Input; in != nil && in.Field == "shipping_address" {
			t.Fatalf("a shipped order's address was asked for")
		}
		if !strings.Contains(asText(out), "can't be changed") {
			t.Fatalf("no refusal: %s", asText(out))
		}
	})
}

func TestAfterSale_ReorderRechecksStockAndPrices(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		ctx := context.Background()
		var skus []string
		var prods struct {
			Products []struct {
				Variants []struct {
					SKU   string
					Stock int
				}
			}
		}
		s.do("GET", "/api/v1/admin/products?limit=20", adminKey, "", nil, &prods)
		for _, p := range prods.Products {
			if len(p.Variants) > 0 && p.Variants[0].Stock >= 3 && len(skus) < 2 {
				skus = append(skus, p.Variants[0].SKU)
			}
		}
		number := s.asEnter(t, "again@example.com", true, skus...)
		// Since then: the first sold out, the second costs more.
		v, err := s.app.Catalog.Variant(ctx, skus[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := s.app.DB.AdjustStock(ctx, skus[0], -v.Stock); err != nil {
			t.Fatal(err)
		}
		v2, _ := s.app.Catalog.Variant(ctx, skus[1])
		p, err := s.app.Catalog.ProductByID(ctx, v2.ProductID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p.Variants {
			if p.Variants[i].SKU == skus[1] {
				p.Variants[i].Price.Amount += 500
			}
		}
		if _, err := s.app.DB.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		c := s.asChat(t, "en", "again@example.com")
		out := c.say("order the same as last time")
		text := asText(out)
		if !strings.Contains(text, number) || !strings.Contains(text, "sold out") || !strings.Contains(text, "now costs") {
			t.Fatalf("reorder says:\n%s", text)
		}
		var got struct {
			Cart struct {
				Items []struct {
					SKU       string
					UnitPrice struct{ Amount string } `json:"unit_price"`
				}
			}
		}
		s.do("GET", "/api/v1/conversations/"+c.id, c.token, "", nil, &got)
		if len(got.Cart.Items) != 1 || got.Cart.Items[0].SKU != skus[1] {
			t.Fatalf("cart = %+v, want only %s", got.Cart.Items, skus[1])
		}
		if asOption(out, "checkout") == "" {
			t.Fatal("no checkout offered")
		}
	})
}

func TestAfterSale_InvoiceLink(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		number := s.asEnter(t, "books@example.com", true, sku)
		c := s.asChat(t, "en", "books@example.com")
		out := c.say("can I get an invoice for my order?")
		link := asLink(out, "invoice")
		if !regexp.MustCompile(`/documents/invoices/[A-Za-z0-9_-]{32}\.pdf\?lang=en&exp=[0-9]+&sig=[A-Za-z0-9_-]+$`).MatchString(link) {
			t.Fatalf("invoice link %q in %s", link, asText(out))
		}
		code, h, pdf := s.asGet(t, link)
		if code != 200 || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("invoice = %d %s", code, h.Get("Content-Type"))
		}
		// Guesses carry no valid signature: refused before any lookup (403),
		// or not even a document's name (404).
		token := withoutQuery(link[strings.LastIndex(link, "/")+1:])
		for _, guess := range []string{strings.Repeat("A", 32) + ".pdf", number + ".pdf", strings.TrimSuffix(token, ".pdf"), token} {
			if code, _, _ := s.asGet(t, s.url+"/documents/invoices/"+guess); code != 403 && code != 404 {
				t.Fatalf("guess %s = %d", guess, code)
			}
		}

		// Unpaid: proved by number and e-mail, then refused with the reason.
		unpaid := s.asEnter(t, "later@example.com", false, sku)
		c = s.asChat(t, "en", "")
		out = c.say("can I get an invoice for order " + unpaid + "?")
		if in := out[len(out)-1].Input; in == nil || in.Field != "email" {
			t.Fatalf("no proof asked: %s", asText(out))
		}
		out = c.say("later@example.com")
		// An invoice of an order bought elsewhere takes the code mailed to it.
		if asLink(out, "invoice") != "" || asOption(out, "verify:send") == "" {
			t.Fatalf("no code offered: %s", asText(out))
		}
		c.tap("verify:send")
		out = c.say(s.lastCode(t, "later@example.com"))
		if asLink(out, "invoice") != "" || !strings.Contains(asText(out), "isn't paid") {
			t.Fatalf("unpaid order: %s", asText(out))
		}
	})
}
