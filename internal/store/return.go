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
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

const returnColumns = `r.id, r.order_id, o.number, r.kind, r.status, r.reason, r.note, r.method, r.pickup_start, r.pickup_end,
  r.label_token, r.conversation_id, r.language, r.currency, r.refund_amount, r.refund_reference, r.refunded_at,
  r.reject_reason, r.received_at, r.created_at, r.updated_at`

// lockOrder touches an order's row inside tx: on PostgreSQL that holds the
// row's lock until the transaction ends, so changes to one order's returns
// run one after the other (SQLite has a single writer anyway).
func lockOrder(ctx context.Context, tx *sql.Tx, orderID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE orders SET updated_at = updated_at WHERE id = $1`, orderID)
	if err != nil {
		return fmt.Errorf("lock order %d: %w", orderID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return order.ErrNotFound
	}
	return nil
}

// CreateReturn inserts r and reserves its exchange variants' stock; check
// sees the order's units already in (not rejected) returns under the
// order's lock.
//
// Durable (store.durableTx): a return requested and its exchange stock held
// are a promise to the shopper, as an order is.
func (db *DB) CreateReturn(ctx context.Context, r *returns.Return, capacity int, check func(returned map[string]int) error) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		if err := lockOrder(ctx, tx, r.OrderID); err != nil {
			return err
		}
		returned := map[string]int{}
		rows, err := tx.QueryContext(ctx, `SELECT i.sku, i.quantity FROM return_items i JOIN returns r ON r.id = i.return_id
WHERE r.order_id = $1 AND r.status <> $2`, r.OrderID, returns.StatusRejected)
		if err != nil {
			return fmt.Errorf("returned units: %w", err)
		}
		for rows.Next() {
			var sku string
			var q int
			if err := rows.Scan(&sku, &q); err != nil {
				rows.Close()
				return err
			}
			returned[sku] += q
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := check(returned); err != nil {
			return err
		}
		t := now()
		r.CreatedAt, r.UpdatedAt = t, t
		var ps, pe sql.NullTime
		if r.Pickup != nil {
			ps = sql.NullTime{Time: r.Pickup.Start.UTC(), Valid: true}
			pe = sql.NullTime{Time: r.Pickup.End.UTC(), Valid: true}
			// One statement takes a place only while the slot has one: the
			// row lock of the upsert makes a second shopper re-read the
			// count, so the last place goes to one of them.
			res, err := tx.ExecContext(ctx, `INSERT INTO pickup_bookings (slot_start, booked) VALUES ($1, 1)
ON CONFLICT (slot_start) DO UPDATE SET booked = pickup_bookings.booked + 1 WHERE pickup_bookings.booked < $2`, ps, capacity)
			if err != nil {
				return fmt.Errorf("book pickup: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return returns.ErrSlotFull
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns (id, order_id, kind, status, reason, note, method, pickup_start, pickup_end,
  label_token, conversation_id, language, currency, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
			r.ID, r.OrderID, r.Kind, r.Status, r.Reason, r.Note, r.Method, ps, pe, r.LabelToken, r.ConversationID, r.Language,
			r.Refund.Currency, t); err != nil {
			return fmt.Errorf("insert return: %w", err)
		}
		for i, l := range r.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO return_items (return_id, line, sku, title, quantity, unit_price, exchange_sku)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, i+1, l.SKU, l.Title, l.Quantity, l.UnitPrice.Amount, l.ExchangeSKU); err != nil {
				return fmt.Errorf("insert return item: %w", err)
			}
			if l.ExchangeSKU != "" {
				// The replacement is held from now on, with the same guard
				// against overselling as an order.
				if err := db.adjustStock(ctx, tx, l.ExchangeSKU, -l.Quantity); err != nil {
					return err
				}
			}
		}
		return appendEvent(ctx, tx, "return_requested", r.ConversationID, r.OrderID,
			map[string]any{"return": r.ID, "kind": r.Kind, "reason": r.Reason, "method": r.Method, "units": r.Units()})
	})
}

// ReturnByID returns a return with its lines.
func (db *DB) ReturnByID(ctx context.Context, id string) (*returns.Return, error) {
	return db.returnWhere(ctx, db.read, `r.id = $1`, id)
}

// ReturnByLabel returns the return whose label link carries token.
func (db *DB) ReturnByLabel(ctx context.Context, token string) (*returns.Return, error) {
	return db.returnWhere(ctx, db.read, `r.label_token = $1`, token)
}

func (db *DB) returnWhere(ctx context.Context, q queryer, where string, args ...any) (*returns.Return, error) {
	rs, err := db.queryReturns(ctx, q, `SELECT `+returnColumns+` FROM returns r JOIN orders o ON o.id = r.order_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, returns.ErrNotFound
	}
	return &rs[0], nil
}

