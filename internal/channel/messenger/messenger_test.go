package messenger_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

const (
	secret = "app-secret"
	psid   = "24012345678901234"
	pageID = "1067280970047460"
)

var (
	page = messengertest.Page{ID: pageID, AppSecret: secret}
	t0   = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	cfg  = config.Messenger{PageToken: "page-token", AppSecret: secret, VerifyToken: "verify-me"}
)

func TestHandshake_EchoesChallengeOnlyForTheVerifyToken(t *testing.T) {
	cases := []struct {
		name, verify, query string
		status              int
		body                string
	}{
		{"right token", "verify-me", "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", 200, "1158201444"},
		{"wrong token", "verify-me", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444", 403, ""},
		{"missing token", "verify-me", "hub.mode=subscribe&hub.challenge=1158201444", 403, ""},
		{"wrong mode", "verify-me", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1", 403, ""},
		{"no token configured", "", "hub.mode=subscribe&hub.verify_token=&hub.challenge=1", 403, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := messenger.New(config.Messenger{AppSecret: secret, PageToken: "x", VerifyToken: c.verify}, nil)
			w := httptest.NewRecorder()
			p.Handshake(w, httptest.NewRequest(http.MethodGet, "/webhooks/messenger?"+c.query, nil))
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if c.status == 200 && w.Body.String() != c.body {
				t.Errorf("body %q, want %q", w.Body.String(), c.body)
			}
			if c.status != 200 && strings.Contains(w.Body.String(), "1158201444") {
				t.Errorf("refusal echoed the challenge: %q", w.Body.String())
			}
		})
	}
}

func TestVerify_AcceptsOnlyTheAppSecretsSignatureOfTheRawBody(t *testing.T) {
	hook := page.Text(psid, "m_1", "Բարև, ունե՞ք կոշիկներ 42 չափի", t0) // escaped as Meta does
	if !strings.Contains(string(hook.Body), `\u0532`) {
		t.Fatalf("the stand-in should escape non-ASCII like Meta: %s", hook.Body)
	}
	tampered := append([]byte(nil), hook.Body...)
	tampered[len(tampered)-3] ^= 1
	cases := []struct {
		name   string
		header string
		body   []byte
		cfg    config.Messenger
		ok     bool
	}{
		{"good", hook.Header.Get(messenger.SignatureHeader), hook.Body, cfg, true},
		{"missing", "", hook.Body, cfg, false},
		{"other secret", messengertest.Sign(hook.Body, "other"), hook.Body, cfg, false},
		{"tampered body", hook.Header.Get(messenger.SignatureHeader), tampered, cfg, false},
		{"sha1 scheme", "sha1=" + strings.TrimPrefix(hook.Header.Get(messenger.SignatureHeader), "sha256="), hook.Body, cfg, false},
		{"not hex", "sha256=zz", hook.Body, cfg, false},
		{"truncated", hook.Header.Get(messenger.SignatureHeader)[:20], hook.Body, cfg, false},
		{"no app secret configured", messengertest.Sign(hook.Body, ""), hook.Body, config.Messenger{PageToken: "x"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/webhooks/messenger", nil)
			if c.header != "" {
				r.Header.Set(messenger.SignatureHeader, c.header)
			}
			err := messenger.New(c.cfg, nil).Verify(r, c.body)
			if c.ok && err != nil {
				t.Fatalf("refused a good signature: %v", err)
			}
			if !c.ok && !errors.Is(err, channel.ErrSignature) {
				t.Fatalf("err = %v, want ErrSignature", err)
			}
		})
	}
}

func TestParse_ReadsEachKindOfEvent(t *testing.T) {
	p := messenger.New(cfg, nil)
	later := t0.Add(90 * time.Second)
	cases := []struct {
		name string
		hook messengertest.Hook
		want []channel.Event
	}{
		{"text", page.Text(psid, "m_text", "Do you have the Aurora in 42?", t0),
			[]channel.Event{{Kind: channel.EventMessage, ID: "m_text", Sender: psid, Text: "Do you have the Aurora in 42?", Time: t0}}},
		{"armenian text", page.Text(psid, "m_hy", "Բարև 👋", t0),
			[]channel.Event{{Kind: channel.EventMessage, ID: "m_hy", Sender: psid, Text: "Բարև 👋", Time: t0}}},
		{"quick reply tap", page.QuickReply(psid, "m_qr", "Sneakers", "search:type=Sneakers", t0),
			[]channel.Event{{Kind: channel.EventMessage, ID: "m_qr", Sender: psid, Text: "Sneakers", Payload: "search:type=Sneakers", Time: t0}}},
		{"postback from a carousel button", page.Postback(psid, "m_pb", "Add to cart", "add:AUR-42", t0),
			[]channel.Event{{Kind: channel.EventMessage, ID: "m_pb", Sender: psid, Text: "Add to cart", Payload: "add:AUR-42", Time: t0}}},
		{"image only", page.Image(psid, "m_img", "https://scontent.example/x.jpg", t0),
			[]channel.Event{{Kind: channel.EventMessage, ID: "m_img", Sender: psid, Unsupported: true, Time: t0}}},
		{"echo of our own message", page.Echo(psid, "m_echo", "Here you go", t0), nil},
		{"delivery of two mids", page.Delivered(psid, later, "m_a", "m_b"), []channel.Event{
			{Kind: channel.EventReceipt, ID: "m_a:delivered", Sender: psid, MessageID: "m_a", Status: channel.ReceiptDelivered, Time: later},
			{Kind: channel.EventReceipt, ID: "m_b:delivered", Sender: psid, MessageID: "m_b", Status: channel.ReceiptDelivered, Time: later}}},
		{"delivery with only a watermark", page.Delivered(psid, later), []channel.Event{
			{Kind: channel.EventReceipt, ID: "delivered:" + psid + ":" + ms(later), Sender: psid, Status: channel.ReceiptDelivered, Time: later}}},
		{"read watermark", page.Read(psid, later), []channel.Event{
			{Kind: channel.EventReceipt, ID: "read:" + psid + ":" + ms(later), Sender: psid, Status: channel.ReceiptRead, Time: later, MessageID: ""}}},
		{"batch of several events in order", page.Hook(t0,
			messengertest.TextEvent(psid, "m_1", "hi", t0),
			messengertest.ReadEvent(psid, later),
			messengertest.TextEvent("other", "m_2", "hello", later)), []channel.Event{
			{Kind: channel.EventMessage, ID: "m_1", Sender: psid, Text: "hi", Time: t0},
			{Kind: channel.EventReceipt, ID: "read:" + psid + ":" + ms(later), Sender: psid, Status: channel.ReceiptRead, Time: later},
			{Kind: channel.EventMessage, ID: "m_2", Sender: "other", Text: "hello", Time: later}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := p.Parse(c.hook.Request("http://shop/webhooks/messenger"), c.hook.Body)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d events %+v, want %d %+v", len(got), got, len(c.want), c.want)
			}
			for i := range got {
				if !got[i].Time.Equal(c.want[i].Time) {
					t.Errorf("event %d time %v, want %v", i, got[i].Time, c.want[i].Time)
				}
				got[i].Time, c.want[i].Time = time.Time{}, time.Time{}
				if got[i] != c.want[i] {
					t.Errorf("event %d\n got %+v\nwant %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// A redelivered webhook yields the same ids, so the core stores it once.
func TestParse_RedeliveryKeepsTheSameIDs(t *testing.T) {
	p := messenger.New(cfg, nil)
	for _, hook := range []messengertest.Hook{
		page.Text(psid, "m_same", "hi", t0),
		page.Postback(psid, "m_pb", "Choose", "focus:aurora", t0),
		page.Delivered(psid, t0, "m_x"),
		page.Read(psid, t0),
		page.Signed([]byte(`{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1765022400000,"postback":{"title":"Get Started","payload":"start"}}]}]}`)),
	} {
		a, err := p.Parse(nil, hook.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := p.Parse(nil, append([]byte(nil), hook.Body...))
		if len(a) != 1 || len(b) != 1 || a[0].ID == "" || a[0].ID != b[0].ID {
			t.Errorf("ids %+v / %+v, want one equal, non-empty id", a, b)
		}
	}
}

func TestParse_OddPayloads(t *testing.T) {
	p := messenger.New(cfg, nil)
	cases := []struct {
		name    string
		body    string
		events  int
		wantErr bool
	}{
		{"not json", `{"object":"page","entry":[`, 0, true},
		{"empty body", ``, 0, true},
		{"instagram object", `{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m","text":"hi"}}]}]}`, 0, false},
		{"no entries", `{"object":"page"}`, 0, false},
		{"standby (another app owns the thread)", `{"object":"page","entry":[{"id":"1","time":1,"standby":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m","text":"hi"}}]}]}`, 0, false},
		{"reaction", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"reaction":{"mid":"m","action":"react","emoji":"❤"}}]}]}`, 0, false},
		{"message without mid", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"message":{"text":"hi"}}]}]}`, 0, false},
		{"message without sender", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m","text":"hi"}}]}]}`, 0, false},
		{"timestamp as a string", `{"object":"page","entry":[{"id":"1","time":"1","messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":"1527459824","postback":{"mid":"m_p","title":"T","payload":"P"}}]}]}`, 1, false},
		{"sticker only", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m","sticker_id":369239263222822,"attachments":[{"type":"sticker","payload":{"sticker_id":369239263222822}}]}}]}]}`, 1, false},
		{"wrong types", `{"object":"page","entry":[{"id":1,"messaging":"x"}]}`, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs, err := p.Parse(nil, []byte(c.body))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if len(evs) != c.events {
				t.Fatalf("events %+v, want %d", evs, c.events)
			}
		})
	}
	evs, _ := p.Parse(nil, []byte(cases[8].body))
	if want := time.Unix(1527459824, 0).UTC(); !evs[0].Time.Equal(want) {
		t.Errorf("seconds timestamp read as %v, want %v", evs[0].Time, want)
	}
}
