package httpapi

import (
	"errors"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// ShipmentEvent is a carrier scan in the order JSON.
type ShipmentEvent struct {
	Status     string    `json:"status"`
	Location   string    `json:"location"`
	OccurredAt time.Time `json:"occurred_at"`
}

func shipmentEvents(evs []order.TrackingEvent) []ShipmentEvent {
	out := make([]ShipmentEvent, 0, len(evs))
	for _, e := range evs {
		out = append(out, ShipmentEvent{Status: e.Status, Location: e.Location, OccurredAt: e.At})
	}
	return out
}

// carrierWebhook takes a scan a carrier pushes. The body is
// {"event_id", "tracking_number", "status", "location", "occurred_at"},
// signed in X-Shopkeeper-Signature (see fulfilment.ParseWebhook). A repeated
// event answers 200 and changes nothing.
func (s *Server) carrierWebhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		writeError(w, r, bodyError(err))
		return
	}
	ev, err := fulfilment.ParseWebhook(body, r.Header.Get(fulfilment.SignatureHeader), s.CarrierWebhookSecret, time.Now())
	switch {
	case errors.Is(err, fulfilment.ErrBadSignature):
		writeError(w, r, errorf(http.StatusUnauthorized, "bad_signature", "the %s header does not verify", fulfilment.SignatureHeader))
		return
	case errors.Is(err, fulfilment.ErrStale):
		writeError(w, r, errorf(http.StatusBadRequest, "stale_signature", "the signature timestamp is more than %s from now", fulfilment.WebhookTolerance))
		return
	case err != nil:
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error()))
		return
	}
	fresh, err := s.Orders.ApplyCarrierEvent(r.Context(), r.PathValue("name"), ev)
	if errors.Is(err, order.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no shipment with tracking number %q", ev.TrackingNumber))
		return
	}
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	writeJSON(w, 200, map[string]any{"received": true, "duplicate": !fresh})
}

var trackingPage = template.Must(template.New("track").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}.status{font-size:1.2rem;font-weight:600}ol{list-style:none;padding:0}
li{border-left:3px solid #2a7;padding:.3rem .8rem;margin:.4rem 0}li time{color:#666;font-size:.9rem;display:block}
.muted{color:#666}</style></head><body>
<p class="muted">{{.Shop}}</p><h1>{{.Title}}</h1>
<p class="status">{{.Status}}</p>
{{range .Shipments}}<p>{{.Carrier}} · {{.Tracking}}</p>
<ol>{{range .Events}}<li>{{.What}}{{if .Where}} — {{.Where}}{{end}}<time>{{.When}}</time></li>{{end}}</ol>{{end}}
{{if .Expected}}<p>{{.Expected}}</p>{{end}}
</body></html>`))

type trackingView struct {
	Lang, Title, Shop, Status, Expected string
	Shipments                           []trackingShipment
}

type trackingShipment struct {
	Carrier, Tracking string
	Events            []struct{ What, Where, When string }
}

// trackingPage shows an order's shipments to whoever has the unguessable
// link the bot sent; it names no customer and no address.
func (s *Server) trackingPage(w http.ResponseWriter, r *http.Request) {
	o, err := s.Orders.ByLink(r.Context(), order.LinkTracking, r.PathValue("token"))
	if err != nil {
		if errors.Is(err, order.ErrNotFound) {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		writeError(w, r, err)
		return
	}
	lang := s.pageLanguage(r)
	t := func(key string, args ...any) string { return s.Messages.T(lang, key, args...) }
	v := trackingView{Lang: lang, Shop: s.ShopName, Title: t("aftersale.page.title", "number", o.Number),
		Status: t("aftersale.page.status", "status", t("order.status."+o.Status))}
	loc := s.timeZone()
	for i := len(o.Shipments) - 1; i >= 0; i-- {
		sh := o.Shipments[i]
		ts := trackingShipment{Carrier: sh.Carrier, Tracking: sh.TrackingNumber}
		for j := len(sh.Events) - 1; j >= 0; j-- {
			e := sh.Events[j]
			ts.Events = append(ts.Events, struct{ What, Where, When string }{t("aftersale.scan." + e.Status), e.Location,
				i18n.Day(lang, e.At.In(loc)) + " " + e.At.In(loc).Format("15:04")})
		}
		v.Shipments = append(v.Shipments, ts)
	}
	if o.Status == order.StatusShipped {
		if day, ok := s.Orders.Expected(o); ok {
			v.Expected = t("aftersale.page.expected", "date", i18n.Day(lang, day))
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	trackingPage.Execute(w, v)
}

// pageLanguage is ?lang=, else the browser's first language we speak, else
// the shop's default.
func (s *Server) pageLanguage(r *http.Request) string {
	want := []string{r.URL.Query().Get("lang")}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if base == "no" || base == "nn" {
			base = "nb"
		}
		want = append(want, base)
	}
	for _, w := range want {
		for _, l := range s.Languages {
			if w != "" && w == l {
				return l
			}
		}
	}
	if s.DefaultLanguage != "" {
		return s.DefaultLanguage
	}
	return "en"
}

func (s *Server) timeZone() *time.Location {
	if s.TimeZone != nil {
		return s.TimeZone
	}
	return time.UTC
}
