package payment_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// otherGateway stands in for a real gateway the shop switched to.
type otherGateway struct{}

func (otherGateway) Name() string { return "other" }
func (otherGateway) Start(_ context.Context, r payment.Request) (string, string, error) {
	return "other_" + r.Token, "https://pay.example/" + r.Token, nil
}

// An order whose payment started on the test gateway gets a new attempt at
// the gateway configured now, never the old test page again; without any
// gateway no payment starts at all.
func TestStart_NeverReusesAnAttemptAtAnotherGateway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		price := money.MustParse("20.00", "EUR")
		if _, err := db.UpsertProduct(ctx, &catalog.Product{Handle: "g", Title: "G", Status: "active",
			Variants: []catalog.Variant{{SKU: "G-1", Price: price, Stock: 5}}}); err != nil {
			t.Fatal(err)
		}
		orders := order.NewService(db, catalog.NewService(db))
		o, err := orders.PlaceCheckout(ctx, order.Checkout{
			NewOrder: order.NewOrder{Email: "g@example.com", IdempotencyKey: "g-1",
				ShippingAddress: address.Address{Name: "G", Line1: "Street 1", PostalCode: "1011 AA", City: "Amsterdam", Country: "NL"}},
			Items:    []order.Item{{SKU: "G-1", Title: "G", Quantity: 1, UnitPrice: price}},
			Discount: money.New(0, "EUR"), Shipping: money.New(0, "EUR")})
		if err != nil {
			t.Fatal(err)
		}
		test, err := payment.NewService(db, payment.TestGateway{}, orders).Start(ctx, o, "https://shop.example.com")
		if err != nil || test.Gateway != "test" {
			t.Fatalf("test start = %+v, %v", test, err)
		}
		other := payment.NewService(db, otherGateway{}, orders)
		p, err := other.Start(ctx, o, "https://shop.example.com")
		if err != nil || p.Gateway != "other" || !strings.HasPrefix(p.URL, "https://pay.example/") {
			t.Fatalf("after switching: %+v, %v; want a new attempt at the other gateway", p, err)
		}
		again, err := other.Start(ctx, o, "https://shop.example.com")
		if err != nil || again.Token != p.Token {
			t.Fatalf("asking again = %+v, %v; want the same attempt", again, err)
		}
		none := payment.NewService(db, nil, orders)
		if _, err := none.Start(ctx, o, "https://shop.example.com"); !errors.Is(err, payment.ErrNoGateway) || none.Gateway() != "" {
			t.Fatalf("no gateway: %v, %q", err, none.Gateway())
		}
		if ms, err := none.Methods(ctx, 1); err != nil || len(ms) != 0 {
			t.Fatalf("no gateway methods = %v, %v", ms, err)
		}
	})
}
