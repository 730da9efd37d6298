package analytics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDivideHalfUp_RoundsMoneyHalfUpInIntegers(t *testing.T) {
	for _, c := range []struct{ amount, n, want int64 }{
		{1000, 3, 333},   // 333.33…
		{1001, 2, 501},   // 500.5 rounds up
		{999, 2, 500},    // 499.5 rounds up
		{1000, 4, 250},   // exact
		{5, 0, 0},        // no orders
		{-1001, 2, -501}, // refunds never make this negative today; symmetric anyway
		{7, 7, 1},
	} {
		if got := divideHalfUp(c.amount, c.n); got != c.want {
			t.Errorf("divideHalfUp(%d, %d) = %d, want %d", c.amount, c.n, got, c.want)
		}
	}
}

func TestHistogram_QuantileFallsInTheRightBucket(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 {
		t.Fatal("empty histogram has a median")
	}
	for _, ms := range []int64{5, 40, 60, 80, 90, 120, 400, 2500, 40000, 100000000} {
		h.Add(time.Duration(ms) * time.Millisecond)
	}
	for _, c := range []struct {
		q      float64
		lo, hi int64 // the bucket the answer must lie in
	}{
		{0.1, 0, 10}, {0.5, 75, 100}, {0.9, 30000, 45000}, {1, 86400000, 86400000},
	} {
		got := h.Quantile(c.q).Milliseconds()
		if got < c.lo || got > c.hi {
			t.Errorf("quantile %.1f = %d ms, want within [%d, %d]", c.q, got, c.lo, c.hi)
		}
	}
	var back Histogram
	text, _ := h.MarshalText()
	if err := back.UnmarshalText(text); err != nil || fmt.Sprint(back) != fmt.Sprint(h) {
		t.Errorf("round trip %s = %v, %v", text, back, err)
	}
	var merged Histogram
	merged.Merge(h)
	merged.Merge(h)
	if merged.Count() != 2*h.Count() || merged.Quantile(0.5) != h.Quantile(0.5) {
		t.Errorf("merged %v", merged)
	}
	if err := back.UnmarshalText([]byte("[" + strings.Repeat("1,", len(bounds)+1) + "1]")); err == nil {
		t.Error("a histogram with too many buckets was accepted")
	}
}

func TestParseFilter_RefusesWhatCannotBeAnswered(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"2026-12-01", "2026-12-06", true},
		{"2026-12-06", "2026-12-06", true},
		{"2026-12-06", "2026-12-01", false},
		{"2026-13-01", "2026-12-06", false},
		{"yesterday", "2026-12-06", false},
		{"2020-01-01", "2026-12-06", false}, // more than two years
	} {
		_, err := ParseFilter(c.from, c.to, "", "", loc)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("ParseFilter(%s, %s) = %v, want ok=%v", c.from, c.to, err, c.ok)
		}
	}
}

func FuzzParseFilter(f *testing.F) {
	f.Add("2026-12-01", "2026-12-06", "web", "en")
	f.Add("2026-02-30", "", "", "")
	f.Add("0001-01-01", "9999-12-31", "", "") // a span that must be refused before its days are listed
	f.Fuzz(func(t *testing.T, from, to, channel, language string) {
		flt, err := ParseFilter(from, to, channel, language, time.UTC)
		if err != nil {
			return
		}
		if flt.To.Before(flt.From) || len(days(flt.From, flt.To)) > MaxDays {
			t.Fatalf("accepted %q..%q", from, to)
		}
	})
}

// memStore is a Store over a fixed list of facts, counting how often the
// records are read.
type memStore struct {
	facts    []Fact
	reads    int
	rolled   map[string]time.Time
	rollup   []Row
	handling []Handling
	now      time.Time // the time SaveDays stamps
}

