package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
)

// SetShippingAddress changes the address of an order that has not shipped,
// with an event, in one transaction; it reports false when the order had
// moved on. Durable (store.durableTx): the shopper was told the parcel goes
// to the new address.
func (db *DB) SetShippingAddress(ctx context.Context, number string, a address.Address) (bool, error) {
	changed := false
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE orders SET shipping_address = $1, updated_at = $2
WHERE number = $3 AND status IN ('pending', 'confirmed') AND fulfillment_status = 'unfulfilled' RETURNING id`,
			jsonText(a), now(), number).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("change address of order %s: %w", number, err)
		}
		changed = true
		return appendEvent(ctx, tx, "address_changed", "", id, map[string]string{"number": number, "country": a.Country})
	})
	return changed, err
}

// OrderLink returns the order's link token of kind, creating it once.
func (db *DB) OrderLink(ctx context.Context, orderID int64, kind string) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	var got string
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_links (token, order_id, kind, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (order_id, kind) DO NOTHING`, token, orderID, kind, now()); err != nil {
			return fmt.Errorf("insert order link: %w", err)
		}
		return tx.QueryRowContext(ctx, `SELECT token FROM order_links WHERE order_id = $1 AND kind = $2`, orderID, kind).Scan(&got)
	})
	return got, err
}

// OrderByLink returns the order a link token of kind belongs to.
func (db *DB) OrderByLink(ctx context.Context, kind, token string) (*order.Order, error) {
	return db.orderWhere(ctx, db.read, `id = (SELECT order_id FROM order_links WHERE token = $1 AND kind = $2)`, token, kind)
}

// SucceededPaymentForOrder returns the payment that paid an order.
func (db *DB) SucceededPaymentForOrder(ctx context.Context, orderID int64) (*payment.Payment, error) {
	return db.paymentWhere(ctx, `p.order_id = $1 AND p.status = 'succeeded'`, orderID)
}
