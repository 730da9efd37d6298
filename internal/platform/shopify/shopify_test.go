package shopify_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/shopify"
	"github.com/shopkeeper/shopkeeper/internal/platform/shopify/shopifytest"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const (
	secret = "shpss_test_webhook_secret"
	token  = "shpat_test_token"
)

type rig struct {
	db      *store.DB
	cat     *catalog.Service
	orders  *order.Service
	svc     *platform.Service
	up      *shopifytest.Server
	webhook http.Handler
}

func newRig(t testing.TB, dsn string) *rig {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	up := shopifytest.New(token)
	t.Cleanup(up.Close)
	cat := catalog.NewService(db)
	orders := order.NewService(db, cat)
	svc := platform.New(shopify.New(config.Shopify{APIURL: up.APIURL(), Token: token}, "EUR"), db, cat, orders)
	return &rig{db: db, cat: cat, orders: orders, svc: svc, up: up, webhook: shopify.Webhook(secret, svc)}
}

func eachDB(t *testing.T, fn func(t *testing.T, r *rig)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) { fn(t, newRig(t, dsn(t))) })
	}
}

func (r *rig) send(t *testing.T, req *http.Request) int {
	t.Helper()
	rec := httptest.NewRecorder()
	r.webhook.ServeHTTP(rec, req)
	return rec.Code
}

func (r *rig) process(t *testing.T) int {
	t.Helper()
	n, err := r.svc.ProcessEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (r *rig) product(t *testing.T, handle string) *catalog.Product {
	t.Helper()
	p, err := r.db.ProductByHandle(context.Background(), handle)
	if err != nil {
		t.Fatalf("product %s: %v", handle, err)
	}
	return p
}

func TestWebhook_SignatureDecidesWhetherAnythingChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		p := shopifytest.Product(7001, "zephyr-rain-jacket", "Zephyr Rain Jacket", "Rain Jackets", "89.00", 5, "M", "L")
		for _, c := range []struct {
			name string
			req  *http.Request
			want int
		}{
			{"wrong secret", shopifytest.Webhook("not-the-secret", "products/create", "e-1", p), http.StatusUnauthorized},
			{"no signature", func() *http.Request {
				q := shopifytest.Webhook(secret, "products/create", "e-2", p)
				q.Header.Del("X-Shopify-Hmac-Sha256")
				return q
			}(), http.StatusUnauthorized},
			{"body changed after signing", func() *http.Request {
				good := shopifytest.Webhook(secret, "products/create", "e-3", p)
				q := shopifytest.Webhook(secret, "products/create", "e-3", shopifytest.Product(7001, "zephyr-rain-jacket", "Zephyr Rain Jacket", "Rain Jackets", "1.00", 5, "M"))
				q.Header.Set("X-Shopify-Hmac-Sha256", good.Header.Get("X-Shopify-Hmac-Sha256"))
				return q
			}(), http.StatusUnauthorized},
		} {
			if got := r.send(t, c.req); got != c.want {
				t.Errorf("%s: %d, want %d", c.name, got, c.want)
			}
		}
		if n := r.process(t); n != 0 {
			t.Fatalf("%d events applied after refused deliveries", n)
		}
		if _, err := r.db.ProductByHandle(context.Background(), "zephyr-rain-jacket"); err == nil {
			t.Fatal("a refused webhook created a product")
		}
		if st, _ := r.svc.Status(context.Background()); st.EventsPending != 0 || st.LastEventAt != nil {
			t.Fatalf("refused deliveries were stored: %+v", st)
		}

		if got := r.send(t, shopifytest.Webhook(secret, "products/create", "e-4", p)); got != http.StatusOK {
			t.Fatalf("good signature: %d", got)
		}
		if n := r.process(t); n != 1 {
			t.Fatalf("%d events applied, want 1", n)
		}
		got := r.product(t, "zephyr-rain-jacket")
		if got.Title != "Zephyr Rain Jacket" || len(got.Variants) != 2 || got.Variants[0].SKU != "ZEPHYR-RAIN-JACKET-M" ||
			got.Variants[0].Price.Amount != 8900 || got.Variants[0].Stock != 5 || got.Variants[0].Options["Size"] != "M" {
			t.Fatalf("stored %+v", got)
		}
	})
}

func TestWebhook_RepeatedEventIDIsAppliedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		p := shopifytest.Product(7002, "alpine-beanie", "Alpine Beanie", "Hats", "19.00", 10)
		r.send(t, shopifytest.Webhook(secret, "products/create", "ev-1", p))
		r.process(t)
		// The same stock event delivered three times (Shopify retries and
		// may send one event under several webhook ids) while the shop
		// sells in between: applied once, the later sale is kept.
		lvl := shopifytest.InventoryLevel(7002*1000, 55, 7)
		for i := 0; i < 3; i++ {
			if code := r.send(t, shopifytest.Webhook(secret, "inventory_levels/update", "ev-2", lvl)); code != http.StatusOK {
				t.Fatalf("delivery %d: %d", i, code)
			}
			if i == 0 {
				if n := r.process(t); n != 1 {
					t.Fatalf("first delivery applied %d", n)
				}
				if err := r.db.AdjustStock(ctx, "ALPINE-BEANIE", -1); err != nil {
					t.Fatal(err)
				}
			}
		}
		if n := r.process(t); n != 0 {
			t.Fatalf("repeated deliveries applied %d more times", n)
		}
		if got := r.product(t, "alpine-beanie").Variants[0].Stock; got != 6 {
			t.Fatalf("stock %d, want 6 (7 upstream, then one sold; repeats change nothing)", got)
		}
		st, _ := r.svc.Status(ctx)
		if st.EventsApplied != 2 || st.EventsPending != 0 {
			t.Fatalf("status %+v", st)
		}
	})
}

