package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/invoice"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// invoicePDF serves a paid order's invoice at its unguessable address
// /documents/invoices/{token}.pdf.
func (s *Server) invoicePDF(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok {
		http.NotFound(w, r)
		return
	}
	o, err := s.Orders.ByLink(r.Context(), order.LinkInvoice, token)
	if errors.Is(err, order.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	lang := s.pageLanguage(r)
	shop := s.Invoice
	if shop.Name == "" {
		shop.Name = s.ShopName
	}
	b, err := invoice.Render(o, shop, lang, time.Now().In(s.timeZone()), func(key string, args ...any) string { return s.Messages.T(lang, key, args...) })
	if errors.Is(err, order.ErrNotPaid) {
		writeError(w, r, errorf(http.StatusConflict, "not_paid", "order %s is not paid; it has no invoice", o.Number))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+invoice.Number(o)+`.pdf"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(b)
}
