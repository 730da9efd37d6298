package conversation

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// Store is the storage conversations need.
type Store interface {
	CreateConversation(ctx context.Context, c *Conversation, tokenHash string, msgs []Message) ([]Message, error)
	Conversation(ctx context.Context, id string) (*Conversation, string, error)
	SaveTurn(ctx context.Context, c *Conversation, msgs []Message) ([]Message, error)
	MessagesAfter(ctx context.Context, id string, after int64, limit int) ([]Message, error)
	LockConversation(ctx context.Context, id string) (unlock func(), err error)
}

// Inbound is one message from a shopper, whatever the channel.
type Inbound struct {
	Text    string
	Payload string // a quick reply's payload
}

// Responder decides what the shop says: the dialogue engine.
type Responder interface {
	// Greet returns the opening messages of a new conversation.
	Greet(ctx context.Context, c *Conversation) []Message
	// Respond handles one inbound message. It returns the shopper's message (as
	// understood) followed by the replies, and may change c's state.
	Respond(ctx context.Context, c *Conversation, in Inbound) ([]Message, error)
}

// Service creates conversations and runs their turns one at a time.
type Service struct {
	store     Store
	responder Responder
	mu        sync.Mutex
	locks     map[string]*turnLock
	tokens    tokenCache
	// OnSaved, when set, hears of every stored change after the turn lock
	// is released: the conversation as saved, its status before, and the
	// new messages. The inbox uses it to queue hand-offs and feed live
	// screens.
	OnSaved func(ctx context.Context, c *Conversation, before string, msgs []Message)
	// OnTurn, when set, hears of every answered shopper message with the
	// time the turn took, for the server's metrics.
	OnTurn func(ctx context.Context, c *Conversation, before string, msgs []Message, took time.Duration)
}

type turnLock struct {
	sync.Mutex
	users int
}

// NewService makes the conversation service.
func NewService(store Store, responder Responder) *Service {
	return &Service{store: store, responder: responder, locks: map[string]*turnLock{}}
}

// Start creates a conversation on a channel, greets the shopper and returns
// the conversation, the bearer token for its channel and the greeting.
func (s *Service) Start(ctx context.Context, channel, language string, customerID int64) (*Conversation, string, []Message, error) {
	return s.start(ctx, channel, language, customerID, true)
}

// Open creates a conversation for a messaging channel, without a greeting:
// the shopper's first message already says what they want. Its token is
// never handed out; the provider's signature stands in for it.
func (s *Service) Open(ctx context.Context, channel, language string) (*Conversation, error) {
	c, _, _, err := s.start(ctx, channel, language, 0, false)
	return c, err
}

func (s *Service) start(ctx context.Context, channel, language string, customerID int64, greet bool) (*Conversation, string, []Message, error) {
	id, err := randomString(12)
	if err != nil {
		return nil, "", nil, err
	}
	token, err := randomString(32)
	if err != nil {
		return nil, "", nil, err
	}
	t := time.Now().UTC()
	c := &Conversation{ID: "c_" + id, Channel: channel, Status: StatusBot, Language: language,
		CustomerID: customerID, State: []byte("{}"), CreatedAt: t, UpdatedAt: t}
	var greeting []Message
	if greet {
		greeting = s.responder.Greet(ctx, c)
	}
	hash := hashToken(token)
	msgs, err := s.store.CreateConversation(ctx, c, hash, greeting)
	if err != nil {
		return nil, "", nil, fmt.Errorf("create conversation: %w", err)
	}
	s.tokens.put(c.ID, hash)
	return c, token, msgs, nil
}

// Authorize returns the conversation when token is its token. An unknown id
// and a wrong token both give ErrNotFound, after the same work.
func (s *Service) Authorize(ctx context.Context, id, token string) (*Conversation, error) {
	c, hash, err := s.store.Conversation(ctx, id)
	if errors.Is(err, ErrNotFound) {
		hash = hashToken("") // compare anyway so timing says nothing
	} else if err != nil {
		return nil, err
	}
	ok := subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(token))) == 1
	if c == nil || !ok || token == "" {
		return nil, ErrNotFound
	}
	s.tokens.put(id, hash)
	return c, nil
}

// Get returns a conversation without checking a token (admin and console use).
func (s *Service) Get(ctx context.Context, id string) (*Conversation, error) {
	c, _, err := s.store.Conversation(ctx, id)
	return c, err
}

