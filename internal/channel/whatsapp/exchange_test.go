package whatsapp_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// A whole exchange through the stand-in: a shopper writes, the shop answers
// with buttons (the stand-in records exactly Meta's documented body), the
// shopper taps one and the tap comes back as its payload, then the receipt
// of the answer names the id the send returned.
func TestExchange_WriteAnswerTapReceipt(t *testing.T) {
	s, p := standIn(t)
	wh := s.Webhooks()
	written := now.Add(-2 * time.Minute)

	in := wh.Text(whatsapptest.From{WaID: "31612345678", Name: "Anna", Time: written}, "Do you have the Aurora in M?")
	req := in.Request("/webhooks/whatsapp")
	if err := p.Verify(req, in.Body); err != nil {
		t.Fatal(err)
	}
	evs, err := p.Parse(req, in.Body)
	if err != nil || len(evs) != 1 {
		t.Fatalf("events %v, %v", evs, err)
	}
	ev := evs[0]
	if ev.Text != "Do you have the Aurora in M?" || ev.Phone != "+31612345678" || !ev.Time.Equal(written.Truncate(time.Second)) {
		t.Fatalf("event %+v", ev)
	}

	rc := rcIn("en")
	rc.To, rc.LastInbound = ev.Sender, ev.Time
	reply := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Yes, 2 left in M. Add one?",
		Options: []conversation.Option{{Title: "Add M", Payload: "add:AUR-M"}, {Title: "Other sizes", Payload: "focus:aurora-jacket"}}}
	outs := p.Render(reply, rc)
	if len(outs) != 1 || outs[0].Template {
		t.Fatalf("outs %v", outs)
	}
	sent, err := p.Send(context.Background(), ev.Sender, outs[0])
	if err != nil {
		t.Fatal(err)
	}
	got := s.Requests()
	want := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"interactive","interactive":{"type":"button",` +
		`"body":{"text":"Yes, 2 left in M. Add one?"},"action":{"buttons":[` +
		`{"type":"reply","reply":{"id":"add:AUR-M","title":"Add M"}},` +
		`{"type":"reply","reply":{"id":"focus:aurora-jacket","title":"Other sizes"}}]}}}`
	if len(got) != 1 || string(got[0].Body) != want {
		t.Fatalf("stand-in recorded\n%s\nwant\n%s", got[0].Body, want)
	}
	if got[0].Path != "/v21.0/"+s.Config().PhoneNumberID+"/messages" || got[0].Authorization != "Bearer "+s.Config().Token {
		t.Fatalf("call %s with %q", got[0].Path, got[0].Authorization)
	}

	tap := wh.ButtonReply(whatsapptest.From{WaID: "31612345678", Name: "Anna"}, "add:AUR-M", "Add M")
	if err := p.Verify(tap.Request("/"), tap.Body); err != nil {
		t.Fatal(err)
	}
	evs, _ = p.Parse(nil, tap.Body)
	if len(evs) != 1 || evs[0].Payload != "add:AUR-M" {
		t.Fatalf("tap %+v", evs)
	}

	for _, st := range []string{"sent", "delivered", "read"} {
		r := wh.Status(sent.ID, "31612345678", st, now)
		evs, _ = p.Parse(nil, r.Body)
		if st == "sent" {
			if len(evs) != 0 {
				t.Fatalf("sent status gave %+v", evs)
			}
			continue
		}
		if len(evs) != 1 || evs[0].Kind != channel.EventReceipt || evs[0].MessageID != sent.ID || evs[0].Status != st {
			t.Fatalf("%s receipt %+v", st, evs)
		}
	}
}

// After a day of silence the same answer goes out only as the template,
// marked so, with the text and link as its parameters.
func TestExchange_AfterTheWindowOnlyTheTemplate(t *testing.T) {
	s, p := standIn(t)
	rc := rcIn("nl")
	rc.LastInbound = now.Add(-30 * time.Hour)
	msg := conversation.Message{Type: conversation.TypeLink, Proactive: "order_update", Purpose: "tracking",
		Text: "Je bestelling #1001 is onderweg.", URL: "https://shop.example/track/t0k?lang=nl"}
	if outs := p.Render(msg, rc); len(outs) != 0 {
		t.Fatalf("sent outside the window without a template: %s", outs[0].Body)
	}
	rc.Template = &channel.Template{Channel: "whatsapp", Purpose: "order_update", Language: "nl", Name: "order_update", Code: "nl", Parameters: []string{"text", "url"}}
	outs := p.Render(msg, rc)
	if len(outs) != 1 || !outs[0].Template {
		t.Fatalf("outs %v", outs)
	}
	if _, err := p.Send(context.Background(), rc.To, outs[0]); err != nil {
		t.Fatal(err)
	}
	want := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"template","template":{"name":"order_update","language":{"code":"nl"},` +
		`"components":[{"type":"body","parameters":[{"type":"text","text":"Je bestelling #1001 is onderweg."},{"type":"text","text":"https://shop.example/track/t0k?lang=nl"}]}]}}`
	if got := string(s.Requests()[0].Body); got != want {
		t.Fatalf("recorded\n%s\nwant\n%s", got, want)
	}
}
