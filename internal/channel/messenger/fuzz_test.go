package messenger_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// FuzzParse feeds the parser real-looking webhooks and mutations of them:
// it must never panic, and what it reads must be well-formed events.
func FuzzParse(f *testing.F) {
	for _, h := range []messengertest.Hook{
		page.Text(psid, "m_1", "Do you have the Aurora in 42?", t0),
		page.Text(psid, "m_2", "我想退货 Բարև 👟", t0),
		page.QuickReply(psid, "m_3", "Sneakers", "search:type=Sneakers", t0),
		page.Postback(psid, "m_4", "Add to cart", "add:AUR-42", t0),
		page.Image(psid, "m_5", "https://scontent.example/x.jpg", t0),
		page.Echo(psid, "m_6", "Here you go", t0),
		page.Delivered(psid, t0, "m_a", "m_b"),
		page.Delivered(psid, t0),
		page.Read(psid, t0),
		page.Hook(t0, messengertest.TextEvent(psid, "m_7", "a", t0), messengertest.ReadEvent(psid, t0)),
	} {
		f.Add(h.Body)
	}
	f.Add([]byte(`{"object":"page","entry":[{"id":"1","time":"1","messaging":[{"sender":{"id":"9"},"timestamp":"1527459824","postback":{"title":"Get Started","payload":"start"}}]}]}`))
	f.Add([]byte(`{"object":"instagram","entry":[]}`))
	f.Add([]byte(`{"object":"page","entry":[{"messaging":[{"sender":{"id":"9"},"timestamp":1e400,"read":{"watermark":-5}}]}]}`))
	f.Add([]byte(`null`))
	p := messenger.New(cfg, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := p.Parse(nil, body)
		if err != nil && evs != nil {
			t.Fatalf("events %v with error %v", evs, err)
		}
		for _, e := range evs {
			if e.ID == "" || e.Sender == "" {
				t.Fatalf("event without id or sender: %+v", e)
			}
			switch e.Kind {
			case channel.EventMessage:
				if !utf8.ValidString(e.Text) && e.Text != "" && utf8.Valid(body) {
					t.Fatalf("invalid text from valid input: %q", e.Text)
				}
			case channel.EventReceipt:
				if e.Status != channel.ReceiptDelivered && e.Status != channel.ReceiptRead {
					t.Fatalf("receipt status %q", e.Status)
				}
			default:
				t.Fatalf("kind %q", e.Kind)
			}
		}
	})
}

// FuzzRender renders texts, titles and payloads of any shape and checks
// every request stays within Messenger's limits. Inputs are kept short and
// repeated rep times, so that the fuzzer reaches the limits without
// mutating (and minimising) kilobytes.
func FuzzRender(f *testing.F) {
	f.Add("Here you are. ", "Aurora Runner", "42", "add:AUR-42", 3, uint8(1))
	f.Add("我们的退货政策。", "轻盈透气跑步鞋", "特大号", "p", 14, uint8(255))
	f.Add("Վերադարձ ", "Կոշիկ ", "Շատ մեծ չափս", "focus:x", 12, uint8(230))
	f.Add("👟", "👟👟", "👟", "👟", 11, uint8(201))
	f.Add("\xff\xfe", "\x00", "", "", 0, uint8(0))
	p := messenger.New(cfg, nil)
	f.Fuzz(func(t *testing.T, text, title, opt, payload string, n int, rep uint8) {
		grow := func(s string, times int) string {
			if len(s)*times > 20000 {
				times = 20000 / max(1, len(s))
			}
			return strings.Repeat(s, times)
		}
		text, title, opt, payload = grow(text, int(rep)), grow(title, int(rep)%16+1), grow(opt, int(rep)%4+1), grow(payload, int(rep))
		n = max(0, min(n, 20))
		var items []conversation.Item
		var opts []conversation.Option
		for i := range n {
			items = append(items, conversation.Item{Handle: "h", Title: title, Price: eur(int64(i)),
				Variants: []conversation.ItemVariant{{SKU: payload, Options: map[string]string{"size": opt}, InStock: i%2 == 0, Stock: i}}})
			opts = append(opts, conversation.Option{Title: opt, Payload: payload})
		}
		for _, m := range []conversation.Message{
			{From: conversation.FromBot, Type: conversation.TypeText, Text: text, Options: opts},
			{From: conversation.FromBot, Type: conversation.TypeProducts, Text: text, Items: items, Options: opts},
			{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "payment", URL: "https://x.example/" + opt, Text: text},
		} {
			for _, s := range decode(t, p.Render(m, rc("hy", time.Minute))) {
				msg := s.Message
				if (msg.Text == "") == (msg.Attachment == nil) {
					t.Fatalf("need exactly one of text and attachment: %+v", msg)
				}
				within(t, msg.Text, 2000)
				if len(msg.QuickReplies) > 13 {
					t.Fatalf("%d quick replies", len(msg.QuickReplies))
				}
				for _, q := range msg.QuickReplies {
					within(t, q.Title, 20)
					within(t, q.Payload, 1000)
				}
				if a := msg.Attachment; a != nil {
					within(t, a.Payload.Text, 640)
					if len(a.Payload.Elements) > 10 {
						t.Fatalf("%d elements", len(a.Payload.Elements))
					}
					for _, e := range a.Payload.Elements {
						within(t, e.Title, 80)
						within(t, e.Subtitle, 80)
						if len(e.Buttons) > 3 {
							t.Fatalf("%d buttons", len(e.Buttons))
						}
						for _, b := range e.Buttons {
							within(t, b.Title, 20)
							within(t, b.Payload, 1000)
						}
					}
				}
			}
		}
	})
}

func within(t *testing.T, s string, limit int) {
	t.Helper()
	if n := len(utf16.Encode([]rune(s))); n > limit {
		t.Fatalf("%d characters over %d: %q", n, limit, s)
	}
}
