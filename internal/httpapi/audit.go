package httpapi

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// auditNote lets an admin handler add what the audit log should say about
// its action beyond the route (a review's decision, an erasure's counts).
type auditNote struct {
	target string
	data   map[string]any
}

type auditKey struct{}

// noteAudit adds a detail to the audit entry of the request's admin action.
func noteAudit(r *http.Request, key string, value any) {
	if n, ok := r.Context().Value(auditKey{}).(*auditNote); ok {
		n.data[key] = value
	}
}

// auditTarget names what the admin action was done to, when the path alone
// does not say it well.
func auditTarget(r *http.Request, target string) {
	if n, ok := r.Context().Value(auditKey{}).(*auditNote); ok {
		n.target = target
	}
}

// audited runs a state-changing admin handler and records it in the audit
// log when it succeeded: who (the admin key or the admin agent), what (the route), target,
// when and the client address.
func (s *Server) audited(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	note := &auditNote{data: map[string]any{}}
	sw := &statusWriter{ResponseWriter: w}
	h(sw, r.WithContext(context.WithValue(r.Context(), auditKey{}, note)))
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	if status >= 400 || s.Inbox == nil {
		return
	}
	target := note.target
	if target == "" {
		target = strings.TrimPrefix(r.URL.Path, "/api/v1/admin/")
	}
	note.data["status"] = status
	data, _ := json.Marshal(note.data)
	client := reqinfo.ClientAddr(r.Context())
	if client == "" {
		client, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	action := r.Method + " " + strings.TrimPrefix(strings.TrimPrefix(r.Pattern, r.Method+" "), "/api/v1/admin")
	actor, agentID := auditActor(r.Context())
	s.Inbox.Record(r.Context(), inbox.AuditEntry{Actor: actor, AgentID: agentID, Action: action, Target: target, Data: data, ClientAddr: client})
}
