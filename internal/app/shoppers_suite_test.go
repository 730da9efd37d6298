package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/shoppersim"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// The simulated shoppers of testdata/suites (written by people who saw
// neither the dialogue's code nor the other suites, over two catalogues
// that are not the demo's) play against a fresh shop per catalogue. Once
// read and fixed against, a batch is a regression test, not a measure:
// docs/benchmarks.md keeps the honest first figures of each batch. The
// floor sits a little under the score when the batch became a regression
// test, so a change that breaks purchases fails here.
func TestShoppers_RegressionBatchesStillBuyTheRightThing(t *testing.T) {
	if testing.Short() {
		t.Skip("plays some 1,950 shoppers")
	}
	const dir = "testdata/suites"
	for _, batch := range []struct {
		name  string
		floor float64
	}{{"batch1", 0.83}, {"batch2", 0.77}, {"batch3", 0.74}, {"batch4", 0.73}, {"batch5", 0.81}, {"batch6", 0.81}, {"batch7", 0.68}, {"batch8", 0.70}, {"batch9", 0.70}, {"batch10", 0.62}, {"batch11", 0.55}, {"batch12", 0.55}, {"batch13", 0.48}} {
		s, err := shoppersim.Load(dir, batch.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		var rs []shoppersim.Result
		for _, cat := range s.CatalogNames() {
			shop := newShop(t, storetest.SQLiteDSN(t), false)
			c := shoppersim.NewClient(shop.url, adminKey)
			if _, err := shoppersim.Setup(context.Background(), c, s, cat); err != nil {
				t.Fatalf("%s: %v", cat, err)
			}
			r, _, err := shoppersim.RunCatalog(context.Background(), c, s, cat, 1, 1, 4, shoppersim.Options{}, nil)
			if err != nil {
				t.Fatalf("%s: %v", cat, err)
			}
			rs = append(rs, r...)
		}
		rep := shoppersim.NewReport(dir, batch.name, 1, 1, rs, nil)
		var b bytes.Buffer
		rep.WriteTable(&b)
		t.Logf("%s:\n%s", batch.name, b.String())
		if got := rep.Overall.PurchaseRate(); got < batch.floor {
			var f bytes.Buffer
			rep.WriteFailures(&f)
			t.Errorf("%s: right purchases %.2f, want at least %.2f\n%s", batch.name, got, batch.floor, f.String())
		}
		if rep.Overall.Loops > 0 {
			t.Errorf("%s: %d conversations looped", batch.name, rep.Overall.Loops)
		}
	}
}
