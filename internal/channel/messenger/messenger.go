// Package messenger carries conversations over Facebook Messenger through a
// Facebook Page: Meta's verify handshake, webhooks signed with the app
// secret, and replies through the Send API (POST /me/messages with the
// page access token). Rendering follows Messenger's messaging windows:
// RESPONSE and UPDATE within 24 hours of the shopper's last message, the
// HUMAN_AGENT tag for a person's reply up to 7 days, the
// POST_PURCHASE_UPDATE tag for order updates, and nothing else outside.
package messenger

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/meta"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Name is the contract's channel name.
const Name = "messenger"

// SignatureHeader carries Meta's signature of a webhook: "sha256=" and the
// hex HMAC-SHA256 of the raw body keyed with the app secret.
const SignatureHeader = meta.SignatureHeader

var (
	_ channel.Provider   = (*Provider)(nil)
	_ channel.Handshaker = (*Provider)(nil)
)

// Provider is Messenger for one Facebook Page.
type Provider struct {
	cfg    config.Messenger
	client *http.Client
	apiURL string
}

// New returns the provider; a nil client means http.DefaultClient's
// transport with a timeout, so that a stuck Graph API call cannot hold an
// outbox worker forever.
func New(cfg config.Messenger, client *http.Client) *Provider {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	api := strings.TrimRight(cfg.APIURL, "/")
	if api == "" {
		api = "https://graph.facebook.com/v21.0"
	}
	return &Provider{cfg: cfg, client: client, apiURL: api}
}

// Name is "messenger".
func (p *Provider) Name() string { return Name }

// Handshake answers Meta's subscription check (meta.Handshake).
func (p *Provider) Handshake(w http.ResponseWriter, r *http.Request) {
	meta.Handshake(w, r, p.cfg.VerifyToken)
}

// Verify checks X-Hub-Signature-256 against the raw body (meta.Verify).
func (p *Provider) Verify(r *http.Request, body []byte) error {
	return meta.Verify(r, body, p.cfg.AppSecret)
}

// webhook is the part of Meta's page webhook the shop reads.
type webhook struct {
	Object string `json:"object"`
	Entry  []struct {
		ID        string      `json:"id"`
		Time      millis      `json:"time"`
		Messaging []messaging `json:"messaging"`
	} `json:"entry"`
}

type messaging struct {
	Sender struct {
		ID string `json:"id"`
	} `json:"sender"`
	Recipient struct {
		ID string `json:"id"`
	} `json:"recipient"`
	Timestamp millis `json:"timestamp"`
	Message   *struct {
		Mid        string `json:"mid"`
		Text       string `json:"text"`
		IsEcho     bool   `json:"is_echo"`
		QuickReply *struct {
			Payload string `json:"payload"`
		} `json:"quick_reply"`
		Attachments []struct {
			Type string `json:"type"`
		} `json:"attachments"`
	} `json:"message"`
	Postback *struct {
		Mid     string `json:"mid"`
		Title   string `json:"title"`
		Payload string `json:"payload"`
	} `json:"postback"`
	Delivery *struct {
		Mids      []string `json:"mids"`
		Watermark millis   `json:"watermark"`
	} `json:"delivery"`
	Read *struct {
		Watermark millis `json:"watermark"`
	} `json:"read"`
}

// millis is a Messenger timestamp: milliseconds since the epoch, sent as a
// number (some of Meta's samples quote it as a string, so both are read).
type millis int64

func (m *millis) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*m = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// A fractional or exotic number is not worth failing a webhook.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return fmt.Errorf("timestamp %q: %w", s, err)
		}
		n = int64(f)
	}
	*m = millis(n)
	return nil
}

// Time reads the timestamp. Values too small to be milliseconds of this
// century are taken as seconds (Meta's postback sample uses seconds).
func (m millis) Time() time.Time {
	switch {
	case m <= 0:
		return time.Time{}
	case m < 100_000_000_000:
		return time.Unix(int64(m), 0).UTC()
	}
	return time.UnixMilli(int64(m)).UTC()
}

// Parse reads a verified webhook. Text, quick-reply taps and postbacks
// (template buttons) become messages; a message with only attachments
// (image, sticker, audio…) is Unsupported; the page's own echoes are left
// out. Delivery receipts become one event per delivered mid. A read
// receipt names no message, only a watermark: it becomes one receipt with
// an empty MessageID and Time set to the watermark, and the core marks every
// message it sent to that shopper at or before the watermark as read.
func (p *Provider) Parse(r *http.Request, body []byte) ([]channel.Event, error) {
	var w webhook
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("messenger webhook: %w", err)
	}
	if w.Object != "page" {
		return nil, nil // Instagram, page feed changes…: not this channel's
	}
	var events []channel.Event
	for _, e := range w.Entry {
		for _, m := range e.Messaging {
			events = append(events, readEvent(m)...)
		}
	}
	return events, nil
}

func readEvent(m messaging) []channel.Event {
	psid := m.Sender.ID
	if psid == "" {
		return nil
	}
	at := m.Timestamp.Time()
	switch {
	case m.Message != nil:
		msg := m.Message
		if msg.IsEcho || msg.Mid == "" {
			// An echo is the page's own message; without a mid a redelivery
			// could not be recognised, so the message is not taken.
			return nil
		}
		ev := channel.Event{Kind: channel.EventMessage, ID: msg.Mid, Sender: psid, Text: msg.Text, Time: at}
		if msg.QuickReply != nil {
			ev.Payload = msg.QuickReply.Payload
		}
		if ev.Payload == "" && strings.TrimSpace(ev.Text) == "" {
			ev.Unsupported = true
		}
		return []channel.Event{ev}
	case m.Postback != nil:
		pb := m.Postback
		id := pb.Mid
		if id == "" {
			// Get Started and persistent-menu postbacks may carry no mid;
			// sender and time still make a redelivery recognisable.
			id = "postback:" + psid + ":" + strconv.FormatInt(int64(m.Timestamp), 10)
		}
		return []channel.Event{{Kind: channel.EventMessage, ID: id, Sender: psid, Text: pb.Title, Payload: pb.Payload, Time: at}}
	case m.Delivery != nil:
		wm := m.Delivery.Watermark
		var evs []channel.Event
		for _, mid := range m.Delivery.Mids {
			if mid == "" {
				continue
			}
			evs = append(evs, channel.Event{Kind: channel.EventReceipt, ID: mid + ":" + channel.ReceiptDelivered, Sender: psid,
				MessageID: mid, Status: channel.ReceiptDelivered, Time: wm.Time()})
		}
		if len(evs) == 0 && wm > 0 {
			// Older Messenger clients send only the watermark: like a read
			// receipt, it covers everything sent up to then.
			evs = append(evs, channel.Event{Kind: channel.EventReceipt, ID: "delivered:" + psid + ":" + strconv.FormatInt(int64(wm), 10),
				Sender: psid, Status: channel.ReceiptDelivered, Time: wm.Time()})
		}
		return evs
	case m.Read != nil:
		wm := m.Read.Watermark
		if wm <= 0 {
			return nil
		}
		return []channel.Event{{Kind: channel.EventReceipt, ID: "read:" + psid + ":" + strconv.FormatInt(int64(wm), 10),
			Sender: psid, Status: channel.ReceiptRead, Time: wm.Time()}}
	}
	return nil // reactions, opt-ins, referrals, handovers: nothing for the shop
}
