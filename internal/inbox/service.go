package inbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// Store is the storage the inbox needs (store.DB).
type Store interface {
	CreateAgent(ctx context.Context, a *Agent, passwordHash string) error
	UpdateAgent(ctx context.Context, a *Agent, passwordHash string) error
	AgentByID(ctx context.Context, id int64) (*Agent, error)
	AgentByEmail(ctx context.Context, email string) (*Agent, string, error)
	Agents(ctx context.Context) ([]Agent, error)
	SetAgentOnline(ctx context.Context, id int64, online bool) error
	CreateAgentSession(ctx context.Context, tokenHash string, agentID int64, expires time.Time) error
	AgentBySession(ctx context.Context, tokenHash string, now time.Time) (*Agent, error)
	DeleteAgentSession(ctx context.Context, tokenHash string) error

	OpenHandoff(ctx context.Context, h *Handoff) (bool, error)
	CurrentHandoff(ctx context.Context, conversationID string) (*Handoff, error)
	QueuedHandoffs(ctx context.Context) ([]Handoff, error)
	OrphanedHandoffs(ctx context.Context) ([]conversation.Conversation, error)
	// AssignHandoff gives h to agentID when its current agent is expect (0:
	// nobody; -1: anyone), setting the conversation's status and hand-off
	// in the same transaction. It reports false when someone else won.
	AssignHandoff(ctx context.Context, h *Handoff, expect, agentID int64, team string, ho conversation.Handoff, at time.Time) (bool, error)
	// ResolveHandoff closes h and stores c with the bot's closing messages,
	// at most once: it reports false when h was already resolved.
	ResolveHandoff(ctx context.Context, h *Handoff, c *conversation.Conversation, msgs []conversation.Message, at time.Time) ([]conversation.Message, bool, error)
	RecentWaits(ctx context.Context, n int) ([]time.Duration, error)
	SetFollowUp(ctx context.Context, handoffID int64, contact string) (bool, error)
	InboxRows(ctx context.Context, view string, agentID int64, limit int) ([]Row, error)
	CustomerConversations(ctx context.Context, customerID int64, limit int) ([]conversation.Conversation, error)

	// Sign-in back-off per account and client, shared by every instance,
	// and the addresses an account signed in from (login.go).
	LoginBackoff(ctx context.Context, account, client string) (failures int, last time.Time, found bool, err error)
	ClaimLoginAttempt(ctx context.Context, account, client string, seen, failures int, at time.Time) (bool, error)
	AddLoginFailure(ctx context.Context, account, client string, at, forgetBefore time.Time) error
	ClearLoginBackoff(ctx context.Context, account, client string) error
	RememberLoginClient(ctx context.Context, account, client string, at time.Time) error
	KnownLoginClient(ctx context.Context, account, client string, since time.Time) (bool, error)
	// An agent's second factor (totp.go).
	AgentTOTP(ctx context.Context, id int64) (secret, pending string, err error)
	SetAgentTOTP(ctx context.Context, id int64, secret, pending string) error
	UseTOTPStep(ctx context.Context, id int64, step int64) (bool, error)
	// SettleRefunds marks an order refunded once its refunds reach its
	// total (exactly once) and reports the refunded amount.
	SettleRefunds(ctx context.Context, orderID int64) (refunded int64, settled bool, err error)
	RefundedAmounts(ctx context.Context, orderIDs []int64) (map[int64]int64, error)

	AddNote(ctx context.Context, n *Note) error
	Notes(ctx context.Context, conversationID string) ([]Note, error)
	CannedResponses(ctx context.Context, lang string) ([]Canned, error)
	AddCanned(ctx context.Context, c Canned) error
	AddAudit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
	HandoffRules(ctx context.Context) (string, error)
	SaveHandoffRules(ctx context.Context, rules string) error
	AddReviewItems(ctx context.Context, items []ReviewItem) error
	ReviewItems(ctx context.Context, status string, limit int) ([]ReviewItem, error)
	ReviewItemByID(ctx context.Context, id int64) (*ReviewItem, error)
	CloseReviewItem(ctx context.Context, id int64, status, label string) (bool, error)
	AddFeedback(ctx context.Context, f Feedback) error
	FeedbackOf(ctx context.Context, conversationID string) ([]Feedback, error)
}

