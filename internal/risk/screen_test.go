package risk_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
	"github.com/shopkeeper/shopkeeper/internal/risk"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// shelf is a catalogue with prices from cheap to dear and plenty of stock,
// so the test measures the fraud checks and never runs out.
const shelf = `Handle,Title,Vendor,Type,Published,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price
socks,Wool Socks,Acme,Socks,TRUE,Size,M,SOCK-M,100000,12.95
tee,Cotton Tee,Acme,Shirts,TRUE,Size,M,TEE-M,100000,24.95
jeans,Straight Jeans,Acme,Jeans,TRUE,Size,32,JEANS-32,100000,79.95
boots,Leather Boots,Acme,Boots,TRUE,Size,42,BOOTS-42,100000,189.00
coat,Down Coat,Acme,Coats,TRUE,Size,M,COAT-M,100000,349.00
watch,Steel Watch,Acme,Watches,TRUE,Size,One,WATCH-1,100000,899.00
`

type refunds struct{ n atomic.Int32 }

func (r *refunds) Refund(_ context.Context, _ *order.Order, _ money.Money, key string) (string, error) {
	r.n.Add(1)
	return "re_" + key, nil
}

type shop struct {
	db      *store.DB
	orders  *order.Service
	cat     *catalog.Service
	refunds *refunds
	prices  map[string]int64
	told    map[string]string // order number → what the conversation heard
}

func newShop(t testing.TB, db *store.DB) *shop {
	t.Helper()
	ctx := context.Background()
	cat := catalog.NewService(db)
	if res, err := cat.ImportCSV(ctx, strings.NewReader(shelf), "EUR", nil); err != nil || len(res.Errors) > 0 {
		t.Fatalf("import: %v %+v", err, res.Errors)
	}
	s := &shop{db: db, cat: cat, refunds: &refunds{}, prices: map[string]int64{}, told: map[string]string{}}
	s.orders = order.NewService(db, cat)
	s.orders.UseAfterSale(db, fulfilment.NewCarriers(&fulfilment.Simulated{}), s.refunds, nil)
	s.orders.UseScreening(risk.NewService(db, risk.Thresholds{}),
		func(_ context.Context, o *order.Order) { s.told[o.Number] = "approved" },
		func(_ context.Context, o *order.Order) { s.told[o.Number] = "rejected" })
	for _, sku := range []string{"SOCK-M", "TEE-M", "JEANS-32", "BOOTS-42", "COAT-M", "WATCH-1"} {
		v, err := cat.Variant(ctx, sku)
		if err != nil {
			t.Fatal(err)
		}
		s.prices[sku] = v.Price.Amount
	}
	return s
}

// shopper is one checkout as the chat would make it.
type shopper struct {
	email, name, phone, client, card, billing string
	addr                                      address.Address
	lines                                     map[string]int
	gatewayLevel                              string
	declinedFirst                             bool // the first card attempt is declined
}

// buy places the chat order from the shopper's client address and pays it.
func (s *shop) buy(t testing.TB, sh shopper) (*order.Order, error) {
	t.Helper()
	ctx := reqinfo.WithClientAddr(context.Background(), sh.client)
	var items []order.Item
	for sku, q := range sh.lines {
		items = append(items, order.Item{SKU: sku, Title: sku, Quantity: q, UnitPrice: money.New(s.prices[sku], "EUR")})
	}
	place := func() (*order.Order, error) {
		return s.orders.PlaceCheckout(ctx, order.Checkout{
			NewOrder: order.NewOrder{Email: sh.email, Name: sh.name, Phone: sh.phone, ShippingAddress: sh.addr},
			Items:    items, Shipping: money.New(495, "EUR"), ConversationID: "conv-" + sh.email})
	}
	if sh.declinedFirst {
		o, err := place()
		if err != nil {
			return o, err
		}
		if _, _, err := s.orders.MarkPaymentFailed(context.Background(), o.Number); err != nil {
			return o, err
		}
	}
	o, err := place()
	if err != nil {
		return o, err
	}
	f := order.PaymentFacts{CardFingerprint: sh.card, CardCountry: sh.billing, BillingCountry: sh.billing, RiskScore: -1, RiskLevel: sh.gatewayLevel}
	// The gateway's webhook arrives without the shopper's client address.
	_, paid, err := s.orders.MarkPaidWith(context.Background(), o.Number, f)
	return paid, err
}

