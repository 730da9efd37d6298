package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// BenchmarkSaveTurn stores a turn of a shopper's message and two replies
// (SQLite): the write every chat turn makes.
func BenchmarkSaveTurn(b *testing.B) {
	db := storetest.Open(b, storetest.SQLiteDSN(b))
	ctx := context.Background()
	c := &conversation.Conversation{ID: "c_bench", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{"focus":"aurora"}`)}
	if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
		b.Fatal(err)
	}
	msgs := []conversation.Message{
		{From: "shopper", Type: "text", Text: "do you have running shoes in size 42?", NLU: &conversation.NLU{Intent: "product_availability", Confidence: 0.93}},
		{From: "bot", Type: "text", Text: "Good news: the Aurora Trail Runner is in stock in 42."},
		{From: "bot", Type: "products", Items: []conversation.Item{{SKU: "aurora-42-blk", Handle: "aurora", Title: "Aurora Trail Runner",
			Variants: []conversation.ItemVariant{{SKU: "aurora-42-blk", Options: conversation.Values{"Size": "42", "Color": "Black"}, InStock: true, Stock: 5}}}}},
	}
	for b.Loop() {
		if _, err := db.SaveTurn(ctx, c, msgs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProductsByIDs reads the ten products of a search result, as
// every search turn does: from the cache after the first read (SQLite).
func BenchmarkProductsByIDs(b *testing.B) {
	db := storetest.Open(b, storetest.SQLiteDSN(b))
	ctx := context.Background()
	var ids []int64
	for i := range 10 {
		p := shoe(fmt.Sprintf("shoe-%d", i), 5)
		if _, err := db.UpsertProduct(ctx, p); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for b.Loop() {
		if ps, err := db.ProductsByIDs(ctx, ids); err != nil || len(ps) != 10 {
			b.Fatal(len(ps), err)
		}
	}
}
