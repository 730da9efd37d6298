package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/order"
)

// ErrNoCustomer is returned for an unknown customer id.
var ErrNoCustomer = errors.New("customer not found")

// Customer returns a customer's e-mail, name and phone.
func (db *DB) Customer(ctx context.Context, id int64) (email, name, phone string, err error) {
	var e sql.NullString
	err = db.read.QueryRowContext(ctx, `SELECT email, name, phone FROM customers WHERE id = $1`, id).Scan(&e, &name, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", "", ErrNoCustomer
	}
	if err != nil {
		return "", "", "", fmt.Errorf("read customer: %w", err)
	}
	return e.String, name, phone, nil
}

// SavedAddresses returns the customer's most recent orders with distinct
// shipping addresses, newest first: a returning customer picks one of them.
func (db *DB) SavedAddresses(ctx context.Context, customerID int64) ([]order.Order, error) {
	os, err := db.queryOrders(ctx, db.read, `SELECT `+orderColumns+` FROM orders WHERE customer_id = $1 AND payment_status = 'paid' ORDER BY id DESC LIMIT 20`, customerID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []order.Order
	for _, o := range os {
		key := o.ShippingAddress.OneLine()
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, o)
	}
	return out, nil
}
