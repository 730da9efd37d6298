package payment

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

const whsec = "whsec_test_secret"

func TestStripe_ParseWebhook(t *testing.T) {
	s := &Stripe{WebhookSecret: whsec}
	completed, _ := os.ReadFile("testdata/checkout_session_completed.json")
	expired, _ := os.ReadFile("testdata/checkout_session_expired.json")
	now := time.Unix(1763817600, 0)
	tests := []struct {
		name    string
		payload []byte
		header  string
		outcome string
		err     error
	}{
		{"completed and paid", completed, Sign(whsec, completed, now), StatusSucceeded, nil},
		{"expired", expired, Sign(whsec, expired, now), StatusFailed, nil},
		{"wrong secret", completed, Sign("whsec_other", completed, now), "", ErrBadSignature},
		{"tampered body", []byte(strings.Replace(string(completed), "8995", "1", 1)), Sign(whsec, completed, now), "", ErrBadSignature},
		{"replayed an hour later", completed, Sign(whsec, completed, now.Add(-time.Hour)), "", ErrStale},
		{"no signature", completed, "", "", ErrBadSignature},
		{"rotated secrets: one of two v1 matches", completed, Sign(whsec, completed, now) + ",v1=00ff", StatusSucceeded, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := s.ParseWebhook(tt.payload, tt.header, now)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && (ev.Outcome != tt.outcome || ev.SessionID != "cs_test_a1B2c3D4e5F6g7H8i9J0" || ev.ID == "") {
				t.Errorf("event = %+v", ev)
			}
		})
	}
}

func FuzzStripeParseWebhook(f *testing.F) {
	completed, _ := os.ReadFile("testdata/checkout_session_completed.json")
	f.Add(completed, "t=1,v1=00")
	f.Fuzz(func(t *testing.T, payload []byte, header string) {
		s := &Stripe{WebhookSecret: whsec}
		if _, err := s.ParseWebhook(payload, header, time.Now()); err == nil {
			t.Fatal("an unsigned payload verified")
		}
	})
}

// stripeMock returns the address of a running stripe-mock: STRIPE_MOCK_URL,
// or one started from the stripe-mock binary (scripts/test.sh installs it).
func stripeMock(t *testing.T) string {
	if u := os.Getenv("STRIPE_MOCK_URL"); u != "" {
		return u
	}
	bin, err := exec.LookPath("stripe-mock")
	if err != nil {
		gobin := filepath.Join(os.Getenv("HOME"), "go", "bin", "stripe-mock")
		if _, err2 := os.Stat(gobin); err2 != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("stripe-mock not installed: CI must test Stripe (scripts/test.sh installs it)")
			}
			t.Skip("stripe-mock not installed")
		}
		bin = gobin
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	addr2 := ln2.Addr().String()
	ln2.Close()
	cmd := exec.Command(bin, "-http-addr", addr, "-https-addr", addr2)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("stripe-mock did not start")
	return ""
}

