package httpapi

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Channels is what the admin API shows of the messaging channels.
type Channels interface {
	Health(ctx context.Context, name string) (channel.Health, error)
	Deliveries(ctx context.Context, conversationID string) ([]channel.Delivery, error)
	Templates(ctx context.Context, name string) ([]channel.Template, error)
	SaveTemplate(ctx context.Context, t channel.Template, languages []string) error
	DeleteTemplate(ctx context.Context, name, purpose, language string) error
	ContinueLinks(ctx context.Context, c *conversation.Conversation) ([]channel.Link, error)
}

// ConversationLister lists conversations for the admin API.
type ConversationLister interface {
	ListConversations(ctx context.Context, f conversation.ListFilter, before time.Time, beforeID string, limit int) ([]conversation.Conversation, error)
}

func (s *Server) registerChannels(mux *http.ServeMux) {
	if s.ConversationList != nil {
		mux.Handle("GET /api/v1/admin/conversations", s.admin(s.adminConversations))
	}
	if s.Channels == nil {
		return
	}
	mux.HandleFunc("POST /api/v1/conversations/{id}/continue", s.continueElsewhere)
	mux.Handle("GET /api/v1/admin/channels", s.admin(s.adminChannels))
	mux.Handle("GET /api/v1/admin/channels/{name}/templates", s.admin(s.adminTemplates))
	mux.Handle("PUT /api/v1/admin/channels/{name}/templates", s.admin(s.adminPutTemplate))
	mux.Handle("DELETE /api/v1/admin/channels/{name}/templates/{purpose}/{language}", s.admin(s.adminDeleteTemplate))
}

// adminChannels is the channel page: configured or not, last webhook, last
// error and the outbox backlog of each channel.
func (s *Server) adminChannels(w http.ResponseWriter, r *http.Request) {
	out := []channel.Health{}
	for _, name := range channel.All {
		h, err := s.Channels.Health(r.Context(), name)
		if err != nil {
			writeError(w, r, err)
			return
		}
		out = append(out, h)
	}
	writeJSON(w, 200, map[string]any{"channels": out})
}

func knownChannel(w http.ResponseWriter, r *http.Request) (string, bool) {
	name := r.PathValue("name")
	if !slices.Contains(channel.All, name) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no channel %q; channels are %s", name, strings.Join(channel.All, ", ")))
		return "", false
	}
	return name, true
}

func (s *Server) adminTemplates(w http.ResponseWriter, r *http.Request) {
	name, ok := knownChannel(w, r)
	if !ok {
		return
	}
	ts, err := s.Channels.Templates(r.Context(), name)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"templates": ts})
}

func (s *Server) adminPutTemplate(w http.ResponseWriter, r *http.Request) {
	name, ok := knownChannel(w, r)
	if !ok {
		return
	}
	var t channel.Template
	if err := decodeJSON(w, r, &t, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	t.Channel = name
	if err := s.Channels.SaveTemplate(r.Context(), t, s.Languages); err != nil {
		var inv *channel.ErrInvalid
		if errors.As(err, &inv) {
			writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", inv.Error()))
			return
		}
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, t)
}

func (s *Server) adminDeleteTemplate(w http.ResponseWriter, r *http.Request) {
	name, ok := knownChannel(w, r)
	if !ok {
		return
	}
	err := s.Channels.DeleteTemplate(r.Context(), name, r.PathValue("purpose"), r.PathValue("language"))
	if errors.Is(err, channel.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such template"))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// adminConversations lists conversations, newest activity first, optionally
// of one channel, language and status; next_cursor pages on.
func (s *Server) adminConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ch := q.Get("channel")
	if ch == "rest" {
		ch = "web" // the widget's and the REST API's channel, once called rest
	}
	if ch != "" && ch != "web" && ch != "voice" && !slices.Contains(channel.All, ch) {
		writeError(w, r, errorf(http.StatusBadRequest, "bad_request", "channel: want one of web, voice, %s", strings.Join(channel.All, ", ")))
		return
	}
	f := conversation.ListFilter{Channel: ch, Language: q.Get("language"), Status: q.Get("status")}
	if f.Language != "" && !slices.Contains(s.Languages, f.Language) {
		writeError(w, r, errorf(http.StatusBadRequest, "bad_request", "language: want one of %s", strings.Join(s.Languages, ", ")))
		return
	}
	if f.Status != "" && !slices.Contains(conversation.Statuses, f.Status) {
		writeError(w, r, errorf(http.StatusBadRequest, "bad_request", "status: want one of %s", strings.Join(conversation.Statuses, ", ")))
		return
	}
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			writeError(w, r, errorf(http.StatusBadRequest, "bad_request", "limit: want 1 to 200"))
			return
		}
		limit = n
	}
	before, beforeID := time.Time{}, ""
	if c := q.Get("cursor"); c != "" {
		var ok bool
		if before, beforeID, ok = readCursor(c); !ok {
			writeError(w, r, errorf(http.StatusBadRequest, "bad_request", "cursor: not one this API gave"))
			return
		}
	}
	cs, err := s.ConversationList.ListConversations(r.Context(), f, before, beforeID, limit+1)
	if err != nil {
		writeError(w, r, err)
		return
	}
	type row struct {
		ID        string    `json:"id"`
		Channel   string    `json:"channel"`
		Status    string    `json:"status"`
		Language  string    `json:"language"`
		UpdatedAt time.Time `json:"updated_at"`
	}
	out := map[string]any{}
	rows := []row{}
	for i, c := range cs {
		if i == limit {
			last := cs[limit-1]
			out["next_cursor"] = makeCursor(last.UpdatedAt, last.ID)
			break
		}
		rows = append(rows, row{c.ID, c.Channel, c.Status, c.Language, c.UpdatedAt})
	}
	out["conversations"] = rows
	writeJSON(w, 200, out)
}

func makeCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixNano(), 10) + "|" + id))
}

func readCursor(c string) (time.Time, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", false
	}
	ns, id, ok := strings.Cut(string(b), "|")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", false
	}
	return time.Unix(0, n).UTC(), id, true
}

// continueElsewhere gives the shopper single-use links that carry this chat
// to WhatsApp or Telegram (those the shop has a public address on).
func (s *Server) continueElsewhere(w http.ResponseWriter, r *http.Request) {
	c, err := s.Conversations.Authorize(r.Context(), r.PathValue("id"), bearer(r))
	if err != nil {
		writeError(w, r, conversationError(err))
		return
	}
	links, err := s.Channels.ContinueLinks(r.Context(), c)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"links": links})
}
