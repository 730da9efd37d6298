package realtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Channel is the PostgreSQL NOTIFY channel the instances share.
const Channel = "shopkeeper_events"

// Bus is the database's LISTEN/NOTIFY (store.DB).
type Bus interface {
	Notify(ctx context.Context, channel, payload string) error
	Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error
}

// Loader fetches what a notification only points at: the message with a
// sequence number, and the console's summary of a conversation.
type Loader struct {
	Message      func(ctx context.Context, conversationID string, seq int64) (*conversation.Message, error)
	Conversation func(ctx context.Context, conversationID string) (any, error) // optional
}

// notice is the NOTIFY payload: small, so it stays far below PostgreSQL's
// 8000-byte limit and carries nothing another instance cannot reload.
type notice struct {
	Instance     string `json:"i"`
	Type         string `json:"t"`
	Conversation string `json:"c"`
	Seq          int64  `json:"s,omitempty"`
	Status       string `json:"st,omitempty"`
	From         string `json:"f,omitempty"`
	AgentID      int64  `json:"a,omitempty"`
	AgentName    string `json:"n,omitempty"`
}

// Connect shares this hub's events with the other instances on the same
// PostgreSQL database until ctx ends. It returns once listening (or after
// a few seconds if the database does not let it, retrying in the background),
// so that events published after Connect reach the others.
func (h *Hub) Connect(ctx context.Context, bus Bus, load Loader) {
	b := make([]byte, 8)
	rand.Read(b)
	instance := hex.EncodeToString(b)

	// Notices go out from one goroutine, in order, so a publisher (a turn,
	// an agent's reply) never waits for the database round trip; if the
	// database falls far behind, notices are dropped and the other
	// instances' screens catch up when they next reload.
	out := make(chan notice, 1024)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-out:
				p, _ := json.Marshal(n)
				nctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				if err := bus.Notify(nctx, Channel, string(p)); err != nil {
					slog.Warn("share live event with other instances", "err", err)
				}
				cancel()
			}
		}
	}()
	h.mu.Lock()
	h.remote = func(_ context.Context, e Event) {
		n := notice{Instance: instance, Type: e.Type, Conversation: e.ConversationID, Seq: e.Seq,
			Status: e.Status, From: e.From, AgentID: e.AgentID, AgentName: e.AgentName}
		select {
		case out <- n:
		default:
			slog.Warn("live events to other instances are backing up; dropping one", "conversation", e.ConversationID)
		}
	}
	h.mu.Unlock()

	ready := make(chan struct{})
	go func() {
		first := true
		for ctx.Err() == nil {
			err := bus.Listen(ctx, Channel, func() {
				if first {
					first = false
					close(ready)
					return
				}
				// Listening again after a lost connection: what the other
				// instances sent meanwhile never reached us. Every screen
				// connected here reloads over HTTP (the list, the open
				// conversation, the widget's messages since its last seq);
				// from now on nothing is missed, as we listen again first.
				slog.Info("live events from other instances reconnected; screens told to resync")
				h.resync()
			}, func(payload string) { h.received(ctx, instance, load, payload) })
			if ctx.Err() != nil {
				return
			}
			slog.Warn("listen for live events; retrying", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	select {
	case <-ready:
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		slog.Warn("live events from other instances are not yet connected")
	}
}

// received turns another instance's notice back into an event.
func (h *Hub) received(ctx context.Context, instance string, load Loader, payload string) {
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil || n.Instance == instance {
		return // our own event, already delivered here, or not ours at all
	}
	e := Event{Type: n.Type, ConversationID: n.Conversation, Seq: n.Seq, Status: n.Status, From: n.From,
		AgentID: n.AgentID, AgentName: n.AgentName, At: time.Now().UTC()}
	if n.Type == TypeMessage && n.Seq > 0 && load.Message != nil {
		m, err := load.Message(ctx, n.Conversation, n.Seq)
		if err != nil {
			slog.Warn("load message of a live event", "conversation", n.Conversation, "err", err)
			return
		}
		e.Message = m
	}
	if n.Type == TypeConversation && load.Conversation != nil {
		if c, err := load.Conversation(ctx, n.Conversation); err == nil {
			e.Conversation = c
		}
	}
	h.deliver(e)
}
