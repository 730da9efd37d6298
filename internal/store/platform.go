package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// AcceptPlatformEvent stores a webhook event once per platform and event id.
func (db *DB) AcceptPlatformEvent(ctx context.Context, e platform.Event, at time.Time) (bool, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
INSERT INTO platform_events (platform, event_id, topic, payload, received_at, next_try_at)
VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (platform, event_id) DO NOTHING`,
			e.Platform, e.EventID, e.Topic, string(e.Payload), at.UTC())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return nil
		}
		if err := ensureSync(ctx, tx, e.Platform); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE platform_sync SET last_event_at = $1 WHERE platform = $2`, at.UTC(), e.Platform)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("accept platform event: %w", err)
	}
	return n == 1, nil
}

// ClaimPlatformEvents leases up to limit due events, oldest first.
func (db *DB) ClaimPlatformEvents(ctx context.Context, plat string, at time.Time, lease time.Duration, limit int) ([]platform.Event, error) {
	at = at.UTC()
	rows, err := db.write.QueryContext(ctx, `
SELECT id, platform, event_id, topic, payload, attempts FROM platform_events
WHERE platform = $1 AND status = 'pending' AND next_try_at <= $2 ORDER BY id LIMIT $3`, plat, at, limit)
	if err != nil {
		return nil, fmt.Errorf("read due platform events: %w", err)
	}
	var due []platform.Event
	for rows.Next() {
		var e platform.Event
		var payload string
		if err := rows.Scan(&e.ID, &e.Platform, &e.EventID, &e.Topic, &payload, &e.Attempts); err != nil {
			rows.Close()
			return nil, err
		}
		e.Payload = []byte(payload)
		due = append(due, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var claimed []platform.Event
	for _, e := range due {
		// The conditional update is the claim: of two instances reading the
		// same due event, only one moves its time on.
		res, err := db.write.ExecContext(ctx, `UPDATE platform_events SET next_try_at = $1
WHERE id = $2 AND status = 'pending' AND next_try_at <= $3`, at.Add(lease), e.ID, at)
		if err != nil {
			return claimed, fmt.Errorf("claim platform event: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			claimed = append(claimed, e)
		}
	}
	return claimed, nil
}

// FinishPlatformEvent marks an event applied.
func (db *DB) FinishPlatformEvent(ctx context.Context, id int64, at time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var plat string
		err := tx.QueryRowContext(ctx, `UPDATE platform_events SET status = 'done', applied_at = $1, attempts = attempts + 1
WHERE id = $2 AND status = 'pending' RETURNING platform`, at.UTC(), id).Scan(&plat)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("finish platform event: %w", err)
		}
		if err := ensureSync(ctx, tx, plat); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE platform_sync SET events_applied = events_applied + 1 WHERE platform = $1`, plat)
		return err
	})
}

// FailPlatformEvent records a failed attempt; giveUp leaves it failed.
func (db *DB) FailPlatformEvent(ctx context.Context, id int64, msg string, nextTry time.Time, giveUp bool) error {
	status := "pending"
	if giveUp {
		status = "failed"
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var plat string
		err := tx.QueryRowContext(ctx, `UPDATE platform_events SET status = $1, attempts = attempts + 1, last_error = $2, next_try_at = $3
WHERE id = $4 RETURNING platform`, status, clip(msg), nextTry.UTC(), id).Scan(&plat)
		if err != nil {
			return fmt.Errorf("fail platform event: %w", err)
		}
		if !giveUp {
			return nil
		}
		if err := ensureSync(ctx, tx, plat); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE platform_sync SET events_failed = events_failed + 1 WHERE platform = $1`, plat)
		return err
	})
}

