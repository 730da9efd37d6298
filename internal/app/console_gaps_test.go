package app_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestConsole_LoginLockSharedBetweenInstances: failures spread over two
// instances of the shop on one database add up to the lock, and the lock
// holds on both.
func TestConsole_LoginLockSharedBetweenInstances(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			url := dsn(t)
			a, b := newShop(t, url, false), newShop(t, url, false)
			a.addAgent("cleo@example.com", "Cleo", "agent", []string{"en"})
			wrong := map[string]string{"email": "cleo@example.com", "password": "wrong password!"}
			for i := range 5 {
				s := a
				if i%2 == 1 {
					s = b
				}
				if code := s.json("POST", "/api/v1/agent/login", "", wrong, nil); code != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d", i+1, code)
				}
			}
			right := map[string]string{"email": "cleo@example.com", "password": "correct horse battery"}
			for name, s := range map[string]*shop{"a": a, "b": b} {
				if code := s.json("POST", "/api/v1/agent/login", "", right, nil); code != http.StatusTooManyRequests {
					t.Errorf("instance %s after 5 failures on two instances: %d, want 429", name, code)
				}
			}
		})
	}
}

// TestConsole_ColleaguesForTransfer: a signed-in agent sees the team (who
// is online, their languages, load and capacity, the teams) for the
// transfer picker, and nothing private about them.
func TestConsole_ColleaguesForTransfer(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", false)
	ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en", "nl"})
	if code := s.json("POST", "/api/v1/admin/agents", adminKey, map[string]any{"email": "bo@example.com", "name": "Bo", "password": "correct horse battery",
		"role": "agent", "languages": []string{"zh"}, "teams": []string{"billing", "support"}, "capacity": 4}, nil); code != http.StatusCreated {
		t.Fatalf("create Bo: %d", code)
	}
	s.json("POST", "/api/v1/agent/status", ana.Token, map[string]bool{"online": true}, nil)

	var raw map[string]any
	if code := s.json("GET", "/api/v1/agent/agents", ana.Token, nil, &raw); code != 200 {
		t.Fatalf("colleagues: %d", code)
	}
	if got := fmt.Sprint(raw); strings.Contains(got, "@example.com") || strings.Contains(got, "argon2") {
		t.Errorf("the colleague list shows private data: %s", got)
	}
	var list struct {
		Agents []struct {
			ID        int64
			Name      string
			Languages []string
			Teams     []string
			Online    bool
			OpenChats int `json:"open_chats"`
			Capacity  int
		}
		Teams []string
	}
	s.json("GET", "/api/v1/agent/agents", ana.Token, nil, &list)
	byName := map[string]int{}
	for i, a := range list.Agents {
		byName[a.Name] = i
	}
	if len(list.Agents) != 2 {
		t.Fatalf("agents = %+v", list.Agents)
	}
	if a := list.Agents[byName["Ana"]]; !a.Online || strings.Join(a.Languages, ",") != "en,nl" || a.Capacity != 2 {
		t.Errorf("Ana = %+v", a)
	}
	if b := list.Agents[byName["Bo"]]; b.Online || b.Capacity != 4 || b.OpenChats != 0 || strings.Join(b.Teams, ",") != "billing,support" {
		t.Errorf("Bo = %+v", b)
	}
	if strings.Join(list.Teams, ",") != "billing,support" {
		t.Errorf("teams = %v", list.Teams)
	}
	if code := s.json("GET", "/api/v1/agent/agents", "", nil, nil); code != http.StatusUnauthorized {
		t.Errorf("without signing in: %d", code)
	}
}

