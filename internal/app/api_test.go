package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// adminKey passes the admin key rules (24+ characters, not repetitive).
const adminKey = "test-admin-key-Qx7vL2mR9pWz"

// TestMain keeps request logs out of test output unless -v is given.
func TestMain(m *testing.M) {
	flag.Parse()
	if !testing.Verbose() {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	os.Exit(m.Run())
}

// shop is a running server for one test.
type shop struct {
	t   *testing.T
	url string
	app *app.App
}

// newShop is a shop that takes payments on the test gateway's page, as
// these tests pay there whether or not the demo is seeded.
func newShop(t *testing.T, dsn string, demo bool) *shop {
	t.Helper()
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true // shoppers can prove who they are
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = dsn, demo, adminKey, true
	return openShop(t, cfg)
}

// openShop starts an app with cfg and serves it over HTTP until the test ends.
func openShop(t *testing.T, cfg config.Config) *shop {
	t.Helper()
	a, srv := serveApp(t, cfg)
	return &shop{t: t, url: srv.URL, app: a}
}

// serveApp starts an app on a local listener whose address is the shop's
// public URL (unless cfg names one), as a deployment names its own: links
// in the chat point at this server.
func serveApp(t testing.TB, cfg config.Config) (*app.App, *httptest.Server) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + srv.Listener.Addr().String()
	}
	if cfg.Proactive == config.Defaults().Proactive {
		// These tests run at any hour of the day and send several alerts to
		// one chat: quiet hours and the daily cap would hold messages they
		// wait for. The rules have their own tests (proactive_test.go),
		// which set them explicitly.
		cfg.Proactive.QuietHours, cfg.Proactive.MarketingPerDay = "off", 0
	}
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	if tt, ok := t.(*testing.T); ok {
		// Products read from the cache share their data with it
		// (store.shareProduct): every test of the app checks that nothing
		// it ran changed that data. Benchmarks run without the guard.
		a.DB.GuardSharedProducts()
		t.Cleanup(func() {
			for _, c := range a.DB.SharedProductsChanged() {
				tt.Errorf("shared catalogue data changed by a reader: %s", c)
			}
		})
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(func() { srv.Close(); a.Close() })
	return a, srv
}

// eachDB runs fn against a fresh shop on SQLite and on PostgreSQL.
func eachDB(t *testing.T, demo bool, fn func(t *testing.T, s *shop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) { fn(t, newShop(t, dsn(t), demo)) })
	}
}

