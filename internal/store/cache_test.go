package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// stockOf reads the first variant's stock through ProductsByIDs, the cached path.
func cachedStock(t *testing.T, db *store.DB, id int64) int {
	t.Helper()
	ps, err := db.ProductsByIDs(context.Background(), []int64{id})
	if err != nil || len(ps) != 1 {
		t.Fatalf("ProductsByIDs(%d) = %v, %v", id, ps, err)
	}
	return ps[0].Variants[0].Stock
}

func TestProductsByIDs_SeesEveryWriteAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := shoe("aurora", 5)
		if _, err := db.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		go db.Watch(t.Context()) // PostgreSQL: caches are on once it listens
		waitCaching(t, db, p.ID)
		if got := cachedStock(t, db, p.ID); got != 5 {
			t.Fatalf("stock = %d, want 5", got)
		}
		if err := db.AdjustStock(ctx, "aurora-42-blk", -2); err != nil {
			t.Fatal(err)
		}
		if got := cachedStock(t, db, p.ID); got != 3 {
			t.Errorf("stock after taking 2 = %d, want 3 (a stale cache)", got)
		}
		changed := shoe("aurora", 3)
		changed.Title = "Aurora Trail Runner II"
		if _, err := db.UpsertProduct(ctx, changed); err != nil {
			t.Fatal(err)
		}
		ps, _ := db.ProductsByIDs(ctx, []int64{p.ID})
		if len(ps) != 1 || ps[0].Title != "Aurora Trail Runner II" {
			t.Errorf("title after update = %+v, want the new title", ps)
		}
		// An import writes in multi-row batches (product_batch.go): it too.
		imported := shoe("aurora", 3)
		imported.Title = "Aurora Trail Runner III"
		if _, err := db.UpsertProducts(ctx, []catalog.Product{*imported}); err != nil {
			t.Fatal(err)
		}
		ps, _ = db.ProductsByIDs(ctx, []int64{p.ID})
		if len(ps) != 1 || ps[0].Title != "Aurora Trail Runner III" {
			t.Errorf("title after import = %+v, want the imported title", ps)
		}
		// A failed take changes nothing and must not be hidden either.
		if err := db.AdjustStock(ctx, "aurora-42-blk", -10); err == nil {
			t.Fatal("took 10 of 3")
		}
		if got := cachedStock(t, db, p.ID); got != 3 {
			t.Errorf("stock after a refused take = %d, want 3", got)
		}
	})
}

// Readers share a cached product's tags, option names, images and each
// variant's options (shareProduct); its list of variants is theirs: a
// change of stock, a sort or an append there never reaches the cache.
func TestProductsByIDs_CallersOwnTheirVariantList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := shoe("aurora", 5)
		if _, err := db.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		go db.Watch(t.Context())
		waitCaching(t, db, p.ID)
		ps, _ := db.ProductsByIDs(ctx, []int64{p.ID})
		ps[0].Variants[0].Stock = 99
		ps[0].Variants[0], ps[0].Variants[1] = ps[0].Variants[1], ps[0].Variants[0]
		ps[0].Variants = append(ps[0].Variants, catalog.Variant{SKU: "extra"})
		ps[0].Tags = append(ps[0].Tags, "appended")
		again, _ := db.ProductsByIDs(ctx, []int64{p.ID})
		v := again[0].Variants[0]
		if v.Stock != 5 || v.SKU != "aurora-42-blk" || len(again[0].Variants) != 2 || len(again[0].Tags) != 2 {
			t.Errorf("a caller's change reached the cache: %+v, tags %v", again[0].Variants, again[0].Tags)
		}
	})
}

