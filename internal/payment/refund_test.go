package payment

import (
	"context"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// A refund of a Checkout payment names its PaymentIntent, which Stripe gives
// on the session; stripe-mock answers both calls as Stripe documents them.
func TestStripe_RefundPaymentOfACheckoutSession(t *testing.T) {
	s := &Stripe{SecretKey: "sk_test_123", APIBase: stripeMock(t)}
	ctx := context.Background()
	ref, _, err := s.Start(ctx, Request{OrderNumber: "1009", Amount: money.MustParse("10.00", "EUR"), Token: "tok9",
		IdempotencyKey: "order-1009", BaseURL: "http://shop.test", Email: "ana@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []Payment{{Reference: ref, Amount: money.MustParse("10.00", "EUR")}, {Reference: "pi_123", Amount: money.MustParse("10.00", "EUR")}} {
		re, err := s.RefundPayment(ctx, p, money.MustParse("10.00", "EUR"), "cancel-1009")
		if err != nil || !strings.HasPrefix(re, "re_") {
			t.Fatalf("refund of %s = %q, %v", p.Reference, re, err)
		}
	}
}

func TestTestGateway_RefundIsKeyedForRetries(t *testing.T) {
	a, _ := TestGateway{}.RefundPayment(context.Background(), Payment{}, money.MustParse("5.00", "EUR"), "cancel-1")
	b, _ := TestGateway{}.RefundPayment(context.Background(), Payment{}, money.MustParse("5.00", "EUR"), "cancel-1")
	if a == "" || a != b {
		t.Fatalf("refund references %q, %q: a retry must name the same refund", a, b)
	}
}
