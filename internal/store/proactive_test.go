package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// A left cart is found once an hour idle, queued once however many
// instances race, claimed by one of them, and not found again until it is
// emptied and filled anew; the facts read the latest consent and the
// country of the shopper's latest order.
func TestProactiveQueue_OnceAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 3))
		c := &conversation.Conversation{ID: "c_left", Channel: "rest", Status: conversation.StatusBot, Language: "en",
			State: []byte("{}"), CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		k, err := db.CartFor(ctx, 0, c.ID, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetCartItem(ctx, k.ID, cart.Item{SKU: "aurora-42-blk", Title: "Aurora", Quantity: 1,
			UnitPrice: shoe("x", 0).Variants[0].Price, AddedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(2 * time.Hour)
		if got, _ := db.AbandonedCarts(ctx, time.Now().Add(-72*time.Hour), time.Now().Add(-time.Hour), 10); len(got) != 0 {
			t.Fatalf("a fresh cart is abandoned: %+v", got)
		}
		if got, _ := db.AbandonedCarts(ctx, later.Add(72*time.Hour), later.Add(80*time.Hour), 10); len(got) != 0 {
			t.Fatalf("a cart left before the window is chased: %+v", got)
		}
		left, err := db.AbandonedCarts(ctx, later.Add(-72*time.Hour), later.Add(-time.Hour), 10)
		if err != nil || len(left) != 1 || left[0].ConversationID != c.ID {
			t.Fatalf("abandoned = %+v, %v", left, err)
		}
		if ok, err := db.CartLeft(ctx, c.ID, later.Add(-time.Hour), left[0].Basket); err != nil || !ok {
			t.Fatalf("cart left = %v, %v", ok, err)
		}
		q := proactive.Queued{Kind: proactive.CartRecovery, Ref: "cart:1:x", ConversationID: c.ID, CartID: k.ID,
			Purpose: proactive.Marketing, DueAt: later}
		var wg sync.WaitGroup
		var mu sync.Mutex
		queued, claimed := 0, 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := db.QueueProactive(ctx, q)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				if ok {
					queued++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		due, err := db.DueProactive(ctx, later, 10)
		if err != nil || len(due) != 1 || queued != 1 {
			t.Fatalf("queued %d times, due %+v, %v", queued, due, err)
		}
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				won, err := db.ClaimProactive(ctx, due[0])
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				if won {
					claimed++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if claimed != 1 {
			t.Errorf("claimed %d times, want 1", claimed)
		}
		if got, _ := db.AbandonedCarts(ctx, later.Add(-72*time.Hour), later.Add(-time.Hour), 10); len(got) != 0 {
			t.Errorf("a recovered basket is found again: %+v", got)
		}

		facts, err := db.ProactiveFacts(ctx, c.ID, 0, time.Now().Add(-24*time.Hour))
		if err != nil || facts.MarketingWithdrawn || len(facts.Recent) != 1 || facts.Country != "" {
			t.Fatalf("facts = %+v, %v", facts, err)
		}
		for _, granted := range []bool{false, true, false} {
			if _, err := db.AddConsent(ctx, privacy.Consent{ConversationID: c.ID, Purpose: "marketing", Granted: granted, Source: "chat"}); err != nil {
				t.Fatal(err)
			}
		}
		o := newOrder("left-1", 1)
		o.ConversationID = c.ID
		o.ShippingAddress.Country = "MY"
		if err := db.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		if facts, err = db.ProactiveFacts(ctx, c.ID, 0, time.Now().Add(-24*time.Hour)); err != nil || !facts.MarketingWithdrawn || facts.Country != "MY" {
			t.Errorf("after stop and an order to Malaysia: %+v, %v", facts, err)
		}
		// A paid order since the basket began: the cart is not left.
		if ok, err := db.CartLeft(ctx, c.ID, later.Add(-time.Hour), left[0].Basket); err != nil || ok {
			t.Errorf("a paid cart counts as left: %v, %v", ok, err)
		}
		if n, err := db.AttributeRecoveries(ctx, 10); err != nil || n != 1 {
			t.Errorf("recoveries linked to the paid order: %d, %v", n, err)
		}
		if n, _ := db.AttributeRecoveries(ctx, 10); n != 0 {
			t.Errorf("linked again: %d", n)
		}
	})
}
