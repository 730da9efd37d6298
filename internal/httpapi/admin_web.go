package httpapi

import (
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// What the web admin (/admin/) reads besides the figures: who is signed
// in, the settings the server runs with, and the intents a misunderstood
// message can be labelled with.

// adminWebRoutes are the web admin's own endpoints.
func (s *Server) adminWebRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/admin/me", s.admin(s.adminMe))
	mux.Handle("GET /api/v1/admin/settings", s.admin(s.adminSettings))
	mux.Handle("GET /api/v1/admin/nlu/intents", s.admin(s.adminIntents))
}

// adminSettings lists the effective settings with where each came from
// (flag, environment or default); secrets only say whether they are set.
// Settings are read-only here: they change with the flags and environment.
func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) {
	list := []config.Setting{}
	if s.Settings != nil {
		list = append(list, s.Settings.List...)
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": list})
}

// adminIntents lists the intents the NLU knows, for labelling.
func (s *Server) adminIntents(w http.ResponseWriter, r *http.Request) {
	intents := []string{}
	if in, ok := s.NLU.(interface{ Intents() []string }); ok {
		intents = append(intents, in.Intents()...)
	}
	writeJSON(w, http.StatusOK, map[string]any{"intents": intents})
}

// conversationOrders are the orders placed in a conversation, as the
// explorer links them. (The console's customer panel shows a verified
// customer's orders instead; the admin sees what this chat sold.)
func (s *Server) conversationOrders(r *http.Request, id string) ([]Order, error) {
	out := []Order{}
	if s.Orders == nil {
		return out, nil
	}
	os, err := s.Orders.List(r.Context(), order.Filter{ConversationID: id, Limit: 100})
	if err != nil {
		return nil, err
	}
	for i := range os {
		out = append(out, s.orderJSON(&os[i]))
	}
	return out, nil
}
