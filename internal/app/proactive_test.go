package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// pmessage is a message with the contract's "proactive".
type pmessage struct {
	message
	Proactive string `json:"proactive"`
}

// proactiveShop is a demo shop with the rules set explicitly (serveApp
// lifts them for the other tests): quiet hours as given, one marketing
// message a day, a 10% recovery code.
func proactiveShop(t *testing.T, dsn, quiet string) *shop {
	t.Helper()
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = dsn, true, adminKey, true
	cfg.TimeZone = "UTC"
	cfg.Proactive = config.Proactive{QuietHours: quiet, MarketingPerDay: 1, RecoveryDiscount: 10, RecoveryCodeValid: 48 * time.Hour}
	return openShop(t, cfg)
}

func (s *shop) open(t *testing.T, lang string) (id, token string) {
	t.Helper()
	var c struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": lang}, &c); code != 201 && code != 200 {
		t.Fatalf("start conversation: %d", code)
	}
	return c.ID, c.Token
}

func (s *shop) tell(t *testing.T, id, token string, body map[string]string) []pmessage {
	t.Helper()
	var out struct{ Messages []pmessage }
	if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, body, &out); code != 200 {
		t.Fatalf("%v = %d", body, code)
	}
	return out.Messages
}

func (s *shop) history(t *testing.T, id, token string) []pmessage {
	t.Helper()
	var out struct{ Messages []pmessage }
	s.do("GET", "/api/v1/conversations/"+id+"/messages?after=0", token, "", nil, &out)
	return out.Messages
}

func ofKind(ms []pmessage, kind string) []pmessage {
	var out []pmessage
	for _, m := range ms {
		if m.Proactive == kind {
			out = append(out, m)
		}
	}
	return out
}

func (s *shop) proactiveLog(t *testing.T, id string) []proactive.Record {
	t.Helper()
	log, err := s.app.DB.ProactiveLog(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// A shopper who adds to the cart and leaves gets exactly one recovery
// message after SHOPKEEPER_CART_RECOVERY_AFTER (1h), however often the job
// runs and on however many instances; its button's tap and the order paid
// after it are recorded, and the analytics count the cart as abandoned and
// recovered.
func TestCartRecovery_OneMessageAfterTheDelayAcrossInstances(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			s := proactiveShop(t, db, "off")
			other := proactiveShop(t, db, "off") // a second instance on the same database
			ctx := context.Background()
			sku := inStockSKU(t, s)
			id, token := s.open(t, "en")
			s.tell(t, id, token, map[string]string{"payload": "add:" + sku})
			now := time.Now()

			s.app.RunProactiveOnce(ctx, now.Add(59*time.Minute))
			if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 0 {
				t.Fatalf("recovery before the delay: %+v", got)
			}
			var wg sync.WaitGroup
			for i := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					app := s.app
					if i%2 == 1 {
						app = other.app
					}
					app.RunProactiveOnce(ctx, now.Add(61*time.Minute+time.Duration(i)*time.Minute))
				}()
			}
			wg.Wait()
			s.app.RunProactiveOnce(ctx, now.Add(5*time.Hour))
			rec := ofKind(s.history(t, id, token), proactive.CartRecovery)
			if len(rec) != 1 {
				t.Fatalf("%d recovery messages, want 1: %+v", len(rec), rec)
			}
			m := rec[0]
			if !strings.Contains(m.Text, "You left") || !strings.Contains(m.Text, "BACK") {
				t.Errorf("recovery text = %q", m.Text)
			}
			if len(m.Options) == 0 || m.Options[0].Payload != "checkout:recovery" {
				t.Errorf("recovery buttons = %+v", m.Options)
			}

			// The tap checks out (and is the recovery's click); paying is the
			// order it led to.
			out := s.tell(t, id, token, map[string]string{"payload": "checkout:recovery"})
			if len(out) == 0 || out[len(out)-1].Input == nil || out[len(out)-1].Input.Field != "email" {
				t.Fatalf("the recovery button does not check out: %+v", out)
			}
			number := s.buy(t, id, token, sku, "back@example.com", "succeeded")
			s.app.RunProactiveOnce(ctx, now.Add(6*time.Hour))
			log := s.proactiveLog(t, id)
			if len(log) != 1 || log[0].Status != "sent" || log[0].ClickedAt == nil || log[0].OrderID == 0 {
				t.Errorf("recovery record = %+v (order %s)", log, number)
			}
			if got := ofKind(s.history(t, id, token), proactive.OrderUpdate); len(got) == 0 {
				t.Error("the order confirmation is not marked order_update")
			}
			day := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02") }
			r := s.analytics(t, "from="+day(-48*time.Hour)+"&to="+day(48*time.Hour))
			if r.CartsAbandoned != 1 || r.CartsRecovered != 1 {
				t.Errorf("analytics: %d abandoned, %d recovered; want 1 and 1", r.CartsAbandoned, r.CartsRecovered)
			}

			// Paid: the emptied cart is not chased, now or later.
			s.app.RunProactiveOnce(ctx, now.Add(30*time.Hour))
			if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 1 {
				t.Errorf("%d recovery messages after payment, want still 1", len(got))
			}
		})
	}
}

