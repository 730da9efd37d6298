// Package order owns orders: placing them with their stock taken atomically,
// their readable numbers, and their life after payment (shipments).
package order

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Order statuses (the lifecycle in plain words).
const (
	StatusPending   = "pending"   // waiting for payment
	StatusConfirmed = "confirmed" // paid, being prepared
	StatusShipped   = "shipped"
	StatusDelivered = "delivered"
	StatusCancelled = "cancelled"
)

// Payment statuses (the contract's payment_status).
const (
	PaymentPending  = "pending"
	PaymentPaid     = "paid"
	PaymentFailed   = "failed"
	PaymentRefunded = "refunded"
)

// Fulfilment statuses.
const (
	FulfillmentUnfulfilled = "unfulfilled"
	FulfillmentShipped     = "shipped"
	FulfillmentDelivered   = "delivered"
)

// Sentinel errors callers branch on.
var (
	ErrNotFound = errors.New("order not found")
	ErrInvalid  = errors.New("invalid order")
	// ErrPoints: the customer no longer has the loyalty points the
	// checkout meant to spend (spent in another order meanwhile).
	ErrPoints = errors.New("not enough loyalty points")
)

// Order is a placed order.
type Order struct {
	ID                int64
	Number            string // what a shopper reads and says on the phone: "1042"
	CustomerID        int64
	Email             string
	Name              string
	Phone             string
	Status            string
	PaymentStatus     string
	FulfillmentStatus string
	Items             []Item
	Subtotal          money.Money
	Discount          money.Money
	Shipping          money.Money
	Total             money.Money
	ShippingAddress   address.Address
	Shipments         []Shipment
	Returns           []Return // items sent back (see internal/returns)
	Source            string   // "admin", "chat", …
	IdempotencyKey    string
	ConversationID    string     // the chat it was bought in, for confirmations
	ReservedUntil     *time.Time // unpaid orders hold their stock until then
	ShippingOption    string
	DeliveryEstimate  string // "2026-11-24/2026-11-25": earliest/latest day
	Coupon            string
	Risk              Risk // what the fraud checks made of it (risk.go)
	CreatedAt         time.Time
	UpdatedAt         time.Time

	// LoyaltyPoints were spent on the order, taking LoyaltyDiscount off
	// its total (see internal/loyalty); both zero when none were.
	LoyaltyPoints   int64
	LoyaltyDiscount money.Money

	// PickupStore is the id of the store the shopper picks the order up
	// in (internal/stores); empty when it is shipped.
	PickupStore string
}

// Item is one line of an order, with the title and price as sold.
type Item struct {
	SKU       string
	Title     string
	Quantity  int
	UnitPrice money.Money
}

// Shipment is one fulfilment event of an order.
type Shipment struct {
	ID             int64
	Status         string
	Carrier        string
	TrackingNumber string
	CreatedAt      time.Time
	Events         []TrackingEvent // the carrier's scans, oldest first (see aftersale.go)
}

// Return is a return of some of an order's items as the order lists it;
// internal/returns owns the rest of it.
type Return struct {
	ID         string
	Kind       string // return or exchange
	Status     string
	Lines      []Line
	LabelToken string // the label's unguessable link
	CreatedAt  time.Time
}

// Store is the storage orders need.
type Store interface {
	CreateOrder(ctx context.Context, o *Order) error
	OrderByNumber(ctx context.Context, number string) (*Order, error)
	ListOrders(ctx context.Context, f Filter) ([]Order, error)
	AddShipment(ctx context.Context, number string, s Shipment) (*Order, error)
	UpsertCustomer(ctx context.Context, email, name, phone string) (int64, error)
	LifecycleStore
}

// Catalog is what placing an order needs to know about products.
type Catalog interface {
	Variant(ctx context.Context, sku string) (catalog.Variant, error)
	ProductByID(ctx context.Context, id int64) (*catalog.Product, error)
}

// Filter selects orders in a list.
type Filter struct {
	Email      string
	Status     string
	CustomerID int64
	// ConversationID: the orders placed in one conversation (the admin's
	// conversation explorer).
	ConversationID string
	AfterID        int64
	Limit          int
}

// Service places and finds orders.
type Service struct {
	store   Store
	catalog Catalog
	after   afterSale     // carriers, refunds, delivery hook (aftersale.go)
	lookups *lookupLimits // failed lookups across conversations (lookup.go); nil: none
	// Fraud checks and what a review's decision sets off (risk.go).
	screen                 Screener
	onApproved, onRejected func(ctx context.Context, o *Order)
}

