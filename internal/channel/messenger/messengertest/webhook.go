package messengertest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode/utf16"
)

// Page builds the webhooks Meta sends for one Facebook Page, signed with
// the app secret as Meta signs them.
type Page struct {
	ID        string // the page id (entry.id and recipient.id)
	AppSecret string
}

// Hook is one webhook delivery: the raw body and its headers.
type Hook struct {
	Body   []byte
	Header http.Header
}

// Request is the delivery as a POST to target (e.g. server URL +
// "/webhooks/messenger"), for an http.Client or a handler.
func (h Hook) Request(target string) *http.Request {
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(h.Body))
	if err != nil {
		panic(fmt.Sprintf("messengertest: bad target %q: %v", target, err))
	}
	r.Header = h.Header.Clone()
	return r
}

// Sign is the X-Hub-Signature-256 value of body: "sha256=" and the hex
// HMAC-SHA256 of the raw bytes keyed with the app secret.
func Sign(body []byte, appSecret string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Event is one entry of a webhook's messaging array.
type Event map[string]any

// Hook wraps events into one signed page webhook (Meta batches several
// events in one delivery).
func (p Page) Hook(at time.Time, events ...Event) Hook {
	for _, e := range events {
		if _, ok := e["recipient"]; !ok {
			e["recipient"] = map[string]string{"id": p.ID}
		}
	}
	body := Encode(map[string]any{
		"object": "page",
		"entry":  []any{map[string]any{"id": p.ID, "time": at.UnixMilli(), "messaging": events}},
	})
	return p.Signed(body)
}

// Signed is a delivery of any body, correctly signed.
func (p Page) Signed(body []byte) Hook {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Hub-Signature-256", Sign(body, p.AppSecret))
	return Hook{Body: body, Header: h}
}

// Text is a shopper's text message.
func (p Page) Text(psid, mid, text string, at time.Time) Hook {
	return p.Hook(at, TextEvent(psid, mid, text, at))
}

// QuickReply is a tap on a quick reply: the title as text, the payload in
// quick_reply.
func (p Page) QuickReply(psid, mid, title, payload string, at time.Time) Hook {
	return p.Hook(at, QuickReplyEvent(psid, mid, title, payload, at))
}

// Postback is a tap on a template button (generic or button template).
func (p Page) Postback(psid, mid, title, payload string, at time.Time) Hook {
	return p.Hook(at, PostbackEvent(psid, mid, title, payload, at))
}

// Image is a message with only an image attachment, which the shop cannot
// read.
func (p Page) Image(psid, mid, url string, at time.Time) Hook {
	return p.Hook(at, ImageEvent(psid, mid, url, at))
}

// Delivered reports that the page's messages mids were delivered.
func (p Page) Delivered(psid string, watermark time.Time, mids ...string) Hook {
	return p.Hook(watermark, DeliveryEvent(psid, watermark, mids...))
}

// Read reports that the shopper read everything up to watermark.
func (p Page) Read(psid string, watermark time.Time) Hook {
	return p.Hook(watermark, ReadEvent(psid, watermark))
}

// Echo is the copy Meta sends of a message the page itself sent.
func (p Page) Echo(psid, mid, text string, at time.Time) Hook {
	// An echo goes from the page to the shopper.
	return p.Hook(at, Event{"sender": map[string]string{"id": p.ID}, "recipient": map[string]string{"id": psid},
		"timestamp": at.UnixMilli(), "message": map[string]any{"mid": mid, "text": text, "is_echo": true, "app_id": 1517776481860111}})
}

// TextEvent is a text message event.
func TextEvent(psid, mid, text string, at time.Time) Event {
	return Event{"sender": map[string]string{"id": psid}, "timestamp": at.UnixMilli(),
		"message": map[string]any{"mid": mid, "text": text}}
}

// QuickReplyEvent is a quick reply tap event.
func QuickReplyEvent(psid, mid, title, payload string, at time.Time) Event {
	return Event{"sender": map[string]string{"id": psid}, "timestamp": at.UnixMilli(),
		"message": map[string]any{"mid": mid, "text": title, "quick_reply": map[string]string{"payload": payload}}}
}

// PostbackEvent is a postback button tap event.
func PostbackEvent(psid, mid, title, payload string, at time.Time) Event {
	return Event{"sender": map[string]string{"id": psid}, "timestamp": at.UnixMilli(),
		"postback": map[string]any{"mid": mid, "title": title, "payload": payload}}
}

// ImageEvent is an image message event.
func ImageEvent(psid, mid, url string, at time.Time) Event {
	return Event{"sender": map[string]string{"id": psid}, "timestamp": at.UnixMilli(),
		"message": map[string]any{"mid": mid, "attachments": []any{
			map[string]any{"type": "image", "payload": map[string]string{"url": url}}}}}
}

// DeliveryEvent is a delivery receipt event.
func DeliveryEvent(psid string, watermark time.Time, mids ...string) Event {
	d := map[string]any{"watermark": watermark.UnixMilli()}
	if len(mids) > 0 {
		d["mids"] = mids
	}
	return Event{"sender": map[string]string{"id": psid}, "timestamp": watermark.UnixMilli(), "delivery": d}
}

// ReadEvent is a read receipt event.
func ReadEvent(psid string, watermark time.Time) Event {
	return Event{"sender": map[string]string{"id": psid}, "timestamp": watermark.UnixMilli(),
		"read": map[string]any{"watermark": watermark.UnixMilli()}}
}

// Encode writes JSON the way Meta does for webhooks: every character
// outside ASCII escaped as \uXXXX with lowercase hex digits, and "/" as
// "\/". The signature is over these bytes, so a receiver that re-encodes
// the body before checking it fails — as it would with Meta.
func Encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("messengertest: encode webhook: %v", err))
	}
	raw := bytes.TrimRight(buf.Bytes(), "\n")
	var out bytes.Buffer
	for _, r := range string(raw) {
		switch {
		case r == '/':
			out.WriteString(`\/`)
		case r < 0x80:
			out.WriteRune(r)
		default:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&out, `\u%04x`, u)
			}
		}
	}
	return out.Bytes()
}