func TestSync_UpstreamStockLessWhatUnpaidChatOrdersHold(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		r.send(t, shopifytest.Webhook(secret, "products/create", "a", shopifytest.Product(7003, "trail-sock", "Trail Sock", "Socks", "9.50", 10)))
		r.process(t)
		o, err := r.orders.Place(ctx, order.NewOrder{Email: "ana@example.com", Lines: []order.Line{{SKU: "TRAIL-SOCK", Quantity: 3}},
			ShippingAddress: address.Address{Name: "Ana de Vries", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
		if err != nil {
			t.Fatal(err)
		}
		// Upstream still says 10 (it knows nothing of our unpaid order):
		// we may sell 7, not 10.
		r.send(t, shopifytest.Webhook(secret, "inventory_levels/update", "b", shopifytest.InventoryLevel(7003*1000, 1, 10)))
		r.process(t)
		if got := r.product(t, "trail-sock").Variants[0].Stock; got != 7 {
			t.Fatalf("stock %d with 3 held by an unpaid order, want 7", got)
		}
		// The order expires: its 3 come back, and upstream's 10 stands.
		if _, _, err := r.orders.MarkPaymentFailed(ctx, o.Number); err != nil {
			t.Fatal(err)
		}
		if got := r.product(t, "trail-sock").Variants[0].Stock; got != 10 {
			t.Fatalf("stock %d after release, want 10", got)
		}
		// A second location's level adds to the first.
		r.send(t, shopifytest.Webhook(secret, "inventory_levels/update", "c", shopifytest.InventoryLevel(7003*1000, 2, 4)))
		r.process(t)
		if got := r.product(t, "trail-sock").Variants[0].Stock; got != 14 {
			t.Fatalf("stock %d over two locations, want 14", got)
		}
	})
}

func TestSync_FullSyncCreatesUpdatesAndArchivesWhatUpstreamDeleted(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		for i := int64(1); i <= 60; i++ {
			r.up.AddProduct(shopifytest.Product(8000+i, "item-"+itoa(i), "Item "+itoa(i), "Bags", "25.00", int(i), "S", "M"))
		}
		sum, err := r.svc.FullSync(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Products != 60 || sum.Variants != 120 || sum.Created != 60 {
			t.Fatalf("first sync %+v", sum)
		}
		r.up.RemoveProduct(8001)
		changed := shopifytest.Product(8002, "item-2", "Item 2 Renamed", "Bags", "30.00", 0, "S", "M")
		r.up.AddProduct(changed)
		sum, err = r.svc.FullSync(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Products != 59 || sum.Updated != 1 || sum.Archived != 1 {
			t.Fatalf("second sync %+v", sum)
		}
		if got := r.product(t, "item-1").Status; got != catalog.StatusArchived {
			t.Fatalf("deleted upstream, status %q", got)
		}
		if p := r.product(t, "item-2"); p.Title != "Item 2 Renamed" || p.Variants[0].Price.Amount != 3000 || p.InStock() {
			t.Fatalf("updated product %+v", p)
		}
		res, err := r.cat.Search(ctx, catalog.Query{Text: "item 1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Products {
			if p.Handle == "item-1" {
				t.Fatal("an archived product is still found")
			}
		}
		st, _ := r.svc.Status(ctx)
		if st.LastSyncAt == nil || st.Products != 59 || st.Archived != 1 {
			t.Fatalf("status %+v", st)
		}
	})
}

func TestSync_DeleteWebhookRemovesProductFromSearchAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		r.cat.Freshness = time.Hour // only an explicit rebuild may show the change
		r.send(t, shopifytest.Webhook(secret, "products/create", "1", shopifytest.Product(7010, "lunar-tote", "Lunar Tote", "Bags", "35.00", 4)))
		r.process(t)
		found := func() bool {
			res, err := r.cat.Search(ctx, catalog.Query{Text: "lunar tote"})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.Products {
				if p.Handle == "lunar-tote" {
					return true
				}
			}
			return false
		}
		if !found() {
			t.Fatal("created product not found")
		}
		r.send(t, shopifytest.Webhook(secret, "products/delete", "2", map[string]any{"id": 7010}))
		r.process(t)
		if found() {
			t.Fatal("product deleted upstream still found")
		}
	})
}