// NewService makes the order service.
func NewService(store Store, cat Catalog) *Service {
	return &Service{store: store, catalog: cat}
}

// Line is an order line as asked for: a SKU and a quantity.
type Line struct {
	SKU      string
	Quantity int
}

// NewOrder is what placing an order needs.
type NewOrder struct {
	Email           string
	Name            string
	Phone           string
	Lines           []Line
	ShippingAddress address.Address
	Paid            bool
	Source          string
	IdempotencyKey  string
	Currency        string
}

// Place creates an order, taking its stock in the same transaction: either
// the whole order is placed with all its stock, or nothing changes.
func (s *Service) Place(ctx context.Context, n NewOrder) (*Order, error) {
	email := strings.ToLower(strings.TrimSpace(n.Email))
	if !strings.Contains(email, "@") {
		return nil, fmt.Errorf("%w: customer email %q is not an e-mail address", ErrInvalid, n.Email)
	}
	if len(n.Lines) == 0 {
		return nil, fmt.Errorf("%w: an order needs at least one item", ErrInvalid)
	}
	if err := n.ShippingAddress.Validate(); err != nil {
		return nil, fmt.Errorf("%w: shipping address: %w", ErrInvalid, err)
	}
	o := &Order{Email: email, Name: n.Name, Phone: n.Phone, ShippingAddress: n.ShippingAddress,
		Status: StatusPending, PaymentStatus: PaymentPending, FulfillmentStatus: FulfillmentUnfulfilled,
		Source: n.Source, IdempotencyKey: n.IdempotencyKey}
	if n.Paid {
		o.Status, o.PaymentStatus = StatusConfirmed, PaymentPaid
	}
	for i, l := range n.Lines {
		if l.Quantity <= 0 || l.Quantity > 10000 {
			return nil, fmt.Errorf("%w: item %d: quantity must be between 1 and 10000", ErrInvalid, i+1)
		}
		v, err := s.catalog.Variant(ctx, l.SKU)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, fmt.Errorf("%w: item %d: unknown SKU %q", ErrInvalid, i+1, l.SKU)
		}
		if err != nil {
			return nil, err
		}
		title, err := s.variantTitle(ctx, v)
		if err != nil {
			return nil, err
		}
		o.Items = append(o.Items, Item{SKU: v.SKU, Title: title, Quantity: l.Quantity, UnitPrice: v.Price})
		o.Subtotal = o.Subtotal.Add(v.Price.Mul(l.Quantity))
	}
	cur := o.Subtotal.Currency
	o.Discount, o.Shipping = money.New(0, cur), money.New(0, cur)
	o.Total = o.Subtotal
	id, err := s.store.UpsertCustomer(ctx, email, n.Name, n.Phone)
	if err != nil {
		return nil, err
	}
	o.CustomerID = id
	if err := s.store.CreateOrder(ctx, o); err != nil {
		return nil, err
	}
	return o, nil
}

// variantTitle is the line title a shopper recognises: "Aurora Trail Runner — 42 / Black".
func (s *Service) variantTitle(ctx context.Context, v catalog.Variant) (string, error) {
	p, err := s.catalog.ProductByID(ctx, v.ProductID)
	if err != nil {
		return "", fmt.Errorf("product of %s: %w", v.SKU, err)
	}
	return catalog.VariantTitle(p, v), nil
}

// ByNumber returns an order by its number ("1042" or "#1042").
func (s *Service) ByNumber(ctx context.Context, number string) (*Order, error) {
	return s.store.OrderByNumber(ctx, normalNumber(number))
}

func normalNumber(number string) string { return strings.TrimPrefix(strings.TrimSpace(number), "#") }

// List returns orders matching f, newest last, one page.
func (s *Service) List(ctx context.Context, f Filter) ([]Order, error) {
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	return s.store.ListOrders(ctx, f)
}

// Fulfil records a shipment event (shipped or delivered).
func (s *Service) Fulfil(ctx context.Context, number string, sh Shipment) (*Order, error) {
	if sh.Status != FulfillmentShipped && sh.Status != FulfillmentDelivered {
		return nil, fmt.Errorf("%w: status must be %q or %q", ErrInvalid, FulfillmentShipped, FulfillmentDelivered)
	}
	o, err := s.ByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if o.Status == StatusCancelled {
		return nil, fmt.Errorf("%w: order %s is cancelled", ErrInvalid, o.Number)
	}
	return s.fulfil(ctx, o, sh)
}
