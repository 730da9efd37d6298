package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// trustShops runs fn on a demo shop per database whose requests carry the
// client address named in X-Test-Client (the HTTP layer's own middleware
// sets it in production), with the high-value line at 50.00 so the demo
// catalogue can cross it.
func trustShops(t *testing.T, fn func(t *testing.T, s *shop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.DB, cfg.Demo, cfg.AdminKey = dsn(t), true, adminKey
			cfg.RiskHighValue = 5000
			a, err := app.New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			h := a.Handler()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(w, r.WithContext(reqinfo.WithClientAddr(r.Context(), r.Header.Get("X-Test-Client"))))
			}))
			t.Cleanup(func() { srv.Close(); a.Close() })
			fn(t, &shop{t: t, url: srv.URL, app: a})
		})
	}
}

// chatBuy buys sku (qty times) in a new chat as email and pays on the test
// gateway's page; it returns the chat and the order number.
func chatBuy(t *testing.T, s *shop, email, sku string, qty int) (*asChat, string) {
	t.Helper()
	c := s.asChat(t, "en", "")
	for i := 0; i < qty; i++ {
		c.tap("add:" + sku)
	}
	c.tap("checkout")
	c.say(email)
	c.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
	out := c.tap("ship:standard")
	link := asLink(out, "payment")
	if link == "" {
		t.Fatalf("no payment link for %s: %s", email, asText(out))
	}
	u, _ := url.Parse(link)
	resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
	var orders struct {
		Orders []struct{ Number string }
	}
	s.do("GET", "/api/v1/admin/orders?email="+url.QueryEscape(email), adminKey, "", nil, &orders)
	if len(orders.Orders) == 0 {
		t.Fatalf("no order for %s", email)
	}
	return c, orders.Orders[len(orders.Orders)-1].Number
}

type riskOrder struct {
	Number        string
	Status        string
	PaymentStatus string `json:"payment_status"`
	Risk          *struct {
		Level   string
		Reasons []string
	}
	Customer struct{ Email, Name string }
	Items    []struct{ Quantity int }
}

func (c *asChat) transcript() string {
	var out struct{ Messages []message }
	c.s.do("GET", "/api/v1/conversations/"+c.id+"/messages", c.token, "", nil, &out)
	return asText(out.Messages)
}

