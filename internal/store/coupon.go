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
	err := db.read.QueryRowContext(ctx, `SELECT code, kind, value, min_spend, expires_at, once_per_customer, active FROM coupons WHERE code = $1`, code).
		Scan(&c.Code, &c.Kind, &c.Value, &c.MinSpend, &exp, &once, &active)
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

// SaveCoupon creates or replaces a coupon.
func (db *DB) SaveCoupon(ctx context.Context, c coupon.Coupon) error {
	var exp sql.NullTime
	if c.ExpiresAt != nil {
		exp = sql.NullTime{Time: c.ExpiresAt.UTC(), Valid: true}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO coupons (code, kind, value, min_spend, expires_at, once_per_customer, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, value = excluded.value, min_spend = excluded.min_spend,
  expires_at = excluded.expires_at, once_per_customer = excluded.once_per_customer, active = excluded.active`,
			c.Code, c.Kind, c.Value, c.MinSpend, exp, b2i(c.OncePerCustomer), b2i(c.Active))
		return err
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
