package httpapi

import (
	"net/http"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"

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

// agentProducts searches the catalogue for the console (products shoppers
// can buy, at most 10), so an agent can send one as a card.
func (s *Server) agentProducts(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := []Product{}
	if q != "" {
		res, err := s.Catalog.Search(r.Context(), catalog.Query{Text: q, Limit: 10})
		if err != nil {
			writeError(w, r, err)
			return
		}
		for _, p := range res.Products {
			out = append(out, productJSON(p))
		}
	}
	writeJSON(w, 200, map[string]any{"products": out})
}

// agentSendProduct sends one product card ({"handle": "..."}) as the agent.
func (s *Server) agentSendProduct(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		Handle string `json:"handle"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	m, err := s.Inbox.SendProduct(r.Context(), a, r.PathValue("id"), req.Handle)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"message": m})
}
