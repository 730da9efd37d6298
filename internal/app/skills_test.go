package app_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// "Stop sending me messages" in the chat is recorded as a withdrawn
// marketing consent that the customer's export shows, and is answered in
// the shopper's language, never with "not yet".
func TestSkills_StopIsRecordedAsAWithdrawnConsent(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	var conv struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("stop@example.com", "")}, &conv); code != 201 {
		t.Fatalf("create = %d", code)
	}
	var turn struct{ Messages []message }
	if code := s.do("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, "application/json", []byte(`{"text":"stop sending me messages please"}`), &turn); code != 200 {
		t.Fatalf("message = %d", code)
	}
	if got := transcript(turn.Messages); !strings.Contains(got, "won't get any more messages") {
		t.Fatalf("stop answered: %s", got)
	}
	var ex struct {
		Consents []struct {
			Purpose, Source string
			Granted         bool
		}
	}
	if code := s.do("GET", "/api/v1/admin/customers/export?email=stop@example.com", adminKey, "", nil, &ex); code != 200 {
		t.Fatalf("export = %d", code)
	}
	if len(ex.Consents) != 1 || ex.Consents[0].Purpose != "marketing" || ex.Consents[0].Granted || ex.Consents[0].Source != "chat" {
		t.Fatalf("consents = %+v", ex.Consents)
	}
}
