// Package inbox is the human side of the shop: the team's agents and their
// sessions, hand-offs from the bot to a person (queue, routing, one owner at
// a time), the agent's tools (notes, canned responses, goodwill codes,
// refunds, all audit-logged) and what comes back to the bot afterwards
// (its closing turn, satisfaction ratings, misunderstood messages to learn
// from).
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Roles of a team member.
const (
	RoleAgent = "agent"
	RoleAdmin = "admin"
)

// Reasons a conversation is handed to a person (the contract's handoff.reason).
const (
	ReasonRequested     = "requested"      // the shopper asked for a person
	ReasonLowConfidence = "low_confidence" // the bot kept not understanding
	ReasonRule          = "rule"           // a retailer's rule matched
	ReasonFrustration   = "frustration"    // rephrasing, strong words
	ReasonComplaint     = "complaint"
)

// Errors callers branch on.
var (
	ErrNotFound      = errors.New("not found")
	ErrUnauthorized  = errors.New("wrong e-mail or password")
	ErrRateLimited   = errors.New("too many failed sign-ins; wait a minute")
	ErrAlreadyTaken  = errors.New("another agent has this conversation")
	ErrNotAssignee   = errors.New("only the assigned agent may do this")
	ErrNotHandedOff  = errors.New("the conversation is not with the team")
	ErrDuplicate     = errors.New("already exists")
	ErrForbidden     = errors.New("only an admin may do this")
	ErrInvalid       = errors.New("invalid")
	ErrNoAgent       = errors.New("no such agent")
	ErrReviewClosed  = errors.New("review item already handled")
	ErrNoOrderAccess = errors.New("the order is not this customer's")
)

// Agent is a member of the shop's team.
type Agent struct {
	ID             int64      `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"name"`
	Role           string     `json:"role"`
	Languages      []string   `json:"languages"`
	Topics         []string   `json:"topics"`
	Teams          []string   `json:"teams"`
	Capacity       int        `json:"capacity"`
	Online         bool       `json:"online"`
	LastAssignedAt *time.Time `json:"last_assigned_at,omitempty"`
	Active         int        `json:"active"` // open conversations assigned now
}

// Handoff is one stretch of a conversation with the team, from the moment
// the bot hands it over until an agent resolves it.
type Handoff struct {
	ID             int64
	ConversationID string
	Reason         string
	Language       string
	Topic          string
	Team           string
	AgentID        int64
	TriggerSeq     int64 // the last message before the hand-off
	QueuedAt       time.Time
	AssignedAt     *time.Time
	ResolvedAt     *time.Time
	// FollowUp marks a hand-off made while nobody could take it: how to
	// reach the shopper (e-mail or phone), FollowUpChat, FollowUpPending
	// while asked; empty for an ordinary hand-off.
	FollowUp string
}

// Follow-up states besides a contact.
const (
	FollowUpPending = "pending" // the shopper was asked for an e-mail or phone
	FollowUpChat    = "chat"    // answer in the conversation itself
)

// Note is an internal note on a conversation; shoppers never see notes.
type Note struct {
	ID             int64     `json:"id"`
	ConversationID string    `json:"-"`
	AgentID        int64     `json:"-"`
	Author         string    `json:"author"`
	Text           string    `json:"text"`
	CreatedAt      time.Time `json:"created_at"`
}

// Canned is a canned response an agent can insert.
type Canned struct {
	ID    int64  `json:"id"`
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// AuditEntry is one thing an agent or the admin key did that matters later.
type AuditEntry struct {
	ID             int64           `json:"id"`
	AgentID        int64           `json:"agent_id"`
	Agent          string          `json:"agent,omitempty"`
	Actor          string          `json:"actor"` // the agent's name, or "admin key"
	Action         string          `json:"action"`
	Target         string          `json:"target,omitempty"` // what it was done to: "orders/1042"
	ConversationID string          `json:"conversation_id,omitempty"`
	Data           json.RawMessage `json:"data"`
	ClientAddr     string          `json:"client_addr,omitempty"`
	CreatedAt      time.Time       `json:"created_at"`
}

// ActorAdminKey is who the audit log names for actions taken with the admin key.
const ActorAdminKey = "admin key"

// ReviewItem is a shopper message the bot misunderstood, for an admin to
// label into a training example or dismiss.
type ReviewItem struct {
	ID             int64     `json:"id"`
	ConversationID string    `json:"conversation_id"`
	Seq            int64     `json:"seq"`
	Lang           string    `json:"lang"`
	Text           string    `json:"text"`
	Intent         string    `json:"intent"` // what the NLU guessed
	Confidence     float64   `json:"confidence"`
	Why            string    `json:"why"` // fallback, low_confidence, handoff
	Status         string    `json:"status"`
	Label          string    `json:"label,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Feedback is a shopper's rating or comment.
type Feedback struct {
	ConversationID string
	Kind           string // csat, comment, intent
	Rating         int
	Comment        string
}

// ListItem is a conversation as the console's lists show it.
type ListItem struct {
	ID          string                `json:"id"`
	Status      string                `json:"status"`
	Language    string                `json:"language"`
	Channel     string                `json:"channel"`
	Handoff     conversation.Handoff  `json:"handoff"`
	Customer    Person                `json:"customer"`
	LastMessage *conversation.Message `json:"last_message"`
	UpdatedAt   time.Time             `json:"updated_at"`
	Assignee    *Assignee             `json:"assignee,omitempty"`
	// FollowUp is how to reach a shopper who was handed over while nobody
	// could take the chat (see Handoff.FollowUp); absent otherwise.
	FollowUp string `json:"follow_up,omitempty"`
}

// Person is the customer's name and e-mail.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Assignee is who owns a conversation.
type Assignee struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Row is one conversation with its open (or latest) hand-off, as the store
// lists them.
type Row struct {
	Handoff      Handoff
	Conversation conversation.Conversation
	Customer     Person
	AgentName    string
}

// Event is something a live screen shows: a message, a change of status or
// assignment, a note; typing and viewing carry only who.
type Event struct {
	Type           string                `json:"type"` // message, conversation, note, typing, viewing
	ConversationID string                `json:"conversation_id"`
	Message        *conversation.Message `json:"message,omitempty"`
	Conversation   *ListItem             `json:"conversation,omitempty"`
	Note           *Note                 `json:"note,omitempty"`
	AgentID        int64                 `json:"agent_id,omitempty"`
	AgentName      string                `json:"agent_name,omitempty"`
}

// Event types.
const (
	EventMessage      = "message"
	EventConversation = "conversation"
	EventNote         = "note"
	EventTyping       = "typing"
	EventViewing      = "viewing"
)

// Publisher carries events to live screens (the console, the widget).
type Publisher interface {
	Publish(ctx context.Context, e Event)
}

// NoPublisher drops events: the default until live screens are wired.
type NoPublisher struct{}

// Publish does nothing.
func (NoPublisher) Publish(context.Context, Event) {}
