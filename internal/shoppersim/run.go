package shoppersim

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Setup puts one catalogue and the suite's help articles into the shop
// behind c. Lines the import refused are returned, not an error: a shop that
// cannot read a product is measured, not a broken run.
func Setup(ctx context.Context, c *Client, s *Suite, catalog string) (ImportResult, error) {
	cat, ok := s.Catalogs[catalog]
	if !ok {
		return ImportResult{}, fmt.Errorf("no catalogue %q", catalog)
	}
	imp, err := c.Import(ctx, cat.CSV)
	if err != nil {
		return imp, fmt.Errorf("import %s: %w", cat.Path, err)
	}
	for i, a := range s.Articles {
		if err := c.PutArticle(ctx, a); err != nil {
			return imp, fmt.Errorf("article %d of articles.json: %w", i+1, err)
		}
	}
	return imp, nil
}

// RunCatalog plays the shoppers of one catalogue and scores its retrieval
// queries against the shop behind c (set up already, see Setup).
func RunCatalog(ctx context.Context, c *Client, s *Suite, catalog string, seed int64, runs, parallel int, opt Options, progress func(Result)) ([]Result, []QueryResult, error) {
	rs := PlayAll(ctx, c, s.ShoppersOf(catalog), seed, runs, parallel, opt, progress)
	qs := RetrieveAll(ctx, c, catalog, s.Retrieval[catalog], parallel)
	return rs, qs, ctx.Err()
}

// RunSuite plays a suite folder's batch against a running server (all
// catalogues imported into that one shop) and fails the test when the share
// of right purchases is below minPurchaseRate. It logs the score table and
// the transcripts of failed shoppers. The seed is SHOPPERSIM_SEED when set,
// else 1, so that a failure can be replayed with the same words.
func RunSuite(t testing.TB, baseURL, adminKey, dir, batch string, minPurchaseRate float64) *Report {
	t.Helper()
	seed := int64(1)
	if v := os.Getenv("SHOPPERSIM_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("SHOPPERSIM_SEED=%q: %v", v, err)
		}
		seed = n
	}
	s, err := Load(dir, batch, nil)
	if err != nil {
		t.Fatalf("load suite: %v", err)
	}
	c := NewClient(baseURL, adminKey)
	ctx := t.Context()
	var rs []Result
	var qs []QueryResult
	for _, cat := range s.CatalogNames() {
		imp, err := Setup(ctx, c, s, cat)
		if err != nil {
			t.Fatalf("catalogue %s: %v", cat, err)
		}
		for _, e := range imp.Errors {
			t.Errorf("catalogue %s: the shop refused line %d: %s", cat, e.Line, e.Message)
		}
		r, q, err := RunCatalog(ctx, c, s, cat, seed, 1, 4, Options{}, nil)
		if err != nil {
			t.Fatalf("catalogue %s: %v", cat, err)
		}
		rs = append(rs, r...)
		qs = append(qs, q...)
	}
	rep := NewReport(dir, batch, seed, 1, rs, qs)
	var b bytes.Buffer
	rep.WriteTable(&b)
	t.Logf("simulated shoppers (seed %d):\n%s", seed, b.String())
	if got := rep.Overall.PurchaseRate(); rep.Overall.Purchases > 0 && got < minPurchaseRate {
		var f bytes.Buffer
		rep.WriteFailures(&f)
		t.Errorf("right purchases %d/%d = %.2f, want at least %.2f; failed shoppers:\n%s",
			rep.Overall.PurchasesOK, rep.Overall.Purchases, got, minPurchaseRate, strings.TrimSpace(f.String()))
	}
	return rep
}
