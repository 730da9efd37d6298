package conversation_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

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
