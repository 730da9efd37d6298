package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/order"
)

// SetOrderRisk stores what the fraud checks made of an order.
//
// Durable (store.durableTx), like the order it belongs to: a high risk
// level lost in a power cut would let an order on hold go out.
func (db *DB) SetOrderRisk(ctx context.Context, orderID int64, r order.Risk) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET risk_level = $1, risk_reasons = $2 WHERE id = $3`,
			riskLevel(r), reasonsText(r), orderID); err != nil {
			return fmt.Errorf("set order risk: %w", err)
		}
		return nil
	})
}

func riskLevel(r order.Risk) string {
	if r.Level == "" {
		return order.RiskLow
	}
	return r.Level
}

func reasonsText(r order.Risk) string {
	if r.Reasons == nil {
		return "[]"
	}
	b, _ := json.Marshal(r.Reasons)
	return string(b)
}

// RecordRiskSignal remembers one hashed signal of an order; the first value
// of a kind stays.
func (db *DB) RecordRiskSignal(ctx context.Context, orderID int64, kind, value string) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO risk_signals (order_id, kind, value, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (order_id, kind) DO NOTHING`, orderID, kind, value, now())
	if err != nil {
		return fmt.Errorf("record risk signal: %w", err)
	}
	return nil
}

// RiskSignal is the value of kind an order carries, "" when none.
func (db *DB) RiskSignal(ctx context.Context, orderID int64, kind string) (string, error) {
	var v string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM risk_signals WHERE order_id = $1 AND kind = $2`, orderID, kind).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read risk signal: %w", err)
	}
	return v, nil
}

// RiskOrders counts the orders carrying kind=value since.
func (db *DB) RiskOrders(ctx context.Context, kind, value string, since time.Time) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM risk_signals WHERE kind = $1 AND value = $2 AND created_at >= $3`,
		kind, value, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count risk signals: %w", err)
	}
	return n, nil
}

// RiskLinked counts the different values of other among the orders carrying
// kind=value since: e-mails per client address, customers per shipping address.
func (db *DB) RiskLinked(ctx context.Context, kind, value, other string, since time.Time) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(DISTINCT o.value) FROM risk_signals s
JOIN risk_signals o ON o.order_id = s.order_id AND o.kind = $3
WHERE s.kind = $1 AND s.value = $2 AND s.created_at >= $4`, kind, value, other, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count linked risk signals: %w", err)
	}
	return n, nil
}

// RiskFailedPayments counts the failed orders carrying kind=value since.
func (db *DB) RiskFailedPayments(ctx context.Context, kind, value string, since time.Time) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM risk_signals s JOIN orders o ON o.id = s.order_id
WHERE s.kind = $1 AND s.value = $2 AND s.created_at >= $3 AND o.payment_status = 'failed'`, kind, value, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count failed payments: %w", err)
	}
	return n, nil
}

// PaidOrdersBefore counts a customer's paid (or since refunded) orders other than orderID.
func (db *DB) PaidOrdersBefore(ctx context.Context, customerID, orderID int64) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE customer_id = $1 AND id <> $2 AND payment_status IN ('paid', 'refunded')`,
		customerID, orderID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count paid orders: %w", err)
	}
	return n, nil
}
