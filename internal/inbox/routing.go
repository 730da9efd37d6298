package inbox

import (
	"slices"
	"time"
)

// Need is what a conversation needs from an agent.
type Need struct {
	Language string
	Topic    string
	Team     string
}

// Pick chooses the most qualified available agent for need, or nil.
//
// Available means online and under capacity. Among those (in the team, when
// a team is asked for), an agent who speaks the language and has the topic
// beats one who only speaks the language, who beats one with only the
// topic; equals are served by least-recently-assigned (never assigned
// first), which is round robin over time. A shopper nobody speaks the
// language of still gets a person rather than waiting forever.
func Pick(agents []Agent, need Need) *Agent {
	var best *Agent
	bestScore := -1
	for i := range agents {
		a := &agents[i]
		if !a.Online || a.Active >= a.Capacity {
			continue
		}
		if need.Team != "" && !slices.Contains(a.Teams, need.Team) {
			continue
		}
		score := 0
		if need.Language != "" && slices.Contains(a.Languages, need.Language) {
			score += 2
		}
		if need.Topic != "" && slices.Contains(a.Topics, need.Topic) {
			score++
		}
		if score > bestScore || (score == bestScore && assignedBefore(a, best)) {
			best, bestScore = a, score
		}
	}
	return best
}

// assignedBefore reports whether a has waited longer for work than b.
func assignedBefore(a, b *Agent) bool {
	at, bt := lastAssigned(a), lastAssigned(b)
	if !at.Equal(bt) {
		return at.Before(bt)
	}
	if a.Active != b.Active {
		return a.Active < b.Active
	}
	return a.ID < b.ID
}

func lastAssigned(a *Agent) time.Time {
	if a.LastAssignedAt == nil {
		return time.Time{}
	}
	return *a.LastAssignedAt
}
