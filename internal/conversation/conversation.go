// Package conversation owns conversations with shoppers: their state, their
// messages with per-conversation sequence numbers, and the tokens that let a
// shopper's channel read and write them.
package conversation

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Statuses of a conversation (the contract's `status`).
const (
	StatusBot    = "bot"
	StatusQueued = "queued"
	StatusAgent  = "agent"
	StatusClosed = "closed"
)

// Senders of a message (the contract's `from`).
const (
	FromBot     = "bot"
	FromAgent   = "agent"
	FromShopper = "shopper"
	FromSystem  = "system"
)

// Message types.
const (
	TypeText     = "text"
	TypeProducts = "products"
	TypeLink     = "link"
	TypeImage    = "image"
)

// ErrNotFound is returned for an unknown conversation or a wrong token; the
// two are deliberately the same so that a wrong token reveals nothing.
var ErrNotFound = errors.New("conversation not found")

// Conversation is one thread with a shopper on one channel.
type Conversation struct {
	ID         string
	CustomerID int64 // 0 while the shopper is anonymous
	Channel    string
	Status     string
	Language   string
	State      json.RawMessage // owned by the dialogue engine
	Handoff    Handoff
	LastSeq    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Handoff is what a human colleague needs to know (the contract's `handoff`).
type Handoff struct {
	Reason  string `json:"reason,omitempty"`
	Summary string `json:"summary,omitempty"`
	Agent   string `json:"agent,omitempty"`
	// FollowUp is set when the shopper was handed over while nobody could
	// take the chat: how to reach them, "chat" or "pending" (inbox.Handoff).
	FollowUp string `json:"follow_up,omitempty"`
}

// Message is one message of a conversation, in the contract's shape.
type Message struct {
	Seq     int64    `json:"seq"`
	From    string   `json:"from"`
	Type    string   `json:"type"`
	Text    string   `json:"text,omitempty"`
	Options []Option `json:"options,omitempty"`
	Items   []Item   `json:"items,omitempty"`
	URL     string   `json:"url,omitempty"`
	Purpose string   `json:"purpose,omitempty"`
	// Reason says why a products message shows its items: search,
	// agent (an agent sent it from the console),
	// availability, similar, cross_sell, bundle, recommendation.
	Reason string `json:"reason,omitempty"`
	// Proactive marks a message the shop sent on its own: cart_recovery,
	// back_in_stock, price_drop, order_update, review_request.
	Proactive string    `json:"proactive,omitempty"`
	Input     *Input    `json:"input,omitempty"`
	Payload   string    `json:"payload,omitempty"`    // the button payload a shopper tapped
	Author    string    `json:"agent_name,omitempty"` // an agent's display name
	Fallback  bool      `json:"fallback,omitempty"`   // the bot did not understand
	NLU       *NLU      `json:"nlu,omitempty"`        // on shopper messages, for the admin transcript
	Created   time.Time `json:"created_at"`
	// Encoded is the message's JSON exactly as the store saved it (without
	// HTML escaping), set on the messages a save returns, so that the
	// answer to a turn is not encoded a second time (issue #17). Whoever
	// changes a field of such a message must clear it.
	Encoded json.RawMessage `json:"-"`
}

// Option is a quick reply.
type Option struct {
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

// Item is a product card.
type Item struct {
	SKU            string        `json:"sku"`
	Handle         string        `json:"handle"`
	Title          string        `json:"title"`
	Price          money.Money   `json:"price"`
	CompareAtPrice *money.Money  `json:"compare_at_price,omitempty"`
	ImageURL       string        `json:"image_url"`
	InStock        bool          `json:"in_stock"`
	Variants       []ItemVariant `json:"variants"`
	// Options are the card's own buttons ("Details", "Add to cart",
	// "Choose size"); OptionLabels the option names in the shopper's
	// language ("Size" → "Maat"); PriceText the price as the shopper reads
	// it, "Free" for nothing.
	Options      []Option `json:"options,omitempty"`
	OptionLabels Values   `json:"option_labels,omitempty"`
	PriceText    string   `json:"price_text,omitempty"`
}

// ItemVariant is one variant on a product card.
type ItemVariant struct {
	SKU     string      `json:"sku"`
	Options Values      `json:"options"`
	InStock bool        `json:"in_stock"`
	Stock   int         `json:"stock"`
	Price   money.Money `json:"price"`
	// Display is each option's value in the shopper's language ("Black" →
	// "zwart"); Payload selects this variant when its chip is tapped, and is
	// empty for a sold-out combination, which is shown but never offered.
	Display Values `json:"display,omitempty"`
	Payload string `json:"payload,omitempty"`
}

// Input tells the channel what the bot is waiting for.
type Input struct {
	Type  string `json:"type"`
	Field string `json:"field"`
}

// NLU is what the bot understood of a shopper's message.
type NLU struct {
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
	Language   string  `json:"language,omitempty"`
}

// ForShopper returns the message as a shopper's channel may see it: without
// the bot's internal understanding.
func (m Message) ForShopper() Message {
	if m.NLU != nil || m.Fallback {
		m.Encoded = nil
	}
	m.NLU = nil
	m.Fallback = false
	return m
}
