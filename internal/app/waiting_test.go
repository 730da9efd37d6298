package app_test

import (
	"net/http"
	"strings"
	"testing"
)

type followUpRow struct {
	ID       string `json:"id"`
	FollowUp string `json:"follow_up"`
}

func (s *shop) followUps(t *testing.T, token string) map[string]string {
	t.Helper()
	var list struct{ Conversations []followUpRow }
	if code := s.json("GET", "/api/v1/agent/conversations?view=followup", token, nil, &list); code != http.StatusOK {
		t.Fatalf("followup view = %d", code)
	}
	out := map[string]string{}
	for _, r := range list.Conversations {
		out[r.ID] = r.FollowUp
	}
	return out
}

// TestHandoff_HonestWaitWithNobodyOnline: with nobody from the team online
// the hand-off promises no wait, asks for an e-mail or phone, and lands in
// the agents' follow-up list, which takes the contact the shopper writes
// next; with an agent online the chat is simply taken and is no follow-up.
func TestHandoff_HonestWaitWithNobodyOnline(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		kari := s.addAgent("kari@example.com", "Kari", "agent", []string{"en", "nl"}) // signed in, not online

		for _, c := range []struct{ lang, ask, nobody string }{
			{"en", "I'd like to speak with a human, please", "Nobody from our team is online"},
			{"nl", "ik wil graag met een mens praten", "niemand van ons team online"},
		} {
			id, token := s.startChat(c.lang)
			replies := fromBot(s.say(id, token, c.ask))
			if len(replies) != 1 {
				t.Fatalf("%s: bot said %+v", c.lang, replies)
			}
			r := replies[0]
			if !strings.Contains(r.Text, c.nobody) || strings.Contains(r.Text, "min") {
				t.Errorf("%s: with nobody online the shopper heard %q", c.lang, r.Text)
			}
			if r.Input == nil || r.Input.Field != "email" {
				t.Errorf("%s: no e-mail asked for: %+v", c.lang, r.Input)
			}
			if v := s.adminView(id); v.Status != "queued" {
				t.Errorf("%s: status %s, want queued", c.lang, v.Status)
			}
			if got, ok := s.followUps(t, kari.Token)[id]; !ok || got != "pending" {
				t.Errorf("%s: follow-up list has %q (listed %v), want pending", c.lang, got, ok)
			}
			s.say(id, token, "you can reach me at jan.devries@example.com or +31 6 1234 5678")
			if got := s.followUps(t, kari.Token)[id]; got != "jan.devries@example.com" {
				t.Errorf("%s: follow-up contact = %q, want the e-mail written", c.lang, got)
			}
		}

		// A known customer is not asked: the shop writes to the address it has.
		var known struct{ ID, Token string }
		s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("mia@example.com", "Mia")}, &known)
		replies := fromBot(s.say(known.ID, known.Token, "I'd like to speak with a human, please"))
		if len(replies) != 1 || !strings.Contains(replies[0].Text, "mia@example.com") || replies[0].Input != nil {
			t.Errorf("known customer heard %+v", replies)
		}
		if got := s.followUps(t, kari.Token)[known.ID]; got != "mia@example.com" {
			t.Errorf("known customer's follow-up = %q", got)
		}

		// Someone online: the chat goes to them, no follow-up.
		s.json("POST", "/api/v1/agent/status", kari.Token, map[string]bool{"online": true}, nil)
		before := s.followUps(t, kari.Token)
		id, token := s.startChat("en")
		replies = fromBot(s.say(id, token, "I'd like to speak with a human, please"))
		if len(replies) != 1 || strings.Contains(replies[0].Text, "Nobody") {
			t.Errorf("with Kari online the shopper heard %+v", replies)
		}
		if _, listed := s.followUps(t, kari.Token)[id]; listed {
			t.Errorf("a chat an agent could take is listed as a follow-up")
		}
		if len(before) < 3 {
			t.Errorf("follow-ups = %v, want the three from before", before)
		}
	})
}
