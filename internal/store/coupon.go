package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/coupon"
)

// CouponByCode returns a coupon by its normalised code.
func (db *DB) CouponByCode(ctx context.Context, code string) (coupon.Coupon, error) {
	var c coupon.Coupon
	var exp sql.NullTime
	var once, active int
	err := db.read.QueryRowContext(ctx, `SELECT code, kind, value, min_spend, expires_at, once_per_customer, max_uses, uses, active FROM coupons WHERE code = $1`, code).
		Scan(&c.Code, &c.Kind, &c.Value, &c.MinSpend, &exp, &once, &c.MaxUses, &c.Uses, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return c, coupon.ErrUnknown
	}
	if err != nil {
		return c, fmt.Errorf("read coupon: %w", err)
	}
	if exp.Valid {
		t := exp.Time
		c.ExpiresAt = &t
	}
	c.OncePerCustomer, c.Active = once == 1, active == 1
	return c, nil
}

// CouponUsed reports whether the customer has a paid order with the code.
func (db *DB) CouponUsed(ctx context.Context, code string, customerID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupon_redemptions WHERE code = $1 AND customer_id = $2`, code, customerID).Scan(&n)
	return n > 0, err
}

// SaveCoupon creates or replaces a coupon. Replacing keeps the uses
// already claimed: editing a code does not hand its uses back.
func (db *DB) SaveCoupon(ctx context.Context, c coupon.Coupon) error {
	var exp sql.NullTime
	if c.ExpiresAt != nil {
		exp = sql.NullTime{Time: c.ExpiresAt.UTC(), Valid: true}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO coupons (code, kind, value, min_spend, expires_at, once_per_customer, active, max_uses) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, value = excluded.value, min_spend = excluded.min_spend,
  expires_at = excluded.expires_at, once_per_customer = excluded.once_per_customer, active = excluded.active,
  max_uses = excluded.max_uses`,
			c.Code, c.Kind, c.Value, c.MinSpend, exp, b2i(c.OncePerCustomer), b2i(c.Active), c.MaxUses)
		return err
	})
}

// claimCouponUse takes one use of a limited code for an order being placed
// in tx. It is one conditional UPDATE, so of two concurrent orders on any
// number of instances only as many as max_uses get through; the others fail
// with coupon.ErrUsed and their order is not placed. Unknown or unlimited
// codes claim nothing (the price check has already been made).
func claimCouponUse(ctx context.Context, tx *sql.Tx, code string) error {
	res, err := tx.ExecContext(ctx, `UPDATE coupons SET uses = uses + 1 WHERE code = $1 AND max_uses > 0 AND uses < max_uses`, code)
	if err != nil {
		return fmt.Errorf("claim coupon %s: %w", code, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var limited int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupons WHERE code = $1 AND max_uses > 0`, code).Scan(&limited)
	if err != nil {
		return fmt.Errorf("claim coupon %s: %w", code, err)
	}
	if limited > 0 {
		return fmt.Errorf("%w: %s", coupon.ErrUsed, code)
	}
	return nil
}

// releaseCouponUse gives back the use an unpaid order claimed when it is
// cancelled: a lapsed checkout must not burn a single-use code.
func releaseCouponUse(ctx context.Context, tx *sql.Tx, orderID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE coupons SET uses = uses - 1
WHERE code = (SELECT coupon FROM orders WHERE id = $1) AND max_uses > 0 AND uses > 0`, orderID)
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Coupons lists the discount codes by code, at most limit, for the admin.
func (db *DB) Coupons(ctx context.Context, limit int) ([]coupon.Coupon, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, kind, value, min_spend, expires_at, once_per_customer, max_uses, uses, active FROM coupons ORDER BY code LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list coupons: %w", err)
	}
	defer rows.Close()
	var out []coupon.Coupon
	for rows.Next() {
		var c coupon.Coupon
		var exp sql.NullTime
		var once, active int
		if err := rows.Scan(&c.Code, &c.Kind, &c.Value, &c.MinSpend, &exp, &once, &c.MaxUses, &c.Uses, &active); err != nil {
			return nil, fmt.Errorf("list coupons: %w", err)
		}
		if exp.Valid {
			t := exp.Time
			c.ExpiresAt = &t
		}
		c.OncePerCustomer, c.Active = once == 1, active == 1
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list coupons: %w", err)
	}
	return out, nil
}
