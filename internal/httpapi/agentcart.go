package httpapi

import (
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// agentCartSet sets a line of the shopper's cart ({"quantity": n}; 0
// removes it).
func (s *Server) agentCartSet(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		Quantity *int `json:"quantity"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Quantity == nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "quantity is required"))
		return
	}
	s.agentCartEdit(w, r, a, inbox.CartEdit{SKU: r.PathValue("sku"), Quantity: *req.Quantity})
}

// agentCartRemove takes a line out of the shopper's cart.
func (s *Server) agentCartRemove(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	s.agentCartEdit(w, r, a, inbox.CartEdit{SKU: r.PathValue("sku")})
}

// agentCartAdd adds a variant by SKU ({"sku": "...", "quantity": n},
// quantity 1 when left out).
func (s *Server) agentCartAdd(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Quantity == 0 {
		req.Quantity = 1
	}
	s.agentCartEdit(w, r, a, inbox.CartEdit{SKU: req.SKU, Quantity: req.Quantity, Add: true})
}

func (s *Server) agentCartEdit(w http.ResponseWriter, r *http.Request, a *inbox.Agent, e inbox.CartEdit) {
	ct, m, err := s.Inbox.EditCart(r.Context(), a, r.PathValue("id"), e, s.Messages)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cart": s.cartJSON(r.Context(), ct, ct.CustomerID), "message": m})
}
