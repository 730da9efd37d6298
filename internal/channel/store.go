package channel

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is an unknown sender, payload code or template.
var ErrNotFound = errors.New("not found")

// Store is the storage the channels need (internal/store/channel.go).
type Store interface {
	// AcceptInbound stores an event once; false when it was stored before
	// (a redelivery).
	AcceptInbound(ctx context.Context, channel, providerID string, event []byte, at time.Time) (bool, error)
	InboundDone(ctx context.Context, channel, providerID string, at time.Time) error
	// ClaimInbound leases an accepted event for processing; false when it
	// is processed or leased by someone else.
	ClaimInbound(ctx context.Context, channel, providerID string, at time.Time, lease time.Duration) (bool, error)
	// PendingInbound returns events accepted before `before`, neither
	// processed nor leased, oldest first: those a stopped server left behind.
	PendingInbound(ctx context.Context, before time.Time, limit int) ([]StoredEvent, error)

	Sender(ctx context.Context, channel, sender string) (*Sender, error)
	SenderOf(ctx context.Context, conversationID string) (*Sender, error)
	// AddSender ties a sender to a conversation; false if the sender already
	// has one (another instance was first).
	AddSender(ctx context.Context, s Sender) (bool, error)
	SenderWrote(ctx context.Context, channel, sender string, at time.Time) error
	SetChoices(ctx context.Context, channel, sender string, choices []byte) error
	SetOptedOut(ctx context.Context, channel, sender string, out bool) error
	SetConversationChannel(ctx context.Context, conversationID, channel string) error

	// Enqueue adds deliveries; one already queued (same conversation, seq
	// and part) is left as it is.
	Enqueue(ctx context.Context, ds []Delivery) error
	// ClaimDue leases due deliveries, at most one per conversation: its
	// oldest unsent one, so that a conversation's messages go out in order.
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	DeliverySent(ctx context.Context, id int64, providerID string, at time.Time) error
	DeliveryRetry(ctx context.Context, id int64, attempts int, next time.Time, why string) error
	DeliveryFailed(ctx context.Context, id int64, attempts int, why string, at time.Time) error
	// Receipt records a provider's delivered/read/failed for a message
	// sent, by the provider's id; read without an id marks every message to
	// the recipient sent up to `at` as read (Messenger's watermark).
	Receipt(ctx context.Context, channel, recipient, providerID, status, why string, at time.Time) error
	Deliveries(ctx context.Context, conversationID string, limit int) ([]Delivery, error)

	SavePayload(ctx context.Context, code, payload string) error
	Payload(ctx context.Context, code string) (string, error)
	// UsePayload empties a code's payload if it still is `was`: true for
	// the one caller that used it.
	UsePayload(ctx context.Context, code, was string) (bool, error)

	SaveTemplate(ctx context.Context, t Template) error
	DeleteTemplate(ctx context.Context, channel, purpose, language string) error
	Templates(ctx context.Context, channel string) ([]Template, error)

	// PruneChannels deletes events processed before `events` and
	// deliveries finished before `deliveries`.
	PruneChannels(ctx context.Context, events, deliveries time.Time) error

	NoteWebhook(ctx context.Context, channel string, at time.Time) error
	NoteError(ctx context.Context, channel, why string, at time.Time) error
	Health(ctx context.Context, channel string) (Health, error)

	// VerifiedPhoneCustomer returns the customer a channel verified this
	// phone number for before, creating one the first time. Typed phone
	// numbers (checkout forms) never count: only channel-verified ones.
	VerifiedPhoneCustomer(ctx context.Context, phone, name string, at time.Time) (int64, error)
}

// StoredEvent is an accepted webhook event.
type StoredEvent struct {
	Channel    string
	ProviderID string
	Event      []byte
}

// Sender is one person on one channel and their conversation.
type Sender struct {
	Channel        string
	Sender         string
	ConversationID string
	LastInbound    time.Time // zero: never wrote (a carried-over or proactive thread)
	Choices        []byte    // JSON []conversation.Option of the last numbered list (SMS)
	OptedOut       bool
}

// Delivery statuses.
const (
	StatusPending   = "pending"
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
)

// Delivery is one outbox row: a rendered request for one message.
type Delivery struct {
	ID             int64     `json:"id"`
	ConversationID string    `json:"conversation_id"`
	Channel        string    `json:"channel"`
	Recipient      string    `json:"-"`
	Seq            int64     `json:"seq"`
	Part           int       `json:"part"`
	Out            Outgoing  `json:"-"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	NextAt         time.Time `json:"-"`
	ProviderID     string    `json:"provider_id,omitempty"`
	Error          string    `json:"error,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	SentAt         time.Time `json:"sent_at,omitzero"`
	ReceiptAt      time.Time `json:"receipt_at,omitzero"`
}

// Health is what the channel page shows.
type Health struct {
	Channel       string    `json:"channel"`
	Configured    bool      `json:"configured"`
	LastWebhookAt time.Time `json:"last_webhook_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
	LastErrorAt   time.Time `json:"last_error_at,omitzero"`
	Backlog       int       `json:"backlog"`        // deliveries waiting to be sent
	Failed        int       `json:"failed"`         // deliveries given up on, ever
	Unprocessed   int       `json:"inbound_queued"` // webhook events accepted, not yet answered
}
