package channel

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// Conversations is what the channels need of the conversation service.
type Conversations interface {
	// Open creates a conversation without a greeting: on a messaging app the
	// shopper has already said what they want.
	Open(ctx context.Context, channel, language string) (*conversation.Conversation, error)
	// TurnTrusted runs a shopper's message whose sender the provider's
	// signature vouched for (no bearer token).
	TurnTrusted(ctx context.Context, id string, in conversation.Inbound) ([]conversation.Message, error)
	Get(ctx context.Context, id string) (*conversation.Conversation, error)
	Notify(ctx context.Context, id string, compose func(c *conversation.Conversation) []conversation.Message) ([]conversation.Message, error)
}

// Greeter returns a new conversation's greeting (Telegram's /start).
type Greeter func(ctx context.Context, c *conversation.Conversation) []conversation.Message

// Binder ties a conversation to the customer of a phone number the
// provider verified (identity.Service.BindVerified).
type Binder interface {
	BindVerified(ctx context.Context, conversationID string, customerID int64, source, reference string) error
}

// Keyworder recognises a channel's reserved words (SMS STOP, START, HELP)
// and names the catalogue key of its answer to HELP.
type Keyworder interface {
	Keyword(text string) string
	HelpKey() string
}

// Chooser is a channel without buttons that numbers choices (SMS):
// Choices tells which payload each number of a rendered message stands
// for, Choose reads a reply against the last ones sent.
type Chooser interface {
	Choices(m conversation.Message) []conversation.Option
	Choose(body string, choices []conversation.Option) (string, bool)
}

// Service runs every configured channel: webhooks in, outbox out.
type Service struct {
	Store         Store
	Conversations Conversations
	Greet         Greeter
	Identity      Binder // nil: verified phone numbers bind no customer
	Messages      *i18n.Catalog
	// Language of a new conversation when the provider gives no hint; the
	// dialogue follows the shopper's language from the first message on.
	DefaultLanguage string
	ShopName        string // for the answer to HELP
	// BaseURL is the shop's public address, which relative links (product
	// pictures, pages) are made absolute on.
	BaseURL string
	// WhatsAppNumber and TelegramBot are the shop's public addresses there,
	// for "continue on WhatsApp/Telegram" links; empty: no link.
	WhatsAppNumber, TelegramBot string
	// OnStop hears a shopper's opt-out keyword (SMS STOP) so that marketing
	// consent is withdrawn as well.
	OnStop func(ctx context.Context, conversationID string)
	Now    func() time.Time
	// Off reports a channel the retailer switched off (switches.go); nil:
	// every configured channel answers.
	Off func(channel string) bool
	// MaxAttempts bounds the tries of one delivery before it is given up
	// and shown as failed.
	MaxAttempts int

	providers map[string]Provider
	wake      chan struct{}
	shards    []chan StoredEvent
	startOnce sync.Once
	stopped   chan struct{}
}

// New makes the channel service; Add the providers, then Run it.
func New(store Store, convs Conversations, msgs *i18n.Catalog) *Service {
	return &Service{Store: store, Conversations: convs, Messages: msgs, Now: time.Now, MaxAttempts: 8, DefaultLanguage: "en",
		providers: map[string]Provider{}, wake: make(chan struct{}, 1)}
}

// Add registers a provider.
func (s *Service) Add(p Provider) { s.providers[p.Name()] = p }

// Provider returns the provider of a channel, or nil.
func (s *Service) Provider(name string) Provider { return s.providers[name] }

// Names lists the configured channels.
func (s *Service) Names() []string {
	var out []string
	for _, n := range []string{"whatsapp", "messenger", "telegram", "sms"} {
		if s.providers[n] != nil {
			out = append(out, n)
		}
	}
	return out
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Run processes accepted webhook events and sends the outbox until ctx ends.
// Events of one sender are answered one after another, in the order they
// came; different senders in parallel.
func (s *Service) Run(ctx context.Context) {
	if len(s.providers) == 0 {
		return // no channel configured: nothing comes in, nothing goes out
	}
	const workers = 4
	s.shards = make([]chan StoredEvent, workers)
	var wg sync.WaitGroup
	for i := range s.shards {
		s.shards[i] = make(chan StoredEvent, 256)
		wg.Add(1)
		go func(in chan StoredEvent) {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case e := <-in:
					s.handleStored(ctx, e)
				}
			}
		}(s.shards[i])
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.dispatch(ctx)
	}()
	sweep := time.NewTicker(5 * time.Second)
	defer sweep.Stop()
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-sweep.C:
			s.Sweep(ctx, s.now().Add(-30*time.Second))
		case <-prune.C:
			// Meta redelivers for up to 7 days: events are kept 8 to know a
			// late redelivery; deliveries 30, for agents and the channel page.
			if err := s.Store.PruneChannels(ctx, s.now().AddDate(0, 0, -8), s.now().AddDate(0, 0, -30)); err != nil {
				slog.ErrorContext(ctx, "prune channel data", "err", err)
			}
		}
	}
}

