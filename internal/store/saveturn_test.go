package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// A turn saved for a conversation that is gone (erased meanwhile) stores
// nothing: with messages it fails, without it is no error, on both
// databases (PostgreSQL saves a turn in one statement, SQLite in a
// transaction).
func TestSaveTurn_VanishedConversationStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		gone := &conversation.Conversation{ID: "c_gone", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
		if _, err := db.SaveTurn(ctx, gone, nil); err != nil {
			t.Fatalf("no messages: %v", err)
		}
		card := conversation.Item{Handle: "gone-card", Title: "Gone", Variants: []conversation.ItemVariant{{SKU: "gone-1"}}}
		msgs := []conversation.Message{{From: "shopper", Type: "text", Text: "hi"},
			{From: "bot", Type: "products", Items: []conversation.Item{card}}}
		if saved, err := db.SaveTurn(ctx, gone, msgs); err == nil {
			t.Fatalf("saved %d messages of a conversation that does not exist", len(saved))
		}
		if got, err := db.MessagesAfter(ctx, gone.ID, 0, 10); err != nil || len(got) != 0 {
			t.Fatalf("messages stored: %+v, %v", got, err)
		}
		// The conversation created afterwards starts at 1, its card stored.
		if _, err := db.CreateConversation(ctx, gone, "hash", nil); err != nil {
			t.Fatal(err)
		}
		saved, err := db.SaveTurn(ctx, gone, msgs)
		if err != nil || len(saved) != 2 || saved[0].Seq != 1 || saved[1].Seq != 2 {
			t.Fatalf("saved = %+v, %v", saved, err)
		}
		got, err := db.MessagesAfter(ctx, gone.ID, 0, 10)
		if err != nil || len(got) != 2 {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		gj, _ := json.Marshal(got[1])
		if string(gj) != strings.TrimSuffix(string(saved[1].Encoded), "\n") {
			t.Errorf("read back %s, answered %s", gj, saved[1].Encoded)
		}
	})
}

// The usual turn's save leaves the customer's column alone (one index
// fewer rewritten on SQLite); a turn in which the shopper signed in, or out,
// still stores the change, and the messages keep their numbers, on both
// databases.
func TestSaveTurn_StoresTheCustomerWhenItChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cust, err := db.UpsertCustomer(ctx, "ana@example.com", "Ana", "")
		if err != nil {
			t.Fatal(err)
		}
		c := &conversation.Conversation{ID: "c_signin", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		msg := []conversation.Message{{From: "shopper", Type: "text", Text: "hi"}}
		for i, tc := range []struct {
			customer int64
			state    string
		}{{0, `{"n":1}`}, {cust, `{"n":2}`}, {cust, `{"n":3}`}, {0, `{"n":4}`}} {
			c.CustomerID, c.State = tc.customer, []byte(tc.state)
			saved, err := db.SaveTurn(ctx, c, msg)
			if err != nil || len(saved) != 1 || saved[0].Seq != int64(i+1) {
				t.Fatalf("turn %d: saved %+v, %v", i+1, saved, err)
			}
			got, _, err := db.Conversation(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.CustomerID != tc.customer || string(got.State) != tc.state || got.LastSeq != int64(i+1) {
				t.Errorf("turn %d: stored customer %d, state %s, last seq %d; want %d, %s, %d",
					i+1, got.CustomerID, got.State, got.LastSeq, tc.customer, tc.state, i+1)
			}
		}
	})
}

// Turns of many conversations saved at once, meeting at SQLite's one writer,
// are each stored once, numbered on from their own conversation's last
// message, on both databases.
func TestSaveTurn_ConcurrentTurnsAreEachStoredInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const shoppers, turns = 8, 40
		var wg sync.WaitGroup
		for s := range shoppers {
			c := &conversation.Conversation{ID: fmt.Sprintf("c_many_%d", s), Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
			if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range turns {
					msgs := []conversation.Message{{From: "shopper", Type: "text", Text: fmt.Sprintf("%s says %d", c.ID, i)},
						{From: "bot", Type: "text", Text: fmt.Sprintf("to %s: %d", c.ID, i)}}
					saved, err := db.SaveTurn(ctx, c, msgs)
					if err != nil || len(saved) != 2 || saved[0].Seq != int64(2*i+1) || saved[1].Seq != int64(2*i+2) {
						t.Errorf("%s turn %d: saved %+v, %v", c.ID, i, saved, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		for s := range shoppers {
			id := fmt.Sprintf("c_many_%d", s)
			got, err := db.MessagesAfter(ctx, id, 0, 1000)
			if err != nil || len(got) != 2*turns {
				t.Fatalf("%s: %d messages, %v", id, len(got), err)
			}
			for k, m := range got {
				want := fmt.Sprintf("%s says %d", id, k/2)
				if k%2 == 1 {
					want = fmt.Sprintf("to %s: %d", id, k/2)
				}
				if m.Seq != int64(k+1) || m.Text != want {
					t.Fatalf("%s message %d: seq %d %q, want %q", id, k+1, m.Seq, m.Text, want)
				}
			}
		}
	})
}