// TestGuardSharedProducts_SeesAReaderChangingSharedData checks the guard
// the chat tests rely on (app: TestTurns_NeverChangeSharedProducts): a
// reader writing into a variant's shared options or the shared tags is
// reported, a reader keeping to its own variant list is not.
func TestGuardSharedProducts_SeesAReaderChangingSharedData(t *testing.T) {
	for _, tt := range []struct {
		name    string
		change  func(p *catalog.Product)
		changed bool
	}{
		{"stock in its own list", func(p *catalog.Product) { p.Variants[0].Stock = 0 }, false},
		{"a variant's options", func(p *catalog.Product) { p.Variants[0].Options["Size"] = "99" }, true},
		{"a tag", func(p *catalog.Product) { p.Tags[0] = "changed" }, true},
		{"the was price", func(p *catalog.Product) { p.Variants[0].CompareAtPrice.Amount = 1 }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t, storetest.SQLiteDSN(t))
			ctx := context.Background()
			db.GuardSharedProducts()
			p := shoe("aurora", 5)
			if _, err := db.UpsertProduct(ctx, p); err != nil {
				t.Fatal(err)
			}
			waitCaching(t, db, p.ID)
			ps, _ := db.ProductsByIDs(ctx, []int64{p.ID})
			tt.change(&ps[0])
			if got := db.SharedProductsChanged(); (len(got) > 0) != tt.changed {
				t.Errorf("changes seen: %v, want changed %v", got, tt.changed)
			}
		})
	}
}

func TestStores_SeesASavedStoreAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := stores.Store{ID: "ams", Name: "Amsterdam", City: "Amsterdam", Country: "NL", TimeZone: "Europe/Amsterdam",
			Hours: map[string][]stores.Interval{"mon": {{Opens: "09:00", Closes: "18:00"}}}}
		if err := db.CreateStore(ctx, s); err != nil {
			t.Fatal(err)
		}
		go db.Watch(t.Context())
		if ss, err := db.Stores(ctx); err != nil || len(ss) != 1 {
			t.Fatalf("Stores = %v, %v", ss, err)
		}
		s.Name = "Amsterdam Centraal"
		if err := db.SaveStore(ctx, s); err != nil {
			t.Fatal(err)
		}
		ss, err := db.Stores(ctx)
		if err != nil || len(ss) != 1 || ss[0].Name != "Amsterdam Centraal" {
			t.Errorf("Stores after a save = %+v, %v; want the new name", ss, err)
		}
	})
}

// TestProductsByIDs_SeesAnotherInstancesWrite runs two servers on one
// PostgreSQL database: a stock change on one reaches the other's cache.
func TestProductsByIDs_SeesAnotherInstancesWrite(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	a, b := storetest.Open(t, dsn), storetest.Open(t, dsn)
	ctx := context.Background()
	p := shoe("aurora", 5)
	if _, err := a.UpsertProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	go b.Watch(t.Context())
	waitCaching(t, b, p.ID)
	if got := cachedStock(t, b, p.ID); got != 5 {
		t.Fatalf("stock on b = %d, want 5", got)
	}
	if err := a.AdjustStock(ctx, "aurora-42-blk", -4); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second) // well under the cache's 2 s lifetime
	for cachedStock(t, b, p.ID) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the other instance still shows the old stock after 1 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitCaching waits until db serves products from its cache (on
// PostgreSQL, once Watch listens), so that the tests above test the cache.
func waitCaching(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !db.CachesProducts(id) {
		if time.Now().After(deadline) {
			t.Fatal("the cache never came on")
		}
		db.ProductsByIDs(context.Background(), []int64{id})
		time.Sleep(5 * time.Millisecond)
	}
}

func TestProductByHandle_SeesStockTakenAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := shoe("aurora", 5)
		if _, err := db.UpsertProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		go db.Watch(t.Context())
		waitCaching(t, db, p.ID)
		for _, want := range []int{5, 4, 3} {
			got, err := db.ProductByHandle(ctx, "aurora")
			if err != nil || got.Variants[0].Stock != want {
				t.Fatalf("ProductByHandle = %+v, %v; want stock %d", got, err, want)
			}
			got.Variants[0].Stock = 99 // the caller's copy only
			if err := db.AdjustStock(ctx, "aurora-42-blk", -1); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.ProductByHandle(ctx, "nothing"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("unknown handle: %v, want ErrNotFound", err)
		}
	})
}

func TestHandoffRules_SeesSavedRulesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		go db.Watch(t.Context())
		for _, rules := range []string{"", "first", "second"} {
			if rules != "" {
				if err := db.SaveHandoffRules(ctx, rules); err != nil {
					t.Fatal(err)
				}
			}
			for range 2 { // the second read from the cache
				if got, err := db.HandoffRules(ctx); err != nil || got != rules {
					t.Fatalf("HandoffRules = %q, %v; want %q", got, err, rules)
				}
			}
		}
	})
}
