package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// waShop is a demo shop with WhatsApp pointed at a local stand-in of the
// Cloud API.
type waShop struct {
	*shop
	wa   *whatsapptest.Server
	hook whatsapptest.Webhooks
	seen int // stand-in requests already read
}

func newWAShop(t *testing.T, dsn string) *waShop {
	t.Helper()
	wa := whatsapptest.New(t, config.WhatsApp{})
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = dsn, true, adminKey, true
	cfg.Channels.WhatsApp = wa.Config()
	return &waShop{shop: openShop(t, cfg), wa: wa, hook: wa.Webhooks()}
}

// post delivers a webhook and returns the status.
func (w *waShop) post(h whatsapptest.Webhook) int {
	w.t.Helper()
	resp, err := h.Post(http.DefaultClient, w.url+"/webhooks/whatsapp")
	if err != nil {
		w.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// replies waits until the stand-in has received the shop's answer (no new
// send for a moment) and returns the new messages.
func (w *waShop) replies() []map[string]any {
	w.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	last, quietSince := -1, time.Now()
	for time.Now().Before(deadline) {
		n := len(w.wa.Sent())
		if n != last {
			last, quietSince = n, time.Now()
		} else if n > w.seen && time.Since(quietSince) > 400*time.Millisecond {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sent := w.wa.Sent()
	out := sent[w.seen:]
	w.seen = len(sent)
	return out
}

// say sends a text from the shopper and returns the shop's answer.
func (w *waShop) say(from whatsapptest.From, text string) []map[string]any {
	w.t.Helper()
	if code := w.post(w.hook.Text(from, text)); code != 200 {
		w.t.Fatalf("webhook %q: %d", text, code)
	}
	return w.replies()
}

// tap taps a reply button or list row with the given id.
func (w *waShop) tap(from whatsapptest.From, id string) []map[string]any {
	w.t.Helper()
	h := w.hook.ButtonReply(from, id, id)
	if !strings.Contains(id, ":") || strings.HasPrefix(id, "add:") {
		h = w.hook.ListReply(from, id, id, "")
	}
	if code := w.post(h); code != 200 {
		w.t.Fatalf("tap %q: %d", id, code)
	}
	return w.replies()
}

// waTexts are the readable texts of sent messages (text bodies, captions,
// interactive bodies) and waIDs the ids of their buttons and rows.
func waTexts(ms []map[string]any) string {
	var b strings.Builder
	for _, m := range ms {
		raw, _ := json.Marshal(m)
		var v struct {
			Text        struct{ Body string }
			Image       struct{ Caption string }
			Interactive struct {
				Body struct{ Text string }
			}
		}
		json.Unmarshal(raw, &v)
		fmt.Fprintln(&b, v.Text.Body, v.Image.Caption, v.Interactive.Body.Text)
	}
	return b.String()
}

var waID = regexp.MustCompile(`"id":"([^"]+)"`)

func waIDs(ms []map[string]any, prefix string) []string {
	var out []string
	for _, m := range ms {
		raw, _ := json.Marshal(m["interactive"])
		for _, g := range waID.FindAllStringSubmatch(string(raw), -1) {
			if strings.HasPrefix(g[1], prefix) {
				out = append(out, g[1])
			}
		}
	}
	return out
}

func eachWADB(t *testing.T, fn func(t *testing.T, w *waShop)) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) { fn(t, newWAShop(t, dsn(t))) })
	}
}

