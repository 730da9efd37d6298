package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/loyalty"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Ledger entries. Each happens at most once per order (the ledger's unique
// key), which is what makes a payment delivered twice award once and a
// refund repeated reverse once.
const (
	entryEarn    = "earn"    // points for a paid order
	entryRedeem  = "redeem"  // points spent on an order (negative)
	entryReverse = "reverse" // the earned points taken back: the order was refunded
	entryRestore = "restore" // the spent points given back: the order failed or was cancelled
)

// LoyaltyBalance is a customer's points; a customer without any has 0.
func (db *DB) LoyaltyBalance(ctx context.Context, customerID int64) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, `SELECT balance FROM loyalty_accounts WHERE customer_id = $1`, customerID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read loyalty balance: %w", err)
	}
	return n, nil
}

// EarnPoints awards points for a paid order once: a second call for the
// same order changes nothing and reports false.
func (db *DB) EarnPoints(ctx context.Context, customerID, orderID, points int64) (bool, error) {
	if points <= 0 || customerID == 0 {
		return false, nil
	}
	added := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = addEntry(ctx, tx, customerID, orderID, entryEarn, points)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("earn points for order %d: %w", orderID, err)
	}
	return added, nil
}

// LoyaltyLedger lists a customer's entries, newest first.
func (db *DB) LoyaltyLedger(ctx context.Context, customerID int64, limit int) ([]loyalty.Entry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT l.order_id, o.number, l.entry, l.points, l.created_at
FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id WHERE l.customer_id = $1 ORDER BY l.id DESC LIMIT $2`, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("read loyalty ledger: %w", err)
	}
	defer rows.Close()
	var out []loyalty.Entry
	for rows.Next() {
		var e loyalty.Entry
		if err := rows.Scan(&e.OrderID, &e.OrderNumber, &e.Kind, &e.Points, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// addEntry writes one ledger entry and moves the balance by its points,
// unless the order already has an entry of that kind.
func addEntry(ctx context.Context, tx *sql.Tx, customerID, orderID int64, kind string, points int64) (bool, error) {
	t := now()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO loyalty_ledger (customer_id, order_id, entry, points, created_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, entry) DO NOTHING RETURNING id`, customerID, orderID, kind, points, t).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // done before
	}
	if err != nil {
		return false, fmt.Errorf("add loyalty entry: %w", err)
	}
	return true, moveBalance(ctx, tx, customerID, points, t)
}

func moveBalance(ctx context.Context, tx *sql.Tx, customerID, points int64, t time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO loyalty_accounts (customer_id, balance, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (customer_id) DO UPDATE SET balance = loyalty_accounts.balance + excluded.balance, updated_at = excluded.updated_at`,
		customerID, points, t)
	if err != nil {
		return fmt.Errorf("move loyalty balance: %w", err)
	}
	return nil
}

// spendPoints takes the points an order spends from its customer's balance
// inside the transaction that places it: a balance spent meanwhile by
// another order refuses this one (order.ErrPoints), so points are never
// spent twice and a balance never goes below zero by spending.
func spendPoints(ctx context.Context, tx *sql.Tx, o *order.Order) error {
	if o.LoyaltyPoints <= 0 {
		return nil
	}
	if o.CustomerID == 0 {
		return fmt.Errorf("%w: an order without a customer spends no points", order.ErrPoints)
	}
	res, err := tx.ExecContext(ctx, `UPDATE loyalty_accounts SET balance = balance - $1, updated_at = $2 WHERE customer_id = $3 AND balance >= $1`,
		o.LoyaltyPoints, now(), o.CustomerID)
	if err != nil {
		return fmt.Errorf("spend points: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return order.ErrPoints
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO loyalty_ledger (customer_id, order_id, entry, points, created_at) VALUES ($1, $2, $3, $4, $5)`,
		o.CustomerID, o.ID, entryRedeem, -o.LoyaltyPoints, now())
	if err != nil {
		return fmt.Errorf("record spent points: %w", err)
	}
	return nil
}

// settlePoints follows an order's change of state in the same transaction:
// a cancelled order gives back the points spent on it, a refunded one
// takes back the points it earned. Each at most once.
func settlePoints(ctx context.Context, tx *sql.Tx, orderID int64, t order.Transition) error {
	if t.Status == order.StatusCancelled {
		if err := undoEntry(ctx, tx, orderID, entryRedeem, entryRestore); err != nil {
			return err
		}
	}
	if t.PaymentStatus == order.PaymentRefunded {
		return undoEntry(ctx, tx, orderID, entryEarn, entryReverse)
	}
	return nil
}

// undoEntry writes the opposite of the order's entry of kind from, once.
// Reversing earned points the customer partly spent already may leave a
// negative balance: nothing can be spent until new points cover it.
func undoEntry(ctx context.Context, tx *sql.Tx, orderID int64, from, kind string) error {
	var cust, points int64
	err := tx.QueryRowContext(ctx, `SELECT customer_id, points FROM loyalty_ledger WHERE order_id = $1 AND entry = $2`, orderID, from).Scan(&cust, &points)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read loyalty entry: %w", err)
	}
	if from == entryEarn {
		// Returns refunded before took their share back already.
		var back int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE order_id = $1 AND entry LIKE 'return:%'`, orderID).Scan(&back); err != nil {
			return err
		}
		points += back
	}
	if points == 0 {
		return nil
	}
	_, err = addEntry(ctx, tx, cust, orderID, kind, -points)
	return err
}

// reversePointsForReturn takes back the share of an order's earned points
// that a refunded return paid back (rounded down), once per return; the
// return that completes the order's refund takes back all that is left.
func reversePointsForReturn(ctx context.Context, tx *sql.Tx, orderID int64, returnID string, refunded int64, full bool) error {
	var cust, earned, total int64
	err := tx.QueryRowContext(ctx, `SELECT l.customer_id, l.points, o.total FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id
WHERE l.order_id = $1 AND l.entry = $2`, orderID, entryEarn).Scan(&cust, &earned, &total)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read earned points: %w", err)
	}
	var reversed int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM loyalty_ledger WHERE order_id = $1 AND entry = $2`, orderID, entryReverse).Scan(&reversed); err != nil {
		return err
	}
	if reversed > 0 || total <= 0 || refunded <= 0 {
		return nil
	}
	back := min(earned, earned*refunded/total)
	if full {
		var before int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE order_id = $1 AND entry LIKE 'return:%'`, orderID).Scan(&before); err != nil {
			return err
		}
		back = earned + before
	}
	if back <= 0 {
		return nil
	}
	_, err = addEntry(ctx, tx, cust, orderID, "return:"+returnID, -back)
	return err
}
