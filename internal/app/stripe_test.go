package app_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const whsec = "whsec_app_test"

// runStripeMock starts stripe-mock on loopback (scripts/test.sh installs it).
func runStripeMock(t *testing.T) string {
	bin, err := exec.LookPath("stripe-mock")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("stripe-mock not installed")
		}
		t.Skip("stripe-mock not installed")
	}
	free := func() string {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		defer ln.Close()
		return ln.Addr().String()
	}
	addr := free()
	cmd := exec.Command(bin, "-http-addr", addr, "-https-addr", free())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("stripe-mock did not start")
	return ""
}

// With Stripe configured, checkout in the chat sends a Stripe Checkout link,
// and Stripe's signed webhook confirms the order once.
func TestStripe_CheckoutPaidByWebhook(t *testing.T) {
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true // shoppers can prove who they are
	cfg.DB, cfg.Demo, cfg.AdminKey = storetest.SQLiteDSN(t), true, adminKey
	cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase = "sk_test_123", whsec, runStripeMock(t)
	s := openShop(t, cfg)
	a := s.app
	var conv struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("ola@example.com", "")}, &conv)
	send := func(body map[string]string) []message {
		var out struct{ Messages []message }
		s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, body, &out)
		return out.Messages
	}
	send(map[string]string{"payload": "add:" + inStockSKU(t, s)})
	send(map[string]string{"payload": "checkout"})
	send(map[string]string{"text": "Ola Nordmann, Karl Johans gate 5, 0154 Oslo, Norway"})
	out := send(map[string]string{"payload": "ship:standard"})
	var link string
	for _, m := range out {
		if m.Type == "link" && m.Purpose == "payment" {
			link = m.URL
		}
	}
	if !strings.HasPrefix(link, "https://checkout.stripe.com/") {
		t.Fatalf("payment link = %q", link)
	}
	placed, err := a.Orders.List(context.Background(), order.Filter{Email: "ola@example.com", Limit: 10})
	if err != nil || len(placed) != 1 {
		t.Fatalf("placed orders = %v, %v", placed, err)
	}
	p, err := a.DB.OpenPaymentForOrder(context.Background(), placed[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	ref := p.Reference

	event := []byte(`{"id": "evt_app_1", "object": "event", "type": "checkout.session.completed",
  "data": {"object": {"id": "` + ref + `", "object": "checkout.session", "payment_status": "paid", "payment_intent": "pi_app_1"}}}`)
	for i := 0; i < 2; i++ { // Stripe delivers at least once
		req, _ := http.NewRequest("POST", s.url+"/api/v1/webhooks/stripe", bytes.NewReader(event))
		req.Header.Set("Stripe-Signature", payment.Sign(whsec, event, time.Now()))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("webhook: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	req, _ := http.NewRequest("POST", s.url+"/api/v1/webhooks/stripe", bytes.NewReader(event))
	req.Header.Set("Stripe-Signature", payment.Sign("whsec_forged", event, time.Now()))
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 400 {
		t.Errorf("a forged webhook got %d", resp.StatusCode)
	}
	var orders struct {
		Orders []struct {
			PaymentStatus string `json:"payment_status"`
		}
	}
	s.do("GET", "/api/v1/admin/orders?email=ola@example.com", adminKey, "", nil, &orders)
	if len(orders.Orders) != 1 || orders.Orders[0].PaymentStatus != "paid" {
		t.Fatalf("orders = %+v", orders)
	}
	var hist struct{ Messages []message }
	s.do("GET", "/api/v1/conversations/"+conv.ID+"/messages?after=0", conv.Token, "", nil, &hist)
	n := 0
	for _, m := range hist.Messages {
		if strings.Contains(m.Text, "is paid") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d confirmations, want 1", n)
	}

	// A second order whose reservation runs out before Stripe's webhook
	// arrives: the stock goes back, and the late payment is refunded (at
	// stripe-mock) instead of confirming an order whose items may be gone.
	send(map[string]string{"payload": "add:" + inStockSKU(t, s)})
	send(map[string]string{"payload": "checkout"})
	send(map[string]string{"payload": "addr:0"})
	send(map[string]string{"payload": "ship:standard"})
	placed, _ = a.Orders.List(context.Background(), order.Filter{Email: "ola@example.com", Limit: 10})
	if len(placed) != 2 {
		t.Fatalf("orders = %d, want 2", len(placed))
	}
	late := placed[1]
	p2, err := a.DB.OpenPaymentForOrder(context.Background(), late.ID)
	if err != nil {
		t.Fatal(err)
	}
	if expired, err := a.Orders.ExpireReservations(context.Background(), time.Now().Add(time.Hour)); err != nil || len(expired) != 1 {
		t.Fatalf("expired = %v, %v", expired, err)
	}
	event = []byte(`{"id": "evt_app_2", "object": "event", "type": "checkout.session.completed",
  "data": {"object": {"id": "` + p2.Reference + `", "object": "checkout.session", "payment_status": "paid", "payment_intent": "pi_app_2"}}}`)
	req, _ = http.NewRequest("POST", s.url+"/api/v1/webhooks/stripe", bytes.NewReader(event))
	req.Header.Set("Stripe-Signature", payment.Sign(whsec, event, time.Now()))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("late webhook: %v %v", resp, err)
	}
	o, _ := a.Orders.ByNumber(context.Background(), late.Number)
	if o.Status != order.StatusCancelled || o.PaymentStatus == order.PaymentPaid {
		t.Errorf("late-paid order = %s/%s, want cancelled and not paid", o.Status, o.PaymentStatus)
	}
}
