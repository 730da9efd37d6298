// Package coupon owns discount codes: percentage, fixed amount and free
// shipping, with minimum spend, expiry, once-per-customer and total-uses rules.
package coupon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Kinds of coupon.
const (
	Percent      = "percent"       // Value is a percentage, 1–100
	Fixed        = "fixed"         // Value is an amount in minor units
	FreeShipping = "free_shipping" // shipping costs nothing
)

// Reasons a code does not apply; the dialogue tells the shopper which.
var (
	ErrUnknown  = errors.New("unknown coupon")
	ErrExpired  = errors.New("coupon expired")
	ErrMinSpend = errors.New("minimum spend not reached")
	ErrUsed     = errors.New("coupon already used")
)

// Coupon is a discount code.
type Coupon struct {
	Code            string
	Kind            string
	Value           int64
	MinSpend        int64 // minor units
	ExpiresAt       *time.Time
	OncePerCustomer bool
	// MaxUses limits the orders that may use the code, whoever places them
	// (0 = no limit); Uses is how many have claimed it. The store claims a
	// use atomically when an order is placed, so a single-use code (an
	// agent's goodwill code) works exactly once even under concurrency.
	MaxUses int64
	Uses    int64
	Active  bool
}

// Normalize is how codes are compared: upper case, no spaces.
func Normalize(code string) string {
	return strings.ToUpper(strings.Join(strings.Fields(code), ""))
}

// Validate checks the coupon's own fields.
func (c Coupon) Validate() error {
	if c.Code == "" || len(c.Code) > 40 {
		return errors.New("code must have 1 to 40 characters")
	}
	switch c.Kind {
	case Percent:
		if c.Value < 1 || c.Value > 100 {
			return errors.New("a percentage must be from 1 to 100")
		}
	case Fixed:
		if c.Value <= 0 {
			return errors.New("a fixed discount must be more than zero")
		}
	case FreeShipping:
	default:
		return fmt.Errorf("kind must be %s, %s or %s", Percent, Fixed, FreeShipping)
	}
	if c.MinSpend < 0 {
		return errors.New("minimum spend cannot be negative")
	}
	if c.MaxUses < 0 {
		return errors.New("max uses cannot be negative")
	}
	return nil
}

// Discount is what a coupon takes off an order.
type Discount struct {
	Code         string
	Amount       money.Money // off the subtotal
	FreeShipping bool
}

// Apply computes the discount on subtotal; used says whether this customer
// has redeemed the code before.
func (c Coupon) Apply(subtotal money.Money, now time.Time, used bool) (Discount, error) {
	if !c.Active {
		return Discount{}, ErrUnknown
	}
	if c.ExpiresAt != nil && !now.Before(*c.ExpiresAt) {
		return Discount{}, ErrExpired
	}
	if subtotal.Amount < c.MinSpend {
		return Discount{}, ErrMinSpend
	}
	if c.OncePerCustomer && used {
		return Discount{}, ErrUsed
	}
	if c.Exhausted() {
		return Discount{}, ErrUsed
	}
	d := Discount{Code: c.Code, Amount: money.New(0, subtotal.Currency)}
	switch c.Kind {
	case Percent:
		// Round half up in minor units; never more than the subtotal.
		d.Amount.Amount = (subtotal.Amount*c.Value + 50) / 100
	case Fixed:
		d.Amount.Amount = min(c.Value, subtotal.Amount)
	case FreeShipping:
		d.FreeShipping = true
	}
	return d, nil
}

// Exhausted reports whether every allowed use has been claimed.
func (c Coupon) Exhausted() bool { return c.MaxUses > 0 && c.Uses >= c.MaxUses }

// Store is the storage coupons need.
type Store interface {
	CouponByCode(ctx context.Context, code string) (Coupon, error)
	CouponUsed(ctx context.Context, code string, customerID int64) (bool, error)
	SaveCoupon(ctx context.Context, c Coupon) error
}

// Service looks coupons up and applies them.
type Service struct{ store Store }

// NewService makes the coupon service.
func NewService(s Store) *Service { return &Service{store: s} }

// Check finds code and applies it to subtotal for customerID (0 = anonymous).
func (s *Service) Check(ctx context.Context, code string, subtotal money.Money, customerID int64, now time.Time) (Discount, error) {
	c, err := s.store.CouponByCode(ctx, Normalize(code))
	if err != nil {
		return Discount{}, err
	}
	used := false
	if c.OncePerCustomer && customerID != 0 {
		if used, err = s.store.CouponUsed(ctx, c.Code, customerID); err != nil {
			return Discount{}, err
		}
	}
	return c.Apply(subtotal, now, used)
}

// Save creates or replaces a coupon.
func (s *Service) Save(ctx context.Context, c Coupon) error {
	c.Code = Normalize(c.Code)
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.SaveCoupon(ctx, c)
}

// List returns the codes by code, at most limit; nil when the store cannot
// list (the Store interface stays what checkout needs).
func (s *Service) List(ctx context.Context, limit int) ([]Coupon, error) {
	l, ok := s.store.(interface {
		Coupons(ctx context.Context, limit int) ([]Coupon, error)
	})
	if !ok {
		return nil, nil
	}
	return l.Coupons(ctx, limit)
}
