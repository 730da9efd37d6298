package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/platform/shopify/shopifytest"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce/woocommercetest"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const (
	shopifySecret = "shpss_app_test_secret"
	shopifyToken  = "shpat_app_test_token"
	wooSecret     = "woo_app_test_secret"
)

// deliver sends a webhook request built by a stand-in to the shop.
func (s *shop) deliver(req *http.Request) int {
	s.t.Helper()
	body, _ := io.ReadAll(req.Body)
	out, _ := http.NewRequest(req.Method, s.url+req.URL.Path, strings.NewReader(string(body)))
	out.Header = req.Header.Clone()
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// eventually waits up to 10 s for cond (the sync applies events in the
// background).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting: %s", what)
}

type platformChat struct {
	s         *shop
	id, token string
}

func (s *shop) newChat() *platformChat {
	var conv struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en"}, &conv); code != 201 {
		s.t.Fatalf("create conversation: %d", code)
	}
	return &platformChat{s: s, id: conv.ID, token: conv.Token}
}

func (c *platformChat) send(body map[string]string) []message {
	c.s.t.Helper()
	var out struct{ Messages []message }
	if code := c.s.json("POST", "/api/v1/conversations/"+c.id+"/messages", c.token, body, &out); code != 200 {
		c.s.t.Fatalf("%v = %d", body, code)
	}
	return out.Messages
}

func offers(ms []message, handle string) bool {
	for _, m := range ms {
		for _, it := range m.Items {
			if it.Handle == handle {
				return true
			}
		}
	}
	return false
}

func texts(ms []message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// buyInChat adds sku qty times in a new chat, checks out and pays on the test
// gateway's page.
func (s *shop) buyInChat(t *testing.T, sku string, qty int) {
	t.Helper()
	c := s.newChat()
	c.send(map[string]string{"payload": "add:" + sku})
	for i := 1; i < qty; i++ {
		c.send(map[string]string{"payload": "addone:" + sku}) // "one more"
	}
	out := c.send(map[string]string{"payload": "checkout"})
	payURL := ""
	for step := 0; step < 8 && payURL == ""; step++ {
		last := out[len(out)-1]
		for _, m := range out {
			if m.Type == "link" && m.Purpose == "payment" {
				payURL = m.URL
			}
		}
		if payURL != "" {
			break
		}
		if last.Input == nil {
			t.Fatalf("checkout stalled: %+v", out)
		}
		switch last.Input.Field {
		case "email":
			out = c.send(map[string]string{"text": "ana@example.com"})
		case "shipping_address":
			out = c.send(map[string]string{"text": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"})
		case "shipping_option":
			out = c.send(map[string]string{"payload": "ship:standard"})
		default:
			t.Fatalf("checkout asks for %q: %+v", last.Input.Field, out)
		}
	}
	if payURL == "" {
		t.Fatalf("no payment link: %+v", out)
	}
	u, _ := url.Parse(payURL)
	resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
}

func stockOfHandle(s *shop, handle string) int {
	var p struct {
		Variants []struct{ Stock int }
	}
	if s.do("GET", "/api/v1/admin/products/"+handle, adminKey, "", nil, &p) != 200 || len(p.Variants) == 0 {
		return -1
	}
	n := 0
	for _, v := range p.Variants {
		n += v.Stock
	}
	return n
}

func TestShopify_WebhooksFeedTheChatAndChatOrdersReachTheStore(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			up := shopifytest.New(shopifyToken)
			defer up.Close()
			up.AddProduct(shopifytest.Product(9100, "alpine-beanie", "Alpine Beanie", "Hats", "19.00", 10))
			cfg := config.Defaults()
			cfg.DB, cfg.AdminKey, cfg.TestGateway = dsn(t), adminKey, true
			cfg.Platforms.Shopify = config.Shopify{Shop: "stand-in.myshopify.com", Token: shopifyToken, WebhookSecret: shopifySecret, APIURL: up.APIURL()}
			s := openShop(t, cfg)

			// The first full sync brings the store's catalogue in.
			eventually(t, "first sync", func() bool { return stockOfHandle(s, "alpine-beanie") == 10 })

			jacket := shopifytest.Product(9200, "zephyr-rain-jacket", "Zephyr Rain Jacket", "Rain Jackets", "89.00", 4, "M", "L")
			if code := s.deliver(shopifytest.Webhook("wrong-secret", "products/create", "evt-1", jacket)); code != http.StatusUnauthorized {
				t.Fatalf("wrong HMAC: %d", code)
			}
			time.Sleep(200 * time.Millisecond)
			if stockOfHandle(s, "zephyr-rain-jacket") != -1 {
				t.Fatal("a webhook with a wrong HMAC created a product")
			}
			for i := 0; i < 2; i++ { // delivered twice
				if code := s.deliver(shopifytest.Webhook(shopifySecret, "products/create", "evt-2", jacket)); code != http.StatusOK {
					t.Fatalf("signed webhook: %d", code)
				}
			}
			eventually(t, "product created", func() bool { return stockOfHandle(s, "zephyr-rain-jacket") == 8 })
			if out := s.newChat().send(map[string]string{"text": "do you have the zephyr rain jacket?"}); !offers(out, "zephyr-rain-jacket") {
				t.Fatalf("the chat does not offer the new product: %+v", out)
			}

			// Upstream sells out: the bot says so.
			for i, item := range []int64{9200 * 1000, 9200*1000 + 1} {
				s.deliver(shopifytest.Webhook(shopifySecret, "inventory_levels/update", "evt-stock-"+string(rune('a'+i)), shopifytest.InventoryLevel(item, 1, 0)))
			}
			eventually(t, "stock 0", func() bool { return stockOfHandle(s, "zephyr-rain-jacket") == 0 })
			if out := s.newChat().send(map[string]string{"text": "is the zephyr rain jacket in stock?"}); !strings.Contains(texts(out), "sold out") {
				t.Fatalf("sold-out product answered: %s", texts(out))
			}

			// A purchase in the chat is created in the store, SKU and quantity exact.
			s.buyInChat(t, "ALPINE-BEANIE", 2)
			eventually(t, "order upstream", func() bool { return len(up.Orders()) == 1 })
			o := up.Orders()[0]
			if len(o.LineItems) != 1 || o.LineItems[0].SKU != "ALPINE-BEANIE" || o.LineItems[0].Quantity != 2 ||
				o.LineItems[0].VariantID != "gid://shopify/ProductVariant/910000" {
				t.Fatalf("upstream order %+v", o)
			}

			var st struct {
				Platforms []struct {
					Platform      string
					EventsApplied int        `json:"events_applied"`
					OrdersCreated int        `json:"orders_created"`
					LastSyncAt    *time.Time `json:"last_sync_at"`
				}
			}
			eventually(t, "status counts the order", func() bool {
				s.do("GET", "/api/v1/admin/platforms", adminKey, "", nil, &st)
				return len(st.Platforms) == 1 && st.Platforms[0].OrdersCreated == 1
			})
			if p := st.Platforms[0]; p.Platform != "shopify" || p.EventsApplied != 3 || p.LastSyncAt == nil {
				t.Fatalf("status %+v", p)
			}
			if code := s.do("GET", "/api/v1/admin/platforms", "", "", nil, nil); code != http.StatusUnauthorized {
				t.Fatalf("status without the admin key: %d", code)
			}
		})
	}
}

