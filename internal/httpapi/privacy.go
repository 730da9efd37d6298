package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
)

// CustomerExport is everything the shop holds about one person (contract:
// Trust). After erasure every list is empty and customer is null.
type CustomerExport struct {
	Customer       *privacy.Customer      `json:"customer"`
	Addresses      []address.Address      `json:"addresses"`
	PaymentMethods []privacy.SavedMethod  `json:"payment_methods"`
	Orders         []Order                `json:"orders"`
	Conversations  []privacy.Conversation `json:"conversations"`
	Consents       []privacy.Consent      `json:"consents"`
	ExportedAt     time.Time              `json:"exported_at"`
}

func (s *Server) adminExportCustomer(w http.ResponseWriter, r *http.Request) {
	if s.Privacy == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "privacy requests are not available"))
		return
	}
	ex, err := s.Privacy.Export(r.Context(), r.URL.Query().Get("email"))
	if err != nil {
		writeError(w, r, privacyError(err))
		return
	}
	out := CustomerExport{Customer: ex.Customer, Addresses: ex.Addresses, PaymentMethods: ex.PaymentMethods, Orders: make([]Order, 0, len(ex.Orders)),
		Conversations: ex.Conversations, Consents: ex.Consents, ExportedAt: time.Now().UTC()}
	for i := range ex.Orders {
		out.Orders = append(out.Orders, s.orderJSON(&ex.Orders[i]))
	}
	writeJSON(w, 200, out)
}

func (s *Server) adminEraseCustomer(w http.ResponseWriter, r *http.Request) {
	if s.Privacy == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "privacy requests are not available"))
		return
	}
	email := r.URL.Query().Get("email")
	// The audit log must not keep what the erasure removes.
	auditTarget(r, "customers/"+maskEmail(email))
	res, err := s.Privacy.Erase(r.Context(), email)
	if err != nil {
		writeError(w, r, privacyError(err))
		return
	}
	noteAudit(r, "orders_redacted", res.Orders)
	noteAudit(r, "conversations_redacted", res.Conversations)
	writeJSON(w, 200, map[string]any{"erased": true, "customers": res.Customers, "orders_redacted": res.Orders, "conversations_redacted": res.Conversations})
}

func (s *Server) adminRecordConsent(w http.ResponseWriter, r *http.Request) {
	if s.Privacy == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "privacy requests are not available"))
		return
	}
	var req struct {
		Email          string `json:"email"`
		ConversationID string `json:"conversation_id"`
		Purpose        string `json:"purpose"`
		Granted        *bool  `json:"granted"`
		Source         string `json:"source"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Granted == nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "granted must be true or false"))
		return
	}
	auditTarget(r, "consents/"+req.Purpose)
	c, err := s.Privacy.RecordConsent(r.Context(), req.Email, privacy.Consent{ConversationID: req.ConversationID, Purpose: req.Purpose, Granted: *req.Granted, Source: req.Source})
	if err != nil {
		writeError(w, r, privacyError(err))
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func privacyError(err error) error {
	if errors.Is(err, privacy.ErrInvalid) {
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error())
	}
	return err
}

// maskEmail keeps an e-mail recognisable to the person who knows it without
// spelling it out: "a***@example.com".
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(strings.TrimSpace(email), "@")
	if !ok || local == "" {
		return "***"
	}
	return string([]rune(local)[:1]) + "***@" + domain
}
