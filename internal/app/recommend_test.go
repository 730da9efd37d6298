package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// recoMessage is a turn's message with what these tests read: why the
// products are shown, their prices and stock per variant.
type recoMessage struct {
	From    string `json:"from"`
	Type    string `json:"type"`
	Text    string `json:"text"`
	Reason  string `json:"reason"`
	Options []struct{ Title, Payload string }
	Items   []struct {
		SKU, Handle, Title string
		InStock            bool `json:"in_stock"`
		Variants           []struct {
			SKU     string
			Options map[string]string
			InStock bool `json:"in_stock"`
			Price   money.Money
		}
	}
}

type recoChat struct {
	s         *shop
	id, token string
}

func startRecoChat(t *testing.T, s *shop, locale string) *recoChat {
	t.Helper()
	var conv struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": locale}, &conv); code != 201 {
		t.Fatalf("create conversation = %d", code)
	}
	return &recoChat{s: s, id: conv.ID, token: conv.Token}
}

func (c *recoChat) send(t *testing.T, body map[string]string) []recoMessage {
	t.Helper()
	var turn struct{ Messages []recoMessage }
	if code := c.s.json("POST", "/api/v1/conversations/"+c.id+"/messages", c.token, body, &turn); code != 200 {
		t.Fatalf("message %v = %d", body, code)
	}
	return turn.Messages
}

func (c *recoChat) say(t *testing.T, text string) []recoMessage {
	return c.send(t, map[string]string{"text": text})
}

func (c *recoChat) tap(t *testing.T, payload string) []recoMessage {
	return c.send(t, map[string]string{"payload": payload})
}

func recoTranscript(ms []recoMessage) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("\n  " + m.From + "/" + m.Type + "[" + m.Reason + "]: " + m.Text)
		for _, it := range m.Items {
			b.WriteString(" {" + it.Handle + " " + it.SKU + "}")
		}
		for _, o := range m.Options {
			b.WriteString(" <" + o.Title + "|" + o.Payload + ">")
		}
	}
	return b.String()
}

// paidOrder records a paid order of one of each variant, as a shop's
// history the recommender mines.
func paidOrder(t *testing.T, s *shop, key string, skus ...string) {
	t.Helper()
	ctx := context.Background()
	o := &order.Order{Email: "history@example.com", Status: order.StatusConfirmed, PaymentStatus: order.PaymentPaid,
		FulfillmentStatus: order.FulfillmentUnfulfilled, Source: "admin", IdempotencyKey: key,
		ShippingAddress: address.Address{Name: "Ana", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}}
	total := money.New(0, "EUR")
	for _, sku := range skus {
		v, err := s.app.Catalog.Variant(ctx, sku)
		if err != nil {
			t.Fatalf("variant %s: %v", sku, err)
		}
		o.Items = append(o.Items, order.Item{SKU: sku, Title: sku, Quantity: 1, UnitPrice: v.Price})
		total = total.Add(v.Price)
	}
	o.Subtotal, o.Total, o.Discount, o.Shipping = total, total, money.New(0, "EUR"), money.New(0, "EUR")
	if err := s.app.DB.CreateOrder(ctx, o); err != nil {
		t.Fatal(err)
	}
}

// productsOf returns the turn's products message with the reason, or nil.
func productsOf(ms []recoMessage, reason string) *recoMessage {
	for i := range ms {
		if ms[i].Type == "products" && ms[i].Reason == reason {
			return &ms[i]
		}
	}
	return nil
}

