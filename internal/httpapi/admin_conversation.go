package httpapi

import (
	"errors"
	"github.com/shopkeeper/shopkeeper/internal/channel"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

func (s *Server) adminConversation(w http.ResponseWriter, r *http.Request) {
	c, err := s.Conversations.Get(r.Context(), r.PathValue("id"))
	if errors.Is(err, conversation.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such conversation"))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	msgs, err := s.Conversations.After(r.Context(), c.ID, 0, 100000)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if msgs == nil {
		msgs = []conversation.Message{}
	}
	out := map[string]any{
		"id": c.ID, "status": c.Status, "language": c.Language, "channel": c.Channel,
		"handoff": c.Handoff, "transcript": msgs, "created_at": c.CreatedAt, "updated_at": c.UpdatedAt,
		// verified: the conversation speaks for a customer it proved it is
		// (verified_by says how); a merely typed e-mail never sets it.
		"verified": c.CustomerID != 0,
	}
	if c.CustomerID != 0 && s.Identity != nil {
		b, err := s.Identity.Latest(r.Context(), c.ID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		if b != nil {
			out["verified_by"], out["verified_at"] = b.Source, b.CreatedAt
		}
	}
	// The explorer links the customer's orders.
	orders, err := s.conversationOrders(r, c.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out["orders"] = orders
	if s.Channels != nil && c.Channel != "web" && c.Channel != "rest" {
		// What reached the shopper's app: sent, delivered, read or failed
		// (and why), so an agent sees a reply that never arrived.
		ds, err := s.Channels.Deliveries(r.Context(), c.ID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		if ds == nil {
			ds = []channel.Delivery{}
		}
		out["deliveries"] = ds
	}
	writeJSON(w, 200, out)
}
