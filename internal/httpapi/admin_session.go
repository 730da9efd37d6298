package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// The web admin signs in with an agent of the admin role, through the
// agent sign-in (POST /api/v1/agent/login: the same passwords, back-off,
// second factor and sessions as the console), rather than a second
// account system. Its pages then call the admin API with that session
// (the HttpOnly cookie); the admin key stays the way in for scripts.

// adminActor is who an admin request acts as: the key, or an admin agent.
type adminActor struct {
	agent *inbox.Agent // nil: the admin key
}

type adminActorKey struct{}

// adminBy identifies the admin of r: the admin key as a bearer, or else
// the session of an agent whose role is admin. A session of an agent
// without the role is refused (403) rather than taken for no credentials.
func (s *Server) adminBy(r *http.Request) (adminActor, error) {
	got := bearer(r)
	if s.AdminKey != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.AdminKey)) == 1 {
		return adminActor{}, nil
	}
	unauthorized := errorf(http.StatusUnauthorized, "unauthorized", "send the admin key as Authorization: Bearer <key>, or sign in as an agent with the admin role")
	if s.Inbox == nil {
		return adminActor{}, unauthorized
	}
	token := agentToken(r)
	if token == "" {
		return adminActor{}, unauthorized
	}
	a, err := s.Inbox.Authenticate(r.Context(), token)
	if errors.Is(err, inbox.ErrUnauthorized) {
		return adminActor{}, unauthorized
	}
	if err != nil {
		return adminActor{}, err
	}
	if a.Role != inbox.RoleAdmin {
		return adminActor{}, errorf(http.StatusForbidden, "forbidden", "the shop's admin pages need an agent with the admin role")
	}
	return adminActor{agent: a}, nil
}

func withAdminActor(ctx context.Context, a adminActor) context.Context {
	return context.WithValue(ctx, adminActorKey{}, a)
}

// auditActor is how the audit log names the admin of the request.
func auditActor(ctx context.Context) (name string, agentID int64) {
	if a, ok := ctx.Value(adminActorKey{}).(adminActor); ok && a.agent != nil {
		return a.agent.Name, a.agent.ID
	}
	return inbox.ActorAdminKey, 0
}

// adminMe tells the web admin who it is signed in as: an admin agent (the
// session) or the admin key.
func (s *Server) adminMe(w http.ResponseWriter, r *http.Request) {
	if a, ok := r.Context().Value(adminActorKey{}).(adminActor); ok && a.agent != nil {
		writeJSON(w, http.StatusOK, map[string]any{"by": "agent", "agent": toAgentJSON(a.agent)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"by": "admin_key"})
}
