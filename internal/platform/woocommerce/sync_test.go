package woocommerce_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce/woocommercetest"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func TestSync_PollPagesThroughProductsAndVariations(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			up := woocommercetest.New("ck", "cs")
			defer up.Close()
			for i := int64(1); i <= 140; i++ {
				up.AddProduct(woocommercetest.Simple(i, fmt.Sprintf("simple-%d", i), fmt.Sprintf("Simple %d", i), "Bags", "10.00", int(i%3)))
			}
			p, vs := woocommercetest.Variable(900, "dune-cap", "Dune Cap", "Hats", "22.50", 2, "S", "M", "L")
			up.AddProduct(p, vs...)
			// A product whose stock WooCommerce does not manage, but in stock.
			free := woocommercetest.Simple(901, "gift-card", "Gift Card", "Gifts", "25.00", 0)
			free.ManageStock, free.StockQuantity, free.StockStatus = false, nil, "instock"
			up.AddProduct(free)
			cat := catalog.NewService(db)
			svc := platform.New(woocommerce.New(config.WooCommerce{URL: up.URL, Key: "ck", Secret: "cs"}, "EUR"), db, cat, order.NewService(db, cat))
			sum, err := svc.FullSync(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Products != 142 || sum.Variants != 144 || sum.Created != 142 {
				t.Fatalf("sync %+v", sum)
			}
			cap, err := db.ProductByHandle(ctx, "dune-cap")
			if err != nil || len(cap.Variants) != 3 || cap.Variants[2].SKU != "DUNE-CAP-L" || cap.Variants[2].Options["Size"] != "L" ||
				cap.Variants[2].Price.Amount != 2250 || cap.Variants[2].Stock != 2 || cap.Type != "Hats" {
				t.Fatalf("variable product %+v %v", cap, err)
			}
			if g, _ := db.ProductByHandle(ctx, "gift-card"); !g.InStock() {
				t.Fatalf("unmanaged in-stock product is not sellable: %+v", g)
			}
			if s3, _ := db.ProductByHandle(ctx, "simple-3"); s3.InStock() {
				t.Fatalf("product with stock 0 is sellable: %+v", s3)
			}
		})
	}
}
