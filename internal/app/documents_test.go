package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// docError is the answer to a refused document.
type docError struct {
	Error struct{ Code, Message, Field string }
}

// putDoc saves a document setting as token and returns the status and,
// when refused, the error.
func (s *shop) putDoc(name, token string, doc any) (int, docError) {
	s.t.Helper()
	var b []byte
	switch d := doc.(type) {
	case string:
		b = []byte(d)
	default:
		b, _ = json.Marshal(d)
	}
	var e docError
	code := s.do("PUT", "/api/v1/admin/settings/"+name, token, "application/json", b, &e)
	return code, e
}

// ask starts an English chat, asks one question and returns the bot's
// answer as one text.
func (s *shop) ask(lang, text string) string {
	s.t.Helper()
	id, token := s.startChat(lang)
	var b strings.Builder
	for _, m := range fromBot(s.say(id, token, text)) {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// TestReturnPolicySetting_TheAnswerFollowsTheEditAndTheReset: the return
// window and who pays the postage saved in the admin change the shop's
// answer at once; a refused policy says which field and changes nothing; a
// plain agent may not edit it; the reset brings back the file's policy;
// every change is audited.
func TestReturnPolicySetting_TheAnswerFollowsTheEditAndTheReset(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		boss := s.addAgent("boss@example.com", "Bea Boss", "admin", []string{"en"})
		kim := s.addAgent("kim@example.com", "Kim", "agent", []string{"en"})
		const question = "what is your return policy?"
		if a := s.ask("en", question); !strings.Contains(a, "within 30 days") {
			t.Fatalf("the built-in policy's answer is %q", a)
		}
		var doc struct {
			Value   map[string]any
			Default map[string]any
			Source  string
		}
		if code := s.json("GET", "/api/v1/admin/settings/return_policy", boss.Token, nil, &doc); code != 200 || doc.Source != "default" || doc.Value["window_days"] != float64(30) {
			t.Fatalf("GET return_policy: %d %+v", code, doc)
		}
		edited := doc.Value
		edited["window_days"], edited["return_shipping"] = 14, "shop"
		if code, _ := s.putDoc("return_policy", kim.Token, edited); code != http.StatusForbidden {
			t.Errorf("a plain agent saved the return policy: %d", code)
		}
		for _, bad := range []struct {
			name  string
			edit  func(m map[string]any)
			field string
		}{
			{"no window", func(m map[string]any) { m["window_days"] = 0 }, "window_days"},
			{"window in words", func(m map[string]any) { m["window_days"] = "two weeks" }, "window_days"},
			{"unknown payer", func(m map[string]any) { m["return_shipping"] = "nobody" }, "return_shipping"},
		} {
			m := map[string]any{}
			for k, v := range edited {
				m[k] = v
			}
			bad.edit(m)
			if code, e := s.putDoc("return_policy", adminKey, m); code != http.StatusBadRequest || e.Error.Field != bad.field || !strings.Contains(e.Error.Message, bad.field) {
				t.Errorf("%s: %d %+v, want 400 naming %s", bad.name, code, e, bad.field)
			}
		}
		if code, e := s.putDoc("return_policy", boss.Token, edited); code != 200 {
			t.Fatalf("save the policy as the admin agent: %d %+v", code, e)
		}
		a := s.ask("en", question)
		if !strings.Contains(a, "within 14 days") || !strings.Contains(a, "costs you nothing") {
			t.Errorf("after the edit the answer is %q, want 14 days and free postage", a)
		}
		if nl := s.ask("nl", "wat is jullie retourbeleid?"); !strings.Contains(nl, "14") {
			t.Errorf("the Dutch answer after the edit is %q", nl)
		}
		var list struct {
			Settings  []struct{ Name, Value, Source, Editable string }
			Documents []string
		}
		s.json("GET", "/api/v1/admin/settings", adminKey, nil, &list)
		if strings.Join(list.Documents, ",") != "away_message,channels,return_policy,shipping_rules" {
			t.Errorf("documents listed: %v", list.Documents)
		}
		for _, st := range list.Settings {
			if st.Name == "--return-policy" && (st.Source != "admin" || st.Editable != "return_policy") {
				t.Errorf("the policy file's row after the edit: %+v", st)
			}
		}
		if p := s.app.Returns.Policy(); p.WindowDays != 14 {
			t.Errorf("the return flow's policy has a window of %d days, want 14", p.WindowDays)
		}
		if code := s.do("DELETE", "/api/v1/admin/settings/return_policy", adminKey, "", nil, nil); code != 200 {
			t.Fatalf("reset the policy: %d", code)
		}
		if a := s.ask("en", question); !strings.Contains(a, "within 30 days") || strings.Contains(a, "costs you nothing") {
			t.Errorf("after the reset the answer is %q", a)
		}
		if n := auditedChanges(s, "return_policy"); n != 2 {
			t.Errorf("%d audited changes of the return policy, want 2 (save, reset)", n)
		}
	})
}