// do sends a request and decodes the JSON answer into out (when not nil).
func (s *shop) do(method, path, token, contentType string, body []byte, out any) int {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

func (s *shop) json(method, path, token string, body any, out any) int {
	b, _ := json.Marshal(body)
	return s.do(method, path, token, "application/json", b, out)
}

type message struct {
	URL     string `json:"url"`
	Purpose string `json:"purpose"`
	Input   *struct{ Type, Field string }
	Seq     int64  `json:"seq"`
	From    string `json:"from"`
	Type    string `json:"type"`
	Text    string `json:"text"`
	Payload string `json:"payload"`
	Reason  string `json:"reason"`
	Options []struct{ Title, Payload string }
	Items   []struct {
		SKU, Handle, Title string
		InStock            bool `json:"in_stock"`
		Options            []struct{ Title, Payload string }
		Variants           []struct {
			SKU     string
			Options map[string]string
			InStock bool `json:"in_stock"`
			Payload string
		}
	}
	NLU      *struct{ Intent string } `json:"nlu"`
	Fallback bool                     `json:"fallback"`
}

type errorBody struct {
	Error struct{ Code, Message string }
}

func TestREST_ConversationAnswersFromTheCatalogue(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		var conv struct {
			ID, Token string
			Messages  []message
		}
		if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "nl-BE"}, &conv); code != 201 {
			t.Fatalf("create = %d", code)
		}
		if conv.ID == "" || conv.Token == "" || len(conv.Messages) != 1 || !strings.Contains(conv.Messages[0].Text, "Welkom") {
			t.Fatalf("create answer = %+v", conv)
		}
		var turn struct{ Messages []message }
		if code := s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, map[string]string{"text": "do you have running shoes?"}, &turn); code != 200 {
			t.Fatalf("message = %d", code)
		}
		var cards *message
		for i, m := range turn.Messages {
			if m.Type == "products" {
				cards = &turn.Messages[i]
			}
		}
		if cards == nil || len(cards.Items) == 0 || len(cards.Items[0].Variants) == 0 {
			t.Fatalf("no products message in %+v", turn.Messages)
		}
		var hist struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+conv.ID+"/messages?after=1", conv.Token, "", nil, &hist)
		if len(hist.Messages) != len(turn.Messages)+1 || hist.Messages[0].From != "shopper" || hist.Messages[0].Seq != 2 {
			t.Fatalf("history after 1 = %+v", hist.Messages)
		}
		var got struct {
			ID, Status, Language string
			Cart                 struct{ Items []any }
		}
		if code := s.do("GET", "/api/v1/conversations/"+conv.ID, conv.Token, "", nil, &got); code != 200 || got.Status != "bot" || got.Cart.Items == nil {
			t.Fatalf("get = %d %+v", code, got)
		}

		// The admin transcript shows what the bot understood.
		var tr struct {
			Transcript []message
		}
		s.do("GET", "/api/v1/admin/conversations/"+conv.ID, adminKey, "", nil, &tr)
		if len(tr.Transcript) < 3 || tr.Transcript[1].NLU == nil || tr.Transcript[1].NLU.Intent == "" {
			t.Fatalf("transcript = %+v", tr.Transcript)
		}
	})
}

func TestREST_WrongTokenRevealsNothing(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	var conv struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", nil, &conv)
	cases := []struct{ method, path, token string }{
		{"GET", "/api/v1/conversations/" + conv.ID, "wrong"},
		{"GET", "/api/v1/conversations/" + conv.ID, ""},
		{"GET", "/api/v1/conversations/c_doesnotexist", conv.Token},
		{"GET", "/api/v1/conversations/" + conv.ID + "/messages?after=0", "wrong"},
		{"POST", "/api/v1/conversations/" + conv.ID + "/messages", "wrong"},
	}
	var first string
	for _, c := range cases {
		var e errorBody
		code := s.json(c.method, c.path, c.token, map[string]string{"text": "hi"}, &e)
		if code != 404 || e.Error.Code != "not_found" {
			t.Errorf("%s %s with %q = %d %+v; want 404 not_found", c.method, c.path, c.token, code, e)
		}
		if first == "" {
			first = e.Error.Message
		} else if e.Error.Message != first {
			t.Errorf("messages differ (%q vs %q): they must not tell a wrong token from an unknown id", e.Error.Message, first)
		}
	}
}

func TestREST_BadInputGetsClearErrors(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	var conv struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", nil, &conv)
	path := "/api/v1/conversations/" + conv.ID + "/messages"
	cases := []struct {
		name, ctype string
		body        []byte
		status      int
		code        string
	}{
		{"malformed JSON", "application/json", []byte(`{"text": "hi"`), 400, "invalid_json"},
		{"wrong content type", "text/plain", []byte(`hi`), 415, "unsupported_media_type"},
		{"empty message", "application/json", []byte(`{"text": ""}`), 400, "empty_message"},
		{"oversized body", "application/json", append(append([]byte(`{"text": "`), bytes.Repeat([]byte("a"), 200<<10)...), []byte(`"}`)...), 413, "payload_too_large"},
		{"too long message", "application/json", []byte(`{"text": "` + strings.Repeat("a", 5000) + `"}`), 413, "message_too_long"},
		{"invalid UTF-8", "application/json", []byte("{\"text\": \"\xff\xfe\"}"), 400, "invalid_text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e errorBody
			if code := s.do("POST", path, conv.Token, c.ctype, c.body, &e); code != c.status || e.Error.Code != c.code || e.Error.Message == "" {
				t.Errorf("= %d %+v; want %d %s", code, e, c.status, c.code)
			}
		})
	}
	var after struct{ Messages []message }
	s.do("GET", path+"?after=0", conv.Token, "", nil, &after)
	if len(after.Messages) != 1 {
		t.Errorf("bad requests changed the conversation: %d messages", len(after.Messages))
	}
}