func TestStripe_StartCreatesACheckoutSession(t *testing.T) {
	s := &Stripe{SecretKey: "sk_test_123", APIBase: stripeMock(t)}
	ref, url, err := s.Start(context.Background(), Request{OrderNumber: "1001", Amount: money.MustParse("89.95", "EUR"),
		Email: "ana@example.com", Token: "tok", IdempotencyKey: "order-1001", BaseURL: "http://shop.test"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref, "cs_") || !strings.HasPrefix(url, "https://") {
		t.Errorf("session = %q %q", ref, url)
	}
	bad := &Stripe{SecretKey: "", APIBase: s.APIBase}
	if _, _, err := bad.Start(context.Background(), Request{OrderNumber: "1", Amount: money.MustParse("1.00", "EUR"), IdempotencyKey: "k", BaseURL: "http://shop.test"}); err == nil {
		t.Error("a request without an API key was accepted")
	}
}

func TestStripe_CustomersSavedCardsAndRefundsAgainstStripeMock(t *testing.T) {
	s := &Stripe{SecretKey: "sk_test_123", APIBase: stripeMock(t)}
	ctx := context.Background()
	cus, err := s.CreateCustomer(ctx, 7, "ana@example.com")
	if err != nil || !strings.HasPrefix(cus, "cus_") {
		t.Fatalf("customer = %q, %v", cus, err)
	}
	methods, err := s.ListMethods(ctx, cus)
	if err != nil || len(methods) == 0 || !strings.HasPrefix(methods[0].Reference, "pm_") || !strings.Contains(methods[0].Label, "••••") {
		t.Fatalf("methods = %+v, %v", methods, err)
	}
	ref, url, err := s.Start(ctx, Request{OrderNumber: "1002", Amount: money.MustParse("10.00", "EUR"), Token: "tok",
		IdempotencyKey: "order-1002", BaseURL: "http://shop.test", CustomerRef: cus})
	if err != nil || ref == "" || url == "" {
		t.Fatalf("session for a known customer: %q %q %v", ref, url, err)
	}
	if err := s.Refund(ctx, "pi_123"); err != nil {
		t.Fatalf("refund: %v", err)
	}
	// stripe-mock answers every PaymentIntent as requires_payment_method: the
	// shopper's bank wants a confirmation, so the payment link is the way.
	if _, err := s.ChargeSaved(ctx, Request{OrderNumber: "1003", Amount: money.MustParse("10.00", "EUR"), IdempotencyKey: "k3", CustomerRef: cus}, methods[0]); !errors.Is(err, ErrNeedsAction) {
		t.Fatalf("charge saved on stripe-mock: %v, want ErrNeedsAction", err)
	}
}

// A saved-card charge that the bank accepts, as Stripe answers it.
func TestStripe_ChargeSavedSucceeds(t *testing.T) {
	var got url.Values
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		got = r.PostForm
		if r.URL.Path != "/v1/payment_intents" || r.Header.Get("Idempotency-Key") != "order-1004-saved" {
			http.Error(w, `{"error": {"type": "invalid_request_error", "message": "unexpected"}}`, 400)
			return
		}
		w.Write([]byte(`{"id": "pi_3QyAbC", "object": "payment_intent", "status": "succeeded", "amount": 8995, "currency": "eur"}`))
	}))
	defer fake.Close()
	s := &Stripe{SecretKey: "sk_test_123", APIBase: fake.URL}
	ref, err := s.ChargeSaved(context.Background(), Request{OrderNumber: "1004", Amount: money.MustParse("89.95", "EUR"), IdempotencyKey: "order-1004-saved", CustomerRef: "cus_1"},
		Method{Reference: "pm_1"})
	if err != nil || ref != "pi_3QyAbC" {
		t.Fatalf("= %q, %v", ref, err)
	}
	if got.Get("amount") != "8995" || got.Get("customer") != "cus_1" || got.Get("payment_method") != "pm_1" || got.Get("confirm") != "true" {
		t.Errorf("form = %v", got)
	}
}

func TestStripe_WebhookAndChargeCarryRiskFacts(t *testing.T) {
	s := &Stripe{WebhookSecret: whsec}
	now := time.Unix(1763817600, 0)
	charge := `{"outcome":{"risk_level":"elevated","risk_score":71},"payment_method_details":{"card":{"fingerprint":"fp_abc","country":"US"}},"billing_details":{"address":{"country":"US"}}}`
	tests := []struct {
		name    string
		payload string
		want    order.PaymentFacts
	}{
		{"a session: billing country only",
			`{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"id":"cs_1","object":"checkout.session","payment_status":"paid","payment_intent":"pi_1","customer_details":{"address":{"country":"NL"}}}}}`,
			order.PaymentFacts{BillingCountry: "NL", RiskScore: -1}},
		{"a session with its payment intent expanded",
			`{"id":"evt_2","type":"checkout.session.completed","data":{"object":{"id":"cs_2","object":"checkout.session","payment_status":"paid","payment_intent":{"id":"pi_2","latest_charge":` + charge + `}}}}`,
			order.PaymentFacts{CardFingerprint: "fp_abc", CardCountry: "US", BillingCountry: "US", RiskLevel: "elevated", RiskScore: 71}},
		{"a charge event", `{"id":"evt_3","type":"charge.succeeded","data":{"object":` + strings.Replace(charge, "{", `{"id":"ch_3","object":"charge",`, 1) + `}}`,
			order.PaymentFacts{CardFingerprint: "fp_abc", CardCountry: "US", BillingCountry: "US", RiskLevel: "elevated", RiskScore: 71}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := s.ParseWebhook([]byte(tt.payload), Sign(whsec, []byte(tt.payload), now), now)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Facts != tt.want {
				t.Errorf("facts = %+v, want %+v", ev.Facts, tt.want)
			}
		})
	}
	if ev, _ := s.ParseWebhook([]byte(tests[1].payload), Sign(whsec, []byte(tests[1].payload), now), now); ev.PaymentIntent != "pi_2" {
		t.Errorf("expanded payment intent id = %q", ev.PaymentIntent)
	}

	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/payment_intents/pi_9" || r.URL.Query().Get("expand[]") != "latest_charge" {
			http.Error(w, `{"error":{"message":"no such path"}}`, 404)
			return
		}
		w.Write([]byte(`{"id":"pi_9","latest_charge":` + charge + `}`))
	}))
	defer api.Close()
	f, err := (&Stripe{SecretKey: "sk_test", APIBase: api.URL}).PaymentFacts(context.Background(), "pi_9")
	if err != nil || f.RiskLevel != "elevated" || f.RiskScore != 71 || f.CardFingerprint != "fp_abc" {
		t.Errorf("PaymentFacts = %+v, %v", f, err)
	}
}
