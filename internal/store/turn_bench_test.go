package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store"
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
	saveTurns(b, db, c, msgs, 1)
}

// BenchmarkSaveTurn_Cards stores a search turn as the demo shop answers
// one: the shopper's message, a line of text and four product cards of
// twelve variants each (~10 KB), the same cards turn after turn, as the
// same products are shown again (store/cards.go).
func BenchmarkSaveTurn_Cards(b *testing.B) { saveCards(b, 1) }

// BenchmarkSaveTurn_Cards4 is BenchmarkSaveTurn_Cards from four shoppers at
// once, each in a conversation of their own: the saves that meet at SQLite's
// one writer.
func BenchmarkSaveTurn_Cards4(b *testing.B) { saveCards(b, 4) }

func saveCards(b *testing.B, clients int) {
	db := storetest.Open(b, storetest.SQLiteDSN(b))
	ctx := context.Background()
	c := &conversation.Conversation{ID: "c_bench", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{"focus":"aurora"}`)}
	if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
		b.Fatal(err)
	}
	eur := func(a int64) money.Money { return money.Money{Amount: a, Currency: "EUR"} }
	var items []conversation.Item
	for i := range 4 {
		h := fmt.Sprintf("runner-%d", i)
		it := conversation.Item{SKU: h + "-40-blk", Handle: h, Title: "Aurora Trail Runner " + h, Price: eur(8995), ImageURL: "/img/" + h + ".svg",
			InStock: true, OptionLabels: conversation.Values{"Size": "Size", "Color": "Colour"}, PriceText: "€89.95",
			Options: []conversation.Option{{Title: "Details", Payload: "details:" + h}, {Title: "Choose size", Payload: "pick:" + h}}}
		for j := range 12 {
			size, color := fmt.Sprint(40+j/2), []string{"Black", "Blue"}[j%2]
			sku := fmt.Sprintf("%s-%s-%s", h, size, color)
			it.Variants = append(it.Variants, conversation.ItemVariant{SKU: sku, Options: conversation.Values{"Size": size, "Color": color},
				InStock: j%3 != 0, Stock: j % 3 * 2, Price: eur(8995), Display: conversation.Values{"Size": size, "Color": color}, Payload: "variant:" + sku})
		}
		items = append(items, it)
	}
	msgs := []conversation.Message{
		{From: "shopper", Type: "text", Text: "do you have running shoes in size 42?", NLU: &conversation.NLU{Intent: "product_availability", Confidence: 0.93}},
		{From: "bot", Type: "text", Text: "Here is what I found in 42:"},
		{From: "bot", Type: "products", Reason: "availability", Items: items},
	}
	saveTurns(b, db, c, msgs, clients)
}

// saveTurns saves msgs b.N times, from clients goroutines each with a
// conversation of its own (c's copies), and reports besides the mean the
// slowest 1 % and 0.1 % of the saves (a save that checkpoints the WAL, or
// waits for the writer, shows there rather than in the mean) and the
// process's CPU time per save, which moves less than the wall time on a
// busy machine (issue #17).
func saveTurns(b *testing.B, db *store.DB, c *conversation.Conversation, msgs []conversation.Message, clients int) {
	ctx := context.Background()
	convs := []*conversation.Conversation{c}
	for i := 1; i < clients; i++ {
		ci := *c
		ci.ID = fmt.Sprintf("%s_%d", c.ID, i)
		if _, err := db.CreateConversation(ctx, &ci, "hash", nil); err != nil {
			b.Fatal(err)
		}
		convs = append(convs, &ci)
	}
	took := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	cpu0 := cpuTime()
	for k := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < b.N; i += clients {
				t0 := time.Now()
				if _, err := db.SaveTurn(ctx, convs[k], msgs); err != nil {
					b.Error(err)
					return
				}
				took[k] = append(took[k], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	cpu := cpuTime() - cpu0
	b.StopTimer()
	all := slices.Concat(took...)
	slices.Sort(all)
	at := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))].Microseconds()) }
	b.ReportMetric(at(0.99), "p99-µs")
	b.ReportMetric(at(0.999), "p99.9-µs")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime is the process's CPU time so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