func TestWhatsApp_VerifyHandshakeAndSignatures(t *testing.T) {
	w := newWAShop(t, storetest.SQLiteDSN(t))
	cfg := w.wa.Config()
	for token, want := range map[string]int{cfg.VerifyToken: 200, "wrong": 403} {
		req := whatsapptest.Handshake(w.url+"/webhooks/whatsapp", token, "1158201444")
		req.RequestURI = ""
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want == 200 && string(b) != "1158201444") {
			t.Errorf("handshake with %q: %d %q", token, resp.StatusCode, b)
		}
	}
	forged := w.hook
	forged.AppSecret = "not-the-secret"
	if code := w.post(forged.Text(whatsapptest.From{WaID: "31612345678"}, "hello")); code != 401 {
		t.Fatalf("forged webhook: %d, want 401", code)
	}
	var list struct{ Conversations []struct{ ID string } }
	w.json("GET", "/api/v1/admin/conversations?channel=whatsapp", adminKey, nil, &list)
	if len(list.Conversations) != 0 || len(w.wa.Sent()) != 0 {
		t.Fatalf("a forged webhook changed something: %+v, %d sent", list, len(w.wa.Sent()))
	}
}

// TestWhatsApp_AWholePurchaseAnsweredOncePerMessage: a shopper finds a
// product, taps a size, checks out, pays on the payment page and reads the
// confirmation on WhatsApp; a redelivered message is answered once; the
// conversation is listed under its channel.
func TestWhatsApp_AWholePurchaseAnsweredOncePerMessage(t *testing.T) {
	eachWADB(t, func(t *testing.T, w *waShop) {
		ana := whatsapptest.From{WaID: "31612345678", Name: "Ana"}
		got := w.say(ana, "Do you have the Aurora Trail Runner?")
		adds := waIDs(got, "add:")
		if len(adds) == 0 {
			t.Fatalf("no size to tap in %s", waTexts(got))
		}
		for _, m := range got {
			if m["to"] != ana.WaID {
				t.Fatalf("sent to %v, want %s", m["to"], ana.WaID)
			}
		}
		sku := strings.TrimPrefix(adds[0], "add:")
		got = w.tap(ana, adds[0])
		if !strings.Contains(waTexts(got), "Aurora") {
			t.Fatalf("after the tap: %s", waTexts(got))
		}

		// The same message delivered twice is answered once.
		again := whatsapptest.From{WaID: ana.WaID, Name: "Ana", ID: "wamid.redelivered.1"}
		first := w.say(again, "what's in my cart?")
		if code := w.post(w.hook.Text(again, "what's in my cart?")); code != 200 {
			t.Fatalf("redelivery: %d", code)
		}
		if dup := w.replies(); len(dup) != 0 || len(first) == 0 {
			t.Fatalf("redelivered message answered again: %d then %d messages", len(first), len(dup))
		}

		got = w.say(ana, "I want to check out")
		if !strings.Contains(strings.ToLower(waTexts(got)), "e-mail") {
			t.Fatalf("checkout: %s", waTexts(got))
		}
		got = w.say(ana, "ana.wa@example.com")
		if guest := waIDs(got, "verify:guest"); len(guest) > 0 {
			got = w.tap(ana, guest[0])
		}
		got = w.say(ana, "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
		ship := waIDs(got, "ship:")
		if len(ship) == 0 {
			t.Fatalf("no shipping choice after the address: %s", waTexts(got))
		}
		got = w.tap(ana, ship[0])
		pay := regexp.MustCompile(`https?://\S+/pay/\S+`).FindString(waTexts(got))
		if pay == "" {
			t.Fatalf("no payment link: %s", waTexts(got))
		}
		u, _ := url.Parse(pay)
		resp, err := http.PostForm(w.url+u.RequestURI(), url.Values{"outcome": {"succeeded"}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("pay: %v %v", resp, err)
		}
		resp.Body.Close()
		got = w.replies()
		if !strings.Contains(waTexts(got), "is paid") {
			t.Fatalf("no confirmation on WhatsApp: %s", waTexts(got))
		}
		var orders struct {
			Orders []struct {
				PaymentStatus string `json:"payment_status"`
				Items         []struct {
					SKU      string
					Quantity int
				}
			}
		}
		w.do("GET", "/api/v1/admin/orders?email=ana.wa@example.com", adminKey, "", nil, &orders)
		if len(orders.Orders) != 1 || orders.Orders[0].PaymentStatus != "paid" || len(orders.Orders[0].Items) != 1 ||
			orders.Orders[0].Items[0].SKU != sku || orders.Orders[0].Items[0].Quantity != 1 {
			t.Fatalf("orders %+v, want one paid order of one %s", orders.Orders, sku)
		}

		var list struct {
			Conversations []struct{ ID, Channel string }
		}
		w.json("GET", "/api/v1/admin/conversations?channel=whatsapp", adminKey, nil, &list)
		if len(list.Conversations) != 1 || list.Conversations[0].Channel != "whatsapp" {
			t.Fatalf("whatsapp conversations %+v", list)
		}
		var view struct {
			Channel    string
			Verified   bool
			VerifiedBy string `json:"verified_by"`
			Deliveries []struct{ Status string }
		}
		w.json("GET", "/api/v1/admin/conversations/"+list.Conversations[0].ID, adminKey, nil, &view)
		if view.Channel != "whatsapp" || !view.Verified || view.VerifiedBy != "phone:whatsapp" || len(view.Deliveries) == 0 {
			t.Fatalf("admin view %+v", view)
		}
		for _, d := range view.Deliveries {
			if d.Status != "sent" {
				t.Fatalf("delivery %+v", d)
			}
		}
	})
}

// TestWhatsApp_HandoffAndTheAgentsReplyReachTheShopper.
func TestWhatsApp_HandoffAndTheAgentsReplyReachTheShopper(t *testing.T) {
	w := newWAShop(t, storetest.SQLiteDSN(t))
	ana := w.addAgent("agent@example.com", "Ana", "agent", []string{"en"})
	w.json("POST", "/api/v1/agent/status", ana.Token, map[string]bool{"online": true}, nil)
	bo := whatsapptest.From{WaID: "60123456789", Name: "Bo"}
	w.say(bo, "I want to talk to a human please")
	var list struct{ Conversations []struct{ ID, Status string } }
	w.json("GET", "/api/v1/admin/conversations?channel=whatsapp", adminKey, nil, &list)
	if len(list.Conversations) != 1 || list.Conversations[0].Status != "agent" {
		t.Fatalf("after asking for a person: %+v", list)
	}
	id := list.Conversations[0].ID
	if code := w.json("POST", "/api/v1/agent/conversations/"+id+"/messages", ana.Token, map[string]string{"text": "Hi Bo, Ana here. How can I help?"}, nil); code != http.StatusCreated {
		t.Fatalf("agent reply: %d", code)
	}
	got := w.replies()
	if !strings.Contains(waTexts(got), "Ana here") {
		t.Fatalf("agent's reply not on WhatsApp: %s", waTexts(got))
	}
	var detail struct{ Channel string }
	w.json("GET", "/api/v1/agent/conversations/"+id, ana.Token, nil, &detail)
	if detail.Channel != "whatsapp" {
		t.Fatalf("console channel %q", detail.Channel)
	}
}

// TestWhatsApp_NothingButTemplatesOutsideTheWindow: a message whose
// timestamp is more than 24 hours old leaves the window closed; the reply
// is not sent but shown as undeliverable, on the conversation and the
// channel page.
func TestWhatsApp_NothingButTemplatesOutsideTheWindow(t *testing.T) {
	w := newWAShop(t, storetest.SQLiteDSN(t))
	old := whatsapptest.From{WaID: "31687654321", Time: time.Now().Add(-25 * time.Hour)}
	w.post(w.hook.Text(old, "hello"))
	var list struct{ Conversations []struct{ ID string } }
	deadline := time.Now().Add(10 * time.Second)
	var view struct {
		Deliveries []struct{ Status, Error string }
	}
	for time.Now().Before(deadline) {
		w.json("GET", "/api/v1/admin/conversations?channel=whatsapp", adminKey, nil, &list)
		if len(list.Conversations) == 1 {
			w.json("GET", "/api/v1/admin/conversations/"+list.Conversations[0].ID, adminKey, nil, &view)
			if len(view.Deliveries) > 0 {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(view.Deliveries) == 0 || view.Deliveries[0].Status != "failed" || !strings.Contains(view.Deliveries[0].Error, "window") {
		t.Fatalf("deliveries %+v, want failed outside the window", view.Deliveries)
	}
	if n := len(w.wa.Sent()); n != 0 {
		t.Fatalf("%d messages sent outside the window", n)
	}
	var page struct {
		Channels []struct {
			Channel    string
			Configured bool
			Failed     int
			LastError  string `json:"last_error"`
		}
	}
	w.json("GET", "/api/v1/admin/channels", adminKey, nil, &page)
	if len(page.Channels) != 4 || page.Channels[0].Channel != "whatsapp" || !page.Channels[0].Configured || page.Channels[0].Failed != 1 || page.Channels[1].Configured {
		t.Fatalf("channel page %+v", page)
	}
}

func TestWhatsApp_RateLimitedSendsAreRetriedInOrder(t *testing.T) {
	w := newWAShop(t, storetest.SQLiteDSN(t))
	w.wa.FailNext(2, 429)
	cy := whatsapptest.From{WaID: "4790000000", Name: "Cy"}
	got := w.say(cy, "hello")
	if len(got) == 0 {
		t.Fatal("nothing sent after the 429s")
	}
	reqs := w.wa.Requests()
	if reqs[0].Status != 429 || reqs[1].Status != 429 || reqs[2].ID == "" {
		t.Fatalf("requests %+v", reqs)
	}
}

// TestWhatsApp_OrderUpdateOutsideTheWindowGoesAsTheRegisteredTemplate: the
// retailer registers a template for order updates in Dutch through the
// admin API; an order update after the 24-hour window goes out as that
// template with the message's text as its parameter.
func TestWhatsApp_OrderUpdateOutsideTheWindowGoesAsTheRegisteredTemplate(t *testing.T) {
	w := newWAShop(t, storetest.SQLiteDSN(t))
	old := whatsapptest.From{WaID: "31611122233", Time: time.Now().Add(-30 * time.Hour)}
	w.post(w.hook.Text(old, "hallo, ik heb een vraag over mijn bestelling"))
	var list struct {
		Conversations []struct{ ID, Language string }
	}
	until(t, "the conversation, in Dutch after the first turn", func() bool {
		w.json("GET", "/api/v1/admin/conversations?channel=whatsapp", adminKey, nil, &list)
		return len(list.Conversations) == 1 && list.Conversations[0].Language == "nl"
	})
	tpl := map[string]any{"purpose": "order_update", "language": "nl", "name": "order_update_nl", "code": "nl", "parameters": []string{"text"}}
	if code := w.json("PUT", "/api/v1/admin/channels/whatsapp/templates", adminKey, tpl, nil); code != 200 {
		t.Fatalf("register template: %d", code)
	}
	if code := w.json("PUT", "/api/v1/admin/channels/whatsapp/templates", adminKey, map[string]any{"purpose": "spam", "language": "nl", "name": "x", "code": "nl"}, nil); code != 422 {
		t.Fatalf("a template for no purpose: %d, want 422", code)
	}
	if _, err := w.app.Conversations.Notify(context.Background(), list.Conversations[0].ID, func(c *conversation.Conversation) []conversation.Message {
		return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: "Bestelling 1042 is verzonden.", Proactive: "order_update"}}
	}); err != nil {
		t.Fatal(err)
	}
	var sent []map[string]any
	until(t, "the template", func() bool { sent = w.wa.Sent(); return len(sent) > 0 })
	raw, _ := json.Marshal(sent[len(sent)-1])
	if !strings.Contains(string(raw), `"type":"template"`) || !strings.Contains(string(raw), "order_update_nl") || !strings.Contains(string(raw), "Bestelling 1042 is verzonden.") {
		t.Fatalf("sent %s, want the order_update_nl template with the text", raw)
	}
}
