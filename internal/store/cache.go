package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// Read-mostly data is kept in memory (issue #17: every chat turn read the
// products on screen and the shop's physical stores from the database,
// though they change a few times a day while turns come many a second).
//
// Each kind of data has a generation. A write that changes the kind marks
// its transaction (touch); when the transaction ends the generation moves
// on, and every entry read under an older generation is dead. A reader
// takes the generation before it reads the database and files what it read
// under that generation, so a write that commits while it reads is never
// hidden.
//
// Other writers: on PostgreSQL several instances share the database, so a
// touched transaction also sends a NOTIFY on cacheChannel (delivered at
// commit) and Watch moves the generation when another instance's arrives;
// until Watch listens (and whenever its connection is lost, when
// notifications are lost too) the caches are bypassed. Writers outside the
// server (the import command on the same SQLite file, hand-written SQL)
// send nothing: for them every entry also expires after cacheTTL, the same
// two seconds the search index trusts itself before asking the database.
type caches struct {
	local     bool        // SQLite: this process is the only server
	listening atomic.Bool // PostgreSQL: Watch hears the other instances
	ttl       time.Duration
	kinds     [numKinds]atomic.Int64

	mu      sync.Mutex
	touched map[*sql.Tx]uint8 // kinds changed by open transactions

	productMu  sync.RWMutex
	productGen int64
	products   map[int64]cachedProduct
	handles    map[string]int64 // handle → id of the products cached

	guard   atomic.Bool // tests: check that shared products stay unchanged
	changes []string    // what the guard found changed, under productMu

	storeList atomic.Pointer[cachedStores]
	rules     atomic.Pointer[cachedRules]
}

type cachedRules struct {
	gen   int64
	at    time.Time
	rules string
}

// kind is one kind of cached data.
type kind uint8

const (
	kindProducts     kind = iota // products, variants and their stock
	kindStores                   // physical stores, their hours and special days
	kindHandoffRules             // the retailer's hand-off rules document
	numKinds
)

var kindNames = [numKinds]string{"products", "stores", "handoff_rules"}

// cacheChannel is the NOTIFY channel of cache invalidations.
const cacheChannel = "shopkeeper_cache"

// cacheTTL bounds how stale a writer the caches cannot hear makes them.
const cacheTTL = 2 * time.Second

// maxCachedProducts bounds the product cache; beyond it the cache starts
// again empty (a big catalogue's hot products come back within seconds).
const maxCachedProducts = 20000

type cachedProduct struct {
	at time.Time
	p  catalog.Product
	// was is a deep copy of p taken when it was filed, only while the
	// guard is on (GuardSharedProducts): to prove nobody changes what the
	// readers share.
	was *catalog.Product
}

type cachedStores struct {
	gen int64
	at  time.Time
	ss  []stores.Store
}

func newCaches(local bool) *caches {
	return &caches{local: local, ttl: cacheTTL, touched: map[*sql.Tx]uint8{},
		products: map[int64]cachedProduct{}, handles: map[string]int64{}}
}

// on reports whether the caches may be used now.
func (c *caches) on() bool { return c.local || c.listening.Load() }

func (c *caches) gen(k kind) int64 { return c.kinds[k].Load() }

// changed moves kind k's generation on: everything cached before is dead.
func (c *caches) changed(k kind) { c.kinds[k].Add(1) }

func (c *caches) changedAll() {
	for k := range numKinds {
		c.changed(k)
	}
}

// touch marks tx as changing kind k. On PostgreSQL the other instances
// hear of it when tx commits.
func (db *DB) touch(ctx context.Context, tx *sql.Tx, k kind) error {
	c := db.cache
	c.mu.Lock()
	seen := c.touched[tx]&(1<<k) != 0
	c.touched[tx] |= 1 << k
	c.mu.Unlock()
	if seen || db.Dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, cacheChannel, kindNames[k]); err != nil {
		return fmt.Errorf("notify %s changed: %w", kindNames[k], err)
	}
	return nil
}

