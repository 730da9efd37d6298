package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// A single-use code (an agent's goodwill code) is claimed when an order is
// placed: of many concurrent orders exactly one gets it, whoever places
// them; an unpaid order that lapses gives the use back.
func TestSingleUseCoupon_ExactlyOneOrderGetsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 50))
		if err := db.SaveCoupon(ctx, coupon.Coupon{Code: "SORRY-ONCE", Kind: coupon.Percent, Value: 10, MaxUses: 1, Active: true}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var placed []*order.Order
		used := 0
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := newOrder(fmt.Sprintf("single-%d", i), 1)
				o.Email = fmt.Sprintf("shopper%d@example.com", i) // different people
				o.Status, o.PaymentStatus, o.Coupon = order.StatusPending, order.PaymentPending, "SORRY-ONCE"
				err := db.CreateOrder(ctx, o)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					placed = append(placed, o)
				case errors.Is(err, coupon.ErrUsed):
					used++
				default:
					t.Errorf("order %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if len(placed) != 1 || used != 5 {
			t.Fatalf("placed %d, refused %d; want exactly 1 and 5", len(placed), used)
		}
		c, err := db.CouponByCode(ctx, "SORRY-ONCE")
		if err != nil || c.Uses != 1 || !c.Exhausted() {
			t.Fatalf("coupon after the race = %+v, %v; want 1 use, exhausted", c, err)
		}
		if _, err := c.Apply(placed[0].Subtotal, time.Now(), false); !errors.Is(err, coupon.ErrUsed) {
			t.Errorf("checking the used code = %v, want ErrUsed", err)
		}

		// The winner's payment fails: the code is free again, once.
		if _, _, err := db.TransitionOrder(ctx, placed[0].Number, order.Transition{From: []string{order.StatusPending},
			Status: order.StatusCancelled, PaymentStatus: order.PaymentFailed, ReleaseStock: true}); err != nil {
			t.Fatal(err)
		}
		again := newOrder("single-again", 1)
		again.Status, again.PaymentStatus, again.Coupon = order.StatusPending, order.PaymentPending, "SORRY-ONCE"
		if err := db.CreateOrder(ctx, again); err != nil {
			t.Fatalf("order after the lapsed one: %v", err)
		}
		late := newOrder("single-late", 1)
		late.Coupon = "SORRY-ONCE"
		if err := db.CreateOrder(ctx, late); !errors.Is(err, coupon.ErrUsed) {
			t.Errorf("a second order after that = %v, want ErrUsed", err)
		}

		// Codes without a limit are not counted.
		db.SaveCoupon(ctx, coupon.Coupon{Code: "ALWAYS", Kind: coupon.Percent, Value: 5, Active: true})
		for i := range 3 {
			o := newOrder(fmt.Sprintf("always-%d", i), 1)
			o.Coupon = "ALWAYS"
			if err := db.CreateOrder(ctx, o); err != nil {
				t.Fatalf("unlimited code, order %d: %v", i, err)
			}
		}
	})
}

// Refunds that reach the order's total turn its payment "refunded" exactly
// once; a partial refund keeps it "paid" and reports the amount.
func TestSettleRefunds_RefundedOnceTheTotalIsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 3))
		o := newOrder("settle-1", 1) // 89.95, paid
		if err := db.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.ReserveRefund(ctx, o.ID, "part", 2000, 8995); err != nil {
			t.Fatal(err)
		}
		n, settled, err := db.SettleRefunds(ctx, o.ID)
		if err != nil || n != 2000 || settled {
			t.Fatalf("after a partial refund = %d, %v, %v; want 2000, not settled", n, settled, err)
		}
		if got, _ := db.OrderByNumber(ctx, o.Number); got.PaymentStatus != order.PaymentPaid {
			t.Errorf("payment status after a partial refund = %s, want paid", got.PaymentStatus)
		}
		amounts, err := db.RefundedAmounts(ctx, []int64{o.ID, 999999})
		if err != nil || amounts[o.ID] != 2000 || len(amounts) != 1 {
			t.Errorf("refunded amounts = %v, %v", amounts, err)
		}
		if _, _, err := db.ReserveRefund(ctx, o.ID, "rest", 6995, 8995); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, s, err := db.SettleRefunds(ctx, o.ID)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Error(err)
				}
				if s {
					wins++
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("settled %d times, want exactly once", wins)
		}
		if got, _ := db.OrderByNumber(ctx, o.Number); got.PaymentStatus != order.PaymentRefunded {
			t.Errorf("payment status after the full refund = %s, want refunded", got.PaymentStatus)
		}
	})
}
