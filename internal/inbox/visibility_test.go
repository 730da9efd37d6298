package inbox

import "testing"

func TestSees_TeamsKeepConversationsApart(t *testing.T) {
	sales := &Agent{ID: 1, Role: RoleAgent, Teams: []string{"sales"}}
	returns := &Agent{ID: 2, Role: RoleAgent, Teams: []string{"returns"}}
	loner := &Agent{ID: 3, Role: RoleAgent}
	admin := &Agent{ID: 4, Role: RoleAdmin}
	tests := []struct {
		name     string
		who      *Agent
		h        *Handoff
		assignee *Agent
		want     bool
	}{
		{"never with the team", returns, nil, nil, true},
		{"queued, no team", returns, &Handoff{}, nil, true},
		{"routed to my team", returns, &Handoff{Team: "returns"}, nil, true},
		{"routed to another team", sales, &Handoff{Team: "returns"}, nil, false},
		{"routed to a team, I have none", loner, &Handoff{Team: "returns"}, nil, false},
		{"assigned to me, though another team's", sales, &Handoff{Team: "returns", AgentID: 1}, sales, true},
		{"assigned to a colleague of my team", sales, &Handoff{AgentID: 9}, &Agent{ID: 9, Teams: []string{"sales", "vip"}}, true},
		{"assigned to an agent of another team", returns, &Handoff{AgentID: 1}, sales, false},
		{"assigned to an agent without teams", returns, &Handoff{AgentID: 3}, loner, true},
		{"admin, another team's", admin, &Handoff{Team: "returns", AgentID: 2}, returns, true},
	}
	for _, tt := range tests {
		if got := Sees(tt.who, tt.h, tt.assignee); got != tt.want {
			t.Errorf("%s: Sees = %v; want %v", tt.name, got, tt.want)
		}
	}
}
