package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// The contract's payment flow through the REST channel: buttons and typed
// answers to the bot's input hints lead to a payment link; paying on the
// built-in test gateway's page confirms the order once, in the chat too.
func TestCheckout_PayOnTheTestGatewayPage(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		var conv struct {
			ID, Token string
		}
		s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en"}, &conv)
		send := func(body map[string]string) []message {
			var out struct{ Messages []message }
			if code := s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, body, &out); code != 200 {
				t.Fatalf("%v = %d", body, code)
			}
			return out.Messages
		}
		sku := inStockSKU(t, s)
		send(map[string]string{"payload": "add:" + sku})
		var got struct {
			Cart struct {
				Items []struct {
					SKU      string
					Quantity int
				}
				Total struct{ Amount string }
			}
		}
		s.do("GET", "/api/v1/conversations/"+conv.ID, conv.Token, "", nil, &got)
		if len(got.Cart.Items) != 1 || got.Cart.Items[0].SKU != sku {
			t.Fatalf("cart = %+v", got.Cart)
		}
		out := send(map[string]string{"payload": "checkout"})
		if in := out[len(out)-1].Input; in == nil || in.Field != "email" {
			t.Fatalf("checkout asks %+v", out)
		}
		out = send(map[string]string{"text": "ana@example.com"})
		// Only a proven customer keeps a card: she asks for the code the
		// address question offers and types it from her mail.
		if asOption(out, "verify:send") == "" {
			t.Fatalf("no code offered: %+v", out)
		}
		send(map[string]string{"payload": "verify:send"})
		send(map[string]string{"text": s.lastCode(t, "ana@example.com")})
		out = send(map[string]string{"text": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"})
		if in := out[len(out)-1].Input; in == nil || in.Field != "shipping_option" {
			t.Fatalf("after the address: %+v", out)
		}
		out = send(map[string]string{"payload": "ship:standard"})
		var payURL string
		for _, m := range out {
			if m.Type == "link" && m.Purpose == "payment" {
				payURL = m.URL
			}
		}
		if payURL == "" {
			t.Fatalf("no payment link in %+v", out)
		}
		u, _ := url.Parse(payURL)
		page := s.url + u.RequestURI()
		for i := 0; i < 2; i++ { // a double tap
			resp, err := http.PostForm(page, url.Values{"outcome": {"succeeded"}, "save_card": {"on"}})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("pay: %v %v", resp, err)
			}
			resp.Body.Close()
		}
		var orders struct {
			Orders []struct {
				Number        string
				PaymentStatus string `json:"payment_status"`
				Items         []struct{ SKU string }
			}
		}
		s.do("GET", "/api/v1/admin/orders?email=ana@example.com", adminKey, "", nil, &orders)
		if len(orders.Orders) != 1 || orders.Orders[0].Items[0].SKU != sku {
			t.Fatalf("orders = %+v", orders)
		}
		var hist struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+conv.ID+"/messages?after=0", conv.Token, "", nil, &hist)
		confirmations := 0
		for _, m := range hist.Messages {
			if strings.Contains(m.Text, orders.Orders[0].Number) && strings.Contains(m.Text, "is paid") {
				confirmations++
			}
		}
		if confirmations != 1 {
			t.Errorf("%d confirmations in the chat, want 1: %+v", confirmations, hist.Messages[len(hist.Messages)-2:])
		}
		s.do("GET", "/api/v1/conversations/"+conv.ID, conv.Token, "", nil, &got)
		if len(got.Cart.Items) != 0 {
			t.Errorf("cart not emptied after payment: %+v", got.Cart)
		}

		// She comes back: known by e-mail, she picks her saved address and pays
		// with the card she saved, without leaving the chat.
		var again struct{ ID, Token string }
		s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("ana@example.com", "")}, &again)
		conv.ID, conv.Token = again.ID, again.Token
		send(map[string]string{"payload": "add:" + sku})
		out = send(map[string]string{"payload": "checkout"})
		last := out[len(out)-1]
		if last.Input == nil || last.Input.Field != "shipping_address" || len(last.Options) == 0 || !strings.HasPrefix(last.Options[0].Payload, "addr:") {
			t.Fatalf("returning customer not offered a saved address: %+v", out)
		}
		send(map[string]string{"payload": last.Options[0].Payload})
		out = send(map[string]string{"payload": "ship:standard"})
		saved := ""
		for _, m := range out {
			for _, o := range m.Options {
				if strings.HasPrefix(o.Payload, "paysaved:") {
					saved = o.Payload
				}
			}
		}
		if saved == "" {
			t.Fatalf("no saved card offered: %+v", out)
		}
		out = send(map[string]string{"payload": saved})
		if len(out) == 0 || !strings.Contains(out[len(out)-1].Text, "is paid") {
			t.Fatalf("paying with the saved card: %+v", out)
		}
		send(map[string]string{"payload": saved}) // a double tap charges nothing more
		s.do("GET", "/api/v1/admin/orders?email=ana@example.com", adminKey, "", nil, &orders)
		paid := 0
		for _, o := range orders.Orders {
			if o.PaymentStatus == "paid" {
				paid++
			}
		}
		if len(orders.Orders) != 2 || paid != 2 {
			t.Errorf("orders = %+v, want two paid", orders.Orders)
		}
	})
}

func TestCORS_WidgetMayRunOnOtherSites(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	req, _ := http.NewRequest("OPTIONS", s.url+"/api/v1/conversations", nil)
	req.Header.Set("Origin", "https://retailer.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("preflight = %v %v", resp, err)
	}
	req, _ = http.NewRequest("GET", s.url+"/api/v1/admin/orders", nil)
	req.Header.Set("Origin", "https://evil.example")
	resp, _ = http.DefaultClient.Do(req)
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("the admin API allows other origins")
	}
}

// inStockSKU picks a demo variant with stock.
func inStockSKU(t *testing.T, s *shop) string {
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
		for _, v := range p.Variants {
			if v.Stock >= 3 {
				return v.SKU
			}
		}
	}
	t.Fatal("no variant with stock")
	return ""
}
