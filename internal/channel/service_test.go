package channel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// echo answers every message with "you said: …" and, for "menu", three
// quick replies.
type echo struct{}

func (echo) Greet(ctx context.Context, c *conversation.Conversation) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: "welcome"}}
}

func (echo) Respond(ctx context.Context, c *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	said := in.Text
	if in.Payload != "" {
		said = "payload " + in.Payload
	}
	reply := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "you said: " + said}
	if in.Text == "menu" {
		reply.Options = []conversation.Option{{Title: "Boots", Payload: "search:type=Boots"}, {Title: "Socks", Payload: "search:type=Socks"}}
	}
	return []conversation.Message{{From: conversation.FromShopper, Type: conversation.TypeText, Text: in.Text, Payload: in.Payload}, reply}, nil
}

// fake is a provider that reads a tiny JSON webhook, signs with a shared
// secret header and records what it sends; it can fail on demand.
type fake struct {
	mu       sync.Mutex
	sent     []string
	failures []error
	window   bool // refuse to render proactive messages without a template
}

func (f *fake) Name() string { return "telegram" }

func (f *fake) Verify(r *http.Request, body []byte) error {
	if r.Header.Get("X-Secret") != "s3cret" {
		return channel.ErrSignature
	}
	return nil
}

func (f *fake) Parse(r *http.Request, body []byte) ([]channel.Event, error) {
	var evs []channel.Event
	if err := json.Unmarshal(body, &evs); err != nil {
		return nil, err
	}
	return evs, nil
}

func (f *fake) Render(m conversation.Message, rc channel.RenderContext) []channel.Outgoing {
	if f.window && m.Proactive != "" && rc.Template == nil {
		return nil
	}
	text := m.Text
	for _, o := range m.Options {
		text += " [" + o.Title + "=" + rc.Shorten(o.Payload) + "]"
	}
	return []channel.Outgoing{{Body: []byte(text)}}
}

func (f *fake) Send(ctx context.Context, to string, out channel.Outgoing) (channel.Sent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.failures) > 0 {
		err := f.failures[0]
		f.failures = f.failures[1:]
		return channel.Sent{}, err
	}
	f.sent = append(f.sent, to+": "+string(out.Body))
	return channel.Sent{ID: fmt.Sprintf("m%d", len(f.sent))}, nil
}

func (f *fake) Sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent...)
}

type fixture struct {
	db    *store.DB
	svc   *channel.Service
	convs *conversation.Service
	p     *fake
	hook  http.Handler
	now   time.Time
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	convs := conversation.NewService(db, echo{})
	f := &fixture{db: db, convs: convs, p: &fake{}, now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	f.svc = channel.New(db, convs, i18n.MustLoad("en"))
	f.svc.Greet = echo{}.Greet
	f.svc.Now = func() time.Time { return f.now }
	f.svc.Add(f.p)
	convs.OnSaved = func(ctx context.Context, c *conversation.Conversation, before string, msgs []conversation.Message) {
		f.svc.Saved(ctx, c, msgs)
	}
	f.hook = f.svc.Webhook(f.p)
	return f
}

// deliver posts events as one webhook and answers them as the background
// worker would (the sweep), then sends the outbox.
func (f *fixture) deliver(t *testing.T, secret string, evs ...channel.Event) int {
	t.Helper()
	b, _ := json.Marshal(evs)
	req := httptest.NewRequest("POST", "/webhooks/telegram", bytes.NewReader(b))
	req.Header.Set("X-Secret", secret)
	rec := httptest.NewRecorder()
	f.hook.ServeHTTP(rec, req)
	if rec.Code == 200 {
		f.svc.Sweep(context.Background(), f.now.Add(time.Second))
		if _, err := f.svc.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return rec.Code
}

func msg(id, sender, text string) channel.Event {
	return channel.Event{Kind: channel.EventMessage, ID: id, Sender: sender, Text: text}
}

func TestWebhook_WrongSignatureIsRefusedAndChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, secret := range []string{"", "wrong"} {
			if code := f.deliver(t, secret, msg("1", "42", "hello")); code != http.StatusUnauthorized {
				t.Fatalf("secret %q: status %d, want 401", secret, code)
			}
		}
		if _, err := db.Sender(context.Background(), "telegram", "42"); !errors.Is(err, channel.ErrNotFound) {
			t.Fatalf("a refused webhook opened a conversation: %v", err)
		}
		if h, _ := f.svc.Health(context.Background(), "telegram"); !h.LastWebhookAt.IsZero() || h.Unprocessed != 0 {
			t.Fatalf("a refused webhook was recorded: %+v", h)
		}
	})
}

func TestWebhook_RedeliveredMessageIsAnsweredOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.deliver(t, "s3cret", msg("100", "42", "hello"))
		f.deliver(t, "s3cret", msg("100", "42", "hello"))
		if got := f.p.Sent(); len(got) != 1 || got[0] != "42: you said: hello" {
			t.Fatalf("sent %q, want one answer", got)
		}
	})
}

func TestWebhook_OneSenderKeepsOneConversationWithoutAGreeting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.deliver(t, "s3cret", msg("1", "42", "hello"), msg("2", "42", "again"), msg("3", "7", "other"))
		a, err := db.Sender(context.Background(), "telegram", "42")
		if err != nil {
			t.Fatal(err)
		}
		msgs, _ := f.convs.After(context.Background(), a.ConversationID, 0, 100)
		if len(msgs) != 4 || msgs[0].Text != "hello" || msgs[2].Text != "again" {
			t.Fatalf("transcript %+v, want two turns and no greeting", msgs)
		}
		c, _ := f.convs.Get(context.Background(), a.ConversationID)
		if c.Channel != "telegram" {
			t.Fatalf("channel %q", c.Channel)
		}
		b, _ := db.Sender(context.Background(), "telegram", "7")
		if b.ConversationID == a.ConversationID {
			t.Fatal("two senders share a conversation")
		}
		var to42 []string
		for _, s := range f.p.Sent() {
			if strings.HasPrefix(s, "42: ") {
				to42 = append(to42, s)
			}
		}
		if len(f.p.Sent()) != 3 || len(to42) != 2 || to42[0] != "42: you said: hello" || to42[1] != "42: you said: again" {
			t.Fatalf("sent %q, want each sender's answers in order", f.p.Sent())
		}
	})
}

func TestOutbox_RetriesAfter429AndKeepsTheOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.p.failures = []error{&channel.SendError{Status: 429, Retry: true, RetryAfter: 3 * time.Second, Err: errors.New("slow down")}}
		f.deliver(t, "s3cret", msg("1", "42", "first"))
		f.deliver(t, "s3cret", msg("2", "42", "second"))
		if got := f.p.Sent(); len(got) != 0 {
			t.Fatalf("sent %q while the first reply waits for its retry: out of order", got)
		}
		f.now = f.now.Add(4 * time.Second)
		if _, err := f.svc.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := f.p.Sent(); len(got) != 2 || got[0] != "42: you said: first" || got[1] != "42: you said: second" {
			t.Fatalf("sent %q, want both in order after the retry", got)
		}
	})
}

func TestOutbox_PermanentFailureIsShownAndTheNextMessageGoesOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.p.failures = []error{&channel.SendError{Status: 400, Err: errors.New("bad recipient")}}
		f.deliver(t, "s3cret", msg("1", "42", "first"))
		f.deliver(t, "s3cret", msg("2", "42", "second"))
		snd, _ := db.Sender(context.Background(), "telegram", "42")
		ds, err := f.svc.Deliveries(context.Background(), snd.ConversationID)
		if err != nil || len(ds) != 2 {
			t.Fatalf("deliveries %+v, %v", ds, err)
		}
		if ds[0].Status != channel.StatusFailed || !strings.Contains(ds[0].Error, "bad recipient") || ds[1].Status != channel.StatusSent {
			t.Fatalf("deliveries %+v", ds)
		}
		h, _ := f.svc.Health(context.Background(), "telegram")
		if !h.Configured || h.Failed != 1 || h.Backlog != 0 || !strings.Contains(h.LastError, "bad recipient") || h.LastWebhookAt.IsZero() {
			t.Fatalf("health %+v", h)
		}
	})
}

