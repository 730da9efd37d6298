package payment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Refunder is implemented by gateways that can give money back. key makes
// a retried refund the same refund at the gateway, never a second one.
type Refunder interface {
	RefundPayment(ctx context.Context, p Payment, amount money.Money, key string) (reference string, err error)
}

// SettledPayments finds the payment that paid an order.
type SettledPayments interface {
	SucceededPaymentForOrder(ctx context.Context, orderID int64) (*Payment, error)
}

// ErrNoRefunds is returned when the configured gateway cannot refund.
var ErrNoRefunds = errors.New("the payment gateway cannot refund")

// ErrRefundTooLarge is returned when a refund would give back more than the
// order's payment.
var ErrRefundTooLarge = errors.New("refund larger than what is left of the payment")

// RefundLedger keeps the refunds of each order: a claim is taken before the
// gateway is called, so refunds from a cancellation, a return and an agent
// can never add up past what was paid, and a retried key is the same refund.
type RefundLedger interface {
	ReserveRefund(ctx context.Context, orderID int64, key string, amount, limit int64) (reference string, done bool, err error)
	CompleteRefund(ctx context.Context, key, reference string) error
	CancelRefund(ctx context.Context, orderID int64, key string) error
}

// Refund gives amount of an order's payment back through the gateway that
// took it. An order paid outside Shopkeeper (entered by the shop as paid)
// has no gateway payment: nothing is sent and the reference is "". The
// caller makes the decision to refund happen once; key keeps a retry from
// refunding twice at the gateway.
func (s *Service) Refund(ctx context.Context, o *order.Order, amount money.Money, key string) (string, error) {
	if amount.Amount <= 0 {
		return "", nil
	}
	st, ok := s.store.(SettledPayments)
	ledger, ok2 := s.store.(RefundLedger)
	if !ok || !ok2 {
		return "", ErrNoRefunds
	}
	p, err := st.SucceededPaymentForOrder(ctx, o.ID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	limit := o.Total.Amount
	if p != nil {
		limit = p.Amount.Amount
		if _, ok := s.gateway.(Refunder); !ok || p.Gateway != s.gateway.Name() {
			return "", fmt.Errorf("%w (payment %d was taken by %s)", ErrNoRefunds, p.ID, p.Gateway)
		}
	}
	if amount.Amount > limit {
		amount.Amount = limit
	}
	ref, done, err := ledger.ReserveRefund(ctx, o.ID, key, amount.Amount, limit)
	if err != nil || done {
		return ref, err
	}
	if p == nil {
		return "", nil // paid outside Shopkeeper: recorded, nothing to send
	}
	ref, err = s.gateway.(Refunder).RefundPayment(ctx, *p, amount, key)
	if err != nil {
		if rerr := ledger.CancelRefund(ctx, o.ID, key); rerr != nil {
			return "", errors.Join(fmt.Errorf("refund order %s: %w", o.Number, err), rerr)
		}
		return "", fmt.Errorf("refund order %s: %w", o.Number, err)
	}
	if err := ledger.CompleteRefund(ctx, key, ref); err != nil {
		return ref, err
	}
	return ref, nil
}

// RefundPayment "refunds" a test payment: no money moved, so none moves back.
func (TestGateway) RefundPayment(_ context.Context, p Payment, amount money.Money, key string) (string, error) {
	return "test_refund_" + key, nil
}

// RefundPayment refunds amount of a Stripe payment. A Checkout Session is
// looked up for its PaymentIntent first, since refunds name the intent.
func (s *Stripe) RefundPayment(ctx context.Context, p Payment, amount money.Money, key string) (string, error) {
	pi := p.Reference
	if strings.HasPrefix(pi, "cs_") {
		var session struct {
			PaymentIntent string `json:"payment_intent"`
		}
		if err := s.call(ctx, "GET", "/v1/checkout/sessions/"+url.PathEscape(pi), nil, "", &session); err != nil {
			return "", err
		}
		if session.PaymentIntent == "" {
			return "", fmt.Errorf("stripe: checkout session %s has no payment intent", pi)
		}
		pi = session.PaymentIntent
	}
	form := url.Values{}
	form.Set("payment_intent", pi)
	form.Set("amount", strconv.FormatInt(amount.Amount, 10))
	var re struct {
		ID string `json:"id"`
	}
	if err := s.call(ctx, "POST", "/v1/refunds", form, "refund-"+key, &re); err != nil {
		return "", err
	}
	return re.ID, nil
}
