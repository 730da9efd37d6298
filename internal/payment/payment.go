// Package payment takes payments for orders through a gateway: the built-in
// test gateway (a hosted page served by Shopkeeper itself) or Stripe. Whatever
// the gateway, a payment result is applied once: repeated webhooks and
// double-tapped buttons never charge or confirm twice.
package payment

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Payment statuses.
const (
	StatusPending   = "pending"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// ErrNotFound is returned for an unknown payment token or reference.
var ErrNotFound = errors.New("payment not found")

// ErrNoGateway is returned by Start when no gateway is configured: the shop
// chats and sells nothing until one is.
var ErrNoGateway = errors.New("no payment gateway is configured")

// Payment is one attempt to pay an order.
type Payment struct {
	ID          int64
	OrderID     int64
	OrderNumber string
	Gateway     string
	Reference   string // the gateway's id (test: the token; Stripe: the session id)
	Token       string // unguessable, in the payment page URL
	Status      string
	Amount      money.Money
	URL         string
}

// Request is what a gateway needs to start a payment.
type Request struct {
	OrderNumber    string
	Amount         money.Money
	Email          string
	Token          string // our unguessable token for this attempt
	IdempotencyKey string // the same key never starts two charges
	BaseURL        string // where Shopkeeper is reachable, for return and page URLs
	CustomerRef    string // the gateway's customer id, for gateways with Accounts
	StepUp         bool   // the fraud checks ask for strong authentication (3-D Secure)
}

// Gateway starts payments; results come back through Service.Complete.
type Gateway interface {
	Name() string
	Start(ctx context.Context, r Request) (reference, url string, err error)
}

// Store is the storage payments need.
type Store interface {
	CreatePayment(ctx context.Context, p *Payment) error
	PaymentByToken(ctx context.Context, token string) (*Payment, error)
	PaymentByReference(ctx context.Context, ref string) (*Payment, error)
	OpenPaymentForOrder(ctx context.Context, orderID int64) (*Payment, error)
	SetPaymentStatus(ctx context.Context, id int64, status string) error
	MarkProcessed(ctx context.Context, source, eventID string) (bool, error)
	SavePaymentMethod(ctx context.Context, m Method) error
	PaymentMethods(ctx context.Context, customerID int64, gateway string) ([]Method, error)
	GatewayCustomer(ctx context.Context, customerID int64, gateway string) (string, error)
	SaveGatewayCustomer(ctx context.Context, customerID int64, gateway, ref string) error
}

// Accounts is implemented by gateways that keep customer records of their
// own (Stripe): the methods a shopper chose to save hang off them.
type Accounts interface {
	CreateCustomer(ctx context.Context, customerID int64, email string) (string, error)
	ListMethods(ctx context.Context, customerRef string) ([]Method, error)
}

// Method is a customer's saved payment method at a gateway.
type Method struct {
	ID         int64
	CustomerID int64
	Gateway    string
	Reference  string // the gateway's id of the method
	Label      string // what the shopper recognises: "Visa •••• 4242"
}

// SavedMethods is implemented by gateways that can charge a saved method
// while the shopper is present in the chat.
type SavedMethods interface {
	ChargeSaved(ctx context.Context, r Request, m Method) (reference string, err error)
}

// ErrNotSupported is returned when the gateway cannot charge saved methods.
var ErrNotSupported = errors.New("the payment gateway cannot charge saved methods")

// Orders is the order lifecycle as payments drive it.
type Orders interface {
	MarkPaidWith(ctx context.Context, number string, f order.PaymentFacts) (bool, *order.Order, error)
	MarkPaymentFailed(ctx context.Context, number string) (bool, *order.Order, error)
}

// Service starts payments and applies their results.
type Service struct {
	store   Store
	gateway Gateway
	orders  Orders
	// OnPaid and OnFailed run once per order after the change is stored
	// (the conversation is told, the cart emptied).
	OnPaid   func(ctx context.Context, o *order.Order)
	OnFailed func(ctx context.Context, o *order.Order)
	// Trusted reports whether an order was placed by its proven customer
	// (see MayKeepMethods); nil trusts every order.
	Trusted func(ctx context.Context, o *order.Order) bool
	// ObservePaid, when set, hears of every order that became paid however
	// it was paid (the page, a webhook, a saved card in the chat), for the
	// server's metrics.
	ObservePaid func(ctx context.Context, o *order.Order)
}

// NewService makes the payment service. gw may be nil: then no payment can
// be started (ErrNoGateway), while results of earlier ones still apply.
func NewService(store Store, gw Gateway, orders Orders) *Service {
	return &Service{store: store, gateway: gw, orders: orders}
}

// Gateway names the configured gateway; "" when there is none.
func (s *Service) Gateway() string {
	if s.gateway == nil {
		return ""
	}
	return s.gateway.Name()
}

// Start returns the payment page for an order, reusing an open attempt so
// that asking twice gives the same link and never a second charge. An open
// attempt at another gateway (the test gateway, before the shop switched
// to a real one) is not reused: its page no longer takes payments.
func (s *Service) Start(ctx context.Context, o *order.Order, baseURL string) (*Payment, error) {
	if s.gateway == nil {
		return nil, ErrNoGateway
	}
	if p, err := s.store.OpenPaymentForOrder(ctx, o.ID); err == nil && p.Gateway == s.gateway.Name() {
		return p, nil
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	custRef, err := s.account(ctx, o)
	if err != nil {
		return nil, err
	}
	ref, url, err := s.gateway.Start(ctx, Request{OrderNumber: o.Number, Amount: o.Total, Email: o.Email, Token: token,
		IdempotencyKey: "order-" + o.Number, BaseURL: baseURL, CustomerRef: custRef, StepUp: o.Risk.Outcome == order.OutcomeStepUp || o.Risk.Level == order.RiskElevated})
	if err != nil {
		return nil, fmt.Errorf("start payment for order %s: %w", o.Number, err)
	}
	p := &Payment{OrderID: o.ID, OrderNumber: o.Number, Gateway: s.gateway.Name(), Reference: ref, Token: token,
		Status: StatusPending, Amount: o.Total, URL: url}
	if err := s.store.CreatePayment(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Complete applies a gateway's result for the payment with reference ref.
// eventID identifies the delivery (a webhook event id); a delivery seen
// before is acknowledged and ignored.
func (s *Service) Complete(ctx context.Context, ref string, succeeded bool, eventID string) (*order.Order, error) {
	return s.complete(ctx, ref, succeeded, eventID, true, order.NoFacts)
}

// CompleteWith is Complete with what the gateway told about the payment's
// risk (card fingerprint and country, its own risk rating), which the fraud
// checks weigh before the order is confirmed or held.
func (s *Service) CompleteWith(ctx context.Context, ref string, succeeded bool, eventID string, f order.PaymentFacts) (*order.Order, error) {
	return s.complete(ctx, ref, succeeded, eventID, true, f)
}

// Methods lists a customer's saved methods at the configured gateway; none
// when the gateway cannot charge them.
func (s *Service) Methods(ctx context.Context, customerID int64) ([]Method, error) {
	if _, ok := s.gateway.(SavedMethods); !ok || customerID == 0 || s.gateway == nil {
		return nil, nil
	}
	return s.store.PaymentMethods(ctx, customerID, s.gateway.Name())
}

// SaveMethod remembers a method the shopper agreed to save.
func (s *Service) SaveMethod(ctx context.Context, m Method) error {
	if s.gateway == nil {
		return ErrNoGateway
	}
	m.Gateway = s.gateway.Name()
	return s.store.SavePaymentMethod(ctx, m)
}

// ChargeSaved pays an order with a saved method of its customer, in the
// chat turn itself: the caller tells the shopper, so the OnPaid hook is not
// run. Charging twice is prevented by the order's state and the gateway's
// idempotency key.
func (s *Service) ChargeSaved(ctx context.Context, o *order.Order, methodID int64) (*order.Order, error) {
	gw, ok := s.gateway.(SavedMethods)
	if !ok {
		return nil, ErrNotSupported
	}
	if !s.MayKeepMethods(ctx, o) {
		return nil, ErrNotFound // a typed e-mail opens no saved card
	}
	methods, err := s.store.PaymentMethods(ctx, o.CustomerID, s.gateway.Name())
	if err != nil {
		return nil, err
	}
	var m *Method
	for i := range methods {
		if methods[i].ID == methodID {
			m = &methods[i]
		}
	}
	if m == nil {
		return nil, ErrNotFound // not this customer's method
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	custRef, err := s.account(ctx, o)
	if err != nil {
		return nil, err
	}
	ref, err := gw.ChargeSaved(ctx, Request{OrderNumber: o.Number, Amount: o.Total, Email: o.Email, Token: token,
		IdempotencyKey: "order-" + o.Number + "-saved", CustomerRef: custRef}, *m)
	if err != nil {
		return nil, fmt.Errorf("charge saved method for order %s: %w", o.Number, err)
	}
	p := &Payment{OrderID: o.ID, OrderNumber: o.Number, Gateway: s.gateway.Name(), Reference: ref, Token: token, Status: StatusPending, Amount: o.Total}
	if err := s.store.CreatePayment(ctx, p); err != nil {
		return nil, err
	}
	return s.complete(ctx, ref, true, "", false, order.NoFacts)
}

func (s *Service) complete(ctx context.Context, ref string, succeeded bool, eventID string, hooks bool, f order.PaymentFacts) (*order.Order, error) {
	p, err := s.store.PaymentByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	if eventID != "" {
		first, err := s.store.MarkProcessed(ctx, p.Gateway, eventID)
		if err != nil {
			return nil, err
		}
		if !first {
			slog.InfoContext(ctx, "payment event delivered again; ignored", "gateway", p.Gateway, "event", eventID)
			return nil, nil
		}
	}
	if succeeded {
		changed, o, err := s.orders.MarkPaidWith(ctx, p.OrderNumber, f)
		if err != nil {
			return o, err
		}
		if err := s.store.SetPaymentStatus(ctx, p.ID, StatusSucceeded); err != nil {
			return o, err
		}
		if changed {
			s.syncMethods(ctx, o)
		}
		if changed && s.ObservePaid != nil {
			s.ObservePaid(ctx, o)
		}
		if changed && hooks && s.OnPaid != nil {
			s.OnPaid(ctx, o)
		}
		return o, nil
	}
	changed, o, err := s.orders.MarkPaymentFailed(ctx, p.OrderNumber)
	if err != nil {
		return o, err
	}
	if err := s.store.SetPaymentStatus(ctx, p.ID, StatusFailed); err != nil {
		return o, err
	}
	if changed && hooks && s.OnFailed != nil {
		s.OnFailed(ctx, o)
	}
	return o, nil
}

// ByToken returns the payment whose page URL carries token.
func (s *Service) ByToken(ctx context.Context, token string) (*Payment, error) {
	return s.store.PaymentByToken(ctx, token)
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// account returns the gateway's customer for the order's customer, creating
// it the first time, for gateways that keep accounts.
func (s *Service) account(ctx context.Context, o *order.Order) (string, error) {
	acc, ok := s.gateway.(Accounts)
	if !ok || o.CustomerID == 0 || !s.MayKeepMethods(ctx, o) {
		return "", nil
	}
	ref, err := s.store.GatewayCustomer(ctx, o.CustomerID, s.gateway.Name())
	if err != nil || ref != "" {
		return ref, err
	}
	if ref, err = acc.CreateCustomer(ctx, o.CustomerID, o.Email); err != nil {
		return "", fmt.Errorf("create %s customer: %w", s.gateway.Name(), err)
	}
	return ref, s.store.SaveGatewayCustomer(ctx, o.CustomerID, s.gateway.Name(), ref)
}

// syncMethods copies the methods the shopper chose to save at the gateway,
// so the next checkout can offer them. A failure only costs that offer.
func (s *Service) syncMethods(ctx context.Context, o *order.Order) {
	acc, ok := s.gateway.(Accounts)
	if !ok || o.CustomerID == 0 || !s.MayKeepMethods(ctx, o) {
		return
	}
	ref, err := s.store.GatewayCustomer(ctx, o.CustomerID, s.gateway.Name())
	if err != nil || ref == "" {
		return
	}
	methods, err := acc.ListMethods(ctx, ref)
	if err != nil {
		slog.WarnContext(ctx, "list saved payment methods", "gateway", s.gateway.Name(), "err", err)
		return
	}
	for _, m := range methods {
		m.CustomerID, m.Gateway = o.CustomerID, s.gateway.Name()
		if err := s.store.SavePaymentMethod(ctx, m); err != nil {
			slog.WarnContext(ctx, "save payment method", "err", err)
		}
	}
}

// MayKeepMethods reports whether the order's payment may use, or save
// into, its customer's saved methods and gateway account: only when the
// shopper proved they are that customer (Trusted says so), never for an
// order someone placed by typing another person's e-mail.
func (s *Service) MayKeepMethods(ctx context.Context, o *order.Order) bool {
	if o.CustomerID == 0 {
		return false
	}
	return s.Trusted == nil || s.Trusted(ctx, o)
}
