package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// identitySecret is the test shops' SHOPKEEPER_IDENTITY_SECRET.
const identitySecret = "test-identity-secret-0123456789"

// signed is the create call's customer as the shop's own site sends it once
// the customer signed in there.
func signed(email, name string) map[string]string {
	id := "site-" + email
	c := map[string]string{"id": id, "email": email, "signature": identity.Sign(identitySecret, id, email)}
	if name != "" {
		c["name"] = name
	}
	return c
}

var sixDigits = regexp.MustCompile(`\b[0-9]{6}\b`)

// lastCode reads the newest code mailed to an address from the outbox.
func (s *shop) lastCode(t *testing.T, to string) string {
	t.Helper()
	c := s.mailedCode(to)
	if c == "" {
		t.Fatalf("no code mailed to %s", to)
	}
	return c
}

// mailedCode is the newest code in the outbox for an address, or "": what
// a test shopper who owns that mailbox reads there.
func (s *shop) mailedCode(to string) string {
	var box struct {
		Mails []struct{ To, Subject, Body string }
	}
	req, _ := http.NewRequest("GET", s.url+"/api/v1/admin/outbox", nil)
	req.Header.Set("Authorization", "Bearer "+adminKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	if json.NewDecoder(resp.Body).Decode(&box) != nil {
		return ""
	}
	for _, m := range box.Mails {
		if m.To == to {
			return sixDigits.FindString(m.Body)
		}
	}
	return ""
}

// offersCode reports whether the bot's last message offers to e-mail a code.
func offersCode(ms []shopperMsg) bool {
	if len(ms) == 0 {
		return false
	}
	for _, o := range ms[len(ms)-1].Options {
		if o.Payload == "verify:send" {
			return true
		}
	}
	return false
}

// victim sets up a customer with everything an impostor would want: a paid
// order with her address, a saved card and an item left in her cart. It
// returns the order number.
func victim(t *testing.T, s *shop, email string) (number, cartSKU string) {
	t.Helper()
	c := s.asChat(t, "en", email) // signed by the shop's site
	sku := inStockSKU(t, s)
	c.tap("add:" + sku)
	c.tap("checkout")
	c.say("Vera Victim, Prinsengracht 263, 1016 GV Amsterdam, NL")
	out := c.tap("ship:standard")
	pay := asLink(out, "payment")
	if pay == "" {
		t.Fatalf("victim got no payment link: %s", asText(out))
	}
	u, _ := url.Parse(pay)
	resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}, "save_card": {"on"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("victim pays: %v %v", resp, err)
	}
	resp.Body.Close()
	var orders struct{ Orders []struct{ Number string } }
	s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &orders)
	if len(orders.Orders) != 1 {
		t.Fatalf("victim's orders = %+v", orders)
	}
	c.tap("add:" + sku) // left in her cart for later
	return orders.Orders[0].Number, sku
}

func (c *asChat) cartSKUs() []string {
	var got struct {
		Cart struct{ Items []struct{ SKU string } }
	}
	c.s.do("GET", "/api/v1/conversations/"+c.id, c.token, "", nil, &got)
	var skus []string
	for _, it := range got.Cart.Items {
		skus = append(skus, it.SKU)
	}
	return skus
}

func lastField(ms []message) string {
	if len(ms) == 0 || ms[len(ms)-1].Input == nil {
		return ""
	}
	return ms[len(ms)-1].Input.Field
}

