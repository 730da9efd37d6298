package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// Size 43 of a demo running shoe at 99.95, with plenty in stock.
const usualSKU = "NK-RS-DRIFTWOOD-43-NVY"

// loyaltyShops runs fn on a demo shop on SQLite and PostgreSQL whose
// points are generous enough for one order to pay part of the next: 10
// points a euro, a point worth a cent, spent from 100 points on.
func loyaltyShops(t *testing.T, fn func(t *testing.T, s *shop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true
			cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = dsn(t), true, adminKey, true
			cfg.Loyalty = config.Loyalty{PointsPerUnit: 10, PointValue: 1, MinRedeem: 100}
			fn(t, openShop(t, cfg))
		})
	}
}

// toPayLink walks the chat's checkout of sku to its payment link, answering
// what the bot asks; it returns the messages with the link.
func toPayLink(t *testing.T, c *asChat, sku, email string) []message {
	t.Helper()
	c.tap("add:" + sku)
	out := c.tap("checkout")
	for range 8 {
		if asLink(out, "payment") != "" || len(out) == 0 {
			return out
		}
		last := out[len(out)-1]
		switch {
		case last.Input != nil && last.Input.Field == "email":
			out = c.say(email)
		case last.Input != nil && last.Input.Field == "shipping_address" && asOption(out, "addr:") != "":
			out = c.tap(asOption(out, "addr:"))
		case last.Input != nil && last.Input.Field == "shipping_address":
			out = c.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
		case last.Input != nil && last.Input.Field == "shipping_option":
			out = c.tap("ship:standard")
		default:
			t.Fatalf("checkout stalled at %+v", last)
		}
	}
	t.Fatalf("no payment link: %s", asText(out))
	return nil
}

