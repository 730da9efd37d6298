package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

const orderColumns = `id, number, customer_id, email, status, payment_status, fulfillment_status, currency,
  subtotal, discount, shipping, total, shipping_address, source, idempotency_key, created_at, updated_at,
  conversation_id, reserved_until, shipping_option, delivery_estimate, coupon, risk_level, risk_reasons,
  loyalty_points, loyalty_discount, pickup_store`

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
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
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
  subtotal, discount, shipping, total, shipping_address, source, idempotency_key, created_at, updated_at,
  conversation_id, reserved_until, shipping_option, delivery_estimate, coupon, loyalty_points, loyalty_discount, pickup_store)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
			o.Number, cust, o.Email, o.Status, o.PaymentStatus, o.FulfillmentStatus, o.Total.Currency,
			o.Subtotal.Amount, o.Discount.Amount, o.Shipping.Amount, o.Total.Amount, jsonText(o.ShippingAddress),
			o.Source, key, t, o.ConversationID, nullTime(o.ReservedUntil), o.ShippingOption, o.DeliveryEstimate, o.Coupon,
			o.LoyaltyPoints, o.LoyaltyDiscount.Amount, o.PickupStore).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("insert order: %w", err)
		}
		if err := spendPoints(ctx, tx, o); err != nil { // loyalty.go
			return err
		}
		if o.Coupon != "" {
			if err := claimCouponUse(ctx, tx, o.Coupon); err != nil {
				return err
			}
		}
		for i, it := range o.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_items (order_id, line, sku, title, quantity, unit_price) VALUES ($1, $2, $3, $4, $5, $6)`,
				o.ID, i+1, it.SKU, it.Title, it.Quantity, it.UnitPrice.Amount); err != nil {
				return fmt.Errorf("insert order item: %w", err)
			}
			if err := db.adjustStock(ctx, tx, it.SKU, -it.Quantity); err != nil {
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
		q += ` AND email = $` + strconv.Itoa(len(args))
	}
	if f.Status != "" {
		args = append(args, f.Status)
		q += ` AND status = $` + strconv.Itoa(len(args))
	}
	if f.CustomerID != 0 {
		args = append(args, f.CustomerID)
		q += ` AND customer_id = $` + strconv.Itoa(len(args))
	}
	if f.ConversationID != "" {
		args = append(args, f.ConversationID)
		q += ` AND conversation_id = $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit)
	q += ` ORDER BY id LIMIT $` + strconv.Itoa(len(args))
	return db.queryOrders(ctx, db.read, q, args...)
}

