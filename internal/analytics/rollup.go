package analytics

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// RollUp rolls up the days of the last week that are due (settled and not
// yet rolled up, or rolled up more than Refresh ago), so that the work is
// done by a background job rather than in a retailer's request.
func (s *Service) RollUp(ctx context.Context) error {
	today := s.Now().In(s.loc)
	from := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, s.loc).AddDate(0, 0, -int(Final/(24*time.Hour))-1)
	_, err := s.rows(ctx, from, from.AddDate(0, 0, int(Final/(24*time.Hour))))
	return err
}

// rows returns the per day, channel and language figures of [from, to].
func (s *Service) rows(ctx context.Context, from, to time.Time) ([]Row, error) {
	all := days(from, to)
	now := s.Now()
	zone := s.loc.String()
	// Days that ended more than Settle ago are read from the rollup.
	var settled []string
	for _, d := range all {
		if !s.dayStart(d).AddDate(0, 0, 1).Add(Settle).After(now) {
			settled = append(settled, d)
		}
	}
	var out []Row
	if len(settled) > 0 {
		rolled, err := s.store.RolledUpDays(ctx, settled[0], settled[len(settled)-1], zone)
		if err != nil {
			return nil, fmt.Errorf("read rolled-up days: %w", err)
		}
		done := map[string]bool{}
		for d, at := range rolled {
			end := s.dayStart(d).AddDate(0, 0, 1)
			done[d] = !at.Before(end.Add(Final)) || now.Sub(at) < Refresh
		}
		runs := missingRuns(settled, done)
		for _, run := range runs {
			rows, err := s.compute(ctx, run[0], run[len(run)-1])
			if err != nil {
				return nil, err
			}
			if err := s.store.SaveDays(ctx, run, zone, rows); err != nil {
				return nil, fmt.Errorf("roll up %s..%s: %w", run[0], run[len(run)-1], err)
			}
		}
		if len(runs) > 0 {
			if rolled, err = s.store.RolledUpDays(ctx, settled[0], settled[len(settled)-1], zone); err != nil {
				return nil, fmt.Errorf("read rolled-up days: %w", err)
			}
		}
		rows, err := s.rolledUp(ctx, settled, rolled)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	if len(settled) < len(all) {
		rows, err := s.computeOpen(ctx, all[len(settled)], all[len(all)-1])
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// rolledUp returns the rollup rows of days, from memory when the day has
// not been rolled up again since it was read.
func (s *Service) rolledUp(ctx context.Context, days []string, rolled map[string]time.Time) ([]Row, error) {
	s.mu.Lock()
	// Sized first: a year is thousands of rows, and growing the slice
	// row by row was most of a request's time.
	n := 0
	for _, d := range days {
		n += len(s.cache[d].rows)
	}
	out := make([]Row, 0, n)
	var stale []string
	for _, d := range days {
		if c, ok := s.cache[d]; ok && c.at.Equal(rolled[d]) {
			out = append(out, c.rows...)
		} else {
			stale = append(stale, d)
		}
	}
	s.mu.Unlock()
	if len(stale) == 0 {
		return out, nil
	}
	rows, err := s.store.DailyRows(ctx, stale[0], stale[len(stale)-1])
	if err != nil {
		return nil, fmt.Errorf("read rollup: %w", err)
	}
	byDay := map[string][]Row{}
	for _, r := range rows {
		byDay[r.Day] = append(byDay[r.Day], r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range stale {
		s.cache[d] = cachedDay{at: rolled[d], rows: byDay[d]}
		out = append(out, byDay[d]...)
	}
	return out, nil
}

// computeOpen is compute for the days that may still change, reading
// again only the conversations whose version changed since the last call.
func (s *Service) computeOpen(ctx context.Context, fromDay, toDay string) ([]Row, error) {
	start, end := s.dayStart(fromDay), s.dayStart(toDay).AddDate(0, 0, 1)
	versions, err := s.store.ConversationVersions(ctx, start.UTC(), end.UTC())
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var changed []string
	for id, v := range versions {
		if c, ok := s.open[id]; !ok || c.version != v {
			changed = append(changed, id)
		}
	}
	s.mu.Unlock()
	fresh := map[string]Fact{}
	if err := s.store.ConversationFactsOf(ctx, changed, func(f Fact) error { fresh[f.ID] = f; return nil }); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, f := range fresh {
		s.open[id] = versionedFact{version: versions[id], fact: f}
	}
	// Conversations of days now rolled up (or outside the range asked
	// for) leave the memory.
	for id := range s.open {
		if _, ok := versions[id]; !ok {
			delete(s.open, id)
		}
	}
	acc := newAccumulator(s.loc, s.BusinessTime)
	for _, c := range s.open {
		acc.add(c.fact)
	}
	return acc.rows(), nil
}

// compute reads the records of the days fromDay..toDay and sums them per
// business day, channel and language.
func (s *Service) compute(ctx context.Context, fromDay, toDay string) ([]Row, error) {
	start, end := s.dayStart(fromDay), s.dayStart(toDay).AddDate(0, 0, 1)
	acc := newAccumulator(s.loc, s.BusinessTime)
	err := s.store.ConversationFacts(ctx, start.UTC(), end.UTC(), func(f Fact) error {
		acc.add(f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read conversations %s..%s: %w", fromDay, toDay, err)
	}
	return acc.rows(), nil
}

// accumulator sums facts per business day, channel and language.
type accumulator struct {
	loc      *time.Location
	business func(from, to time.Time) time.Duration
	m        map[rowKey]*Row
}

type rowKey struct{ day, channel, language string }

func newAccumulator(loc *time.Location, business func(from, to time.Time) time.Duration) *accumulator {
	return &accumulator{loc: loc, business: business, m: map[rowKey]*Row{}}
}

func (a *accumulator) add(f Fact) {
	k := rowKey{f.Created.In(a.loc).Format(DateLayout), f.Channel, f.Language}
	r := a.m[k]
	if r == nil {
		r = &Row{Day: k.day, Channel: k.channel, Language: k.language}
		a.m[k] = r
	}
	r.add(f, a.loc, a.business)
}

func (a *accumulator) rows() []Row {
	out := make([]Row, 0, len(a.m))
	for _, r := range a.m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Channel != b.Channel {
			return a.Channel < b.Channel
		}
		return a.Language < b.Language
	})
	return out
}

func (s *Service) dayStart(day string) time.Time {
	t, _ := time.ParseInLocation(DateLayout, day, s.loc)
	return t
}

// days lists the business days from..to, both included.
func days(from, to time.Time) []string {
	var out []string
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(DateLayout))
		if len(out) > MaxDays+1 {
			break
		}
	}
	return out
}

// missingRuns groups the days not yet done into runs of consecutive days,
// so each run is read from the records with one query.
func missingRuns(all []string, done map[string]bool) [][]string {
	var runs [][]string
	var cur []string
	for _, d := range all {
		if done[d] {
			if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
			continue
		}
		// A run reads its days' records at once; a month at a time keeps
		// the first roll-up of a long history within memory.
		if len(cur) == 31 {
			runs = append(runs, cur)
			cur = nil
		}
		cur = append(cur, d)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}