var places = map[string][]struct{ city, postcode, street string }{
	"NL": {{"Amsterdam", "1015 CS", "Keizersgracht"}, {"Utrecht", "3511 LK", "Oudegracht"}, {"Rotterdam", "3011 AD", "Coolsingel"}},
	"MY": {{"Kuala Lumpur", "50450", "Jalan Ampang"}, {"George Town", "10200", "Lebuh Chulia"}, {"Johor Bahru", "80000", "Jalan Wong Ah Fook"}},
	"NO": {{"Oslo", "0154", "Karl Johans gate"}, {"Bergen", "5003", "Bryggen"}, {"Trondheim", "7011", "Munkegata"}},
	"CN": {{"Shanghai", "200001", "Nanjing Road"}, {"Beijing", "100006", "Wangfujing Street"}, {"Shenzhen", "518000", "Shennan Road"}},
	"AM": {{"Yerevan", "0010", "Abovyan St"}, {"Gyumri", "3101", "Rustaveli St"}, {"Vanadzor", "2001", "Tigran Mets Ave"}},
	"GB": {{"London", "SW1A 1AA", "Baker Street"}, {"Manchester", "M1 1AE", "Deansgate"}, {"Edinburgh", "EH1 1YZ", "Royal Mile"}},
}

var names = map[string][]string{
	"NL": {"Sanne de Vries", "Daan Jansen", "Emma Bakker", "Lucas Visser", "Julia Smit", "Sem de Boer"},
	"MY": {"Nur Aisyah", "Muhammad Hafiz", "Tan Wei Ling", "Siti Nurhaliza", "Lim Chee Keong", "Priya Ramasamy"},
	"NO": {"Ingrid Hansen", "Ola Nordmann", "Kari Johansen", "Lars Olsen", "Nora Berg", "Jakob Larsen"},
	"CN": {"Wang Fang", "Li Wei", "Zhang Min", "Liu Yang", "Chen Jing", "Zhao Lei"},
	"AM": {"Anahit Petrosyan", "Aram Hovhannisyan", "Narine Sargsyan", "Tigran Grigoryan", "Lilit Harutyunyan", "Davit Khachatryan"},
	"GB": {"Olivia Smith", "Oliver Jones", "Amelia Taylor", "Harry Brown", "Isla Wilson", "George Evans"},
}

var callingCode = map[string]string{"NL": "+31", "MY": "+60", "NO": "+47", "CN": "+86", "AM": "+374", "GB": "+44"}

var countries = []string{"NL", "MY", "NO", "CN", "AM", "GB"}

var mailDomains = []string{"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me", "qq.com", "mail.ru"}

