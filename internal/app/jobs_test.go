package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// A back-in-stock alert reaches its conversation once when stock returns,
// however often the job runs; an unpaid order's stock comes back when its
// reservation runs out.
func TestJobs_BackInStockOnceAndExpiredReservations(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	ctx := context.Background()
	soldOut := soldOutSKU(t, s)
	var conv struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "nl"}, &conv)
	var out struct{ Messages []message }
	s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, map[string]string{"payload": "notify:" + soldOut}, &out)
	if len(out.Messages) == 0 {
		t.Fatal("no answer to the subscription")
	}
	s.app.RunJobsOnce(ctx)
	if err := s.app.DB.AdjustStock(ctx, soldOut, 2); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		s.app.RunJobsOnce(ctx)
	}
	var hist struct{ Messages []message }
	s.do("GET", "/api/v1/conversations/"+conv.ID+"/messages?after=0", conv.Token, "", nil, &hist)
	alerts := 0
	for _, m := range hist.Messages {
		for _, o := range m.Options {
			if o.Payload == "add:"+soldOut && m.Type == "products" {
				alerts++
			}
		}
	}
	if alerts != 1 {
		t.Errorf("%d back-in-stock alerts, want 1", alerts)
	}
	if last := hist.Messages[len(hist.Messages)-2].Text; !strings.Contains(last, "voorraad") {
		t.Errorf("the alert is not in the conversation's language: %q", last)
	}

	// An unpaid checkout holds its stock until the reservation runs out.
	sku := inStockSKU(t, s)
	before := stockOf(s, sku)
	var c2 struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("slow@example.com", "")}, &c2)
	for _, b := range []map[string]string{{"payload": "add:" + sku}, {"payload": "checkout"},
		{"text": "Sam Slow, Keizersgracht 12, 1015 CS Amsterdam, NL"}, {"payload": "ship:standard"}} {
		s.json("POST", "/api/v1/conversations/"+c2.ID+"/messages", c2.Token, b, nil)
	}
	if got := stockOf(s, sku); got != before-1 {
		t.Fatalf("stock while reserved = %d, want %d", got, before-1)
	}
	if n, err := s.app.Orders.ExpireReservations(ctx, time.Now().Add(31*time.Minute)); err != nil || len(n) != 1 {
		t.Fatalf("expired = %v, %v", n, err)
	}
	if got := stockOf(s, sku); got != before {
		t.Errorf("stock after expiry = %d, want %d", got, before)
	}
}

// soldOutSKU is the first sold-out variant of the shop's catalogue.
func soldOutSKU(t *testing.T, s *shop) string {
	t.Helper()
	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string
				Stock int
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?limit=200", adminKey, "", nil, &prods)
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock == 0 {
				return v.SKU
			}
		}
	}
	t.Fatal("demo shop has no sold-out variant")
	return ""
}
