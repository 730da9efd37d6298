package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// Only paid orders are baskets, each with the handles of its lines in
// order; an unpaid order says nothing about what is bought together.
func TestPaidBaskets_OnlyPaidOrdersByHandle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 10))
		db.UpsertProduct(ctx, shoe("socks", 10))
		eur := func(s string) money.Money { return money.MustParse(s, "EUR") }
		paid := newOrder("paid", 1)
		paid.Items = append(paid.Items, order.Item{SKU: "socks-42-blk", Title: "Socks", Quantity: 2, UnitPrice: eur("89.95")})
		if err := db.CreateOrder(ctx, paid); err != nil {
			t.Fatal(err)
		}
		pending := newOrder("pending", 1)
		pending.Status, pending.PaymentStatus = order.StatusPending, order.PaymentPending
		if err := db.CreateOrder(ctx, pending); err != nil {
			t.Fatal(err)
		}
		bs, err := db.PaidBaskets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 1 || bs[0].OrderID != paid.ID || !reflect.DeepEqual(bs[0].Handles, []string{"aurora", "socks"}) || bs[0].At.IsZero() {
			t.Fatalf("baskets = %+v, want the paid order's aurora and socks", bs)
		}
	})
}
