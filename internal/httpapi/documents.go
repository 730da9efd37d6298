package httpapi

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/invoice"
	"github.com/shopkeeper/shopkeeper/internal/links"
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
	if !s.linkValid(w, r) {
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

// docLink is the link to a document at path, signed to expire.
func (s *Server) docLink(path string) string {
	if s.Links == nil {
		return path
	}
	return s.Links.Sign(path)
}

var linkPage = template.Must(template.New("link").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#1d2330}
main{background:#fff;border-radius:14px;box-shadow:0 6px 30px rgba(0,0,0,.08);padding:32px;max-width:420px;width:calc(100% - 48px)}h1{font-size:1.3rem;margin:0 0 8px}</style>
</head><body><main><h1>{{.Title}}</h1><p id="result">{{.Message}}</p></main></body></html>`))

// linkValid checks a document link's signature and expiry. An expired link
// answers 410 and an altered or unsigned one 403, each with a page telling
// the shopper to ask the chat again (which signs a fresh link).
func (s *Server) linkValid(w http.ResponseWriter, r *http.Request) bool {
	if s.Links == nil {
		return true
	}
	err := s.Links.Check(r.URL.Path, r.URL.Query())
	if err == nil {
		return true
	}
	lang := s.pageLanguage(r)
	status, key := http.StatusForbidden, "links.invalid"
	if errors.Is(err, links.ErrExpired) {
		status, key = http.StatusGone, "links.expired"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	linkPage.Execute(w, struct{ Lang, Title, Message string }{lang, s.Messages.T(lang, "links.title"), s.Messages.T(lang, key)})
	return false
}
