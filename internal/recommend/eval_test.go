package recommend_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// The offline evaluation: order histories generated over a catalogue that
// is not the demo's (the outdoor shop of the shopper suites), from shoppers
// with hidden tastes (audience, price level, a favourite brand) and a
// hidden "goes together" between kinds (boots with socks, say, chosen at
// random per run). The first 300 days train; each later order with two or
// more products is a test: given its first product, is one of the others
// among the five recommended (of another kind, as a cross-sell shows)?

const evalCatalogue = "../app/testdata/suites/catalogs/outdoor.csv"

func loadEvalCatalogue(t testing.TB) []catalog.Product {
	t.Helper()
	f, err := os.Open(evalCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, errs, err := catalog.ParseShopifyCSV(f, "EUR")
	if err != nil || len(errs) > 0 {
		t.Fatalf("read %s: %v %v", evalCatalogue, err, errs)
	}
	for i := range ps {
		ps[i].Status = catalog.StatusActive
	}
	return ps
}

type taste struct {
	audience string // men, women, kids or "" (no preference)
	premium  bool
	vendor   string
}

// history generates orders of customers over a year.
func history(ps []catalog.Product, customers int, seed uint64) []recommend.Basket {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	// Hidden popularity: a Zipf-like weight over a random order.
	pop := make([]float64, len(ps))
	for i, r := range rng.Perm(len(ps)) {
		pop[i] = 1 / math.Pow(float64(r+1), 0.8)
	}
	// Hidden complements: each kind goes with two others.
	var types []string
	byType := map[string][]int{}
	for i, p := range ps {
		if len(byType[p.Type]) == 0 {
			types = append(types, p.Type)
		}
		byType[p.Type] = append(byType[p.Type], i)
	}
	goes := map[string][]string{}
	for _, ty := range types {
		for len(goes[ty]) < 2 {
			o := types[rng.IntN(len(types))]
			if o != ty && !slices.Contains(goes[ty], o) {
				goes[ty] = append(goes[ty], o)
			}
		}
	}
	var vendors []string
	for _, p := range ps {
		if !slices.Contains(vendors, p.Vendor) {
			vendors = append(vendors, p.Vendor)
		}
	}
	sort.Strings(vendors)
	affinity := func(tc taste, p *catalog.Product) float64 {
		a := 1.0
		tags := strings.ToLower(strings.Join(p.Tags, ","))
		for _, aud := range []string{"men", "women", "kids"} {
			has := strings.Contains(","+strings.ReplaceAll(tags, ", ", ",")+",", ","+aud+",")
			switch {
			case has && aud == tc.audience:
				a *= 4
			case has:
				a *= 0.15
			}
		}
		if p.Vendor == tc.vendor {
			a *= 3
		}
		expensive := p.MinPrice().Amount >= 9000
		if expensive == tc.premium {
			a *= 2
		}
		return a
	}
	pick := func(cands []int, w func(i int) float64) int {
		var sum float64
		for _, i := range cands {
			sum += w(i)
		}
		x := rng.Float64() * sum
		for _, i := range cands {
			if x -= w(i); x <= 0 {
				return i
			}
		}
		return cands[len(cands)-1]
	}
	all := make([]int, len(ps))
	for i := range all {
		all[i] = i
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []recommend.Basket
	id := int64(0)
	for c := 1; c <= customers; c++ {
		tc := taste{audience: []string{"men", "women", "kids", ""}[rng.IntN(4)], premium: rng.IntN(2) == 0, vendor: vendors[rng.IntN(len(vendors))]}
		orders := 1 + rng.IntN(6)
		for range orders {
			w := func(i int) float64 { return pop[i] * affinity(tc, &ps[i]) }
			anchor := pick(all, w)
			items := []int{anchor}
			for k, ty := range goes[ps[anchor].Type] {
				if rng.Float64() < []float64{0.7, 0.35}[k] {
					items = append(items, pick(byType[ty], w))
				}
			}
			if rng.Float64() < 0.3 {
				items = append(items, pick(all, func(i int) float64 { return pop[i] }))
			}
			id++
			b := recommend.Basket{OrderID: id, CustomerID: int64(c), At: start.Add(time.Duration(rng.IntN(365*24)) * time.Hour)}
			for _, i := range items {
				b.Handles = append(b.Handles, ps[i].Handle)
			}
			out = append(out, b)
		}
	}
	return out
}

// evalResult is the hit rate at 5 of each method over the test orders.
type evalResult struct {
	tests                              int
	popular, similar, bought, personal float64
}

func evaluate(ps []catalog.Product, baskets []recommend.Basket) evalResult {
	cut := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 300)
	var train, test []recommend.Basket
	for _, b := range baskets {
		if b.At.Before(cut) {
			train = append(train, b)
		} else if len(b.Handles) > 1 {
			test = append(test, b)
		}
	}
	// As the shop runs it: mined once, ranked per request.
	catalogue := func() []catalog.Product { return ps }
	rec := recommend.New(fakeSource{bs: train}, catalogue, recommend.Options{})
	rec.Refresh(context.Background())
	cold := recommend.New(nil, catalogue, recommend.Options{})
	m := rec.Model()
	ctx := context.Background()
	typeOf := map[string]string{}
	for _, p := range ps {
		typeOf[p.Handle] = p.Type
	}
	var r evalResult
	hits := [4]int{}
	for _, b := range test {
		anchor := b.Handles[0]
		targets := b.Handles[1:]
		keep := func(p *catalog.Product) bool { return p.Handle != anchor && p.Type != typeOf[anchor] }
		hit := func(got []string) int {
			for _, h := range got {
				if slices.Contains(targets, h) {
					return 1
				}
			}
			return 0
		}
		handles := func(ss []recommend.Scored) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.Product.Handle)
			}
			return out
		}
		var popular []string
		for _, p := range recommend.Popular(m, ps, keep, 5) {
			popular = append(popular, p.Handle)
		}
		hits[0] += hit(popular)
		hits[1] += hit(handles(cold.Rank(ctx, recommend.Request{Seeds: []string{anchor}, Keep: keep, Limit: 5})))
		hits[2] += hit(handles(rec.Rank(ctx, recommend.Request{Seeds: []string{anchor}, Keep: keep, Limit: 5})))
		hits[3] += hit(handles(rec.Rank(ctx, recommend.Request{Seeds: []string{anchor}, Customer: b.CustomerID, Keep: keep, Limit: 5})))
	}
	r.tests = len(test)
	if r.tests > 0 {
		n := float64(r.tests)
		r.popular, r.similar, r.bought, r.personal = float64(hits[0])/n, float64(hits[1])/n, float64(hits[2])/n, float64(hits[3])/n
	}
	return r
}

