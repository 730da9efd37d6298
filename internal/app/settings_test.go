package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// TestSettings_AdminEditsTakeEffectWithoutRestart: the tone saved in the
// admin makes the next Dutch reply say "u"; support hours saved there make
// a hand-off outside them get the away message; resetting goes back to the
// default; a bad value is refused with the reason and changes nothing.
func TestSettings_AdminEditsTakeEffectWithoutRestart(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		s.t = t
		greet := func() string {
			id, token := s.startChat("nl")
			r := fromBot(s.say(id, token, "hallo"))
			if len(r) == 0 {
				t.Fatal("no reply to hallo")
			}
			return " " + r[0].Text + " "
		}
		if g := greet(); !strings.Contains(g, " je ") || strings.Contains(g, " u ") {
			t.Fatalf("the default (friendly) greeting is %q", g)
		}
		if code := s.json("PUT", "/api/v1/admin/settings/tone", adminKey, map[string]string{"value": "formal"}, nil); code != 200 {
			t.Fatalf("save the tone: %d", code)
		}
		if g := greet(); !strings.Contains(g, " u ") {
			t.Errorf("after the tone was set to formal the greeting is %q", g)
		}
		var list struct {
			Settings []struct{ Name, Value, Source, Editable string }
			Editable []struct{ Name, Value, Default, Source string }
		}
		s.json("GET", "/api/v1/admin/settings", adminKey, nil, &list)
		found := false
		for _, st := range list.Editable {
			if st.Name == "tone" {
				found = true
				if st.Value != "formal" || st.Source != "admin" || st.Default != "friendly" {
					t.Errorf("tone is listed as %+v", st)
				}
			}
		}
		if !found {
			t.Errorf("tone is not listed as editable: %+v", list.Editable)
		}
		for _, bad := range []struct{ name, value string }{{"tone", "rude"}, {"support_hours", "Mon 18:00-09:00"}, {"support_timezone", "Mars/Olympus"}, {"loyalty_min_redeem", "-1"}} {
			var e struct {
				Error struct{ Code, Message string }
			}
			if code := s.json("PUT", "/api/v1/admin/settings/"+bad.name, adminKey, map[string]string{"value": bad.value}, &e); code != http.StatusUnprocessableEntity || !strings.Contains(e.Error.Message, bad.name) {
				t.Errorf("%s=%q: %d %+v, want 422 naming the setting", bad.name, bad.value, code, e)
			}
		}
		if code := s.json("PUT", "/api/v1/admin/settings/admin_key", adminKey, map[string]string{"value": "x"}, nil); code != http.StatusNotFound {
			t.Errorf("an uneditable setting answered %d, want 404", code)
		}
		if code := s.do("DELETE", "/api/v1/admin/settings/tone", adminKey, "", nil, nil); code != 200 {
			t.Fatalf("reset the tone: %d", code)
		}
		if g := greet(); !strings.Contains(g, " je ") {
			t.Errorf("after the reset the greeting is %q", g)
		}

		// Loyalty rules: the points service answers the saved rules at once.
		if code := s.json("PUT", "/api/v1/admin/settings/loyalty_points_per_unit", adminKey, map[string]string{"value": "5"}, nil); code != 200 {
			t.Fatalf("save the points per unit: %d", code)
		}
		if r := s.app.Loyalty.Rules(); r.PointsPerUnit != 5 {
			t.Errorf("after saving 5 points per unit the rules are %+v", r)
		}
		if code := s.json("PUT", "/api/v1/admin/settings/loyalty_point_value", adminKey, map[string]string{"value": "0"}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("points worth nothing while on answered %d, want 422", code)
		}

		// Support hours: one minute a week, so almost surely closed now.
		if code := s.json("PUT", "/api/v1/admin/settings/support_hours", adminKey, map[string]string{"value": "Mon 00:00-00:01"}, nil); code != 200 {
			t.Fatalf("save the support hours: %d", code)
		}
		if h, _ := inbox.ParseHours("Mon 00:00-00:01", time.UTC); h.Open(time.Now()) {
			t.Skip("the test runs in the one open minute")
		}
		id, token := s.startChat("en")
		r := fromBot(s.say(id, token, "I want to talk to a person"))
		if len(r) != 1 || !strings.Contains(r[0].Text, "Mon 00:00-00:01") {
			t.Errorf("outside the saved hours the shopper was told %+v", r)
		}
		if code := s.do("DELETE", "/api/v1/admin/settings/support_hours", adminKey, "", nil, nil); code != 200 {
			t.Fatalf("reset the support hours: %d", code)
		}
		id, token = s.startChat("en")
		for _, m := range fromBot(s.say(id, token, "I want to talk to a person")) {
			if strings.Contains(m.Text, "Mon 00:00-00:01") {
				t.Errorf("after the reset (always open) the shopper was told %q", m.Text)
			}
		}
		var audit struct{ Entries []struct{ Action string } }
		s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
		n := 0
		for _, e := range audit.Entries {
			if strings.Contains(e.Action, "/settings/") {
				n++
			}
		}
		if n != 5 {
			t.Errorf("%d audited settings changes, want 5 (refused ones are not changes): %+v", n, audit.Entries)
		}
	})
}

// TestAdminCoupons_CreatedCodeIsListed: a code created through the admin
// API is listed with its rules and amounts in the shop's currency.
func TestAdminCoupons_CreatedCodeIsListed(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		if code := s.json("POST", "/api/v1/admin/coupons", adminKey, map[string]any{"code": "spring ten", "kind": "fixed",
			"amount": map[string]string{"amount": "10.00", "currency": "EUR"}, "min_spend": map[string]string{"amount": "50.00", "currency": "EUR"},
			"max_uses": 3, "once_per_customer": true}, nil); code != http.StatusCreated {
			t.Fatalf("create: %d", code)
		}
		var list struct {
			Currency string
			Coupons  []struct {
				Code            string
				Kind            string
				Amount          struct{ Amount, Currency string }
				MinSpend        struct{ Amount string } `json:"min_spend"`
				MaxUses         int64                   `json:"max_uses"`
				OncePerCustomer bool                    `json:"once_per_customer"`
				Active          bool
			}
		}
		if code := s.json("GET", "/api/v1/admin/coupons", adminKey, nil, &list); code != 200 {
			t.Fatalf("list: %d", code)
		}
		var found bool
		for _, c := range list.Coupons {
			if c.Code == "SPRINGTEN" {
				found = true
				if c.Kind != "fixed" || c.Amount.Amount != "10.00" || c.Amount.Currency != "EUR" || c.MinSpend.Amount != "50.00" || c.MaxUses != 3 || !c.OncePerCustomer || !c.Active {
					t.Errorf("listed as %+v", c)
				}
			}
		}
		if !found || list.Currency != "EUR" {
			t.Errorf("SPRINGTEN not listed (currency %q): %+v", list.Currency, list.Coupons)
		}
	})
}
