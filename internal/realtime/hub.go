// Package realtime carries live events to the screens that show them: the
// agent console's inbox and conversation views, and the shopper's widget.
//
// A Hub fans events out to subscribers in this process. Subscribers read from
// a bounded buffer; one that falls behind is dropped rather than allowed to
// hold up whoever publishes (a turn, an agent's reply), and its client
// reconnects and catches up over HTTP. With PostgreSQL several instances
// share events through LISTEN/NOTIFY (see notify.go).
package realtime

import (
	"context"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Event types, as the WebSocket clients see them.
const (
	TypeMessage      = "message"      // a message was added to a conversation
	TypeConversation = "conversation" // status, assignment or hand-off changed
	TypeNote         = "note"         // an agent wrote an internal note
	TypeTyping       = "typing"       // an agent or the shopper is typing
	TypeViewing      = "viewing"      // an agent has the conversation open
	// TypeResync says events may have been missed (this instance lost its
	// connection to the other instances' events for a while): reload the
	// list and the open conversation over HTTP.
	TypeResync = "resync"
)

// Event is one thing that happened to a conversation.
type Event struct {
	Type           string                `json:"type"`
	ConversationID string                `json:"conversation_id"`
	Message        *conversation.Message `json:"message,omitempty"`
	// Conversation is the console's list-view summary; agents only.
	Conversation any `json:"conversation,omitempty"`
	// Note is a new internal note; agents only.
	Note   any    `json:"note,omitempty"`
	Status string `json:"status,omitempty"`
	// From says who is typing: "agent" or "shopper".
	From      string `json:"from,omitempty"`
	AgentID   int64  `json:"agent_id,omitempty"`
	AgentName string `json:"agent_name,omitempty"`
	// Seq numbers message events so another instance can load the message.
	Seq int64     `json:"seq,omitempty"`
	At  time.Time `json:"at"`
}

// ForShopper reports whether the shopper's live connection may see e, and
// returns the part of it they may see: never notes, who views, the summary
// or the agent's internal id.
func (e Event) ForShopper() (Event, bool) {
	out := Event{Type: e.Type, ConversationID: e.ConversationID, At: e.At}
	switch e.Type {
	case TypeMessage:
		if e.Message == nil {
			return Event{}, false
		}
		m := e.Message.ForShopper()
		out.Message, out.Seq = &m, m.Seq
	case TypeConversation:
		out.Status, out.AgentName = e.Status, e.AgentName
	case TypeResync:
	case TypeTyping:
		if e.From != conversation.FromAgent {
			return Event{}, false // the shopper knows when they type
		}
		out.From, out.AgentName = e.From, e.AgentName
	default:
		return Event{}, false
	}
	return out, true
}

// Topic is what a subscriber listens to: every agent-facing event (the
// console), or the events of one conversation (a shopper's widget).
type Topic struct {
	Agent        int64  // the console of this agent: every conversation
	Conversation string // one conversation
}

// BufferSize is how many events a subscriber may lag behind before it is
// dropped. A console that misses this many events is better off reloading.
// The buffer holds pointers (8 bytes a slot, not the 160 of an Event): an
// idle widget's connection costs 0.5 KiB here instead of 10 KiB, which at
// 10,000 open widgets is 100 MiB.
const BufferSize = 64

// Subscription receives events until it is closed.
type Subscription struct {
	topic  Topic
	key    string // the credential it counts against (SubscribeCapped)
	events chan *Event
	hub    *Hub
	once   sync.Once
}

// Events delivers the subscription's events. The channel closes when the
// subscriber is dropped for being slow or unsubscribes. An event may be
// shared with other subscribers: read it, never change it.
func (s *Subscription) Events() <-chan *Event { return s.events }

// Close unsubscribes; safe to call more than once.
func (s *Subscription) Close() { s.hub.remove(s) }

// Hub fans events out to subscribers of this process.
type Hub struct {
	mu     sync.RWMutex
	agents map[*Subscription]struct{}
	convs  map[string]map[*Subscription]struct{}
	// remote, when set, also sends events to the other instances.
	remote func(ctx context.Context, e Event)
	// dropped counts slow subscribers cut off, for tests and logs.
	dropped int
	// held counts live subscriptions per credential (SubscribeCapped).
	held map[string]int
}

// NewHub makes an in-process hub.
func NewHub() *Hub {
	return &Hub{agents: map[*Subscription]struct{}{}, convs: map[string]map[*Subscription]struct{}{}, held: map[string]int{}}
}

// Subscribe starts listening to topic.
func (h *Hub) Subscribe(topic Topic) *Subscription {
	s, _ := h.SubscribeCapped(topic, "", 0)
	return s
}

// SubscribeCapped starts listening to topic on behalf of key (a shopper's
// token, an agent's session), unless key already holds max subscriptions:
// then it reports false. One credential opening hundreds of sockets would
// otherwise hold hundreds of buffers and goroutines. max 0: no cap. The
// count is this process's; each instance caps its own connections.
func (h *Hub) SubscribeCapped(topic Topic, key string, max int) (*Subscription, bool) {
	s := &Subscription{topic: topic, events: make(chan *Event, BufferSize), hub: h}
	h.mu.Lock()
	defer h.mu.Unlock()
	if key != "" {
		if max > 0 && h.held[key] >= max {
			return nil, false
		}
		h.held[key]++
		s.key = key
	}
	h.subscribeLocked(s)
	return s, true
}

func (h *Hub) subscribeLocked(s *Subscription) {
	topic := s.topic
	if topic.Conversation != "" {
		set := h.convs[topic.Conversation]
		if set == nil {
			set = map[*Subscription]struct{}{}
			h.convs[topic.Conversation] = set
		}
		set[s] = struct{}{}
	} else {
		h.agents[s] = struct{}{}
	}
}

func (h *Hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s)
}

