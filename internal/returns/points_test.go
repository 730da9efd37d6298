package returns_test

import (
	"context"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// A refunded return takes back its share of the points the order earned
// (rounded down), once however often the parcel is scanned.
func TestReturns_RefundTakesBackItsShareOfPointsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 3)
		o := f.deliveredOrder(t) // 2 × 89.95 + 14.95 = 194.85
		if _, err := db.EarnPoints(ctx, o.CustomerID, o.ID, 1948); err != nil {
			t.Fatal(err)
		}
		r, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "too_small", Method: returns.MethodLabel})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := f.svc.Receive(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		// 1948 × 89.95 / 194.85 = 899.3: 899 go back.
		if got, _ := db.LoyaltyBalance(ctx, o.CustomerID); got != 1948-899 {
			t.Fatalf("balance after returning one shoe (scanned twice) = %d, want %d", got, 1948-899)
		}
	})
}
