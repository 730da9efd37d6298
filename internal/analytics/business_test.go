package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// Hours Mon–Fri 09:00–18:00 in Amsterdam; 2026-12-04 is a Friday.
func fridayToMonday(t *testing.T) (inbox.Hours, time.Time, time.Time) {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	h, err := inbox.ParseHours("Mon-Fri 09:00-18:00", ams)
	if err != nil {
		t.Fatal(err)
	}
	return h, time.Date(2026, 12, 4, 17, 55, 0, 0, ams), time.Date(2026, 12, 7, 9, 5, 0, 0, ams)
}

func TestTeam_BusinessHoursLeaveOutTheWeekend(t *testing.T) {
	h, fri, mon := fridayToMonday(t)
	st := &memStore{rolled: map[string]time.Time{}, handling: []Handling{
		{AgentID: 7, AgentName: "Ana", QueuedAt: fri, AssignedAt: fri, FirstReply: mon, ResolvedAt: mon.Add(25 * time.Minute)},
	}}
	for _, c := range []struct {
		name               string
		business           func(from, to time.Time) time.Duration
		wantFirst, wantRes time.Duration
	}{
		{"support hours", h.Between, 10 * time.Minute, 35 * time.Minute},
		{"no hours known: the wall clock", nil, mon.Sub(fri), mon.Sub(fri) + 25*time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewService(st, h.Location, "EUR")
			s.BusinessTime = c.business
			f, _ := ParseFilter("2026-12-04", "2026-12-04", "", "", h.Location)
			r, err := s.Team(context.Background(), f)
			if err != nil || len(r.Agents) != 1 {
				t.Fatalf("team = %+v, %v", r, err)
			}
			a := r.Agents[0]
			if a.FirstResponseBusiness.P50 != c.wantFirst.Milliseconds() || a.ResolutionBusiness.P50 != c.wantRes.Milliseconds() {
				t.Errorf("business hours: first %d ms, resolution %d ms; want %d and %d", a.FirstResponseBusiness.P50,
					a.ResolutionBusiness.P50, c.wantFirst.Milliseconds(), c.wantRes.Milliseconds())
			}
			// The wall-clock figures keep their meaning.
			if a.FirstResponse.P50 != mon.Sub(fri).Milliseconds() {
				t.Errorf("first_response_ms = %d, want the wall clock %d", a.FirstResponse.P50, mon.Sub(fri).Milliseconds())
			}
		})
	}
}

func TestReport_FirstResponseInBusinessHoursSurvivesTheRollup(t *testing.T) {
	h, fri, mon := fridayToMonday(t)
	st := &memStore{rolled: map[string]time.Time{}, facts: []Fact{
		{Created: fri, Channel: "web", Language: "en", HandedOff: true, Asked: fri, FirstResponse: mon.Sub(fri), Answered: true},
	}}
	s := NewService(st, h.Location, "EUR")
	s.BusinessTime = h.Between
	s.Now = func() time.Time { return time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC) } // the day is settled
	st.now = s.Now()
	f, _ := ParseFilter("2026-12-04", "2026-12-04", "", "", h.Location)
	for _, read := range []string{"rolled up now", "read from the rollup"} {
		r, err := s.Report(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		// Ten minutes falls in the 5–10 minute bucket; the wall clock's
		// 63 hours in the last one.
		if bh := r.FirstResponseBusinessMS.P50; bh <= 300000 || bh > 600000 {
			t.Errorf("%s: first_response_business_hours_ms.p50 = %d, want within 5–10 minutes", read, bh)
		}
		if wall := r.FirstResponseMS.P50; wall < 86400000 {
			t.Errorf("%s: first_response_ms.p50 = %d, want the wall clock (the last bucket: a day or more)", read, wall)
		}
	}
	if len(st.rollup) != 1 || st.rollup[0].FirstResponseBH.Count() != 1 {
		t.Errorf("rollup = %+v, want the business-hours histogram kept", st.rollup)
	}
}