func (h *Hub) removeLocked(s *Subscription) {
	s.once.Do(func() {
		if s.key != "" {
			if h.held[s.key]--; h.held[s.key] <= 0 {
				delete(h.held, s.key)
			}
		}
		if s.topic.Conversation != "" {
			set := h.convs[s.topic.Conversation]
			delete(set, s)
			if len(set) == 0 {
				delete(h.convs, s.topic.Conversation)
			}
		} else {
			delete(h.agents, s)
		}
		close(s.events)
	})
}

// Publish delivers e to this process's subscribers and, with PostgreSQL, to
// the other instances'. It never blocks on a subscriber.
func (h *Hub) Publish(ctx context.Context, e Event) {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	if e.Message != nil && e.Seq == 0 {
		e.Seq = e.Message.Seq
	}
	h.deliver(e)
	h.mu.RLock()
	remote := h.remote
	h.mu.RUnlock()
	if remote != nil {
		remote(ctx, e)
	}
}

// deliver hands e to the local subscribers. Sends happen under the write
// lock so that a subscriber being dropped cannot be sent to after its
// channel closed; they never wait, so the lock is held only briefly.
func (h *Hub) deliver(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := &e // one copy for every agent
	for s := range h.agents {
		h.offer(s, all)
	}
	if e.ConversationID == "" {
		return
	}
	if shopper, ok := e.ForShopper(); ok {
		for s := range h.convs[e.ConversationID] {
			h.offer(s, &shopper)
		}
	}
}

// resync tells every local subscriber to reload over HTTP: each widget gets
// the event for its own conversation, so it knows which one to poll.
func (h *Hub) resync() {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := &Event{Type: TypeResync, At: time.Now().UTC()}
	for s := range h.agents {
		h.offer(s, all)
	}
	for id, set := range h.convs {
		e := &Event{Type: TypeResync, ConversationID: id, At: all.At}
		for s := range set {
			h.offer(s, e)
		}
	}
}

func (h *Hub) offer(s *Subscription, e *Event) {
	select {
	case s.events <- e:
	default:
		h.dropped++
		h.removeLocked(s)
	}
}

// Subscribers counts the live subscriptions (agents, shoppers).
func (h *Hub) Subscribers() (agents, shoppers int) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, set := range h.convs {
		shoppers += len(set)
	}
	return len(h.agents), shoppers
}

// Dropped counts subscribers cut off for falling behind.
func (h *Hub) Dropped() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.dropped
}