// Sweep answers events accepted before `before` that nobody processed: a
// server that stopped after acknowledging a webhook leaves them behind.
func (s *Service) Sweep(ctx context.Context, before time.Time) {
	evs, err := s.Store.PendingInbound(ctx, before, 100)
	if err != nil {
		slog.ErrorContext(ctx, "channel sweep", "err", err)
		return
	}
	for _, e := range evs {
		s.handleStored(ctx, e)
	}
}

// accepted hands a stored event to its sender's worker; with the workers
// busy (or not running) the sweep picks it up later.
func (s *Service) accepted(e StoredEvent, sender string) {
	if len(s.shards) == 0 {
		return
	}
	h := fnv.New32a()
	h.Write([]byte(e.Channel + "\x00" + sender))
	select {
	case s.shards[h.Sum32()%uint32(len(s.shards))] <- e:
	default:
	}
}

func (s *Service) handleStored(ctx context.Context, e StoredEvent) {
	ok, err := s.Store.ClaimInbound(ctx, e.Channel, e.ProviderID, s.now(), 2*time.Minute)
	if err != nil || !ok {
		if err != nil {
			slog.ErrorContext(ctx, "claim channel event", "channel", e.Channel, "err", err)
		}
		return
	}
	var ev Event
	if err := json.Unmarshal(e.Event, &ev); err != nil {
		slog.ErrorContext(ctx, "decode channel event", "channel", e.Channel, "err", err)
	} else if err := s.Process(ctx, e.Channel, ev); err != nil {
		// Left leased: the sweep tries again when the lease runs out.
		slog.ErrorContext(ctx, "answer channel event", "channel", e.Channel, "err", err)
		s.noteError(ctx, e.Channel, err)
		return
	}
	if err := s.Store.InboundDone(ctx, e.Channel, e.ProviderID, s.now()); err != nil {
		slog.ErrorContext(ctx, "mark channel event done", "channel", e.Channel, "err", err)
	}
}

func (s *Service) noteError(ctx context.Context, ch string, err error) {
	if e := s.Store.NoteError(ctx, ch, err.Error(), s.now()); e != nil {
		slog.ErrorContext(ctx, "note channel error", "channel", ch, "err", e)
	}
}