// Turn runs one shopper message through the responder and stores the result.
// Turns of one conversation run one after another, never interleaved.
//
// While a person owns the conversation (queued or agent) the bot says
// nothing at all: the shopper's message is stored for the agent and the
// responder is not asked.
func (s *Service) Turn(ctx context.Context, id, token string, in Inbound) ([]Message, error) {
	// The token first: a caller without it must neither take the turn lock
	// nor wait on it, or anyone knowing a conversation's id could hold up
	// its shopper. A token never changes (erasure only kills it), so a
	// token seen to be right before stays right until the conversation is
	// read under the lock, which checks it again. That saves reading the
	// conversation twice a turn (issue #17): a token this instance has seen
	// is checked against the hash it remembers, any other is checked
	// against the database, so a wrong token costs the same as before.
	hash := hashToken(token)
	if token == "" || !s.tokens.holds(id, hash) {
		if _, err := s.Authorize(ctx, id, token); err != nil {
			return nil, err
		}
	}
	return s.run(ctx, id, hash, in)
}

// TurnTrusted runs a turn for a caller that proved the shopper otherwise: a
// messaging channel whose provider signed the webhook.
func (s *Service) TurnTrusted(ctx context.Context, id string, in Inbound) ([]Message, error) {
	return s.run(ctx, id, "", in)
}

// run runs a turn; tokenHash, when not empty, must still be the
// conversation's when it is read under the lock.
func (s *Service) run(ctx context.Context, id, tokenHash string, in Inbound) ([]Message, error) {
	start := time.Now()
	c, before, saved, err := s.turn(ctx, id, tokenHash, in)
	if err != nil {
		return nil, err
	}
	if s.OnTurn != nil {
		s.OnTurn(ctx, c, before, saved, time.Since(start))
	}
	s.saved(ctx, c, before, saved)
	return saved, nil
}

func (s *Service) turn(ctx context.Context, id, tokenHash string, in Inbound) (*Conversation, string, []Message, error) {
	// Read again under the lock: the turn before may have changed it.
	unlock, c, hash, err := s.lockAndRead(ctx, id)
	if err != nil {
		return nil, "", nil, err
	}
	defer unlock()
	if tokenHash != "" && subtle.ConstantTimeCompare([]byte(hash), []byte(tokenHash)) != 1 {
		s.tokens.forget(id) // erased since this instance saw the token
		return nil, "", nil, ErrNotFound
	}
	before := c.Status
	// The shopper's message is stamped when it arrived, not when the
	// answer was stored, so the first response time is measurable.
	received := time.Now().UTC()
	var msgs []Message
	if !BotServes(c) {
		msgs = []Message{{From: FromShopper, Type: TypeText, Text: in.Text, Payload: in.Payload}}
	} else {
		msgs, err = s.responder.Respond(ctx, c, in)
		if err != nil {
			return nil, "", nil, fmt.Errorf("respond in %s: %w", id, err)
		}
	}
	for i := range msgs {
		if msgs[i].From == FromShopper && msgs[i].Created.IsZero() {
			msgs[i].Created = received
		}
	}
	c.UpdatedAt = time.Now().UTC()
	saved, err := s.store.SaveTurn(ctx, c, msgs)
	if err != nil {
		return nil, "", nil, fmt.Errorf("save turn of %s: %w", id, err)
	}
	return c, before, saved, nil
}

// WithPerson reports whether a status means a person owns the conversation
// (waiting for one or talking to one), so the bot stays quiet.
func WithPerson(status string) bool { return status == StatusQueued || status == StatusAgent }

// BotServes reports whether the bot answers the shopper's messages: while no
// person owns the conversation, and also while a hand-off made when nobody
// could take it (Handoff.FollowUp is set) waits in the queue. That shopper
// was told nobody is there; leaving them without an answer to "check out"
// or "where is my parcel" until someone comes online loses the sale, so the
// bot goes on with shop tasks until an agent actually joins (status agent).
func BotServes(c *Conversation) bool {
	if c.Status == StatusQueued {
		return c.Handoff.FollowUp != ""
	}
	return !WithPerson(c.Status)
}

func (s *Service) saved(ctx context.Context, c *Conversation, before string, msgs []Message) {
	if s.OnSaved != nil && c != nil {
		s.OnSaved(ctx, c, before, msgs)
	}
}

