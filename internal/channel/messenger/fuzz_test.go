package messenger_test

import (
	"testing"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
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
