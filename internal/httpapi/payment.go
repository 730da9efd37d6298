package httpapi

import (
	"context"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
)

// Payments is the payment service as the payment page needs it.
type Payments interface {
	ByToken(ctx context.Context, token string) (*payment.Payment, error)
	Complete(ctx context.Context, ref string, succeeded bool, eventID string) (*order.Order, error)
	CompleteWith(ctx context.Context, ref string, succeeded bool, eventID string, f order.PaymentFacts) (*order.Order, error)
	SaveMethod(ctx context.Context, m payment.Method) error
	MayKeepMethods(ctx context.Context, o *order.Order) bool
}

var payPage = template.Must(template.New("pay").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#1d2330}
main{background:#fff;border-radius:14px;box-shadow:0 6px 30px rgba(0,0,0,.08);padding:32px;max-width:420px;width:calc(100% - 48px)}
h1{font-size:1.3rem;margin:0 0 8px}.total{font-size:2rem;font-weight:700;margin:16px 0}
.note{color:#5b6475;font-size:.9rem}button{display:block;width:100%;padding:14px;border:0;border-radius:10px;font-size:1rem;margin-top:12px;cursor:pointer}
.pay{background:#1f6feb;color:#fff}.fail{background:#eef0f3;color:#1d2330}
</style></head><body><main>
<h1>{{.Title}}</h1>
{{if .Message}}<p id="result">{{.Message}}</p>{{else}}
<div class="total" id="total">{{.Total}}</div>
<p class="note">{{.Note}}</p>
<form method="post"><input type="hidden" name="outcome" value="succeeded">
<label class="note"><input type="checkbox" name="save_card" id="save_card"> {{.Save}}</label>
<button class="pay" id="pay">{{.Pay}}</button></form>
<form method="post"><input type="hidden" name="outcome" value="failed"><button class="fail" id="fail">{{.Fail}}</button></form>
{{end}}
</main></body></html>`))

type payView struct {
	Lang, Title, Total, Note, Pay, Fail, Save, Message string
}

func (s *Server) payLang(r *http.Request) string {
	return s.language(r.URL.Query().Get("lang"))
}

func (s *Server) paymentPage(w http.ResponseWriter, r *http.Request) {
	lang := s.payLang(r)
	p, err := s.Payments.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.payError(w, r, lang, err)
		return
	}
	v := payView{Lang: lang, Title: s.Messages.T(lang, "paypage.title", "number", p.OrderNumber)}
	if p.Gateway == "test" && p.Status == payment.StatusPending && !s.TestGateway {
		s.testGatewayOff(w, r, v)
		return
	}
	switch p.Status {
	case payment.StatusSucceeded:
		v.Message = s.Messages.T(lang, "paypage.paid", "number", p.OrderNumber)
	case payment.StatusFailed:
		v.Message = s.Messages.T(lang, "paypage.failed", "number", p.OrderNumber)
	case payment.StatusPending:
		if s.Orders != nil {
			// A link whose order was superseded (the cart changed) or ran
			// out of time no longer shows a button that would be refused.
			if o, err := s.Orders.ByNumber(r.Context(), p.OrderNumber); err == nil && o.Status == order.StatusCancelled {
				v.Message = s.Messages.T(lang, "paypage.expired")
				break
			}
		}
		if p.Gateway != "test" {
			// Back from the gateway's page; the webhook settles the order.
			v.Message = s.Messages.T(lang, "paypage.processing", "number", p.OrderNumber)
			break
		}
		fallthrough
	default:
		total := i18n.Money(lang, p.Amount)
		v.Total, v.Note = total, s.Messages.T(lang, "paypage.test_note")
		v.Pay, v.Fail = s.Messages.T(lang, "paypage.pay", "total", total), s.Messages.T(lang, "paypage.fail")
		v.Save = s.Messages.T(lang, "paypage.save_card")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	payPage.Execute(w, v)
}

// payOutcome settles a test payment: outcome=succeeded or outcome=failed.
// Posting twice (a double tap) changes nothing the second time.
func (s *Server) payOutcome(w http.ResponseWriter, r *http.Request) {
	lang := s.payLang(r)
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		writeError(w, r, errorf(http.StatusBadRequest, "invalid_form", "send outcome=succeeded or outcome=failed as a form"))
		return
	}
	outcome := r.PostForm.Get("outcome")
	if outcome != "succeeded" && outcome != "failed" {
		writeError(w, r, errorf(http.StatusBadRequest, "invalid_outcome", "outcome must be succeeded or failed"))
		return
	}
	p, err := s.Payments.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.payError(w, r, lang, err)
		return
	}
	if p.Gateway != "test" {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such payment"))
		return
	}
	if !s.TestGateway {
		// Switched off since this payment started (the shop moved to a
		// real gateway): the free test page must not settle it.
		s.testGatewayOff(w, r, payView{Lang: lang, Title: s.Messages.T(lang, "paypage.title", "number", p.OrderNumber)})
		return
	}
	o, err := s.Payments.Complete(r.Context(), p.Reference, outcome == "succeeded", "")
	if err == nil && o != nil && outcome == "succeeded" && r.PostForm.Get("save_card") != "" && s.Payments.MayKeepMethods(r.Context(), o) {
		// The test gateway's saved card: later checkouts offer "Pay with test card".
		if err := s.Payments.SaveMethod(r.Context(), payment.Method{CustomerID: o.CustomerID, Reference: "pm_test_4242",
			Label: s.Messages.T(lang, "payment.test_card")}); err != nil {
			slog.ErrorContext(r.Context(), "save test card", "err", err)
		}
	}
	v := payView{Lang: lang, Title: s.Messages.T(lang, "paypage.title", "number", p.OrderNumber)}
	status := http.StatusOK
	switch {
	case errors.Is(err, order.ErrReservationExpired):
		v.Message, status = s.Messages.T(lang, "paypage.expired"), http.StatusConflict
	case err != nil:
		writeError(w, r, err)
		return
	case outcome == "succeeded":
		v.Message = s.Messages.T(lang, "paypage.paid", "number", p.OrderNumber)
	default:
		v.Message = s.Messages.T(lang, "paypage.failed", "number", p.OrderNumber)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	payPage.Execute(w, v)
}

// testGatewayOff answers a test payment page while the test gateway is off:
// 410, the shopper told to check out again, nothing settled.
func (s *Server) testGatewayOff(w http.ResponseWriter, r *http.Request, v payView) {
	v.Message = s.Messages.T(v.Lang, "paypage.unavailable")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusGone)
	payPage.Execute(w, v)
}

func (s *Server) payError(w http.ResponseWriter, r *http.Request, lang string, err error) {
	if errors.Is(err, payment.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such payment"))
		return
	}
	writeError(w, r, err)
}

// StripeWebhooks verifies and reads Stripe's webhook deliveries.
type StripeWebhooks interface {
	ParseWebhook(payload []byte, header string, now time.Time) (payment.Event, error)
	Refund(ctx context.Context, paymentIntent string) error
}

// stripeWebhook applies a verified Stripe event once. Stripe retries until it
// gets a 2xx, so events that settle nothing are acknowledged too.
func (s *Server) stripeWebhook(w http.ResponseWriter, r *http.Request) {
	if s.Stripe == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "Stripe is not configured"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, "payload_too_large", "webhook body too large"))
		return
	}
	ev, err := s.Stripe.ParseWebhook(body, r.Header.Get("Stripe-Signature"), time.Now())
	if err != nil {
		writeError(w, r, errorf(http.StatusBadRequest, "bad_signature", "%s", err.Error()))
		return
	}
	if ev.Outcome == "" {
		writeJSON(w, http.StatusOK, map[string]bool{"received": true})
		return
	}
	facts := ev.Facts
	if pf, ok := s.Stripe.(interface {
		PaymentFacts(ctx context.Context, paymentIntent string) (order.PaymentFacts, error)
	}); ok && ev.Outcome == payment.StatusSucceeded && ev.PaymentIntent != "" && facts.RiskLevel == "" {
		// Radar's verdict is on the charge, which the session's event does
		// not carry; without it the other checks still run.
		if f, err := pf.PaymentFacts(r.Context(), ev.PaymentIntent); err != nil {
			slog.WarnContext(r.Context(), "read the payment's risk from Stripe", "session", ev.SessionID, "err", err)
		} else {
			if f.BillingCountry == "" {
				f.BillingCountry = facts.BillingCountry
			}
			facts = f
		}
	}
	_, err = s.Payments.CompleteWith(r.Context(), ev.SessionID, ev.Outcome == payment.StatusSucceeded, ev.ID, facts)
	switch {
	case errors.Is(err, payment.ErrNotFound):
		// Not a session of ours (another integration on the same account).
		writeJSON(w, http.StatusOK, map[string]bool{"received": true})
	case errors.Is(err, order.ErrReservationExpired):
		// Paid after the reservation ran out and the stock went back on the
		// shelf: give the money back rather than sell what may be gone.
		if ev.PaymentIntent != "" {
			if err := s.Stripe.Refund(r.Context(), ev.PaymentIntent); err != nil {
				writeError(w, r, err) // 5xx: Stripe retries, and the refund with it
				return
			}
		}
		slog.WarnContext(r.Context(), "payment for an expired order refunded", "session", ev.SessionID)
		writeJSON(w, http.StatusOK, map[string]bool{"received": true})
	case err != nil:
		writeError(w, r, err) // 5xx: Stripe retries later
	default:
		writeJSON(w, http.StatusOK, map[string]bool{"received": true})
	}
}