// TestCoupon_GoodwillCodeWorksOnceForAnyone: the code an agent gives out
// is single-use, not just once per customer: of two shoppers checking out
// with it at the same moment exactly one gets the discount.
func TestCoupon_GoodwillCodeWorksOnceForAnyone(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en"})
	id, token := s.startChat("en")
	s.say(id, token, "I want to talk to a person")
	if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", ana.Token, nil, nil); code != 200 {
		t.Fatalf("take: %d", code)
	}
	var given struct{ Code string }
	if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/actions/coupon", ana.Token, map[string]int{"percent": 10}, &given); code != http.StatusCreated {
		t.Fatalf("coupon: %d", code)
	}
	ctx := context.Background()
	c, err := s.app.DB.CouponByCode(ctx, given.Code)
	if err != nil || c.MaxUses != 1 {
		t.Fatalf("goodwill coupon = %+v, %v; want max_uses 1", c, err)
	}
	sku := gapsSKU(t, s)
	v, err := s.app.DB.VariantBySKU(ctx, sku)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	placed, refused := 0, 0
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			price := money.New(v.Price.Amount, v.Price.Currency)
			_, err := s.app.Orders.PlaceCheckout(ctx, order.Checkout{
				NewOrder: order.NewOrder{Email: fmt.Sprintf("shopper%d@example.com", i), Name: "Shopper",
					ShippingAddress: address.Address{Name: "Jan Jansen", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}},
				Items:  []order.Item{{SKU: sku, Title: "x", Quantity: 1, UnitPrice: price}},
				Coupon: given.Code, Discount: money.New(price.Amount/10, price.Currency), Shipping: money.New(0, price.Currency)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				placed++
			case errors.Is(err, coupon.ErrUsed):
				refused++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if placed != 1 || refused != 1 {
		t.Errorf("placed %d, refused %d; want exactly one of each", placed, refused)
	}
	if _, err := s.app.Coupons.Check(ctx, given.Code, money.New(10000, v.Price.Currency), 0, c.ExpiresAt.AddDate(0, 0, -1)); !errors.Is(err, coupon.ErrUsed) {
		t.Errorf("checking the used code again = %v, want ErrUsed", err)
	}
}

// gapsSKU is a demo variant with stock.
func gapsSKU(t *testing.T, s *shop) string {
	t.Helper()
	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string
				Stock int
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?limit=50", adminKey, "", nil, &prods)
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock >= 3 {
				return v.SKU
			}
		}
	}
	t.Fatal("no variant in stock")
	return ""
}

// TestConsole_AgentRefundsSettleThePaymentStatus: a partial refund keeps the
// order paid and the panel shows what went back; refunding the rest makes
// it refunded, once; nothing more can be refunded after that.
func TestConsole_AgentRefundsSettleThePaymentStatus(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en"})
	addr := map[string]string{"name": "Jan Jansen", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}
	var o struct{ Number string }
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, map[string]any{"customer": map[string]string{"email": "jan@example.com", "name": "Jan"},
		"items": []map[string]any{{"sku": gapsSKU(t, s), "quantity": 1}}, "shipping_address": addr, "paid": true}, &o); code != http.StatusCreated {
		t.Fatalf("create order: %d", code)
	}
	var c struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("jan@example.com", "Jan")}, &c)
	s.say(c.ID, c.Token, "I need to talk to a person about my order")
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/take", ana.Token, nil, nil); code != 200 {
		t.Fatalf("take: %d", code)
	}
	type panel struct {
		Customer struct {
			Orders []struct {
				Number        string
				PaymentStatus string `json:"payment_status"`
			}
			Refunded map[string]money.Money
		}
	}
	look := func() (string, map[string]money.Money) {
		var p panel
		s.json("GET", "/api/v1/agent/conversations/"+c.ID, ana.Token, nil, &p)
		if len(p.Customer.Orders) != 1 {
			t.Fatalf("orders in the panel: %+v", p.Customer.Orders)
		}
		return p.Customer.Orders[0].PaymentStatus, p.Customer.Refunded
	}
	refund := func(body map[string]any) int {
		body["order_number"] = o.Number
		return s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/actions/refund", ana.Token, body, nil)
	}
	if code := refund(map[string]any{"amount": map[string]string{"amount": "1.00", "currency": "EUR"}}); code != http.StatusCreated {
		t.Fatalf("partial refund: %d", code)
	}
	status, refunded := look()
	if status != "paid" || refunded[o.Number].Amount != 100 {
		t.Errorf("after a partial refund: %s, refunded %v; want paid, 1.00", status, refunded)
	}
	if code := refund(map[string]any{}); code != http.StatusCreated { // the rest
		t.Fatalf("refund of the rest: %d", code)
	}
	if status, _ := look(); status != "refunded" {
		t.Errorf("after refunding everything: %s, want refunded", status)
	}
	if code := refund(map[string]any{}); code == http.StatusCreated {
		t.Errorf("a refund after everything went back: %d", code)
	}
}
