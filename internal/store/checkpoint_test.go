package store_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// The writer leaves the WAL's checkpoints to the checkpointer (its own
// threshold is raised ten times, to 10,000 pages), which is woken by the
// commits; and a checkpoint made while turns keep being saved still lets
// the WAL start over from its beginning: without its last pass, holding the
// writer, the pages appended during the passes beside it kept the WAL from
// ever being wholly copied, and it grew to the writer's threshold.
func TestCheckpointer_LetsTheWALStartOverWhileTurnsAreSaved(t *testing.T) {
	dsn := storetest.SQLiteDSN(t)
	db := storetest.Open(t, dsn)
	ctx := context.Background()
	if n, err := db.WALAutocheckpoint(ctx); err != nil || n != 10000 {
		t.Fatalf("writer's wal_autocheckpoint = %d, %v; want 10000", n, err)
	}
	c := &conversation.Conversation{ID: "c_wal", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
	if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
		t.Fatal(err)
	}
	// About 1 KB of text a turn, as the demo shop's turns store.
	msgs := []conversation.Message{{From: "shopper", Type: "text", Text: "hi"},
		{From: "bot", Type: "text", Text: strings.Repeat("a rather long answer ", 50)}}
	save := func() {
		if _, err := db.SaveTurn(ctx, c, msgs); err != nil {
			t.Error(err)
		}
	}
	for range 600 {
		save()
	}
	for deadline := time.Now().Add(10 * time.Second); db.Checkpoints() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("600 commits did not wake the checkpointer")
		}
	}
	// The WAL's length in pages, read as another process would.
	other, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	walPages := func() int {
		for range 1000 {
			var busy, n, copied int
			if err := other.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &n, &copied); err != nil {
				t.Fatal(err)
			}
			if n >= 0 {
				return n
			}
			time.Sleep(time.Millisecond) // -1: the checkpointer is at it
		}
		t.Fatal("could not read the WAL's length")
		return 0
	}
	// From here on only the checkpoint made below, for the WAL's length
	// to tell whether that one let it start over.
	db.StopCheckpoints()
	for range 500 {
		save()
	}
	before := walPages()
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			save()
		}
	}()
	time.Sleep(5 * time.Millisecond)
	db.CheckpointNow()
	stop.Store(true)
	wg.Wait()
	save()
	if after := walPages(); after >= before/2 {
		t.Errorf("the WAL holds %d pages after the checkpoint, %d before: it did not start over", after, before)
	}
}
