package realtime_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func receive(t *testing.T, s *realtime.Subscription) realtime.Event {
	t.Helper()
	select {
	case e, ok := <-s.Events():
		if !ok {
			t.Fatal("the subscription was closed")
		}
		return *e
	case <-time.After(10 * time.Second):
		t.Fatal("no event arrived")
	}
	return realtime.Event{}
}

func nothingQueued(t *testing.T, s *realtime.Subscription) {
	t.Helper()
	select {
	case e, ok := <-s.Events():
		if ok {
			t.Fatalf("unexpected event %+v", e)
		}
	default:
	}
}

func TestHub_FansOutToAgentsAndTheConversationsShopper(t *testing.T) {
	h := realtime.NewHub()
	agent1 := h.Subscribe(realtime.Topic{Agent: 1})
	agent2 := h.Subscribe(realtime.Topic{Agent: 2})
	shopperA := h.Subscribe(realtime.Topic{Conversation: "c_a"})
	shopperB := h.Subscribe(realtime.Topic{Conversation: "c_b"})
	ctx := context.Background()

	msg := &conversation.Message{Seq: 7, From: conversation.FromAgent, Type: conversation.TypeText, Text: "hi", Author: "Ana"}
	h.Publish(ctx, realtime.Event{Type: realtime.TypeMessage, ConversationID: "c_a", Message: msg})
	for _, s := range []*realtime.Subscription{agent1, agent2, shopperA} {
		if e := receive(t, s); e.Type != realtime.TypeMessage || e.Message.Text != "hi" || e.Seq != 7 {
			t.Errorf("got %+v", e)
		}
	}
	nothingQueued(t, shopperB)

	tests := []struct {
		name         string
		event        realtime.Event
		shopperSees  bool
		shopperCheck func(e realtime.Event) bool
	}{
		{"a note stays with the agents", realtime.Event{Type: realtime.TypeNote, ConversationID: "c_a"}, false, nil},
		{"who views stays with the agents", realtime.Event{Type: realtime.TypeViewing, ConversationID: "c_a", AgentID: 2}, false, nil},
		{"the shopper's own typing goes to agents only", realtime.Event{Type: realtime.TypeTyping, ConversationID: "c_a", From: "shopper"}, false, nil},
		{"the agent's typing reaches the shopper", realtime.Event{Type: realtime.TypeTyping, ConversationID: "c_a", From: "agent", AgentID: 2, AgentName: "Ana"}, true,
			func(e realtime.Event) bool { return e.AgentName == "Ana" && e.AgentID == 0 }},
		{"a status change reaches the shopper without the summary", realtime.Event{Type: realtime.TypeConversation, ConversationID: "c_a", Status: "agent", AgentName: "Ana",
			Conversation: map[string]string{"summary": "secret"}}, true,
			func(e realtime.Event) bool { return e.Status == "agent" && e.Conversation == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.Publish(ctx, tt.event)
			if e := receive(t, agent1); e.Type != tt.event.Type {
				t.Errorf("agent got %+v", e)
			}
			receive(t, agent2)
			if !tt.shopperSees {
				nothingQueued(t, shopperA)
				return
			}
			if e := receive(t, shopperA); !tt.shopperCheck(e) {
				t.Errorf("shopper got %+v", e)
			}
		})
	}
}

func TestHub_DropsASlowSubscriberWithoutBlocking(t *testing.T) {
	h := realtime.NewHub()
	slow := h.Subscribe(realtime.Topic{Agent: 1})
	fast := h.Subscribe(realtime.Topic{Agent: 2})
	// Nobody reads slow: publishing more than its buffer must still return,
	// and fast, which keeps up, must get every event.
	for i := range realtime.BufferSize + 10 {
		h.Publish(context.Background(), realtime.Event{Type: realtime.TypeTyping, ConversationID: "c", Seq: int64(i)})
		if e := receive(t, fast); e.Seq != int64(i) {
			t.Fatalf("fast subscriber got seq %d, want %d", e.Seq, i)
		}
	}
	if h.Dropped() != 1 {
		t.Fatalf("dropped %d subscribers, want 1", h.Dropped())
	}
	n := 0
	for range slow.Events() { // drains the buffer, then sees the channel closed
		n++
	}
	if n != realtime.BufferSize {
		t.Errorf("the slow subscriber got %d events before being dropped, want %d", n, realtime.BufferSize)
	}
	if agents, _ := h.Subscribers(); agents != 1 {
		t.Errorf("%d agent subscribers left, want 1", agents)
	}
	fast.Close()
}

