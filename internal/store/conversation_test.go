package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestSaveTurn_StoresWhatItReturns checks that the numbers given in the
// transaction reach the stored bodies (which are encoded before it), for
// turns of one to six messages and a turn of none.
func TestSaveTurn_StoresWhatItReturns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_turns", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		var want []conversation.Message
		for n := range 7 {
			msgs := make([]conversation.Message, n)
			for i := range msgs {
				msgs[i] = conversation.Message{From: "bot", Type: "text", Text: fmt.Sprintf("turn %d <message> & %d", n, i)}
			}
			c.State = []byte(fmt.Sprintf(`{"turn":%d}`, n))
			saved, err := db.SaveTurn(ctx, c, msgs)
			if err != nil || len(saved) != n {
				t.Fatalf("SaveTurn of %d = %d messages, %v", n, len(saved), err)
			}
			for _, m := range saved {
				// The answer to the turn is written from Encoded (httpapi).
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.Encode(m)
				if got := string(m.Encoded) + "\n"; got != buf.String() {
					t.Errorf("Encoded = %s, want %s", got, buf.String())
				}
			}
			want = append(want, saved...)
		}
		got, err := db.MessagesAfter(ctx, c.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("stored:\n%s\nreturned:\n%s", gj, wj)
		}
		for i, m := range got {
			if m.Seq != int64(i+1) {
				t.Fatalf("message %d has seq %d", i, m.Seq)
			}
		}
		stored, _, err := db.Conversation(ctx, c.ID)
		if err != nil || stored.LastSeq != 21 || string(stored.State) != `{"turn":6}` || c.LastSeq != 21 {
			t.Errorf("conversation = %+v, %v; want last_seq 21 and the last state", stored, err)
		}
	})
}

// TestDurableTx_SyncsOnlyItsOwnCommit checks that the transactions of
// orders, payments and refunds commit with synchronous=FULL (2) while chat
// turns keep NORMAL (1), and that the writer is NORMAL again afterwards.
func TestDurableTx_SyncsOnlyItsOwnCommit(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	for _, tt := range []struct {
		durable       bool
		inside, after int
	}{{false, 1, 1}, {true, 2, 1}, {false, 1, 1}} {
		inside, after, err := db.Synchronous(ctx, tt.durable)
		if err != nil || inside != tt.inside || after != tt.after {
			t.Errorf("durable %v: synchronous %d inside, %d after (%v), want %d and %d", tt.durable, inside, after, err, tt.inside, tt.after)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := db.Synchronous(cancelled, true); err == nil {
		t.Error("a durable transaction ran on a cancelled context")
	}
	if _, after, err := db.Synchronous(ctx, false); err != nil || after != 1 {
		t.Errorf("after a cancelled durable transaction: synchronous %d (%v), want 1", after, err)
	}
}
