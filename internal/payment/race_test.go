package payment_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// 200 shoppers race to check out the last 10 units: exactly 10 orders are
// paid, nobody else is charged, and stock ends at zero, on both databases.
func TestCheckout_200RacersFor10Units(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		price := money.MustParse("59.00", "EUR")
		p := &catalog.Product{Handle: "last-ten", Title: "Last Ten Sneaker", Status: "active",
			Variants: []catalog.Variant{{SKU: "LAST-10", Price: price, Stock: 10}}}
		if _, err := db.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		cat := catalog.NewService(db)
		orders := order.NewService(db, cat)
		pays := payment.NewService(db, payment.TestGateway{}, orders)
		var paidHooks sync.Map
		pays.OnPaid = func(_ context.Context, o *order.Order) {
			if _, dup := paidHooks.LoadOrStore(o.Number, true); dup {
				t.Errorf("order %s confirmed twice", o.Number)
			}
		}
		addr := address.Address{Name: "R", Line1: "Street 1", PostalCode: "1011 AA", City: "Amsterdam", Country: "NL"}
		var wg sync.WaitGroup
		var mu sync.Mutex
		paid, soldOut := 0, 0
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				o, err := orders.PlaceCheckout(ctx, order.Checkout{
					NewOrder: order.NewOrder{Email: fmt.Sprintf("racer%d@example.com", i), ShippingAddress: addr, IdempotencyKey: fmt.Sprintf("race-%d", i)},
					Items:    []order.Item{{SKU: "LAST-10", Title: "Last Ten Sneaker", Quantity: 1, UnitPrice: price}},
					Discount: money.New(0, "EUR"), Shipping: money.New(0, "EUR")})
				if errors.Is(err, catalog.ErrOutOfStock) {
					mu.Lock()
					soldOut++
					mu.Unlock()
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				pay, err := pays.Start(ctx, o, "http://shop.test")
				if err != nil {
					t.Error(err)
					return
				}
				// Every winner double-taps "pay".
				for k := 0; k < 2; k++ {
					if _, err := pays.Complete(ctx, pay.Reference, true, ""); err != nil {
						t.Error(err)
						return
					}
				}
				mu.Lock()
				paid++
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		if paid != 10 || soldOut != 190 {
			t.Errorf("paid %d, sold out %d; want 10 and 190", paid, soldOut)
		}
		n := 0
		paidHooks.Range(func(_, _ any) bool { n++; return true })
		if n != 10 {
			t.Errorf("%d confirmations, want 10", n)
		}
		v, _ := db.VariantBySKU(ctx, "LAST-10")
		if v.Stock != 0 {
			t.Errorf("stock = %d, want 0", v.Stock)
		}
		all, _ := db.ListOrders(ctx, order.Filter{Limit: 1000})
		paidOrders := 0
		for _, o := range all {
			if o.PaymentStatus == order.PaymentPaid {
				paidOrders++
			}
		}
		if len(all) != 10 || paidOrders != 10 {
			t.Errorf("%d orders, %d paid; want 10 and 10", len(all), paidOrders)
		}
	})
}

func TestPayment_FailureReleasesStockAndWebhookTwiceIsIgnored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		price := money.MustParse("10.00", "EUR")
		db.UpsertProduct(ctx, &catalog.Product{Handle: "cap", Title: "Cap", Status: "active", Variants: []catalog.Variant{{SKU: "CAP", Price: price, Stock: 1}}})
		orders := order.NewService(db, catalog.NewService(db))
		pays := payment.NewService(db, payment.TestGateway{}, orders)
		addr := address.Address{Name: "R", Line1: "Street 1", PostalCode: "1011 AA", City: "Amsterdam", Country: "NL"}
		place := func(key string) *order.Order {
			o, err := orders.PlaceCheckout(ctx, order.Checkout{NewOrder: order.NewOrder{Email: "a@example.com", ShippingAddress: addr, IdempotencyKey: key},
				Items: []order.Item{{SKU: "CAP", Title: "Cap", Quantity: 1, UnitPrice: price}}, Discount: money.New(0, "EUR"), Shipping: money.New(0, "EUR")})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		o := place("k1")
		p, _ := pays.Start(ctx, o, "http://x")
		if _, err := pays.Complete(ctx, p.Reference, false, "evt_1"); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.VariantBySKU(ctx, "CAP"); v.Stock != 1 {
			t.Fatalf("stock after failed payment = %d, want 1", v.Stock)
		}
		o2 := place("k2")
		p2, _ := pays.Start(ctx, o2, "http://x")
		for i := 0; i < 3; i++ { // the same webhook event delivered three times
			if _, err := pays.Complete(ctx, p2.Reference, true, "evt_2"); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := db.OrderByNumber(ctx, o2.Number)
		if got.PaymentStatus != "paid" {
			t.Fatalf("order = %+v", got)
		}
		// A late success for the failed order must not resurrect it.
		if _, err := pays.Complete(ctx, p.Reference, true, "evt_3"); !errors.Is(err, order.ErrReservationExpired) {
			t.Fatalf("late success: %v", err)
		}
	})
}

// BenchmarkCheckout measures one whole checkout: order with stock reserved,
// payment started and confirmed. Run with SHOPKEEPER_TEST_POSTGRES set to
// include PostgreSQL.
func BenchmarkCheckout(b *testing.B) {
	for _, d := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		b.Run(d.name, func(b *testing.B) {
			db := storetest.Open(b, d.dsn(b))
			ctx := context.Background()
			price := money.MustParse("25.00", "EUR")
			db.UpsertProduct(ctx, &catalog.Product{Handle: "bench", Title: "Bench Tee", Status: "active",
				Variants: []catalog.Variant{{SKU: "BENCH", Price: price, Stock: 1 << 30}}})
			orders := order.NewService(db, catalog.NewService(db))
			pays := payment.NewService(db, payment.TestGateway{}, orders)
			addr := address.Address{Name: "R", Line1: "Street 1", PostalCode: "1011 AA", City: "Amsterdam", Country: "NL"}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					o, err := orders.PlaceCheckout(ctx, order.Checkout{
						NewOrder: order.NewOrder{Email: "bench@example.com", ShippingAddress: addr},
						Items:    []order.Item{{SKU: "BENCH", Title: "Bench Tee", Quantity: 1, UnitPrice: price}},
						Discount: money.New(0, "EUR"), Shipping: money.New(0, "EUR")})
					if err != nil {
						b.Error(err)
						return
					}
					p, err := pays.Start(ctx, o, "http://x")
					if err != nil {
						b.Error(err)
						return
					}
					if _, err := pays.Complete(ctx, p.Reference, true, ""); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
