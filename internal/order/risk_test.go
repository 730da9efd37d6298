package order_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// screener rates every order at placement as told and fails at payment
// when asked to.
type screener struct {
	placed   order.Risk
	paid     order.Risk
	failPaid bool
}

func (s screener) Screen(_ context.Context, _ *order.Order, stage string, _ order.PaymentFacts) (order.Risk, error) {
	if stage == order.StagePlaced {
		return s.placed, nil
	}
	if s.failPaid {
		return order.Risk{}, errors.New("database went away")
	}
	return s.paid, nil
}

func TestMarkPaidWith_OutcomeOfTheChecks(t *testing.T) {
	low := order.Risk{Level: order.RiskLow, Reasons: []string{}}
	high := order.Risk{Level: order.RiskHigh, Reasons: []string{"disposable e-mail domain"}, Outcome: "hold"}
	tests := []struct {
		name       string
		sc         screener
		placeErr   error
		status     string
		level      string
		stockTaken bool
	}{
		{"low risk is confirmed", screener{placed: low, paid: low}, nil, order.StatusConfirmed, order.RiskLow, true},
		{"high risk at payment is held", screener{placed: low, paid: high}, nil, order.StatusOnHold, order.RiskHigh, true},
		{"checks failing at payment hold the order", screener{placed: low, failPaid: true}, nil, order.StatusOnHold, order.RiskHigh, true},
		{"blocked at placement is cancelled with its stock back", screener{placed: order.Risk{Level: order.RiskHigh, Outcome: order.OutcomeBlock}}, order.ErrBlocked, order.StatusCancelled, order.RiskHigh, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				f := newFixture(t, db)
				f.orders.UseScreening(tt.sc, nil, nil)
				sku := f.sku(t)
				v, _ := f.cat.Variant(ctx, sku)
				o, err := f.orders.PlaceCheckout(ctx, order.Checkout{
					NewOrder: order.NewOrder{Email: "ann@example.com", Name: "Ann",
						ShippingAddress: address.Address{Name: "Ann", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}},
					Items: []order.Item{{SKU: sku, Title: "x", Quantity: 1, UnitPrice: v.Price}}, Shipping: money.New(0, v.Price.Currency)})
				if !errors.Is(err, tt.placeErr) {
					t.Fatalf("place: %v, want %v", err, tt.placeErr)
				}
				if err == nil {
					if _, _, err := f.orders.MarkPaidWith(ctx, o.Number, order.NoFacts); err != nil {
						t.Fatal(err)
					}
				}
				got, err := f.orders.ByNumber(ctx, o.Number)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tt.status || got.Risk.Level != tt.level {
					t.Errorf("order %s, risk %+v; want %s, %s", got.Status, got.Risk, tt.status, tt.level)
				}
				after, _ := f.cat.Variant(ctx, sku)
				if taken := after.Stock == v.Stock-1; taken != tt.stockTaken {
					t.Errorf("stock %d → %d, taken %v, want %v", v.Stock, after.Stock, taken, tt.stockTaken)
				}
			})
		})
	}
}
