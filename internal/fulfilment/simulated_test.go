package fulfilment

import (
	"context"
	"regexp"
	"testing"
	"time"
)

func TestSimulated_TrackingNumbersAreSKXAndDistinct(t *testing.T) {
	s := &Simulated{}
	re := regexp.MustCompile(`^SKX[0-9]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 500; i++ {
		n, err := s.Book(context.Background(), Parcel{Country: "NL"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(n) {
			t.Fatalf("tracking number %q is not SKX + 12 digits", n)
		}
		if seen[n] {
			t.Fatalf("tracking number %q booked twice", n)
		}
		seen[n] = true
	}
}

func TestSimulated_TimelineIsDeterministicAndSane(t *testing.T) {
	rules, err := DefaultRules("", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	s := &Simulated{Rules: rules}
	loc := rules.Location()
	cases := []struct {
		name    string
		shipped time.Time
	}{
		{"monday morning", time.Date(2026, 11, 23, 9, 30, 0, 0, loc)},
		{"friday evening", time.Date(2026, 11, 27, 19, 0, 0, 0, loc)},
		{"saturday", time.Date(2026, 11, 28, 11, 0, 0, 0, loc)},
		{"before christmas", time.Date(2026, 12, 24, 16, 0, 0, 0, loc)},
	}
	for _, c := range cases {
		for i, tracking := range []string{"SKX000000000001", "SKX123456789012", "SKX999999999999", "SKX555000111222"} {
			t.Run(c.name+"/"+tracking, func(t *testing.T) {
				a := s.Timeline(tracking, "NL", c.shipped)
				b := s.Timeline(tracking, "NL", c.shipped)
				if len(a) != len(b) {
					t.Fatalf("two timelines of one parcel differ in length")
				}
				for j := range a {
					if a[j] != b[j] {
						t.Fatalf("event %d differs between calls: %+v vs %+v", j, a[j], b[j])
					}
				}
				if n := len(a); n < 6 || n > 7 {
					t.Fatalf("%d events, want label, pick-up, 2–3 hubs, out for delivery, delivered", n)
				}
				if a[0].Status != TrackLabelCreated || a[1].Status != TrackPickedUp || a[len(a)-2].Status != TrackOutForDelivery || a[len(a)-1].Status != TrackDelivered {
					t.Fatalf("statuses out of order: %+v", a)
				}
				ids := map[string]bool{}
				for j, e := range a {
					if j > 0 && !e.At.After(a[j-1].At) {
						t.Fatalf("event %d (%s at %s) is not after event %d (%s)", j, e.Status, e.At, j-1, a[j-1].At)
					}
					if ids[e.ID] || e.Location == "" {
						t.Fatalf("event %d: id %q repeated or no location", j, e.ID)
					}
					ids[e.ID] = true
				}
				for _, e := range a[1:] {
					if e.Status == TrackInTransit {
						continue // sorting centres work nights and weekends
					}
					day := e.At.In(loc)
					if !rules.t.Load().businessDay(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)) {
						t.Errorf("%s on %s, not a business day", e.Status, day.Format("Mon 2006-01-02"))
					}
					if h := day.Hour(); h < 8 || h > 18 {
						t.Errorf("%s at %s, outside working hours", e.Status, day.Format("15:04"))
					}
				}
				pickup := a[1].At.In(loc)
				delivered := a[len(a)-1].At.In(loc)
				bd := 0
				for d := time.Date(pickup.Year(), pickup.Month(), pickup.Day(), 0, 0, 0, 0, loc); d.Format("2006-01-02") != delivered.Format("2006-01-02"); {
					d = rules.t.Load().nextBusinessDay(d)
					bd++
					if bd > 5 {
						break
					}
				}
				if bd < 1 || bd > 3 {
					t.Errorf("delivered %d business days after pick-up, want 1–3", bd)
				}
				exp, ok := s.Expected(Tracked{TrackingNumber: tracking, Country: "NL", ShippedAt: c.shipped})
				if !ok || exp.Format("2006-01-02") != delivered.Format("2006-01-02") {
					t.Errorf("expected day %s, delivered %s", exp.Format("2006-01-02"), delivered.Format("2006-01-02"))
				}
				_ = i
			})
		}
	}
}

func TestSimulated_EventsAreThoseDueByNow(t *testing.T) {
	s := &Simulated{}
	shipped := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := Tracked{TrackingNumber: "SKX000000000042", Country: "DE", ShippedAt: shipped}
	all := s.Timeline(p.TrackingNumber, p.Country, shipped)
	for i, e := range all {
		got, err := s.Events(context.Background(), p, e.At)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != i+1 {
			t.Fatalf("at the time of event %d, %d events are due; want %d", i, len(got), i+1)
		}
	}
	if got, _ := s.Events(context.Background(), p, shipped.Add(-time.Minute)); len(got) != 0 {
		t.Fatalf("%d events before shipping", len(got))
	}
}
