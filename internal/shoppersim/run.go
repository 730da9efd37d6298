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

// RunCatalog imports one catalogue into the shop behind c, then plays its
// shoppers and scores its retrieval queries.
func RunCatalog(ctx context.Context, c *Client, s *Suite, catalog string, seed int64, runs, parallel int, opt Options, progress func(Result)) ([]Result, []QueryResult, error) {
	cat, ok := s.Catalogs[catalog]
	if !ok {
		return nil, nil, fmt.Errorf("no catalogue %q", catalog)
	}
	imp, err := c.Import(ctx, cat.CSV)
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: %w", cat.Path, err)
	}
	if len(imp.Errors) > 0 {
		return nil, nil, fmt.Errorf("import %s: line %d: %s (and %d more errors)", cat.Path, imp.Errors[0].Line, imp.Errors[0].Message, len(imp.Errors)-1)
	}
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
