// Package privacy answers a person's rights over what the shop holds about
// them: an export of everything, erasure (orders stay for the books with the
// person's details replaced by a marker), redaction of conversations past
// the retention period, and the consents they gave or withdrew.
package privacy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Redacted replaces personal details that must go while the record stays.
const Redacted = "[redacted]"

// Consent purposes.
const (
	PurposeService   = "service"   // messages about their orders and chats
	PurposeMarketing = "marketing" // offers the shop sends unasked
)

// ErrInvalid is returned for a request that cannot be met as asked.
var ErrInvalid = errors.New("invalid privacy request")

// Customer is the customer record.
type Customer struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Phone     string    `json:"phone"`
	CreatedAt time.Time `json:"created_at"`
}

// SavedMethod is a saved card as the shop knows it (never the number).
type SavedMethod struct {
	Gateway string `json:"gateway"`
	Label   string `json:"label"`
}

// Conversation is one chat with its messages.
type Conversation struct {
	ID        string                 `json:"id"`
	Channel   string                 `json:"channel"`
	Language  string                 `json:"language"`
	CreatedAt time.Time              `json:"created_at"`
	Messages  []conversation.Message `json:"messages"`
}

// Consent is a permission given or withdrawn, with when and where.
type Consent struct {
	ID             int64     `json:"id"`
	CustomerID     int64     `json:"-"`
	ConversationID string    `json:"conversation_id,omitempty"`
	Purpose        string    `json:"purpose"`
	Granted        bool      `json:"granted"`
	Source         string    `json:"source"` // chat, widget, admin, import…
	CreatedAt      time.Time `json:"created_at"`
}

// Export is everything the shop holds about one person.
type Export struct {
	Customer       *Customer
	Addresses      []address.Address
	PaymentMethods []SavedMethod
	Orders         []order.Order
	Conversations  []Conversation
	Consents       []Consent
}

// Erasure counts what an erasure changed.
type Erasure struct {
	Customers     int `json:"customers"`
	Orders        int `json:"orders_redacted"`
	Conversations int `json:"conversations_redacted"`
}

// Store is the storage privacy needs.
type Store interface {
	ExportCustomer(ctx context.Context, email string) (*Export, error)
	EraseCustomer(ctx context.Context, email string) (Erasure, error)
	RedactConversations(ctx context.Context, idleBefore time.Time, limit int) (int, error)
	AddConsent(ctx context.Context, c Consent) (Consent, error)
	UpsertCustomer(ctx context.Context, email, name, phone string) (int64, error)
}

// Service answers privacy requests.
type Service struct {
	store Store
}

// NewService makes the privacy service.
func NewService(store Store) *Service { return &Service{store: store} }

func normalEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if !strings.Contains(e, "@") || e == Redacted {
		return "", fmt.Errorf("%w: %q is not an e-mail address", ErrInvalid, email)
	}
	return e, nil
}

// Export gathers everything held about the person with this e-mail; an
// empty export when the shop holds nothing.
func (s *Service) Export(ctx context.Context, email string) (*Export, error) {
	e, err := normalEmail(email)
	if err != nil {
		return nil, err
	}
	return s.store.ExportCustomer(ctx, e)
}

// Erase removes the person: their customer record, saved addresses and
// cards go; their orders stay for the books with name, e-mail, phone and
// address replaced by Redacted; their conversations' messages are redacted
// and the conversations' tokens stop working.
func (s *Service) Erase(ctx context.Context, email string) (Erasure, error) {
	e, err := normalEmail(email)
	if err != nil {
		return Erasure{}, err
	}
	return s.store.EraseCustomer(ctx, e)
}

// RedactIdle redacts the messages of conversations idle since before
// cutoff, each once even with several instances running the job.
func (s *Service) RedactIdle(ctx context.Context, cutoff time.Time) (int, error) {
	return s.store.RedactConversations(ctx, cutoff, 100)
}

// RecordConsent stores a consent given or withdrawn, for a customer (by
// e-mail) or a conversation.
func (s *Service) RecordConsent(ctx context.Context, email string, c Consent) (Consent, error) {
	if c.Purpose != PurposeService && c.Purpose != PurposeMarketing {
		return Consent{}, fmt.Errorf("%w: purpose must be %q or %q", ErrInvalid, PurposeService, PurposeMarketing)
	}
	c.Source = strings.TrimSpace(c.Source)
	if c.Source == "" || len(c.Source) > 64 {
		return Consent{}, fmt.Errorf("%w: source must name where consent was given (at most 64 characters)", ErrInvalid)
	}
	if email != "" {
		e, err := normalEmail(email)
		if err != nil {
			return Consent{}, err
		}
		// A newsletter sign-up may come before any order: the consent
		// starts the customer record.
		id, err := s.store.UpsertCustomer(ctx, e, "", "")
		if err != nil {
			return Consent{}, err
		}
		c.CustomerID = id
	}
	if c.CustomerID == 0 && c.ConversationID == "" {
		return Consent{}, fmt.Errorf("%w: a consent belongs to a customer's e-mail or a conversation", ErrInvalid)
	}
	return s.store.AddConsent(ctx, c)
}
