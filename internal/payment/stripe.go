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

	"github.com/shopkeeper/shopkeeper/internal/order"
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
	if r.StepUp {
		// The fraud checks found the order elevated: ask the card's bank to
		// confirm the shopper (3-D Secure) instead of refusing the sale.
		form.Set("payment_method_options[card][request_three_d_secure]", "any")
	}
	if r.CustomerRef != "" {
		// Checkout shows the shopper a "save my card" box; what they save is
		// offered at their next checkout.
		form.Set("customer", r.CustomerRef)
		form.Set("saved_payment_method_options[payment_method_save]", "enabled")
	} else if r.Email != "" {
		form.Set("customer_email", r.Email)
	}
	var session struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	// Stripe answers a retried request with the same key with the first
	// response, so a retry never opens a second session.
	if err := s.call(ctx, "POST", "/v1/checkout/sessions", form, r.IdempotencyKey, &session); err != nil {
		return "", "", err
	}
	if session.ID == "" || session.URL == "" {
		return "", "", fmt.Errorf("stripe: unexpected checkout session response")
	}
	return session.ID, session.URL, nil
}

// CreateCustomer creates the Stripe customer that saved cards belong to.
func (s *Stripe) CreateCustomer(ctx context.Context, customerID int64, email string) (string, error) {
	form := url.Values{}
	form.Set("email", email)
	form.Set("metadata[shopkeeper_customer]", strconv.FormatInt(customerID, 10))
	var c struct {
		ID string `json:"id"`
	}
	if err := s.call(ctx, "POST", "/v1/customers", form, "customer-"+strconv.FormatInt(customerID, 10), &c); err != nil {
		return "", err
	}
	return c.ID, nil
}

// ListMethods lists the cards a Stripe customer has saved.
func (s *Stripe) ListMethods(ctx context.Context, customerRef string) ([]Method, error) {
	var list struct {
		Data []struct {
			ID   string `json:"id"`
			Card struct {
				Brand string `json:"brand"`
				Last4 string `json:"last4"`
			} `json:"card"`
		} `json:"data"`
	}
	if err := s.call(ctx, "GET", "/v1/customers/"+url.PathEscape(customerRef)+"/payment_methods?type=card", nil, "", &list); err != nil {
		return nil, err
	}
	var out []Method
	for _, d := range list.Data {
		brand := strings.ToUpper(d.Card.Brand[:min(1, len(d.Card.Brand))]) + d.Card.Brand[min(1, len(d.Card.Brand)):]
		out = append(out, Method{Reference: d.ID, Label: strings.TrimSpace(brand + " •••• " + d.Card.Last4)})
	}
	return out, nil
}

// ErrNeedsAction is returned when the bank wants the shopper to confirm a
// saved-card payment (3-D Secure): the payment link is the way then.
var ErrNeedsAction = errors.New("the card needs the shopper's confirmation")

// ChargeSaved confirms a PaymentIntent on a saved card while the shopper is
// in the chat. Redirect-based methods are excluded: there is no page to
// return to.
func (s *Stripe) ChargeSaved(ctx context.Context, r Request, m Method) (string, error) {
	form := url.Values{}
	form.Set("amount", strconv.FormatInt(r.Amount.Amount, 10))
	form.Set("currency", strings.ToLower(r.Amount.Currency))
	form.Set("customer", r.CustomerRef)
	form.Set("payment_method", m.Reference)
	form.Set("confirm", "true")
	form.Set("automatic_payment_methods[enabled]", "true")
	form.Set("automatic_payment_methods[allow_redirects]", "never")
	form.Set("metadata[order_number]", r.OrderNumber)
	var pi struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := s.call(ctx, "POST", "/v1/payment_intents", form, r.IdempotencyKey, &pi); err != nil {
		return "", err
	}
	if pi.Status != "succeeded" {
		return "", fmt.Errorf("%w (payment intent %s is %s)", ErrNeedsAction, pi.ID, pi.Status)
	}
	return pi.ID, nil
}

// Refund gives the money of a payment intent back in full.
func (s *Stripe) Refund(ctx context.Context, paymentIntent string) error {
	form := url.Values{}
	form.Set("payment_intent", paymentIntent)
	var re struct {
		ID string `json:"id"`
	}
	return s.call(ctx, "POST", "/v1/refunds", form, "refund-"+paymentIntent, &re)
}