// A shopper who wrote "stop" (in their language) gets no recovery, but
// still hears about their own order; a cart bought before the delay is
// never chased.
func TestCartRecovery_NoneAfterStopOrPayment(t *testing.T) {
	eachProactiveDB(t, "off", func(t *testing.T, s *shop) {
		ctx := context.Background()
		sku := inStockSKU(t, s)
		id, token := s.open(t, "nl")
		out := s.tell(t, id, token, map[string]string{"text": "stop"})
		if len(out) == 0 || !strings.Contains(out[len(out)-1].Text, "geen berichten meer") {
			t.Fatalf("'stop' answered %+v", out)
		}
		s.tell(t, id, token, map[string]string{"payload": "add:" + sku})
		now := time.Now()
		s.app.RunProactiveOnce(ctx, now.Add(2*time.Hour))
		if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 0 {
			t.Fatalf("recovery after stop: %+v", got)
		}
		if log := s.proactiveLog(t, id); len(log) != 1 || log[0].Status != "dropped" || log[0].Reason != proactive.DropNoConsent {
			t.Errorf("record after stop = %+v", log)
		}
		s.buy(t, id, token, sku, "stop@example.com", "succeeded")
		if got := ofKind(s.history(t, id, token), proactive.OrderUpdate); len(got) != 1 {
			t.Errorf("%d order updates after stop, want 1", len(got))
		}

		// Bought within the hour: nothing to recover.
		id2, token2 := s.open(t, "en")
		s.buy(t, id2, token2, sku, "quick@example.com", "succeeded")
		s.app.RunProactiveOnce(ctx, now.Add(3*time.Hour))
		if got := ofKind(s.history(t, id2, token2), proactive.CartRecovery); len(got) != 0 {
			t.Errorf("recovery after payment: %+v", got)
		}
		if log := s.proactiveLog(t, id2); len(log) != 0 {
			t.Errorf("a paid cart was queued: %+v", log)
		}
	})
}

// A recovery due during quiet hours waits until they end, then goes; it
// is not dropped.
func TestCartRecovery_QuietHoursDefer(t *testing.T) {
	now := time.Now().UTC()
	at := now.Add(2 * time.Hour) // when the job runs: the cart is an hour overdue
	start, end := (at.Hour()+23)%24, (at.Hour()+2)%24
	quiet := fmt.Sprintf("%02d:00-%02d:00", start, end)
	endsAt := time.Date(at.Year(), at.Month(), at.Day(), at.Hour()+2, 0, 0, 0, time.UTC)
	eachProactiveDB(t, quiet, func(t *testing.T, s *shop) {
		ctx := context.Background()
		id, token := s.open(t, "en")
		s.tell(t, id, token, map[string]string{"payload": "add:" + inStockSKU(t, s)})
		s.app.RunProactiveOnce(ctx, at)
		if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 0 {
			t.Fatalf("recovery during quiet hours (%s): %+v", quiet, got)
		}
		log := s.proactiveLog(t, id)
		if len(log) != 1 || log[0].Status != "pending" || log[0].Reason != proactive.HeldQuiet || !log[0].DueAt.Equal(endsAt) {
			t.Fatalf("held record = %+v, want pending until %s", log, endsAt)
		}
		s.app.RunProactiveOnce(ctx, endsAt.Add(-time.Minute))
		if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 0 {
			t.Fatalf("recovery a minute before quiet hours end: %+v", got)
		}
		s.app.RunProactiveOnce(ctx, endsAt.Add(time.Minute))
		if got := ofKind(s.history(t, id, token), proactive.CartRecovery); len(got) != 1 {
			t.Fatalf("%d recoveries after quiet hours, want 1", len(got))
		}
	})
}

