package order

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// ReservationTTL is how long stock stays reserved for an unpaid order.
const ReservationTTL = 30 * time.Minute

// ErrReservationExpired is returned when a payment arrives for an order whose
// reserved stock has already been released.
var ErrReservationExpired = errors.New("reservation expired")

// Transition is a change of an order's state that happens at most once:
// the store applies it only when the order is still in one of From.
type Transition struct {
	From          []string // allowed current statuses
	Status        string
	PaymentStatus string // "" keeps the current one
	// FulfillmentStatus, when set, moves the fulfilment on too.
	FulfillmentStatus string
	ReleaseStock      bool   // put the order's items back on the shelf
	RedeemCoupon      bool   // count the order's coupon as used by its customer
	Event             string // recorded in the events table
	Risk              *Risk  // when set, stored with the change
}

// LifecycleStore is the storage the order lifecycle needs.
type LifecycleStore interface {
	TransitionOrder(ctx context.Context, number string, t Transition) (changed bool, o *Order, err error)
	ExpiredReservations(ctx context.Context, now time.Time, limit int) ([]string, error)
}

// Checkout is an order placed from a cart in a conversation.
type Checkout struct {
	NewOrder
	ConversationID   string
	Items            []Item // lines as priced at checkout
	Discount         money.Money
	Shipping         money.Money
	ShippingOption   string
	DeliveryEstimate string
	Coupon           string
	// LoyaltyPoints to spend on the order for LoyaltyDiscount off (see
	// internal/loyalty); the store takes them from the customer's balance
	// in the same transaction that places the order.
	LoyaltyPoints   int64
	LoyaltyDiscount money.Money
	// PickupStore is the store chosen for pickup ("" when shipped).
	PickupStore string
}

// PlaceCheckout creates a pending order with its stock reserved until
// ReservationTTL from now. The same idempotency key returns the same order,
// so a double-tapped "pay" places one order.
func (s *Service) PlaceCheckout(ctx context.Context, c Checkout) (*Order, error) {
	if len(c.Items) == 0 {
		return nil, fmt.Errorf("%w: the cart is empty", ErrInvalid)
	}
	if err := c.ShippingAddress.Validate(); err != nil {
		return nil, fmt.Errorf("%w: shipping address: %w", ErrInvalid, err)
	}
	o := &Order{Email: c.Email, Name: c.Name, Phone: c.Phone, ShippingAddress: c.ShippingAddress,
		Status: StatusPending, PaymentStatus: PaymentPending, FulfillmentStatus: FulfillmentUnfulfilled,
		Source: "chat", IdempotencyKey: c.IdempotencyKey, Items: c.Items, Discount: c.Discount, Shipping: c.Shipping,
		ConversationID: c.ConversationID, ShippingOption: c.ShippingOption, DeliveryEstimate: c.DeliveryEstimate, Coupon: c.Coupon,
		PickupStore: c.PickupStore}
	cur := c.Items[0].UnitPrice.Currency
	o.Subtotal = money.New(0, cur)
	for _, it := range c.Items {
		o.Subtotal = o.Subtotal.Add(it.UnitPrice.Mul(it.Quantity))
	}
	o.LoyaltyPoints, o.LoyaltyDiscount = loyaltyOff(c, o.Subtotal.Amount, cur)
	o.Total = money.New(o.Subtotal.Amount-c.Discount.Amount-o.LoyaltyDiscount.Amount+c.Shipping.Amount, cur)
	if o.Total.Amount < 0 {
		o.Total.Amount = 0
	}
	until := time.Now().UTC().Add(ReservationTTL)
	o.ReservedUntil = &until
	id, err := s.store.UpsertCustomer(ctx, c.Email, c.Name, c.Phone)
	if err != nil {
		return nil, err
	}
	o.CustomerID = id
	if err := s.store.CreateOrder(ctx, o); err != nil {
		return nil, err
	}
	if err := s.screenPlaced(ctx, o); err != nil {
		return o, err
	}
	return o, nil
}

// loyaltyOff is the points spent and what they take off: never more than
// the goods cost after the coupon, so the total never goes below shipping.
func loyaltyOff(c Checkout, subtotal int64, cur string) (int64, money.Money) {
	off := min(c.LoyaltyDiscount.Amount, max(subtotal-c.Discount.Amount, 0))
	if c.LoyaltyPoints <= 0 || off <= 0 {
		return 0, money.New(0, cur)
	}
	return c.LoyaltyPoints, money.New(off, cur)
}

// MarkPaid confirms a paid order. It reports whether this call changed it:
// a second delivery of the same payment changes nothing.
func (s *Service) MarkPaid(ctx context.Context, number string) (bool, *Order, error) {
	return s.MarkPaidWith(ctx, number, NoFacts)
}

// MarkPaymentFailed cancels an unpaid order and puts its stock back.
func (s *Service) MarkPaymentFailed(ctx context.Context, number string) (bool, *Order, error) {
	return s.store.TransitionOrder(ctx, number, Transition{
		From: []string{StatusPending}, Status: StatusCancelled, PaymentStatus: PaymentFailed, ReleaseStock: true, Event: "payment_failed"})
}

// Supersede cancels an unpaid order that a newer checkout of the same
// conversation replaced (the cart or its total changed), putting its stock
// back, so that its payment link can no longer take money. A paid order is
// left alone; the answer says whether anything changed.
func (s *Service) Supersede(ctx context.Context, number string) (bool, error) {
	changed, _, err := s.store.TransitionOrder(ctx, number, Transition{
		From: []string{StatusPending}, Status: StatusCancelled, PaymentStatus: PaymentFailed, ReleaseStock: true, Event: "superseded"})
	return changed, err
}

// ExpireReservations cancels unpaid orders whose reservation ran out and
// releases their stock; it returns the numbers it cancelled.
func (s *Service) ExpireReservations(ctx context.Context, now time.Time) ([]string, error) {
	numbers, err := s.store.ExpiredReservations(ctx, now, 100)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, n := range numbers {
		changed, _, err := s.store.TransitionOrder(ctx, n, Transition{
			From: []string{StatusPending}, Status: StatusCancelled, PaymentStatus: PaymentFailed, ReleaseStock: true, Event: "reservation_expired"})
		if err != nil {
			return done, err
		}
		if changed {
			done = append(done, n)
		}
	}
	return done, nil
}
