package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
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

// The rollup keeps what selling did: a rolled-up day reads back the
// recommendation and proactive figures it was saved with.
func TestSaveDays_KeepsSellingFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want := analytics.Row{Day: "2026-03-02", Channel: "web", Language: "nl", Conversations: 4,
			RecShown: 5, RecClicked: 2, RecOrders: 1, RecRevenue: 4990,
			ProactiveSent: map[string]int64{"cart_recovery": 1, "new_arrival": 3}, ProactiveOrders: 1, ProactiveRevenue: 2500}
		want.FirstResponse.Add(63 * time.Hour)
		want.FirstResponseBH.Add(10 * time.Minute)
		if err := db.SaveDays(ctx, []string{want.Day}, "UTC", []analytics.Row{want}); err != nil {
			t.Fatal(err)
		}
		rows, err := db.DailyRows(ctx, want.Day, want.Day)
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
		got := rows[0]
		if got.RecShown != 5 || got.RecClicked != 2 || got.RecOrders != 1 || got.RecRevenue != 4990 ||
			got.ProactiveOrders != 1 || got.ProactiveRevenue != 2500 || !maps.Equal(got.ProactiveSent, want.ProactiveSent) {
			t.Errorf("rolled-up row = %+v, want %+v", got, want)
		}
		// The wait inside the support hours is kept beside the wall clock's.
		if !slices.Equal(got.FirstResponseBH, want.FirstResponseBH) || !slices.Equal(got.FirstResponse, want.FirstResponse) {
			t.Errorf("first response histograms = %v / %v, want %v / %v", got.FirstResponse, got.FirstResponseBH, want.FirstResponse, want.FirstResponseBH)
		}
	})
}
