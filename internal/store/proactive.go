package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// AbandonedCarts lists carts with lines, last touched in [since,
// idleBefore), that have had no recovery since their oldest line was
// added: a cart emptied by a payment and filled again is a new basket, a
// cart merely edited after its recovery is not.
func (db *DB) AbandonedCarts(ctx context.Context, since, idleBefore time.Time, limit int) ([]proactive.Abandoned, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT k.id, COALESCE(k.conversation_id, ''), COALESCE(k.customer_id, 0), b.basket
FROM carts k JOIN (SELECT cart_id, MIN(added_at) AS basket FROM cart_items GROUP BY cart_id) b ON b.cart_id = k.id
WHERE k.updated_at < $1 AND k.updated_at >= $2
  AND NOT EXISTS (SELECT 1 FROM proactive_messages p WHERE p.cart_id = k.id AND p.created_at >= b.basket)
ORDER BY k.updated_at LIMIT $3`, idleBefore.UTC(), since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("find abandoned carts: %w", err)
	}
	defer rows.Close()
	var out []proactive.Abandoned
	for rows.Next() {
		var a proactive.Abandoned
		var basket anyTime
		if err := rows.Scan(&a.CartID, &a.ConversationID, &a.CustomerID, &basket); err != nil {
			return nil, fmt.Errorf("find abandoned carts: %w", err)
		}
		a.Basket = basket.Time
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A customer's cart follows them across conversations: the recovery
	// goes to the one they used last.
	for i := range out {
		if out[i].ConversationID != "" || out[i].CustomerID == 0 {
			continue
		}
		err := db.read.QueryRowContext(ctx, `SELECT id FROM conversations WHERE customer_id = $1 ORDER BY updated_at DESC LIMIT 1`,
			out[i].CustomerID).Scan(&out[i].ConversationID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("find a cart's conversation: %w", err)
		}
	}
	return out, nil
}

// CartLeft reports whether the shopper really left the cart: the
// conversation is idle since idleBefore and the cart was not bought
// (CartBought).
func (db *DB) CartLeft(ctx context.Context, conversationID string, idleBefore, basket time.Time) (bool, error) {
	var active int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations WHERE id = $1 AND updated_at >= $2`,
		conversationID, idleBefore.UTC()).Scan(&active)
	if err != nil {
		return false, fmt.Errorf("check cart of %s: %w", conversationID, err)
	}
	if active > 0 {
		return false, nil
	}
	bought, err := db.CartBought(ctx, conversationID, basket)
	return !bought && err == nil, err
}

// CartBought reports whether a checkout of the conversation waits for
// payment, or an order was paid in it since the basket began.
func (db *DB) CartBought(ctx context.Context, conversationID string, basket time.Time) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE conversation_id = $1 AND (status = 'pending' OR
  (payment_status IN `+paidStatuses+` AND created_at >= $2))`, conversationID, basket.UTC()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check orders of %s: %w", conversationID, err)
	}
	return n > 0, nil
}

// QueueProactive queues a message once per (kind, ref) and reports
// whether this call queued it; an abandoned cart's queuing is recorded as
// the cart_abandoned event.
func (db *DB) QueueProactive(ctx context.Context, q proactive.Queued) (bool, error) {
	queued := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var cart sql.NullInt64
		if q.CartID != 0 {
			cart = sql.NullInt64{Int64: q.CartID, Valid: true}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO proactive_messages (kind, ref, conversation_id, cart_id, purpose, data, due_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (kind, ref) DO NOTHING`,
			q.Kind, q.Ref, q.ConversationID, cart, q.Purpose, jsonText(q.Data), q.DueAt.UTC(), now())
		if err != nil {
			return fmt.Errorf("queue %s: %w", q.Kind, err)
		}
		n, _ := res.RowsAffected()
		queued = n == 1
		if queued && q.Kind == proactive.CartRecovery {
			return appendEvent(ctx, tx, "cart_abandoned", q.ConversationID, 0, map[string]any{"cart": q.CartID})
		}
		return nil
	})
	return queued, err
}