// ApplyPlatformProducts stores upstream products and which upstream ids
// their SKUs stand for, all in one transaction.
func (db *DB) ApplyPlatformProducts(ctx context.Context, plat string, ps []platform.Product) ([]catalog.Upsert, error) {
	res := make([]catalog.Upsert, len(ps))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for i := range ps {
			if err := db.applyPlatformProduct(ctx, tx, plat, &ps[i], &res[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (db *DB) applyPlatformProduct(ctx context.Context, tx *sql.Tx, plat string, p *platform.Product, res *catalog.Upsert) error {
	// A product keeps the handle it was first stored under, even when it is
	// renamed upstream: our links, carts and orders name it by that.
	var handle string
	err := tx.QueryRowContext(ctx, `SELECT handle FROM platform_products WHERE platform = $1 AND product_id = $2`, plat, p.ExternalID).Scan(&handle)
	switch {
	case err == nil:
		p.Handle = handle
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO platform_products (platform, product_id, handle) VALUES ($1, $2, $3)`,
			plat, p.ExternalID, p.Handle); err != nil {
			return fmt.Errorf("map product %s: %w", p.ExternalID, err)
		}
	default:
		return err
	}
	skus := make([]string, len(p.Variants))
	for i, v := range p.Variants {
		skus[i] = v.SKU
	}
	held, err := heldStock(ctx, tx, plat, skus)
	if err != nil {
		return err
	}
	for i := range p.Variants {
		v := &p.Variants[i]
		if v.Stock != platform.StockUnknown {
			v.Stock = max(0, v.Stock-held[v.SKU])
			continue
		}
		// Upstream did not say: what we have (already net of what is held)
		// stays.
		err := tx.QueryRowContext(ctx, `SELECT stock FROM variants WHERE sku = $1`, v.SKU).Scan(&v.Stock)
		if errors.Is(err, sql.ErrNoRows) {
			v.Stock = 0
		} else if err != nil {
			return fmt.Errorf("read stock of %s: %w", v.SKU, err)
		}
	}
	if err := db.upsertProduct(ctx, tx, &p.Product, res); err != nil {
		return err
	}
	for i, it := range p.Items {
		if i >= len(p.Variants) {
			break
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO platform_items (platform, sku, product_id, variant_id, inventory_item_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (platform, sku) DO UPDATE SET product_id = excluded.product_id, variant_id = excluded.variant_id,
  inventory_item_id = excluded.inventory_item_id`,
			plat, p.Variants[i].SKU, p.ExternalID, it.VariantID, it.InventoryItemID); err != nil {
			return fmt.Errorf("map variant %s: %w", p.Variants[i].SKU, err)
		}
	}
	return nil
}

// heldStock is what our own orders hold of each SKU that upstream does not
// know about yet: unpaid orders (their reservation) and paid ones not yet
// created upstream. Upstream stock less this is what we may still sell.
// It first takes the variants' row locks (PostgreSQL), so an order placed
// at the same time either is counted here or takes its stock after our
// write, never in between.
func heldStock(ctx context.Context, tx *sql.Tx, plat string, skus []string) (map[string]int, error) {
	held := map[string]int{}
	if len(skus) == 0 {
		return held, nil
	}
	args := []any{plat}
	marks := make([]string, len(skus))
	for i, s := range skus {
		args = append(args, s)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	in := strings.Join(marks, ",")
	lock := make([]string, len(skus))
	for i := range skus {
		lock[i] = "$" + strconv.Itoa(i+1)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE variants SET stock = stock WHERE sku IN (`+strings.Join(lock, ",")+`)`, args[1:]...); err != nil {
		return nil, fmt.Errorf("lock variants: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `
SELECT oi.sku, SUM(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
WHERE oi.sku IN (`+in+`) AND (o.status = 'pending' OR o.number IN (
  SELECT order_number FROM platform_orders WHERE platform = $1 AND status = 'pending'))
GROUP BY oi.sku`, args...)
	if err != nil {
		return nil, fmt.Errorf("read held stock: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var n int
		if err := rows.Scan(&sku, &n); err != nil {
			return nil, err
		}
		held[sku] = n
	}
	return held, rows.Err()
}

// ArchivePlatformProducts archives the products that came from these
// upstream ids; archived products are neither found nor sold.
func (db *DB) ArchivePlatformProducts(ctx context.Context, plat string, ids []string) (int, error) {
	total := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			batch := ids[start:min(start+500, len(ids))]
			args := []any{catalog.StatusArchived, now(), plat}
			marks := make([]string, len(batch))
			for i, id := range batch {
				args = append(args, id)
				marks[i] = "$" + strconv.Itoa(len(args))
			}
			res, err := tx.ExecContext(ctx, `UPDATE products SET status = $1, updated_at = $2
WHERE status <> $1 AND handle IN (SELECT handle FROM platform_products WHERE platform = $3 AND product_id IN (`+strings.Join(marks, ",")+`))`, args...)
			if err != nil {
				return fmt.Errorf("archive products: %w", err)
			}
			n, _ := res.RowsAffected()
			total += int(n)
		}
		if total == 0 {
			return nil
		}
		if err := db.touch(ctx, tx, kindProducts); err != nil {
			return err
		}
		_, err := next(ctx, tx, "catalog_version", 1)
		return err
	})
	return total, err
}

// PlatformProductIDs lists the upstream ids of the products that came from
// the platform and are not archived.
func (db *DB) PlatformProductIDs(ctx context.Context, plat string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT pp.product_id FROM platform_products pp JOIN products p ON p.handle = pp.handle
WHERE pp.platform = $1 AND p.status <> $2`, plat, catalog.StatusArchived)
	if err != nil {
		return nil, fmt.Errorf("list platform products: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SetPlatformStock records an inventory level and sets the variant's stock
// to the item's total over its locations, less what our orders hold.
func (db *DB) SetPlatformStock(ctx context.Context, plat string, l platform.StockLevel) (string, bool, error) {
	var sku string
	found := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO platform_stock_levels (platform, inventory_item_id, location_id, available) VALUES ($1, $2, $3, $4)
ON CONFLICT (platform, inventory_item_id, location_id) DO UPDATE SET available = excluded.available`,
			plat, l.InventoryItemID, l.LocationID, l.Available); err != nil {
			return fmt.Errorf("record stock level: %w", err)
		}
		err := tx.QueryRowContext(ctx, `SELECT sku FROM platform_items WHERE platform = $1 AND inventory_item_id = $2`, plat, l.InventoryItemID).Scan(&sku)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		total := l.Available
		if l.LocationID != "" {
			if err := tx.QueryRowContext(ctx, `SELECT SUM(available) FROM platform_stock_levels
WHERE platform = $1 AND inventory_item_id = $2 AND location_id <> ''`, plat, l.InventoryItemID).Scan(&total); err != nil {
				return err
			}
		}
		held, err := heldStock(ctx, tx, plat, []string{sku})
		if err != nil {
			return err
		}
		if err := db.touch(ctx, tx, kindProducts); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE variants SET stock = $1 WHERE sku = $2`, max(0, total-held[sku]), sku)
		return err
	})
	return sku, found, err
}

// PlatformItems returns the upstream ids of these SKUs (those known).
func (db *DB) PlatformItems(ctx context.Context, plat string, skus []string) (map[string]platform.Item, error) {
	out := map[string]platform.Item{}
	for _, sku := range skus {
		var it platform.Item
		err := db.read.QueryRowContext(ctx, `SELECT sku, product_id, variant_id, inventory_item_id FROM platform_items
WHERE platform = $1 AND sku = $2`, plat, sku).Scan(&it.SKU, &it.ProductID, &it.VariantID, &it.InventoryItemID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read platform item %s: %w", sku, err)
		}
		out[sku] = it
	}
	return out, nil
}

// QueuePlatformOrder queues an order to be created upstream, once.
func (db *DB) QueuePlatformOrder(ctx context.Context, plat, number string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO platform_orders (platform, order_number, next_try_at, created_at, updated_at)
VALUES ($1, $2, $3, $3, $3) ON CONFLICT (platform, order_number) DO NOTHING`, plat, number, at.UTC())
	if err != nil {
		return fmt.Errorf("queue platform order: %w", err)
	}
	return nil
}

// ClaimPlatformOrders leases up to limit due queued orders.
func (db *DB) ClaimPlatformOrders(ctx context.Context, plat string, at time.Time, lease time.Duration, limit int) ([]platform.PendingOrder, error) {
	at = at.UTC()
	rows, err := db.write.QueryContext(ctx, `SELECT order_number, attempts FROM platform_orders
WHERE platform = $1 AND status = 'pending' AND next_try_at <= $2 ORDER BY created_at LIMIT $3`, plat, at, limit)
	if err != nil {
		return nil, fmt.Errorf("read due platform orders: %w", err)
	}
	var due []platform.PendingOrder
	for rows.Next() {
		po := platform.PendingOrder{Platform: plat}
		if err := rows.Scan(&po.Number, &po.Attempts); err != nil {
			rows.Close()
			return nil, err
		}
		due = append(due, po)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var claimed []platform.PendingOrder
	for _, po := range due {
		res, err := db.write.ExecContext(ctx, `UPDATE platform_orders SET next_try_at = $1
WHERE platform = $2 AND order_number = $3 AND status = 'pending' AND next_try_at <= $4`, at.Add(lease), plat, po.Number, at)
		if err != nil {
			return claimed, fmt.Errorf("claim platform order: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			claimed = append(claimed, po)
		}
	}
	return claimed, nil
}

// PlatformOrderCreated keeps the upstream id of an order created there.
func (db *DB) PlatformOrderCreated(ctx context.Context, plat, number, externalID string, at time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE platform_orders SET status = 'created', external_id = $1, attempts = attempts + 1,
  last_error = '', updated_at = $2 WHERE platform = $3 AND order_number = $4 AND status = 'pending'`, externalID, at.UTC(), plat, number)
		if err != nil {
			return fmt.Errorf("record platform order: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := ensureSync(ctx, tx, plat); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE platform_sync SET orders_created = orders_created + 1 WHERE platform = $1`, plat)
		return err
	})
}

// PlatformOrderFailed records a failed (or postponed, msg "") attempt.
func (db *DB) PlatformOrderFailed(ctx context.Context, plat, number, msg string, nextTry time.Time, giveUp bool) error {
	status, inc := "pending", 1
	if giveUp {
		status = "failed"
	}
	if msg == "" {
		inc = 0
	}
	_, err := db.write.ExecContext(ctx, `UPDATE platform_orders SET status = $1, attempts = attempts + $2, last_error = $3, next_try_at = $4, updated_at = $5
WHERE platform = $6 AND order_number = $7`, status, inc, clip(msg), nextTry.UTC(), now(), plat, number)
	if err != nil {
		return fmt.Errorf("record failed platform order: %w", err)
	}
	return nil
}

// PlatformOrderNumber returns our order number for an upstream order id,
// order.ErrNotFound when the order is not one of ours.
func (db *DB) PlatformOrderNumber(ctx context.Context, plat, externalID string) (string, error) {
	var number string
	err := db.read.QueryRowContext(ctx, `SELECT order_number FROM platform_orders WHERE platform = $1 AND external_id = $2`, plat, externalID).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) || externalID == "" {
		return "", order.ErrNotFound
	}
	return number, err
}

// MarkOrderRefunded sets an order's payment refunded, once.
func (db *DB) MarkOrderRefunded(ctx context.Context, number string) (bool, error) {
	var n int64
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET payment_status = $1, updated_at = $2 WHERE number = $3 AND payment_status <> $1`,
			order.PaymentRefunded, now(), number)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark order refunded: %w", err)
	}
	return n == 1, nil
}

// PlatformSynced records a finished full sync.
func (db *DB) PlatformSynced(ctx context.Context, plat string, products, variants, archived int, at time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := ensureSync(ctx, tx, plat); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE platform_sync SET last_sync_at = $1, products = $2, variants = $3, archived = $4
WHERE platform = $5`, at.UTC(), products, variants, archived, plat)
		return err
	})
}