// Process answers one event: a receipt is recorded; a message finds or
// opens its sender's conversation and runs a turn, whose replies the
// outbox then sends.
func (s *Service) Process(ctx context.Context, ch string, ev Event) error {
	p := s.providers[ch]
	if p == nil {
		return fmt.Errorf("channel %s is not configured", ch)
	}
	if ev.Kind == EventReceipt {
		return s.Store.Receipt(ctx, ch, ev.Sender, ev.MessageID, ev.Status, ev.Error, orNow(ev.Time, s.now()))
	}
	if s.Off != nil && s.Off(ch) {
		// Switched off in the web admin (switches.go): acknowledged, not
		// answered.
		slog.InfoContext(ctx, "channel switched off: message not answered", "channel", ch)
		return nil
	}
	if ev.CallbackID != "" {
		if a, ok := p.(CallbackAnswerer); ok {
			if err := a.AnswerCallback(ctx, ev.CallbackID); err != nil {
				slog.WarnContext(ctx, "answer callback", "channel", ch, "err", err)
			}
		}
	}
	snd, fresh, carried, err := s.sender(ctx, ch, ev)
	if err != nil {
		return err
	}
	if err := s.Store.SenderWrote(ctx, ch, ev.Sender, orNow(ev.Time, s.now())); err != nil {
		return err
	}
	if k, ok := p.(Keyworder); ok {
		switch k.Keyword(ev.Text) {
		case "stop":
			if s.OnStop != nil {
				s.OnStop(ctx, snd.ConversationID)
			}
			return s.Store.SetOptedOut(ctx, ch, ev.Sender, true)
		case "start":
			return s.Store.SetOptedOut(ctx, ch, ev.Sender, false)
		case "help":
			_, err := s.Conversations.Notify(ctx, snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
				return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: s.Messages.T(c.Language, k.HelpKey(), "shop", s.ShopName)}}
			})
			return err
		}
	}
	if ev.Unsupported && ev.Text == "" && ev.Payload == "" {
		_, err := s.Conversations.Notify(ctx, snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: s.Messages.T(c.Language, "channel.unsupported")}}
		})
		return err
	}
	if carried {
		// The first message of a carried-over chat is the link's own text:
		// welcome the shopper back instead of reading it as a request.
		_, err := s.Conversations.Notify(ctx, snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: s.Messages.T(c.Language, "channel.continued")}}
		})
		return err
	}
	in := conversation.Inbound{Text: strings.TrimSpace(ev.Text), Payload: ev.Payload}
	if code, ok := strings.CutPrefix(in.Payload, shortPrefix); ok {
		full, err := s.Store.Payload(ctx, code)
		if err != nil {
			return fmt.Errorf("payload code %q: %w", code, err)
		}
		in.Payload = full
	}
	if in.Payload == "" && len(snd.Choices) > 0 {
		if c, ok := p.(Chooser); ok {
			var opts []conversation.Option
			if json.Unmarshal(snd.Choices, &opts) == nil {
				in.Payload, _ = c.Choose(in.Text, opts)
			}
		}
	}
	if cmd, _, _ := strings.Cut(in.Text, " "); cmd == "/start" && in.Payload == "" {
		// Telegram's start button (with or without a deep-link code, used
		// when the sender was looked up): greet, not a turn.
		if !fresh && s.Greet == nil {
			return nil
		}
		_, err := s.Conversations.Notify(ctx, snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return s.Greet(ctx, c)
		})
		return err
	}
	if in.Text == "" && in.Payload == "" {
		return nil
	}
	_, err = s.Conversations.TurnTrusted(ctx, snd.ConversationID, in)
	return err
}

// sender finds the sender's conversation or opens one; a phone number the
// provider verified ties it to that phone's customer.
func (s *Service) sender(ctx context.Context, ch string, ev Event) (snd *Sender, fresh, carried bool, err error) {
	snd, err = s.Store.Sender(ctx, ch, ev.Sender)
	if err == nil {
		return snd, false, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, false, false, err
	}
	from, err := s.carriedOver(ctx, ev.Text)
	if err != nil {
		return nil, false, false, err
	}
	if from != "" {
		if _, err := s.Store.AddSender(ctx, Sender{Channel: ch, Sender: ev.Sender, ConversationID: from}); err != nil {
			return nil, false, false, err
		}
		if err := s.Store.SetConversationChannel(ctx, from, ch); err != nil {
			return nil, false, false, err
		}
		snd, err = s.Store.Sender(ctx, ch, ev.Sender)
		return snd, true, err == nil, err
	}
	lang := ev.Language
	if lang == "" {
		lang = s.DefaultLanguage
	}
	c, err := s.Conversations.Open(ctx, ch, lang)
	if err != nil {
		return nil, false, false, err
	}
	if _, err := s.Store.AddSender(ctx, Sender{Channel: ch, Sender: ev.Sender, ConversationID: c.ID}); err != nil {
		return nil, false, false, err
	}
	// Another instance may have been first: its conversation wins and ours
	// stays empty.
	snd, err = s.Store.Sender(ctx, ch, ev.Sender)
	if err != nil {
		return nil, false, false, err
	}
	if snd.ConversationID == c.ID && ev.Phone != "" && s.Identity != nil {
		cust, err := s.Store.VerifiedPhoneCustomer(ctx, ev.Phone, ev.Name, s.now())
		if err != nil {
			return nil, false, false, err
		}
		if err := s.Identity.BindVerified(ctx, c.ID, cust, "phone:"+ch, ev.Phone); err != nil {
			return nil, false, false, err
		}
	}
	return snd, true, false, nil
}

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC()
}

// shortPrefix marks a short code standing in for a long payload.
const shortPrefix = "~"

// shorten returns a short code for a payload, derived from it, and keeps it.
func (s *Service) shorten(ctx context.Context, payload string) string {
	sum := sha256.Sum256([]byte(payload))
	code := base64.RawURLEncoding.EncodeToString(sum[:12])
	if err := s.Store.SavePayload(ctx, code, payload); err != nil {
		slog.ErrorContext(ctx, "save payload code", "err", err)
	}
	return shortPrefix + code
}
