package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func shoe(handle string, stock int) *catalog.Product {
	cmp := money.MustParse("119.00", "EUR")
	return &catalog.Product{
		Handle: handle, Title: "Aurora Trail Runner", Vendor: "Noordkaap", Type: "Running Shoes",
		Tags: []string{"trail", "waterproof"}, Status: catalog.StatusActive, Options: []string{"Size", "Color"},
		Images: []string{"/img/a.svg"},
		Variants: []catalog.Variant{
			{SKU: handle + "-42-blk", Options: map[string]string{"Size": "42", "Color": "Black"}, Price: money.MustParse("89.95", "EUR"), CompareAtPrice: &cmp, Stock: stock, Position: 1},
			{SKU: handle + "-43-blk", Options: map[string]string{"Size": "43", "Color": "Black"}, Price: money.MustParse("89.95", "EUR"), Stock: 0, Position: 2},
		},
	}
}

func TestUpsertProduct_CreatesThenLeavesUnchangedThenUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := db.UpsertProduct(ctx, shoe("aurora", 5))
		if err != nil || res != catalog.Created {
			t.Fatalf("first upsert = %v, %v; want Created", res, err)
		}
		v1, _ := db.CatalogVersion(ctx)
		res, err = db.UpsertProduct(ctx, shoe("aurora", 5))
		if err != nil || res != catalog.Unchanged {
			t.Fatalf("same upsert = %v, %v; want Unchanged", res, err)
		}
		if v2, _ := db.CatalogVersion(ctx); v2 != v1 {
			t.Errorf("an unchanged import moved the catalogue version %d → %d", v1, v2)
		}
		p := shoe("aurora", 7)
		p.Variants = p.Variants[:1] // the 43 is gone from the file
		res, err = db.UpsertProduct(ctx, p)
		if err != nil || res != catalog.Updated {
			t.Fatalf("changed upsert = %v, %v; want Updated", res, err)
		}
		got, err := db.ProductByHandle(ctx, "aurora")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Variants) != 1 || got.Variants[0].Stock != 7 {
			t.Fatalf("variants after update = %+v", got.Variants)
		}
		v := got.Variants[0]
		if v.Price.Decimal() != "89.95" || v.CompareAtPrice == nil || v.CompareAtPrice.Decimal() != "119.00" || v.Options["Size"] != "42" {
			t.Errorf("variant round trip lost data: %+v", v)
		}
		if len(got.Tags) != 2 || got.Options[1] != "Color" {
			t.Errorf("product round trip lost data: %+v", got)
		}
	})
}

func TestUpsertProduct_RefusesASKUOwnedByAnotherProduct(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.UpsertProduct(ctx, shoe("aurora", 5)); err != nil {
			t.Fatal(err)
		}
		thief := shoe("other", 1)
		thief.Variants[0].SKU = "aurora-42-blk"
		_, err := db.UpsertProduct(ctx, thief)
		if !errors.Is(err, catalog.ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
		if _, err := db.ProductByHandle(ctx, "other"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("the refused product was half written: %v", err)
		}
	})
}

// 50 buyers race for 10 units: exactly 10 succeed and stock ends at zero.
func TestAdjustStock_NeverOversells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.UpsertProduct(ctx, shoe("aurora", 10)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, out := 0, 0
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.AdjustStock(ctx, "aurora-42-blk", -1)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, catalog.ErrOutOfStock):
					out++
				default:
					t.Errorf("unexpected error: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 10 || out != 40 {
			t.Errorf("sold %d, refused %d; want 10 and 40", ok, out)
		}
		v, _ := db.VariantBySKU(ctx, "aurora-42-blk")
		if v.Stock != 0 {
			t.Errorf("stock = %d, want 0", v.Stock)
		}
	})
}

func TestConversation_MessagesGetIncreasingSequenceNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_test", Channel: "rest", Status: conversation.StatusBot, Language: "nl", State: []byte(`{}`)}
		greet := []conversation.Message{{From: "bot", Type: "text", Text: "Hoi"}}
		msgs, err := db.CreateConversation(ctx, c, "hash", greet)
		if err != nil || len(msgs) != 1 || msgs[0].Seq != 1 {
			t.Fatalf("create = %+v, %v", msgs, err)
		}
		c.State = []byte(`{"x":1}`)
		c.Language = "en"
		msgs, err = db.SaveTurn(ctx, c, []conversation.Message{{From: "shopper", Type: "text", Text: "hi"}, {From: "bot", Type: "text", Text: "hello"}})
		if err != nil || msgs[0].Seq != 2 || msgs[1].Seq != 3 {
			t.Fatalf("save = %+v, %v", msgs, err)
		}
		after, err := db.MessagesAfter(ctx, "c_test", 1, 100)
		if err != nil || len(after) != 2 || after[1].Text != "hello" {
			t.Fatalf("after 1 = %+v, %v", after, err)
		}
		got, hash, err := db.Conversation(ctx, "c_test")
		if err != nil || hash != "hash" || got.Language != "en" || string(got.State) != `{"x":1}` || got.LastSeq != 3 {
			t.Fatalf("conversation = %+v %q %v", got, hash, err)
		}
		if _, _, err := db.Conversation(ctx, "nope"); !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
	})
}

func newOrder(key string, qty int) *order.Order {
	eur := func(s string) money.Money { return money.MustParse(s, "EUR") }
	return &order.Order{Email: "ana@example.com", Status: order.StatusConfirmed, PaymentStatus: order.PaymentPaid,
		FulfillmentStatus: order.FulfillmentUnfulfilled, Source: "admin", IdempotencyKey: key,
		Items:    []order.Item{{SKU: "aurora-42-blk", Title: "Aurora — 42 / Black", Quantity: qty, UnitPrice: eur("89.95")}},
		Subtotal: eur("89.95").Mul(qty), Discount: eur("0"), Shipping: eur("0"), Total: eur("89.95").Mul(qty),
		ShippingAddress: address.Address{Name: "Ana", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}}
}

func TestCreateOrder_NumbersTakesStockAndIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 3))
		a := newOrder("key-1", 2)
		if err := db.CreateOrder(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.Number != "1001" {
			t.Errorf("first order number = %q, want 1001", a.Number)
		}
		again := newOrder("key-1", 2)
		if err := db.CreateOrder(ctx, again); err != nil || again.Number != a.Number {
			t.Fatalf("repeat with the same key = %q, %v; want the same order", again.Number, err)
		}
		v, _ := db.VariantBySKU(ctx, "aurora-42-blk")
		if v.Stock != 1 {
			t.Errorf("stock = %d after one order of 2 from 3, want 1", v.Stock)
		}
		tooMany := newOrder("key-2", 2)
		if err := db.CreateOrder(ctx, tooMany); !errors.Is(err, catalog.ErrOutOfStock) {
			t.Fatalf("oversized order: %v, want ErrOutOfStock", err)
		}
		os, err := db.ListOrders(ctx, order.Filter{Email: "ana@example.com", Limit: 10})
		if err != nil || len(os) != 1 {
			t.Fatalf("orders = %d, %v; want only the placed one", len(os), err)
		}
		o, err := db.AddShipment(ctx, a.Number, order.Shipment{Status: "shipped", Carrier: "PostNL", TrackingNumber: "3SABC"})
		if err != nil || o.Status != order.StatusShipped || len(o.Shipments) != 1 || o.Items[0].Quantity != 2 {
			t.Fatalf("after shipment = %+v, %v", o, err)
		}
		if o.ShippingAddress.City != "Amsterdam" || o.Total.Decimal() != "179.90" {
			t.Errorf("order round trip lost data: %+v", o)
		}
	})
}

func TestUpsertCustomer_SameEmailSameCustomer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := db.UpsertCustomer(ctx, "ana@example.com", "", "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.UpsertCustomer(ctx, "ana@example.com", "Ana", "+31612345678")
		if err != nil || a != b {
			t.Fatalf("ids %d and %d, %v", a, b, err)
		}
	})
}

func TestOrderNumbers_UniqueUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.UpsertProduct(ctx, shoe("aurora", 100))
		var wg sync.WaitGroup
		numbers := make(chan string, 20)
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				o := newOrder(fmt.Sprintf("k%d", i), 1)
				if err := db.CreateOrder(ctx, o); err != nil {
					t.Error(err)
					return
				}
				numbers <- o.Number
			}(i)
		}
		wg.Wait()
		close(numbers)
		seen := map[string]bool{}
		for n := range numbers {
			if seen[n] {
				t.Errorf("order number %s given twice", n)
			}
			seen[n] = true
		}
		if len(seen) != 20 {
			t.Errorf("%d distinct numbers, want 20", len(seen))
		}
	})
}
