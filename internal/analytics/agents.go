package analytics

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Handling is one hand-off a person took, as team performance needs it.
type Handling struct {
	AgentID    int64
	AgentName  string
	QueuedAt   time.Time
	AssignedAt time.Time // zero when never assigned
	FirstReply time.Time // the agent's first message after the hand-off; zero if none
	ResolvedAt time.Time // zero while open
	// The conversation's ratings: how many and their sum.
	CSATResponses, CSATSum int64
}

// TeamStore reads the team's hand-offs.
type TeamStore interface {
	// Handlings returns the assigned hand-offs queued in [from, to).
	Handlings(ctx context.Context, from, to time.Time) ([]Handling, error)
	// Transfers counts, per agent, the conversations they passed to a
	// colleague in [from, to).
	Transfers(ctx context.Context, from, to time.Time) (map[int64]int64, error)
}

// AgentFigures is one person's performance.
type AgentFigures struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Conversations int64  `json:"conversations"`
	FirstResponse Median `json:"first_response_ms"`
	Resolution    Median `json:"resolution_ms"`
	// The same two counting only the time inside the support hours: a
	// hand-off left overnight is not the person's slowness.
	FirstResponseBusiness Median   `json:"first_response_business_hours_ms"`
	ResolutionBusiness    Median   `json:"resolution_business_hours_ms"`
	CSAT                  TeamCSAT `json:"csat"`
	Transfers             int64    `json:"transfers"`
}

// Median of a duration in milliseconds.
type Median struct {
	P50 int64 `json:"p50"`
}

// TeamCSAT is the ratings of the conversations a person handled.
type TeamCSAT struct {
	Responses int64   `json:"responses"`
	Average   float64 `json:"average"`
}

// TeamReport is the team page's answer.
type TeamReport struct {
	From   string         `json:"from"`
	To     string         `json:"to"`
	Agents []AgentFigures `json:"agents"`
}

// Team computes per-agent figures for the hand-offs queued in f's days.
// Hand-offs are a small share of conversations, so they are read from the
// records each time rather than rolled up; channel and language filters
// do not apply (a person's work is counted across them).
func (s *Service) Team(ctx context.Context, f Filter) (*TeamReport, error) {
	from, to := f.From, f.To.AddDate(0, 0, 1)
	hs, err := s.store.Handlings(ctx, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read hand-offs: %w", err)
	}
	transfers, err := s.store.Transfers(ctx, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read transfers: %w", err)
	}
	type acc struct {
		fig                   AgentFigures
		firsts, resolutions   []time.Duration
		firstsBH, resolvedBH  []time.Duration
		csatSum, csatResponse int64
	}
	by := map[int64]*acc{}
	get := func(id int64, name string) *acc {
		a := by[id]
		if a == nil {
			a = &acc{fig: AgentFigures{ID: id, Name: name}}
			by[id] = a
		}
		return a
	}
	for _, h := range hs {
		a := get(h.AgentID, h.AgentName)
		a.fig.Conversations++
		if !h.FirstReply.IsZero() {
			since := h.AssignedAt
			if since.IsZero() {
				since = h.QueuedAt
			}
			a.firsts = append(a.firsts, h.FirstReply.Sub(since))
			a.firstsBH = append(a.firstsBH, s.business(since, h.FirstReply))
		}
		if !h.ResolvedAt.IsZero() {
			a.resolutions = append(a.resolutions, h.ResolvedAt.Sub(h.QueuedAt))
			a.resolvedBH = append(a.resolvedBH, s.business(h.QueuedAt, h.ResolvedAt))
		}
		a.csatResponse += h.CSATResponses
		a.csatSum += h.CSATSum
	}
	for id, n := range transfers {
		if a := by[id]; a != nil {
			a.fig.Transfers = n
		} else {
			get(id, "").fig.Transfers = n
		}
	}
	rep := &TeamReport{From: f.From.Format(DateLayout), To: f.To.Format(DateLayout), Agents: []AgentFigures{}}
	for _, a := range by {
		a.fig.FirstResponse.P50 = median(a.firsts).Milliseconds()
		a.fig.Resolution.P50 = median(a.resolutions).Milliseconds()
		a.fig.FirstResponseBusiness.P50 = median(a.firstsBH).Milliseconds()
		a.fig.ResolutionBusiness.P50 = median(a.resolvedBH).Milliseconds()
		a.fig.CSAT.Responses = a.csatResponse
		if a.csatResponse > 0 {
			a.fig.CSAT.Average = round(float64(a.csatSum)/float64(a.csatResponse), 2)
		}
		rep.Agents = append(rep.Agents, a.fig)
	}
	sort.Slice(rep.Agents, func(i, j int) bool {
		if rep.Agents[i].Conversations != rep.Agents[j].Conversations {
			return rep.Agents[i].Conversations > rep.Agents[j].Conversations
		}
		return rep.Agents[i].ID < rep.Agents[j].ID
	})
	return rep, nil
}

// business is the part of [from, to) inside the support hours; the wall
// clock without BusinessTime.
func (s *Service) business(from, to time.Time) time.Duration {
	if s.BusinessTime == nil {
		return to.Sub(from)
	}
	return s.BusinessTime(from, to)
}

// median is the middle duration (the lower of the two middle ones for an
// even count); 0 for none. Negative durations (clock skew between
// instances) count as 0.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	d := ds[(len(ds)-1)/2]
	if d < 0 {
		return 0
	}
	return d
}