// Typing someone else's e-mail, in the create call (unsigned or wrongly
// signed) or at checkout, opens none of their orders, addresses, saved
// cards or cart, and none of their orders can be cancelled, re-addressed or
// returned; the right code from their mailbox opens them.
func TestIdentity_TypedEmailRevealsNothingOfTheVictim(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		const email = "vera@example.com"
		number, _ := victim(t, s, email)

		for name, customer := range map[string]map[string]string{
			"unsigned":          {"email": email},
			"wrong signature":   {"id": "site-" + email, "email": email, "signature": identity.Sign("another-secret-0123456789", "site-"+email, email)},
			"other id":          {"id": "site-mallory", "email": email, "signature": signed(email, "")["signature"]},
			"typed at checkout": nil,
		} {
			t.Run(name, func(t *testing.T) {
				body := map[string]any{"locale": "en"}
				if customer != nil {
					body["customer"] = customer
				}
				var conv struct{ ID, Token string }
				if code := s.json("POST", "/api/v1/conversations", "", body, &conv); code != http.StatusCreated {
					t.Fatalf("create = %d", code)
				}
				a := &asChat{t: t, s: s, id: conv.ID, token: conv.Token}
				if skus := a.cartSKUs(); len(skus) != 0 {
					t.Fatalf("attacker sees the victim's cart: %v", skus)
				}
				out := a.say("where is my order?")
				if strings.Contains(asText(out), number) || lastField(out) != "order_number" {
					t.Fatalf("order question answered with the victim's orders: %s", asText(out))
				}
				// Checkout with the victim's e-mail: no saved address, no
				// saved card, only the offer of a code (for any e-mail alike).
				a.tap("add:" + inStockSKU(t, s))
				out = a.tap("checkout")
				if lastField(out) == "email" {
					out = a.say(email)
				}
				if lastField(out) != "shipping_address" || strings.Contains(asText(out), "Prinsengracht") || asOption(out, "addr:") != "" {
					t.Fatalf("saved address offered: %s %+v", asText(out), out[len(out)-1].Options)
				}
				if asOption(out, "verify:send") == "" || asOption(out, "verify:guest") == "" {
					t.Fatalf("no code or guest choice offered: %+v", out[len(out)-1].Options)
				}
				a.say("Mallory, Damrak 1, 1012 LG Amsterdam, NL")
				out = a.tap("ship:standard")
				if asLink(out, "payment") == "" || asOption(out, "paysaved:") != "" {
					t.Fatalf("saved card offered or no link: %s", asText(out))
				}
				for id := 1; id <= 3; id++ { // a forged tap on the victim's card
					a.tap("paysaved:" + string(rune('0'+id)))
				}
				var orders struct {
					Orders []struct {
						Number        string
						PaymentStatus string `json:"payment_status"`
						Status        string
					}
				}
				s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &orders)
				for _, o := range orders.Orders {
					if o.Number != number && o.PaymentStatus == "paid" {
						t.Fatalf("attacker's order %s paid with the victim's card", o.Number)
					}
				}
				// Number and e-mail open the status, read-only; acting needs the code.
				out = a.say("what's the status of order " + number + "?")
				if lastField(out) == "email" {
					out = a.say(email)
				}
				for _, ask := range []string{"cancel order " + number, "I want to change the delivery address of order " + number,
					"I want to return order " + number, "invoice for order " + number} {
					out = a.say(ask)
					if lastField(out) == "email" {
						out = a.say(email)
					}
					if asOption(out, "aftersale:cancel:") != "" || lastField(out) == "shipping_address" || asLink(out, "invoice") != "" || lastField(out) == "return_item" {
						t.Fatalf("%q acted on the victim's order: %s", ask, asText(out))
					}
				}
				a.tap("aftersale:cancel:" + number) // a forged button
				if out := a.tap("review:" + number + ":1"); strings.Contains(asText(out), number) {
					t.Fatalf("attacker rated the victim's order: %s", asText(out))
				}
				if o := s.asOrderOf(t, number); o.Status == "cancelled" || o.ShippingAddress.Line1 != "Prinsengracht 263" {
					t.Fatalf("victim's order changed: %+v", o)
				}
				var view struct {
					Verified bool `json:"verified"`
				}
				s.do("GET", "/api/v1/admin/conversations/"+a.id, adminKey, "", nil, &view)
				if view.Verified {
					t.Fatal("the attacker's conversation reads as verified")
				}
			})
		}

		// The real owner, in a fresh chat, proves herself with the code and
		// may cancel.
		o := s.asChat(t, "en", "")
		out := o.say("cancel order " + number)
		if lastField(out) == "email" {
			out = o.say(email)
		}
		if asOption(out, "verify:send") == "" {
			t.Fatalf("no code offered for the cancellation: %s", asText(out))
		}
		out = o.tap("verify:send")
		if lastField(out) != "verification_code" || out[len(out)-1].Input.Type != "number" {
			t.Fatalf("code not asked for: %+v", out)
		}
		out = o.say(s.lastCode(t, email))
		if asOption(out, "aftersale:cancel:"+number) == "" {
			t.Fatalf("after the right code no cancellation offered: %s", asText(out))
		}
		o.tap("aftersale:cancel:" + number)
		if got := s.asOrderOf(t, number); got.Status != "cancelled" {
			t.Fatalf("order not cancelled after proof: %+v", got)
		}
		var view struct {
			Verified   bool   `json:"verified"`
			VerifiedBy string `json:"verified_by"`
		}
		s.do("GET", "/api/v1/admin/conversations/"+o.id, adminKey, "", nil, &view)
		if !view.Verified || view.VerifiedBy != identity.SourceEmailCode {
			t.Fatalf("admin view = %+v", view)
		}
	})
}

