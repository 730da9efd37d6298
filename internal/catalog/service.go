package catalog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
)

// Store is the storage the catalogue needs.
type Store interface {
	UpsertProduct(ctx context.Context, p *Product) (Upsert, error)
	UpsertProducts(ctx context.Context, ps []Product) ([]Upsert, error)
	ProductByHandle(ctx context.Context, handle string) (*Product, error)
	ProductsByIDs(ctx context.Context, ids []int64) ([]Product, error)
	ListProducts(ctx context.Context, afterID int64, limit int) ([]Product, error)
	AllProducts(ctx context.Context) ([]Product, error)
	CatalogVersion(ctx context.Context) (int64, error)
	VariantBySKU(ctx context.Context, sku string) (Variant, error)
}

// Service is the catalogue: storage plus an in-memory search index that is
// rebuilt when the catalogue changes, here or on another instance.
type Service struct {
	store    Store
	index    atomic.Pointer[Index]
	mu       sync.Mutex // serialises rebuilds
	checked  atomic.Int64
	onChange []func([]Product)
	voc      atomic.Pointer[vocab.Vocabulary] // the shipped vocabulary with the retailer's synonyms
	// Freshness is how long a search trusts the index before asking the
	// database whether another instance changed the catalogue.
	Freshness time.Duration
}

// NewService makes the catalogue service; call Refresh before serving.
func NewService(store Store) *Service {
	s := &Service{store: store, Freshness: 2 * time.Second}
	s.voc.Store(vocab.Default())
	s.index.Store(BuildIndex(nil, 0))
	return s
}

// OnChange registers fn to be called with the whole catalogue after each
// rebuild (the NLU learns the catalogue's vocabulary this way).
func (s *Service) OnChange(fn func([]Product)) { s.onChange = append(s.onChange, fn) }

// Refresh rebuilds the index if the stored catalogue has changed since it was built.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.store.CatalogVersion(ctx)
	if err != nil {
		return fmt.Errorf("read catalogue version: %w", err)
	}
	s.checked.Store(time.Now().UnixNano())
	if cur := s.index.Load(); cur != nil && cur.Version == v && cur.built {
		return nil
	}
	ps, err := s.store.AllProducts(ctx)
	if err != nil {
		return fmt.Errorf("load catalogue: %w", err)
	}
	s.index.Store(BuildIndexWith(ps, v, s.voc.Load()))
	for _, fn := range s.onChange {
		fn(ps)
	}
	return nil
}

func (s *Service) fresh(ctx context.Context) *Index {
	if time.Since(time.Unix(0, s.checked.Load())) > s.Freshness {
		// A failed check keeps the current index: stale search beats no search.
		_ = s.Refresh(ctx)
	}
	return s.index.Load()
}

// Synonym is a retailer's own word for something: Text ("sneaks") stands
// for Value ("sneakers"). When Value names concepts of the product
// vocabulary, Text names the same ones in every language, replacing what the
// vocabulary says about Text; otherwise Text is searched as Value (a brand, a
// product line, the catalogue's own word).
type Synonym struct {
	Text  string
	Value string
}

