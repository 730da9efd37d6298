package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func queuedConversation(t *testing.T, db *store.DB, id string) *inbox.Handoff {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	c := &conversation.Conversation{ID: id, Channel: "rest", Status: conversation.StatusQueued, Language: "en", CreatedAt: now, UpdatedAt: now}
	if _, err := db.CreateConversation(ctx, c, "hash-"+id, nil); err != nil {
		t.Fatal(err)
	}
	h := &inbox.Handoff{ConversationID: id, Reason: inbox.ReasonRequested, Language: "en", QueuedAt: now}
	if ok, err := db.OpenHandoff(ctx, h); err != nil || !ok {
		t.Fatalf("open hand-off: %v %v", ok, err)
	}
	if ok, _ := db.OpenHandoff(ctx, h); ok {
		t.Fatal("a second open hand-off for one conversation was accepted")
	}
	cur, err := db.CurrentHandoff(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return cur
}

func agent(t *testing.T, db *store.DB, email string) *inbox.Agent {
	t.Helper()
	a := &inbox.Agent{Email: email, Name: email, Role: inbox.RoleAgent, Languages: []string{"en"}, Capacity: 3}
	if err := db.CreateAgent(context.Background(), a, "$argon2id$x"); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAssignHandoff_ExactlyOneOfManyAgentsWins races agents taking the same
// queued conversation; the conditional UPDATE lets exactly one through.
func TestAssignHandoff_ExactlyOneOfManyAgentsWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := queuedConversation(t, db, "c_race")
		var agents []*inbox.Agent
		for i := range 8 {
			agents = append(agents, agent(t, db, fmt.Sprintf("a%d@example.com", i)))
		}
		var wins atomic.Int32
		var winner atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, a := range agents {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				hc := *h
				ok, err := db.AssignHandoff(ctx, &hc, 0, a.ID, "", conversation.Handoff{Reason: "requested", Agent: a.Name}, time.Now())
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
					winner.Store(a.ID)
				}
			}()
		}
		close(start)
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d agents took the conversation, want exactly 1", wins.Load())
		}
		cur, _ := db.CurrentHandoff(ctx, "c_race")
		c, _, _ := db.Conversation(ctx, "c_race")
		if cur.AgentID != winner.Load() || c.Status != conversation.StatusAgent {
			t.Errorf("stored agent %d status %s; want the winner %d and agent", cur.AgentID, c.Status, winner.Load())
		}
		as, _ := db.Agents(ctx)
		for _, a := range as {
			if want := map[bool]int{true: 1, false: 0}[a.ID == winner.Load()]; a.Active != want {
				t.Errorf("agent %d has %d open conversations, want %d", a.ID, a.Active, want)
			}
		}
	})
}

// TestResolveHandoff_OnceUnderConcurrentResolves: the bot's closing
// messages are stored by exactly one of several resolves.
func TestResolveHandoff_OnceUnderConcurrentResolves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := queuedConversation(t, db, "c_resolve")
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _, err := db.Conversation(ctx, "c_resolve")
				if err != nil {
					t.Error(err)
					return
				}
				c.Status = conversation.StatusBot
				hc := *h
				_, ok, err := db.ResolveHandoff(ctx, &hc, c, []conversation.Message{{From: "bot", Type: "text", Text: "back"}}, time.Now())
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		msgs, _ := db.MessagesAfter(ctx, "c_resolve", 0, 100)
		if wins.Load() != 1 || len(msgs) != 1 {
			t.Errorf("%d resolves won, %d closing messages; want 1 and 1", wins.Load(), len(msgs))
		}
	})
}

// TestAgents_SessionsRulesReviewAndAudit covers the rest of the inbox's
// storage on both databases.
func TestAgents_SessionsRulesReviewAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := agent(t, db, "s@example.com")
		if err := db.CreateAgent(ctx, &inbox.Agent{Email: "s@example.com", Name: "x", Role: "agent", Capacity: 1}, "h"); !errors.Is(err, inbox.ErrDuplicate) {
			t.Errorf("duplicate e-mail: %v", err)
		}
		now := time.Now()
		if err := db.CreateAgentSession(ctx, "tok", a.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, err := db.AgentBySession(ctx, "tok", now); err != nil || got.ID != a.ID {
			t.Errorf("session: %v %v", got, err)
		}
		if _, err := db.AgentBySession(ctx, "tok", now.Add(2*time.Hour)); !errors.Is(err, inbox.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		now2 := time.Now().UTC()
		orphan := &conversation.Conversation{ID: "c_orphan", Channel: "rest", Status: conversation.StatusQueued, Language: "nl", CreatedAt: now2, UpdatedAt: now2}
		if _, err := db.CreateConversation(ctx, orphan, "h", nil); err != nil {
			t.Fatal(err)
		}
		if os, err := db.OrphanedHandoffs(ctx); err != nil || len(os) != 1 || os[0].ID != "c_orphan" {
			t.Errorf("orphans = %+v, %v", os, err)
		}
		if err := db.SetAgentOnline(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.AgentByID(ctx, a.ID); !got.Online {
			t.Error("agent is not online")
		}
		if err := db.SaveHandoffRules(ctx, `{"intents":["complaint"]}`); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveHandoffRules(ctx, `{"intents":[]}`); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.HandoffRules(ctx); r != `{"intents":[]}` {
			t.Errorf("rules = %s", r)
		}
		items := []inbox.ReviewItem{{ConversationID: "c1", Seq: 2, Lang: "nl", Text: "waar is mijn spul", Intent: "out_of_scope", Confidence: 0.2, Why: "fallback"}}
		if err := db.AddReviewItems(ctx, append(items, items...)); err != nil {
			t.Fatal(err)
		}
		open, _ := db.ReviewItems(ctx, inbox.ReviewOpen, 10)
		if len(open) != 1 {
			t.Fatalf("%d review items, want 1", len(open))
		}
		if ok, _ := db.CloseReviewItem(ctx, open[0].ID, inbox.ReviewLabelled, "order_status"); !ok {
			t.Error("close review item failed")
		}
		if ok, _ := db.CloseReviewItem(ctx, open[0].ID, inbox.ReviewDismissed, ""); ok {
			t.Error("a closed review item was closed again")
		}
		if err := db.AddAudit(ctx, inbox.AuditEntry{AgentID: a.ID, Action: "refund", ConversationID: "c1", Data: []byte(`{"amount":1}`)}); err != nil {
			t.Fatal(err)
		}
		log, _ := db.AuditLog(ctx, 10)
		if len(log) != 1 || log[0].Agent != a.Name || log[0].Action != "refund" {
			t.Errorf("audit = %+v", log)
		}
		if err := db.AddCanned(ctx, inbox.Canned{Lang: "nl", Title: "Hoi", Text: "Hallo!"}); err != nil {
			t.Fatal(err)
		}
		if cs, _ := db.CannedResponses(ctx, "nl"); len(cs) != 1 {
			t.Errorf("canned = %+v", cs)
		}
	})
}
