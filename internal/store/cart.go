package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// CartFor returns the customer's cart when customerID is set, else the
// conversation's, creating it when there is none.
func (db *DB) CartFor(ctx context.Context, customerID int64, conversationID, currency string) (*cart.Cart, error) {
	where, key := `conversation_id = $1`, any(conversationID)
	if customerID != 0 {
		where, key = `customer_id = $1`, customerID
	}
	c, err := db.cartWhere(ctx, db.read, where, key)
	if err == nil {
		return c, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var cust sql.NullInt64
		var conv sql.NullString
		if customerID != 0 {
			cust = sql.NullInt64{Int64: customerID, Valid: true}
		} else {
			conv = sql.NullString{String: conversationID, Valid: true}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO carts (customer_id, conversation_id, currency, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			cust, conv, currency, now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create cart: %w", err)
	}
	return db.cartWhere(ctx, db.write, where, key)
}

func (db *DB) cartWhere(ctx context.Context, q queryer, where string, key any) (*cart.Cart, error) {
	q = db.reader(q) // read on most turns: prepared once (issue #17)
	// The cart and its lines in one statement: a chat turn reads the cart
	// several times, and on PostgreSQL each statement is a round trip.
	rows, err := q.QueryContext(ctx, `
SELECT c.id, c.customer_id, c.conversation_id, c.currency, c.coupon, c.updated_at, i.sku, i.title, i.quantity, i.unit_price, i.added_at
FROM carts c LEFT JOIN cart_items i ON i.cart_id = c.id WHERE c.`+where+` ORDER BY i.added_at, i.sku`, key)
	if err != nil {
		return nil, fmt.Errorf("read cart: %w", err)
	}
	defer rows.Close()
	var c *cart.Cart
	for rows.Next() {
		var (
			head       cart.Cart
			cust       sql.NullInt64
			conv       sql.NullString
			sku, title sql.NullString
			qty, price sql.NullInt64
			added      sql.NullTime
		)
		if err := rows.Scan(&head.ID, &cust, &conv, &head.Currency, &head.Coupon, &head.UpdatedAt, &sku, &title, &qty, &price, &added); err != nil {
			return nil, err
		}
		if c == nil {
			head.CustomerID, head.ConversationID = cust.Int64, conv.String
			c = &head
		}
		if sku.Valid { // a cart without lines is one row of NULL lines
			c.Items = append(c.Items, cart.Item{SKU: sku.String, Title: title.String, Quantity: int(qty.Int64),
				UnitPrice: money.New(price.Int64, c.Currency), AddedAt: added.Time})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, sql.ErrNoRows
	}
	return c, nil
}

// SetCartItem inserts or replaces one cart line.
func (db *DB) SetCartItem(ctx context.Context, cartID int64, it cart.Item) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO cart_items (cart_id, sku, title, quantity, unit_price, added_at) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (cart_id, sku) DO UPDATE SET title = excluded.title, quantity = excluded.quantity, unit_price = excluded.unit_price`,
			cartID, it.SKU, it.Title, it.Quantity, it.UnitPrice.Amount, it.AddedAt)
		if err != nil {
			return fmt.Errorf("set cart item: %w", err)
		}
		return touchCart(ctx, tx, cartID)
	})
}

// RemoveCartItem deletes one cart line.
func (db *DB) RemoveCartItem(ctx context.Context, cartID int64, sku string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = $1 AND sku = $2`, cartID, sku); err != nil {
			return err
		}
		return touchCart(ctx, tx, cartID)
	})
}

// SetCartCoupon stores the coupon code on the cart.
func (db *DB) SetCartCoupon(ctx context.Context, cartID int64, code string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE carts SET coupon = $1, updated_at = $2 WHERE id = $3`, code, now(), cartID)
		return err
	})
}

// ClearCart removes every line and the coupon.
func (db *DB) ClearCart(ctx context.Context, cartID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = $1`, cartID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE carts SET coupon = '', updated_at = $1 WHERE id = $2`, now(), cartID)
		return err
	})
}

// AdoptCart gives a conversation's cart to a customer: when the customer has
// a cart already, the conversation's lines are merged into it.
func (db *DB) AdoptCart(ctx context.Context, conversationID string, customerID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var anon int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM carts WHERE conversation_id = $1 AND customer_id IS NULL`, conversationID).Scan(&anon)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		var owned int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM carts WHERE customer_id = $1`, customerID).Scan(&owned)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, `UPDATE carts SET customer_id = $1, conversation_id = NULL, updated_at = $2 WHERE id = $3`, customerID, now(), anon)
			return err
		}
		if err != nil {
			return err
		}
		// The lines the shopper just added win over older saved ones.
		if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE cart_id = $1 AND sku IN (SELECT sku FROM cart_items WHERE cart_id = $2)`, owned, anon); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cart_items SET cart_id = $1 WHERE cart_id = $2`, owned, anon); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE carts SET coupon = (SELECT coupon FROM carts WHERE id = $1) WHERE id = $2 AND coupon = ''`, anon, owned); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM carts WHERE id = $1`, anon)
		return err
	})
}

func touchCart(ctx context.Context, tx *sql.Tx, cartID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE carts SET updated_at = $1 WHERE id = $2`, now(), cartID)
	return err
}
