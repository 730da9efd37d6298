// Package identity decides when a conversation may speak for a customer.
// Typing an e-mail address proves nothing, so a chat is tied to a customer
// only after proof: a one-time code sent to that address, an identity the
// shop's own site signed, or a phone number a messaging channel verified.
// Every binding is recorded with its source and time.
package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// Sources of a binding.
const (
	SourceEmailCode = "email_code" // the shopper typed a code sent to the address
	SourceSigned    = "signed"     // the shop's own site signed the identity
)

// Rules of one-time codes.
const (
	CodeDigits  = 6
	CodeTTL     = 10 * time.Minute
	MaxAttempts = 5
	// At most this many codes per conversation and per customer an hour:
	// enough for a lost mail or two, too few to flood anyone's inbox.
	MaxCodesPerHour = 3
)

// Errors callers branch on.
var (
	ErrNoCode      = errors.New("no code is waiting")
	ErrWrongCode   = errors.New("wrong code")
	ErrExpired     = errors.New("code expired")
	ErrLocked      = errors.New("too many wrong tries")
	ErrTooMany     = errors.New("too many codes asked for")
	ErrNoMailer    = errors.New("no way to send codes")
	ErrBadIdentity = errors.New("signature does not match")
)

// Code is a stored one-time code.
type Code struct {
	ID             int64
	ConversationID string
	CustomerID     int64
	Hash           string
	Attempts       int
	ExpiresAt      time.Time
	UsedAt         *time.Time
	CreatedAt      time.Time
}

// Binding is one time a conversation was tied to a customer.
type Binding struct {
	ConversationID string    `json:"conversation_id"`
	CustomerID     int64     `json:"customer_id"`
	Source         string    `json:"source"`
	Reference      string    `json:"reference,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Store is the storage identity needs.
type Store interface {
	CreateCode(ctx context.Context, c *Code) error
	LatestCode(ctx context.Context, conversationID string) (*Code, error) // ErrNoCode when none
	// CountCodes counts codes created since for the conversation or the customer.
	CountCodes(ctx context.Context, conversationID string, customerID int64, since time.Time) (int, error)
	// TryCode records one attempt on the code and, when match, marks it
	// used; it reports false when the code was used or out of attempts
	// already (another instance got there first).
	TryCode(ctx context.Context, id int64, match bool, now time.Time, max int) (ok bool, err error)
	RecordBinding(ctx context.Context, b Binding) error
	Bindings(ctx context.Context, conversationID string) ([]Binding, error)
}

// Conversations binds a conversation to a customer under its turn lock.
type Conversations interface {
	Bind(ctx context.Context, conversationID string, customerID int64) error
}

// Service sends and checks codes and records bindings.
type Service struct {
	store    Store
	mailer   Mailer // nil: codes cannot be sent
	messages *i18n.Catalog
	secret   []byte // shared with the shop's site; empty: signed identities are refused
	shop     string
	// Conversations is needed by BindVerified only.
	Conversations Conversations
	Now           func() time.Time
}

// NewService makes the identity service. mailer may be nil (no codes) and
// secret empty (no signed identities).
func NewService(store Store, mailer Mailer, messages *i18n.Catalog, secret, shopName string) *Service {
	return &Service{store: store, mailer: mailer, messages: messages, secret: []byte(secret), shop: shopName, Now: time.Now}
}

// CanSendCodes reports whether codes can be sent at all.
func (s *Service) CanSendCodes() bool { return s != nil && s.mailer != nil }

// plainEmail is an e-mail address with nothing in it that could move the
// boundary of the signed text.
var plainEmail = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$`)

// Sign is the signature the shop's site puts beside a customer's id and
// e-mail: hex(HMAC-SHA256(secret, id + ":" + lowercase(email))).
func Sign(secret, id, email string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(id + ":" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil))
}

// CheckSignature reports whether signature is the shop's signature of id
// and email. Without a configured secret nothing is ever signed.
func (s *Service) CheckSignature(id, email, signature string) error {
	if s == nil || len(s.secret) == 0 || id == "" || email == "" || signature == "" {
		return ErrBadIdentity
	}
	// "id:email" is signed; with a ':' allowed in either, a signature for
	// id 77 and e-mail "x:victim@…" would also pass for id "77:x" and the
	// victim's address. Neither may hold one, and the e-mail must be one.
	if strings.Contains(id, ":") || !plainEmail.MatchString(strings.TrimSpace(email)) {
		return ErrBadIdentity
	}
	want := Sign(string(s.secret), id, email)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(strings.TrimSpace(signature)))) != 1 {
		return ErrBadIdentity
	}
	return nil
}

