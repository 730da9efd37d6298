// Package recommend says which products go with others and which a shopper
// may like: "frequently bought together" mined from paid orders (pairs whose
// lift is above 1 with a minimum support), attribute similarity from the
// catalogue for products without history, a popularity baseline and a
// personal ranking from a known customer's past orders.
//
// Mining reads every paid order, so it runs in the background (Run, Refresh)
// and the dialogue only reads the last mined model: a turn never waits on it.
package recommend

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// Basket is one paid order as the miner sees it: who bought which products
// (by handle), and when.
type Basket struct {
	OrderID    int64
	CustomerID int64 // 0: a guest
	At         time.Time
	Handles    []string
}

// Source is the storage the miner reads: the paid orders' baskets.
type Source interface {
	PaidBaskets(ctx context.Context) ([]Basket, error)
}

// Request is what to recommend for.
type Request struct {
	Seeds    []string // handles the recommendation is about (just added, in focus, in the cart)
	Customer int64    // a verified customer whose orders personalise the ranking; 0: none
	// Keep says whether a product may be recommended (other kinds, in stock
	// in the shopper's sizes, within a budget); nil keeps every active one.
	Keep func(p *catalog.Product) bool
	// Among limits the ranking to these products (a search's results to
	// order); nil weighs every product related to the seeds.
	Among []string
	Limit int
}

// Scored is a recommended product with its score and the part of the score
// that came from shoppers' orders (so callers can tell "bought together"
// from "looks alike").
type Scored struct {
	Product *catalog.Product
	Score   float64
	Bought  float64 // confidence of being bought with the seeds
	Related float64 // similarity to the seeds on the catalogue's attributes
}

// Weights of the score's parts. Bought-together evidence says most; the
// catalogue's attributes stand in for products without history; popularity
// only breaks ties.
const (
	wAssoc    = 3.0
	wSimilar  = 1.0
	wPopular  = 0.3
	wPersonal = 0.3
)

// Recommender ranks products with the last mined model.
type Recommender struct {
	src      Source
	products func() []catalog.Product
	opts     Options
	model    atomic.Pointer[Model]

	mu   sync.Mutex
	ix   *index           // of the snapshot starting at ixOf
	ixOf *catalog.Product // first product of the snapshot ix was built for
}

// New makes a Recommender over the baskets of src and the catalogue that
// products returns (a snapshot, read on every call). It starts with an
// empty model; Refresh mines one.
func New(src Source, products func() []catalog.Product, opts Options) *Recommender {
	r := &Recommender{src: src, products: products, opts: opts}
	r.model.Store(Mine(nil, opts))
	return r
}

// Refresh mines the paid orders again.
func (r *Recommender) Refresh(ctx context.Context) error {
	if r.src == nil {
		return nil
	}
	bs, err := r.src.PaidBaskets(ctx)
	if err != nil {
		return fmt.Errorf("read paid orders for recommendations: %w", err)
	}
	r.model.Store(Mine(bs, r.opts))
	return nil
}

