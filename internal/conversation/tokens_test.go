package conversation_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// readCounter counts reads of conversations and can play an erasure, which
// replaces the stored token hash.
type readCounter struct {
	*store.DB
	reads  atomic.Int32
	erased atomic.Bool
}

func (s *readCounter) Conversation(ctx context.Context, id string) (*conversation.Conversation, string, error) {
	s.reads.Add(1)
	c, hash, err := s.DB.Conversation(ctx, id)
	if s.erased.Load() {
		hash = "erased"
	}
	return c, hash, err
}

// LockAndReadConversation is the store's lock and read in one go (one round
// trip on PostgreSQL): a read of the conversation like Conversation.
func (s *readCounter) LockAndReadConversation(ctx context.Context, id string) (func(), *conversation.Conversation, string, error) {
	s.reads.Add(1)
	unlock, c, hash, err := s.DB.LockAndReadConversation(ctx, id)
	if s.erased.Load() {
		hash = "erased"
	}
	return unlock, c, hash, err
}

func TestTurn_ReadsTheConversationOnceAndStillSeesAnErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &readCounter{DB: db}
		s := conversation.NewService(st, counter{})
		c, tok, _, err := s.Start(ctx, "rest", "en", 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			st.reads.Store(0)
			if _, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hi"}); err != nil {
				t.Fatal(err)
			}
			if n := st.reads.Load(); n != 1 {
				t.Errorf("turn %d read the conversation %d times, want once", i, n)
			}
		}
		// Another instance, which never saw the token, checks it first.
		other := conversation.NewService(st, counter{})
		st.reads.Store(0)
		if _, err := other.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hi"}); err != nil || st.reads.Load() != 2 {
			t.Errorf("first turn on another instance: %v after %d reads; want success after 2", err, st.reads.Load())
		}
		if _, err := s.Turn(ctx, c.ID, "wrong", conversation.Inbound{Text: "hi"}); err != conversation.ErrNotFound {
			t.Errorf("wrong token: %v, want ErrNotFound", err)
		}
		st.erased.Store(true)
		for range 2 {
			if _, err := s.Turn(ctx, c.ID, tok, conversation.Inbound{Text: "hi"}); err != conversation.ErrNotFound {
				t.Errorf("token of an erased conversation: %v, want ErrNotFound", err)
			}
		}
	})
}
