package returns

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

//go:embed policy.json
var defaultPolicy []byte

// Policy is the shop's return policy: how long after delivery items may come
// back, which may not, how they come back and what happens to them then.
type Policy struct {
	WindowDays    int      `json:"window_days"`
	ExcludedTypes []string `json:"excluded_types"` // product types never taken back (hygiene: socks)
	ExcludedTags  []string `json:"excluded_tags"`  // tags such as final-sale
	TimeZone      string   `json:"time_zone"`      // the shop's clock: windows end and pickups happen there
	// PickupCapacity is how many pickups one slot holds (the courier's
	// round); 0 means DefaultPickupCapacity. Full slots are not offered.
	PickupCapacity int `json:"pickup_capacity"`
	Pickup         struct {
		Enabled   bool   `json:"enabled"`
		DaysAhead int    `json:"days_ahead"` // business days offered, starting tomorrow
		Slots     []Slot `json:"slots"`
	} `json:"pickup"`
	Restock struct {
		// SkipReasons: items returned for these reasons are not put back
		// on sale (a damaged item goes to the warehouse's check instead).
		SkipReasons []string `json:"skip_reasons"`
		// FeeBPS is a restocking fee per reason in basis points of the
		// refunded amount (100 = 1 %); money is never a float.
		FeeBPS map[string]int64 `json:"fee_bps"`
	} `json:"restock"`
	Exchange struct {
		// SamePriceOnly offers only variants at the price paid, so an
		// exchange never needs a payment or a part refund.
		SamePriceOnly bool `json:"same_price_only"`
	} `json:"exchange"`
	ReturnAddress address.Address `json:"return_address"`
	// ReturnShipping says who pays for sending a return back: "shop" (free
	// returns), "shopper", or "" when the policy does not say.
	ReturnShipping string `json:"return_shipping,omitempty"`

	loc *time.Location
}

// Who pays for a return's postage (Policy.ReturnShipping).
const (
	ShippingPaidByShop    = "shop"
	ShippingPaidByShopper = "shopper"
)

// FieldError is a policy refused for one field.
type FieldError struct{ Field, Reason string }

func (e *FieldError) Error() string { return e.Field + " " + e.Reason }

// Fields names the field at fault and why (for the admin's answer).
func (e *FieldError) Fields() (string, string) { return e.Field, e.Reason }