// ListReturns lists returns, newest first, by status and/or order.
func (db *DB) ListReturns(ctx context.Context, f returns.Filter) ([]returns.Return, error) {
	q := `SELECT ` + returnColumns + ` FROM returns r JOIN orders o ON o.id = r.order_id WHERE 1 = 1`
	var args []any
	if f.Status != "" {
		args = append(args, f.Status)
		q += ` AND r.status = $` + strconv.Itoa(len(args))
	}
	if f.OrderID != 0 {
		args = append(args, f.OrderID)
		q += ` AND r.order_id = $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit)
	q += ` ORDER BY r.created_at DESC, r.id LIMIT $` + strconv.Itoa(len(args))
	return db.queryReturns(ctx, db.read, q, args...)
}

func (db *DB) queryReturns(ctx context.Context, q queryer, query string, args ...any) ([]returns.Return, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query returns: %w", err)
	}
	var rs []returns.Return
	for rows.Next() {
		var r returns.Return
		var ps, pe, refunded, received sql.NullTime
		var cur string
		var amount int64
		if err := rows.Scan(&r.ID, &r.OrderID, &r.OrderNumber, &r.Kind, &r.Status, &r.Reason, &r.Note, &r.Method, &ps, &pe,
			&r.LabelToken, &r.ConversationID, &r.Language, &cur, &amount, &r.RefundReference, &refunded,
			&r.RejectReason, &received, &r.CreatedAt, &r.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan return: %w", err)
		}
		r.Refund = money.New(amount, cur)
		if ps.Valid && pe.Valid {
			r.Pickup = &returns.Window{Start: ps.Time, End: pe.Time}
		}
		r.RefundedAt = timePtr(refunded)
		r.ReceivedAt = timePtr(received)
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return rs, nil
	}
	idx := map[string]int{}
	args2 := make([]any, 0, len(rs))
	marks := make([]string, 0, len(rs))
	for i, r := range rs {
		idx[r.ID] = i
		args2 = append(args2, r.ID)
		marks = append(marks, "$"+strconv.Itoa(len(args2)))
	}
	irows, err := q.QueryContext(ctx, `SELECT return_id, sku, title, quantity, unit_price, exchange_sku FROM return_items
WHERE return_id IN (`+strings.Join(marks, ",")+`) ORDER BY return_id, line`, args2...)
	if err != nil {
		return nil, fmt.Errorf("query return items: %w", err)
	}
	defer irows.Close()
	for irows.Next() {
		var id string
		var l returns.Line
		var price int64
		if err := irows.Scan(&id, &l.SKU, &l.Title, &l.Quantity, &price, &l.ExchangeSKU); err != nil {
			return nil, err
		}
		r := &rs[idx[id]]
		l.UnitPrice = money.New(price, r.Refund.Currency)
		r.Lines = append(r.Lines, l)
	}
	return rs, irows.Err()
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// moveReturn changes a return's status when it is in one of from, running
// also inside the same transaction; it reports whether it changed it and
// returns the return as it is afterwards. Durable (store.durableTx): these
// moves restock, refund and reject, which a power cut must not undo.
func (db *DB) moveReturn(ctx context.Context, id string, from []string, set string, setArgs []any, also func(tx *sql.Tx, r *returns.Return) error) (bool, *returns.Return, error) {
	changed := false
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
		r, err := db.returnWhere(ctx, tx, `r.id = $1`, id)
		if err != nil {
			return err
		}
		if err := lockOrder(ctx, tx, r.OrderID); err != nil {
			return err
		}
		args := append([]any{id, now()}, setArgs...)
		marks := make([]string, len(from))
		for i, f := range from {
			args = append(args, f)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		res, err := tx.ExecContext(ctx, `UPDATE returns SET updated_at = $2, `+set+` WHERE id = $1 AND status IN (`+strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return fmt.Errorf("update return %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // moved on already
		}
		changed = true
		if also != nil {
			return also(tx, r)
		}
		return nil
	})
	if err != nil {
		return false, nil, err
	}
	r, err := db.returnWhere(ctx, db.write, `r.id = $1`, id)
	return changed, r, err
}

// ReceiveReturn moves an open return to received and, when restock is
// set, puts its items back on sale.
func (db *DB) ReceiveReturn(ctx context.Context, id string, restock bool) (bool, *returns.Return, error) {
	return db.moveReturn(ctx, id, returns.Open, `status = $3, received_at = $2`, []any{returns.StatusReceived},
		func(tx *sql.Tx, r *returns.Return) error {
			if restock {
				for _, l := range r.Lines {
					if err := db.adjustStock(ctx, tx, l.SKU, l.Quantity); err != nil && !errors.Is(err, catalog.ErrNotFound) {
						return err
					}
				}
			}
			return appendEvent(ctx, tx, "return_received", r.ConversationID, r.OrderID, map[string]any{"return": r.ID, "restocked": restock})
		})
}

// ClaimRefund leases a received return's refund to the caller until until.
func (db *DB) ClaimRefund(ctx context.Context, id string, until time.Time) (bool, error) {
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		t := now()
		res, err := tx.ExecContext(ctx, `UPDATE returns SET refund_lease = $1, updated_at = $2
WHERE id = $3 AND status = $4 AND (refund_lease IS NULL OR refund_lease < $2)`, until.UTC(), t, id, returns.StatusReceived)
		if err != nil {
			return fmt.Errorf("claim refund of %s: %w", id, err)
		}
		n, _ := res.RowsAffected()
		won = n == 1
		return nil
	})
	return won, err
}

// ReleaseRefund ends the refund lease of a received return.
func (db *DB) ReleaseRefund(ctx context.Context, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE returns SET refund_lease = NULL WHERE id = $1 AND status = $2`, id, returns.StatusReceived)
		return err
	})
}

