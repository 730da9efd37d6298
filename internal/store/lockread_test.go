package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// LockAndReadConversation reads what Conversation reads; an unknown id is
// ErrNotFound with nothing left locked; and on PostgreSQL, where the lock
// and the read travel together, a second instance waiting for the lock
// reads the conversation as the first left it, never as it was when the
// second began to wait.
func TestLockAndReadConversation_SeesTheTurnBefore(t *testing.T) {
	for _, d := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(d.name, func(t *testing.T) { lockAndRead(t, d.dsn(t)) })
	}
}

func lockAndRead(t *testing.T, dsn string) {
	db := storetest.Open(t, dsn)
	{
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_lock", Channel: "rest", Status: conversation.StatusBot, Language: "en",
			State: []byte(`{"turn":0}`), CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		unlock, got, hash, err := db.LockAndReadConversation(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, wantHash, _ := db.Conversation(ctx, c.ID)
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) || hash != wantHash || hash != "hash" || !got.CreatedAt.Equal(want.CreatedAt) {
			t.Fatalf("locked read = %s %q, plain read = %s %q", gj, hash, wj, wantHash)
		}
		if _, _, _, err := db.LockAndReadConversation(ctx, "c_missing"); !errors.Is(err, conversation.ErrNotFound) {
			t.Fatalf("missing conversation: %v", err)
		}
		if db.Dialect != store.Postgres {
			unlock()
			return
		}
		// Another instance (a second pool on the same database) waits for
		// the lock while the first saves a turn.
		other := storetest.Open(t, dsn)
		read := make(chan *conversation.Conversation, 1)
		go func() {
			u, c2, _, err := other.LockAndReadConversation(ctx, c.ID)
			if err != nil {
				t.Error(err)
				read <- nil
				return
			}
			u()
			read <- c2
		}()
		time.Sleep(200 * time.Millisecond) // the other is waiting for the lock by now
		c.State = json.RawMessage(`{"turn":1}`)
		if _, err := db.SaveTurn(ctx, c, []conversation.Message{{From: "shopper", Type: "text", Text: "hi"}}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-read:
			t.Fatal("the other instance read while the lock was held")
		default:
		}
		unlock()
		c2 := <-read
		if c2 == nil || string(c2.State) != `{"turn":1}` || c2.LastSeq != 1 {
			t.Fatalf("the other instance read %+v, want the saved turn", c2)
		}
	}
}