func refuse(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// DefaultPickupCapacity is the pickups a slot holds when the policy does
// not say.
const DefaultPickupCapacity = 20

// Capacity is the pickups one slot holds, the default when unset (a
// Policy built in code rather than parsed).
func (p Policy) Capacity() int {
	if p.PickupCapacity <= 0 {
		return DefaultPickupCapacity
	}
	return p.PickupCapacity
}

// Slot is a daily pickup window, "09:00"–"13:00" in the shop's time zone.
type Slot struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// DefaultPolicy is the built-in policy (policy.json).
func DefaultPolicy() Policy {
	p, err := ParsePolicy(defaultPolicy)
	if err != nil {
		panic("returns: built-in policy.json: " + err.Error()) // a build bug
	}
	return p
}

// LoadPolicy reads a policy file; "" gives the built-in policy.
func LoadPolicy(path string) (Policy, error) {
	if path == "" {
		return DefaultPolicy(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Policy{}, fmt.Errorf("return policy: %w", err)
	}
	p, err := ParsePolicy(b)
	if err != nil {
		return Policy{}, fmt.Errorf("return policy %s: %w", path, err)
	}
	return p, nil
}

// ParsePolicy reads and checks a policy.
func ParsePolicy(b []byte) (Policy, error) {
	var p Policy
	if err := json.Unmarshal(b, &p); err != nil {
		return p, err
	}
	if p.WindowDays <= 0 || p.WindowDays > 3650 {
		return p, refuse("window_days", "must be between 1 and 3650")
	}
	for field, list := range map[string][]string{"excluded_types": p.ExcludedTypes, "excluded_tags": p.ExcludedTags} {
		for i, v := range list {
			if strings.TrimSpace(v) == "" || len(v) > 100 {
				return p, refuse(fmt.Sprintf("%s[%d]", field, i), "must be a name of 1 to 100 characters")
			}
		}
	}
	switch p.ReturnShipping {
	case "", ShippingPaidByShop, ShippingPaidByShopper:
	default:
		return p, refuse("return_shipping", "must be %q, %q or empty", ShippingPaidByShop, ShippingPaidByShopper)
	}
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	if p.PickupCapacity == 0 {
		p.PickupCapacity = DefaultPickupCapacity
	}
	if p.PickupCapacity < 0 {
		return p, refuse("pickup_capacity", "must be at least 1")
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil || strings.EqualFold(p.TimeZone, "local") {
		return p, refuse("time_zone", "%q is not a time zone like Europe/Amsterdam", p.TimeZone)
	}
	p.loc = loc
	if p.Pickup.Enabled {
		if p.Pickup.DaysAhead <= 0 || p.Pickup.DaysAhead > 30 {
			return p, refuse("pickup.days_ahead", "must be between 1 and 30")
		}
		if len(p.Pickup.Slots) == 0 {
			return p, refuse("pickup.slots", "give at least one slot")
		}
		for i, s := range p.Pickup.Slots {
			f, err1 := time.Parse("15:04", s.From)
			t, err2 := time.Parse("15:04", s.To)
			if err1 != nil || err2 != nil || !f.Before(t) {
				return p, refuse(fmt.Sprintf("pickup.slots[%d]", i), "%s–%s: want HH:MM–HH:MM, start before end", s.From, s.To)
			}
		}
	}
	for r, bps := range p.Restock.FeeBPS {
		if bps < 0 || bps > 10000 {
			return p, refuse(fmt.Sprintf("restock.fee_bps[%s]", r), "must be between 0 and 10000")
		}
	}
	if err := p.ReturnAddress.Validate(); err != nil {
		return p, refuse("return_address", "%s", err.Error())
	}
	return p, nil
}

// CheckPolicy reads a policy edited in the web admin: as ParsePolicy, but
// unknown fields are refused (a misspelt "window_day" must not quietly
// leave the window as it was), and the answer is the policy's canonical
// JSON, what is saved and shown.
func CheckPolicy(b []byte) (Policy, []byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var probe Policy
	if err := dec.Decode(&probe); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return Policy{}, nil, refuse(typ.Field, "must be %s", typ.Type)
		}
		return Policy{}, nil, refuse("policy", "is not a JSON object of the return policy: %s", err.Error())
	}
	p, err := ParsePolicy(b)
	if err != nil {
		return Policy{}, nil, err
	}
	out, err := json.Marshal(p)
	if err != nil {
		return Policy{}, nil, fmt.Errorf("write return policy: %w", err)
	}
	return p, out, nil
}

// Location is the shop's time zone.
func (p Policy) Location() *time.Location {
	if p.loc == nil {
		return time.UTC
	}
	return p.loc
}

// Refusal codes: why a line cannot be returned.
const (
	RefuseNotDelivered = "not_delivered"
	RefuseWindowClosed = "window_closed"
	RefuseExcluded     = "excluded"
	RefuseReturned     = "already_returned"
	RefuseNotPaid      = "not_paid"
)

// LineEligibility says whether one order line may come back, and how many.
type LineEligibility struct {
	SKU        string
	Title      string
	Bought     int
	Returned   int // already in a return (not rejected)
	Returnable int
	Refusal    string // "" when Returnable > 0
}

// Eligibility is the policy applied to one order.
type Eligibility struct {
	Lines       []LineEligibility
	DeliveredAt time.Time
	Deadline    time.Time // the last moment of the last day to ask
}

// Returnable lists the lines that may come back.
func (e Eligibility) Returnable() []LineEligibility {
	var out []LineEligibility
	for _, l := range e.Lines {
		if l.Returnable > 0 {
			out = append(out, l)
		}
	}
	return out
}

// Line finds the eligibility of sku.
func (e Eligibility) Line(sku string) (LineEligibility, bool) {
	for _, l := range e.Lines {
		if l.SKU == sku {
			return l, true
		}
	}
	return LineEligibility{}, false
}

// Check applies the policy to o at now. products gives each line's product
// (by SKU; a product gone from the catalogue is not excluded), returned the
// units of each SKU already in a return that was not rejected.
func (p Policy) Check(o *order.Order, products map[string]*catalog.Product, returned map[string]int, now time.Time) Eligibility {
	e := Eligibility{}
	delivered, ok := DeliveredAt(o)
	whole := ""
	switch {
	case o.PaymentStatus != order.PaymentPaid:
		whole = RefuseNotPaid
	case !ok:
		whole = RefuseNotDelivered
	default:
		e.DeliveredAt = delivered
		e.Deadline = p.deadline(delivered)
		if now.After(e.Deadline) {
			whole = RefuseWindowClosed
		}
	}
	for _, it := range o.Items {
		l := LineEligibility{SKU: it.SKU, Title: it.Title, Bought: it.Quantity, Returned: returned[it.SKU]}
		left := l.Bought - l.Returned
		switch {
		case whole != "":
			l.Refusal = whole
		case p.excluded(products[it.SKU]):
			l.Refusal = RefuseExcluded
		case left <= 0:
			l.Refusal = RefuseReturned
		default:
			l.Returnable = left
		}
		e.Lines = append(e.Lines, l)
	}
	return e
}

// deadline is the end of the window's last day in the shop's time zone:
// "30 days" means the shopper may still ask on the 30th day.
func (p Policy) deadline(delivered time.Time) time.Time {
	d := delivered.In(p.Location())
	last := time.Date(d.Year(), d.Month(), d.Day()+p.WindowDays, 0, 0, 0, 0, p.Location())
	return last.Add(24*time.Hour - time.Nanosecond)
}

func (p Policy) excluded(prod *catalog.Product) bool {
	if prod == nil {
		return false
	}
	for _, t := range p.ExcludedTypes {
		if strings.EqualFold(t, prod.Type) {
			return true
		}
	}
	for _, want := range p.ExcludedTags {
		for _, tag := range prod.Tags {
			if strings.EqualFold(strings.TrimSpace(tag), want) {
				return true
			}
		}
	}
	return false
}

// Restocks reports whether an item returned for reason goes back on sale.
func (p Policy) Restocks(reason string) bool {
	for _, r := range p.Restock.SkipReasons {
		if r == reason {
			return false
		}
	}
	return true
}

// Fee is the restocking fee for amount returned for reason, rounded down to
// the shopper's advantage.
func (p Policy) Fee(reason string, amount int64) int64 {
	return amount * p.Restock.FeeBPS[reason] / 10000
}

// DeliveredAt is when o was delivered: its latest "delivered" shipment or
// carrier scan. ok is false for an order not delivered yet.
func DeliveredAt(o *order.Order) (time.Time, bool) {
	var at time.Time
	for _, s := range o.Shipments {
		if s.Status == order.FulfillmentDelivered && s.CreatedAt.After(at) {
			at = s.CreatedAt
		}
		for _, ev := range s.Events {
			if ev.Status == "delivered" && ev.At.After(at) {
				at = ev.At
			}
		}
	}
	if !at.IsZero() {
		return at, true
	}
	if o.Status == order.StatusDelivered || o.FulfillmentStatus == order.FulfillmentDelivered {
		return o.UpdatedAt, true // delivered without a recorded scan
	}
	return time.Time{}, false
}

// PickupSlots are the pickup windows offered at now: the configured slots
// of the next DaysAhead business days (Monday to Friday), starting tomorrow.
func (p Policy) PickupSlots(now time.Time) []Window {
	if !p.Pickup.Enabled {
		return nil
	}
	loc := p.Location()
	d := now.In(loc)
	var out []Window
	for days := 0; days < p.Pickup.DaysAhead; {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		days++
		for _, s := range p.Pickup.Slots {
			out = append(out, Window{Start: at(d, s.From, loc), End: at(d, s.To, loc)})
		}
	}
	return out
}

// Window is one pickup slot on one day.
type Window struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func at(day time.Time, hhmm string, loc *time.Location) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc)
}