// auditedChanges counts the audit entries of changes to a setting.
func auditedChanges(s *shop, name string) int {
	var audit struct {
		Entries []struct{ Action, Target string }
	}
	s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
	n := 0
	for _, e := range audit.Entries {
		if strings.Contains(e.Action, "/settings/") && e.Target == "setting "+name {
			n++
		}
	}
	return n
}

// TestShippingRulesSetting_PricesFollowTheEdit: shipping rules saved as
// zones in minor units change the shipping answer at once; malformed rules
// are refused with the field at fault.
func TestShippingRulesSetting_PricesFollowTheEdit(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		const question = "how much is shipping to Belgium?"
		if a := s.ask("en", question); !strings.Contains(a, "6.95") {
			t.Fatalf("the built-in rules' answer is %q", a)
		}
		for _, bad := range []struct{ name, body, field string }{
			{"negative price", `{"cutoff":"15:00","zones":[{"name":"Benelux","countries":["BE"],"options":[{"code":"standard","price":-100,"min_days":1,"max_days":2}]}]}`, "zones[0].options[0].price"},
			{"empty country list", `{"cutoff":"15:00","zones":[{"name":"Benelux","countries":[],"options":[{"code":"standard","price":100,"min_days":1,"max_days":2}]}]}`, "zones[0].countries"},
			{"duplicate zone", `{"cutoff":"15:00","zones":[{"name":"Benelux","countries":["BE"],"options":[{"code":"standard","price":100,"min_days":1,"max_days":2}]},{"name":"Benelux","countries":["NL"],"options":[{"code":"standard","price":100,"min_days":1,"max_days":2}]}]}`, "zones[1].name"},
		} {
			if code, e := s.putDoc("shipping_rules", adminKey, bad.body); code != http.StatusBadRequest || e.Error.Field != bad.field {
				t.Errorf("%s: %d %+v, want 400 naming %s", bad.name, code, e, bad.field)
			}
		}
		rules := `{"cutoff":"15:00","holidays":[],"zones":[
			{"name":"Benelux","countries":["BE","NL"],"options":[{"code":"standard","price":395,"free_over":4000,"min_days":1,"max_days":2}]},
			{"name":"Rest of the world","countries":["*"],"options":[{"code":"standard","price":2495,"min_days":7,"max_days":14}]}]}`
		if code, e := s.putDoc("shipping_rules", adminKey, rules); code != 200 {
			t.Fatalf("save the rules: %d %+v", code, e)
		}
		if a := s.ask("en", question); !strings.Contains(a, "3.95") || !strings.Contains(a, "40.00") || strings.Contains(a, "6.95") {
			t.Errorf("after the edit the answer is %q, want 3.95 (free over 40.00)", a)
		}
		var doc struct {
			Value  struct{ Zones []struct{ Name string } }
			Source string
		}
		if s.json("GET", "/api/v1/admin/settings/shipping_rules", adminKey, nil, &doc); doc.Source != "admin" || len(doc.Value.Zones) != 2 {
			t.Errorf("GET after the edit: %+v", doc)
		}
		if code := s.do("DELETE", "/api/v1/admin/settings/shipping_rules", adminKey, "", nil, nil); code != 200 {
			t.Fatalf("reset the rules: %d", code)
		}
		if a := s.ask("en", question); !strings.Contains(a, "6.95") {
			t.Errorf("after the reset the answer is %q", a)
		}
	})
}