// AddShipment records a shipment event and moves the order's status on.
func (db *DB) AddShipment(ctx context.Context, number string, s order.Shipment) (*order.Order, error) {
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
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
		var reserved sql.NullTime
		var reasons string
		var loyaltyOff int64
		if err := rows.Scan(&o.ID, &o.Number, &cust, &o.Email, &o.Status, &o.PaymentStatus, &o.FulfillmentStatus, &cur,
			&sub, &disc, &ship, &total, &addr, &o.Source, &key, &o.CreatedAt, &o.UpdatedAt,
			&o.ConversationID, &reserved, &o.ShippingOption, &o.DeliveryEstimate, &o.Coupon, &o.Risk.Level, &reasons,
			&o.LoyaltyPoints, &loyaltyOff, &o.PickupStore); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan order: %w", err)
		}
		o.CustomerID = cust.Int64
		o.IdempotencyKey = key.String
		if reserved.Valid {
			t := reserved.Time
			o.ReservedUntil = &t
		}
		o.Subtotal, o.Discount, o.Shipping, o.Total = money.New(sub, cur), money.New(disc, cur), money.New(ship, cur), money.New(total, cur)
		o.LoyaltyDiscount = money.New(loyaltyOff, cur)
		json.Unmarshal([]byte(addr), &o.ShippingAddress)
		json.Unmarshal([]byte(reasons), &o.Risk.Reasons)
		if o.Risk.Reasons == nil {
			o.Risk.Reasons = []string{}
		}
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
	srows, err := q.QueryContext(ctx, `SELECT order_id, id, status, carrier, tracking_number, created_at FROM shipments WHERE order_id IN `+in+` ORDER BY order_id, id`, args2...)
	if err != nil {
		return nil, fmt.Errorf("query shipments: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var s order.Shipment
		if err := srows.Scan(&id, &s.ID, &s.Status, &s.Carrier, &s.TrackingNumber, &s.CreatedAt); err != nil {
			return nil, err
		}
		os[idx[id]].Shipments = append(os[idx[id]].Shipments, s)
	}
	if err := srows.Err(); err != nil {
		return nil, err
	}
	srows.Close()
	if err := db.loadShipmentEvents(ctx, q, os); err != nil {
		return nil, err
	}
	return os, db.loadOrderReturns(ctx, q, os)
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

// TransitionOrder applies t when the order is still in one of t.From, with
// its stock release, coupon redemption and event in the same transaction. A
// second, concurrent or repeated call finds the order moved on and changes
// nothing.
func (db *DB) TransitionOrder(ctx context.Context, number string, t order.Transition) (bool, *order.Order, error) {
	changed := false
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
		args := []any{t.Status, t.PaymentStatus, now(), number, t.FulfillmentStatus}
		marks := make([]string, len(t.From))
		for i, f := range t.From {
			args = append(args, f)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE orders SET status = $1, payment_status = COALESCE(NULLIF(CAST($2 AS TEXT), ''), payment_status),
  fulfillment_status = COALESCE(NULLIF(CAST($5 AS TEXT), ''), fulfillment_status), updated_at = $3, reserved_until = NULL
WHERE number = $4 AND status IN (`+strings.Join(marks, ",")+`) RETURNING id`, args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("transition order %s: %w", number, err)
		}
		changed = true
		if t.Risk != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE orders SET risk_level = $1, risk_reasons = $2 WHERE id = $3`,
				riskLevel(*t.Risk), reasonsText(*t.Risk), id); err != nil {
				return fmt.Errorf("set order risk: %w", err)
			}
		}
		if t.ReleaseStock {
			rows, err := tx.QueryContext(ctx, `SELECT sku, quantity FROM order_items WHERE order_id = $1`, id)
			if err != nil {
				return err
			}
			type line struct {
				sku string
				qty int
			}
			var lines []line
			for rows.Next() {
				var l line
				if err := rows.Scan(&l.sku, &l.qty); err != nil {
					rows.Close()
					return err
				}
				lines = append(lines, l)
			}
			rows.Close()
			for _, l := range lines {
				if err := db.adjustStock(ctx, tx, l.sku, l.qty); err != nil && !errors.Is(err, catalog.ErrNotFound) {
					return err
				}
			}
		}
		if t.ReleaseStock && t.PaymentStatus == order.PaymentFailed {
			if err := releaseCouponUse(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := settlePoints(ctx, tx, id, t); err != nil { // loyalty.go
			return err
		}
		if t.RedeemCoupon {
			if _, err := tx.ExecContext(ctx, `INSERT INTO coupon_redemptions (code, customer_id, order_id)
SELECT coupon, customer_id, id FROM orders WHERE id = $1 AND coupon <> '' AND customer_id IS NOT NULL ON CONFLICT DO NOTHING`, id); err != nil {
				return err
			}
		}
		if t.Event != "" {
			return appendEvent(ctx, tx, t.Event, "", id, map[string]string{"number": number, "status": t.Status})
		}
		return nil
	})
	if err != nil {
		return false, nil, err
	}
	o, err := db.orderWhere(ctx, db.write, `number = $1`, number)
	return changed, o, err
}

// ExpiredReservations lists unpaid orders whose reservation ended before now.
func (db *DB) ExpiredReservations(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT number FROM orders WHERE status = 'pending' AND reserved_until IS NOT NULL AND reserved_until < $1 ORDER BY id LIMIT $2`, now.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
