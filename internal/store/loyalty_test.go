package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/preference"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// pointsOrder is a paid order of ana@example.com with her customer id.
func pointsOrder(t *testing.T, db *store.DB, key string) *order.Order {
	t.Helper()
	ctx := context.Background()
	o := newOrder(key, 1)
	id, err := db.UpsertCustomer(ctx, o.Email, "Ana", "")
	if err != nil {
		t.Fatal(err)
	}
	o.CustomerID = id
	if err := db.CreateOrder(ctx, o); err != nil {
		t.Fatal(err)
	}
	return o
}

func balance(t *testing.T, db *store.DB, customerID int64) int64 {
	t.Helper()
	n, err := db.LoyaltyBalance(context.Background(), customerID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEarnPoints_OncePerOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 5))
		o := pointsOrder(t, db, "earn-1")
		for i, want := range []bool{true, false, false} {
			added, err := db.EarnPoints(ctx, o.CustomerID, o.ID, 89)
			if err != nil || added != want {
				t.Fatalf("award %d = %v, %v; want %v", i+1, added, err, want)
			}
		}
		if got := balance(t, db, o.CustomerID); got != 89 {
			t.Fatalf("balance after three awards of one order = %d, want 89", got)
		}
	})
}

// Spending takes the points in the order's own transaction, refuses more
// than the balance (placing nothing), and a cancelled order gives them back
// once however often it is cancelled; a refund takes earned points back.
func TestSpendPoints_RefusedBeyondBalanceRestoredOnCancelReversedOnRefund(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 5))
		first := pointsOrder(t, db, "spend-1")
		cust := first.CustomerID
		if _, err := db.EarnPoints(ctx, cust, first.ID, 500); err != nil {
			t.Fatal(err)
		}

		greedy := newOrder("spend-greedy", 1)
		greedy.CustomerID, greedy.Status, greedy.PaymentStatus = cust, order.StatusPending, order.PaymentPending
		greedy.LoyaltyPoints, greedy.LoyaltyDiscount = 501, money.New(501, "EUR")
		if err := db.CreateOrder(ctx, greedy); !errors.Is(err, order.ErrPoints) {
			t.Fatalf("spending 501 of 500 points = %v, want order.ErrPoints", err)
		}
		if got := stockOf(t, db, "aurora-42-blk"); got != 4 {
			t.Fatalf("stock after a refused order = %d, want 4 (nothing taken)", got)
		}

		spend := newOrder("spend-2", 1)
		spend.CustomerID, spend.Status, spend.PaymentStatus = cust, order.StatusPending, order.PaymentPending
		spend.LoyaltyPoints, spend.LoyaltyDiscount = 300, money.New(300, "EUR")
		spend.Total = money.New(spend.Total.Amount-300, "EUR")
		if err := db.CreateOrder(ctx, spend); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, db, cust); got != 200 {
			t.Fatalf("balance after spending 300 = %d, want 200", got)
		}
		read, err := db.OrderByNumber(ctx, spend.Number)
		if err != nil || read.LoyaltyPoints != 300 || read.LoyaltyDiscount.Amount != 300 {
			t.Fatalf("stored order = %+v, %v; want 300 points for 3.00", read, err)
		}

		fail := order.Transition{From: []string{order.StatusPending}, Status: order.StatusCancelled, PaymentStatus: order.PaymentFailed, ReleaseStock: true}
		for range 2 {
			if _, _, err := db.TransitionOrder(ctx, spend.Number, fail); err != nil {
				t.Fatal(err)
			}
		}
		if got := balance(t, db, cust); got != 500 {
			t.Fatalf("balance after the order failed (twice) = %d, want 500", got)
		}

		refund := order.Transition{From: []string{order.StatusConfirmed}, Status: order.StatusCancelled, PaymentStatus: order.PaymentRefunded}
		if _, _, err := db.TransitionOrder(ctx, first.Number, refund); err != nil {
			t.Fatal(err)
		}
		if got := balance(t, db, cust); got != 0 {
			t.Fatalf("balance after the earning order was refunded = %d, want 0", got)
		}
		entries, err := db.LoyaltyLedger(ctx, cust, 10)
		if err != nil || len(entries) != 4 {
			t.Fatalf("ledger = %+v, %v; want earn, redeem, restore, reverse", entries, err)
		}
	})
}

func stockOf(t *testing.T, db *store.DB, sku string) int {
	t.Helper()
	v, err := db.VariantBySKU(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

func TestPreferences_StatedBeatsOrdersAndClearForgets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cust, err := db.UpsertCustomer(ctx, "ana@example.com", "Ana", "")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := db.UpsertCustomer(ctx, "bo@example.com", "Bo", "")
		size := func(v string) preference.Preference {
			return preference.Preference{Kind: preference.Size, Scope: "Running Shoes", Value: v, Source: preference.FromOrder}
		}
		for _, v := range []string{"42", "42", "43"} {
			if err := db.SavePreference(ctx, cust, size(v)); err != nil {
				t.Fatal(err)
			}
		}
		db.SavePreference(ctx, cust, preference.Preference{Kind: preference.Colour, Value: "Black", Source: preference.FromOrder})
		db.SavePreference(ctx, other, size("38"))
		svc := preference.NewService(db, nil)
		if got, ok, _ := svc.Usual(ctx, cust, preference.Size, "running shoes"); !ok || got != "42" {
			t.Fatalf("usual after 42, 42, 43 = %q, %v; want 42", got, ok)
		}
		if err := svc.State(ctx, cust, preference.Size, "Running Shoes", "44"); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := svc.Usual(ctx, cust, preference.Size, "Running Shoes"); got != "44" {
			t.Fatalf("usual after saying 44 = %q, want 44", got)
		}
		if n, err := svc.Clear(ctx, cust, preference.Size); err != nil || n != 3 {
			t.Fatalf("clear sizes = %d, %v; want 3", n, err)
		}
		all, _ := svc.Saved(ctx, cust)
		if len(all) != 1 || all[0].Kind != preference.Colour {
			t.Fatalf("after clearing sizes = %+v; want the colour only", all)
		}
		if got, ok, _ := svc.Usual(ctx, other, preference.Size, "Running Shoes"); !ok || got != "38" {
			t.Fatalf("another customer's size = %q, %v; want 38 untouched", got, ok)
		}
	})
}

// Erasing a customer takes their saved preferences and points with them;
// their orders stay for the books.
func TestEraseCustomer_TakesPreferencesAndPoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 5))
		o := pointsOrder(t, db, "erase-1")
		if _, err := db.EarnPoints(ctx, o.CustomerID, o.ID, 89); err != nil {
			t.Fatal(err)
		}
		if err := db.SavePreference(ctx, o.CustomerID, preference.Preference{Kind: preference.Size, Scope: "Running Shoes", Value: "42", Source: preference.FromOrder}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EraseCustomer(ctx, o.Email); err != nil {
			t.Fatalf("erase a customer with points and preferences: %v", err)
		}
		if ps, _ := db.Preferences(ctx, o.CustomerID); len(ps) != 0 {
			t.Errorf("preferences left after erasure: %+v", ps)
		}
		if n := balance(t, db, o.CustomerID); n != 0 {
			t.Errorf("points left after erasure: %d", n)
		}
		if _, err := db.OrderByNumber(ctx, o.Number); err != nil {
			t.Errorf("the order went with the customer: %v", err)
		}
	})
}
