package order

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// TrackingEvent is one carrier scan of a shipment.
type TrackingEvent = fulfilment.TrackingEvent

// After-sale errors callers branch on.
var (
	// ErrAlreadyShipped: the parcel has left, so it can no longer be
	// cancelled or sent elsewhere.
	ErrAlreadyShipped = errors.New("order already shipped")
	// ErrNotPaid: documents such as invoices exist only for paid orders.
	ErrNotPaid = errors.New("order not paid")
	// ErrNoAfterSale: the service was built without UseAfterSale.
	ErrNoAfterSale = errors.New("after-sale actions are not set up")
)

// Kinds of unguessable order links.
const (
	LinkTracking = "tracking"
	LinkInvoice  = "invoice"
)

// PolledShipment is a shipment whose carrier the tracking job asks for news.
type PolledShipment struct {
	ID             int64
	OrderNumber    string
	Carrier        string
	TrackingNumber string
	Country        string
	ShippedAt      time.Time
	Stored         int // scans stored so far
}

// AfterSaleStore is the storage of shipments' tracking, address changes and
// order links.
type AfterSaleStore interface {
	PollShipment(ctx context.Context, shipmentID int64, country string) error
	PolledShipments(ctx context.Context, limit int) ([]PolledShipment, error)
	ShipmentByTracking(ctx context.Context, trackingNumber string) (PolledShipment, error)
	AddTrackingEvents(ctx context.Context, shipmentID int64, evs []TrackingEvent) (added int, err error)
	FinishShipment(ctx context.Context, shipmentID int64) error
	SetShippingAddress(ctx context.Context, number string, a address.Address) (changed bool, err error)
	OrderLink(ctx context.Context, orderID int64, kind string) (string, error)
	OrderByLink(ctx context.Context, kind, token string) (*Order, error)
	MarkProcessed(ctx context.Context, source, eventID string) (bool, error)
}

// Refunder gives an order's money back through its payment gateway; key
// makes a retry the same refund.
type Refunder interface {
	Refund(ctx context.Context, o *Order, amount money.Money, key string) (reference string, err error)
}

type afterSale struct {
	store    AfterSaleStore
	carriers *fulfilment.Carriers
	refunds  Refunder
	// onDelivered runs once when an order becomes delivered.
	onDelivered func(ctx context.Context, o *Order)
}

// UseAfterSale gives the service what after-sale actions need: tracking
// storage, the carriers, refunds, and what to do once an order is delivered.
func (s *Service) UseAfterSale(st AfterSaleStore, carriers *fulfilment.Carriers, refunds Refunder, onDelivered func(ctx context.Context, o *Order)) {
	s.after = afterSale{store: st, carriers: carriers, refunds: refunds, onDelivered: onDelivered}
}

// fulfil records a shipment. A shipment without a carrier is booked with
// the default carrier (the simulated one unless a real one is set up), and
// a carrier we can poll is asked for news by TrackShipments from now on.
func (s *Service) fulfil(ctx context.Context, o *Order, sh Shipment) (*Order, error) {
	polled := false
	if sh.Status == FulfillmentShipped && s.after.carriers != nil {
		if strings.TrimSpace(sh.Carrier) == "" {
			c, n, err := s.after.carriers.Book(ctx, fulfilment.Parcel{OrderNumber: o.Number, Country: o.ShippingAddress.Country,
				PostalCode: o.ShippingAddress.PostalCode, City: o.ShippingAddress.City}, time.Now())
			if err != nil {
				return nil, fmt.Errorf("book shipment of order %s: %w", o.Number, err)
			}
			sh.Carrier, sh.TrackingNumber = c.Name(), n
		}
		_, polled = s.after.carriers.Get(sh.Carrier)
		polled = polled && sh.TrackingNumber != ""
	}
	wasDelivered := o.Status == StatusDelivered
	out, err := s.store.AddShipment(ctx, o.Number, sh)
	if err != nil {
		return nil, err
	}
	if s.after.store == nil {
		return out, nil
	}
	if polled && len(out.Shipments) > 0 {
		if err := s.after.store.PollShipment(ctx, out.Shipments[len(out.Shipments)-1].ID, o.ShippingAddress.Country); err != nil {
			return nil, err
		}
	}
	if sh.Status == FulfillmentDelivered {
		// The warehouse says delivered: the carrier need not be asked again.
		for _, prev := range out.Shipments {
			if err := s.after.store.FinishShipment(ctx, prev.ID); err != nil {
				return nil, err
			}
		}
		if !wasDelivered && out.Status == StatusDelivered && s.after.onDelivered != nil {
			s.after.onDelivered(ctx, out)
		}
	}
	return out, nil
}

