package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Store is the storage the sync needs (internal/store implements it).
type Store interface {
	// AcceptPlatformEvent stores an event unless one with the same
	// platform and event id was stored before; it reports whether it did.
	AcceptPlatformEvent(ctx context.Context, e Event, now time.Time) (bool, error)
	// ClaimPlatformEvents takes up to limit due events for lease, so that
	// one instance applies each; an event whose applier crashed is due
	// again when the lease ends.
	ClaimPlatformEvents(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]Event, error)
	FinishPlatformEvent(ctx context.Context, id int64, now time.Time) error
	FailPlatformEvent(ctx context.Context, id int64, msg string, next time.Time, giveUp bool) error
	// ApplyPlatformProducts stores upstream products with their upstream
	// ids; each variant's stock is the upstream figure less what our unpaid
	// (and not yet sent upstream) orders hold.
	ApplyPlatformProducts(ctx context.Context, platform string, ps []Product) ([]catalog.Upsert, error)
	ArchivePlatformProducts(ctx context.Context, platform string, externalIDs []string) (int, error)
	PlatformProductIDs(ctx context.Context, platform string) ([]string, error)
	// SetPlatformStock records one inventory level and sets the variant's
	// stock from it (less what our orders hold); found is false for an
	// inventory item we do not know.
	SetPlatformStock(ctx context.Context, platform string, l StockLevel) (sku string, found bool, err error)
	PlatformItems(ctx context.Context, platform string, skus []string) (map[string]Item, error)
	QueuePlatformOrder(ctx context.Context, platform, number string, now time.Time) error
	ClaimPlatformOrders(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]PendingOrder, error)
	PlatformOrderCreated(ctx context.Context, platform, number, externalID string, now time.Time) error
	PlatformOrderFailed(ctx context.Context, platform, number, msg string, next time.Time, giveUp bool) error
	PlatformOrderNumber(ctx context.Context, platform, externalID string) (string, error)
	MarkOrderRefunded(ctx context.Context, number string) (bool, error)
	PlatformSynced(ctx context.Context, platform string, products, variants, archived int, at time.Time) error
	PlatformError(ctx context.Context, platform, msg string, at time.Time) error
	PlatformStatus(ctx context.Context, platform string) (Status, error)
}

// Catalog is the catalogue's search index, rebuilt after products change so
// that a product removed upstream is gone from the next answer.
type Catalog interface {
	Refresh(ctx context.Context) error
}

// Orders is what fulfilments and order creation need of our orders.
type Orders interface {
	ByNumber(ctx context.Context, number string) (*order.Order, error)
	Fulfil(ctx context.Context, number string, sh order.Shipment) (*order.Order, error)
}

// Service keeps one platform in step with the shop.
type Service struct {
	p       Platform
	store   Store
	catalog Catalog
	orders  Orders
	wake    chan struct{}

	// Now is the clock (tests move it).
	Now func() time.Time
	// Interval is how often the background loop looks for due work even
	// when nothing woke it (another instance's events, retries).
	Interval time.Duration
	// Reconcile is how often the whole catalogue is read again; 0: never
	// (the first sync and `shopkeeper sync` still run).
	Reconcile time.Duration
	// MaxAttempts is how often an event or an order is tried before it is
	// left as failed (and shown on the status page).
	MaxAttempts int
}

// New makes the sync of platform p.
func New(p Platform, st Store, cat Catalog, orders Orders) *Service {
	return &Service{p: p, store: st, catalog: cat, orders: orders, wake: make(chan struct{}, 1),
		Now: time.Now, Interval: 2 * time.Second, Reconcile: 24 * time.Hour, MaxAttempts: 8}
}

// Name is the platform's key.
func (s *Service) Name() string { return s.p.Name() }

// lease is how long a claimed event or order is someone's before another
// instance may take it (its applier crashed).
const lease = 2 * time.Minute

// Accept stores a verified webhook delivery and wakes the background loop;
// it reports false for an event id seen before. Storing before answering
// is what makes an acknowledged event survive a crash.
func (s *Service) Accept(ctx context.Context, eventID, topic string, payload []byte) (bool, error) {
	ok, err := s.store.AcceptPlatformEvent(ctx, Event{Platform: s.p.Name(), EventID: eventID, Topic: topic, Payload: payload}, s.Now())
	if err != nil {
		return false, fmt.Errorf("store %s event: %w", s.p.Name(), err)
	}
	if ok {
		s.Wake()
	}
	return ok, nil
}