// SendCode makes a new code for the conversation to prove it speaks for
// customerID, and mails it to email in lang. Earlier codes of the
// conversation stop counting: only the latest is checked.
func (s *Service) SendCode(ctx context.Context, conversationID string, customerID int64, email, lang string) error {
	if !s.CanSendCodes() {
		return ErrNoMailer
	}
	now := s.Now().UTC()
	n, err := s.store.CountCodes(ctx, conversationID, customerID, now.Add(-time.Hour))
	if err != nil {
		return err
	}
	if n >= MaxCodesPerHour {
		return ErrTooMany
	}
	code, err := newCode()
	if err != nil {
		return err
	}
	c := &Code{ConversationID: conversationID, CustomerID: customerID, Hash: hashCode(conversationID, code),
		ExpiresAt: now.Add(CodeTTL), CreatedAt: now}
	if err := s.store.CreateCode(ctx, c); err != nil {
		return fmt.Errorf("store code: %w", err)
	}
	mail := Mail{To: email,
		Subject: s.messages.T(lang, "identity.mail.subject", "shop", s.shop),
		Body:    s.messages.T(lang, "identity.mail.body", "shop", s.shop, "code", code, "minutes", int(CodeTTL.Minutes()))}
	if err := s.mailer.Send(ctx, mail); err != nil {
		return fmt.Errorf("send code: %w", err)
	}
	return nil
}

// CheckCode checks a code typed in the conversation against its latest
// code. It returns the customer the code proves, or ErrNoCode, ErrExpired,
// ErrLocked, or ErrWrongCode with the tries left.
func (s *Service) CheckCode(ctx context.Context, conversationID, typed string) (customerID int64, left int, err error) {
	c, err := s.store.LatestCode(ctx, conversationID)
	if err != nil {
		return 0, 0, err
	}
	now := s.Now().UTC()
	switch {
	case c.UsedAt != nil:
		return 0, 0, ErrNoCode
	case c.Attempts >= MaxAttempts:
		return 0, 0, ErrLocked
	case !now.Before(c.ExpiresAt):
		return 0, 0, ErrExpired
	}
	match := subtle.ConstantTimeCompare([]byte(c.Hash), []byte(hashCode(conversationID, strings.TrimSpace(typed)))) == 1
	ok, err := s.store.TryCode(ctx, c.ID, match, now, MaxAttempts)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return 0, 0, ErrLocked
	}
	if !match {
		left = MaxAttempts - c.Attempts - 1
		if left <= 0 {
			return 0, 0, ErrLocked
		}
		return 0, left, ErrWrongCode
	}
	return c.CustomerID, 0, nil
}

// Record notes that the conversation now speaks for customerID, and how it
// was proved. The caller has set the conversation's customer itself (in a
// turn, saved with it).
func (s *Service) Record(ctx context.Context, conversationID string, customerID int64, source, reference string) error {
	return s.store.RecordBinding(ctx, Binding{ConversationID: conversationID, CustomerID: customerID,
		Source: source, Reference: reference, CreatedAt: s.Now().UTC()})
}

// BindVerified ties a conversation to a customer whose identity a channel
// verified itself (WhatsApp's or SMS's sender number), outside a turn.
// source names the channel's proof, e.g. "phone:whatsapp"; reference is
// what it proved (the phone number), so the same number on another channel
// finds the same customer.
func (s *Service) BindVerified(ctx context.Context, conversationID string, customerID int64, source, reference string) error {
	if s.Conversations == nil {
		return errors.New("bind verified: no conversations")
	}
	if customerID == 0 || source == "" {
		return errors.New("bind verified: customer and source are required")
	}
	if err := s.Conversations.Bind(ctx, conversationID, customerID); err != nil {
		return fmt.Errorf("bind %s: %w", conversationID, err)
	}
	return s.Record(ctx, conversationID, customerID, source, reference)
}

// Latest returns the last binding of a conversation, or nil when it never
// was tied to a customer.
func (s *Service) Latest(ctx context.Context, conversationID string) (*Binding, error) {
	bs, err := s.store.Bindings(ctx, conversationID)
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	return &bs[len(bs)-1], nil
}

// newCode is six random digits, leading zeros kept.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("random code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// hashCode keeps only a digest of a code. The conversation id salts it, so a
// leaked table cannot be matched against one precomputed list of the million
// codes; the few tries allowed are what keeps guessing out.
func hashCode(conversationID, code string) string {
	h := sha256.Sum256([]byte(conversationID + "\x00" + code))
	return hex.EncodeToString(h[:])
}
