package invoice

import (
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Points spent are a line of the invoice's totals, so they add up to the
// total paid; an order without points has no such line.
func TestRender_ListsLoyaltyPointsSpent(t *testing.T) {
	for _, points := range []int64{0, 500} {
		o := testOrder(order.PaymentPaid)
		o.LoyaltyPoints, o.LoyaltyDiscount = points, money.New(points, "EUR")
		o.Total = money.New(o.Total.Amount-points, "EUR")
		var asked []any
		if _, err := Render(o, Shop{Name: "Noordkaap"}, "en", time.Now(), func(k string, args ...any) string {
			if k == "loyalty.pdf.points" {
				asked = args
			}
			return k
		}); err != nil {
			t.Fatal(err)
		}
		if points == 0 && asked != nil || points > 0 && (len(asked) != 2 || asked[1] != points) {
			t.Errorf("%d points: points line asked with %v", points, asked)
		}
	}
}