// Only a valid signature of the site's customer id and e-mail ties a new
// conversation to the customer; without a configured secret nothing does.
func TestIdentity_SignedIdentityBindsOnlyWithAValidSignature(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		const email = "sig@example.com"
		good := signed(email, "Sig")
		upper := map[string]string{"id": good["id"], "email": "SIG@Example.com", "signature": strings.ToUpper(good["signature"])}
		cases := []struct {
			name     string
			customer map[string]string
			verified bool
		}{
			{"valid", good, true},
			{"valid, e-mail in capitals", upper, true},
			{"missing signature", map[string]string{"id": good["id"], "email": email}, false},
			{"tampered e-mail", map[string]string{"id": good["id"], "email": "other@example.com", "signature": good["signature"]}, false},
			{"garbage", map[string]string{"id": good["id"], "email": email, "signature": "zz"}, false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var conv struct{ ID string }
				if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"customer": c.customer}, &conv); code != http.StatusCreated {
					t.Fatalf("create = %d", code)
				}
				var view struct {
					Verified   bool   `json:"verified"`
					VerifiedBy string `json:"verified_by"`
				}
				s.do("GET", "/api/v1/admin/conversations/"+conv.ID, adminKey, "", nil, &view)
				if view.Verified != c.verified || (c.verified && view.VerifiedBy != identity.SourceSigned) {
					t.Fatalf("view = %+v, want verified %v", view, c.verified)
				}
			})
		}
	})
	t.Run("no secret configured", func(t *testing.T) {
		cfg := config.Defaults()
		cfg.DB, cfg.Demo, cfg.AdminKey = storetest.SQLiteDSN(t), true, adminKey
		s := openShop(t, cfg)
		// Even a signature made with an empty secret binds nothing.
		forged := map[string]string{"id": "1", "email": "sig@example.com", "signature": identity.Sign("", "1", "sig@example.com")}
		for _, c := range []map[string]string{signed("sig@example.com", ""), forged} {
			var conv struct{ ID string }
			s.json("POST", "/api/v1/conversations", "", map[string]any{"customer": c}, &conv)
			var view struct {
				Verified bool `json:"verified"`
			}
			s.do("GET", "/api/v1/admin/conversations/"+conv.ID, adminKey, "", nil, &view)
			if view.Verified {
				t.Fatalf("bound without a configured secret: %v", c)
			}
		}
	})
}

// A guest who types an e-mail at checkout still ends with a paid order
// that the admin API lists under that e-mail.
func TestIdentity_GuestCheckoutStillPaysAndIsListed(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		const email = "guest@example.com"
		g := s.asChat(t, "en", "")
		g.tap("add:" + inStockSKU(t, s))
		out := g.tap("checkout")
		if lastField(out) != "email" {
			t.Fatalf("checkout asks %q", lastField(out))
		}
		out = g.say(email)
		if lastField(out) != "shipping_address" {
			t.Fatalf("after e-mail asks %q", lastField(out))
		}
		out = g.say("Gina Guest, Keizersgracht 12, 1015 CS Amsterdam, NL")
		out = g.tap("ship:standard")
		pay := asLink(out, "payment")
		u, _ := url.Parse(pay)
		resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("pay: %v %v", resp, err)
		}
		resp.Body.Close()
		var orders struct {
			Orders []struct {
				Number        string
				PaymentStatus string `json:"payment_status"`
				Customer      struct{ Email string }
			}
		}
		s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &orders)
		if len(orders.Orders) != 1 || orders.Orders[0].PaymentStatus != "paid" || orders.Orders[0].Customer.Email != email {
			t.Fatalf("orders = %+v", orders)
		}
		// Bought here: the guest may follow up on it in the same chat.
		out = g.say("where is my order?")
		if !strings.Contains(asText(out), orders.Orders[0].Number) {
			t.Fatalf("guest's own order not found: %s", asText(out))
		}
	})
}

// Draft and archived products cannot be bought by SKU, whatever button a
// shopper forges.
func TestIdentity_DraftAndArchivedProductsCannotBeBought(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ctx := context.Background()
		for i, status := range []string{catalog.StatusDraft, catalog.StatusArchived} {
			sku := "HIDDEN-" + status
			p := catalog.Product{Handle: "hidden-" + status, Title: "Hidden " + status, Status: status, Type: "Socks",
				Options:  []string{"Size"},
				Variants: []catalog.Variant{{SKU: sku, Options: map[string]string{"Size": "M"}, Price: money.New(int64(1000+i), "EUR"), Stock: 10}}}
			if _, err := s.app.DB.UpsertProduct(ctx, &p); err != nil {
				t.Fatal(err)
			}
			c := s.asChat(t, "en", "")
			c.tap("add:" + sku)
			if skus := c.cartSKUs(); len(skus) != 0 {
				t.Fatalf("%s product added to the cart: %v", status, skus)
			}
		}
	})
}

// The outbox holds codes, so it is shown only in the demo and test mode,
// and to the admin key.
func TestIdentity_OutboxOnlyInDemoOrTestMode(t *testing.T) {
	for _, c := range []struct {
		name          string
		demo, outbox  bool
		wantDemoPage  int
		wantAdminList int
	}{
		{"demo", true, false, 200, 200},
		{"test mode", false, true, 200, 200},
		{"production", false, false, 404, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.DB, cfg.Demo, cfg.MailOutbox, cfg.AdminKey = storetest.SQLiteDSN(t), c.demo, c.outbox, adminKey
			s := openShop(t, cfg)
			if code := s.do("GET", "/demo/outbox", "", "", nil, nil); code != c.wantDemoPage {
				t.Errorf("/demo/outbox = %d, want %d", code, c.wantDemoPage)
			}
			if code := s.do("GET", "/api/v1/admin/outbox", "", "", nil, nil); code != http.StatusUnauthorized {
				t.Errorf("admin outbox without key = %d", code)
			}
			if code := s.do("GET", "/api/v1/admin/outbox", adminKey, "", nil, nil); code != c.wantAdminList {
				t.Errorf("admin outbox = %d", code)
			}
		})
	}
}
