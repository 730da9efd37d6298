package inbox

import (
	"context"
	"errors"
	"slices"
)

// Who sees what. Teams are where routing sends a hand-off (Handoff.Team,
// set by a transfer to a team) and what agents belong to (Agent.Teams).
// A conversation belongs to the team it was routed to; one routed to no
// team but assigned to an agent belongs to that agent's teams; one with
// neither belongs to everybody, as in a shop that has no teams at all.
// An agent sees the conversations they are assigned and those that belong
// to one of their teams or to everybody; admins see all. Everything else
// answers as if it did not exist.

// Sees reports whether a may see a conversation whose current (or last)
// hand-off is h, assigned to assignee (nil when nobody or unknown). h nil
// means the conversation never reached the team.
func Sees(a *Agent, h *Handoff, assignee *Agent) bool {
	if a.Role == RoleAdmin || h == nil || h.AgentID == a.ID {
		return true
	}
	if h.Team != "" {
		return slices.Contains(a.Teams, h.Team)
	}
	if h.AgentID == 0 || assignee == nil || len(assignee.Teams) == 0 {
		return true
	}
	for _, t := range assignee.Teams {
		if slices.Contains(a.Teams, t) {
			return true
		}
	}
	return false
}

// CanSee returns ErrNotFound when a may not see conversation id, so that a
// conversation of another team looks exactly like one that does not exist.
func (s *Service) CanSee(ctx context.Context, a *Agent, id string) error {
	if a.Role == RoleAdmin {
		return nil
	}
	h, err := s.store.CurrentHandoff(ctx, id)
	if errors.Is(err, ErrNotFound) {
		// Never handed to the team: the bot's own conversation, no team's
		// business; admins see it.
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	var assignee *Agent
	if h.Team == "" && h.AgentID != 0 && h.AgentID != a.ID {
		if assignee, err = s.store.AgentByID(ctx, h.AgentID); err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrNoAgent) {
			return err
		}
	}
	if !Sees(a, h, assignee) {
		return ErrNotFound
	}
	return nil
}

// visibleRows keeps the inbox rows a may see.
func (s *Service) visibleRows(ctx context.Context, a *Agent, rows []Row) ([]Row, error) {
	if a.Role == RoleAdmin {
		return rows, nil
	}
	agents, err := s.store.Agents(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Agent, len(agents))
	for i := range agents {
		byID[agents[i].ID] = &agents[i]
	}
	out := rows[:0]
	for _, r := range rows {
		if Sees(a, &r.Handoff, byID[r.Handoff.AgentID]) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Agent returns a team member by id.
func (s *Service) Agent(ctx context.Context, id int64) (*Agent, error) {
	return s.store.AgentByID(ctx, id)
}