// Locked runs fn with the conversation's turn lock held and the
// conversation freshly read, so that a change of owner or status never
// interleaves with a turn.
func (s *Service) Locked(ctx context.Context, id string, fn func(c *Conversation) error) error {
	unlock, c, _, err := s.lockAndRead(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	return fn(c)
}

// Saved tells OnSaved about a change made under Locked.
func (s *Service) Saved(ctx context.Context, c *Conversation, before string, msgs []Message) {
	s.saved(ctx, c, before, msgs)
}

// After returns the messages after sequence number seq, oldest first.
func (s *Service) After(ctx context.Context, id string, seq int64, limit int) ([]Message, error) {
	return s.store.MessagesAfter(ctx, id, seq, limit)
}

// lockReader is a Store that takes a conversation's cross-instance lock and
// reads the conversation in one go (one round trip on PostgreSQL, issue
// #17); on error it holds nothing.
type lockReader interface {
	LockAndReadConversation(ctx context.Context, id string) (unlock func(), c *Conversation, tokenHash string, err error)
}

// lockAndRead takes the conversation's locks, in-process then across
// instances, and reads it under them. The caller calls unlock once done.
func (s *Service) lockAndRead(ctx context.Context, id string) (unlock func(), c *Conversation, tokenHash string, err error) {
	lr, ok := s.store.(lockReader)
	if !ok {
		unlock, err := s.lockAll(ctx, id)
		if err != nil {
			return nil, nil, "", err
		}
		c, tokenHash, err := s.store.Conversation(ctx, id)
		if err != nil {
			unlock()
			return nil, nil, "", err
		}
		return unlock, c, tokenHash, nil
	}
	unlockHere := s.lock(id)
	unlockStore, c, tokenHash, err := lr.LockAndReadConversation(ctx, id)
	if err != nil {
		unlockHere()
		return nil, nil, "", err
	}
	return func() { unlockStore(); unlockHere() }, c, tokenHash, nil
}

// lockAll takes the in-process lock, then the store's cross-instance one.
func (s *Service) lockAll(ctx context.Context, id string) (func(), error) {
	unlock := s.lock(id)
	unlockStore, err := s.store.LockConversation(ctx, id)
	if err != nil {
		unlock()
		return nil, err
	}
	return func() { unlockStore(); unlock() }, nil
}

func (s *Service) lock(id string) func() {
	s.mu.Lock()
	l := s.locks[id]
	if l == nil {
		l = &turnLock{}
		s.locks[id] = l
	}
	l.users++
	s.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		s.mu.Lock()
		l.users--
		if l.users == 0 {
			delete(s.locks, id)
		}
		s.mu.Unlock()
	}
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken keeps only a digest of tokens in the database, so a leaked
// database does not open shoppers' conversations.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// Notify appends messages to a conversation outside a shopper's turn (a
// payment confirmation, an agent's reply, a back-in-stock alert). compose
// builds them from the current conversation, under the same turn lock.
//
// While a person owns the conversation only that person's messages (from
// "agent") are added: the bot's proactive messages are dropped, so the
// shopper hears one voice at a time. A queued conversation the bot still
// serves (BotServes) also gets the bot's answers to its own purchase.
func (s *Service) Notify(ctx context.Context, id string, compose func(c *Conversation) []Message) ([]Message, error) {
	c, before, saved, err := s.notify(ctx, id, compose)
	if err != nil || len(saved) == 0 {
		return saved, err
	}
	s.saved(ctx, c, before, saved)
	return saved, nil
}

func (s *Service) notify(ctx context.Context, id string, compose func(c *Conversation) []Message) (*Conversation, string, []Message, error) {
	unlock, c, _, err := s.lockAndRead(ctx, id)
	if err != nil {
		return nil, "", nil, err
	}
	defer unlock()
	before := c.Status
	serving := BotServes(c)
	msgs := compose(c)
	if WithPerson(before) {
		kept := msgs[:0:0]
		for _, m := range msgs {
			// While the bot still serves a queued shopper (BotServes) what
			// concerns their own purchase goes through: the payment's
			// confirmation is tagged an order update (a service message),
			// and dropping it left a shopper who had just paid without a
			// word. What the shop sends on its own (marketing) waits.
			if m.From == FromAgent || serving && m.From == FromBot && (m.Proactive == "" || m.Proactive == proactive.OrderUpdate) {
				kept = append(kept, m)
			}
		}
		msgs = kept
		if c.Status != before {
			c.Status = before // a bot's compose may not take the conversation back
		}
	}
	if len(msgs) == 0 {
		return c, before, nil, nil
	}
	c.UpdatedAt = time.Now().UTC()
	saved, err := s.store.SaveTurn(ctx, c, msgs)
	if err != nil {
		return nil, "", nil, err
	}
	return c, before, saved, nil
}

// Bind ties the conversation to a customer whose identity was proved
// outside a turn (a channel's verified phone number), under the turn lock so
// that no turn saves the old customer over it.
func (s *Service) Bind(ctx context.Context, id string, customerID int64) error {
	return s.Locked(ctx, id, func(c *Conversation) error {
		c.CustomerID = customerID
		c.UpdatedAt = time.Now().UTC()
		_, err := s.store.SaveTurn(ctx, c, nil)
		return err
	})
}
