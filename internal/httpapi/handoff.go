package httpapi

import (
	"net/http"
	"strconv"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// Admin endpoints of the hand-off: the retailer's rules, the training
// review of misunderstood messages, and the audit log of agent actions.

func (s *Server) adminHandoffRules(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, s.Inbox.Rules(r.Context()))
}

func (s *Server) adminPutHandoffRules(w http.ResponseWriter, r *http.Request) {
	var rules inbox.Rules
	if err := decodeJSON(w, r, &rules, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	saved, err := s.Inbox.SaveRules(r.Context(), rules)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, saved)
}

func (s *Server) adminTrainingReview(w http.ResponseWriter, r *http.Request) {
	items, err := s.Inbox.ReviewList(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, map[string]any{"items": items})
}

func (s *Server) adminLabelReview(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such review item"))
		return
	}
	var req struct {
		Intent  string `json:"intent"`
		Dismiss bool   `json:"dismiss"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	it, err := s.Inbox.Label(r.Context(), id, req.Intent, req.Dismiss)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, it)
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, r, errorf(http.StatusBadRequest, "invalid_limit", "limit must be 1 to 1000"))
			return
		}
		limit = n
	}
	es, err := s.Inbox.Audit(r.Context(), limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"entries": es})
}
