package conversation_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// counter counts turns in the conversation's state; an interleaved turn
// would lose a count.
type counter struct{}

func (counter) Greet(context.Context, *conversation.Conversation) []conversation.Message { return nil }

func (counter) Respond(_ context.Context, c *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	var st struct{ N int }
	json.Unmarshal(c.State, &st)
	st.N++
	c.State, _ = json.Marshal(st)
	return []conversation.Message{{From: "bot", Type: "text", Text: "ok"}}, nil
}

// Two servers on one PostgreSQL database take turns of one conversation one
// at a time. (SQLite is the single-server setup: its lock is in-process.)
func TestTurn_TwoInstancesNeverInterleave(t *testing.T) {
	func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := conversation.NewService(db, counter{})
		b := conversation.NewService(db, counter{}) // a second instance: its own in-process locks
		c, tok, _, err := a.Start(ctx, "rest", "en", 0)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				if _, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hi"}); err != nil {
					t.Error(err)
				}
			}(i)
		}
		wg.Wait()
		got, _ := a.Get(ctx, c.ID)
		var st struct{ N int }
		json.Unmarshal(got.State, &st)
		if st.N != 20 {
			t.Errorf("state counted %d turns, want 20: turns interleaved", st.N)
		}
		if got.LastSeq != 20 {
			t.Errorf("last seq %d, want 20", got.LastSeq)
		}
	}(t, storetest.Open(t, storetest.PostgresDSN(t)))
}

// handsOver hands the conversation to a person on the first turn.
type handsOver struct{ counter }

func (handsOver) Respond(_ context.Context, c *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	c.Status = conversation.StatusQueued
	return []conversation.Message{{From: "shopper", Type: "text", Text: in.Text}, {From: "bot", Type: "text", Text: "queued"}}, nil
}

// While a person owns the conversation the responder is not asked and
// proactive bot messages are dropped; the agent's messages go through, and
// every saved change is reported once.
func TestTurn_BotSilentWhileAPersonOwnsTheConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := conversation.NewService(db, handsOver{})
		var mu sync.Mutex
		var saved []string
		s.OnSaved = func(_ context.Context, c *conversation.Conversation, before string, msgs []conversation.Message) {
			mu.Lock()
			defer mu.Unlock()
			for _, m := range msgs {
				saved = append(saved, before+">"+c.Status+":"+m.From)
			}
		}
		c, tok, _, err := s.Start(ctx, "rest", "en", 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "a person please"}); err != nil {
			t.Fatal(err)
		}
		msgs, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hello?"})
		if err != nil || len(msgs) != 1 || msgs[0].From != "shopper" {
			t.Errorf("turn while queued = %+v, %v; want only the shopper's message", msgs, err)
		}
		bot, _ := s.Notify(ctx, c.ID, func(*conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: "bot", Type: "text", Text: "back in stock"}}
		})
		agent, _ := s.Notify(ctx, c.ID, func(*conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: "agent", Type: "text", Text: "hi, Ana here", Author: "Ana"}}
		})
		if len(bot) != 0 || len(agent) != 1 {
			t.Errorf("notify while queued: bot %+v, agent %+v", bot, agent)
		}
		want := "bot>queued:shopper bot>queued:bot queued>queued:shopper queued>queued:agent"
		if got := strings.Join(saved, " "); got != want {
			t.Errorf("saved\n got %s\nwant %s", got, want)
		}
	})
}

// A wrong token is refused at once, even while a turn holds the
// conversation's lock: it neither takes the lock nor waits for it. The right
// token waits its turn and sees what the turn before stored.
func TestTurn_WrongTokenNeverWaitsOnTheLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := conversation.NewService(db, counter{})
		c, tok, _, err := s.Start(ctx, "rest", "en", 0)
		if err != nil {
			t.Fatal(err)
		}
		held, release := make(chan struct{}), make(chan struct{})
		go s.Locked(ctx, c.ID, func(*conversation.Conversation) error {
			close(held)
			<-release
			return nil
		})
		<-held
		wrong := make(chan error, 1)
		go func() {
			_, err := s.Turn(ctx, c.ID, "not-the-token", conversation.Inbound{Text: "hi"})
			wrong <- err
		}()
		select {
		case err := <-wrong:
			if err != conversation.ErrNotFound {
				t.Fatalf("wrong token: %v; want ErrNotFound", err)
			}
		case <-time.After(2 * time.Second):
			close(release)
			t.Fatal("a wrong token waited on the turn lock")
		}
		right := make(chan error, 1)
		go func() {
			_, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hi"})
			right <- err
		}()
		select {
		case err := <-right:
			t.Fatalf("the right token ran while another turn held the lock: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
		close(release)
		if err := <-right; err != nil {
			t.Fatal(err)
		}
		if _, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "again"}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, c.ID)
		var st struct{ N int }
		json.Unmarshal(got.State, &st)
		if st.N != 2 {
			t.Errorf("state counted %d turns, want 2", st.N)
		}
	})
}