// The recommender must beat the popularity baseline on held-out orders by a
// clear margin, on several generated histories, with and without knowing
// the customer.
func TestOfflineEvaluation_BeatsPopularity(t *testing.T) {
	ps := loadEvalCatalogue(t)
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := evaluate(ps, history(ps, 600, seed))
			t.Logf("tests %d: hit@5 popular %.3f, similarity only %.3f, bought together %.3f, with the customer %.3f", r.tests, r.popular, r.similar, r.bought, r.personal)
			if r.tests < 200 {
				t.Fatalf("only %d test orders", r.tests)
			}
			if r.bought < r.popular+0.10 {
				t.Errorf("bought together %.3f does not beat popularity %.3f by 0.10", r.bought, r.popular)
			}
			if r.personal < r.popular+0.10 {
				t.Errorf("with the customer %.3f does not beat popularity %.3f by 0.10", r.personal, r.popular)
			}
		})
	}
}

// BenchmarkOfflineEvaluation reports the hit rates (docs/benchmarks.md) and
// the time to mine a year of orders and rank every test order.
func BenchmarkOfflineEvaluation(b *testing.B) {
	ps := loadEvalCatalogue(b)
	bs := history(ps, 2000, 7)
	var r evalResult
	for b.Loop() {
		r = evaluate(ps, bs)
	}
	b.ReportMetric(float64(r.tests), "tests")
	b.ReportMetric(r.popular, "hit@5-popular")
	b.ReportMetric(r.similar, "hit@5-similar")
	b.ReportMetric(r.bought, "hit@5-bought")
	b.ReportMetric(r.personal, "hit@5-personal")
}

// BenchmarkRank_10000Products is one cross-sell's ranking in a catalogue
// of 10,000 products mined from 50,000 orders, for a customer with past
// orders: the cost a turn pays.
func BenchmarkRank_10000Products(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := make([]catalog.Product, 10000)
	for i := range ps {
		ps[i] = catalog.Product{Handle: fmt.Sprintf("p%d", i), Type: fmt.Sprintf("type%d", i%200), Vendor: fmt.Sprintf("v%d", i%40),
			Tags: []string{fmt.Sprintf("t%d", i%50), fmt.Sprintf("t%d", i%70)}, Status: catalog.StatusActive,
			Variants: []catalog.Variant{{SKU: fmt.Sprint(i), Price: money.New(int64(1000+i%20000), "EUR"), Stock: 3}}}
	}
	var bs []recommend.Basket
	for i := range 50000 {
		a := rng.IntN(len(ps))
		bs = append(bs, recommend.Basket{OrderID: int64(i), CustomerID: int64(i%5000 + 1), At: time.Unix(int64(i), 0),
			Handles: []string{ps[a].Handle, ps[(a+1+rng.IntN(3))%len(ps)].Handle}})
	}
	r := recommend.New(fakeSource{bs: bs}, func() []catalog.Product { return ps }, recommend.Options{})
	r.Refresh(context.Background())
	req := recommend.Request{Seeds: []string{"p42"}, Customer: 7, Limit: 9, Keep: func(p *catalog.Product) bool { return p.Type != "type42" }}
	for b.Loop() {
		r.Rank(context.Background(), req)
	}
}

// BenchmarkMine_50000Orders is the background mining of 50,000 paid orders.
func BenchmarkMine_50000Orders(b *testing.B) {
	ps := loadEvalCatalogue(b)
	bs := history(ps, 15000, 11)
	b.ReportMetric(float64(len(bs)), "orders")
	for b.Loop() {
		recommend.Mine(bs, recommend.Options{})
	}
}