// DueProactive lists the queued messages due at now, oldest first.
func (db *DB) DueProactive(ctx context.Context, now time.Time, limit int) ([]proactive.Queued, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, ref, conversation_id, COALESCE(cart_id, 0), purpose, data, due_at
FROM proactive_messages WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2`, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("read due proactive messages: %w", err)
	}
	defer rows.Close()
	var out []proactive.Queued
	for rows.Next() {
		var q proactive.Queued
		var data string
		var due anyTime
		if err := rows.Scan(&q.ID, &q.Kind, &q.Ref, &q.ConversationID, &q.CartID, &q.Purpose, &data, &due); err != nil {
			return nil, fmt.Errorf("read due proactive messages: %w", err)
		}
		q.DueAt = due.Time
		if err := json.Unmarshal([]byte(data), &q.Data); err != nil {
			return nil, fmt.Errorf("proactive message %d: %w", q.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// HoldProactive moves a waiting message to until, saying why.
func (db *DB) HoldProactive(ctx context.Context, id int64, until time.Time, reason string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE proactive_messages SET due_at = $1, reason = $2 WHERE id = $3 AND status = 'pending'`, until.UTC(), reason, id)
		return err
	})
}

// DropProactive gives a message up for good (no consent, a colleague owns
// the chat, nothing left to say), pending or just claimed.
func (db *DB) DropProactive(ctx context.Context, id int64, reason string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE proactive_messages SET status = 'dropped', reason = $1, sent_at = NULL WHERE id = $2 AND status IN ('pending', 'sent')`, reason, id)
		return err
	})
}

// ClaimProactive marks a due message sent and reports whether this caller
// won it, so that several instances send it once; the send is recorded as
// the proactive_sent event.
func (db *DB) ClaimProactive(ctx context.Context, q proactive.Queued) (bool, error) {
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE proactive_messages SET status = 'sent', sent_at = $1, reason = '' WHERE id = $2 AND status = 'pending'`, now(), q.ID)
		if err != nil {
			return fmt.Errorf("claim proactive message %d: %w", q.ID, err)
		}
		n, _ := res.RowsAffected()
		if won = n == 1; !won {
			return nil
		}
		return appendEvent(ctx, tx, "proactive_sent", q.ConversationID, 0, map[string]any{"kind": q.Kind, "ref": q.Ref})
	})
	return won, err
}

// ProactiveFacts are what the rules need to know of a conversation: its
// shopper's latest word on marketing (in this conversation or as the
// customer), the marketing messages it got since since, and the country of
// the shopper's latest order.
func (db *DB) ProactiveFacts(ctx context.Context, conversationID string, customerID int64, since time.Time) (proactive.Facts, error) {
	var f proactive.Facts
	var granted sql.NullBool
	err := db.read.QueryRowContext(ctx, `SELECT granted FROM consents WHERE purpose = 'marketing'
AND (conversation_id = $1 OR (customer_id IS NOT NULL AND customer_id = $2)) ORDER BY created_at DESC, id DESC LIMIT 1`,
		conversationID, customerID).Scan(&granted)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("read consent of %s: %w", conversationID, err)
	}
	f.MarketingWithdrawn = granted.Valid && !granted.Bool
	rows, err := db.read.QueryContext(ctx, `SELECT sent_at FROM proactive_messages
WHERE conversation_id = $1 AND purpose = 'marketing' AND status = 'sent' AND sent_at >= $2`, conversationID, since.UTC())
	if err != nil {
		return f, fmt.Errorf("read recent messages of %s: %w", conversationID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t anyTime
		if err := rows.Scan(&t); err != nil {
			return f, err
		}
		f.Recent = append(f.Recent, t.Time)
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	var addr string
	err = db.read.QueryRowContext(ctx, `SELECT shipping_address FROM orders
WHERE conversation_id = $1 OR (customer_id IS NOT NULL AND customer_id = $2) ORDER BY id DESC LIMIT 1`, conversationID, customerID).Scan(&addr)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("read country of %s: %w", conversationID, err)
	}
	var a address.Address
	if addr != "" && json.Unmarshal([]byte(addr), &a) == nil {
		f.Country = a.Country
	}
	return f, nil
}