// Customers reads customers.
type Customers interface {
	Customer(ctx context.Context, id int64) (email, name, phone string, err error)
}

// Orders lists and finds orders.
type Orders interface {
	List(ctx context.Context, f order.Filter) ([]order.Order, error)
	ByNumber(ctx context.Context, number string) (*order.Order, error)
}

// Carts finds the cart of a conversation.
type Carts interface {
	For(ctx context.Context, customerID int64, conversationID string) (*cart.Cart, error)
}

// Bot is what the inbox asks of the dialogue engine: its closing turn
// after a person resolved the conversation.
type Bot interface {
	Rejoin(ctx context.Context, c *conversation.Conversation, agentName string) []conversation.Message
}

// Coupons makes goodwill codes.
type Coupons interface {
	Goodwill(ctx context.Context, percent int64, customerID int64) (string, error)
}

// Refunds refunds orders.
type Refunds interface {
	Refund(ctx context.Context, o *order.Order, amount money.Money, key string) (string, error)
}

// Trainer teaches the NLU new examples (the admin's training path).
type Trainer interface {
	AddExamples(ctx context.Context, ex []nlu.Example) error
}

// Service is the inbox.
type Service struct {
	store     Store
	conv      *conversation.Service
	Publisher Publisher
	Hours     Hours
	// HoursNow, when set, answers the current support hours instead of
	// Hours: the admin can change them while the server runs.
	HoursNow  func() Hours
	Bot       Bot
	Customers Customers
	Orders    Orders
	Carts     Carts
	// CartEdits lets agents change the shopper's cart (nil: they cannot).
	CartEdits CartEditor
	// Cards builds the product cards agents send (nil: they cannot).
	Cards     Cards
	Coupons   Coupons
	Refunds   Refunds
	Trainer   Trainer
	Languages []string
	Now       func() time.Time
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// HashSlots bound the passwords hashed at once (19 MiB each): one per
	// core, since more at once only queue for the cores while holding memory.
	HashSlots *limit.Slots

	routeMu sync.Mutex
}

// NewService makes the inbox and hooks it into the conversations.
func NewService(st Store, conv *conversation.Service) *Service {
	s := &Service{store: st, conv: conv, Publisher: NoPublisher{}, Now: time.Now, SessionTTL: 12 * time.Hour,
		HashSlots: limit.NewSlots(runtime.GOMAXPROCS(0))}
	conv.OnSaved = s.saved
	return s
}

// ---- agents and sessions ----

// NewAgent is a team member to create.
type NewAgent struct {
	Email     string   `json:"email"`
	Name      string   `json:"name"`
	Password  string   `json:"password"`
	Role      string   `json:"role"`
	Languages []string `json:"languages"`
	Topics    []string `json:"topics"`
	Teams     []string `json:"teams"`
	Capacity  int      `json:"capacity"`
}

