package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/links"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// checkoutToPayLink walks a chat through checkout to its payment link.
func checkoutToPayLink(t *testing.T, s *shop, email string) (link string, c *asChat) {
	t.Helper()
	c = s.asChat(t, "en", "")
	c.tap("add:" + inStockSKU(t, s))
	c.tap("checkout")
	c.say(email)
	c.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
	out := c.tap("ship:standard")
	if link = asLink(out, "payment"); link == "" {
		t.Fatalf("no payment link: %s", asText(out))
	}
	return link, c
}

func payOn(t *testing.T, s *shop, link string) (int, string) {
	t.Helper()
	u, _ := url.Parse(link)
	resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The test gateway's page takes payments only while the test gateway is
// on: a payment link handed out while it was on is refused after the shop
// restarts without it, and the order stays unpaid. Without any gateway the
// shop still chats, and checkout says payment is not available.
func TestTestGateway_PageRefusesOnceTheGatewayIsOff(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = db, true, adminKey // the demo turns the test gateway on
	first, srv := serveApp(t, cfg)
	s1 := &shop{t: t, url: srv.URL, app: first}
	link, _ := checkoutToPayLink(t, s1, "early@example.com")
	srv.Close()
	first.Close()

	cfg.Demo = false // same shop, restarted as a real deployment without a gateway
	s := openShop(t, cfg)
	code, page := payOn(t, s, link)
	if code != http.StatusGone || !strings.Contains(page, "no longer takes payments") {
		t.Fatalf("paying an old test link with the gateway off = %d\n%s", code, page)
	}
	if code, _, body := s.asGet(t, link); code != http.StatusGone || strings.Contains(string(body), `id="pay"`) {
		t.Fatalf("the page still offers to pay: %d", code)
	}
	var orders struct {
		Orders []struct {
			PaymentStatus string `json:"payment_status"`
		}
	}
	s.do("GET", "/api/v1/admin/orders?email=early@example.com", adminKey, "", nil, &orders)
	if len(orders.Orders) != 1 || orders.Orders[0].PaymentStatus != "pending" {
		t.Fatalf("orders = %+v; want one still pending", orders)
	}

	c := s.asChat(t, "nl", "")
	c.tap("add:" + inStockSKU(t, s))
	out := c.tap("checkout")
	if !strings.Contains(asText(out), "geen betalingen ontvangen") || asLink(out, "payment") != "" {
		t.Fatalf("checkout without a gateway: %s", asText(out))
	}
	if in := out[len(out)-1].Input; in != nil {
		t.Fatalf("checkout without a gateway still asks for %+v", in)
	}
}

func TestTestGateway_StartRules(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(c *config.Config)
		wantErr string
	}{
		{"no public URL outside the demo", func(c *config.Config) { c.PublicURL = "" }, "--public-url"},
		{"test gateway beside Stripe", func(c *config.Config) {
			c.TestGateway, c.StripeSecretKey, c.StripeWebhookSecret = true, "sk_test_1", "whsec_1"
		}, "test-gateway"},
		{"an 8-character admin key", func(c *config.Config) { c.AdminKey = "abcd1234" }, "admin-key"},
		{"a long but repetitive admin key", func(c *config.Config) { c.AdminKey = strings.Repeat("ab", 16) }, "admin-key"},
	}
	for _, tt := range tests {
		cfg := config.Defaults()
		cfg.DB, cfg.AdminKey, cfg.PublicURL = filepath.Join(t.TempDir(), "s.db"), adminKey, "https://shop.example.com"
		tt.edit(&cfg)
		a, err := app.New(context.Background(), cfg)
		if err == nil {
			a.Close()
			t.Errorf("%s: started", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: %v; want it to name %s", tt.name, err, tt.wantErr)
		}
	}
}

// Invoice links expire and cannot be altered; the chat signs a fresh one
// each time it is asked.
func TestDocumentLinks_ExpireAndRefuseAlteration(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		s.asEnter(t, "docs@example.com", true, sku)
		c := s.asChat(t, "en", "docs@example.com")
		link := asLink(c.say("can I get an invoice for my order?"), "invoice")
		if code, _, _ := s.asGet(t, link); code != 200 {
			t.Fatalf("fresh invoice link = %d", code)
		}
		u, _ := url.Parse(link)
		q := u.Query()
		exp := q.Get("exp")
		q.Set("exp", exp+"0") // a later expiry, by hand
		u.RawQuery = q.Encode()
		code, h, body := s.asGet(t, u.String())
		if code != http.StatusForbidden || !strings.Contains(string(body), "valid. Ask for the document again") || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("altered link = %d %s", code, body)
		}
		// Signed with the shop's own key, but a week ago.
		secret, err := s.app.DB.ServerSecret(context.Background(), "document_links", "unused")
		if err != nil {
			t.Fatal(err)
		}
		old := links.NewSigner([]byte(secret))
		old.Now = func() time.Time { return time.Now().Add(-7 * 24 * time.Hour) }
		expired := old.Sign(u.Path + "?lang=nl")
		code, _, body = s.asGet(t, expired)
		if code != http.StatusGone || !strings.Contains(string(body), "verlopen") {
			t.Fatalf("expired link = %d %s", code, body)
		}
		// Asking again hands out a link that works.
		again := asLink(c.say("can I get an invoice?"), "invoice")
		if code, _, _ := s.asGet(t, again); again == "" || code != 200 {
			t.Fatalf("asking again gave %q = %d", again, code)
		}
	})
}

