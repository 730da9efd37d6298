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
	if !ok {
		return "", ErrNoRefunds
	}
	p, err := st.SucceededPaymentForOrder(ctx, o.ID)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	rf, ok := s.gateway.(Refunder)
	if !ok || p.Gateway != s.gateway.Name() {
		return "", fmt.Errorf("%w (payment %d was taken by %s)", ErrNoRefunds, p.ID, p.Gateway)
	}
	if amount.Amount > p.Amount.Amount {
		amount = p.Amount
	}
	ref, err := rf.RefundPayment(ctx, *p, amount, key)
	if err != nil {
		return "", fmt.Errorf("refund order %s: %w", o.Number, err)
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
