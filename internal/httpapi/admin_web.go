package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/settings"
)

// EditableSettings are the settings the retailer edits in the web admin
// (internal/settings).
type EditableSettings interface {
	List() []settings.Item
	Put(ctx context.Context, name, value string) error
	Reset(ctx context.Context, name string) error
}

// What the web admin (/admin/) reads besides the figures: who is signed
// in, the settings the server runs with, and the intents a misunderstood
// message can be labelled with.

// adminWebRoutes are the web admin's own endpoints.
func (s *Server) adminWebRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/admin/me", s.admin(s.adminMe))
	mux.Handle("GET /api/v1/admin/settings", s.admin(s.adminSettings))
	mux.Handle("GET /api/v1/admin/settings/{name}", s.admin(s.adminDocument))
	mux.Handle("PUT /api/v1/admin/settings/{name}", s.admin(s.adminPutSetting))
	mux.Handle("DELETE /api/v1/admin/settings/{name}", s.admin(s.adminResetSetting))
	mux.Handle("GET /api/v1/admin/nlu/intents", s.admin(s.adminIntents))
}

// adminSettings lists the effective settings with where each came from
// (flag, environment or default); secrets only say whether they are set.
// "editable" are those the admin may change here (PUT and DELETE below); a
// value saved here overrides the flag and shows the source "admin".
func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) {
	list := []config.Setting{}
	if s.Settings != nil {
		list = append(list, s.Settings.List...)
	}
	editable := []settings.Item{}
	if s.Editable != nil {
		editable = s.Editable.List()
	}
	byFlag := map[string]settings.Item{}
	for _, it := range editable {
		byFlag[settingFlag[it.Name]] = it
	}
	for i := range list {
		key := list[i].Name
		if list[i].Env != "" && byFlag[key].Name == "" {
			key = list[i].Env
		}
		if it, ok := byFlag[key]; ok && it.Name != "" {
			list[i].Editable = it.Name
			if it.Source == "admin" {
				list[i].Value, list[i].Source = it.Value, "admin"
			}
		}
	}
	documents := []string{}
	if d, ok := s.documents(); ok {
		documents = d.Documents()
		// The policy and rules files are overridden as a whole by a
		// document saved in the admin: the row says so.
		for i := range list {
			name := documentFlag[list[i].Name]
			if name == "" {
				continue
			}
			if it, err := d.Doc(name); err == nil {
				list[i].Editable = name
				if it.Source == "admin" {
					list[i].Value, list[i].Source = "(edited in the admin)", "admin"
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": list, "editable": editable, "documents": documents})
}

// settingFlag is the flag or variable each editable setting overrides.
// (The support hours' time zone has none of its own: --timezone also sets
// the figures' days and the quiet hours, which the admin does not change.)
var settingFlag = map[string]string{
	settings.Tone: "--tone", settings.SupportHours: "--support-hours",
	settings.LoyaltyPointsPerUnit: "SHOPKEEPER_LOYALTY_POINTS_PER_UNIT", settings.LoyaltyPointValue: "SHOPKEEPER_LOYALTY_POINT_VALUE",
	settings.LoyaltyMinRedeem: "SHOPKEEPER_LOYALTY_MIN_REDEEM",
}

// documentFlag is the document setting that overrides each file flag.
var documentFlag = map[string]string{"--return-policy": settings.ReturnPolicy, "--shipping-rules": settings.ShippingRules}

// adminPutSetting saves one editable setting: {"value": "..."}.
func (s *Server) adminPutSetting(w http.ResponseWriter, r *http.Request) {
	if name := r.PathValue("name"); s.isDocument(name) {
		s.putDocument(w, r, name) // the body is the document itself
		return
	}
	var req struct {
		Value *string `json:"value"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Value == nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "value: required (a string)"))
		return
	}
	s.editSetting(w, r, func(name string) error { return s.Editable.Put(r.Context(), name, *req.Value) })
}

// adminResetSetting forgets a saved setting: the default applies again.
func (s *Server) adminResetSetting(w http.ResponseWriter, r *http.Request) {
	if name := r.PathValue("name"); s.isDocument(name) {
		s.resetDocument(w, r, name)
		return
	}
	s.editSetting(w, r, func(name string) error { return s.Editable.Reset(r.Context(), name) })
}

func (s *Server) editSetting(w http.ResponseWriter, r *http.Request, do func(name string) error) {
	name := r.PathValue("name")
	if s.Editable == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no editable settings on this server"))
		return
	}
	auditTarget(r, "setting "+name)
	var inv *settings.InvalidError
	switch err := do(name); {
	case errors.Is(err, settings.ErrUnknown):
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "%q is not an editable setting", name))
		return
	case errors.As(err, &inv):
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", inv.Error()))
		return
	case err != nil:
		writeError(w, r, err)
		return
	}
	for _, it := range s.Editable.List() {
		if it.Name == name {
			noteAudit(r, "value", it.Value)
			noteAudit(r, "source", it.Source)
			writeJSON(w, http.StatusOK, it)
			return
		}
	}
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