// Every answer carries the browser protections, pages and API alike.
func TestSecurityHeaders_OnPagesAndAPI(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	for _, path := range []string{"/", "/console/", "/api/v1/shop", "/help", "/static/widget.js", "/api/v1/nope"} {
		code, h, _ := s.asGet(t, s.url+path)
		if code >= 500 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: %d %v", path, code, h)
		}
	}
}

// A console call from another site is refused before it changes anything;
// the same call with the admin key and no Origin goes through.
func TestOriginCheck_ConsoleCallsFromAnotherSite(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	create := func(origin, email string) int {
		req, _ := http.NewRequest("POST", s.url+"/api/v1/admin/agents", strings.NewReader(`{"email":"`+email+`","name":"Eve","password":"a long enough password 42","role":"admin"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+adminKey)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := create("https://evil.example", "eve@example.com"); code != http.StatusForbidden {
		t.Fatalf("from another site = %d; want 403", code)
	}
	if code := create(s.url, "own@example.com"); code != http.StatusCreated {
		t.Fatalf("from the shop's own origin = %d", code)
	}
	if code := create("", "script@example.com"); code != http.StatusCreated {
		t.Fatalf("bearer key without Origin = %d", code)
	}
	var list struct{ Agents []struct{ Email string } }
	s.do("GET", "/api/v1/admin/agents", adminKey, "", nil, &list)
	for _, a := range list.Agents {
		if a.Email == "eve@example.com" {
			t.Fatal("the refused call created the agent")
		}
	}
}

// Free fields are capped: a long name, address line or coupon code is a
// clear 400, and the address of a chat message is no way around the
// message limit.
func TestFieldCaps_ShopperAndAdminBodies(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	long := strings.Repeat("x", 5000)
	var e errorBody
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"customer": map[string]string{"name": long, "email": "a@example.com"}}, &e); code != 400 || e.Error.Code != "field_too_long" || !strings.Contains(e.Error.Message, "customer.name") {
		t.Errorf("long name = %d %+v", code, e)
	}
	c := s.asChat(t, "en", "")
	e = errorBody{}
	if code := s.json("POST", "/api/v1/conversations/"+c.id+"/messages", c.token, map[string]any{"address": map[string]string{"name": "Ana", "line1": strings.Repeat("x", 300), "city": "Amsterdam"}}, &e); code != 400 || e.Error.Code != "field_too_long" {
		t.Errorf("long address line = %d %+v", code, e)
	}
	e = errorBody{}
	if code := s.json("POST", "/api/v1/conversations/"+c.id+"/messages", c.token, map[string]any{"address": map[string]string{"name": "Ana", "junk": long}}, &e); code != 413 {
		t.Errorf("padded address = %d %+v", code, e)
	}
	e = errorBody{}
	if code := s.json("POST", "/api/v1/admin/coupons", adminKey, map[string]any{"code": long, "kind": "percent", "percent": 10}, &e); code != 400 || e.Error.Code != "field_too_long" {
		t.Errorf("long coupon code = %d %+v", code, e)
	}
	e = errorBody{}
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, map[string]any{"customer": map[string]string{"email": "b@example.com"},
		"items":            []map[string]any{{"sku": inStockSKU(t, s), "quantity": 1}},
		"shipping_address": map[string]string{"name": "B", "line1": long, "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}}, &e); code != 400 || !strings.Contains(e.Error.Message, "shipping_address.line1") {
		t.Errorf("long shipping line = %d %+v", code, e)
	}
}

// Agents see the conversations of their teams: another team's (or an agent
// of another team's) conversation answers 404 to everything, and is not
// listed; admins see all.
func TestTeams_AgentsSeeOnlyTheirTeamsConversations(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		agent := func(email, name, role string, teams ...string) string {
			const password = "correct horse battery"
			if code := s.json("POST", "/api/v1/admin/agents", adminKey, map[string]any{"email": email, "name": name, "password": password,
				"role": role, "languages": []string{"en"}, "teams": teams, "capacity": 3}, nil); code != http.StatusCreated {
				t.Fatalf("create agent %s: %d", email, code)
			}
			var l agentLogin
			if code := s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": email, "password": password}, &l); code != 200 {
				t.Fatalf("login %s: %d", email, code)
			}
			return l.Token
		}
		ana := agent("ana.t@example.com", "Ana", "agent", "sales")
		bo := agent("bo.t@example.com", "Bo", "agent", "returns")
		cy := agent("cy.t@example.com", "Cy", "agent", "sales")
		boss := agent("boss.t@example.com", "Boss", "admin")
		s.json("POST", "/api/v1/agent/status", ana, map[string]bool{"online": true}, nil)
		id, token := s.startChat("en")
		s.say(id, token, "I want to talk to a person")
		if v := s.adminView(id); v.Handoff.Agent != "Ana" {
			t.Fatalf("assigned to %q, want Ana", v.Handoff.Agent)
		}
		get := func(tok string) int { return s.json("GET", "/api/v1/agent/conversations/"+id, tok, nil, nil) }
		listed := func(tok string) bool {
			var all struct{ Conversations []struct{ ID string } }
			s.json("GET", "/api/v1/agent/conversations?view=all", tok, nil, &all)
			for _, c := range all.Conversations {
				if c.ID == id {
					return true
				}
			}
			return false
		}
		// Ana (sales) has it: Cy of sales sees it, Bo of returns does not.
		for _, tt := range []struct {
			who, tok string
			want     int
		}{{"Ana", ana, 200}, {"Cy", cy, 200}, {"Bo", bo, 404}, {"admin", boss, 200}} {
			if got := get(tt.tok); got != tt.want {
				t.Errorf("%s reads Ana's conversation: %d, want %d", tt.who, got, tt.want)
			}
			if got := listed(tt.tok); got != (tt.want == 200) {
				t.Errorf("%s lists Ana's conversation: %v", tt.who, got)
			}
		}
		// A conversation the bot handles alone is no team's: only admins read it.
		botOnly, botTok := s.startChat("en")
		s.say(botOnly, botTok, "hello")
		for _, tt := range []struct {
			who, tok string
			want     int
		}{{"Ana", ana, 404}, {"Bo", bo, 404}, {"admin", boss, 200}} {
			if got := s.json("GET", "/api/v1/agent/conversations/"+botOnly, tt.tok, nil, nil); got != tt.want {
				t.Errorf("%s reads a bot-only conversation: %d, want %d", tt.who, got, tt.want)
			}
		}
		// Live, too: Cy's console hears Ana's reply, Bo's does not.
		live := func(tok string) chan string {
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.url, "http")+"/api/v1/agent/ws?token="+tok, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.CloseNow() })
			heard := make(chan string, 100)
			go func() {
				for {
					var e struct {
						ConversationID string `json:"conversation_id"`
					}
					if err := wsjson.Read(ctx, conn, &e); err != nil {
						return
					}
					heard <- e.ConversationID
				}
			}()
			return heard
		}
		heardBy := func(ch chan string, wait time.Duration) bool {
			deadline := time.After(wait)
			for {
				select {
				case c := <-ch:
					if c == id {
						return true
					}
				case <-deadline:
					return false
				}
			}
		}
		cyLive, boLive := live(cy), live(bo)
		time.Sleep(100 * time.Millisecond) // subscribed before the reply
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/messages", ana, map[string]string{"text": "Hello, Ana here"}, nil); code != http.StatusCreated {
			t.Fatalf("Ana's reply: %d", code)
		}
		if !heardBy(cyLive, 3*time.Second) {
			t.Error("Cy's console did not hear about her team's conversation")
		}
		if heardBy(boLive, 500*time.Millisecond) {
			t.Error("Bo's console heard about another team's conversation")
		}
		for _, path := range []string{"/take", "/notes", "/messages", "/resolve"} {
			if code := s.json("POST", "/api/v1/agent/conversations/"+id+path, bo, map[string]string{"text": "hi"}, nil); code != 404 {
				t.Errorf("Bo POST %s: %d, want 404", path, code)
			}
		}
		// Routed to the returns team: now Bo sees it and Cy does not.
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/transfer", ana, map[string]string{"team": "returns"}, nil); code != 200 {
			t.Fatalf("transfer to returns: %d", code)
		}
		if get(bo) != 200 || get(cy) != 404 || get(boss) != 200 {
			t.Errorf("after transfer: Bo %d, Cy %d, admin %d; want 200, 404, 200", get(bo), get(cy), get(boss))
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", cy, nil, nil); code != 404 {
			t.Errorf("Cy takes a returns conversation: %d, want 404", code)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", bo, nil, nil); code != 200 {
			t.Errorf("Bo takes it: %d", code)
		}
	})
}

// Links to shoppers never come from the request: in the demo without a
// public URL they use the listen address, whatever Host and
// X-Forwarded-Proto a client sends.
func TestPublicURL_LinksIgnoreHostAndForwardedProto(t *testing.T) {
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.Addr = filepath.Join(t.TempDir(), "s.db"), true, adminKey, "127.0.0.1:8080"
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	s := &shop{t: t, url: srv.URL, app: a}
	// Every request of this test claims another host, over https.
	http.DefaultClient.Transport = hostLiar{}
	t.Cleanup(func() { http.DefaultClient.Transport = nil })
	link, _ := checkoutToPayLink(t, s, "host@example.com")
	if !strings.HasPrefix(link, "http://127.0.0.1:8080/pay/") {
		t.Fatalf("payment link %q; want it on the listen address", link)
	}
}

type hostLiar struct{}

func (hostLiar) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = "evil.example"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-Host", "evil.example")
	return http.DefaultTransport.RoundTrip(r)
}

// The test gateway outside the demo starts with a loud warning.
func TestTestGateway_WarnsAtStartOutsideTheDemo(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	cfg := config.Defaults()
	cfg.DB, cfg.AdminKey, cfg.PublicURL, cfg.TestGateway = filepath.Join(t.TempDir(), "s.db"), adminKey, "https://shop.example.com", true
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "TEST PAYMENT GATEWAY IS ON") {
		t.Fatalf("no warning at start:\n%s", logs.String())
	}
}
