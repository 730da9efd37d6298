package proactive

import (
	"testing"
	"time"
)

func TestDecide_ConsentQuietHoursAndCap(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	rules := Rules{QuietStart: 21 * time.Hour, QuietEnd: 9 * time.Hour, PerDay: 1, Zone: ams}
	// 22:30 in Amsterdam is 05:30 in Kuala Lumpur.
	night := time.Date(2026, 12, 6, 22, 30, 0, 0, ams)
	day := time.Date(2026, 12, 6, 14, 0, 0, 0, ams)
	for _, tc := range []struct {
		name  string
		kind  string
		now   time.Time
		facts Facts
		want  Decision
	}{
		{"marketing by day goes", CartRecovery, day, Facts{}, Decision{Send: true}},
		{"stop drops marketing", BackInStock, day, Facts{MarketingWithdrawn: true}, Decision{Drop: DropNoConsent}},
		{"stop keeps order updates", OrderUpdate, night, Facts{MarketingWithdrawn: true, WithPerson: true}, Decision{Send: true}},
		{"a colleague's chat gets no marketing", ReviewRequest, day, Facts{WithPerson: true}, Decision{Drop: DropPerson}},
		{"night in the shop's zone holds until 09:00", PriceDrop, night, Facts{},
			Decision{Held: HeldQuiet, Until: time.Date(2026, 12, 7, 9, 0, 0, 0, ams)}},
		{"after midnight holds until 09:00 the same day", CartRecovery, time.Date(2026, 12, 7, 2, 0, 0, 0, ams), Facts{},
			Decision{Held: HeldQuiet, Until: time.Date(2026, 12, 7, 9, 0, 0, 0, ams)}},
		{"the shopper's country decides: 05:30 in Malaysia", CartRecovery, night, Facts{Country: "MY"},
			Decision{Held: HeldQuiet, Until: time.Date(2026, 12, 7, 9, 0, 0, 0, mustZone("Asia/Kuala_Lumpur"))}},
		{"a country with several zones uses the shop's", CartRecovery, day, Facts{Country: "US"}, Decision{Send: true}},
		{"one a day: the second waits a day from the first", BackInStock, day, Facts{Recent: []time.Time{day.Add(-2 * time.Hour)}},
			Decision{Held: HeldCap, Until: day.Add(22 * time.Hour)}},
		{"yesterday's message does not count", BackInStock, day, Facts{Recent: []time.Time{day.Add(-25 * time.Hour)}}, Decision{Send: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rules.Decide(tc.kind, tc.now, tc.facts)
			if got.Send != tc.want.Send || got.Drop != tc.want.Drop || got.Held != tc.want.Held || !got.Until.Equal(tc.want.Until) {
				t.Errorf("Decide = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecide_NoQuietHoursNoCap(t *testing.T) {
	r := Rules{}
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	if d := r.Decide(CartRecovery, now, Facts{Recent: []time.Time{now.Add(-time.Minute)}}); !d.Send {
		t.Errorf("without quiet hours or cap: %+v", d)
	}
	r.PerDay = 2
	if d := r.Decide(CartRecovery, now, Facts{Recent: []time.Time{now.Add(-time.Minute)}}); !d.Send {
		t.Errorf("two a day, one sent: %+v", d)
	}
}

func TestPurpose_OnlyOrderUpdatesAreService(t *testing.T) {
	for _, k := range []string{CartRecovery, BackInStock, PriceDrop, ReviewRequest} {
		if Purpose(k) != Marketing {
			t.Errorf("%s is %s", k, Purpose(k))
		}
	}
	if Purpose(OrderUpdate) != Service {
		t.Error("order updates are service")
	}
}

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}