func TestHub_UnsubscribeStopsDelivery(t *testing.T) {
	h := realtime.NewHub()
	s := h.Subscribe(realtime.Topic{Conversation: "c_a"})
	s.Close()
	s.Close() // twice is harmless
	h.Publish(context.Background(), realtime.Event{Type: realtime.TypeConversation, ConversationID: "c_a", Status: "agent"})
	if _, ok := <-s.Events(); ok {
		t.Error("a closed subscription received an event")
	}
	if a, sh := h.Subscribers(); a != 0 || sh != 0 {
		t.Errorf("subscribers left: %d agents, %d shoppers", a, sh)
	}
}

// TestHub_NotifyCrossesInstances runs two hubs, as two instances would, on
// one PostgreSQL database: an event published on one reaches the other's
// subscribers, with the message reloaded there.
func TestHub_NotifyCrossesInstances(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	load := realtime.Loader{Message: func(ctx context.Context, id string, seq int64) (*conversation.Message, error) {
		return &conversation.Message{Seq: seq, From: conversation.FromShopper, Type: conversation.TypeText, Text: "loaded " + id}, nil
	}}
	hubs := make([]*realtime.Hub, 2)
	for i := range hubs {
		db := storetest.Open(t, dsn)
		hubs[i] = realtime.NewHub()
		hubs[i].Connect(ctx, db, load)
	}
	onA := hubs[0].Subscribe(realtime.Topic{Agent: 1})
	onB := hubs[1].Subscribe(realtime.Topic{Agent: 2})
	shopperOnB := hubs[1].Subscribe(realtime.Topic{Conversation: "c_x"})

	hubs[0].Publish(ctx, realtime.Event{Type: realtime.TypeMessage, ConversationID: "c_x",
		Message: &conversation.Message{Seq: 3, From: conversation.FromShopper, Type: conversation.TypeText, Text: "original"}})
	if e := receive(t, onA); e.Message == nil || e.Message.Text != "original" {
		t.Errorf("the publishing instance got %+v", e)
	}
	for _, s := range []*realtime.Subscription{onB, shopperOnB} {
		e := receive(t, s)
		if e.Type != realtime.TypeMessage || e.Message == nil || e.Message.Seq != 3 || e.Message.Text != "loaded c_x" {
			t.Errorf("the other instance got %+v", e)
		}
	}
	hubs[1].Publish(ctx, realtime.Event{Type: realtime.TypeTyping, ConversationID: "c_x", From: "agent", AgentID: 2, AgentName: "Bo"})
	if e := receive(t, onA); e.Type != realtime.TypeTyping || e.AgentName != "Bo" || e.AgentID != 2 {
		t.Errorf("typing crossed as %+v", e)
	}
	if e := receive(t, onB); e.Type != realtime.TypeTyping {
		t.Errorf("the typing instance got %+v", e)
	}
	receive(t, shopperOnB)
	// Each instance delivers its own events once, not again when its own
	// notice comes back: PostgreSQL delivers notices in commit order, so a
	// marker sent from the other instance afterwards arrives after any such
	// duplicate would have.
	hubs[0].Publish(ctx, realtime.Event{Type: realtime.TypeNote, ConversationID: "c_marker"})
	if e := receive(t, onA); e.ConversationID != "c_marker" {
		t.Errorf("instance A got %+v before the marker", e)
	}
	if e := receive(t, onB); e.ConversationID != "c_marker" {
		t.Errorf("instance B got %+v before the marker", e)
	}
}

func TestHub_SQLiteHasNoListen(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	if err := db.Listen(context.Background(), realtime.Channel, nil, func(string) {}); err != store.ErrNoNotify {
		t.Errorf("Listen on SQLite: %v, want ErrNoNotify", err)
	}
}