// Right after an add to the cart comes a short cross-sell: at most three
// products, none of the kind just added, each in stock, the one bought
// with it most in the shop's paid orders among them; the cart's reply
// comes first, and the same product gets no second cross-sell.
func TestCrossSell_AfterAddToCartOtherKindsInStock(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ctx := context.Background()
		for i := range 3 {
			paidOrder(t, s, fmt.Sprintf("shoe-socks-%d", i), "NK-RS-AURORA-43-TEA", "NK-SO-GHOST-3638-WHT")
			paidOrder(t, s, fmt.Sprintf("shirt-belt-%d", i), "NK-SH-KEIZER-M-WHT", "NK-BL-HERITAGE-M-BRN")
		}
		if err := s.app.Recommend.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if s.app.Recommend.Model().Baskets() != 6 {
			t.Fatalf("mined %d baskets, want 6", s.app.Recommend.Model().Baskets())
		}
		c := startRecoChat(t, s, "en")
		ms := c.tap(t, "add:NK-RS-AURORA-42-TEA")
		cs := productsOf(ms, "cross_sell")
		if cs == nil {
			t.Fatalf("no cross-sell after the add:%s", recoTranscript(ms))
		}
		added := -1
		for i, m := range ms {
			if strings.Contains(m.Text, "Added 1 × Aurora Trail Runner") {
				added = i
			}
			if &ms[i] == cs && added < 0 {
				t.Fatalf("the cross-sell came before the cart's reply:%s", recoTranscript(ms))
			}
		}
		if len(cs.Items) == 0 || len(cs.Items) > 3 {
			t.Fatalf("cross-sell shows %d items, want 1 to 3", len(cs.Items))
		}
		socks := false
		for _, it := range cs.Items {
			p, err := s.app.Catalog.Product(ctx, it.Handle)
			if err != nil {
				t.Fatal(err)
			}
			if p.Type == "Running Shoes" {
				t.Errorf("cross-sell shows %s, of the kind just added", it.Handle)
			}
			if !p.InStock() {
				t.Errorf("cross-sell shows %s, sold out", it.Handle)
			}
			socks = socks || it.Handle == "ghost-no-show-run-socks"
		}
		if !socks {
			t.Errorf("the socks bought with these shoes are not suggested:%s", recoTranscript(ms))
		}
		again := c.tap(t, "add:NK-RS-AURORA-43-TEA")
		if productsOf(again, "cross_sell") != nil {
			t.Errorf("a second cross-sell for the same product:%s", recoTranscript(again))
		}
	})
}

// A budget request for several kinds answers one bundle: one product per
// kind, of distinct types, each chosen variant in stock, together within
// the budget. "Add all" puts each in the cart once, and a second tap
// doubles nothing; "another one" shows a different set, also within it.
func TestBundle_DistinctKindsInStockWithinBudget(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ctx := context.Background()
		c := startRecoChat(t, s, "en")
		ms := c.say(t, "a running outfit under €200: shoes, shirt and socks")
		first := checkBundle(t, s, ms, 20000, 3)
		ms = c.say(t, "another one")
		second := checkBundle(t, s, ms, 20000, 3)
		if first.key == second.key {
			t.Errorf("another one showed the same set %s", first.key)
		}
		c.tap(t, second.addAll)
		c.tap(t, second.addAll)
		crt, err := s.app.Carts.For(ctx, 0, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(crt.Items) != len(second.skus) {
			t.Fatalf("cart has %d lines after add all, want %d", len(crt.Items), len(second.skus))
		}
		for _, sku := range second.skus {
			it, ok := crt.Find(sku)
			if !ok || it.Quantity != 1 {
				t.Errorf("cart line %s = %+v (in cart %v), want quantity 1", sku, it, ok)
			}
		}
	})
}

type shownBundle struct {
	key, addAll string
	skus        []string
}