// TestAwayMessageSetting_TheShopsOwnWordsWhenNobodyCanAnswer: outside the
// support hours a hand-off says the retailer's away text (as text: markup
// stays characters) and still asks for a contact; a language without one
// keeps the catalogue's sentence; an unknown language is refused.
func TestAwayMessageSetting_TheShopsOwnWordsWhenNobodyCanAnswer(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		if code := s.json("PUT", "/api/v1/admin/settings/support_hours", adminKey, map[string]string{"value": "Mon 00:00-00:01"}, nil); code != 200 {
			t.Fatalf("save the support hours: %d", code)
		}
		if h, _ := inbox.ParseHours("Mon 00:00-00:01", time.UTC); h.Open(time.Now()) {
			t.Skip("the test runs in the one open minute")
		}
		const away = "We're at the <b>Christmas market</b> until Monday."
		if code, e := s.putDoc("away_message", adminKey, map[string]string{"xx": "hi"}); code != http.StatusBadRequest || e.Error.Field != "xx" {
			t.Errorf("an unknown language: %d %+v", code, e)
		}
		if code, e := s.putDoc("away_message", adminKey, map[string]string{"en": away, "nl": ""}); code != 200 {
			t.Fatalf("save the away message: %d %+v", code, e)
		}
		id, token := s.startChat("en")
		r := fromBot(s.say(id, token, "I want to talk to a person"))
		if len(r) != 1 || !strings.HasPrefix(r[0].Text, away) || strings.Contains(r[0].Text, "isn't working right now") ||
			!strings.Contains(r[0].Text, "Leave your e-mail address") {
			t.Errorf("the English hand-off said %+v", r)
		}
		// Dutch has no away text: the catalogue's sentence, which names the hours.
		if a := s.ask("nl", "ik wil een medewerker spreken"); !strings.Contains(a, "Mon 00:00-00:01") || strings.Contains(a, "Christmas") {
			t.Errorf("the Dutch hand-off said %q, want the catalogue's sentence", a)
		}
		if code := s.do("DELETE", "/api/v1/admin/settings/away_message", adminKey, "", nil, nil); code != 200 {
			t.Fatalf("reset: %d", code)
		}
		if a := s.ask("en", "I want to talk to a person"); strings.Contains(a, "Christmas") {
			t.Errorf("after the reset the hand-off said %q", a)
		}
	})
}

// TestChannelSwitch_AnOffChannelAcknowledgesButDoesNotAnswer: WhatsApp
// switched off in the admin answers its webhook 200 and sends nothing;
// switched on again it answers the next message (not the one that came
// while it was off). The channel page shows configured, never a secret.
func TestChannelSwitch_AnOffChannelAcknowledgesButDoesNotAnswer(t *testing.T) {
	eachWADB(t, func(t *testing.T, w *waShop) {
		w.t = t
		from := whatsapptest.From{WaID: "31612345678", Name: "Sam"}
		if r := w.say(from, "hello"); len(r) == 0 {
			t.Fatal("no answer while on")
		}
		if code, e := w.putDoc("channels", adminKey, `{"whatsapp":{"enabled":"no"}}`); code != http.StatusBadRequest || e.Error.Field != "whatsapp.enabled" {
			t.Errorf("a malformed switch: %d %+v", code, e)
		}
		if code, e := w.putDoc("channels", adminKey, `{"whatsapp":{"enabled":false}}`); code != 200 {
			t.Fatalf("switch WhatsApp off: %d %+v", code, e)
		}
		if code := w.post(w.hook.Text(from, "do you have socks?")); code != 200 {
			t.Errorf("the webhook of an off channel answered %d, want 200", code)
		}
		time.Sleep(1500 * time.Millisecond)
		if n := len(w.wa.Sent()); n != w.seen {
			t.Errorf("an off channel sent %d messages", n-w.seen)
		}
		if code, _ := w.putDoc("channels", adminKey, `{"whatsapp":{"enabled":true}}`); code != 200 {
			t.Fatalf("switch WhatsApp on: %d", code)
		}
		if r := w.say(from, "hello again"); len(r) == 0 {
			t.Error("no answer once on again")
		}
		var health struct {
			Channels []map[string]any `json:"channels"`
		}
		w.json("GET", "/api/v1/admin/channels", adminKey, nil, &health)
		raw, _ := json.Marshal(health)
		if !strings.Contains(string(raw), `"configured":true`) || strings.Contains(string(raw), w.app.Config.Channels.WhatsApp.Token) ||
			strings.Contains(string(raw), w.app.Config.Channels.WhatsApp.AppSecret) {
			t.Errorf("the channel page shows %s", raw)
		}
	})
}

