package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/payment"
)

// ReserveRefund claims amount of an order's paid money for the refund named
// key, before any gateway is called. The claim is one conditional UPDATE of
// the order's refunded total, so refunds of one order can never add up past
// limit, whatever instance or goroutine asks; a key already claimed returns
// that refund's reference and done=true, and nothing more is claimed.
func (db *DB) ReserveRefund(ctx context.Context, orderID int64, key string, amount, limit int64) (reference string, done bool, err error) {
	err = db.durableTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO refunds (refund_key, order_id, amount, reference, created_at) VALUES ($1, $2, $3, '', $4) ON CONFLICT DO NOTHING`,
			key, orderID, amount, now())
		if err != nil {
			return fmt.Errorf("claim refund %s: %w", key, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			done = true
			return tx.QueryRowContext(ctx, `SELECT reference FROM refunds WHERE refund_key = $1`, key).Scan(&reference)
		}
		res, err = tx.ExecContext(ctx, `UPDATE orders SET refunded_amount = refunded_amount + $1 WHERE id = $2 AND refunded_amount + $1 <= $3`, amount, orderID, limit)
		if err != nil {
			return fmt.Errorf("claim refund %s: %w", key, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var already int64
			if err := tx.QueryRowContext(ctx, `SELECT refunded_amount FROM orders WHERE id = $1`, orderID).Scan(&already); err != nil {
				return err
			}
			return fmt.Errorf("%w: %d of %d already refunded", payment.ErrRefundTooLarge, already, limit)
		}
		return nil
	})
	return reference, done, err
}

// CompleteRefund records the gateway's reference of a claimed refund.
func (db *DB) CompleteRefund(ctx context.Context, key, reference string) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE refunds SET reference = $1 WHERE refund_key = $2`, reference, key)
		return err
	})
}

// CancelRefund gives back a claim whose gateway call failed, so that a
// retry with the same key may try again.
func (db *DB) CancelRefund(ctx context.Context, orderID int64, key string) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		var amount int64
		err := tx.QueryRowContext(ctx, `SELECT amount FROM refunds WHERE refund_key = $1 AND order_id = $2`, key, orderID).Scan(&amount)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM refunds WHERE refund_key = $1`, key); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE orders SET refunded_amount = refunded_amount - $1 WHERE id = $2`, amount, orderID)
		return err
	})
}