func TestTrust_FraudulentChatOrdersWaitForReviewDecidedOnce(t *testing.T) {
	trustShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		ordinary, number := chatBuy(t, s, "ana@example.com", sku, 1)
		var o riskOrder
		s.do("GET", "/api/v1/admin/orders/"+number, adminKey, "", nil, &o)
		if o.Status != "confirmed" || o.Risk == nil || o.Risk.Level != "low" || o.Risk.Reasons == nil {
			t.Fatalf("ordinary order = %+v", o)
		}
		if !strings.Contains(ordinary.transcript(), "is paid") {
			t.Errorf("ordinary shopper not confirmed:\n%s", ordinary.transcript())
		}

		// Throw-away e-mails buying dear first orders.
		held := map[string]*asChat{}
		for _, email := range []string{"x1@mailinator.com", "x2@yopmail.com"} {
			c, n := chatBuy(t, s, email, sku, 4)
			held[n] = c
			var o riskOrder
			s.do("GET", "/api/v1/admin/orders/"+n, adminKey, "", nil, &o)
			if o.Status != "on_hold" || o.PaymentStatus != "paid" || o.Risk == nil || o.Risk.Level != "high" || len(o.Risk.Reasons) == 0 {
				t.Fatalf("fraudulent order = %+v", o)
			}
			text := c.transcript()
			if !strings.Contains(text, "checks the order") || strings.Contains(text, "is paid (") {
				t.Errorf("held shopper heard:\n%s", text)
			}
		}
		var queue struct{ Orders []riskOrder }
		s.do("GET", "/api/v1/admin/orders?status=on_hold", adminKey, "", nil, &queue)
		if len(queue.Orders) != 2 {
			t.Fatalf("review queue = %+v", queue)
		}
		approve, reject := queue.Orders[0].Number, queue.Orders[1].Number
		before := stockOf(s, sku)
		taken := 0 // what the rejected order holds goes back on the shelf
		for _, it := range queue.Orders[1].Items {
			taken += it.Quantity
		}
		if taken == 0 {
			t.Fatalf("held order without items: %+v", queue.Orders[1])
		}
		for _, tt := range []struct {
			number, decision, status, payment, heard string
			stock                                    int
		}{
			{approve, "approve", "confirmed", "paid", "checked and confirmed", before},
			{reject, "reject", "cancelled", "refunded", "refunded", before + taken},
		} {
			var got riskOrder
			if code := s.json("POST", "/api/v1/admin/orders/"+tt.number+"/review", adminKey, map[string]string{"decision": tt.decision}, &got); code != 200 {
				t.Fatalf("%s = %d", tt.decision, code)
			}
			if got.Status != tt.status || got.PaymentStatus != tt.payment {
				t.Errorf("%s: order %s/%s", tt.decision, got.Status, got.PaymentStatus)
			}
			if text := held[tt.number].transcript(); !strings.Contains(text, tt.heard) {
				t.Errorf("%s: shopper heard:\n%s", tt.decision, text)
			}
			var e errorBody
			if code := s.json("POST", "/api/v1/admin/orders/"+tt.number+"/review", adminKey, map[string]string{"decision": "approve"}, &e); code != http.StatusConflict || e.Error.Code != "not_on_hold" {
				t.Errorf("second decision on %s = %d %+v, want 409 not_on_hold", tt.number, code, e)
			}
			if got := stockOf(s, sku); got != tt.stock {
				t.Errorf("%s: stock %d, want %d", tt.decision, got, tt.stock)
			}
		}
		if n := strings.Count(held[approve].transcript(), "checked and confirmed"); n != 1 {
			t.Errorf("approval told %d times", n)
		}

		// Both decisions, and only they, are in the audit log as the admin key's.
		var audit []struct {
			Actor, Action, Target string
			ClientAddr            string `json:"client_addr"`
			Data                  map[string]any
		}
		var body struct {
			Entries []struct {
				Actor, Action, Target string
				ClientAddr            string `json:"client_addr"`
				Data                  map[string]any
			}
		}
		s.do("GET", "/api/v1/admin/audit", adminKey, "", nil, &body)
		for _, e := range body.Entries {
			if strings.Contains(e.Action, "review") {
				audit = append(audit, e)
			}
		}
		if len(audit) != 2 || audit[0].Actor != "admin key" || audit[0].Action != "POST /orders/{number}/review" ||
			audit[0].Target != "orders/"+reject+"/review" || audit[0].Data["decision"] != "reject" || audit[0].ClientAddr == "" {
			t.Errorf("audit of reviews = %+v", audit)
		}
	})
}

