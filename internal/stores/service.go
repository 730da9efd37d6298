package stores

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// DB keeps stores and their stock; internal/store implements it.
type DB interface {
	Stores(ctx context.Context) ([]Store, error)
	Store(ctx context.Context, id string) (Store, error)
	CreateStore(ctx context.Context, s Store) error
	SaveStore(ctx context.Context, s Store) error
	SetStoreStock(ctx context.Context, id string, lines []StockLine) error
	StoreStock(ctx context.Context, id string, skus []string) (map[string]int, error)
	HasStoreStock(ctx context.Context) (bool, error)
}

// MaxStockLines is how many SKUs one stock update may set.
const MaxStockLines = 5000

// Service is the store locator.
type Service struct {
	db DB
	// KnownSKU, when set, refuses stock for SKUs the catalogue does not have.
	KnownSKU func(ctx context.Context, sku string) bool
}

// NewService makes the store locator over db.
func NewService(db DB) *Service { return &Service{db: db} }

// List returns every store, by position.
func (s *Service) List(ctx context.Context) ([]Store, error) { return s.db.Stores(ctx) }

// Get returns one store, or ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (Store, error) { return s.db.Store(ctx, id) }

// Create stores a new store after validating it; ErrExists if the id is taken.
func (s *Service) Create(ctx context.Context, st Store) (Store, error) {
	if err := st.Validate(); err != nil {
		return st, err
	}
	if err := s.db.CreateStore(ctx, st); err != nil {
		return st, err
	}
	return s.db.Store(ctx, st.ID)
}

// Update replaces an existing store; ErrNotFound if there is none.
func (s *Service) Update(ctx context.Context, st Store) (Store, error) {
	if err := st.Validate(); err != nil {
		return st, err
	}
	if _, err := s.db.Store(ctx, st.ID); err != nil {
		return st, err
	}
	if err := s.db.SaveStore(ctx, st); err != nil {
		return st, err
	}
	return s.db.Store(ctx, st.ID)
}

// SetStock sets the quantities of SKUs in a store; other SKUs keep theirs.
func (s *Service) SetStock(ctx context.Context, id string, lines []StockLine) error {
	if len(lines) == 0 {
		return invalid("stock", "give at least one {sku, quantity}")
	}
	if len(lines) > MaxStockLines {
		return invalid("stock", "at most %d lines per update", MaxStockLines)
	}
	seen := map[string]bool{}
	for i, l := range lines {
		l.SKU = strings.TrimSpace(l.SKU)
		if l.SKU == "" || len(l.SKU) > 100 {
			return invalid(fmt.Sprintf("stock[%d].sku", i), "is required, at most 100 characters")
		}
		if l.Quantity < 0 || l.Quantity > 1_000_000 {
			return invalid(fmt.Sprintf("stock[%d].quantity", i), "must be 0–1000000")
		}
		if seen[l.SKU] {
			return invalid(fmt.Sprintf("stock[%d].sku", i), "%s is given twice", l.SKU)
		}
		if s.KnownSKU != nil && !s.KnownSKU(ctx, l.SKU) {
			return invalid(fmt.Sprintf("stock[%d].sku", i), "%s is not a SKU of the catalogue", l.SKU)
		}
		seen[l.SKU] = true
		lines[i] = l
	}
	if _, err := s.db.Store(ctx, id); err != nil {
		return err
	}
	return s.db.SetStoreStock(ctx, id, lines)
}

// Stock returns the quantities of skus in a store (missing SKUs: none).
func (s *Service) Stock(ctx context.Context, id string, skus []string) (map[string]int, error) {
	return s.db.StoreStock(ctx, id, skus)
}

// Named returns the stores that text names ("the Oslo store", "上海的门店").
func (s *Service) Named(ctx context.Context, text string) ([]Store, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	folded, words := fold.String(text), fold.Words(text)
	var out []Store
	for _, st := range all {
		if st.Matches(folded, words) {
			out = append(out, st)
		}
	}
	return out, nil
}

func matchName(folded string, words []string, name string) bool {
	fn := foldedName(name)
	n, nw := fn.folded, fn.words
	if n == "" {
		return false
	}
	if !fn.latin {
		return strings.Contains(folded, n)
	}
	for i := 0; i+len(nw) <= len(words); i++ {
		ok := true
		for j, w := range nw {
			tw := words[i+j]
			if tw == w || j == len(nw)-1 && len(w) >= 4 && strings.HasPrefix(tw, w) {
				continue
			}
			ok = false
			break
		}
		if ok {
			return true
		}
	}
	return false
}

// nameForms is a store's name (or city, or alias) folded for matching.
type nameForms struct {
	folded string
	latin  bool // written in Latin letters: matched word by word
	words  []string
}

// names remembers nameForms: every store's names were folded again for
// every message that might name a store (issue #17). Started again empty
// when full; the entries are never modified.
var names struct {
	mu sync.RWMutex
	m  map[string]nameForms
}

const maxNames = 4096

func foldedName(name string) nameForms {
	names.mu.RLock()
	f, ok := names.m[name]
	names.mu.RUnlock()
	if ok {
		return f
	}
	f.folded = fold.String(strings.TrimSpace(name))
	f.latin = true
	for _, r := range f.folded {
		if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin) {
			f.latin = false
			break
		}
	}
	if f.latin {
		f.words = fold.Words(f.folded)
	}
	names.mu.Lock()
	if names.m == nil || len(names.m) >= maxNames {
		names.m = make(map[string]nameForms, 64)
	}
	names.m[name] = f
	names.mu.Unlock()
	return f
}

//go:embed demo.json
var demoJSON []byte

// Demo returns the demo shop's stores.
func Demo() ([]Store, error) {
	var ss []Store
	if err := json.Unmarshal(demoJSON, &ss); err != nil {
		return nil, fmt.Errorf("demo stores: %w", err)
	}
	return ss, nil
}

// SeedDemo stores the demo shop's stores when there are none, and gives
// them stock of skus when no store has any: a quantity from 0 to 5 picked
// from a hash of store and SKU, so every start of the demo agrees.
func (s *Service) SeedDemo(ctx context.Context, skus []string) error {
	existing, err := s.List(ctx)
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		ss, err := Demo()
		if err != nil {
			return err
		}
		for _, st := range ss {
			if _, err := s.Create(ctx, st); err != nil {
				return fmt.Errorf("seed store %s: %w", st.ID, err)
			}
		}
		existing = ss
	}
	has, err := s.db.HasStoreStock(ctx)
	if err != nil || has || len(skus) == 0 {
		return err
	}
	for _, st := range existing {
		lines := make([]StockLine, 0, len(skus))
		for _, sku := range skus {
			lines = append(lines, StockLine{SKU: sku, Quantity: DemoQuantity(st.ID, sku)})
		}
		for len(lines) > 0 {
			n := min(len(lines), MaxStockLines)
			if err := s.db.SetStoreStock(ctx, st.ID, lines[:n]); err != nil {
				return fmt.Errorf("seed stock of %s: %w", st.ID, err)
			}
			lines = lines[n:]
		}
	}
	return nil
}

// DemoQuantity is the demo stock of sku in store: 0–5, about one in three
// none, the same on every start.
func DemoQuantity(store, sku string) int {
	h := fnv.New32a()
	h.Write([]byte(store + "/" + sku))
	q := int(h.Sum32() % 9)
	if q > 5 {
		return 0
	}
	return q
}