// Wake asks the background loop to look for work now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run applies events and sends orders until ctx ends; it reconciles the
// catalogue every Reconcile, first at start when nothing was synced yet.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	var lastSync time.Time
	if st, err := s.store.PlatformStatus(ctx, s.p.Name()); err == nil && st.LastSyncAt != nil {
		lastSync = *st.LastSyncAt
	}
	for {
		if s.Reconcile > 0 && s.Now().Sub(lastSync) >= s.Reconcile {
			// Set first: a failing upstream is retried at the next
			// reconciliation, not on every tick.
			lastSync = s.Now()
			if _, err := s.FullSync(ctx, nil); err != nil && ctx.Err() == nil {
				slog.Error("platform reconciliation", "platform", s.p.Name(), "err", err)
			}
		}
		if _, err := s.ProcessEvents(ctx); err != nil && ctx.Err() == nil {
			slog.Error("platform events", "platform", s.p.Name(), "err", err)
		}
		if _, err := s.PushOrders(ctx); err != nil && ctx.Err() == nil {
			slog.Error("platform orders", "platform", s.p.Name(), "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// backoff is the wait before the n-th retry: 10s, 20s, 40s … at most an hour.
func backoff(n int) time.Duration {
	d := 10 * time.Second << min(n, 9)
	return min(d, time.Hour)
}

// ProcessEvents applies the due stored events and returns how many it
// applied.
func (s *Service) ProcessEvents(ctx context.Context) (int, error) {
	applied := 0
	for {
		evs, err := s.store.ClaimPlatformEvents(ctx, s.p.Name(), s.Now(), lease, 50)
		if err != nil {
			return applied, fmt.Errorf("claim events: %w", err)
		}
		if len(evs) == 0 {
			return applied, nil
		}
		for _, e := range evs {
			err := s.applyEvent(ctx, e)
			if err == nil {
				if err := s.store.FinishPlatformEvent(ctx, e.ID, s.Now()); err != nil {
					return applied, err
				}
				applied++
				continue
			}
			giveUp := e.Attempts+1 >= s.MaxAttempts
			slog.Warn("apply platform event", "platform", s.p.Name(), "topic", e.Topic, "event", e.EventID, "attempt", e.Attempts+1, "err", err)
			if err := s.store.FailPlatformEvent(ctx, e.ID, err.Error(), s.Now().Add(backoff(e.Attempts)), giveUp); err != nil {
				return applied, err
			}
			s.store.PlatformError(ctx, s.p.Name(), fmt.Sprintf("event %s (%s): %v", e.EventID, e.Topic, err), s.Now())
		}
	}
}

func (s *Service) applyEvent(ctx context.Context, e Event) error {
	c, err := s.p.Decode(ctx, e.Topic, e.Payload)
	if errors.Is(err, ErrUnknownTopic) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("decode %s: %w", e.Topic, err)
	}
	return s.Apply(ctx, c)
}

// Apply makes the shop follow one change from upstream.
func (s *Service) Apply(ctx context.Context, c Change) error {
	changed := false
	if len(c.Products) > 0 {
		if _, err := s.store.ApplyPlatformProducts(ctx, s.p.Name(), c.Products); err != nil {
			return fmt.Errorf("apply products: %w", err)
		}
		changed = true
	}
	if len(c.Deleted) > 0 {
		n, err := s.store.ArchivePlatformProducts(ctx, s.p.Name(), c.Deleted)
		if err != nil {
			return fmt.Errorf("archive deleted products: %w", err)
		}
		changed = changed || n > 0
	}
	if changed {
		// Rebuilt now, not at the next search's freshness check: a product
		// deleted upstream must not be offered in the next answer.
		if err := s.catalog.Refresh(ctx); err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
	}
	for _, l := range c.Stock {
		// Stock is read fresh from the database by every search, so a
		// level needs no index rebuild. An unknown item is a variant we do
		// not sell (or not yet): nothing to do.
		if _, _, err := s.store.SetPlatformStock(ctx, s.p.Name(), l); err != nil {
			return fmt.Errorf("set stock of inventory item %s: %w", l.InventoryItemID, err)
		}
	}
	for _, f := range c.Fulfilments {
		if err := s.fulfil(ctx, f); err != nil {
			return err
		}
	}
	for _, r := range c.Refunds {
		if err := s.refund(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) ours(ctx context.Context, upstreamOrderID string) (*order.Order, error) {
	number, err := s.store.PlatformOrderNumber(ctx, s.p.Name(), upstreamOrderID)
	if errors.Is(err, order.ErrNotFound) {
		return nil, nil // an order the shop took elsewhere: not ours to follow
	}
	if err != nil {
		return nil, err
	}
	return s.orders.ByNumber(ctx, number)
}

func (s *Service) fulfil(ctx context.Context, f Fulfilment) error {
	o, err := s.ours(ctx, f.OrderID)
	if err != nil || o == nil {
		return err
	}
	for _, sh := range o.Shipments {
		// orders/fulfilled and fulfillments/create both tell of one parcel.
		if sh.TrackingNumber == f.TrackingNumber && (f.TrackingNumber != "" || sh.Carrier == carrierName(f, s.p.Name())) {
			return nil
		}
	}
	if o.Status == order.StatusCancelled {
		return nil
	}
	_, err = s.orders.Fulfil(ctx, o.Number, order.Shipment{Status: order.FulfillmentShipped,
		Carrier: carrierName(f, s.p.Name()), TrackingNumber: f.TrackingNumber})
	if err != nil {
		return fmt.Errorf("record shipment of order %s: %w", o.Number, err)
	}
	return nil
}

// carrierName is the carrier as the platform names it; never empty, since
// an empty carrier would make us book our own simulated one.
func carrierName(f Fulfilment, platform string) string {
	if c := strings.TrimSpace(f.Company); c != "" {
		return c
	}
	return platform
}

func (s *Service) refund(ctx context.Context, r Refund) error {
	o, err := s.ours(ctx, r.OrderID)
	if err != nil || o == nil {
		return err
	}
	if r.Amount > 0 && r.Amount < o.Total.Amount {
		// A partial refund leaves the order paid; the platform keeps the
		// details.
		slog.Info("partial refund upstream", "platform", s.p.Name(), "order", o.Number)
		return nil
	}
	if _, err := s.store.MarkOrderRefunded(ctx, o.Number); err != nil {
		return fmt.Errorf("mark order %s refunded: %w", o.Number, err)
	}
	return nil
}

// Summary counts a full sync.
type Summary struct {
	Products int
	Variants int
	Created  int
	Updated  int
	Archived int
	Failed   int // products that could not be stored
	Took     time.Duration
}

// FullSync reads the whole upstream catalogue and makes ours follow it:
// products are created and updated, and products of ours that came from
// upstream but are gone there are archived. progress, when set, is told
// how many products were stored so far.
func (s *Service) FullSync(ctx context.Context, progress func(done int)) (Summary, error) {
	start := s.Now()
	var sum Summary
	seen := map[string]bool{}
	var bad []string
	err := s.p.Catalogue(ctx, func(ps []Product) error {
		count := func(p Product, res catalog.Upsert) {
			sum.Products++
			sum.Variants += len(p.Variants)
			switch res {
			case catalog.Created:
				sum.Created++
			case catalog.Updated:
				sum.Updated++
			}
		}
		for _, p := range ps {
			// Seen even when it fails below: a product we cannot store is
			// not one to archive.
			seen[p.ExternalID] = true
		}
		res, err := s.store.ApplyPlatformProducts(ctx, s.p.Name(), ps)
		if err == nil {
			for i, p := range ps {
				count(p, res[i])
			}
		} else {
			// The page is stored again product by product, so one product
			// (a SKU another product of ours already has) costs only itself.
			for _, p := range ps {
				res, err := s.store.ApplyPlatformProducts(ctx, s.p.Name(), []Product{p})
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					bad = append(bad, fmt.Sprintf("%s (%s): %v", p.Handle, p.ExternalID, err))
					continue
				}
				count(p, res[0])
			}
		}
		if progress != nil {
			progress(sum.Products)
		}
		return nil
	})
	if err == nil {
		var ids []string
		ids, err = s.store.PlatformProductIDs(ctx, s.p.Name())
		var gone []string
		for _, id := range ids {
			if !seen[id] {
				gone = append(gone, id)
			}
		}
		if err == nil && len(gone) > 0 {
			sum.Archived, err = s.store.ArchivePlatformProducts(ctx, s.p.Name(), gone)
		}
	}
	if rerr := s.catalog.Refresh(ctx); err == nil && rerr != nil {
		err = fmt.Errorf("rebuild search index: %w", rerr)
	}
	sum.Took = s.Now().Sub(start)
	sum.Failed = len(bad)
	if err != nil {
		s.store.PlatformError(ctx, s.p.Name(), "full sync: "+err.Error(), s.Now())
		return sum, fmt.Errorf("full sync of %s: %w", s.p.Name(), err)
	}
	if err := s.store.PlatformSynced(ctx, s.p.Name(), sum.Products, sum.Variants, sum.Archived, s.Now()); err != nil {
		return sum, err
	}
	if len(bad) > 0 {
		for _, b := range bad {
			slog.Warn("product not stored", "platform", s.p.Name(), "product", b)
		}
		msg := fmt.Sprintf("full sync: %d products not stored, first: %s", len(bad), bad[0])
		s.store.PlatformError(ctx, s.p.Name(), msg, s.Now())
		return sum, fmt.Errorf("%s: %s", s.p.Name(), msg)
	}
	return sum, nil
}

// OrderPaid queues a paid chat order to be created upstream; the queue is
// stored, so neither a crash nor an upstream outage loses it.
func (s *Service) OrderPaid(ctx context.Context, o *order.Order) {
	if err := s.store.QueuePlatformOrder(ctx, s.p.Name(), o.Number, s.Now()); err != nil {
		slog.ErrorContext(ctx, "queue order for platform", "platform", s.p.Name(), "order", o.Number, "err", err)
		return
	}
	s.Wake()
}

// PushOrders creates the due queued orders upstream and returns how many
// it created.
func (s *Service) PushOrders(ctx context.Context) (int, error) {
	created := 0
	pending, err := s.store.ClaimPlatformOrders(ctx, s.p.Name(), s.Now(), lease, 20)
	if err != nil {
		return 0, fmt.Errorf("claim orders: %w", err)
	}
	for _, po := range pending {
		id, err := s.push(ctx, po.Number)
		switch {
		case err == nil:
			if err := s.store.PlatformOrderCreated(ctx, s.p.Name(), po.Number, id, s.Now()); err != nil {
				return created, err
			}
			created++
		case errors.Is(err, ErrRetryLater):
			if err := s.store.PlatformOrderFailed(ctx, s.p.Name(), po.Number, "", s.Now().Add(time.Minute), false); err != nil {
				return created, err
			}
		default:
			giveUp := po.Attempts+1 >= s.MaxAttempts || errors.Is(err, errCancelled)
			slog.Warn("create order upstream", "platform", s.p.Name(), "order", po.Number, "attempt", po.Attempts+1, "err", err)
			if err := s.store.PlatformOrderFailed(ctx, s.p.Name(), po.Number, err.Error(), s.Now().Add(backoff(po.Attempts)), giveUp); err != nil {
				return created, err
			}
			if !errors.Is(err, errCancelled) { // a cancelled order is no sync error
				s.store.PlatformError(ctx, s.p.Name(), fmt.Sprintf("order %s: %v", po.Number, err), s.Now())
			}
		}
	}
	return created, nil
}

// errCancelled drops a queued order that was cancelled before it was sent.
var errCancelled = errors.New("order cancelled before it was sent upstream")

func (s *Service) push(ctx context.Context, number string) (string, error) {
	o, err := s.orders.ByNumber(ctx, number)
	if err != nil {
		return "", fmt.Errorf("read order: %w", err)
	}
	switch {
	case o.Status == order.StatusOnHold:
		return "", ErrRetryLater
	case o.Status == order.StatusCancelled || o.PaymentStatus != order.PaymentPaid:
		return "", errCancelled
	}
	skus := make([]string, len(o.Items))
	for i, it := range o.Items {
		skus[i] = it.SKU
	}
	items, err := s.store.PlatformItems(ctx, s.p.Name(), skus)
	if err != nil {
		return "", fmt.Errorf("read upstream variants: %w", err)
	}
	lines := make([]Line, len(o.Items))
	for i, it := range o.Items {
		lines[i] = Line{Item: it, Upstream: items[it.SKU]}
	}
	return s.p.CreateOrder(ctx, o, lines)
}

// Status is the platform's sync record.
func (s *Service) Status(ctx context.Context) (Status, error) {
	return s.store.PlatformStatus(ctx, s.p.Name())
}