// Run refreshes the model every interval until ctx ends.
func (r *Recommender) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if err := r.Refresh(ctx); err != nil && ctx.Err() == nil {
			slog.Error("mine recommendations", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Model is the mined model in use.
func (r *Recommender) Model() *Model { return r.model.Load() }

// Rank orders the catalogue's products for req, best first, leaving out the
// seeds themselves and products with no score.
func (r *Recommender) Rank(ctx context.Context, req Request) []Scored {
	ps := r.products()
	return rank(r.model.Load(), ps, r.indexFor(ps), req)
}

// indexFor returns the products' features and postings, worked out again
// only when the catalogue snapshot changes.
func (r *Recommender) indexFor(ps []catalog.Product) *index {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ix != nil && len(ps) == len(r.ix.feats) && len(ps) > 0 && &ps[0] == r.ixOf {
		return r.ix
	}
	r.ix = indexOf(ps)
	if len(ps) > 0 {
		r.ixOf = &ps[0]
	}
	return r.ix
}

// index is a catalogue as ranking reads it: each product's features, and
// which products share a tag, a brand or a type, so a ranking weighs only
// products that have something in common with the seeds instead of the
// whole catalogue.
type index struct {
	feats []features
	at    map[string]int
	share map[string][]int // "t:"+tag, "v:"+vendor, "k:"+type → products
}

func indexOf(ps []catalog.Product) *index {
	ix := &index{feats: make([]features, len(ps)), at: make(map[string]int, len(ps)), share: map[string][]int{}}
	for i := range ps {
		f := featuresOf(&ps[i])
		ix.feats[i] = f
		ix.at[ps[i].Handle] = i
		for _, k := range f.keys() {
			ix.share[k] = append(ix.share[k], i)
		}
	}
	return ix
}

// Rank orders products for req with model m.
func Rank(m *Model, products []catalog.Product, req Request) []Scored {
	return rank(m, products, indexOf(products), req)
}

// pastKept is how many of a customer's past products personalise a ranking.
const pastKept = 8

// popularPool is how many of the most bought products every ranking
// weighs besides those related to its seeds.
const popularPool = 50

func rank(m *Model, products []catalog.Product, ix *index, req Request) []Scored {
	seedSet := map[string]bool{}
	var seeds []int
	for _, h := range req.Seeds {
		if i, ok := ix.at[h]; ok && !seedSet[h] {
			seeds = append(seeds, i)
		}
		seedSet[h] = true
	}
	var past []int
	if req.Customer != 0 {
		for _, h := range m.bought[req.Customer] {
			if i, ok := ix.at[h]; ok {
				past = append(past, i)
			}
			if len(past) == pastKept {
				break // the most recent say most about the shopper now
			}
		}
	}
	var cands []int
	switch {
	case req.Among != nil:
		for _, h := range req.Among {
			if i, ok := ix.at[h]; ok {
				cands = append(cands, i)
			}
		}
	case len(seeds) == 0:
		cands = make([]int, len(products))
		for i := range cands {
			cands[i] = i
		}
	default:
		seen := map[int]bool{}
		add := func(i int) {
			if !seen[i] {
				seen[i] = true
				cands = append(cands, i)
			}
		}
		for _, s := range append(slices.Clone(seeds), past...) {
			for h := range m.pairs[products[s].Handle] {
				if i, ok := ix.at[h]; ok {
					add(i)
				}
			}
		}
		for _, s := range seeds {
			for _, k := range ix.feats[s].keys() {
				for _, i := range ix.share[k] {
					add(i)
				}
			}
		}
		for _, h := range m.top {
			if i, ok := ix.at[h]; ok {
				add(i)
			}
		}
	}
	var out []Scored
	for _, i := range cands {
		p := &products[i]
		if seedSet[p.Handle] || p.Status != "" && p.Status != catalog.StatusActive {
			continue
		}
		if req.Keep != nil && !req.Keep(p) {
			continue
		}
		s := score(m, products, ix.feats, seeds, past, i)
		if s.Score <= 0 {
			continue
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Product.Handle < out[j].Product.Handle
	})
	if req.Limit > 0 && len(out) > req.Limit {
		out = out[:req.Limit]
	}
	return out
}

// score adds up what speaks for product i: bought with the seeds, alike to
// them, alike to or bought with what the customer bought before, and
// popular.
func score(m *Model, ps []catalog.Product, feats []features, seeds, past []int, i int) Scored {
	p := &ps[i]
	var assoc, sim float64
	for _, s := range seeds {
		assoc += m.Confidence(ps[s].Handle, p.Handle)
		sim += similarity(&feats[s], &feats[i])
	}
	if n := len(seeds); n > 0 {
		sim /= float64(n)
	}
	var personal float64
	for _, q := range past {
		personal += 0.5*m.Confidence(ps[q].Handle, p.Handle) + similarity(&feats[q], &feats[i])
	}
	if n := len(past); n > 0 {
		personal /= float64(n)
	}
	total := wAssoc*assoc + wSimilar*sim + wPersonal*personal + wPopular*m.Popularity(p.Handle)
	return Scored{Product: p, Score: total, Bought: assoc, Related: sim}
}

// Popular ranks the products by how many paid orders hold them: the
// baseline a recommender must beat.
func Popular(m *Model, products []catalog.Product, keep func(p *catalog.Product) bool, limit int) []*catalog.Product {
	var out []*catalog.Product
	for i := range products {
		if keep == nil || keep(&products[i]) {
			out = append(out, &products[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := m.count[out[i].Handle], m.count[out[j].Handle]
		if a != b {
			return a > b
		}
		return out[i].Handle < out[j].Handle
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// logScale maps a count to [0, 1] on a log scale against the largest.
func logScale(n, max int) float64 {
	if n <= 0 || max <= 0 {
		return 0
	}
	return math.Log1p(float64(n)) / math.Log1p(float64(max))
}

// GoesWith reports whether a scored product is worth suggesting with its
// seeds: bought with them, or alike enough on the catalogue's attributes.
// Popularity alone is no reason to say "this goes with it".
func GoesWith(s Scored) bool { return s.Bought > 0 || s.Related >= minRelated }

// minRelated is the similarity below which products have only chance in
// common (a price band, a colour).
const minRelated = 0.15
