package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/payment"
)

const paymentColumns = `p.id, p.order_id, o.number, p.gateway, p.reference, p.token, p.status, p.amount, p.currency, p.url`

// CreatePayment stores a new payment attempt.
func (db *DB) CreatePayment(ctx context.Context, p *payment.Payment) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		t := now()
		err := tx.QueryRowContext(ctx, `INSERT INTO payments (order_id, gateway, reference, token, status, amount, currency, url, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			p.OrderID, p.Gateway, p.Reference, p.Token, p.Status, p.Amount.Amount, p.Amount.Currency, p.URL, t).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("insert payment: %w", err)
		}
		return nil
	})
}

func (db *DB) paymentWhere(ctx context.Context, where string, arg any) (*payment.Payment, error) {
	var p payment.Payment
	var amount int64
	var cur string
	err := db.write.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments p JOIN orders o ON o.id = p.order_id WHERE `+where, arg).
		Scan(&p.ID, &p.OrderID, &p.OrderNumber, &p.Gateway, &p.Reference, &p.Token, &p.Status, &amount, &cur, &p.URL)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, payment.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read payment: %w", err)
	}
	p.Amount = money.New(amount, cur)
	return &p, nil
}

// PaymentByToken finds a payment by its page token.
func (db *DB) PaymentByToken(ctx context.Context, token string) (*payment.Payment, error) {
	return db.paymentWhere(ctx, `p.token = $1`, token)
}

// PaymentByReference finds a payment by the gateway's reference.
func (db *DB) PaymentByReference(ctx context.Context, ref string) (*payment.Payment, error) {
	return db.paymentWhere(ctx, `p.reference = $1`, ref)
}

// OpenPaymentForOrder returns the order's latest pending payment attempt,
// if any. (An order can hold two: one left at a gateway since switched off.)
func (db *DB) OpenPaymentForOrder(ctx context.Context, orderID int64) (*payment.Payment, error) {
	return db.paymentWhere(ctx, `p.order_id = $1 AND p.status = 'pending' ORDER BY p.id DESC LIMIT 1`, orderID)
}

// SetPaymentStatus records a payment's result.
func (db *DB) SetPaymentStatus(ctx context.Context, id int64, status string) error {
	return db.durableTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE payments SET status = $1, updated_at = $2 WHERE id = $3`, status, now(), id)
		return err
	})
}

// SavePaymentMethod remembers a customer's payment method at a gateway.
func (db *DB) SavePaymentMethod(ctx context.Context, m payment.Method) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_methods (customer_id, gateway, reference, label, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (customer_id, gateway, reference) DO UPDATE SET label = excluded.label`, m.CustomerID, m.Gateway, m.Reference, m.Label, now())
		return err
	})
}

// PaymentMethods lists a customer's saved methods at a gateway, newest first.
func (db *DB) PaymentMethods(ctx context.Context, customerID int64, gateway string) ([]payment.Method, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, customer_id, gateway, reference, label FROM payment_methods WHERE customer_id = $1 AND gateway = $2 ORDER BY id DESC`, customerID, gateway)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payment.Method
	for rows.Next() {
		var m payment.Method
		if err := rows.Scan(&m.ID, &m.CustomerID, &m.Gateway, &m.Reference, &m.Label); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// GatewayCustomer returns the gateway's id of our customer, or "".
func (db *DB) GatewayCustomer(ctx context.Context, customerID int64, gateway string) (string, error) {
	var ref string
	err := db.read.QueryRowContext(ctx, `SELECT reference FROM gateway_customers WHERE customer_id = $1 AND gateway = $2`, customerID, gateway).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return ref, err
}

// SaveGatewayCustomer remembers the gateway's id of our customer.
func (db *DB) SaveGatewayCustomer(ctx context.Context, customerID int64, gateway, ref string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO gateway_customers (customer_id, gateway, reference, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			customerID, gateway, ref, now())
		return err
	})
}