func (m *memStore) ConversationFacts(_ context.Context, from, to time.Time, fn func(Fact) error) error {
	m.reads++
	for _, f := range m.facts {
		if !f.Created.Before(from) && f.Created.Before(to) {
			if err := fn(f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *memStore) ConversationFactsOf(_ context.Context, ids []string, fn func(Fact) error) error {
	m.reads++
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for i, f := range m.facts {
		f.ID = fmt.Sprint(i)
		if want[f.ID] {
			if err := fn(f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *memStore) ConversationVersions(_ context.Context, from, to time.Time) (map[string]string, error) {
	out := map[string]string{}
	for i, f := range m.facts {
		if !f.Created.Before(from) && f.Created.Before(to) {
			out[fmt.Sprint(i)] = fmt.Sprintf("%+v", f) // any change is a new version
		}
	}
	return out, nil
}

func (m *memStore) RolledUpDays(_ context.Context, from, to, _ string) (map[string]time.Time, error) {
	return m.rolled, nil
}

func (m *memStore) DailyRows(_ context.Context, from, to string) ([]Row, error) {
	var out []Row
	for _, r := range m.rollup {
		if r.Day >= from && r.Day <= to {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) SaveDays(_ context.Context, days []string, _ string, rows []Row) error {
	for _, d := range days {
		m.rolled[d] = m.now
	}
	kept := m.rollup[:0]
	for _, r := range m.rollup {
		if r.Day < days[0] || r.Day > days[len(days)-1] {
			kept = append(kept, r)
		}
	}
	m.rollup = kept
	m.rollup = append(m.rollup, rows...)
	return nil
}

func (m *memStore) Handlings(context.Context, time.Time, time.Time) ([]Handling, error) {
	return m.handling, nil
}

func (m *memStore) Transfers(context.Context, time.Time, time.Time) (map[int64]int64, error) {
	return map[int64]int64{7: 2}, nil
}

func TestReport_BusinessDaysFollowTheShopsTimeZone(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Kuala_Lumpur") // UTC+8
	// 23:30 UTC on 1 December is 07:30 on 2 December in Kuala Lumpur.
	st := &memStore{rolled: map[string]time.Time{}, facts: []Fact{
		{Created: time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), Channel: "web", Language: "ms", Orders: 1, Revenue: 1001},
		{Created: time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC), Channel: "web", Language: "en", HandedOff: true},
		{Created: time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC), Channel: "whatsapp", Language: "ms", Orders: 1, Revenue: 1000},
	}}
	s := NewService(st, loc, "MYR")
	s.Now = func() time.Time { return time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC) }
	st.now = s.Now()
	f, err := ParseFilter("2026-12-01", "2026-12-03", "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range r.ByDay {
		got = append(got, fmt.Sprintf("%s:%d/%d", d.Date, d.Conversations, d.Orders))
	}
	if want := "2026-12-01:1/0 2026-12-02:1/1 2026-12-03:1/1"; strings.Join(got, " ") != want {
		t.Errorf("by_day = %v, want %s", got, want)
	}
	if r.AOV.Amount != 1001 || r.Revenue.Amount != 2001 || r.Contained != 2 || r.ConversionRate != 0.6667 {
		t.Errorf("report = %+v", r)
	}
	if r.ByChannel["web"].Conversations != 2 || r.ByChannel["whatsapp"].Orders != 1 {
		t.Errorf("by_channel = %+v", r.ByChannel)
	}
	// The days were settled: rolled up once, then read from the rollup.
	reads := st.reads
	if _, err := s.Report(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	if st.reads != reads {
		t.Errorf("settled days read from the records again (%d reads, then %d)", reads, st.reads)
	}

	// A day of the last week rolled up is read again from the records once
	// its rollup is an hour old (a late payment or rating), not before.
	st.now = time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	st.rolled = map[string]time.Time{}
	for _, c := range []struct {
		now       time.Time
		wantReads int
	}{
		{time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), 1},  // rolls up
		{time.Date(2026, 12, 5, 0, 30, 0, 0, time.UTC), 0}, // fresh rollup
		{time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC), 1}, // an hour old: again
	} {
		s.Now = func() time.Time { return c.now }
		before := st.reads
		if _, err := s.Report(context.Background(), f); err != nil {
			t.Fatal(err)
		}
		if st.reads-before != c.wantReads {
			t.Errorf("at %s: %d reads of the records, want %d", c.now, st.reads-before, c.wantReads)
		}
	}
}

func TestTeam_MediansAndTransfersPerAgent(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	st := &memStore{rolled: map[string]time.Time{}, handling: []Handling{
		{AgentID: 7, AgentName: "Ana", QueuedAt: t0, AssignedAt: t0.Add(time.Minute), FirstReply: t0.Add(2 * time.Minute), ResolvedAt: t0.Add(10 * time.Minute), CSATResponses: 1, CSATSum: 5},
		{AgentID: 7, AgentName: "Ana", QueuedAt: t0, AssignedAt: t0.Add(time.Minute), FirstReply: t0.Add(4 * time.Minute), ResolvedAt: t0.Add(20 * time.Minute), CSATResponses: 1, CSATSum: 2},
		{AgentID: 8, AgentName: "Bo", QueuedAt: t0},
	}}
	s := NewService(st, time.UTC, "EUR")
	f, _ := ParseFilter("2026-12-01", "2026-12-01", "", "", time.UTC)
	r, err := s.Team(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Agents) != 2 {
		t.Fatalf("agents = %+v", r.Agents)
	}
	ana := r.Agents[0]
	if ana.Name != "Ana" || ana.Conversations != 2 || ana.FirstResponse.P50 != 60000 || ana.Resolution.P50 != 600000 ||
		ana.CSAT.Average != 3.5 || ana.Transfers != 2 {
		t.Errorf("Ana = %+v", ana)
	}
}

func TestRollUp_RollsUpTheSettledDaysOfTheLastWeek(t *testing.T) {
	st := &memStore{rolled: map[string]time.Time{}}
	s := NewService(st, time.UTC, "EUR")
	s.Now = func() time.Time { return time.Date(2026, 12, 20, 3, 0, 0, 0, time.UTC) }
	st.now = s.Now()
	if err := s.RollUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	// At 03:00 yesterday has not settled yet (six hours after its end).
	for day, want := range map[string]bool{"2026-12-12": true, "2026-12-18": true, "2026-12-19": false, "2026-12-20": false, "2026-12-11": false} {
		if _, got := st.rolled[day]; got != want {
			t.Errorf("%s rolled up: %v, want %v", day, got, want)
		}
	}
}

func TestReport_TodayRereadsOnlyWhatChanged(t *testing.T) {
	now := time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)
	st := &memStore{rolled: map[string]time.Time{}, facts: []Fact{
		{Created: now.Add(-time.Hour), Channel: "web", Language: "en"},
		{Created: now.Add(-2 * time.Hour), Channel: "web", Language: "nl"},
	}}
	s := NewService(st, time.UTC, "EUR")
	s.Now = func() time.Time { return now }
	f, _ := ParseFilter("2026-12-06", "2026-12-06", "", "", time.UTC)
	report := func() *Report {
		r, err := s.Report(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := report(); r.Conversations != 2 || r.Orders != 0 {
		t.Fatalf("first = %+v", r)
	}
	reads := st.reads
	report()
	if st.reads != reads+1 { // one (empty) read: nothing changed
		t.Errorf("%d reads for an unchanged day", st.reads-reads)
	}
	// The second conversation buys; a third starts.
	st.facts[1].Orders, st.facts[1].Revenue = 1, 2500
	st.facts = append(st.facts, Fact{Created: now, Channel: "web", Language: "en", HandedOff: true})
	if r := report(); r.Conversations != 3 || r.Orders != 1 || r.Revenue.Amount != 2500 || r.Handoffs != 1 {
		t.Errorf("after changes = %+v", r)
	}
}

// TestReport_HeatMapReturningAndSavings: the hour-of-week heat map counts
// conversations in the shop's zone (Monday first), survives the rollup,
// returning customers are a share of the identified ones, and the savings
// estimate is contained × minutes × hourly cost ÷ 60 in minor units.
func TestReport_HeatMapReturningAndSavings(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam") // UTC+1 in December
	st := &memStore{rolled: map[string]time.Time{}, facts: []Fact{
		// Monday 7 December 2026, 08:30 UTC = 09:30 in Amsterdam.
		{Created: time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC), Channel: "web", Language: "en", Identified: true, Returning: true},
		{Created: time.Date(2026, 12, 7, 8, 50, 0, 0, time.UTC), Channel: "web", Language: "en", Identified: true},
		// Sunday 13 December 23:10 in Amsterdam.
		{Created: time.Date(2026, 12, 13, 22, 10, 0, 0, time.UTC), Channel: "web", Language: "nl", HandedOff: true},
	}}
	s := NewService(st, loc, "EUR")
	s.Rates = SavingsRates{MinutesPerConversation: 7, HourlyCost: 2500}
	s.Now = func() time.Time { return time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC) }
	st.now = s.Now()
	f, err := ParseFilter("2026-12-07", "2026-12-13", "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ { // the second answer comes from the rollup
		r, err := s.Report(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if r.ByHourOfWeek[0][9] != 2 || r.ByHourOfWeek[6][23] != 1 || r.ByHourOfWeek[0][8] != 0 {
			t.Errorf("round %d: heat map Monday 09h = %d, Sunday 23h = %d, Monday 08h = %d; want 2, 1, 0",
				round, r.ByHourOfWeek[0][9], r.ByHourOfWeek[6][23], r.ByHourOfWeek[0][8])
		}
		if r.IdentifiedCustomers != 2 || r.ReturningCustomers != 1 || r.ReturningRate != 0.5 {
			t.Errorf("round %d: returning %d of %d (%v), want 1 of 2", round, r.ReturningCustomers, r.IdentifiedCustomers, r.ReturningRate)
		}
		// 2 contained × 7 min × 25.00/h ÷ 60 = 5.8333… → 5.83
		if r.Savings == nil || r.Savings.Amount.Amount != 583 || r.Savings.Contained != 2 {
			t.Errorf("round %d: savings = %+v, want 583 minor units", round, r.Savings)
		}
	}
	s.Rates = SavingsRates{}
	if r, _ := s.Report(context.Background(), f); r.Savings != nil {
		t.Error("a savings estimate without an hourly cost")
	}
}

func TestHours_RoundTripAndRefuseNonsense(t *testing.T) {
	var h Hours
	h[0], h[13], h[23] = 3, 1, 12
	text, _ := h.MarshalText()
	var back Hours
	if err := back.UnmarshalText(text); err != nil || back != h {
		t.Errorf("round trip %q = %v, %v", text, back, err)
	}
	for _, bad := range []string{"24:1", "-1:2", "3", "a:b", "4:-1"} {
		if err := back.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
