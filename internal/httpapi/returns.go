package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// ReturnRef is a return as an order lists it (the contract's shape).
type ReturnRef struct {
	ID       string       `json:"id"`
	Kind     string       `json:"kind"`
	Status   string       `json:"status"`
	Items    []ReturnItem `json:"items"`
	LabelURL string       `json:"label_url,omitempty"`
}

// ReturnItem is one line of a return.
type ReturnItem struct {
	SKU         string `json:"sku"`
	Quantity    int    `json:"quantity"`
	Title       string `json:"title,omitempty"`
	ExchangeSKU string `json:"exchange_sku,omitempty"`
}

// Return is a return as the admin API shows it.
type Return struct {
	ID           string          `json:"id"`
	OrderNumber  string          `json:"order_number"`
	Kind         string          `json:"kind"`
	Status       string          `json:"status"`
	Reason       string          `json:"reason"`
	Note         string          `json:"note,omitempty"`
	Method       string          `json:"method"`
	Pickup       *returns.Window `json:"pickup,omitempty"`
	Items        []ReturnItem    `json:"items"`
	LabelURL     string          `json:"label_url"`
	Refund       *ReturnRefund   `json:"refund,omitempty"`
	RejectReason string          `json:"reject_reason,omitempty"`
	ReceivedAt   *time.Time      `json:"received_at,omitempty"`
	CreatedAt    time.Time       `json:"created_at"`
}

// ReturnRefund is the money a return gave back.
type ReturnRefund struct {
	Amount    money.Money `json:"amount"`
	Reference string      `json:"reference,omitempty"`
	At        *time.Time  `json:"at,omitempty"`
}

// labelPath is where a return's label is served; the token is its secret.
func labelPath(token string) string { return "/documents/labels/" + token + ".pdf" }

// orderReturns lists an order's returns. Label links are site-relative
// and signed afresh (sign is nil where no link is wanted signed).
func orderReturns(o *order.Order, sign func(string) string) []ReturnRef {
	out := []ReturnRef{}
	for _, r := range o.Returns {
		ref := ReturnRef{ID: r.ID, Kind: r.Kind, Status: r.Status, Items: []ReturnItem{}}
		if r.LabelToken != "" {
			ref.LabelURL = labelPath(r.LabelToken)
			if sign != nil {
				ref.LabelURL = sign(ref.LabelURL)
			}
		}
		for _, l := range r.Lines {
			ref.Items = append(ref.Items, ReturnItem{SKU: l.SKU, Quantity: l.Quantity})
		}
		out = append(out, ref)
	}
	return out
}

func (s *Server) returnJSON(r *http.Request, rt *returns.Return) Return {
	out := Return{ID: rt.ID, OrderNumber: rt.OrderNumber, Kind: rt.Kind, Status: rt.Status, Reason: rt.Reason, Note: rt.Note,
		Method: rt.Method, Pickup: rt.Pickup, Items: []ReturnItem{}, RejectReason: rt.RejectReason, ReceivedAt: rt.ReceivedAt,
		CreatedAt: rt.CreatedAt, LabelURL: s.BaseURL() + s.docLink(labelPath(rt.LabelToken))}
	for _, l := range rt.Lines {
		out.Items = append(out.Items, ReturnItem{SKU: l.SKU, Quantity: l.Quantity, Title: l.Title, ExchangeSKU: l.ExchangeSKU})
	}
	if rt.Status == returns.StatusRefunded {
		out.Refund = &ReturnRefund{Amount: rt.Refund, Reference: rt.RefundReference, At: rt.RefundedAt}
	}
	return out
}

func (s *Server) adminReturns(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 50, 1000)
	if err != nil {
		writeError(w, r, err)
		return
	}
	rs, err := s.Returns.List(r.Context(), returns.Filter{Status: strings.TrimSpace(r.URL.Query().Get("status")), Limit: limit})
	if err != nil {
		writeError(w, r, returnError(err))
		return
	}
	out := make([]Return, 0, len(rs))
	for i := range rs {
		out = append(out, s.returnJSON(r, &rs[i]))
	}
	writeJSON(w, 200, map[string]any{"returns": out})
}

func (s *Server) adminReturn(w http.ResponseWriter, r *http.Request) {
	rt, err := s.Returns.ByID(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, returnError(err))
		return
	}
	writeJSON(w, 200, s.returnJSON(r, rt))
}

// adminReceiveReturn is the warehouse scanning the parcel in: a repeated
// scan answers the same return and refunds nothing more.
func (s *Server) adminReceiveReturn(w http.ResponseWriter, r *http.Request) {
	rt, err := s.Returns.Receive(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, returnError(err))
		return
	}
	writeJSON(w, 200, s.returnJSON(r, rt))
}

func (s *Server) adminRejectReturn(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
			writeError(w, r, err)
			return
		}
	}
	rt, err := s.Returns.Reject(r.Context(), r.PathValue("id"), req.Reason)
	if err != nil {
		writeError(w, r, returnError(err))
		return
	}
	writeJSON(w, 200, s.returnJSON(r, rt))
}

// returnLabel serves a label PDF to whoever holds its unguessable link;
// unknown tokens get the same 404 as any missing page.
func (s *Server) returnLabel(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such document"))
		return
	}
	if !s.linkValid(w, r) {
		return
	}
	rt, err := s.Returns.ByLabel(r.Context(), token)
	if err != nil {
		writeError(w, r, returnError(err))
		return
	}
	from := ""
	if o, err := s.Orders.ByNumber(r.Context(), rt.OrderNumber); err == nil {
		from = senderLines(o.ShippingAddress)
	}
	lang := rt.Language
	if lang == "" {
		lang = "en"
	}
	m := s.Messages
	body, err := s.Returns.Policy().Label(rt, returns.LabelInfo{ShopName: s.ShopName, From: from,
		URL: s.BaseURL() + s.docLink(labelPath(rt.LabelToken)),
		Words: returns.LabelWords{Title: m.T(lang, "returns.label.title"), Order: m.T(lang, "returns.label.order", "number", rt.OrderNumber, "id", rt.ID),
			From: m.T(lang, "returns.label.from"), To: m.T(lang, "returns.label.to"), Hint: m.T(lang, "returns.label.hint")}})
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="return-`+rt.ID+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func senderLines(a address.Address) string {
	parts := []string{}
	for _, p := range []string{a.Name, a.Line1, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func returnError(err error) error {
	switch {
	case errors.Is(err, returns.ErrNotFound), errors.Is(err, order.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no such return")
	case errors.Is(err, returns.ErrState):
		return errorf(http.StatusConflict, "conflict", "%s", err.Error())
	case errors.Is(err, returns.ErrRefused):
		return errorf(http.StatusUnprocessableEntity, "return_refused", "%s", err.Error())
	case errors.Is(err, returns.ErrInvalid):
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error())
	case errors.Is(err, catalog.ErrOutOfStock):
		return errorf(http.StatusConflict, "out_of_stock", "%s", err.Error())
	case errors.Is(err, returns.ErrRefundFailed):
		// The parcel is recorded as received; posting receive again retries
		// the refund, which the gateway's idempotency key keeps single.
		return errorf(http.StatusBadGateway, "refund_failed", "the return is received but the payment gateway did not refund it yet; send receive again to retry")
	}
	return err
}