// CreateAgent adds a team member.
func (s *Service) CreateAgent(ctx context.Context, n NewAgent) (*Agent, error) {
	a := &Agent{Email: strings.ToLower(strings.TrimSpace(n.Email)), Name: strings.TrimSpace(n.Name), Role: n.Role,
		Languages: n.Languages, Topics: n.Topics, Teams: n.Teams, Capacity: n.Capacity}
	if a.Role == "" {
		a.Role = RoleAgent
	}
	if a.Capacity == 0 {
		a.Capacity = 3
	}
	if err := s.validAgent(a); err != nil {
		return nil, err
	}
	if len([]rune(n.Password)) < MinPasswordLength || len(n.Password) > 200 {
		return nil, fmt.Errorf("%w: the password must have %d to 200 characters", ErrInvalid, MinPasswordLength)
	}
	hash, err := s.hashPassword(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateAgent(ctx, a, hash); err != nil {
		return nil, err
	}
	return a, nil
}

// AgentUpdate changes some of an agent's fields; nil fields stay.
type AgentUpdate struct {
	Name      *string   `json:"name"`
	Password  *string   `json:"password"`
	Role      *string   `json:"role"`
	Languages *[]string `json:"languages"`
	Topics    *[]string `json:"topics"`
	Teams     *[]string `json:"teams"`
	Capacity  *int      `json:"capacity"`
}

// UpdateAgent changes a team member.
func (s *Service) UpdateAgent(ctx context.Context, id int64, u AgentUpdate) (*Agent, error) {
	a, err := s.store.AgentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.Name != nil {
		a.Name = strings.TrimSpace(*u.Name)
	}
	if u.Role != nil {
		a.Role = *u.Role
	}
	if u.Languages != nil {
		a.Languages = *u.Languages
	}
	if u.Topics != nil {
		a.Topics = *u.Topics
	}
	if u.Teams != nil {
		a.Teams = *u.Teams
	}
	if u.Capacity != nil {
		a.Capacity = *u.Capacity
	}
	if err := s.validAgent(a); err != nil {
		return nil, err
	}
	hash := ""
	if u.Password != nil {
		if len([]rune(*u.Password)) < MinPasswordLength || len(*u.Password) > 200 {
			return nil, fmt.Errorf("%w: the password must have %d to 200 characters", ErrInvalid, MinPasswordLength)
		}
		if hash, err = s.hashPassword(ctx, *u.Password); err != nil {
			return nil, err
		}
	}
	if err := s.store.UpdateAgent(ctx, a, hash); err != nil {
		return nil, err
	}
	s.drain(ctx) // more capacity or skills may take waiting shoppers
	return a, nil
}

func (s *Service) validAgent(a *Agent) error {
	if _, err := mail.ParseAddress(a.Email); err != nil || !strings.Contains(a.Email, "@") {
		return fmt.Errorf("%w: email must be an e-mail address", ErrInvalid)
	}
	if a.Name == "" || len(a.Name) > 100 {
		return fmt.Errorf("%w: name must have 1 to 100 characters", ErrInvalid)
	}
	if a.Role != RoleAgent && a.Role != RoleAdmin {
		return fmt.Errorf("%w: role must be agent or admin", ErrInvalid)
	}
	if a.Capacity < 1 || a.Capacity > 50 {
		return fmt.Errorf("%w: capacity must be 1 to 50", ErrInvalid)
	}
	for _, l := range a.Languages {
		if len(s.Languages) > 0 && !slices.Contains(s.Languages, l) {
			return fmt.Errorf("%w: languages must be among %s", ErrInvalid, strings.Join(s.Languages, ", "))
		}
	}
	a.Languages, a.Topics, a.Teams = clean(a.Languages), clean(a.Topics), clean(a.Teams)
	return nil
}

func clean(xs []string) []string {
	out := []string{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Agents lists the team.
func (s *Service) Agents(ctx context.Context) ([]Agent, error) { return s.store.Agents(ctx) }

// Authenticate returns the agent of a session token.
func (s *Service) Authenticate(ctx context.Context, token string) (*Agent, error) {
	if token == "" || len(token) > 200 {
		return nil, ErrUnauthorized
	}
	a, err := s.store.AgentBySession(ctx, hashToken(token), s.Now())
	if errors.Is(err, ErrNotFound) {
		return nil, ErrUnauthorized
	}
	return a, err
}

// Logout ends a session; the agent goes off line, so no more shoppers are
// routed to a console nobody watches.
func (s *Service) Logout(ctx context.Context, token string) error {
	a, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAgentSession(ctx, hashToken(token)); err != nil {
		return err
	}
	return s.store.SetAgentOnline(ctx, a.ID, false)
}

// Drain routes waiting shoppers to free agents; run now and then, so that
// a queue that built up overnight is served when support hours begin. It
// first queues again any conversation left with the team but without a
// hand-off.
func (s *Service) Drain(ctx context.Context) {
	orphans, err := s.store.OrphanedHandoffs(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "find orphaned hand-offs", "err", err)
	}
	for _, c := range orphans {
		reason, topic, _ := strings.Cut(c.Handoff.Reason, ":")
		if reason == "" {
			reason = ReasonRequested
		}
		h := &Handoff{ConversationID: c.ID, Reason: reason, Topic: topic, Language: c.Language, TriggerSeq: c.LastSeq, QueuedAt: s.Now().UTC()}
		if _, err := s.store.OpenHandoff(ctx, h); err != nil {
			slog.ErrorContext(ctx, "queue orphaned hand-off", "conversation", c.ID, "err", err)
		}
	}
	s.drain(ctx)
}

// SetOnline marks an agent on or off line; coming online takes waiting
// shoppers from the queue.
func (s *Service) SetOnline(ctx context.Context, a *Agent, online bool) error {
	if err := s.store.SetAgentOnline(ctx, a.ID, online); err != nil {
		return err
	}
	a.Online = online
	if online {
		s.drain(ctx)
	}
	return nil
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken keeps only digests of session tokens in the database.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// ---- rules ----

// Rules returns the retailer's hand-off rules (the defaults when none are
// saved or they cannot be read). The defaults are one value shared by every
// caller, made once rather than twice a chat turn (issue #17): callers read
// the rules and never change their lists or maps.
func (s *Service) Rules(ctx context.Context) Rules {
	raw, err := s.store.HandoffRules(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "read hand-off rules", "err", err)
	}
	if raw == "" || err != nil {
		return sharedDefaultRules()
	}
	var r Rules
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return sharedDefaultRules()
	}
	return r
}

var sharedDefaultRules = sync.OnceValue(DefaultRules)

// SaveRules validates and stores the retailer's rules.
func (s *Service) SaveRules(ctx context.Context, r Rules) (Rules, error) {
	if err := r.Validate(s.Languages); err != nil {
		return Rules{}, err
	}
	b, _ := json.Marshal(r)
	return r, s.store.SaveHandoffRules(ctx, string(b))
}

// ---- audit ----

func (s *Service) audit(ctx context.Context, a *Agent, action, conv string, data any) {
	b, _ := json.Marshal(data)
	var id int64
	if a != nil {
		id = a.ID
	}
	s.Record(ctx, AuditEntry{AgentID: id, Action: action, ConversationID: conv, Data: b})
}

// Record appends e to the audit log with the client address of the
// request; a failure is logged, never passed on: the action has happened.
func (s *Service) Record(ctx context.Context, e AuditEntry) {
	if e.ClientAddr == "" {
		e.ClientAddr = reqinfo.ClientAddr(ctx)
	}
	if err := s.store.AddAudit(ctx, e); err != nil {
		slog.ErrorContext(ctx, "write audit log", "action", e.Action, "conversation", e.ConversationID, "err", err)
	}
}

// Audit returns the newest audit entries.
func (s *Service) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	return s.store.AuditLog(ctx, limit)
}

// Canned returns canned responses in a language (all when lang is "").
func (s *Service) Canned(ctx context.Context, lang string) ([]Canned, error) {
	return s.store.CannedResponses(ctx, lang)
}

// AddCanned stores a canned response.
func (s *Service) AddCanned(ctx context.Context, c Canned) error { return s.store.AddCanned(ctx, c) }

// hours are the support hours in force now.
func (s *Service) hours() Hours {
	if s.HoursNow != nil {
		return s.HoursNow()
	}
	return s.Hours
}