// PlatformError records the platform's last error.
func (db *DB) PlatformError(ctx context.Context, plat, msg string, at time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := ensureSync(ctx, tx, plat); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE platform_sync SET last_error = $1, last_error_at = $2 WHERE platform = $3`, clip(msg), at.UTC(), plat)
		return err
	})
}

// PlatformStatus returns the platform's sync record with its queues' lengths.
func (db *DB) PlatformStatus(ctx context.Context, plat string) (platform.Status, error) {
	st := platform.Status{Platform: plat}
	var lastSync, lastEvent, lastErr sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT last_sync_at, last_event_at, last_error, last_error_at, products, variants, archived,
  events_applied, events_failed, orders_created FROM platform_sync WHERE platform = $1`, plat).Scan(
		&lastSync, &lastEvent, &st.LastError, &lastErr, &st.Products, &st.Variants, &st.Archived, &st.EventsApplied, &st.EventsFailed, &st.OrdersCreated)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("read platform status: %w", err)
	}
	st.LastSyncAt, st.LastEventAt, st.LastErrorAt = timePtr(lastSync), timePtr(lastEvent), timePtr(lastErr)
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM platform_events WHERE platform = $1 AND status = 'pending'`, plat).Scan(&st.EventsPending); err != nil {
		return st, err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM platform_orders WHERE platform = $1 AND status = 'pending'`, plat).Scan(&st.OrdersPending); err != nil {
		return st, err
	}
	return st, nil
}

func ensureSync(ctx context.Context, tx *sql.Tx, plat string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO platform_sync (platform) VALUES ($1) ON CONFLICT (platform) DO NOTHING`, plat)
	return err
}

// clip keeps stored error messages to a readable length.
func clip(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