func TestHub_CapsSubscriptionsPerCredential(t *testing.T) {
	h := realtime.NewHub()
	topic := realtime.Topic{Conversation: "c_1"}
	var held []*realtime.Subscription
	for i := range 3 {
		s, ok := h.SubscribeCapped(topic, "token-a", 3)
		if !ok {
			t.Fatalf("subscription %d of 3 refused", i+1)
		}
		held = append(held, s)
	}
	if _, ok := h.SubscribeCapped(topic, "token-a", 3); ok {
		t.Fatal("a fourth subscription with one credential was accepted")
	}
	if s, ok := h.SubscribeCapped(topic, "token-b", 3); !ok {
		t.Fatal("another credential was refused")
	} else {
		s.Close()
	}
	held[0].Close()
	held[0].Close() // twice: counted once
	if _, ok := h.SubscribeCapped(topic, "token-a", 3); !ok {
		t.Fatal("a closed subscription's place did not come free")
	}
	if _, ok := h.SubscribeCapped(topic, "token-a", 3); ok {
		t.Fatal("closing twice freed two places")
	}
	// A subscriber dropped for falling behind frees its place too.
	for range realtime.BufferSize + 1 {
		h.Publish(context.Background(), realtime.Event{Type: realtime.TypeMessage, ConversationID: "c_1", Message: &conversation.Message{Seq: 1}})
	}
	if _, ok := h.SubscribeCapped(topic, "token-a", 3); !ok {
		t.Fatal("dropped subscribers still hold their places")
	}
	if _, ok := h.SubscribeCapped(topic, "", 0); !ok {
		t.Fatal("an uncapped subscription was refused")
	}
}

// untilType reads s until an event of type typ arrives, returning it and
// the types read before it.
func untilType(t *testing.T, s *realtime.Subscription, typ string) (realtime.Event, []string) {
	t.Helper()
	var before []string
	for range 20 {
		e := receive(t, s)
		if e.Type == typ {
			return e, before
		}
		before = append(before, e.Type)
	}
	t.Fatalf("no %s event after %v", typ, before)
	return realtime.Event{}, nil
}

// When an instance's LISTEN connection dies (a PostgreSQL restart, a
// failover, a proxy cutting it: here pg_terminate_backend), the instance
// listens again, tells every screen connected to it to reload what it may
// have missed, and receives the other instances' events again afterwards.
func TestHub_ListenerReconnectsAndTellsScreensToResync(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	load := realtime.Loader{Message: func(ctx context.Context, id string, seq int64) (*conversation.Message, error) {
		return &conversation.Message{Seq: seq, From: conversation.FromShopper, Type: conversation.TypeText, Text: "loaded"}, nil
	}}
	dbA, dbB := storetest.Open(t, dsn), storetest.Open(t, dsn)
	a, b := realtime.NewHub(), realtime.NewHub()
	a.Connect(ctx, dbA, load)
	b.Connect(ctx, dbB, load)
	agentOnB := b.Subscribe(realtime.Topic{Agent: 1})
	shopperOnB := b.Subscribe(realtime.Topic{Conversation: "c_x"})
	typing := realtime.Event{Type: realtime.TypeTyping, ConversationID: "c_x", From: conversation.FromAgent, AgentName: "Ana"}

	a.Publish(ctx, typing)
	receive(t, agentOnB)
	receive(t, shopperOnB)

	old := dbB.ListenerPID(realtime.Channel)
	if old == 0 {
		t.Fatal("instance B reports no listening connection")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var ended bool
	if err := admin.QueryRowContext(ctx, `SELECT pg_terminate_backend($1)`, int64(old)).Scan(&ended); err != nil || !ended {
		t.Fatalf("terminate B's listener (pid %d): %v, %v", old, ended, err)
	}
	// Sent while B is away: B's screens cannot get it live, so they must
	// be told to reload instead.
	a.Publish(ctx, realtime.Event{Type: realtime.TypeMessage, ConversationID: "c_x",
		Message: &conversation.Message{Seq: 9, From: conversation.FromShopper, Type: conversation.TypeText, Text: "during the gap"}})

	if e, _ := untilType(t, agentOnB, realtime.TypeResync); e.ConversationID != "" {
		t.Errorf("the console's resync names a conversation: %+v", e)
	}
	if e, _ := untilType(t, shopperOnB, realtime.TypeResync); e.ConversationID != "c_x" {
		t.Errorf("the widget's resync is for %q, want c_x", e.ConversationID)
	}
	if now := dbB.ListenerPID(realtime.Channel); now == 0 || now == old {
		t.Errorf("listener pid after reconnect = %d (was %d)", now, old)
	}

	// Listening again: the next event crosses as before.
	a.Publish(ctx, realtime.Event{Type: realtime.TypeNote, ConversationID: "c_after"})
	if e, _ := untilType(t, agentOnB, realtime.TypeNote); e.ConversationID != "c_after" {
		t.Errorf("after reconnect B's console got %+v", e)
	}
	a.Publish(ctx, typing)
	if e, _ := untilType(t, shopperOnB, realtime.TypeTyping); e.AgentName != "Ana" {
		t.Errorf("after reconnect B's widget got %+v", e)
	}
}
