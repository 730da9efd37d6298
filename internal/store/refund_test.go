package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// Refunds from a cancellation, a return and agents race for the same money:
// together they never exceed the payment, a retried key is the same refund,
// and a claim whose gateway call failed can be tried again.
func TestReserveRefund_NeverExceedsThePayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 3))
		o := newOrder("refund-1", 1) // 89.95
		if err := db.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		const limit = 8995
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, tooLarge := 0, 0
		var keys []string
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, done, err := db.ReserveRefund(ctx, o.ID, fmt.Sprintf("agent-%d", i), 2000, limit)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil && !done:
					won++
					keys = append(keys, fmt.Sprintf("agent-%d", i))
				case errors.Is(err, payment.ErrRefundTooLarge):
					tooLarge++
				default:
					t.Errorf("refund %d: done=%v err=%v", i, done, err)
				}
			}()
		}
		wg.Wait()
		if won != 4 || tooLarge != 6 {
			t.Fatalf("10 refunds of 20.00 from 89.95: %d claimed, %d refused; want 4 and 6", won, tooLarge)
		}
		if err := db.CompleteRefund(ctx, keys[0], "re_0"); err != nil {
			t.Fatal(err)
		}
		ref, done, err := db.ReserveRefund(ctx, o.ID, keys[0], 2000, limit)
		if err != nil || !done || ref != "re_0" {
			t.Fatalf("retried key = %q, %v, %v; want the same refund", ref, done, err)
		}
		if err := db.CancelRefund(ctx, o.ID, keys[1]); err != nil {
			t.Fatal(err)
		}
		if _, done, err := db.ReserveRefund(ctx, o.ID, keys[1], 2995, limit); err != nil || done {
			t.Fatalf("after a failed gateway call the key may try again: %v, %v", done, err)
		}
		if _, _, err := db.ReserveRefund(ctx, o.ID, "agent-x", 1, limit); !errors.Is(err, payment.ErrRefundTooLarge) {
			t.Fatalf("refund past the payment: %v", err)
		}
	})
}