func readTestdata(t *testing.T, name string) []byte {
	b, err := os.ReadFile("../catalog/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAdmin_ImportIsExactAndIdempotent(t *testing.T) {
	csvFile := readTestdata(t, "shopify_40.csv")
	want, lineErrs, err := catalog.ParseShopifyCSV(bytes.NewReader(csvFile), "EUR")
	if err != nil || len(lineErrs) > 0 {
		t.Fatalf("fixture does not parse cleanly: %v %v", err, lineErrs)
	}
	variants := 0
	for _, p := range want {
		variants += len(p.Variants)
	}
	eachDB(t, false, func(t *testing.T, s *shop) {
		type result struct {
			Products, Variants, Created, Updated, Unchanged int
			Errors                                          []struct{ Line int }
		}
		var r1, r2 result
		if code := s.do("POST", "/api/v1/admin/catalog/import", adminKey, "text/csv", csvFile, &r1); code != 200 {
			t.Fatalf("import = %d", code)
		}
		if r1.Products != len(want) || r1.Variants != variants || r1.Created != len(want) || len(r1.Errors) != 0 {
			t.Fatalf("first import = %+v; want %d products, %d variants", r1, len(want), variants)
		}
		s.do("POST", "/api/v1/admin/catalog/import", adminKey, "text/csv", csvFile, &r2)
		if r2.Products != len(want) || r2.Unchanged != len(want) || r2.Created != 0 || r2.Updated != 0 {
			t.Fatalf("re-import = %+v; want all unchanged", r2)
		}
		// Page through every product: exactly the file's products, no duplicates.
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; pages < 20; pages++ {
			var page struct {
				Products []struct {
					Handle   string
					Variants []any
				}
				NextCursor string `json:"next_cursor"`
			}
			s.do("GET", "/api/v1/admin/products?limit=7&cursor="+cursor, adminKey, "", nil, &page)
			for _, p := range page.Products {
				if seen[p.Handle] {
					t.Fatalf("product %s listed twice", p.Handle)
				}
				seen[p.Handle] = true
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if len(seen) != len(want) {
			t.Errorf("listed %d products, want %d", len(seen), len(want))
		}
	})
}

func TestAdmin_BrokenCSVStoresNothingAndSaysWhere(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	body := "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price\n" +
		"good,Good Tee,Size,M,G-M,3,19.99\n" +
		"bad,Bad Tee,Size,M,B-M,-4,19.99\n" +
		"bad,,Size,L,B-L,2,19.99\n"
	var r struct {
		Products int
		Errors   []struct {
			Line    int
			Message string
		}
	}
	s.do("POST", "/api/v1/admin/catalog/import", adminKey, "text/csv", []byte(body), &r)
	if r.Products != 1 || len(r.Errors) == 0 || r.Errors[0].Line != 3 || !strings.Contains(strings.ToLower(r.Errors[0].Message), "stock") && !strings.Contains(strings.ToLower(r.Errors[0].Message), "inventory") {
		t.Fatalf("import = %+v", r)
	}
	var e errorBody
	if code := s.do("GET", "/api/v1/admin/products/bad", adminKey, "", nil, &e); code != 404 {
		t.Errorf("half-imported product exists: %d", code)
	}
	if code := s.do("POST", "/api/v1/admin/catalog/import", adminKey, "application/json", []byte(body), &e); code != 415 {
		t.Errorf("JSON content type = %d, want 415", code)
	}
}

func TestAdmin_RequiresTheKey(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	for _, tok := range []string{"", "wrong-key-123"} {
		var e errorBody
		if code := s.do("GET", "/api/v1/admin/orders", tok, "", nil, &e); code != 401 || e.Error.Code != "unauthorized" {
			t.Errorf("token %q = %d %+v", tok, code, e)
		}
	}
}

func TestAdmin_OrdersTakeStockAndRecordShipments(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		var prods struct {
			Products []struct {
				Variants []struct {
					SKU   string
					Stock int
				}
			}
		}
		s.do("GET", "/api/v1/admin/products?limit=50", adminKey, "", nil, &prods)
		sku, stock := "", 0
		for _, p := range prods.Products {
			for _, v := range p.Variants {
				if v.Stock >= 2 && sku == "" {
					sku, stock = v.SKU, v.Stock
				}
			}
		}
		if sku == "" {
			t.Fatal("demo shop has no variant with stock")
		}
		addr := map[string]string{"name": "Ana de Vries", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}
		order := map[string]any{"customer": map[string]string{"email": "Ana@Example.com"}, "items": []map[string]any{{"sku": sku, "quantity": 2}}, "shipping_address": addr, "paid": true}
		var o struct {
			Number, Status string
			PaymentStatus  string `json:"payment_status"`
			Total          struct{ Amount, Currency string }
			Items          []struct{ SKU string }
			Shipments      []struct{ Status, Carrier string }
			Returns        []any
			Customer       struct{ Email string }
		}
		if code := s.json("POST", "/api/v1/admin/orders", adminKey, order, &o); code != 201 || o.Number == "" || o.PaymentStatus != "paid" || o.Customer.Email != "ana@example.com" {
			t.Fatalf("create order = %d %+v", code, o)
		}
		if left := stockOf(s, sku); left != stock-2 {
			t.Errorf("stock of %s = %d after ordering 2 of %d", sku, left, stock)
		}
		var list struct{ Orders []struct{ Number string } }
		s.do("GET", "/api/v1/admin/orders?email=ana@example.com", adminKey, "", nil, &list)
		if len(list.Orders) != 1 || list.Orders[0].Number != o.Number {
			t.Fatalf("orders by email = %+v", list)
		}
		var shipped struct {
			Status            string
			FulfillmentStatus string `json:"fulfillment_status"`
			Shipments         []struct{ Status, Carrier string }
		}
		s.json("POST", "/api/v1/admin/orders/"+o.Number+"/fulfillments", adminKey, map[string]string{"status": "shipped", "carrier": "PostNL", "tracking_number": "3SXYZ"}, &shipped)
		if shipped.FulfillmentStatus != "shipped" || len(shipped.Shipments) != 1 || shipped.Shipments[0].Carrier != "PostNL" {
			t.Fatalf("after fulfilment = %+v", shipped)
		}
		// More than is left: refused, nothing taken.
		order["items"] = []map[string]any{{"sku": sku, "quantity": stock}}
		var e errorBody
		if code := s.json("POST", "/api/v1/admin/orders", adminKey, order, &e); code != 409 || e.Error.Code != "out_of_stock" {
			t.Fatalf("oversell = %d %+v", code, e)
		}
		var e2 errorBody
		if code := s.json("POST", "/api/v1/admin/orders/999999/fulfillments", adminKey, map[string]string{"status": "shipped"}, &e2); code != 404 {
			t.Errorf("unknown order = %d", code)
		}
		if code := s.json("POST", "/api/v1/admin/orders/"+o.Number+"/fulfillments", adminKey, map[string]string{"status": "lost"}, &e2); code != 422 {
			t.Errorf("bad status = %d", code)
		}
	})
}

// stockOf reads a variant's stock through the admin API.
func stockOf(s *shop, sku string) int {
	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string
				Stock int
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?limit=1000", adminKey, "", nil, &prods)
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.SKU == sku {
				return v.Stock
			}
		}
	}
	return -1
}