func TestOrders_PaidOrderCreatedUpstreamOnceDespiteFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		clock := time.Now()
		r.svc.Now = func() time.Time { return clock }
		r.up.AddProduct(shopifytest.Product(7020, "nimbus-runner", "Nimbus Runner", "Running Shoes", "120.00", 8, "42", "43"))
		if _, err := r.svc.FullSync(ctx, nil); err != nil {
			t.Fatal(err)
		}
		o, err := r.orders.Place(ctx, order.NewOrder{Email: "ana@example.com", Paid: true, Lines: []order.Line{{SKU: "NIMBUS-RUNNER-43", Quantity: 2}},
			ShippingAddress: address.Address{Name: "Ana de Vries", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
		if err != nil {
			t.Fatal(err)
		}
		r.svc.OrderPaid(ctx, o)
		r.svc.OrderPaid(ctx, o) // a second payment notice queues nothing more
		r.up.FailNext(1)
		if n, _ := r.svc.PushOrders(ctx); n != 0 {
			t.Fatalf("created %d while upstream was down", n)
		}
		if st, _ := r.svc.Status(ctx); st.OrdersPending != 1 || st.LastError == "" {
			t.Fatalf("after a failure: %+v", st)
		}
		if n, _ := r.svc.PushOrders(ctx); n != 0 {
			t.Fatal("retried before its backoff")
		}
		clock = clock.Add(time.Minute)
		if n, err := r.svc.PushOrders(ctx); n != 1 || err != nil {
			t.Fatalf("retry created %d: %v", n, err)
		}
		clock = clock.Add(time.Hour)
		r.svc.PushOrders(ctx)
		got := r.up.Orders()
		if len(got) != 1 || len(got[0].LineItems) != 1 || got[0].LineItems[0].SKU != "NIMBUS-RUNNER-43" ||
			got[0].LineItems[0].Quantity != 2 || got[0].LineItems[0].VariantID != "gid://shopify/ProductVariant/702001" ||
			got[0].SourceIdentifier != o.Number {
			t.Fatalf("upstream orders %+v", got)
		}
		// A fulfilment of that order upstream reaches ours.
		ful := map[string]any{"id": 255858046, "order_id": idOf(got[0].ID), "status": "success", "tracking_company": "DHL",
			"tracking_number": "JD014600004123456789", "tracking_numbers": []string{"JD014600004123456789"}, "tracking_url": "https://www.dhl.com/track"}
		r.send(t, shopifytest.Webhook(secret, "fulfillments/create", "f-1", ful))
		r.send(t, shopifytest.Webhook(secret, "orders/fulfilled", "f-2", map[string]any{"id": idOf(got[0].ID), "fulfillments": []any{ful}}))
		r.process(t)
		after, _ := r.orders.ByNumber(ctx, o.Number)
		if after.Status != order.StatusShipped || len(after.Shipments) != 1 || after.Shipments[0].TrackingNumber != "JD014600004123456789" || after.Shipments[0].Carrier != "DHL" {
			t.Fatalf("after fulfilment: %s %+v", after.Status, after.Shipments)
		}
		r.send(t, shopifytest.Webhook(secret, "refunds/create", "r-1", map[string]any{"id": 929361462, "order_id": idOf(got[0].ID),
			"transactions": []any{map[string]any{"kind": "refund", "status": "success", "amount": "240.00", "currency": "EUR"}}}))
		r.process(t)
		if after, _ := r.orders.ByNumber(ctx, o.Number); after.PaymentStatus != order.PaymentRefunded {
			t.Fatalf("after full refund: %s", after.PaymentStatus)
		}
	})
}

func idOf(gid string) int64 {
	var n int64
	for _, c := range gid[len("gid://shopify/Order/"):] {
		n = n*10 + int64(c-'0')
	}
	return n
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }

func TestSync_OneUnstorableProductCostsOnlyItself(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		// A product of ours from a CSV import already has this SKU.
		mine := catalog.Product{Handle: "own-bag", Title: "Own Bag", Variants: []catalog.Variant{{SKU: "TAKEN-S", Price: mustEUR(1000), Stock: 1}}}
		if _, err := r.db.UpsertProduct(ctx, &mine); err != nil {
			t.Fatal(err)
		}
		for i := int64(1); i <= 5; i++ {
			r.up.AddProduct(shopifytest.Product(8100+i, "ok-"+itoa(i), "Ok "+itoa(i), "Bags", "10.00", 1, "S"))
		}
		r.up.AddProduct(shopifytest.Product(8200, "taken", "Taken", "Bags", "10.00", 1, "S"))
		sum, err := r.svc.FullSync(ctx, nil)
		if err == nil || sum.Products != 5 || sum.Failed != 1 {
			t.Fatalf("sync %+v, %v; want 5 stored, 1 failed and an error", sum, err)
		}
		if p := r.product(t, "own-bag"); p.Title != "Own Bag" {
			t.Fatalf("our product was overwritten: %+v", p)
		}
		st, _ := r.svc.Status(ctx)
		if st.LastSyncAt == nil || st.Products != 5 || !strings.Contains(st.LastError, "taken") {
			t.Fatalf("status %+v", st)
		}
	})
}

func mustEUR(minor int64) money.Money { return money.New(minor, "EUR") }