// call sends one request to Stripe's API and decodes the answer into out.
func (s *Stripe) call(ctx context.Context, method, path string, form url.Values, idempotencyKey string, out any) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base()+path, body)
	if err != nil {
		return err
	}
	req.SetBasicAuth(s.SecretKey, "")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("stripe: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message, Type string } `json:"error"`
		}
		json.Unmarshal(b, &e)
		return fmt.Errorf("stripe: %s %s: %d %s: %s", method, path, resp.StatusCode, e.Error.Type, e.Error.Message)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("stripe: %s %s: %w", method, path, err)
	}
	return nil
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
	ID            string // evt_…, for deduplication
	Type          string
	SessionID     string // the payment's reference
	PaymentIntent string // pi_…, what a refund names
	Outcome       string // "succeeded", "failed" or "" when the event settles nothing
	// Facts are what the event tells about the payment's risk: the billing
	// country of a Checkout session; on a charge, its card and Stripe
	// Radar's outcome.risk_level and risk_score.
	Facts order.PaymentFacts
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
				ID            string          `json:"id"`
				Object        string          `json:"object"`
				PaymentStatus string          `json:"payment_status"`
				PaymentIntent json.RawMessage `json:"payment_intent"`
				// A Checkout session's customer: the billing country.
				CustomerDetails struct {
					Address struct {
						Country string `json:"country"`
					} `json:"address"`
				} `json:"customer_details"`
				stripeCharge
			} `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal(payload, &ev); err != nil {
		return Event{}, fmt.Errorf("stripe webhook: %w", err)
	}
	obj := ev.Data.Object
	e := Event{ID: ev.ID, Type: ev.Type, SessionID: obj.ID, Facts: order.NoFacts}
	// payment_intent is an id, or the object itself when the session was
	// fetched with it expanded; its latest charge carries Radar's verdict.
	var pi struct {
		ID           string       `json:"id"`
		LatestCharge stripeCharge `json:"latest_charge"`
	}
	if json.Unmarshal(obj.PaymentIntent, &e.PaymentIntent) != nil && json.Unmarshal(obj.PaymentIntent, &pi) == nil {
		e.PaymentIntent = pi.ID
		pi.LatestCharge.facts(&e.Facts)
	}
	obj.stripeCharge.facts(&e.Facts)
	if c := obj.CustomerDetails.Address.Country; c != "" {
		e.Facts.BillingCountry = c
	}
	if obj.Object == "payment_intent" {
		// Saved-card charges are confirmed in the chat; their events only repeat it.
		e.PaymentIntent = obj.ID
		return e, nil
	}
	if obj.Object != "checkout.session" {
		return e, nil
	}
	switch ev.Type {
	case "checkout.session.completed":
		// Card payments are paid on completion; delayed methods settle later.
		if obj.PaymentStatus == "paid" || obj.PaymentStatus == "no_payment_required" {
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

// PaymentFacts reads Radar's verdict and the card from a payment intent's
// latest charge: a Checkout session's webhook does not carry them.
func (s *Stripe) PaymentFacts(ctx context.Context, paymentIntent string) (order.PaymentFacts, error) {
	f := order.NoFacts
	var pi struct {
		LatestCharge stripeCharge `json:"latest_charge"`
	}
	if err := s.call(ctx, "GET", "/v1/payment_intents/"+url.PathEscape(paymentIntent)+"?expand%5B%5D=latest_charge", nil, "", &pi); err != nil {
		return f, err
	}
	pi.LatestCharge.facts(&f)
	return f, nil
}

// stripeCharge is the part of a Stripe charge the fraud checks read.
type stripeCharge struct {
	Outcome *struct {
		RiskLevel string `json:"risk_level"`
		RiskScore *int   `json:"risk_score"`
	} `json:"outcome"`
	PaymentMethodDetails struct {
		Card struct {
			Fingerprint string `json:"fingerprint"`
			Country     string `json:"country"`
		} `json:"card"`
	} `json:"payment_method_details"`
	BillingDetails struct {
		Address struct {
			Country string `json:"country"`
		} `json:"address"`
	} `json:"billing_details"`
}

func (c stripeCharge) facts(f *order.PaymentFacts) {
	if c.Outcome != nil {
		f.RiskLevel = c.Outcome.RiskLevel
		if c.Outcome.RiskScore != nil {
			f.RiskScore = *c.Outcome.RiskScore
		}
	}
	if card := c.PaymentMethodDetails.Card; card.Fingerprint != "" {
		f.CardFingerprint, f.CardCountry = card.Fingerprint, card.Country
	}
	if bc := c.BillingDetails.Address.Country; bc != "" {
		f.BillingCountry = bc
	}
}