// TestReturnPolicySetting_TheReturnFlowFollowsTheWindow: twenty days after
// delivery a return goes through under the file's 30-day window; once the
// window is 14 days in the admin, the next return of the same kind is
// refused for the return period, without a restart.
func TestReturnPolicySetting_TheReturnFlowFollowsTheWindow(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		s.t = t
		shoes := demoSKU(t, s, "aurora-trail-runner", 4)
		s.app.Returns.Now = func() time.Time { return time.Now().Add(20 * 24 * time.Hour) }
		defer func() { s.app.Returns.Now = time.Now }()
		returnIt := func(email string) string {
			number := returnOrder(t, s, email, map[string]int{shoes: 1}, "")
			run, heard := chatReturn(t, s, "", "I'd like to return order "+number, map[string]string{"order_number": number, "email": email, "return_reason": "too big"})
			all := strings.Join(run.res.transcript, "\n")
			if labelLink(heard) != "" {
				all += "\n[label]"
			}
			return all
		}
		if got := returnIt("before@example.com"); strings.Contains(got, "return period") || !strings.Contains(got, "[label]") {
			t.Fatalf("day 20 of a 30-day window:\n%s", got)
		}
		var doc struct{ Value map[string]any }
		s.json("GET", "/api/v1/admin/settings/return_policy", adminKey, nil, &doc)
		doc.Value["window_days"] = 14
		if code, e := s.putDoc("return_policy", adminKey, doc.Value); code != 200 {
			t.Fatalf("save the policy: %d %+v", code, e)
		}
		if got := returnIt("after@example.com"); !strings.Contains(got, "return period") || strings.Contains(got, "[label]") {
			t.Errorf("day 20 of a 14-day window:\n%s", got)
		}
	})
}

// TestShippingRulesSetting_TheCheckoutOffersTheNewOptions: the delivery
// options of a checkout to Belgium, and so its total, follow rules saved in
// the admin at once.
func TestShippingRulesSetting_TheCheckoutOffersTheNewOptions(t *testing.T) {
	eachDB(t, false, func(t *testing.T, s *shop) {
		s.t = t
		s.importProduct(t, "wool-beanie", "Wool Beanie", "BEANIE-1")
		options := func() string {
			c := s.asChat(t, "en", "")
			c.tap("add:BEANIE-1")
			out := c.tap("checkout")
			for range 6 {
				last := out[len(out)-1]
				switch {
				case last.Input != nil && last.Input.Field == "email":
					out = c.say("beanie@example.com")
				case last.Input != nil && last.Input.Field == "shipping_address" && len(last.Options) > 0 && strings.HasPrefix(last.Options[0].Payload, "addr:"):
					out = c.tap(last.Options[0].Payload)
				case last.Input != nil && last.Input.Field == "shipping_address":
					out = c.say("Jan Peeters, Rue Neuve 12, 1000 Brussel, BE")
				case last.Type == "link" && last.Purpose == "payment":
					return last.Text // one option only: chosen without a question
				case last.Input != nil && last.Input.Field == "shipping_option":
					var titles []string
					for _, o := range last.Options {
						titles = append(titles, o.Title)
					}
					return strings.Join(titles, " | ")
				default:
					t.Fatalf("checkout stalled at %+v", last)
				}
			}
			t.Fatal("no delivery options asked")
			return ""
		}
		if got := options(); !strings.Contains(got, "6.95") || !strings.Contains(got, "12.95") {
			t.Fatalf("the built-in options to Belgium: %s", got)
		}
		rules := `{"cutoff":"15:00","holidays":[],"zones":[{"name":"Benelux","countries":["BE","NL"],"options":[{"code":"standard","price":395,"min_days":1,"max_days":2}]},
			{"name":"Elsewhere","countries":["*"],"options":[{"code":"standard","price":2495,"min_days":7,"max_days":14}]}]}`
		if code, e := s.putDoc("shipping_rules", adminKey, rules); code != 200 {
			t.Fatalf("save the rules: %d %+v", code, e)
		}
		// One option left: the bot takes it without asking, and the total is
		// the beanie's 19.99 plus 3.95.
		if got := options(); !strings.Contains(got, "23.94") {
			t.Errorf("after the edit the checkout to Belgium says %q, want a total of 23.94", got)
		}
	})
}