// ended is called when tx has committed or rolled back (a rolled-back
// change costs a few cache misses, nothing more).
func (c *caches) ended(tx *sql.Tx) {
	c.mu.Lock()
	ks, ok := c.touched[tx]
	delete(c.touched, tx)
	c.mu.Unlock()
	if !ok {
		return
	}
	for k := range numKinds {
		if ks&(1<<k) != 0 {
			c.changed(k)
		}
	}
}

// Watch keeps this instance's caches in step with the other instances on
// the same PostgreSQL database until ctx ends, reconnecting after a lost
// connection. On SQLite it returns at once: there is one server.
func (db *DB) Watch(ctx context.Context) {
	if db.Dialect != Postgres {
		return
	}
	c := db.cache
	for ctx.Err() == nil {
		err := db.Listen(ctx, cacheChannel, func() {
			// Whatever changed while nobody listened is unknown.
			c.changedAll()
			c.listening.Store(true)
		}, func(payload string) {
			for k, name := range kindNames {
				if name == payload {
					c.changed(kind(k))
					return
				}
			}
			c.changedAll()
		})
		c.listening.Store(false)
		c.changedAll()
		if ctx.Err() != nil {
			return
		}
		slog.Warn("cache invalidation listener lost; caches off until it is back", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// cachedProducts returns the products with these ids that the cache holds
// (fresh ones only), and the ids it does not hold.
func (c *caches) cachedProducts(ids []int64) (map[int64]catalog.Product, []int64) {
	found := make(map[int64]catalog.Product, len(ids))
	if !c.on() {
		return found, ids
	}
	gen := c.gen(kindProducts)
	var missing []int64
	c.productMu.RLock()
	valid := c.productGen == gen
	for _, id := range ids {
		e, ok := c.products[id]
		if valid && ok && time.Since(e.at) < c.ttl {
			found[id] = e.p
		} else {
			missing = append(missing, id)
		}
	}
	c.productMu.RUnlock()
	return found, missing
}

// cachedProduct is cachedProducts for one id, without a map for the
// answer: ProductByHandle asks it some fifteen times a chat turn (issue #17).
func (c *caches) cachedProduct(id int64) (catalog.Product, bool) {
	if !c.on() {
		return catalog.Product{}, false
	}
	gen := c.gen(kindProducts)
	c.productMu.RLock()
	defer c.productMu.RUnlock()
	e, ok := c.products[id]
	if c.productGen != gen || !ok || time.Since(e.at) >= c.ttl {
		return catalog.Product{}, false
	}
	return e.p, true
}

// cachedProductID returns the id of the product with this handle when the
// cache holds that product.
func (c *caches) cachedProductID(handle string) (int64, bool) {
	if !c.on() {
		return 0, false
	}
	c.productMu.RLock()
	defer c.productMu.RUnlock()
	id, ok := c.handles[handle]
	return id, ok && c.productGen == c.gen(kindProducts)
}

// keepProducts files products read from the database under generation gen
// (taken before the read). Their lists are clipped, so that a reader who
// appends to one it shares (shareProduct) gets a new array.
func (c *caches) keepProducts(gen int64, ps []catalog.Product) {
	if !c.on() {
		return
	}
	c.productMu.Lock()
	defer c.productMu.Unlock()
	cur := c.gen(kindProducts)
	if gen != cur {
		return // changed while we read: not worth keeping
	}
	guard := c.guard.Load()
	if c.productGen != gen || len(c.products)+len(ps) > maxCachedProducts {
		if guard {
			c.checkShared(c.products)
		}
		c.products = make(map[int64]cachedProduct, len(ps))
		c.handles = make(map[string]int64, len(ps))
		c.productGen = gen
	}
	t := time.Now()
	for _, p := range ps {
		p.Tags, p.Options, p.Images = slices.Clip(p.Tags), slices.Clip(p.Options), slices.Clip(p.Images)
		e := cachedProduct{at: t, p: p}
		if guard {
			if old, ok := c.products[p.ID]; ok {
				c.checkShared(map[int64]cachedProduct{p.ID: old})
			}
			was := deepProduct(p)
			e.was = &was
		}
		c.products[p.ID] = e
		c.handles[p.Handle] = p.ID
	}
}

// shareProduct is a cached product for one reader. Products are read many
// times a turn and change rarely, and a deep copy of each (every variant's
// option map) was ~38 KB a turn (issue #17), so readers share what they
// only read: tags, option names, images, each variant's options and "was"
// price. The list of variants is the reader's own, as sorting, filtering
// and counting stock down in it are common. Readers never change the
// shared parts: TestTurns_NeverChangeSharedProducts (app) runs the chat
// with GuardSharedProducts on.
func shareProduct(p catalog.Product) catalog.Product {
	p.Variants = slices.Clone(p.Variants)
	return p
}

// deepProduct copies p with nothing shared.
func deepProduct(p catalog.Product) catalog.Product {
	p.Tags = slices.Clone(p.Tags)
	p.Options = slices.Clone(p.Options)
	p.Images = slices.Clone(p.Images)
	p.Variants = slices.Clone(p.Variants)
	for i := range p.Variants {
		v := &p.Variants[i]
		v.Options = maps.Clone(v.Options)
		if v.CompareAtPrice != nil {
			c := *v.CompareAtPrice
			v.CompareAtPrice = &c
		}
	}
	return p
}

// checkShared notes every product in ps that differs from its copy taken
// when it was filed. Under productMu.
func (c *caches) checkShared(ps map[int64]cachedProduct) {
	for id, e := range ps {
		if e.was != nil && !reflect.DeepEqual(e.p, *e.was) {
			c.changes = append(c.changes, fmt.Sprintf("product %d (%s): cached %+v, filed %+v", id, e.p.Handle, e.p, *e.was))
		}
	}
}

// GuardSharedProducts makes the product cache keep a private copy of every
// product it files from now on, for SharedProductsChanged (tests only: it
// doubles the cache's memory).
func (db *DB) GuardSharedProducts() { db.cache.guard.Store(true) }

// SharedProductsChanged lists the cached products whose shared data a
// reader changed since GuardSharedProducts, those replaced since included.
func (db *DB) SharedProductsChanged() []string {
	c := db.cache
	c.productMu.Lock()
	defer c.productMu.Unlock()
	c.checkShared(c.products)
	out := slices.Clone(c.changes)
	c.changes = nil
	return out
}

// cachedStoreList returns the stores when the cache holds them fresh.
func (c *caches) cachedStoreList() ([]stores.Store, bool) {
	if !c.on() {
		return nil, false
	}
	e := c.storeList.Load()
	if e == nil || e.gen != c.gen(kindStores) || time.Since(e.at) >= c.ttl {
		return nil, false
	}
	return cloneStores(e.ss), true
}

func (c *caches) keepStoreList(gen int64, ss []stores.Store) {
	if !c.on() || gen != c.gen(kindStores) {
		return
	}
	c.storeList.Store(&cachedStores{gen: gen, at: time.Now(), ss: cloneStores(ss)})
}

func cloneStores(ss []stores.Store) []stores.Store {
	out := slices.Clone(ss)
	for i := range out {
		s := &out[i]
		s.Aliases = slices.Clone(s.Aliases)
		s.SpecialDays = slices.Clone(s.SpecialDays)
		for j := range s.SpecialDays {
			s.SpecialDays[j].Hours = slices.Clone(s.SpecialDays[j].Hours)
		}
		if s.Lat != nil {
			lat := *s.Lat
			s.Lat = &lat
		}
		if s.Lon != nil {
			lon := *s.Lon
			s.Lon = &lon
		}
		if s.Hours != nil {
			h := make(map[string][]stores.Interval, len(s.Hours))
			for d, ivs := range s.Hours {
				h[d] = slices.Clone(ivs)
			}
			s.Hours = h
		}
	}
	return out
}

// cachedRules returns the hand-off rules when the cache holds them fresh.
func (c *caches) cachedRules() (string, bool) {
	if !c.on() {
		return "", false
	}
	e := c.rules.Load()
	if e == nil || e.gen != c.gen(kindHandoffRules) || time.Since(e.at) >= c.ttl {
		return "", false
	}
	return e.rules, true
}

func (c *caches) keepRules(gen int64, rules string) {
	if !c.on() || gen != c.gen(kindHandoffRules) {
		return
	}
	c.rules.Store(&cachedRules{gen: gen, at: time.Now(), rules: rules})
}