// RecoveryClicked records the first tap on a conversation's cart-recovery
// button (the cart_recovery_clicked event); later taps change nothing.
func (db *DB) RecoveryClicked(ctx context.Context, conversationID string) (bool, error) {
	first := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE proactive_messages SET clicked_at = $1
WHERE id = (SELECT MAX(id) FROM proactive_messages WHERE conversation_id = $2 AND kind = 'cart_recovery' AND status = 'sent') AND clicked_at IS NULL`,
			now(), conversationID)
		if err != nil {
			return fmt.Errorf("record recovery click: %w", err)
		}
		n, _ := res.RowsAffected()
		if first = n == 1; !first {
			return nil
		}
		return appendEvent(ctx, tx, "cart_recovery_clicked", conversationID, 0, nil)
	})
	return first, err
}

// AttributeRecoveries links each sent cart recovery (of the last 30 days)
// to the first order paid in its conversation after it, once, recorded as
// the cart_recovered event; it returns how many it linked.
func (db *DB) AttributeRecoveries(ctx context.Context, limit int) (int, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT p.id, p.conversation_id,
  (SELECT MIN(o.id) FROM orders o WHERE o.conversation_id = p.conversation_id AND o.payment_status IN `+paidStatuses+` AND o.created_at >= p.sent_at)
FROM proactive_messages p
WHERE p.kind = 'cart_recovery' AND p.status = 'sent' AND p.order_id IS NULL AND p.sent_at >= $1
ORDER BY p.id LIMIT $2`, now().Add(-30*24*time.Hour), limit)
	if err != nil {
		return 0, fmt.Errorf("find recovered carts: %w", err)
	}
	type hit struct {
		id    int64
		conv  string
		order int64
	}
	var hits []hit
	for rows.Next() {
		var h hit
		var o sql.NullInt64
		if err := rows.Scan(&h.id, &h.conv, &o); err != nil {
			rows.Close()
			return 0, err
		}
		if o.Valid {
			h.order = o.Int64
			hits = append(hits, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, h := range hits {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE proactive_messages SET order_id = $1 WHERE id = $2 AND order_id IS NULL`, h.order, h.id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil // another instance linked it
			}
			n++
			return appendEvent(ctx, tx, "cart_recovered", h.conv, h.order, nil)
		})
		if err != nil {
			return n, fmt.Errorf("link recovered cart: %w", err)
		}
	}
	return n, nil
}

// PriceAlert is a shopper waiting for a variant to get cheaper.
type PriceAlert struct {
	ID             int64
	SKU            string
	ConversationID string
	Language       string
	Price          int64 // when they asked, minor units
}

// WatchPrice records that a conversation wants to hear when sku costs less
// than price; asking again starts over from the new price.
func (db *DB) WatchPrice(ctx context.Context, sku, conversationID, language string, price int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO price_alerts (sku, conversation_id, language, price, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (sku, conversation_id) DO UPDATE SET notified_at = NULL, price = excluded.price, language = excluded.language`,
			sku, conversationID, language, price, now())
		if err != nil {
			return fmt.Errorf("watch the price of %s: %w", sku, err)
		}
		return nil
	})
}

// DuePriceDrops lists price alerts whose variant now costs less.
func (db *DB) DuePriceDrops(ctx context.Context, limit int) ([]PriceAlert, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, a.sku, a.conversation_id, a.language, a.price FROM price_alerts a JOIN variants v ON v.sku = a.sku
WHERE a.notified_at IS NULL AND v.price < a.price ORDER BY a.id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("read due price alerts: %w", err)
	}
	defer rows.Close()
	var out []PriceAlert
	for rows.Next() {
		var a PriceAlert
		if err := rows.Scan(&a.ID, &a.SKU, &a.ConversationID, &a.Language, &a.Price); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ClaimPriceAlert marks a price alert as done and reports whether this
// caller won it.
func (db *DB) ClaimPriceAlert(ctx context.Context, id int64) (bool, error) {
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE price_alerts SET notified_at = $1 WHERE id = $2 AND notified_at IS NULL`, now(), id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		won = n == 1
		return nil
	})
	return won, err
}

// ProactiveLog lists a conversation's queued messages, oldest first.
func (db *DB) ProactiveLog(ctx context.Context, conversationID string) ([]proactive.Record, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, status, reason, due_at, sent_at, clicked_at, COALESCE(order_id, 0)
FROM proactive_messages WHERE conversation_id = $1 ORDER BY id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("read proactive messages of %s: %w", conversationID, err)
	}
	defer rows.Close()
	var out []proactive.Record
	for rows.Next() {
		var r proactive.Record
		var due, sent, clicked anyTime
		if err := rows.Scan(&r.Kind, &r.Status, &r.Reason, &due, &sent, &clicked, &r.OrderID); err != nil {
			return nil, err
		}
		r.DueAt = due.Time
		if sent.Valid {
			r.SentAt = &sent.Time
		}
		if clicked.Valid {
			r.ClickedAt = &clicked.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
