package payment

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Stripe takes payments with Stripe Checkout Sessions, speaking Stripe's
// documented form-encoded API: POST /v1/checkout/sessions with an
// Idempotency-Key, results through signed webhooks.
type Stripe struct {
	SecretKey     string // sk_live_… / sk_test_…
	WebhookSecret string // whsec_…, verifies the Stripe-Signature header
	APIBase       string // https://api.stripe.com; a stripe-mock address in tests
	Client        *http.Client
	// Tolerance is how old a signed webhook may be (replay protection).
	Tolerance time.Duration
}

// Name is "stripe".
func (s *Stripe) Name() string { return "stripe" }

// Start creates a Checkout Session for the order's total and returns its id
// and hosted payment page.
func (s *Stripe) Start(ctx context.Context, r Request) (string, string, error) {
	form := url.Values{}
	form.Set("mode", "payment")
	form.Set("client_reference_id", r.OrderNumber)
	form.Set("metadata[order_number]", r.OrderNumber)
	form.Set("line_items[0][quantity]", "1")
	form.Set("line_items[0][price_data][currency]", strings.ToLower(r.Amount.Currency))
	form.Set("line_items[0][price_data][unit_amount]", strconv.FormatInt(r.Amount.Amount, 10))
	form.Set("line_items[0][price_data][product_data][name]", "Order "+r.OrderNumber)
	form.Set("success_url", r.BaseURL+"/pay/"+r.Token+"?result=success")
	form.Set("cancel_url", r.BaseURL+"/pay/"+r.Token+"?result=cancel")
	if r.Email != "" {
		form.Set("customer_email", r.Email)
	}
	req, err := http.NewRequestWithContext(ctx, "POST", s.base()+"/v1/checkout/sessions", strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", err
	}
	req.SetBasicAuth(s.SecretKey, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// Stripe answers a retried request with the same key with the first
	// response, so a retry never opens a second session.
	req.Header.Set("Idempotency-Key", r.IdempotencyKey)
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", "", fmt.Errorf("stripe: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message, Type string } `json:"error"`
		}
		json.Unmarshal(body, &e)
		return "", "", fmt.Errorf("stripe: %d %s: %s", resp.StatusCode, e.Error.Type, e.Error.Message)
	}
	var session struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	if err := json.Unmarshal(body, &session); err != nil || session.ID == "" || session.URL == "" {
		return "", "", fmt.Errorf("stripe: unexpected checkout session response")
	}
	return session.ID, session.URL, nil
}

func (s *Stripe) base() string {
	if s.APIBase != "" {
		return strings.TrimRight(s.APIBase, "/")
	}
	return "https://api.stripe.com"
}

// Webhook errors.
var (
	ErrBadSignature = errors.New("stripe webhook signature does not verify")
	ErrStale        = errors.New("stripe webhook timestamp is too old")
)

// Event is what a verified Stripe webhook means for a payment.
type Event struct {
	ID        string // evt_…, for deduplication
	Type      string
	SessionID string // the payment's reference
	Outcome   string // "succeeded", "failed" or "" when the event settles nothing
}

// ParseWebhook verifies the Stripe-Signature header over the raw payload
// (HMAC-SHA256 of "timestamp.payload" with the signing secret; any v1
// signature may match, which allows secret rotation) and decodes the event.
func (s *Stripe) ParseWebhook(payload []byte, header string, now time.Time) (Event, error) {
	var ts int64
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts, _ = strconv.ParseInt(v, 10, 64)
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts == 0 || len(sigs) == 0 {
		return Event{}, ErrBadSignature
	}
	mac := hmac.New(sha256.New, []byte(s.WebhookSecret))
	fmt.Fprintf(mac, "%d.", ts)
	mac.Write(payload)
	want := mac.Sum(nil)
	ok := false
	for _, sig := range sigs {
		got, err := hex.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return Event{}, ErrBadSignature
	}
	tol := s.Tolerance
	if tol == 0 {
		tol = 5 * time.Minute
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tol || d < -tol {
		return Event{}, ErrStale
	}
	var ev struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		Data struct {
			Object struct {
				ID            string `json:"id"`
				Object        string `json:"object"`
				PaymentStatus string `json:"payment_status"`
			} `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal(payload, &ev); err != nil {
		return Event{}, fmt.Errorf("stripe webhook: %w", err)
	}
	e := Event{ID: ev.ID, Type: ev.Type, SessionID: ev.Data.Object.ID}
	if ev.Data.Object.Object != "checkout.session" {
		return e, nil
	}
	switch ev.Type {
	case "checkout.session.completed":
		// Card payments are paid on completion; delayed methods settle later.
		if ev.Data.Object.PaymentStatus == "paid" || ev.Data.Object.PaymentStatus == "no_payment_required" {
			e.Outcome = StatusSucceeded
		}
	case "checkout.session.async_payment_succeeded":
		e.Outcome = StatusSucceeded
	case "checkout.session.async_payment_failed", "checkout.session.expired":
		e.Outcome = StatusFailed
	}
	return e, nil
}

// Sign computes a Stripe-Signature header for payload; tests use it to send
// webhooks the way Stripe does.
func Sign(secret string, payload []byte, t time.Time) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", t.Unix())
	mac.Write(payload)
	return fmt.Sprintf("t=%d,v1=%s", t.Unix(), hex.EncodeToString(mac.Sum(nil)))
}