func TestOutbox_GivesUpAfterMaxAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.MaxAttempts = 3
		for range 5 {
			f.p.failures = append(f.p.failures, &channel.SendError{Status: 503, Retry: true, Err: errors.New("down")})
		}
		f.deliver(t, "s3cret", msg("1", "42", "first"))
		for range 5 {
			f.now = f.now.Add(10 * time.Minute)
			f.svc.SendDue(context.Background())
		}
		snd, _ := db.Sender(context.Background(), "telegram", "42")
		ds, _ := f.svc.Deliveries(context.Background(), snd.ConversationID)
		if len(ds) != 1 || ds[0].Status != channel.StatusFailed || ds[0].Attempts != 3 {
			t.Fatalf("deliveries %+v, want failed after 3 attempts", ds)
		}
	})
}

func TestReceipts_MoveTheStatusForwardOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.deliver(t, "s3cret", msg("1", "42", "first"))
		rc := func(id, status string) channel.Event {
			return channel.Event{Kind: channel.EventReceipt, ID: "r" + id + status, Sender: "42", MessageID: "m" + id, Status: status}
		}
		f.deliver(t, "s3cret", rc("1", channel.ReceiptRead), rc("1", channel.ReceiptDelivered))
		snd, _ := db.Sender(context.Background(), "telegram", "42")
		ds, _ := f.svc.Deliveries(context.Background(), snd.ConversationID)
		if len(ds) != 1 || ds[0].Status != channel.StatusRead || ds[0].ReceiptAt.IsZero() {
			t.Fatalf("deliveries %+v, want read", ds)
		}
	})
}

func TestPayloads_LongOnesTravelAsShortCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.deliver(t, "s3cret", msg("1", "42", "menu"))
		sent := f.p.Sent()[0]
		i := strings.Index(sent, "Boots=")
		code := sent[i+len("Boots=") : strings.Index(sent[i:], "]")+i]
		if !strings.HasPrefix(code, "~") || len(code) > 20 {
			t.Fatalf("code %q", code)
		}
		f.deliver(t, "s3cret", channel.Event{Kind: channel.EventMessage, ID: "2", Sender: "42", Text: "Boots", Payload: code})
		if got := f.p.Sent(); got[len(got)-1] != "42: you said: payload search:type=Boots" {
			t.Fatalf("sent %q", got)
		}
	})
}

func TestOutbox_MessageTheChannelCannotCarryIsRecordedAsFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.p.window = true
		f.deliver(t, "s3cret", msg("1", "42", "hello"))
		snd, _ := db.Sender(context.Background(), "telegram", "42")
		if _, err := f.convs.Notify(context.Background(), snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: "your cart misses you", Proactive: "cart_recovery"}}
		}); err != nil {
			t.Fatal(err)
		}
		f.svc.SendDue(context.Background())
		ds, _ := f.svc.Deliveries(context.Background(), snd.ConversationID)
		if len(ds) != 2 || ds[1].Status != channel.StatusFailed || !strings.Contains(ds[1].Error, "cart_recovery template") {
			t.Fatalf("deliveries %+v", ds)
		}
		if err := f.svc.SaveTemplate(context.Background(), channel.Template{Channel: "telegram", Purpose: "cart_recovery", Language: "en", Name: "cart_reminder", Code: "en_US", Parameters: []string{"text"}}, []string{"en"}); err != nil {
			t.Fatal(err)
		}
		f.convs.Notify(context.Background(), snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: "still there?", Proactive: "cart_recovery"}}
		})
		f.svc.SendDue(context.Background())
		if got := f.p.Sent(); got[len(got)-1] != "42: still there?" {
			t.Fatalf("sent %q, want the templated message", got)
		}
	})
}

func TestSweep_AnswersEventsAStoppedServerLeftBehind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b, _ := json.Marshal(msg("9", "42", "are you there"))
		if ok, err := db.AcceptInbound(context.Background(), "telegram", "9", b, f.now.Add(-time.Minute)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		f.svc.Sweep(context.Background(), f.now)
		f.svc.Sweep(context.Background(), f.now) // twice: still one answer
		f.svc.SendDue(context.Background())
		if got := f.p.Sent(); len(got) != 1 || got[0] != "42: you said: are you there" {
			t.Fatalf("sent %q", got)
		}
	})
}

