package order

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// StatusOnHold is a paid order that waits for a person to approve it
// because the fraud checks rated it high risk. Its stock stays taken.
const StatusOnHold = "on_hold"

// Stages at which an order is screened.
const (
	StagePlaced = "placed" // the shopper asked to pay
	StagePaid   = "paid"   // the gateway says the money arrived
)

// Risk levels and outcomes (see internal/risk).
const (
	RiskLow      = "low"
	RiskElevated = "elevated"
	RiskHigh     = "high"

	OutcomeStepUp = "step_up"
	OutcomeBlock  = "block"
)

// Review decisions.
const (
	Approve = "approve"
	Reject  = "reject"
)

// ErrBlocked is returned when the fraud checks refuse an order outright.
var ErrBlocked = errors.New("order refused by the fraud checks")

// ErrNotOnHold is returned when a review finds the order not waiting for one
// (never held, or decided already).
var ErrNotOnHold = errors.New("order is not on hold")

// Risk is how far an order is trusted, with the reasons an agent reads.
type Risk struct {
	Level   string   `json:"level"`
	Reasons []string `json:"reasons"`
	Outcome string   `json:"-"`
}

// PaymentFacts are what a gateway tells about a payment that bears on
// fraud; empty fields are unknown.
type PaymentFacts struct {
	CardFingerprint string
	CardCountry     string
	BillingCountry  string
	RiskLevel       string // Stripe's outcome.risk_level
	RiskScore       int    // Stripe's outcome.risk_score, -1 unknown
}

// NoFacts is a payment the gateway said nothing more about.
var NoFacts = PaymentFacts{RiskScore: -1}

// Screener scores an order (internal/risk).
type Screener interface {
	Screen(ctx context.Context, o *Order, stage string, f PaymentFacts) (Risk, error)
}

// RiskStore keeps an order's risk.
type RiskStore interface {
	SetOrderRisk(ctx context.Context, orderID int64, r Risk) error
}

// UseScreening turns on fraud checks for chat checkouts. approved and
// rejected run once after a review changed an order (the conversation is
// told); a rejected order's money goes back through the after-sale refunds.
func (s *Service) UseScreening(sc Screener, approved, rejected func(ctx context.Context, o *Order)) {
	s.screen, s.onApproved, s.onRejected = sc, approved, rejected
}

// screenPlaced scores a new chat order. A blocked order is cancelled at once
// and its stock put back.
func (s *Service) screenPlaced(ctx context.Context, o *Order) error {
	if s.screen == nil || o.Status != StatusPending {
		return nil
	}
	r, err := s.screen.Screen(ctx, o, StagePlaced, NoFacts)
	if err != nil {
		return fmt.Errorf("screen order %s: %w", o.Number, err)
	}
	rs, ok := s.store.(RiskStore)
	if !ok {
		return nil
	}
	if err := rs.SetOrderRisk(ctx, o.ID, r); err != nil {
		return err
	}
	o.Risk = r
	if r.Outcome != OutcomeBlock {
		return nil
	}
	if _, _, err := s.store.TransitionOrder(ctx, o.Number, Transition{From: []string{StatusPending}, Status: StatusCancelled,
		PaymentStatus: PaymentFailed, ReleaseStock: true, Event: "order_blocked"}); err != nil {
		return err
	}
	slog.WarnContext(ctx, "order refused by the fraud checks", "order", o.Number)
	return fmt.Errorf("%w: order %s", ErrBlocked, o.Number)
}

// MarkPaidWith confirms a paid order, or puts it on hold when the fraud
// checks, now knowing the card and the gateway's view, rate it high. Either
// happens once: a repeated delivery changes nothing.
func (s *Service) MarkPaidWith(ctx context.Context, number string, f PaymentFacts) (bool, *Order, error) {
	t := Transition{From: []string{StatusPending}, Status: StatusConfirmed, PaymentStatus: PaymentPaid, RedeemCoupon: true, Event: "order_paid"}
	if s.screen != nil {
		o, err := s.store.OrderByNumber(ctx, number)
		if err != nil {
			return false, nil, err
		}
		if o.Status == StatusPending && o.Source == "chat" {
			r, err := s.screen.Screen(ctx, o, StagePaid, f)
			if err != nil {
				// The money has arrived and the gateway will not say so
				// again: rather than lose the payment, a person decides.
				slog.ErrorContext(ctx, "fraud checks failed; order held for review", "order", number, "err", err)
				r = Risk{Level: RiskHigh, Reasons: []string{"the fraud checks could not run"}}
			}
			t.Risk = &r
			if r.Level == RiskHigh {
				// Money taken, goods not sent: a person decides (Review).
				t.Status, t.Event = StatusOnHold, "order_held"
			}
		}
	}
	changed, o, err := s.store.TransitionOrder(ctx, number, t)
	if err != nil || changed {
		return changed, o, err
	}
	if o.PaymentStatus == PaymentPaid {
		return false, o, nil // already paid: a repeated delivery
	}
	return false, o, fmt.Errorf("%w: order %s is %s", ErrReservationExpired, o.Number, o.Status)
}

// Review applies a person's decision on a held order, once: approve
// confirms it as if it had never been held; reject cancels it, puts the
// stock back and refunds the payment. A second decision finds the order
// moved on and returns ErrNotOnHold with the order as it is.
func (s *Service) Review(ctx context.Context, number, decision string) (*Order, error) {
	number = normalNumber(number)
	var t Transition
	switch decision {
	case Approve:
		t = Transition{From: []string{StatusOnHold}, Status: StatusConfirmed, Event: "review_approved"}
	case Reject:
		t = Transition{From: []string{StatusOnHold}, Status: StatusCancelled, ReleaseStock: true, Event: "review_rejected"}
	default:
		return nil, fmt.Errorf("%w: decision must be %q or %q", ErrInvalid, Approve, Reject)
	}
	changed, o, err := s.store.TransitionOrder(ctx, number, t)
	if err != nil {
		return nil, err
	}
	if !changed {
		return o, fmt.Errorf("%w: order %s is %s", ErrNotOnHold, o.Number, o.Status)
	}
	if decision == Approve {
		if s.onApproved != nil {
			s.onApproved(ctx, o)
		}
		return o, nil
	}
	if s.after.refunds != nil && o.PaymentStatus == PaymentPaid {
		// The transition above happens once, so this refund is asked for
		// once; its key keeps a retry from paying out twice.
		if _, err := s.after.refunds.Refund(ctx, o, o.Total, "review-reject-"+o.Number); err != nil {
			// The order stays cancelled and paid: visible to the shop, which
			// refunds by hand.
			return o, fmt.Errorf("refund rejected order %s: %w", o.Number, err)
		}
		if _, o, err = s.store.TransitionOrder(ctx, o.Number, Transition{From: []string{StatusCancelled},
			Status: StatusCancelled, PaymentStatus: PaymentRefunded, Event: "order_refunded"}); err != nil {
			return o, err
		}
	}
	if s.onRejected != nil {
		s.onRejected(ctx, o)
	}
	return o, nil
}
