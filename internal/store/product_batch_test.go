package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func batchProduct(handle string, price int64, skus ...string) catalog.Product {
	p := catalog.Product{Handle: handle, Title: "Tee " + handle, Vendor: "V", Type: "Tee", Tags: []string{"cotton"},
		Options: []string{"Size"}, Images: []string{"https://img.example/" + handle + ".jpg"}}
	for i, sku := range skus {
		v := catalog.Variant{SKU: sku, Options: map[string]string{"Size": fmt.Sprint(i)}, Price: money.New(price, "EUR"), Stock: i + 1, Position: i + 1}
		if i == 0 {
			was := money.New(price+500, "EUR")
			v.CompareAtPrice = &was
		}
		p.Variants = append(p.Variants, v)
	}
	return p
}

// stored is a database's catalogue without ids or times, to compare two.
func stored(t *testing.T, db *store.DB) []catalog.Product {
	t.Helper()
	ps, err := db.AllProducts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		ps[i].ID, ps[i].UpdatedAt = 0, time.Time{}
		for j := range ps[i].Variants {
			ps[i].Variants[j].ID, ps[i].Variants[j].ProductID = 0, 0
		}
	}
	return ps
}

// UpsertProducts (multi-row statements) leaves exactly what UpsertProduct
// one by one leaves, reports the same outcome per product, hands back the
// stored ids, and refuses, writing nothing, what one by one would refuse.
func TestUpsertProducts_BatchStoresWhatOneByOneWould(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			batched, single := storetest.Open(t, dsn(t)), storetest.Open(t, dsn(t))
			rounds := [][]catalog.Product{
				{batchProduct("a", 1999, "A-1", "A-2", "A-3"), batchProduct("b", 2999, "B-1"), batchProduct("c", 999, "C-1", "C-2")},
				{
					batchProduct("a", 1999, "A-1", "A-2", "A-3"), // unchanged
					batchProduct("b", 3499, "B-1", "B-2"),        // new price, a variant more
					batchProduct("c", 999, "C-2"),                // C-1 dropped
				},
				// The dropped SKU moves to a new product; a product without variants.
				{batchProduct("d", 500, "D-1", "C-1"), batchProduct("e", 100)},
			}
			for r, round := range rounds {
				got, err := batched.UpsertProducts(ctx, append([]catalog.Product(nil), round...))
				if err != nil {
					t.Fatalf("round %d batched: %v", r, err)
				}
				var want []catalog.Upsert
				for i := range round {
					p := round[i]
					res, err := single.UpsertProduct(ctx, &p)
					if err != nil {
						t.Fatalf("round %d one by one: %v", r, err)
					}
					want = append(want, res)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("round %d outcomes %v, one by one %v", r, got, want)
				}
				if b, s := stored(t, batched), stored(t, single); !reflect.DeepEqual(b, s) {
					t.Errorf("round %d stored\n%+v\none by one\n%+v", r, b, s)
				}
				vb, _ := batched.CatalogVersion(ctx)
				vs, _ := single.CatalogVersion(ctx)
				if vb != vs {
					t.Errorf("round %d catalogue version %d, one by one %d", r, vb, vs)
				}
			}

			// The ids handed back are the stored ones.
			ps := []catalog.Product{batchProduct("f", 700, "F-1", "F-2")}
			if _, err := batched.UpsertProducts(ctx, ps); err != nil {
				t.Fatal(err)
			}
			back, err := batched.ProductByHandle(ctx, "f")
			if err != nil || back.ID != ps[0].ID || back.Variants[1].ID != ps[0].Variants[1].ID || ps[0].Variants[1].ProductID != back.ID {
				t.Errorf("ids handed back %d/%d, stored %+v (%v)", ps[0].ID, ps[0].Variants[1].ID, back, err)
			}

			before := stored(t, batched)
			refused := []struct {
				name  string
				batch []catalog.Product
			}{
				{"a SKU stored under another product", []catalog.Product{batchProduct("g", 100, "G-1"), batchProduct("h", 100, "A-1")}},
				{"a SKU listed by two products of the batch", []catalog.Product{batchProduct("g", 100, "X-1"), batchProduct("h", 100, "X-1")}},
				{"a handle twice in the batch", []catalog.Product{batchProduct("g", 100, "G-1"), batchProduct("g", 200, "G-2")}},
			}
			for _, tt := range refused {
				if _, err := batched.UpsertProducts(ctx, tt.batch); !errors.Is(err, catalog.ErrConflict) {
					t.Errorf("%s: err = %v, want ErrConflict", tt.name, err)
				}
				if after := stored(t, batched); !reflect.DeepEqual(after, before) {
					t.Errorf("%s: the refused batch wrote something", tt.name)
				}
			}
		})
	}
}
