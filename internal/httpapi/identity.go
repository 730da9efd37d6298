package httpapi

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/identity"
)

// Identity checks the signed identities the shop's own site sends and
// records bindings.
type Identity interface {
	CheckSignature(id, email, signature string) error
	Record(ctx context.Context, conversationID string, customerID int64, source, reference string) error
	Latest(ctx context.Context, conversationID string) (*identity.Binding, error)
}

// Outbox lists the mail kept instead of sent (demo and tests).
type Outbox interface {
	Outbox(ctx context.Context, limit int) ([]identity.OutboxMail, error)
}

// customerRef is the shop site's customer id, which sites send as a number
// or as a string; either way it is signed as its text.
type customerRef string

func (c *customerRef) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = customerRef(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*c = customerRef(n.String())
	return nil
}

// signedCustomer returns the customer a create call may speak for: only one
// the shop's site signed. Anything else (no signature, a wrong one, no
// secret configured) starts an anonymous conversation, as if no customer
// had been given: a typed e-mail proves nothing. It is not refused with
// 401, so a widget sending a shopper's unsigned e-mail keeps working.
func (s *Server) signedCustomer(ctx context.Context, req *createConversationRequest) (customerID int64, ref string, err error) {
	if req.Customer == nil || s.Identity == nil || req.Customer.Signature == "" {
		return 0, "", nil
	}
	email := strings.ToLower(strings.TrimSpace(req.Customer.Email))
	ref = string(req.Customer.ID)
	if !strings.Contains(email, "@") || s.Identity.CheckSignature(ref, email, req.Customer.Signature) != nil {
		return 0, "", nil
	}
	id, err := s.Customers.UpsertCustomer(ctx, email, req.Customer.Name, req.Customer.Phone)
	return id, ref, err
}

// outboxList answers the kept mail, newest first.
func (s *Server) outboxList(r *http.Request) ([]identity.OutboxMail, error) {
	return s.Outbox.Outbox(r.Context(), 50)
}

func (s *Server) adminOutbox(w http.ResponseWriter, r *http.Request) {
	mails, err := s.outboxList(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"mails": mails})
}

var outboxPage = template.Must(template.New("outbox").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1d2330}
article{border:1px solid #dde1e7;border-radius:10px;padding:12px 16px;margin:12px 0}pre{white-space:pre-wrap;font:inherit}
.meta{color:#5b6475;font-size:.9rem}</style></head><body>
<h1>Outbox</h1><p class="meta">Mail the demo shop would have sent, newest first. Only shown in the demo and in tests.</p>
{{range .}}<article><div class="meta">{{.CreatedAt.Format "2006-01-02 15:04:05"}} · to {{.To}}</div><h2>{{.Subject}}</h2><pre>{{.Body}}</pre></article>
{{else}}<p>No mail yet.</p>{{end}}
</body></html>`))

// demoOutbox shows the kept mail to whoever runs the demo: JSON for
// programs that ask for it, a page otherwise.
func (s *Server) demoOutbox(w http.ResponseWriter, r *http.Request) {
	mails, err := s.outboxList(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") || r.URL.Query().Get("format") == "json" {
		writeJSON(w, http.StatusOK, map[string]any{"mails": mails})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	outboxPage.Execute(w, mails)
}
