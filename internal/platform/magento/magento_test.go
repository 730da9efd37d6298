package magento_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/magento"
	"github.com/shopkeeper/shopkeeper/internal/platform/magento/magentotest"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func TestMagento_PollBringsProductsAndStockAndOrdersGoBackOnce(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			up := magentotest.New("integration-token")
			defer up.Close()
			for i := int64(1); i <= 250; i++ {
				up.AddProduct(magentotest.Simple(i, fmt.Sprintf("MB-%03d", i), fmt.Sprintf("bag-%d", i), fmt.Sprintf("Bag %d", i), "34.0000"), int(i%4))
			}
			parent, kids, attr := magentotest.Configurable(900, "MH01", "chaz-hoodie", "Chaz Hoodie", "52", "93", "size", "Size", "S", "M", "L")
			up.AddAttribute("93", attr)
			up.AddProduct(parent, 0)
			for i, k := range kids {
				up.AddProduct(k, i+1)
			}
			sale := magentotest.Simple(950, "SALE-1", "sale-tote", "Sale Tote", "40.0000")
			sale.CustomAttributes = append(sale.CustomAttributes, magento.CustomAttribute{Code: "special_price", Value: "29.5000"})
			up.AddProduct(sale, 5)

			cat := catalog.NewService(db)
			orders := order.NewService(db, cat)
			svc := platform.New(magento.New(config.Magento{URL: up.URL, Token: "integration-token"}, "EUR"), db, cat, orders)
			sum, err := svc.FullSync(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Products != 252 || sum.Variants != 254 {
				t.Fatalf("sync %+v (children are variants, not products)", sum)
			}
			h, err := db.ProductByHandle(ctx, "chaz-hoodie")
			if err != nil || len(h.Variants) != 3 || h.Variants[1].SKU != "MH01-M" || h.Variants[1].Options["Size"] != "M" ||
				h.Variants[1].Stock != 2 || h.Variants[1].Price.Amount != 5200 || len(h.Options) != 1 {
				t.Fatalf("configurable %+v %v", h, err)
			}
			if s, _ := db.ProductByHandle(ctx, "sale-tote"); s.Variants[0].Price.Amount != 2950 || s.Variants[0].CompareAtPrice == nil || s.Variants[0].CompareAtPrice.Amount != 4000 {
				t.Fatalf("special price %+v", s.Variants[0])
			}

			o, err := orders.Place(ctx, order.NewOrder{Email: "ana@example.com", Paid: true, Lines: []order.Line{{SKU: "MH01-L", Quantity: 2}},
				ShippingAddress: address.Address{Name: "Ana de Vries", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
			if err != nil {
				t.Fatal(err)
			}
			svc.OrderPaid(ctx, o)
			if n, err := svc.PushOrders(ctx); n != 1 || err != nil {
				t.Fatalf("pushed %d: %v", n, err)
			}
			got := up.Orders()
			if len(got) != 1 || got[0].IncrementID != magento.IncrementID(o.Number) || len(got[0].Items) != 1 ||
				got[0].Items[0].SKU != "MH01-L" || got[0].Items[0].QtyOrdered != 2 || got[0].Items[0].ProductID != 90003 {
				t.Fatalf("upstream orders %+v", got)
			}
			again, err := magento.New(config.Magento{URL: up.URL, Token: "integration-token"}, "EUR").CreateOrder(ctx, o, nil)
			if err != nil || again != fmt.Sprint(got[0].EntityID) || len(up.Orders()) != 1 {
				t.Fatalf("retry created another order: %q %v %d", again, err, len(up.Orders()))
			}
			// The next poll sees Magento's stock after the sale.
			if _, err := svc.FullSync(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if h, _ := db.ProductByHandle(ctx, "chaz-hoodie"); h.Variants[2].Stock != 1 {
				t.Fatalf("stock after the sale %d, want 1", h.Variants[2].Stock)
			}
		})
	}
}
