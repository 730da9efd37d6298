package app_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestLimits_OrderLookupsLockAcrossConversations: over HTTP, wrong order
// number + e-mail pairs from one client add up across new conversations
// (the client's address reaches the dialogue through the request), until
// the bot says it can look up no more; the shop keeps serving the client
// otherwise.
func TestLimits_OrderLookupsLockAcrossConversations(t *testing.T) {
	afterSaleShops(t, func(t *testing.T, s *shop) {
		number := s.asEnter(t, "owner@example.com", true, inStockSKU(t, s))
		lookup := func(id, token, proof string) string {
			var out []message
			for _, text := range []string{"where is my order?", number, proof} {
				out = append(out, s.say(id, token, text)...)
			}
			return botText(out)
		}
		for i := range 2 {
			id, token := s.startChat("en")
			for j := range 2 {
				if out := lookup(id, token, "guess@example.com"); strings.Contains(out, "security") {
					t.Fatalf("conversation %d, try %d: locked early: %s", i+1, j+1, out)
				}
			}
		}
		id, token := s.startChat("en")
		if out := lookup(id, token, "guess@example.com"); !strings.Contains(out, "security") {
			t.Fatalf("the fifth failure from one client did not lock: %s", out)
		}
		id, token = s.startChat("en")
		if out := lookup(id, token, "owner@example.com"); !strings.Contains(out, "security") || strings.Contains(out, "on its way") || strings.Contains(out, "being prepared") {
			t.Fatalf("a new conversation from the locked client: %s", out)
		}
		if code := s.json("GET", "/api/v1/conversations/"+id, token, nil, nil); code != http.StatusOK {
			t.Errorf("the locked client's other calls: %d", code)
		}
	})
}

func botText(ms []message) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, m.Text)
	}
	return strings.Join(parts, "\n")
}