func TestTemplates_RegistryRefusesWhatTheProviderWouldNot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		langs := []string{"en", "nl"}
		for name, tt := range map[string]channel.Template{
			"unknown purpose":   {Channel: "whatsapp", Purpose: "spam", Language: "en", Name: "x", Code: "en"},
			"unknown language":  {Channel: "whatsapp", Purpose: "order_update", Language: "fr", Name: "x", Code: "fr"},
			"bad name":          {Channel: "whatsapp", Purpose: "order_update", Language: "en", Name: "Order Update!", Code: "en"},
			"unknown parameter": {Channel: "whatsapp", Purpose: "order_update", Language: "en", Name: "x", Code: "en", Parameters: []string{"email"}},
		} {
			var inv *channel.ErrInvalid
			if err := f.svc.SaveTemplate(context.Background(), tt, langs); !errors.As(err, &inv) {
				t.Errorf("%s: %v", name, err)
			}
		}
		good := channel.Template{Channel: "whatsapp", Purpose: "order_update", Language: "nl", Name: "order_update_nl", Code: "nl", Parameters: []string{"text", "url"}}
		if err := f.svc.SaveTemplate(context.Background(), good, langs); err != nil {
			t.Fatal(err)
		}
		ts, _ := f.svc.Templates(context.Background(), "whatsapp")
		if len(ts) != 1 || ts[0].Name != "order_update_nl" || len(ts[0].Parameters) != 2 {
			t.Fatalf("templates %+v", ts)
		}
	})
}

func TestCarryOver_AWebChatContinuesOnTheMessagingAppOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.TelegramBot = "demo_shop_bot"
		ctx := context.Background()
		web, _, _, err := f.convs.Start(ctx, "web", "nl", 0)
		if err != nil {
			t.Fatal(err)
		}
		links, err := f.svc.ContinueLinks(ctx, web)
		if err != nil || len(links) != 1 || !strings.HasPrefix(links[0].URL, "https://t.me/demo_shop_bot?start=SK-") || links[0].Title != "Verder via Telegram" {
			t.Fatalf("links %+v, %v", links, err)
		}
		code := strings.TrimPrefix(links[0].URL, "https://t.me/demo_shop_bot?start=")
		f.deliver(t, "s3cret", msg("1", "42", "/start "+code))
		snd, err := db.Sender(ctx, "telegram", "42")
		if err != nil || snd.ConversationID != web.ID {
			t.Fatalf("sender %+v, %v: want the web conversation", snd, err)
		}
		c, _ := f.convs.Get(ctx, web.ID)
		if c.Channel != "telegram" {
			t.Fatalf("channel %q", c.Channel)
		}
		if got := f.p.Sent(); len(got) != 1 || !strings.Contains(got[0], "Welkom terug") {
			t.Fatalf("sent %q, want the welcome back in Dutch", got)
		}
		f.deliver(t, "s3cret", msg("2", "77", "/start "+code))
		other, _ := db.Sender(ctx, "telegram", "77")
		if other.ConversationID == web.ID {
			t.Fatal("a used code carried the conversation a second time")
		}
	})
}

func TestPrune_KeepsWhatIsPendingOrRecent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.deliver(t, "s3cret", msg("1", "42", "hello"))
		f.p.failures = []error{&channel.SendError{Status: 503, Retry: true, Err: errors.New("down")}}
		f.deliver(t, "s3cret", msg("2", "42", "again")) // stays pending
		if err := db.PruneChannels(ctx, f.now.Add(time.Hour), f.now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		snd, _ := db.Sender(ctx, "telegram", "42")
		ds, _ := f.svc.Deliveries(ctx, snd.ConversationID)
		if len(ds) != 1 || ds[0].Status != channel.StatusPending {
			t.Fatalf("deliveries after pruning %+v, want only the pending one", ds)
		}
		// A pruned event's redelivery is new again: that is why events are
		// kept longer than providers redeliver.
		if fresh, _ := db.AcceptInbound(ctx, "telegram", "1", []byte("{}"), f.now); !fresh {
			t.Fatal("event 1 not pruned")
		}
	})
}
