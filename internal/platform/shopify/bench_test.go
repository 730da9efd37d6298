package shopify_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/platform/shopify/shopifytest"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// BenchmarkFullSync measures a full sync of 2,000 products (3 variants
// each) from the stand-in Shopify over HTTP into an empty database (first
// sync) and into one already holding them (reconciliation).
func BenchmarkFullSync(b *testing.B) {
	for _, db := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		for _, kind := range []string{"first", "reconcile"} {
			b.Run(db.name+"/"+kind, func(b *testing.B) {
				const n = 2000
				var products float64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					r := newRig(b, db.dsn(b))
					for j := int64(1); j <= n; j++ {
						r.up.AddProduct(shopifytest.Product(100000+j, fmt.Sprintf("bench-%d", j), fmt.Sprintf("Bench Product %d", j), "Bags", "25.00", 5, "S", "M", "L"))
					}
					if kind == "reconcile" {
						if _, err := r.svc.FullSync(context.Background(), nil); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					sum, err := r.svc.FullSync(context.Background(), nil)
					if err != nil {
						b.Fatal(err)
					}
					products += float64(sum.Products)
				}
				b.ReportMetric(products/b.Elapsed().Seconds(), "products/s")
			})
		}
	}
}
