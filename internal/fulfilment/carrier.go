package fulfilment

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Tracking statuses a carrier reports, in the order a parcel normally
// passes them; exception may come at any point.
const (
	TrackLabelCreated   = "label_created"
	TrackPickedUp       = "picked_up"
	TrackInTransit      = "in_transit"
	TrackOutForDelivery = "out_for_delivery"
	TrackDelivered      = "delivered"
	TrackException      = "exception"
)

// ErrInvalidEvent is returned for a tracking event that does not make sense.
var ErrInvalidEvent = errors.New("invalid tracking event")

// TrackingStatuses lists every status a tracking event may carry.
var TrackingStatuses = []string{TrackLabelCreated, TrackPickedUp, TrackInTransit, TrackOutForDelivery, TrackDelivered, TrackException}

// ValidStatus reports whether s is a tracking status.
func ValidStatus(s string) bool {
	for _, v := range TrackingStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// TrackingEvent is one scan of a parcel.
type TrackingEvent struct {
	ID       string // the carrier's id of the event, unique per shipment
	Status   string
	Location string
	At       time.Time
}

// Parcel is what a carrier needs to book a shipment.
type Parcel struct {
	OrderNumber string
	Country     string // destination, ISO 3166 alpha-2
	PostalCode  string
	City        string
}

// Carrier books shipments and tells where they are. Carriers that push
// events (webhooks) may return no events from Events: what they pushed is
// stored and shown instead.
type Carrier interface {
	Name() string
	Book(ctx context.Context, p Parcel, shippedAt time.Time) (trackingNumber string, err error)
	// Events returns the parcel's events that happened at or before now,
	// oldest first, each with an ID stable across calls.
	Events(ctx context.Context, p Tracked, now time.Time) ([]TrackingEvent, error)
	// Expected is the day the parcel should arrive, when the carrier knows.
	Expected(p Tracked) (time.Time, bool)
}

// Tracked is a booked parcel as a carrier is asked about it.
type Tracked struct {
	TrackingNumber string
	Country        string
	ShippedAt      time.Time
}

// Carriers are the carriers a shop ships with, by name.
type Carriers struct {
	byName  map[string]Carrier
	Default Carrier // used when a shipment names no carrier
}

// NewCarriers registers cs; the first is the default.
func NewCarriers(cs ...Carrier) *Carriers {
	r := &Carriers{byName: map[string]Carrier{}}
	for i, c := range cs {
		r.byName[c.Name()] = c
		if i == 0 {
			r.Default = c
		}
	}
	return r
}

// Get returns the carrier called name.
func (r *Carriers) Get(name string) (Carrier, bool) {
	if r == nil {
		return nil, false
	}
	c, ok := r.byName[name]
	return c, ok
}

// Book books a parcel with the default carrier.
func (r *Carriers) Book(ctx context.Context, p Parcel, shippedAt time.Time) (Carrier, string, error) {
	if r == nil || r.Default == nil {
		return nil, "", fmt.Errorf("no carrier configured")
	}
	n, err := r.Default.Book(ctx, p, shippedAt)
	return r.Default, n, err
}
