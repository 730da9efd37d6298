package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// The cart and its lines are read in one statement (issue #17): an empty
// cart has no lines, lines come back in the order they were added (then by
// SKU), with their prices in the cart's currency, the coupon and the owner
// as stored, and a customer's cart is found by the customer.
func TestCartFor_ReadsCartWithItsLinesInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_cart", Channel: "rest", Status: conversation.StatusBot, Language: "en",
			State: []byte("{}"), CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		k, err := db.CartFor(ctx, 0, c.ID, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		if k.ID == 0 || k.ConversationID != c.ID || k.CustomerID != 0 || k.Currency != "EUR" || len(k.Items) != 0 {
			t.Fatalf("new cart = %+v", k)
		}
		again, err := db.CartFor(ctx, 0, c.ID, "EUR")
		if err != nil || again.ID != k.ID || len(again.Items) != 0 {
			t.Fatalf("read again = %+v, %v; want the same empty cart %d", again, err, k.ID)
		}
		t0 := time.Now().UTC().Truncate(time.Millisecond)
		lines := []cart.Item{
			{SKU: "b-sku", Title: "B", Quantity: 2, UnitPrice: money.New(1250, "EUR"), AddedAt: t0},
			{SKU: "a-sku", Title: "A", Quantity: 1, UnitPrice: money.New(999, "EUR"), AddedAt: t0},
			{SKU: "0-sku", Title: "First", Quantity: 3, UnitPrice: money.New(100, "EUR"), AddedAt: t0.Add(-time.Minute)},
		}
		for _, it := range lines {
			if err := db.SetCartItem(ctx, k.ID, it); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetCartCoupon(ctx, k.ID, "WELCOME10"); err != nil {
			t.Fatal(err)
		}
		got, err := db.CartFor(ctx, 0, c.ID, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		want := []cart.Item{lines[2], lines[1], lines[0]}
		if got.ID != k.ID || got.Coupon != "WELCOME10" || len(got.Items) != len(want) {
			t.Fatalf("cart = %+v, want %d lines and the coupon", got, len(want))
		}
		for i, it := range got.Items {
			w := want[i]
			if it.SKU != w.SKU || it.Title != w.Title || it.Quantity != w.Quantity || it.UnitPrice != w.UnitPrice || !it.AddedAt.Equal(w.AddedAt) {
				t.Errorf("line %d = %+v, want %+v", i, it, w)
			}
		}
		if got.Subtotal() != money.New(3*100+999+2*1250, "EUR") {
			t.Errorf("subtotal = %v", got.Subtotal())
		}
		if err := db.RemoveCartItem(ctx, k.ID, "a-sku"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.CartFor(ctx, 0, c.ID, "EUR"); len(got.Items) != 2 || got.Items[0].SKU != "0-sku" || got.Items[1].SKU != "b-sku" {
			t.Fatalf("after removing a-sku: %+v", got)
		}
		// A customer's cart is found by the customer, not the conversation.
		custID, err := db.UpsertCustomer(ctx, "ana@example.com", "Ana", "")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.CartFor(ctx, custID, c.ID, "EUR")
		if err != nil || mine.ID == k.ID || mine.CustomerID != custID || mine.ConversationID != "" || len(mine.Items) != 0 {
			t.Fatalf("customer's cart = %+v, %v", mine, err)
		}
	})
}