// settle posts the test gateway page's outcome for the link's payment.
func settle(t *testing.T, s *shop, link, outcome string) {
	t.Helper()
	u, _ := url.Parse(link)
	resp, err := http.PostForm(s.url+u.Path, url.Values{"outcome": {outcome}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// productsMessage is the reply's product list.
func productsMessage(t *testing.T, ms []message) message {
	t.Helper()
	for _, m := range ms {
		if m.Type == "products" {
			return m
		}
	}
	t.Fatalf("no products in %s", asText(ms))
	return message{}
}

type loyaltyOrder struct {
	Number          string
	Status          string
	PaymentStatus   string      `json:"payment_status"`
	Subtotal        money.Money `json:"subtotal"`
	Shipping        money.Money `json:"shipping"`
	Total           money.Money `json:"total"`
	LoyaltyPoints   int64       `json:"loyalty_points"`
	LoyaltyDiscount money.Money `json:"loyalty_discount"`
}

func (s *shop) latestOrder(t *testing.T, email string) loyaltyOrder {
	t.Helper()
	var list struct{ Orders []loyaltyOrder }
	s.do("GET", "/api/v1/admin/orders?email="+url.QueryEscape(email), adminKey, "", nil, &list)
	if len(list.Orders) == 0 {
		t.Fatalf("no order for %s", email)
	}
	return list.Orders[len(list.Orders)-1]
}

func (s *shop) points(t *testing.T, email string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.app.DB.UpsertCustomer(ctx, email, "", "")
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.app.Loyalty.Balance(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A returning customer who proved who they are is offered the size they
// bought before as the first quick reply, and "yes" takes it; a shopper
// who only typed that customer's e-mail sees nothing of it; clearing it
// forgets it.
func TestPreferences_ReturningCustomerIsOfferedTheirUsualSizeFirst(t *testing.T) {
	loyaltyShops(t, func(t *testing.T, s *shop) {
		const email = "runner@example.com"
		first := s.asChat(t, "en", email)
		settle(t, s, asLink(toPayLink(t, first, usualSKU, email), "payment"), "succeeded")

		back := s.asChat(t, "en", email)
		list := productsMessage(t, back.say("running shoes"))
		if len(list.Options) == 0 || list.Options[0].Payload != "prefs:usual:43" || !strings.Contains(list.Options[0].Title, "43") {
			t.Fatalf("first quick reply = %+v; want the usual 43", list.Options)
		}
		narrowed := productsMessage(t, back.say("yes"))
		for _, it := range narrowed.Items {
			in43 := false
			for _, v := range it.Variants {
				in43 = in43 || v.Options["Size"] == "43" && v.InStock
			}
			if !in43 {
				t.Errorf("after yes, %s is shown without 43 in stock", it.Title)
			}
		}

		saved := asText(back.say("what sizes do you have saved for me?"))
		if !strings.Contains(saved, "Running Shoes: size 43") {
			t.Fatalf("saved sizes answer = %q; want Running Shoes: size 43", saved)
		}

		stranger := s.asChat(t, "en", "")
		if p := asOption(stranger.say("running shoes"), "prefs:usual"); p != "" {
			t.Fatalf("a shopper who proved nothing was offered %s", p)
		}
		stranger.tap("add:" + usualSKU)
		stranger.tap("checkout")
		stranger.say(email) // typed, not proved
		if got := asText(stranger.say("what sizes do you have saved for me?")); strings.Contains(got, "43") || !strings.Contains(got, "code") {
			t.Fatalf("typed e-mail asking for saved sizes got %q; want nothing saved, only how to prove who they are", got)
		}

		if got := asText(back.say("forget my sizes")); !strings.Contains(got, "forgotten your sizes") {
			t.Fatalf("forget my sizes = %q", got)
		}
		again := s.asChat(t, "en", email)
		if p := asOption(again.say("running shoes"), "prefs:usual"); p != "" {
			t.Fatalf("after forgetting, still offered %s", p)
		}
	})
}

// Points are earned once per paid order however often its payment is
// delivered, shown only to the proven customer, spent at checkout as a
// discount the order carries, and given back when that payment fails.
func TestLoyalty_EarnedOnceRedeemedAtCheckoutAndRestoredOnFailure(t *testing.T) {
	loyaltyShops(t, func(t *testing.T, s *shop) {
		ctx := context.Background()
		const email = "loyal@example.com"
		first := s.asChat(t, "en", email)
		link := asLink(toPayLink(t, first, usualSKU, email), "payment")
		settle(t, s, link, "succeeded")
		settle(t, s, link, "succeeded") // the page posted twice
		u, _ := url.Parse(link)
		token := "test_" + u.Path[strings.LastIndex(u.Path, "/")+1:] // the test gateway's reference
		for _, event := range []string{"evt-1", "evt-1", "evt-2"} {  // a webhook delivered again, and under a new id
			if _, err := s.app.Payments.Complete(ctx, token, true, event); err != nil {
				t.Fatal(err)
			}
		}
		paid := s.latestOrder(t, email)
		want := (paid.Total.Amount - paid.Shipping.Amount) / 100 * 10
		if got := s.points(t, email); got != want || want == 0 {
			t.Fatalf("points after one order paid %v (shipping %v) delivered five times = %d, want %d", paid.Total, paid.Shipping, got, want)
		}
		if got := asText(first.say("how many points do I have?")); !strings.Contains(got, itoa(want)+" points") || !strings.Contains(got, money.New(want, "EUR").Decimal()) {
			t.Fatalf("points answer = %q; want %d", got, want)
		}
		if got := asText(s.asChat(t, "en", "").say("how many points do I have?")); strings.Contains(got, itoa(want)) {
			t.Fatalf("a shopper who proved nothing was told %q", got)
		}

		second := s.asChat(t, "en", email)
		out := toPayLink(t, second, usualSKU, email)
		if asOption(out, "points:use") == "" {
			t.Fatalf("no offer to spend %d points: %s", want, asText(out))
		}
		withoutPoints := s.latestOrder(t, email)
		out = second.tap("points:use")
		redeemed := s.latestOrder(t, email)
		if redeemed.Number == withoutPoints.Number || redeemed.LoyaltyPoints != want || redeemed.LoyaltyDiscount.Amount != want {
			t.Fatalf("order after spending points = %+v; want a new order spending %d points for %d cents", redeemed, want, want)
		}
		if redeemed.Total.Amount != redeemed.Subtotal.Amount-want+redeemed.Shipping.Amount || redeemed.Total.Amount >= withoutPoints.Total.Amount {
			t.Fatalf("total with points = %v (subtotal %v, shipping %v); want lowered by %d", redeemed.Total, redeemed.Subtotal, redeemed.Shipping, want)
		}
		if !strings.Contains(asText(out), "Points: −") || asLink(out, "payment") == "" {
			t.Fatalf("summary with points = %q", asText(out))
		}
		if got := s.points(t, email); got != 0 {
			t.Fatalf("balance while the order spending them is unpaid = %d, want 0", got)
		}

		settle(t, s, asLink(out, "payment"), "failed")
		if got := s.latestOrder(t, email); got.PaymentStatus != "failed" {
			t.Fatalf("order after a failed payment = %+v", got)
		}
		if got := s.points(t, email); got != want {
			t.Fatalf("balance after the payment failed = %d, want %d back", got, want)
		}
	})
}

func itoa(n int64) string { return money.New(n, "JPY").Decimal() }

// The saved-sizes and points questions are recognised in all six
// languages, whatever the NLU guesses for them, and answered in the
// shopper's language (here for a proven customer with nothing saved yet).
func TestPreferences_QuestionsUnderstoodInSixLanguages(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	msgs, err := i18n.Load("en", "friendly")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, sizes, points string }{
		{"en", "what sizes do you have saved for me?", "how many points do I have?"},
		{"nl", "welke maten heb je voor mij opgeslagen?", "hoeveel punten heb ik?"},
		{"ms", "saiz apa yang anda simpan untuk saya?", "berapa mata ganjaran saya?"},
		{"zh", "你们保存了我的什么尺码？", "我有多少积分？"},
		{"nb", "hvilke størrelser har dere lagret for meg?", "hvor mange poeng har jeg?"},
		{"hy", "Ի՞նչ չափսեր եք պահպանել ինձ համար", "Քանի՞ միավոր ունեմ"},
	}
	for _, tt := range tests {
		c := s.asChat(t, tt.lang, "new-"+tt.lang+"@example.com")
		if got, want := asText(c.say(tt.sizes)), msgs.T(tt.lang, "preferences.none"); !strings.Contains(got, want) {
			t.Errorf("%s %q = %q; want %q", tt.lang, tt.sizes, got, want)
		}
		want, _, _ := strings.Cut(msgs.T(tt.lang, "loyalty.none"), "{rule}")
		if got := asText(c.say(tt.points)); !strings.Contains(got, strings.TrimSpace(want)) {
			t.Errorf("%s %q = %q; want %q", tt.lang, tt.points, got, want)
		}
	}
}