// TrackShipments asks the carriers for news of every parcel on its way,
// stores each new scan once and marks orders delivered when their parcel
// is. It returns how many scans it stored. Several instances may run it:
// scans are stored once and the delivered transition happens once.
func (s *Service) TrackShipments(ctx context.Context, now time.Time) (int, error) {
	if s.after.store == nil {
		return 0, nil
	}
	open, err := s.after.store.PolledShipments(ctx, 200)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, sh := range open {
		c, ok := s.after.carriers.Get(sh.Carrier)
		if !ok {
			continue
		}
		evs, err := c.Events(ctx, fulfilment.Tracked{TrackingNumber: sh.TrackingNumber, Country: sh.Country, ShippedAt: sh.ShippedAt}, now)
		if err != nil {
			slog.WarnContext(ctx, "carrier tracking", "carrier", sh.Carrier, "order", sh.OrderNumber, "err", err)
			continue
		}
		if len(evs) <= sh.Stored {
			continue // nothing new: spare the database a write
		}
		n, err := s.after.store.AddTrackingEvents(ctx, sh.ID, evs)
		if err != nil {
			return total, err
		}
		total += n
		if delivered(evs) {
			if err := s.deliver(ctx, sh); err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

func delivered(evs []TrackingEvent) bool {
	for _, e := range evs {
		if e.Status == fulfilment.TrackDelivered {
			return true
		}
	}
	return false
}

// deliver marks the shipment and its order delivered, once.
func (s *Service) deliver(ctx context.Context, sh PolledShipment) error {
	if err := s.after.store.FinishShipment(ctx, sh.ID); err != nil {
		return err
	}
	changed, o, err := s.store.TransitionOrder(ctx, sh.OrderNumber, Transition{From: []string{StatusShipped},
		Status: StatusDelivered, FulfillmentStatus: FulfillmentDelivered, Event: "order_delivered"})
	if err != nil {
		return err
	}
	if changed && s.after.onDelivered != nil {
		s.after.onDelivered(ctx, o)
	}
	return nil
}

// ApplyCarrierEvent stores a scan carrier pushed and, when it says
// delivered, delivers the order. Every step is idempotent and the delivery
// is recorded in processed_events, so a repeated delivery of the same event
// changes nothing; it reports whether the event was new.
func (s *Service) ApplyCarrierEvent(ctx context.Context, carrier string, e fulfilment.PushedEvent) (bool, error) {
	if err := e.Validate(); err != nil {
		return false, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if s.after.store == nil {
		return false, fmt.Errorf("carrier events are not set up")
	}
	sh, err := s.after.store.ShipmentByTracking(ctx, e.TrackingNumber)
	if err != nil {
		return false, err
	}
	n, err := s.after.store.AddTrackingEvents(ctx, sh.ID, []TrackingEvent{{ID: e.EventID, Status: e.Status, Location: e.Location, At: e.OccurredAt.UTC()}})
	if err != nil {
		return false, err
	}
	if e.Status == fulfilment.TrackDelivered {
		if err := s.deliver(ctx, sh); err != nil {
			return false, err
		}
	}
	// Recorded last: a delivery that failed half-way is retried in full.
	first, err := s.after.store.MarkProcessed(ctx, "carrier:"+strings.ToLower(carrier), e.EventID)
	if err != nil {
		return false, err
	}
	return n > 0 && first, nil
}

// Expected is when the order's parcel should arrive, from its carrier when
// it knows, else from the estimate made at checkout.
func (s *Service) Expected(o *Order) (time.Time, bool) {
	if n := len(o.Shipments); n > 0 {
		sh := o.Shipments[n-1]
		if c, ok := s.after.carriers.Get(sh.Carrier); ok && sh.TrackingNumber != "" {
			return c.Expected(fulfilment.Tracked{TrackingNumber: sh.TrackingNumber, Country: o.ShippingAddress.Country, ShippedAt: sh.CreatedAt})
		}
	}
	_, to, _ := strings.Cut(o.DeliveryEstimate, "/")
	if t, err := time.Parse("2006-01-02", to); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// Cancellable reports whether the order can still be cancelled: nothing has
// left the warehouse.
func Cancellable(o *Order) bool {
	return (o.Status == StatusPending || o.Status == StatusConfirmed) && o.FulfillmentStatus == FulfillmentUnfulfilled
}

// CancelResult says what a cancellation did.
type CancelResult struct {
	Order    *Order
	Changed  bool   // false: it was cancelled before (a repeated confirmation)
	Refunded bool   // the payment went back through the gateway
	RefundID string // the gateway's reference ("" for orders paid outside it)
}

// Cancel cancels an order that has not shipped: its stock goes back and a
// paid order is refunded in full. Only the call that moves the order to
// cancelled refunds, so a double-tapped confirmation refunds once.
func (s *Service) Cancel(ctx context.Context, number string) (CancelResult, error) {
	o, err := s.ByNumber(ctx, number)
	if err != nil {
		return CancelResult{}, err
	}
	if o.Status == StatusCancelled {
		return CancelResult{Order: o}, nil
	}
	if !Cancellable(o) {
		return CancelResult{Order: o}, fmt.Errorf("%w: order %s is %s", ErrAlreadyShipped, o.Number, o.Status)
	}
	changed, o, err := s.store.TransitionOrder(ctx, o.Number, Transition{From: []string{StatusPending, StatusConfirmed},
		Status: StatusCancelled, ReleaseStock: true, Event: "order_cancelled"})
	if err != nil {
		return CancelResult{}, err
	}
	res := CancelResult{Order: o, Changed: changed}
	if !changed {
		if o.Status != StatusCancelled {
			// It shipped between our read and the update.
			return res, fmt.Errorf("%w: order %s is %s", ErrAlreadyShipped, o.Number, o.Status)
		}
		return res, nil
	}
	if o.PaymentStatus != PaymentPaid {
		return res, nil
	}
	if s.after.refunds == nil {
		return res, fmt.Errorf("cancel order %s: no way to refund", o.Number)
	}
	ref, err := s.after.refunds.Refund(ctx, o, o.Total, "cancel-"+o.Number)
	if err != nil {
		// The order stays cancelled with payment_status paid: visible to the
		// shop, which refunds by hand.
		return res, fmt.Errorf("refund cancelled order %s: %w", o.Number, err)
	}
	_, o, err = s.store.TransitionOrder(ctx, o.Number, Transition{From: []string{StatusCancelled},
		Status: StatusCancelled, PaymentStatus: PaymentRefunded, Event: "order_refunded"})
	if err != nil {
		return res, err
	}
	res.Order, res.Refunded, res.RefundID = o, true, ref
	return res, nil
}

// ChangeAddress sends an order that has not shipped to a new address.
func (s *Service) ChangeAddress(ctx context.Context, number string, a address.Address) (*Order, error) {
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("%w: shipping address: %w", ErrInvalid, err)
	}
	o, err := s.ByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if !Cancellable(o) {
		return o, fmt.Errorf("%w: order %s is %s", ErrAlreadyShipped, o.Number, o.Status)
	}
	if s.after.store == nil {
		return nil, ErrNoAfterSale
	}
	changed, err := s.after.store.SetShippingAddress(ctx, o.Number, a)
	if err != nil {
		return nil, err
	}
	if !changed {
		return o, fmt.Errorf("%w: order %s has shipped", ErrAlreadyShipped, o.Number)
	}
	return s.ByNumber(ctx, o.Number)
}

// Link returns the unguessable token of the order's page or document of
// kind, made the first time it is asked for.
func (s *Service) Link(ctx context.Context, o *Order, kind string) (string, error) {
	if kind == LinkInvoice && o.PaymentStatus != PaymentPaid && o.PaymentStatus != PaymentRefunded {
		return "", fmt.Errorf("%w: order %s is %s", ErrNotPaid, o.Number, o.PaymentStatus)
	}
	if s.after.store == nil {
		return "", ErrNoAfterSale
	}
	return s.after.store.OrderLink(ctx, o.ID, kind)
}

// ByLink returns the order behind a link token.
func (s *Service) ByLink(ctx context.Context, kind, token string) (*Order, error) {
	if len(token) < 16 || len(token) > 100 || s.after.store == nil {
		return nil, ErrNotFound
	}
	return s.after.store.OrderByLink(ctx, kind, token)
}
