package fulfilment

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// SimulatedName is the built-in carrier's name.
const SimulatedName = "Shopkeeper Express"

// Simulated is the built-in carrier: it books parcels with unguessable
// tracking numbers and derives a realistic timeline from the tracking number
// and ship time alone, so every instance tells the same story without
// storing it: label, pick-up at the end of the working day, two or three
// hub scans in working hours, out for delivery in the morning, delivered
// one to three business days after shipping.
type Simulated struct {
	Rules *Rules // business days, holidays and time zone; nil: weekdays in UTC
}

// Name is "Shopkeeper Express".
func (s *Simulated) Name() string { return SimulatedName }

// Book returns a tracking number: SKX and 12 random digits (10^12
// possibilities, so numbers are not guessable from each other).
func (s *Simulated) Book(_ context.Context, _ Parcel, _ time.Time) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return fmt.Sprintf("SKX%012d", binary.BigEndian.Uint64(b[:])%1_000_000_000_000), nil
}

// hubs a parcel may pass, per destination country; "*" for the rest.
var hubs = map[string][]string{
	"NL": {"Amsterdam", "Utrecht", "Rotterdam", "Eindhoven", "Zwolle"},
	"BE": {"Antwerpen", "Brussel", "Gent"},
	"DE": {"Duisburg", "Köln", "Hannover", "Frankfurt am Main"},
	"NO": {"Oslo", "Gardermoen", "Bergen"},
	"MY": {"Kuala Lumpur", "Shah Alam", "Penang"},
	"CN": {"Shanghai", "Guangzhou", "Beijing"},
	"AM": {"Yerevan", "Gyumri"},
	"*":  {"Amsterdam", "Leipzig", "Liège"},
}

// Origin is where simulated parcels start.
const Origin = "Amsterdam"

// plan is the whole simulated timeline of one parcel.
type plan struct {
	events   []TrackingEvent
	expected time.Time
}

// seed derives a number from the tracking number, so the timeline is
// deterministic per parcel but differs between parcels.
func seed(tracking string) uint64 {
	m := hmac.New(sha256.New, []byte("shopkeeper-express"))
	m.Write([]byte(tracking))
	return binary.BigEndian.Uint64(m.Sum(nil))
}

func (s *Simulated) loc() *time.Location {
	if s.Rules != nil && s.Rules.loc != nil {
		return s.Rules.loc
	}
	return time.UTC
}

func (s *Simulated) businessDay(d time.Time) bool {
	if s.Rules != nil {
		return s.Rules.t.Load().businessDay(d)
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func (s *Simulated) nextBusinessDay(d time.Time) time.Time {
	for {
		d = d.AddDate(0, 0, 1)
		if s.businessDay(d) {
			return d
		}
	}
}

// timeline is the parcel's whole story; unknown destinations use the "*" hubs.
func (s *Simulated) timeline(tracking, country string, shippedAt time.Time) plan {
	r := seed(tracking)
	pick := func(n int) int { v := int(r % uint64(n)); r /= uint64(n); return v }
	loc := s.loc()
	t := shippedAt.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	at := func(d time.Time, h, m int) time.Time {
		return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}

	var ev []TrackingEvent
	add := func(status, place string, when time.Time) {
		ev = append(ev, TrackingEvent{ID: fmt.Sprintf("%s-%d", tracking, len(ev)+1), Status: status, Location: place, At: when.UTC()})
	}
	add(TrackLabelCreated, Origin, shippedAt)
	// Picked up at the end of the working day the label was made, or the
	// next business day when it was made after the van left.
	pickup := at(day, 17, 30+pick(30))
	if !s.businessDay(day) || !shippedAt.Before(pickup) {
		day = s.nextBusinessDay(day)
		pickup = at(day, 17, 30+pick(30))
	}
	add(TrackPickedUp, Origin, pickup)
	// One to three business days in transit.
	days := 1 + pick(3)
	list := hubs[strings.ToUpper(country)]
	if len(list) == 0 {
		list = hubs["*"]
	}
	nhubs := 2 + pick(2)
	first := pick(len(list))
	// Sorting centres work at night: the first scan the evening of pick-up,
	// the others in the early hours of the days that follow.
	add(TrackInTransit, list[first], at(day, 21, pick(60)))
	delivery := day
	for i := 0; i < days; i++ {
		delivery = s.nextBusinessDay(delivery)
	}
	d := day
	for i := 1; i < nhubs; i++ {
		if i <= days {
			d = s.nextBusinessDay(d)
		}
		add(TrackInTransit, list[(first+i)%len(list)], at(d, 1+2*i, pick(60)))
	}
	last := list[(first+nhubs-1)%len(list)]
	add(TrackOutForDelivery, last, at(delivery, 8, pick(60)))
	add(TrackDelivered, last, at(delivery, 11+pick(6), pick(60)))
	d = delivery
	return plan{events: ev, expected: d}
}

// Timeline returns every event the parcel will have, due or not; the
// destination country picks the hubs.
func (s *Simulated) Timeline(tracking, country string, shippedAt time.Time) []TrackingEvent {
	return s.timeline(tracking, country, shippedAt).events
}

// Events returns the parcel's events due at now.
func (s *Simulated) Events(_ context.Context, p Tracked, now time.Time) ([]TrackingEvent, error) {
	var due []TrackingEvent
	for _, e := range s.timeline(p.TrackingNumber, p.Country, p.ShippedAt).events {
		if !e.At.After(now) {
			due = append(due, e)
		}
	}
	return due, nil
}

// Expected is the delivery day.
func (s *Simulated) Expected(p Tracked) (time.Time, bool) {
	return s.timeline(p.TrackingNumber, p.Country, p.ShippedAt).expected, true
}