// SetSynonyms applies the retailer's synonyms (all of them, replacing those
// set before) and re-indexes the catalogue with them.
func (s *Service) SetSynonyms(syns []Synonym) {
	base := vocab.Default()
	var os []vocab.Override
	for _, syn := range syns {
		if strings.TrimSpace(syn.Text) == "" || strings.TrimSpace(syn.Value) == "" {
			continue
		}
		o := vocab.Override{Text: syn.Text, Concepts: ownConcepts(syn.Value, base.Match(syn.Value, true))}
		if len(o.Concepts) == 0 {
			o.Rewrite = syn.Value
		}
		os = append(os, o)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	voc := base.With(os)
	s.voc.Store(voc)
	cur := s.index.Load()
	ix := BuildIndexWith(cur.products, cur.Version, voc)
	ix.built = cur.built
	s.index.Store(ix)
}

// Search finds products for q, with stock read fresh from storage.
func (s *Service) Search(ctx context.Context, q Query) (Results, error) {
	ix := s.fresh(ctx)
	hits, total, sure := ix.SearchSure(q)
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	ps, err := s.store.ProductsByIDs(ctx, ids)
	if err != nil {
		return Results{}, fmt.Errorf("load search results: %w", err)
	}
	if q.InStock {
		// The index's stock may be older than the database's: filter again.
		kept := ps[:0]
		for _, p := range ps {
			if len(filterVariants(p.Variants, q)) > 0 {
				kept = append(kept, p)
			}
		}
		ps = kept
	}
	return Results{Products: ps, Total: total, Confidence: sure}, nil
}

// importBatch is how many products one import transaction stores.
const importBatch = 250

// Import stores products in batches, each batch in one transaction; a batch
// that fails is stored again product by product, so one bad product costs
// only itself. The index is rebuilt once at the end.
func (s *Service) Import(ctx context.Context, ps []Product, progress func(done int)) (ImportSummary, []ProductError) {
	var sum ImportSummary
	var errs []ProductError
	count := func(p *Product, res Upsert) {
		sum.Products++
		sum.Variants += len(p.Variants)
		switch res {
		case Created:
			sum.Created++
		case Updated:
			sum.Updated++
		default:
			sum.Unchanged++
		}
	}
	for start := 0; start < len(ps); start += importBatch {
		batch := ps[start:min(start+importBatch, len(ps))]
		if results, err := s.store.UpsertProducts(ctx, batch); err == nil {
			for i := range batch {
				count(&batch[i], results[i])
			}
		} else {
			for i := range batch {
				p := &batch[i]
				res, err := s.store.UpsertProduct(ctx, p)
				if err != nil {
					errs = append(errs, ProductError{Handle: p.Handle, Line: p.Line, Err: err})
					continue
				}
				count(p, res)
			}
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	if sum.Created+sum.Updated > 0 {
		if err := s.Refresh(ctx); err != nil {
			errs = append(errs, ProductError{Err: err})
		}
	}
	return sum, errs
}

// ImportSummary counts what an import stored.
type ImportSummary struct {
	Products  int `json:"products"`
	Variants  int `json:"variants"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ProductError is a product that could not be stored.
type ProductError struct {
	Handle string
	Line   int
	Err    error
}

// Product returns a product by handle.
func (s *Service) Product(ctx context.Context, handle string) (*Product, error) {
	return s.store.ProductByHandle(ctx, handle)
}

// ProductByID returns a product by id.
func (s *Service) ProductByID(ctx context.Context, id int64) (*Product, error) {
	ps, err := s.store.ProductsByIDs(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ErrNotFound
	}
	return &ps[0], nil
}

// List pages through all products in id order.
func (s *Service) List(ctx context.Context, afterID int64, limit int) ([]Product, error) {
	return s.store.ListProducts(ctx, afterID, limit)
}

// Variant returns a variant by SKU.
func (s *Service) Variant(ctx context.Context, sku string) (Variant, error) {
	return s.store.VariantBySKU(ctx, sku)
}

// Snapshot returns the products as last indexed (stock may be a little old).
func (s *Service) Snapshot() []Product { return s.index.Load().products }

// TypeName returns the catalogue's own name for a product type.
func (s *Service) TypeName(ctx context.Context, name string) (string, bool) {
	return s.fresh(ctx).TypeName(name)
}

// CategoryWords lists the vocabulary's words for the kinds of product the
// catalogue has (see Index.CategoryWords).
func (s *Service) CategoryWords() []CategoryWord { return s.index.Load().CategoryWords() }

// KeyWords keeps the words of text that name something in the catalogue.
func (s *Service) KeyWords(ctx context.Context, text string) string {
	return s.fresh(ctx).KeyWords(text)
}
