package app_test

import (
	"net/http"
	"testing"
)

// TestAdminAPI_OpenToAdminAgentsOnly: an agent with the admin role opens
// the admin API with their session (bearer or the console's cookie), and
// what they change is audited under their name; a plain agent's session is
// refused with 403, no credentials with 401; the key still works.
func TestAdminAPI_OpenToAdminAgentsOnly(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		boss := s.addAgent("boss@example.com", "Bea Boss", "admin", []string{"en"})
		kim := s.addAgent("kim@example.com", "Kim", "agent", []string{"en"})
		for _, c := range []struct {
			name, token string
			want        int
		}{
			{"admin agent", boss.Token, 200},
			{"plain agent", kim.Token, http.StatusForbidden},
			{"admin key", adminKey, 200},
			{"nobody", "", http.StatusUnauthorized},
			{"wrong token", "not-a-session", http.StatusUnauthorized},
		} {
			if code := s.do("GET", "/api/v1/admin/settings", c.token, "", nil, nil); code != c.want {
				t.Errorf("%s: settings answered %d, want %d", c.name, code, c.want)
			}
		}
		// The cookie the sign-in sets works as well, from the shop's own pages.
		req, _ := http.NewRequest("POST", s.url+"/api/v1/admin/nlu/examples", nil)
		req.Body = http.NoBody
		req.Header.Set("Origin", s.url)
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&http.Cookie{Name: "sk_agent", Value: boss.Token})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden {
			t.Errorf("the admin agent's cookie was refused: %d", res.StatusCode)
		}
		if code := s.json("POST", "/api/v1/admin/nlu/examples", boss.Token, map[string]any{"examples": []map[string]string{
			{"lang": "en", "intent": "order_status", "text": "where has my parcel wandered off to"}}}, nil); code != http.StatusCreated {
			t.Fatalf("add an example as the admin agent: %d", code)
		}
		if code := s.json("POST", "/api/v1/admin/nlu/examples", kim.Token, map[string]any{"examples": []map[string]string{
			{"lang": "en", "intent": "order_status", "text": "parcel gone"}}}, nil); code != http.StatusForbidden {
			t.Errorf("a plain agent added an example: %d", code)
		}
		var audit struct {
			Entries []struct {
				Actor   string `json:"actor"`
				AgentID int64  `json:"agent_id"`
				Action  string `json:"action"`
			} `json:"entries"`
		}
		s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
		found := false
		for _, e := range audit.Entries {
			if e.Action == "POST /nlu/examples" {
				found = true
				if e.Actor != "Bea Boss" || e.AgentID != boss.Agent.ID {
					t.Errorf("the example is audited as %q (agent %d), want Bea Boss (%d)", e.Actor, e.AgentID, boss.Agent.ID)
				}
			}
		}
		if !found {
			t.Errorf("no audit entry for the example: %+v", audit.Entries)
		}
		var me struct {
			By    string
			Agent struct{ Email string }
		}
		if s.json("GET", "/api/v1/admin/me", boss.Token, nil, &me); me.By != "agent" || me.Agent.Email != "boss@example.com" {
			t.Errorf("me = %+v", me)
		}
	})
}

// TestAdminConversations_FilterByChannelLanguageAndStatus: the explorer's
// list narrows by language and status, takes the widget's channel
// ("rest"), and refuses values that cannot match.
func TestAdminConversations_FilterByChannelLanguageAndStatus(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		s.t = t
		en, enTok := s.startChat("en")
		s.say(en, enTok, "hello")
		nl, nlTok := s.startChat("nl")
		s.say(nl, nlTok, "ik wil een medewerker spreken")
		list := func(q string) (int, []string) {
			var r struct {
				Conversations []struct{ ID, Status string }
			}
			code := s.json("GET", "/api/v1/admin/conversations?"+q, adminKey, nil, &r)
			var ids []string
			for _, c := range r.Conversations {
				ids = append(ids, c.ID)
			}
			return code, ids
		}
		nlStatus := s.adminView(nl).Status
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"language=nl", []string{nl}},
			{"language=en&channel=rest", []string{en}},
			{"status=" + nlStatus + "&language=nl", []string{nl}},
			{"status=closed", nil},
			{"channel=rest", []string{nl, en}},
			{"channel=web", []string{nl, en}},
		} {
			code, ids := list(c.query)
			if code != 200 || len(ids) != len(c.want) {
				t.Errorf("%s: %d %v, want %v", c.query, code, ids, c.want)
				continue
			}
			for i := range ids {
				if ids[i] != c.want[i] {
					t.Errorf("%s: %v, want %v", c.query, ids, c.want)
				}
			}
		}
		for _, bad := range []string{"language=xx", "status=sleeping", "channel=pigeon"} {
			if code, _ := list(bad); code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, code)
			}
		}
	})
}

// TestAnalytics_ReturningCustomers: a customer who buys again in a second
// conversation counts as returning there, not in the first.
func TestAnalytics_ReturningCustomers(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		s.t = t
		sku := inStockSKU(t, s)
		a, aTok := s.startChat("en")
		s.buy(t, a, aTok, sku, "again@example.com", "succeeded")
		b, bTok := s.startChat("en")
		s.buy(t, b, bTok, sku, "again@example.com", "succeeded")
		c, cTok := s.startChat("en")
		s.say(c, cTok, "hello")
		var r struct {
			Identified int64        `json:"identified_conversations"`
			Returning  int64        `json:"returning_conversations"`
			Rate       float64      `json:"returning_customer_rate"`
			Hours      [7][24]int64 `json:"by_hour_of_week"`
		}
		if code := s.json("GET", "/api/v1/admin/analytics", adminKey, nil, &r); code != 200 {
			t.Fatalf("analytics: %d", code)
		}
		if r.Identified != 2 || r.Returning != 1 || r.Rate != 0.5 {
			t.Errorf("returning %d of %d identified (%v), want 1 of 2", r.Returning, r.Identified, r.Rate)
		}
		var n int64
		for _, d := range r.Hours {
			for _, h := range d {
				n += h
			}
		}
		if n != 3 {
			t.Errorf("the heat map counts %d conversations, want 3", n)
		}
	})
}
