// Package loyalty owns the shop's points: earned on paid orders by rules the
// shop sets, spent at checkout as a discount in money, given back when an
// order that spent them fails, taken back when one that earned them is
// refunded. The ledger in storage makes each of those happen once per order.
package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Rules are the shop's loyalty settings.
type Rules struct {
	// PointsPerUnit is earned per whole unit of the currency paid for goods
	// (one euro); 0 turns loyalty off.
	PointsPerUnit int64
	// PointValue is what one point takes off at checkout, in minor units.
	PointValue int64
	// MinRedeem is the fewest points a checkout may spend.
	MinRedeem int64
}

// On reports whether the shop runs a loyalty scheme at all.
func (r Rules) On() bool { return r.PointsPerUnit > 0 && r.PointValue > 0 }

// Earned is what paying paid for goods earns: whole units only, rounded
// down, so a refund of the same amount takes back no more than was given.
func (r Rules) Earned(paid money.Money) int64 {
	if !r.On() || paid.Amount <= 0 {
		return 0
	}
	unit := unitOf(paid.Currency)
	return paid.Amount / unit * r.PointsPerUnit
}

// Redemption is how many of balance points to spend on due (what the goods
// cost after any coupon) and what they take off: never more than due, so
// a total never goes below zero, and in whole points.
func (r Rules) Redemption(balance int64, due money.Money) (int64, money.Money) {
	none := money.New(0, due.Currency)
	if !r.On() || balance <= 0 || due.Amount <= 0 || balance < r.MinRedeem {
		return 0, none
	}
	points := min(balance, due.Amount/r.PointValue)
	if points <= 0 || points < r.MinRedeem {
		return 0, none
	}
	return points, money.New(points*r.PointValue, due.Currency)
}

// unitOf is the number of minor units in one unit of the currency (100 for
// EUR, 1 for JPY).
func unitOf(currency string) int64 {
	m, err := money.Parse("1", currency)
	if err != nil || m.Amount <= 0 {
		return 100
	}
	return m.Amount
}

// Entry is one line of a customer's points ledger.
type Entry struct {
	OrderID     int64
	OrderNumber string
	Kind        string // earn, redeem, reverse, restore, return:<id>
	Points      int64  // positive when added
	At          time.Time
}

// Store is the storage loyalty needs; spending and giving back happen in
// the order's own transactions (internal/store).
type Store interface {
	LoyaltyBalance(ctx context.Context, customerID int64) (int64, error)
	EarnPoints(ctx context.Context, customerID, orderID, points int64) (bool, error)
	LoyaltyLedger(ctx context.Context, customerID int64, limit int) ([]Entry, error)
}

// Service applies the rules to customers' points.
type Service struct {
	store Store
	rules Rules
	// RulesNow, when set, answers the rules in force instead of those
	// given to NewService: the admin can change them while the server runs.
	RulesNow func() Rules
}

// NewService makes the loyalty service.
func NewService(st Store, r Rules) *Service { return &Service{store: st, rules: r} }

// Rules are the shop's settings.
func (s *Service) Rules() Rules {
	if s.RulesNow != nil {
		return s.RulesNow()
	}
	return s.rules
}

// On reports whether loyalty is on; a nil service is off.
func (s *Service) On() bool { return s != nil && s.Rules().On() }

// Balance is the customer's points, never shown below zero (a refund may
// take back points already spent).
func (s *Service) Balance(ctx context.Context, customerID int64) (int64, error) {
	if customerID == 0 {
		return 0, nil
	}
	n, err := s.store.LoyaltyBalance(ctx, customerID)
	return max(n, 0), err
}

// Value is what points are worth at checkout.
func (s *Service) Value(points int64, currency string) money.Money {
	return money.New(points*s.Rules().PointValue, currency)
}

// Earn awards the points a paid order earns, once: a payment delivered
// twice, or the hook run twice, awards nothing the second time. Points are
// earned on what was paid for goods: not on shipping, not on what points
// paid.
func (s *Service) Earn(ctx context.Context, o *order.Order) (int64, error) {
	if !s.On() || o.CustomerID == 0 || o.PaymentStatus != order.PaymentPaid {
		return 0, nil
	}
	paid := money.New(o.Total.Amount-o.Shipping.Amount, o.Total.Currency)
	points := s.Rules().Earned(paid)
	if points <= 0 {
		return 0, nil
	}
	added, err := s.store.EarnPoints(ctx, o.CustomerID, o.ID, points)
	if err != nil {
		return 0, fmt.Errorf("earn points for order %s: %w", o.Number, err)
	}
	if !added {
		return 0, nil
	}
	return points, nil
}

// Quote is what the customer could spend on due now: points and their value.
func (s *Service) Quote(ctx context.Context, customerID int64, due money.Money) (int64, money.Money, error) {
	if !s.On() || customerID == 0 {
		return 0, money.New(0, due.Currency), nil
	}
	bal, err := s.store.LoyaltyBalance(ctx, customerID)
	if err != nil {
		return 0, money.New(0, due.Currency), err
	}
	p, v := s.Rules().Redemption(bal, due)
	return p, v, nil
}

// Ledger lists the customer's latest entries, newest first.
func (s *Service) Ledger(ctx context.Context, customerID int64, limit int) ([]Entry, error) {
	return s.store.LoyaltyLedger(ctx, customerID, limit)
}