func TestTrust_ExportEraseExport(t *testing.T) {
	trustShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		chat, number := chatBuy(t, s, "ana@example.com", sku, 1)
		other, _ := chatBuy(t, s, "bob@example.com", sku, 1)
		if code := s.json("POST", "/api/v1/admin/consents", adminKey, map[string]any{"email": "ana@example.com", "purpose": "marketing", "granted": true, "source": "widget"}, nil); code != http.StatusCreated {
			t.Fatalf("consent = %d", code)
		}
		var ex struct {
			Customer      *struct{ Email string }
			Addresses     []struct{ Line1 string }
			Orders        []riskOrder
			Conversations []struct {
				ID       string
				Messages []message
			}
			Consents []struct{ Purpose, Source string }
		}
		if code := s.do("GET", "/api/v1/admin/customers/export?email=ana@example.com", adminKey, "", nil, &ex); code != 200 {
			t.Fatalf("export = %d", code)
		}
		if ex.Customer == nil || len(ex.Orders) != 1 || len(ex.Addresses) != 1 || len(ex.Conversations) != 1 || len(ex.Consents) != 1 ||
			ex.Conversations[0].ID != chat.id || len(ex.Conversations[0].Messages) < 4 {
			t.Fatalf("export = %+v", ex)
		}
		var erased map[string]any
		if code := s.do("DELETE", "/api/v1/admin/customers?email=ana@example.com", adminKey, "", nil, &erased); code != 200 || erased["erased"] != true {
			t.Fatalf("erase = %d %v", code, erased)
		}
		var raw json.RawMessage
		if code := s.do("GET", "/api/v1/admin/customers/export?email=ana@example.com", adminKey, "", nil, &raw); code != 200 {
			t.Fatalf("export after erasure = %d", code)
		}
		b := string(raw)
		for _, personal := range []string{"ana@example.com", "Keizersgracht", "Ana de Vries", "1015 CS"} {
			if strings.Contains(b, personal) {
				t.Errorf("export after erasure holds %q: %s", personal, b)
			}
		}
		var o struct {
			Customer        struct{ Email, Name string }
			ShippingAddress struct{ Name, Line1, City, Country string } `json:"shipping_address"`
			Status          string
		}
		s.do("GET", "/api/v1/admin/orders/"+number, adminKey, "", nil, &o)
		if o.Customer.Email != "[redacted]" || o.ShippingAddress.Line1 != "[redacted]" || o.ShippingAddress.Name != "[redacted]" || o.ShippingAddress.Country != "NL" || o.Status != "confirmed" {
			t.Errorf("order after erasure = %+v", o)
		}
		// The shopper's token no longer opens the conversation.
		if code := s.do("GET", "/api/v1/conversations/"+chat.id+"/messages", chat.token, "", nil, nil); code == 200 {
			t.Error("the erased conversation still opens with its token")
		}
		if !strings.Contains(other.transcript(), "is paid") {
			t.Error("another shopper's conversation was touched")
		}
		var audit struct {
			Entries []struct{ Actor, Action, Target string }
		}
		s.do("GET", "/api/v1/admin/audit", adminKey, "", nil, &audit)
		found := false
		for _, e := range audit.Entries {
			if e.Action == "DELETE /customers" {
				found = e.Target == "customers/a***@example.com" && e.Actor == "admin key"
			}
		}
		if !found {
			t.Errorf("erasure not audited (masked): %+v", audit.Entries)
		}
	})
}

func TestTrust_ConsoleReviewQueueOnlyAdminsDecide(t *testing.T) {
	trustShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		held, number := chatBuy(t, s, "y1@mailinator.com", sku, 3)
		ana := s.addAgent("ana@shop.example", "Ana", "agent", []string{"en"})
		root := s.addAgent("root@shop.example", "Root", "admin", []string{"en"})
		var queue struct{ Orders []riskOrder }
		if code := s.do("GET", "/api/v1/agent/orders/review", ana.Token, "", nil, &queue); code != 200 || len(queue.Orders) != 1 ||
			queue.Orders[0].Number != number || len(queue.Orders[0].Risk.Reasons) == 0 {
			t.Fatalf("console queue = %d %+v", code, queue)
		}
		if code := s.json("POST", "/api/v1/agent/orders/"+number+"/review", ana.Token, map[string]string{"decision": "approve"}, nil); code != http.StatusForbidden {
			t.Errorf("an agent deciding = %d, want 403", code)
		}
		if o := s.asOrderOf(t, number); o.Status != "on_hold" {
			t.Fatalf("after the refused decision the order is %s", o.Status)
		}
		if code := s.json("POST", "/api/v1/agent/orders/"+number+"/review", root.Token, map[string]string{"decision": "approve"}, nil); code != 200 {
			t.Fatalf("an admin approving = %d", code)
		}
		if code := s.json("POST", "/api/v1/agent/orders/"+number+"/review", root.Token, map[string]string{"decision": "reject"}, nil); code != http.StatusConflict {
			t.Errorf("deciding again = %d, want 409", code)
		}
		if !strings.Contains(held.transcript(), "checked and confirmed") {
			t.Errorf("shopper not told:\n%s", held.transcript())
		}
		s.do("GET", "/api/v1/agent/orders/review", ana.Token, "", nil, &queue)
		if len(queue.Orders) != 0 {
			t.Errorf("queue after the decision = %+v", queue.Orders)
		}
		var audit struct {
			Entries []struct{ Actor, Action, Target string }
		}
		s.do("GET", "/api/v1/admin/audit", adminKey, "", nil, &audit)
		n := 0
		for _, e := range audit.Entries {
			if e.Action == "order_review" {
				n++
				if e.Actor != "Root" || e.Target != "orders/"+number {
					t.Errorf("review audited as %+v", e)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d review entries in the audit log, want 1", n)
		}
	})
}