// FinishRefund records a received return's refund; when every unit of the
// order has been refunded the order's payment becomes refunded.
func (db *DB) FinishRefund(ctx context.Context, id string, amount money.Money, reference string) (bool, *returns.Return, error) {
	return db.moveReturn(ctx, id, []string{returns.StatusReceived},
		`status = $3, refund_amount = $4, refund_reference = $5, refunded_at = $2, refund_lease = NULL`,
		[]any{returns.StatusRefunded, amount.Amount, reference},
		func(tx *sql.Tx, r *returns.Return) error {
			var bought, refunded int64
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(quantity), 0) FROM order_items WHERE order_id = $1`, r.OrderID).Scan(&bought); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(i.quantity), 0) FROM return_items i JOIN returns r ON r.id = i.return_id
WHERE r.order_id = $1 AND r.status = $2`, r.OrderID, returns.StatusRefunded).Scan(&refunded); err != nil {
				return err
			}
			full := refunded >= bought
			if full {
				if _, err := tx.ExecContext(ctx, `UPDATE orders SET payment_status = $1, updated_at = $2 WHERE id = $3 AND payment_status = $4`,
					order.PaymentRefunded, now(), r.OrderID, order.PaymentPaid); err != nil {
					return fmt.Errorf("mark order refunded: %w", err)
				}
			}
			if err := reversePointsForReturn(ctx, tx, r.OrderID, r.ID, amount.Amount, full); err != nil { // loyalty.go
				return err
			}
			return appendEvent(ctx, tx, "return_refunded", r.ConversationID, r.OrderID, map[string]any{
				"return": r.ID, "amount": amount.Decimal(), "currency": amount.Currency, "reference": reference, "order_fully_refunded": full})
		})
}

// FinishExchange marks a received exchange as sent: its replacement was
// reserved when it was asked for.
func (db *DB) FinishExchange(ctx context.Context, id string) (bool, *returns.Return, error) {
	return db.moveReturn(ctx, id, []string{returns.StatusReceived}, `status = $3`, []any{returns.StatusExchanged},
		func(tx *sql.Tx, r *returns.Return) error {
			return appendEvent(ctx, tx, "exchange_shipped", r.ConversationID, r.OrderID, map[string]any{"return": r.ID})
		})
}

// RejectReturn refuses an open return and puts its reserved replacement
// back on sale.
func (db *DB) RejectReturn(ctx context.Context, id, reason string) (bool, *returns.Return, error) {
	return db.moveReturn(ctx, id, returns.Open, `status = $3, reject_reason = $4`, []any{returns.StatusRejected, reason},
		func(tx *sql.Tx, r *returns.Return) error {
			for _, l := range r.Lines {
				if l.ExchangeSKU == "" {
					continue
				}
				if err := db.adjustStock(ctx, tx, l.ExchangeSKU, l.Quantity); err != nil && !errors.Is(err, catalog.ErrNotFound) {
					return err
				}
			}
			return appendEvent(ctx, tx, "return_rejected", r.ConversationID, r.OrderID, map[string]any{"return": r.ID})
		})
}

// loadOrderReturns lists each order's returns on it (newest last).
func (db *DB) loadOrderReturns(ctx context.Context, q queryer, os []order.Order) error {
	if len(os) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, 0, len(os))
	marks := make([]string, 0, len(os))
	for i, o := range os {
		idx[o.ID] = i
		args = append(args, o.ID)
		marks = append(marks, "$"+strconv.Itoa(len(args)))
	}
	rs, err := db.queryReturns(ctx, q, `SELECT `+returnColumns+` FROM returns r JOIN orders o ON o.id = r.order_id
WHERE r.order_id IN (`+strings.Join(marks, ",")+`) ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return err
	}
	for _, r := range rs {
		o := &os[idx[r.OrderID]]
		or := order.Return{ID: r.ID, Kind: r.Kind, Status: r.Status, LabelToken: r.LabelToken, CreatedAt: r.CreatedAt}
		for _, l := range r.Lines {
			or.Lines = append(or.Lines, order.Line{SKU: l.SKU, Quantity: l.Quantity})
		}
		o.Returns = append(o.Returns, or)
	}
	return nil
}

// PickupBookings counts booked pickups per slot start (Unix seconds) for
// slots starting in [from, to).
func (db *DB) PickupBookings(ctx context.Context, from, to time.Time) (map[int64]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT slot_start, booked FROM pickup_bookings WHERE slot_start >= $1 AND slot_start < $2`,
		from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("pickup bookings: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var start time.Time
		var n int
		if err := rows.Scan(&start, &n); err != nil {
			return nil, err
		}
		out[start.Unix()] = n
	}
	return out, rows.Err()
}