// ordinaryShoppers are n people who shop the way people do: one order each
// (a few come back), ordinary baskets, mostly their own network address but
// some behind the same mobile-carrier or office address, now and then a
// card or phone from another country than the parcel goes to.
func ordinaryShoppers(n int, rng *rand.Rand) []shopper {
	var out []shopper
	shared := []string{"100.64.0.1", "100.64.0.2", "100.64.7.9", "203.0.113.50"} // carrier NAT and an office
	for i := 0; i < n; i++ {
		c := countries[rng.IntN(len(countries))]
		p := places[c][rng.IntN(len(places[c]))]
		name := names[c][rng.IntN(len(names[c]))]
		local := strings.ToLower(strings.ReplaceAll(name, " ", "."))
		sh := shopper{
			email:   fmt.Sprintf("%s%d@%s", local, i, mailDomains[rng.IntN(len(mailDomains))]),
			name:    name,
			client:  fmt.Sprintf("198.51.%d.%d", i/250, i%250+1),
			card:    fmt.Sprintf("fp_%06d", i),
			billing: c,
			addr:    address.Address{Name: name, Line1: fmt.Sprintf("%s %d", p.street, 1+rng.IntN(200)), PostalCode: p.postcode, City: p.city, Country: c},
			lines:   map[string]int{},
		}
		if rng.IntN(5) == 0 {
			sh.client = shared[rng.IntN(len(shared))]
		}
		if rng.IntN(20) == 0 {
			sh.declinedFirst = true // a typo in the card number, a bank's hiccup
		}
		if rng.IntN(3) == 0 {
			sh.phone = fmt.Sprintf("%s %d", callingCode[c], 600000000+rng.IntN(99999999))
		}
		if rng.IntN(20) == 0 { // an expat's card from home
			sh.billing = countries[rng.IntN(len(countries))]
		}
		if rng.IntN(40) == 0 { // a phone number from home
			o := countries[rng.IntN(len(countries))]
			sh.phone = fmt.Sprintf("%s %d", callingCode[o], 600000000+rng.IntN(99999999))
		}
		basket := []string{"SOCK-M", "TEE-M", "JEANS-32", "BOOTS-42", "COAT-M"}
		for k := 0; k < 1+rng.IntN(3); k++ {
			sh.lines[basket[rng.IntN(len(basket))]] += 1
		}
		if rng.IntN(50) == 0 {
			sh.lines["WATCH-1"] = 1 // a treat: a dear first order
		}
		out = append(out, sh)
		if rng.IntN(25) == 0 { // comes back later the same day, same card
			again := sh
			again.lines = map[string]int{"SOCK-M": 2}
			out = append(out, again)
		}
	}
	return out
}

// fraudBurst is one client address trying stolen cards with throw-away
// e-mails on dear orders, shipping to one drop address.
func fraudBurst(n int) []shopper {
	var out []shopper
	domains := []string{"mailinator.com", "yopmail.com", "guerrillamail.com", "sharklasers.com"}
	for i := 0; i < n; i++ {
		out = append(out, shopper{
			email: fmt.Sprintf("buyer%d@%s", i, domains[i%len(domains)]), name: fmt.Sprintf("J Smith %d", i),
			client: "192.0.2.66", card: fmt.Sprintf("fp_stolen_%d", i), billing: "US",
			addr:  address.Address{Name: "J Smith", Line1: "Unit 4, 12 Dock Road", PostalCode: "E16 1AA", City: "London", Country: "GB"},
			lines: map[string]int{"WATCH-1": 1, "COAT-M": 1},
		})
	}
	return out
}

// TestScreening_FraudBurstHeldOrdinaryShoppersNot measures the false
// positives of the default thresholds on ordinary shoppers and checks that a
// clearly fraudulent burst is held.
func TestScreening_FraudBurstHeldOrdinaryShoppersNot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newShop(t, db)
		rng := rand.New(rand.NewPCG(15, 2026))
		ordinary := ordinaryShoppers(500, rng)
		levels := map[string]int{}
		var elevatedWhy []string
		for _, sh := range ordinary {
			o, err := s.buy(t, sh)
			if err != nil {
				t.Fatalf("ordinary shopper %s: %v", sh.email, err)
			}
			levels[o.Risk.Level]++
			if o.Status != order.StatusConfirmed {
				t.Errorf("ordinary order %s is %s (%v), want confirmed", o.Number, o.Status, o.Risk.Reasons)
			}
			if o.Risk.Level != risk.Low && len(elevatedWhy) < 8 {
				elevatedWhy = append(elevatedWhy, strings.Join(o.Risk.Reasons, "; "))
			}
		}
		t.Logf("ordinary shoppers: %d orders: low %d, elevated %d, high %d", len(ordinary), levels[risk.Low], levels[risk.Elevated], levels[risk.High])
		for _, w := range elevatedWhy {
			t.Logf("  elevated because: %s", w)
		}
		if levels[risk.High] != 0 {
			t.Errorf("%d ordinary orders rated high, want 0", levels[risk.High])
		}
		if e := levels[risk.Elevated]; e*100 > len(ordinary)*10 {
			t.Errorf("%d of %d ordinary orders elevated, want under 10%%", e, len(ordinary))
		}

		held, blocked := 0, 0
		burst := fraudBurst(12)
		for _, sh := range burst {
			o, err := s.buy(t, sh)
			switch {
			case errors.Is(err, order.ErrBlocked):
				blocked++
			case err != nil:
				t.Fatalf("burst order: %v", err)
			case o.Status == order.StatusOnHold:
				held++
				if o.Risk.Level != risk.High || len(o.Risk.Reasons) == 0 {
					t.Errorf("held order %s risk %+v, want high with reasons", o.Number, o.Risk)
				}
			default:
				t.Errorf("burst order %s is %s, risk %+v; want on_hold", o.Number, o.Status, o.Risk)
			}
		}
		t.Logf("fraudulent burst: %d orders: on hold %d, refused %d", len(burst), held, blocked)
		if held+blocked != len(burst) || held == 0 {
			t.Errorf("burst: %d held and %d refused of %d", held, blocked, len(burst))
		}
		queue, err := s.orders.List(context.Background(), order.Filter{Status: order.StatusOnHold, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) != held {
			t.Errorf("review queue has %d orders, want %d", len(queue), held)
		}
	})
}

