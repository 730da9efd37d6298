// Package channel carries conversations to and from the messaging services
// shoppers use (WhatsApp, Messenger, Telegram, SMS). Each service is one
// sub-package implementing Provider; this package holds what they share:
// the webhook path (verify, store once, acknowledge, answer in the
// background) and the durable, ordered outbox of replies. The dialogue never
// knows which channel it talks on.
package channel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Provider is one messaging service.
type Provider interface {
	// Name is the contract's channel name: whatsapp, messenger, telegram, sms.
	Name() string
	// Verify checks on the raw body that the webhook came from the provider
	// (constant-time). A missing or wrong signature returns ErrSignature.
	Verify(r *http.Request, body []byte) error
	// Parse reads a verified webhook into events; an event the shop cannot
	// use (a status of someone else's message, a reaction) is left out.
	Parse(r *http.Request, body []byte) ([]Event, error)
	// Render turns one message of the conversation into what the provider
	// can show, within its limits. It returns nothing for a message the
	// channel must not carry (outside WhatsApp's window without a template);
	// the outbox records that as undeliverable.
	Render(m conversation.Message, rc RenderContext) []Outgoing
	// Send delivers one rendered message. A failure worth retrying (429,
	// 5xx, a network error) is a *SendError with Retry set.
	Send(ctx context.Context, to string, out Outgoing) (Sent, error)
}

// Handshaker answers a provider's set-up call on GET (Meta's hub.challenge).
type Handshaker interface {
	Handshake(w http.ResponseWriter, r *http.Request)
}

// Acknowledger writes the provider's expected answer to a webhook it
// accepted (Twilio wants TwiML); without it the answer is 200 with no body.
type Acknowledger interface {
	Acknowledge(w http.ResponseWriter)
}

// CallbackAnswerer confirms a button tap to the provider (Telegram's
// answerCallbackQuery), so the shopper's app stops showing a spinner.
type CallbackAnswerer interface {
	AnswerCallback(ctx context.Context, callbackID string) error
}

// Event kinds.
const (
	EventMessage = "message" // the shopper wrote or tapped
	EventReceipt = "receipt" // the provider reports on a message we sent
)

// Receipt statuses.
const (
	ReceiptDelivered = "delivered"
	ReceiptRead      = "read"
	ReceiptFailed    = "failed"
)

// Event is one thing a webhook reported.
type Event struct {
	Kind string
	// ID is the provider's id of the inbound message (WhatsApp id,
	// Messenger mid, Telegram update_id, Twilio MessageSid): the key that
	// makes a redelivery a no-op. Receipts use the receipt's own key (the
	// sent message's id and its status).
	ID string
	// Sender is who wrote: WhatsApp wa_id, Messenger PSID, Telegram chat id,
	// phone number for SMS.
	Sender string
	Name   string // display name when the provider gives one
	// Phone is a phone number the provider has verified (WhatsApp, SMS),
	// in E.164 with the plus; empty otherwise.
	Phone   string
	Text    string
	Payload string // the payload of a button or list row tapped
	// Language is the provider's hint of the shopper's language (Telegram's
	// language_code), in our codes (en, nl, ms, zh, nb, hy) or empty.
	Language string
	// CallbackID is a Telegram callback query to answer.
	CallbackID string
	// Unsupported marks a message the shop cannot read (an image, a sticker,
	// a voice note); the shopper is told to write instead.
	Unsupported bool
	Time        time.Time // the provider's timestamp of the message
	// Receipts: the provider id of our sent message, its new status and,
	// for a failure, the provider's reason.
	MessageID string
	Status    string
	Error     string
}

// Outgoing is one request to the provider, rendered once and stored in the
// outbox so that a retry sends exactly the same thing.
type Outgoing struct {
	// Method names the provider's call when it has several (Telegram's
	// sendMessage, sendPhoto); empty for the provider's one send call.
	Method string `json:"method,omitempty"`
	// Body is the request body in the provider's format (JSON, or a form
	// for Twilio).
	Body []byte `json:"body"`
	// Template marks a WhatsApp template message, allowed outside the
	// 24-hour window.
	Template bool `json:"template,omitempty"`
}

// RenderContext is what rendering needs beyond the message.
type RenderContext struct {
	To       string // the recipient as the provider knows them (Event.Sender)
	Language string // the conversation's language
	// LastInbound is when the shopper last wrote (the provider's
	// timestamp); zero if never. WhatsApp and Messenger rules count from it.
	LastInbound time.Time
	Now         time.Time
	// Template is the registered template for this message's purpose and
	// language, if any (WhatsApp outside its window).
	Template *Template
	// T returns a channel text from the message catalogues in the
	// conversation's language ("Reply 1, 2 or 3"): T(key, "name", value, …).
	T func(key string, args ...any) string
	// Shorten stands a short code in for a payload too long for the
	// provider (Telegram's 64-byte callback_data); the core reads the code
	// back on the way in. Never nil when the core renders.
	Shorten func(payload string) string
}

// Purpose is why a message is sent, for the channel's rules: a reply to
// the shopper, a person's message, or one of the proactive kinds of the
// contract (order_update, back_in_stock, cart_recovery, price_drop,
// review_request).
func Purpose(m conversation.Message) string {
	switch {
	case m.Proactive != "":
		return m.Proactive
	case m.From == conversation.FromAgent:
		return PurposeAgent
	default:
		return PurposeReply
	}
}

// Purposes that are not proactive kinds.
const (
	PurposeReply = "reply"
	PurposeAgent = "agent"
)

// Template is a provider-approved message template (WhatsApp), registered
// by the retailer for one purpose and language.
type Template struct {
	Channel  string `json:"channel"`
	Purpose  string `json:"purpose"`  // order_update, back_in_stock, cart_recovery, …
	Language string `json:"language"` // our code: en, nl, ms, zh, nb, hy
	Name     string `json:"name"`     // the template's name at the provider
	// Code is the provider's language code of the template (en_US, nl, …).
	Code string `json:"code"`
	// Parameters are what fills the template's body placeholders {{1}},
	// {{2}}, … in order: "text" (the message's text) or "url" (its link).
	Parameters []string `json:"parameters"`
}

// Sent is what the provider answered to a delivered message.
type Sent struct {
	ID string // the provider's message id, which receipts refer to
}

// ErrSignature is a webhook whose signature is missing or wrong.
var ErrSignature = errors.New("webhook signature missing or wrong")

// SendError is a provider's refusal.
type SendError struct {
	Status int  // HTTP status, 0 for a network error
	Retry  bool // worth trying again later (429, 5xx, network)
	// RetryAfter is the provider's own wait, when it said one.
	RetryAfter time.Duration
	Err        error
}

func (e *SendError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("send: %v", e.Err)
	}
	return fmt.Sprintf("send: provider answered %d: %v", e.Status, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Classify turns an HTTP answer of a provider into a SendError: 429 and
// 5xx are worth retrying, other failures are not. A success returns nil.
func Classify(status int, retryAfter string, err error) error {
	if status >= 200 && status < 300 && err == nil {
		return nil
	}
	e := &SendError{Status: status, Err: err}
	if e.Err == nil {
		e.Err = errors.New(http.StatusText(status))
	}
	e.Retry = status == 0 || status == http.StatusTooManyRequests || status >= 500
	if d, perr := time.ParseDuration(retryAfter + "s"); perr == nil && d > 0 {
		e.RetryAfter = d
	}
	return e
}