func TestOrders_CancelledBeforeSendingIsDroppedNotSent(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		r.up.AddProduct(shopifytest.Product(7030, "fog-scarf", "Fog Scarf", "Scarves", "29.00", 5))
		if _, err := r.svc.FullSync(ctx, nil); err != nil {
			t.Fatal(err)
		}
		o, err := r.orders.Place(ctx, order.NewOrder{Email: "ana@example.com", Lines: []order.Line{{SKU: "FOG-SCARF", Quantity: 1}},
			ShippingAddress: address.Address{Name: "Ana de Vries", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
		if err != nil {
			t.Fatal(err)
		}
		r.svc.OrderPaid(ctx, o)
		if _, _, err := r.orders.MarkPaymentFailed(ctx, o.Number); err != nil {
			t.Fatal(err)
		}
		if n, err := r.svc.PushOrders(ctx); n != 0 || err != nil {
			t.Fatalf("pushed %d: %v", n, err)
		}
		st, _ := r.svc.Status(ctx)
		if len(r.up.Orders()) != 0 || st.OrdersPending != 0 || st.LastError != "" {
			t.Fatalf("upstream %+v, status %+v", r.up.Orders(), st)
		}
		if got := r.product(t, "fog-scarf").Variants[0].Stock; got != 5 {
			t.Fatalf("stock %d after the cancelled order, want 5", got)
		}
	})
}

func TestWebhook_BodyThatCannotBeStoredIsRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		for _, body := range [][]byte{[]byte("{\"id\":1,\"title\":\"a\x00b\"}"), {0xff, 0xfe, '{', '}'}} {
			if code := r.send(t, shopifytest.SignedRequest(secret, "products/create", "x", body)); code != http.StatusBadRequest {
				t.Errorf("%q: %d, want 400", body, code)
			}
		}
		if st, _ := r.svc.Status(context.Background()); st.EventsPending != 0 {
			t.Fatalf("stored: %+v", st)
		}
	})
}

func TestWebhook_AcceptedEventSurvivesACrash(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		r.send(t, shopifytest.Webhook(secret, "products/create", "crash-1", shopifytest.Product(7040, "ember-mug", "Ember Mug", "Mugs", "14.00", 9)))
		clock := time.Now()
		// An instance claims the event and dies before applying it.
		claimed, err := r.db.ClaimPlatformEvents(ctx, "shopify", clock, 2*time.Minute, 10)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		// After a restart the event is someone else's once the lease ends.
		cat := catalog.NewService(r.db)
		again := platform.New(shopify.New(config.Shopify{APIURL: r.up.APIURL(), Token: token}, "EUR"), r.db, cat, order.NewService(r.db, cat))
		again.Now = func() time.Time { return clock.Add(time.Minute) }
		if n, _ := again.ProcessEvents(ctx); n != 0 {
			t.Fatal("applied while another instance held the lease")
		}
		again.Now = func() time.Time { return clock.Add(3 * time.Minute) }
		if n, err := again.ProcessEvents(ctx); n != 1 || err != nil {
			t.Fatalf("after the lease: %d %v", n, err)
		}
		if p := r.product(t, "ember-mug"); p.Variants[0].Stock != 9 {
			t.Fatalf("product %+v", p)
		}
	})
}

func TestWebhook_ProductUpdateWithoutInventoryKeepsStock(t *testing.T) {
	eachDB(t, func(t *testing.T, r *rig) {
		p := shopifytest.Product(7050, "drift-cap", "Drift Cap", "Hats", "24.00", 6)
		r.send(t, shopifytest.Webhook(secret, "products/create", "u-1", p))
		r.process(t)
		p.Title, p.Variants[0].Price, p.Variants[0].InventoryQuantity = "Drift Cap II", "26.00", nil
		r.send(t, shopifytest.Webhook(secret, "products/update", "u-2", p))
		r.process(t)
		got := r.product(t, "drift-cap")
		if got.Title != "Drift Cap II" || got.Variants[0].Price.Amount != 2600 || got.Variants[0].Stock != 6 {
			t.Fatalf("after an update without inventory: %+v", got)
		}
	})
}