func TestReview_DecidesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newShop(t, db)
		var held []*order.Order
		for _, sh := range fraudBurst(3) {
			o, err := s.buy(t, sh)
			if err != nil || o.Status != order.StatusOnHold {
				t.Fatalf("burst order: %v %+v", err, o)
			}
			held = append(held, o)
		}
		stock := func() int {
			v, err := s.cat.Variant(ctx, "WATCH-1")
			if err != nil {
				t.Fatal(err)
			}
			return v.Stock
		}
		before := stock()
		tests := []struct {
			decision   string
			status     string
			payment    string
			stockAfter int
		}{
			{order.Approve, order.StatusConfirmed, order.PaymentPaid, before},
			{order.Reject, order.StatusCancelled, order.PaymentRefunded, before + 1},
		}
		for i, tt := range tests {
			o, err := s.orders.Review(ctx, held[i].Number, tt.decision)
			if err != nil {
				t.Fatalf("%s: %v", tt.decision, err)
			}
			if o.Status != tt.status || o.PaymentStatus != tt.payment {
				t.Errorf("%s: order is %s/%s, want %s/%s", tt.decision, o.Status, o.PaymentStatus, tt.status, tt.payment)
			}
			if s.told[o.Number] != map[string]string{order.Approve: "approved", order.Reject: "rejected"}[tt.decision] {
				t.Errorf("%s: conversation heard %q", tt.decision, s.told[o.Number])
			}
			// The same or the other decision again changes nothing.
			for _, again := range []string{order.Approve, order.Reject} {
				delete(s.told, o.Number)
				o2, err := s.orders.Review(ctx, held[i].Number, again)
				if !errors.Is(err, order.ErrNotOnHold) {
					t.Errorf("second decision %s after %s: err %v, want ErrNotOnHold", again, tt.decision, err)
				}
				if o2 == nil || o2.Status != tt.status {
					t.Errorf("second decision moved the order: %+v", o2)
				}
				if s.told[o.Number] != "" {
					t.Errorf("second decision told the conversation %q", s.told[o.Number])
				}
			}
			if got := stock(); got != tt.stockAfter {
				t.Errorf("after %s stock is %d, want %d", tt.decision, got, tt.stockAfter)
			}
		}
		if n := s.refunds.n.Load(); n != 1 {
			t.Errorf("%d refunds, want 1", n)
		}
		if _, err := s.orders.Review(ctx, held[2].Number, "maybe"); !errors.Is(err, order.ErrInvalid) {
			t.Errorf("decision maybe: %v, want ErrInvalid", err)
		}
	})
}

// BenchmarkScreenedCheckout is a chat order placed and paid with the fraud
// checks on (both screenings), to set against payment's BenchmarkCheckout.
func BenchmarkScreenedCheckout(b *testing.B) {
	for _, d := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		b.Run(d.name, func(b *testing.B) {
			s := newShop(b, storetest.Open(b, d.dsn(b)))
			rng := rand.New(rand.NewPCG(1, 2))
			shoppers := ordinaryShoppers(b.N, rng)
			b.ResetTimer()
			for _, sh := range shoppers[:b.N] {
				if _, err := s.buy(b, sh); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