// checkBundle checks a turn's bundle against the catalogue and returns it.
func checkBundle(t *testing.T, s *shop, ms []recoMessage, budget int64, kinds int) shownBundle {
	t.Helper()
	ctx := context.Background()
	bm := productsOf(ms, "bundle")
	if bm == nil {
		t.Fatalf("no bundle:%s", recoTranscript(ms))
	}
	if kinds > 0 && len(bm.Items) != kinds || len(bm.Items) < 2 {
		t.Fatalf("bundle of %d items, want %d (0: two or more):%s", len(bm.Items), kinds, recoTranscript(ms))
	}
	var out shownBundle
	types := map[string]bool{}
	var total int64
	for _, it := range bm.Items {
		p, err := s.app.Catalog.Product(ctx, it.Handle)
		if err != nil {
			t.Fatal(err)
		}
		if types[p.Type] {
			t.Errorf("two items of type %s in the bundle", p.Type)
		}
		types[p.Type] = true
		v, err := s.app.Catalog.Variant(ctx, it.SKU)
		if err != nil || v.ProductID != p.ID || !v.InStock() {
			t.Errorf("bundle item %s offers variant %s: %+v, %v; want one of it, in stock", it.Handle, it.SKU, v, err)
		}
		total += v.Price.Amount
		out.skus = append(out.skus, it.SKU)
	}
	if total > budget {
		t.Errorf("bundle total %d > budget %d", total, budget)
	}
	if !types["Socks"] {
		t.Errorf("no socks in a bundle that asked for socks: %v", types)
	}
	for _, o := range bm.Options {
		if strings.HasPrefix(o.Payload, "bundle:add:") {
			out.addAll = o.Payload
		}
	}
	if out.addAll == "" {
		t.Fatalf("no add-all button:%s", recoTranscript(ms))
	}
	out.key = strings.Join(out.skus, ",")
	return out
}

// "What goes with these shoes?" shows other kinds for the shoes in the
// cart; a gift request with a budget shows products within it, in stock.
func TestRecommendation_CompleteTheLookAndGiftFinder(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	ctx := context.Background()
	c := startRecoChat(t, s, "en")
	c.tap(t, "add:NK-RS-AURORA-42-TEA")
	ms := c.say(t, "what goes with these shoes?")
	look := productsOf(ms, "recommendation")
	if look == nil || len(look.Items) == 0 {
		t.Fatalf("no look:%s", recoTranscript(ms))
	}
	for _, it := range look.Items {
		if p, _ := s.app.Catalog.Product(ctx, it.Handle); p == nil || p.Type == "Running Shoes" || !p.InStock() {
			t.Errorf("the look shows %s: %+v", it.Handle, p)
		}
	}
	ms = c.say(t, "gift for my dad who runs under €50")
	gift := productsOf(ms, "recommendation")
	if gift == nil || len(gift.Items) == 0 {
		t.Fatalf("no gift ideas:%s", recoTranscript(ms))
	}
	for _, it := range gift.Items {
		p, _ := s.app.Catalog.Product(ctx, it.Handle)
		if p == nil || !p.InStock() || p.MinPrice().Amount > 5000 {
			t.Errorf("gift idea %s over budget or sold out: %+v", it.Handle, p)
		}
	}
}

// The bundle request is read in the six languages: the kinds from the
// product vocabulary, the budget from the NLU's money or, where it reads
// none in the shop's currency, the amount beside the currency's word.
func TestBundle_AnswersInEveryLanguage(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	tests := []struct{ lang, text string }{
		{"en", "a running outfit under €150: shoes, shirt and socks"},
		{"nl", "een hardloopoutfit onder €200: schoenen, shirt en sokken"},
		{"ms", "pakaian lari bawah €200: kasut, baju dan stokin"},
		{"zh", "200欧元以内的跑步装备：鞋、T恤和袜子"},
		{"nb", "et løpeantrekk under 200 euro: sko, skjorte og sokker"},
		{"hy", "վազքի հանդերձանք մինչև 200 եվրո՝ կոշիկներ, շապիկ և գուլպաներ"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			c := startRecoChat(t, s, tt.lang)
			budget := int64(20000)
			if tt.lang == "en" {
				budget = 15000
			}
			checkBundle(t, s, c.say(t, tt.text), budget, 0)
		})
	}
}
