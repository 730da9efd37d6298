package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// payTo walks a conversation through the checkout to its payment link.
func (c *asChat) payTo(t *testing.T, email string) string {
	t.Helper()
	out := c.tap("checkout")
	for range 5 {
		if u := asLink(out, "payment"); u != "" {
			return u
		}
		if len(out) == 0 || out[len(out)-1].Input == nil {
			t.Fatalf("checkout stalled: %s", asText(out))
		}
		switch out[len(out)-1].Input.Field {
		case "email":
			out = c.say(email)
		case "shipping_address":
			out = c.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
		case "shipping_option":
			out = c.tap("ship:standard")
		default:
			t.Fatalf("checkout asks %s: %s", out[len(out)-1].Input.Field, asText(out))
		}
	}
	t.Fatalf("no payment link")
	return ""
}

// payPage posts outcome=succeeded to a payment page and answers its status
// and body.
func (s *shop) payPage(t *testing.T, link string) (int, string) {
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

func mustURI(link string) string {
	u, _ := url.Parse(link)
	return u.RequestURI()
}

type linkOrder struct {
	Number        string
	Status        string
	PaymentStatus string `json:"payment_status"`
	Total         struct{ Amount string }
}

func (s *shop) ordersOf(t *testing.T, email string) map[string]linkOrder {
	t.Helper()
	var got struct{ Orders []linkOrder }
	s.do("GET", "/api/v1/admin/orders?email="+url.QueryEscape(email), adminKey, "", nil, &got)
	m := map[string]linkOrder{}
	for _, o := range got.Orders {
		m[o.Number] = o
	}
	return m
}

// TestPaymentLink_DiesWhenTheCartChanges: a link made before a discount code
// or a quantity change no longer takes payment; the chat says so and offers
// the new link, which does.
func TestPaymentLink_DiesWhenTheCartChanges(t *testing.T) {
	for _, change := range []struct {
		name string
		do   func(c *asChat, sku string) []message
	}{
		{"a code", func(c *asChat, _ string) []message { c.tap("coupon"); return c.say("SAVE5") }},
		{"one more", func(c *asChat, sku string) []message { return c.tap("addone:" + sku) }},
	} {
		t.Run(change.name, func(t *testing.T) {
			eachDB(t, true, func(t *testing.T, s *shop) {
				sku := inStockSKU(t, s)
				email := "stale-" + strings.ReplaceAll(change.name, " ", "-") + "@example.com"
				c := s.asChat(t, "en", "")
				c.tap("add:" + sku)
				c.tap("addone:" + sku) // over SAVE5's minimum spend
				old := c.payTo(t, email)

				out := change.do(c, sku)
				if !strings.Contains(asText(out), "no longer works") {
					t.Fatalf("the chat did not say the old link died: %s", asText(out))
				}
				fresh := asLink(out, "payment")
				if fresh == "" {
					t.Fatalf("no new link offered: %s", asText(out))
				}
				if fresh == old {
					t.Fatalf("the same link again: %s", old)
				}

				if resp, err := http.Get(s.url + mustURI(old)); err != nil {
					t.Fatal(err)
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if strings.Contains(string(b), `id="pay"`) || !strings.Contains(string(b), "expired") {
						t.Errorf("the old page still offers to pay: %s", b)
					}
				}
				code, body := s.payPage(t, old)
				if code != http.StatusConflict || !strings.Contains(body, "expired") {
					t.Errorf("paying the old link = %d %s, want 409 and expired", code, body)
				}
				orders := s.ordersOf(t, email)
				if len(orders) != 2 {
					t.Fatalf("orders = %+v, want the old and the new", orders)
				}
				for _, o := range orders {
					if o.PaymentStatus == "paid" {
						t.Errorf("order %s paid through the stale link: %+v", o.Number, o)
					}
				}

				if code, body := s.payPage(t, fresh); code != http.StatusOK {
					t.Fatalf("paying the new link = %d %s", code, body)
				}
				paid := 0
				for _, o := range s.ordersOf(t, email) {
					if o.PaymentStatus == "paid" {
						paid++
					}
				}
				if paid != 1 {
					t.Errorf("%d paid orders, want exactly the new one", paid)
				}
			})
		})
	}
}