func TestWooCommerce_WebhooksFeedTheChatAndChatOrdersReachTheShop(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			up := woocommercetest.New("ck_test", "cs_test")
			defer up.Close()
			cfg := config.Defaults()
			cfg.DB, cfg.AdminKey, cfg.TestGateway = dsn(t), adminKey, true
			cfg.Platforms.WooCommerce = config.WooCommerce{URL: up.URL, Key: "ck_test", Secret: "cs_test", WebhookSecret: wooSecret}
			s := openShop(t, cfg)

			p, vs := woocommercetest.Variable(310, "harbour-hoodie", "Harbour Hoodie", "Hoodies", "59.00", 6, "M", "L")
			up.AddProduct(p, vs...)
			if code := s.deliver(woocommercetest.Webhook("wrong", "product.created", 1, p)); code != http.StatusUnauthorized {
				t.Fatalf("wrong signature: %d", code)
			}
			if code := s.deliver(woocommercetest.Webhook(wooSecret, "product.created", 2, p)); code != http.StatusOK {
				t.Fatalf("signed webhook: %d", code)
			}
			eventually(t, "product created", func() bool { return stockOfHandle(s, "harbour-hoodie") == 12 })
			if out := s.newChat().send(map[string]string{"text": "do you have the harbour hoodie?"}); !offers(out, "harbour-hoodie") {
				t.Fatalf("the chat does not offer the new product: %+v", out)
			}
			s.buyInChat(t, "HARBOUR-HOODIE-L", 3)
			eventually(t, "order upstream", func() bool { return len(up.Orders()) == 1 })
			o := up.Orders()[0]
			if !o.SetPaid || len(o.LineItems) != 1 || o.LineItems[0].SKU != "HARBOUR-HOODIE-L" || o.LineItems[0].Quantity != 3 ||
				o.LineItems[0].ProductID != 310 || o.LineItems[0].VariationID != 31001 {
				t.Fatalf("upstream order %+v", o)
			}
			s.deliver(woocommercetest.Webhook(wooSecret, "product.deleted", 3, map[string]any{"id": 310}))
			eventually(t, "product gone from the chat", func() bool {
				return !offers(s.newChat().send(map[string]string{"text": "do you have the harbour hoodie?"}), "harbour-hoodie")
			})
		})
	}
}