func eachProactiveDB(t *testing.T, quiet string, fn func(t *testing.T, s *shop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) { fn(t, proactiveShop(t, dsn(t), quiet)) })
	}
}

// A shopper who asked to hear when a price drops gets one price_drop
// message when it does; a back-in-stock alert due the same day waits for
// the daily cap and then goes, marked back_in_stock.
func TestPriceDrop_OneAlertAndTheDailyCap(t *testing.T) {
	eachProactiveDB(t, "off", func(t *testing.T, s *shop) {
		ctx := context.Background()
		single, soldOut := "", ""
		for _, p := range s.app.Catalog.Snapshot() {
			if len(p.Variants) == 1 && p.Variants[0].Stock > 0 && single == "" {
				single = p.Handle
			}
			for _, v := range p.Variants {
				if v.Stock == 0 && soldOut == "" {
					soldOut = v.SKU
				}
			}
		}
		if single == "" || soldOut == "" {
			t.Fatal("the demo shop has no one-variant product in stock or no sold-out variant")
		}
		id, token := s.open(t, "en")
		out := s.tell(t, id, token, map[string]string{"payload": "focus:" + single})
		watch := ""
		for _, m := range out {
			for _, o := range m.Options {
				if strings.HasPrefix(o.Payload, "pricedrop:") {
					watch = o.Payload
				}
			}
		}
		if watch == "" {
			t.Fatalf("no price-drop button on %s: %+v", single, out)
		}
		if out := s.tell(t, id, token, map[string]string{"payload": watch}); len(out) == 0 || !strings.Contains(out[0].Text, "drops below") {
			t.Fatalf("watch answered %+v", out)
		}
		s.tell(t, id, token, map[string]string{"payload": "notify:" + soldOut})

		now := time.Now()
		s.app.RunProactiveOnce(ctx, now.Add(time.Minute))
		if got := ofKind(s.history(t, id, token), proactive.PriceDrop); len(got) != 0 {
			t.Fatalf("price alert before the price dropped: %+v", got)
		}
		p, err := s.app.Catalog.Product(ctx, single)
		if err != nil {
			t.Fatal(err)
		}
		p.Variants[0].Price.Amount -= 500
		if _, err := s.app.DB.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			s.app.RunProactiveOnce(ctx, now.Add(time.Duration(2+i)*time.Minute))
		}
		drops := ofKind(s.history(t, id, token), proactive.PriceDrop)
		if len(drops) != 2 || !strings.Contains(drops[0].Text, "is now") || drops[1].Type != "products" {
			t.Fatalf("price-drop messages = %+v, want the text and the card", drops)
		}

		// Back in stock the same day: held by the daily cap, sent a day after
		// the price drop.
		if err := s.app.DB.AdjustStock(ctx, soldOut, 2); err != nil {
			t.Fatal(err)
		}
		s.app.RunJobsOnce(ctx)
		s.app.RunProactiveOnce(ctx, now.Add(10*time.Minute))
		if got := ofKind(s.history(t, id, token), proactive.BackInStock); len(got) != 0 {
			t.Fatalf("a second marketing message the same day: %+v", got)
		}
		held := false
		for _, r := range s.proactiveLog(t, id) {
			held = held || r.Kind == proactive.BackInStock && r.Status == "pending" && r.Reason == proactive.HeldCap
		}
		if !held {
			t.Fatalf("back-in-stock not held by the cap: %+v", s.proactiveLog(t, id))
		}
		s.app.RunProactiveOnce(ctx, now.Add(25*time.Hour))
		if got := ofKind(s.history(t, id, token), proactive.BackInStock); len(got) == 0 {
			t.Fatalf("the held back-in-stock alert never went: %+v", s.proactiveLog(t, id))
		}
	})
}
