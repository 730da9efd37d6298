package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// An order holding a recommended sku is attributed once however often its
// payment is reported; one holding none, or of a conversation never
// recommended anything, is not.
func TestAttributeRecommendation_OncePerOrderWithARecommendedSKU(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.RecommendationShown(ctx, "c1", "cross_sell", []string{"SOCK-1", "CAP-1"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			conv  string
			order int64
			skus  []string
			want  bool
		}{
			{"recommended sku", "c1", 0, []string{"SHOE-42", "SOCK-1"}, true},
			{"same order again", "c1", 0, []string{"SHOE-42", "SOCK-1"}, false},
			{"no recommended sku", "c1", 1, []string{"SHOE-42"}, false},
			{"other conversation", "c2", 2, []string{"SOCK-1"}, false},
		}
		ids := seedOrders(t, db, 3)
		for _, tt := range tests {
			got, err := db.AttributeRecommendation(ctx, tt.conv, ids[tt.order], tt.skus)
			if err != nil || got != tt.want {
				t.Errorf("%s: attributed %v (%v), want %v", tt.name, got, err, tt.want)
			}
		}
	})
}

// seedOrders places n orders of one shoe each and returns their ids.
func seedOrders(t *testing.T, db *store.DB, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := db.UpsertProduct(ctx, shoe("aurora", n)); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		o := newOrder(fmt.Sprintf("reco-%d", i), 1)
		if err := db.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	return ids
}
