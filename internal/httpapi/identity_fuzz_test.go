package httpapi

import (
	"encoding/json"
	"testing"
)

// FuzzCreateConversationCustomer: any create body either fails to decode
// or yields a customer id that is the sent string or number as text.
func FuzzCreateConversationCustomer(f *testing.F) {
	for _, s := range []string{
		`{"customer": {"id": "42", "email": "a@example.com", "signature": "ab"}}`,
		`{"customer": {"id": 42, "email": "a@example.com"}}`,
		`{"customer": {"id": 4.2e1}}`, `{"customer": {"id": null}}`, `{"customer": {"id": [1]}}`, `{"customer": {"id": {}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req createConversationRequest
		if json.Unmarshal(body, &req) != nil || req.Customer == nil {
			return
		}
		var raw struct {
			Customer struct {
				ID json.RawMessage `json:"id"`
			} `json:"customer"`
		}
		if json.Unmarshal(body, &raw) != nil {
			t.Fatalf("decoded %q but its id is unreadable", body)
		}
		var s string
		if json.Unmarshal(raw.Customer.ID, &s) == nil && string(req.Customer.ID) != s {
			t.Fatalf("id %q read as %q", s, req.Customer.ID)
		}
	})
}
