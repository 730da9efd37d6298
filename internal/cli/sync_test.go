package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/platform/shopify/shopifytest"
)

func TestSync_ReadsTheWholeCatalogueAndASecondRunChangesNothing(t *testing.T) {
	up := shopifytest.New("shpat_cli")
	defer up.Close()
	for i := int64(1); i <= 30; i++ {
		up.AddProduct(shopifytest.Product(500+i, "cli-item-"+strings.Repeat("x", int(i)), "CLI Item", "Bags", "12.00", 3, "S", "M"))
	}
	t.Setenv("SHOPKEEPER_SHOPIFY_SHOP", "stand-in.myshopify.com")
	t.Setenv("SHOPKEEPER_SHOPIFY_TOKEN", "shpat_cli")
	t.Setenv("SHOPKEEPER_SHOPIFY_API_URL", up.APIURL())
	db := filepath.Join(t.TempDir(), "shop.db")
	code, out, errs := run("sync", "--db", db, "shopify")
	if code != 0 || !strings.Contains(out, "synced 30 products, 60 variants from shopify (30 new, 0 updated, 0 archived)") {
		t.Fatalf("sync = %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run("sync", "--db", db, "shopify")
	if code != 0 || !strings.Contains(out, "(0 new, 0 updated, 0 archived)") {
		t.Fatalf("second sync = %d %s", code, out)
	}
	if code, _, errs := run("sync", "--db", db, "woocommerce"); code != 1 || !strings.Contains(errs, "not configured") {
		t.Fatalf("unconfigured platform = %d %q", code, errs)
	}
	if code, _, _ := run("sync", "--db", db); code != 2 {
		t.Fatalf("no platform = %d", code)
	}
}
