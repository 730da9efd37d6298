package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

const orderColumns = `id, number, customer_id, email, status, payment_status, fulfillment_status, currency,
  subtotal, discount, shipping, total, shipping_address, source, idempotency_key, created_at, updated_at`

// CreateOrder inserts o with a new order number and takes its stock, all in
// one transaction. An idempotency key seen before returns the earlier order
// instead of placing a second one.
func (db *DB) CreateOrder(ctx context.Context, o *order.Order) error {
	if o.IdempotencyKey != "" {
		if prev, err := db.orderWhere(ctx, db.read, `idempotency_key = $1`, o.IdempotencyKey); err == nil {
			*o = *prev
			return nil
		}
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		n, err := next(ctx, tx, "order_number", 1)
		if err != nil {
			return err
		}
		o.Number = strconv.FormatInt(n, 10)
		t := now()
		o.CreatedAt, o.UpdatedAt = t, t
		var key sql.NullString
		if o.IdempotencyKey != "" {
			key = sql.NullString{String: o.IdempotencyKey, Valid: true}
		}
		var cust sql.NullInt64
		if o.CustomerID != 0 {
			cust = sql.NullInt64{Int64: o.CustomerID, Valid: true}
		}
		err = tx.QueryRowContext(ctx, `
INSERT INTO orders (number, customer_id, email, status, payment_status, fulfillment_status, currency,
  subtotal, discount, shipping, total, shipping_address, source, idempotency_key, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			o.Number, cust, o.Email, o.Status, o.PaymentStatus, o.FulfillmentStatus, o.Total.Currency,
			o.Subtotal.Amount, o.Discount.Amount, o.Shipping.Amount, o.Total.Amount, jsonText(o.ShippingAddress),
			o.Source, key, t).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("insert order: %w", err)
		}
		for i, it := range o.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_items (order_id, line, sku, title, quantity, unit_price) VALUES ($1, $2, $3, $4, $5, $6)`,
				o.ID, i+1, it.SKU, it.Title, it.Quantity, it.UnitPrice.Amount); err != nil {
				return fmt.Errorf("insert order item: %w", err)
			}
			if err := adjustStock(ctx, tx, it.SKU, -it.Quantity); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && o.IdempotencyKey != "" && isUniqueViolation(err) {
		// Two deliveries of the same request raced: the other one won.
		prev, err2 := db.orderWhere(ctx, db.write, `idempotency_key = $1`, o.IdempotencyKey)
		if err2 == nil {
			*o = *prev
			return nil
		}
	}
	return err
}

// OrderByNumber returns an order with its items and shipments.
func (db *DB) OrderByNumber(ctx context.Context, number string) (*order.Order, error) {
	return db.orderWhere(ctx, db.read, `number = $1`, number)
}

func (db *DB) orderWhere(ctx context.Context, q queryer, where string, args ...any) (*order.Order, error) {
	os, err := db.queryOrders(ctx, q, `SELECT `+orderColumns+` FROM orders WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, order.ErrNotFound
	}
	return &os[0], nil
}

// ListOrders returns a page of orders in id order, optionally for one e-mail.
func (db *DB) ListOrders(ctx context.Context, f order.Filter) ([]order.Order, error) {
	q := `SELECT ` + orderColumns + ` FROM orders WHERE id > $1`
	args := []any{f.AfterID}
	if f.Email != "" {
		args = append(args, f.Email)
		q += ` AND email = $2`
	}
	args = append(args, f.Limit)
	q += ` ORDER BY id LIMIT $` + strconv.Itoa(len(args))
	return db.queryOrders(ctx, db.read, q, args...)
}

// AddShipment records a shipment event and moves the order's status on.
func (db *DB) AddShipment(ctx context.Context, number string, s order.Shipment) (*order.Order, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE number = $1`, number).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return order.ErrNotFound
		}
		if err != nil {
			return err
		}
		t := now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO shipments (order_id, status, carrier, tracking_number, created_at) VALUES ($1, $2, $3, $4, $5)`,
			id, s.Status, s.Carrier, s.TrackingNumber, t); err != nil {
			return fmt.Errorf("insert shipment: %w", err)
		}
		status := order.StatusShipped
		if s.Status == order.FulfillmentDelivered {
			status = order.StatusDelivered
		}
		_, err = tx.ExecContext(ctx, `UPDATE orders SET fulfillment_status = $1, status = $2, updated_at = $3 WHERE id = $4`, s.Status, status, t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.orderWhere(ctx, db.write, `number = $1`, number)
}

func (db *DB) queryOrders(ctx context.Context, q queryer, query string, args ...any) ([]order.Order, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query orders: %w", err)
	}
	var os []order.Order
	for rows.Next() {
		var o order.Order
		var cust sql.NullInt64
		var key sql.NullString
		var cur, addr string
		var sub, disc, ship, total int64
		if err := rows.Scan(&o.ID, &o.Number, &cust, &o.Email, &o.Status, &o.PaymentStatus, &o.FulfillmentStatus, &cur,
			&sub, &disc, &ship, &total, &addr, &o.Source, &key, &o.CreatedAt, &o.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan order: %w", err)
		}
		o.CustomerID = cust.Int64
		o.IdempotencyKey = key.String
		o.Subtotal, o.Discount, o.Shipping, o.Total = money.New(sub, cur), money.New(disc, cur), money.New(ship, cur), money.New(total, cur)
		json.Unmarshal([]byte(addr), &o.ShippingAddress)
		os = append(os, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return os, nil
	}
	idx := map[int64]int{}
	args2 := make([]any, 0, len(os))
	marks := make([]string, 0, len(os))
	for i, o := range os {
		idx[o.ID] = i
		args2 = append(args2, o.ID)
		marks = append(marks, "$"+strconv.Itoa(len(args2)))
	}
	in := `(` + strings.Join(marks, ",") + `)`
	irows, err := q.QueryContext(ctx, `SELECT order_id, sku, title, quantity, unit_price FROM order_items WHERE order_id IN `+in+` ORDER BY order_id, line`, args2...)
	if err != nil {
		return nil, fmt.Errorf("query order items: %w", err)
	}
	for irows.Next() {
		var id, price int64
		var it order.Item
		if err := irows.Scan(&id, &it.SKU, &it.Title, &it.Quantity, &price); err != nil {
			irows.Close()
			return nil, err
		}
		o := &os[idx[id]]
		it.UnitPrice = money.New(price, o.Total.Currency)
		o.Items = append(o.Items, it)
	}
	irows.Close()
	srows, err := q.QueryContext(ctx, `SELECT order_id, status, carrier, tracking_number, created_at FROM shipments WHERE order_id IN `+in+` ORDER BY order_id, id`, args2...)
	if err != nil {
		return nil, fmt.Errorf("query shipments: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var s order.Shipment
		if err := srows.Scan(&id, &s.Status, &s.Carrier, &s.TrackingNumber, &s.CreatedAt); err != nil {
			return nil, err
		}
		os[idx[id]].Shipments = append(os[idx[id]].Shipments, s)
	}
	return os, srows.Err()
}

// UpsertCustomer finds a customer by e-mail or creates one; a name or phone
// given later fills in blanks but never overwrites what the customer said before.
func (db *DB) UpsertCustomer(ctx context.Context, email, name, phone string) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `
INSERT INTO customers (email, name, phone, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (email) DO UPDATE SET
  name = CASE WHEN customers.name = '' THEN excluded.name ELSE customers.name END,
  phone = CASE WHEN customers.phone = '' THEN excluded.phone ELSE customers.phone END
RETURNING id`, email, name, phone, now()).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("upsert customer: %w", err)
	}
	return id, nil
}
