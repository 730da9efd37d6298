package whatsapp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
)

// webhook is the Cloud API's notification: object, entry[].changes[] with
// field "messages" and a value holding inbound messages and statuses.
type webhook struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string `json:"field"`
			Value value  `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type value struct {
	MessagingProduct string `json:"messaging_product"`
	Metadata         struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WaID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []inbound `json:"messages"`
	Statuses []status  `json:"statuses"`
}

type inbound struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Text      *struct {
		Body string `json:"body"`
	} `json:"text"`
	Interactive *struct {
		Type        string `json:"type"`
		ButtonReply *struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply *struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"list_reply"`
	} `json:"interactive"`
	Button *struct { // a template's quick-reply button
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
}

type status struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Timestamp   string `json:"timestamp"`
	RecipientID string `json:"recipient_id"`
	Errors      []struct {
		Code    int    `json:"code"`
		Title   string `json:"title"`
		Message string `json:"message"`
	} `json:"errors"`
}

// Message types that carry nothing the shop can act on and need no answer:
// a reaction to a message, a system notice (the user changed number), the
// "welcome" request of a first chat, a deleted message.
var ignored = map[string]bool{"reaction": true, "system": true, "request_welcome": true, "ephemeral": true, "revoked": true}

// Parse reads a verified webhook. Changes for another phone number of the
// same business account, fields other than "messages" and "sent" statuses
// are left out; a body that is not JSON is an error.
func (p *Provider) Parse(_ *http.Request, body []byte) ([]channel.Event, error) {
	var wh webhook
	if err := json.Unmarshal(body, &wh); err != nil {
		return nil, fmt.Errorf("whatsapp webhook: %w", err)
	}
	if wh.Object != "whatsapp_business_account" {
		return nil, nil
	}
	var events []channel.Event
	for _, e := range wh.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" || c.Value.Metadata.PhoneNumberID != p.cfg.PhoneNumberID {
				continue
			}
			v := c.Value
			names := map[string]string{}
			for _, ct := range v.Contacts {
				names[ct.WaID] = ct.Profile.Name
			}
			for _, m := range v.Messages {
				if ev, ok := messageEvent(m, names); ok {
					events = append(events, ev)
				}
			}
			for _, s := range v.Statuses {
				if ev, ok := receiptEvent(s); ok {
					events = append(events, ev)
				}
			}
		}
	}
	return events, nil
}

func messageEvent(m inbound, names map[string]string) (channel.Event, bool) {
	if m.ID == "" || m.From == "" || ignored[m.Type] {
		return channel.Event{}, false
	}
	ev := channel.Event{
		Kind:   channel.EventMessage,
		ID:     m.ID,
		Sender: m.From,
		Name:   names[m.From],
		// wa_id is the number WhatsApp registered and verified, in
		// international form without the plus.
		Phone: phone(m.From),
		Time:  unix(m.Timestamp),
	}
	switch {
	case m.Type == "text" && m.Text != nil:
		ev.Text = m.Text.Body
	case m.Type == "interactive" && m.Interactive != nil && m.Interactive.Type == "button_reply" && m.Interactive.ButtonReply != nil:
		ev.Payload, ev.Text = m.Interactive.ButtonReply.ID, m.Interactive.ButtonReply.Title
	case m.Type == "interactive" && m.Interactive != nil && m.Interactive.Type == "list_reply" && m.Interactive.ListReply != nil:
		ev.Payload, ev.Text = m.Interactive.ListReply.ID, m.Interactive.ListReply.Title
	case m.Type == "button" && m.Button != nil:
		ev.Payload, ev.Text = m.Button.Payload, m.Button.Text
	default: // image, audio, video, document, sticker, location, contacts, order, unsupported, …
		ev.Unsupported = true
	}
	return ev, true
}

func receiptEvent(s status) (channel.Event, bool) {
	var st string
	switch s.Status {
	case "delivered":
		st = channel.ReceiptDelivered
	case "read":
		st = channel.ReceiptRead
	case "failed":
		st = channel.ReceiptFailed
	default: // "sent" only says Meta accepted it, which Send already knows
		return channel.Event{}, false
	}
	if s.ID == "" {
		return channel.Event{}, false
	}
	ev := channel.Event{
		Kind:      channel.EventReceipt,
		ID:        s.ID + ":" + s.Status,
		Sender:    s.RecipientID,
		MessageID: s.ID,
		Status:    st,
		Time:      unix(s.Timestamp),
	}
	if st == channel.ReceiptFailed {
		ev.Error = "failed"
		if len(s.Errors) > 0 {
			e := s.Errors[0]
			title := e.Title
			if title == "" {
				title = e.Message
			}
			ev.Error = strings.TrimSpace(fmt.Sprintf("%d %s", e.Code, title))
		}
	}
	return ev, true
}

func phone(waID string) string {
	if waID == "" {
		return ""
	}
	for _, r := range waID {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return "+" + waID
}

// unix reads Meta's timestamp (seconds, as a string). A missing or broken
// one counts as now: the message has just arrived, and a zero time would
// close the 24-hour window it opens.
func unix(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Now().UTC()
	}
	return time.Unix(n, 0).UTC()
}
