package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

type greeter struct{}

func (greeter) Greet(context.Context, *conversation.Conversation) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: "hello"}}
}

func (greeter) Respond(_ context.Context, _ *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	return []conversation.Message{{From: conversation.FromShopper, Type: conversation.TypeText, Text: in.Text}}, nil
}

// liveServer is an HTTP server with the live endpoints, one conversation and
// one agent session ("agent-token" is Ana, id 7).
func liveServer(t *testing.T) (srv *httptest.Server, hub *realtime.Hub, convID, token string) {
	t.Helper()
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	convs := conversation.NewService(db, greeter{})
	c, token, _, err := convs.Start(context.Background(), "web", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	hub = realtime.NewHub()
	s := &httpapi.Server{Conversations: convs, Live: hub,
		AgentSession: func(r *http.Request) (httpapi.LiveAgent, error) {
			if r.URL.Query().Get("token") == "agent-token" {
				return httpapi.LiveAgent{ID: 7, Name: "Ana"}, nil
			}
			return httpapi.LiveAgent{}, errors.New("no session")
		}}
	srv = httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, hub, c.ID, token
}

func wsURL(srv *httptest.Server, path string) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + path
}

func TestLive_RefusesWithoutCredentials(t *testing.T) {
	srv, _, id, token := liveServer(t)
	tests := []struct {
		name   string
		path   string
		status int
	}{
		{"agent socket without a session", "/api/v1/agent/ws", http.StatusUnauthorized},
		{"agent socket with a wrong token", "/api/v1/agent/ws?token=nope", http.StatusUnauthorized},
		{"shopper socket without a token", "/api/v1/conversations/" + id + "/live", http.StatusNotFound},
		{"shopper socket with a wrong token", "/api/v1/conversations/" + id + "/live?token=" + token + "x", http.StatusNotFound},
		{"shopper socket of an unknown conversation", "/api/v1/conversations/c_nothere/live?token=" + token, http.StatusNotFound},
	}
	var bodies []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, res, err := websocket.Dial(t.Context(), wsURL(srv, tt.path), nil)
			if err == nil {
				t.Fatal("the connection was accepted")
			}
			if res == nil || res.StatusCode != tt.status {
				t.Fatalf("answer %v, want status %d", res, tt.status)
			}
			b, _ := io.ReadAll(res.Body)
			var e struct {
				Error struct{ Code string } `json:"error"`
			}
			if json.Unmarshal(b, &e) != nil || e.Error.Code == "" {
				t.Errorf("the body %q is not the contract's error", b)
			}
			if tt.status == http.StatusNotFound {
				bodies = append(bodies, string(b))
			}
		})
	}
	// A wrong token and an unknown conversation must read the same.
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Errorf("404 answers differ: %q vs %q", b, bodies[0])
		}
	}
}

func readEvent(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var e map[string]any
	if err := wsjson.Read(ctx, c, &e); err != nil {
		t.Fatalf("read event: %v", err)
	}
	return e
}

func TestLive_ShopperGetsAgentRepliesButNotNotes(t *testing.T) {
	srv, hub, id, token := liveServer(t)
	shopper, _, err := websocket.Dial(t.Context(), wsURL(srv, "/api/v1/conversations/"+id+"/live?token="+token), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer shopper.CloseNow()
	agent, _, err := websocket.Dial(t.Context(), wsURL(srv, "/api/v1/agent/ws?token=agent-token"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer agent.CloseNow()
	waitSubscribers(t, hub, 1, 1)

	ctx := context.Background()
	hub.Publish(ctx, realtime.Event{Type: realtime.TypeNote, ConversationID: id})
	hub.Publish(ctx, realtime.Event{Type: realtime.TypeConversation, ConversationID: id, Status: "agent", AgentName: "Ana",
		Conversation: map[string]string{"summary": "private"}})
	hub.Publish(ctx, realtime.Event{Type: realtime.TypeMessage, ConversationID: id,
		Message: &conversation.Message{Seq: 4, From: conversation.FromAgent, Type: conversation.TypeText, Text: "Hi, Ana here", Author: "Ana",
			NLU: &conversation.NLU{Intent: "x"}}})

	if e := readEvent(t, shopper); e["type"] != "conversation" || e["status"] != "agent" || e["agent_name"] != "Ana" || e["conversation"] != nil {
		t.Errorf("shopper's first event: %v (the note must not arrive, nor the summary)", e)
	}
	e := readEvent(t, shopper)
	m, _ := e["message"].(map[string]any)
	if e["type"] != "message" || m["text"] != "Hi, Ana here" || m["agent_name"] != "Ana" {
		t.Errorf("shopper's second event: %v", e)
	}
	for _, want := range []string{"note", "conversation", "message"} {
		if e := readEvent(t, agent); e["type"] != want {
			t.Errorf("agent got %v, want a %s event", e, want)
		}
	}

	// Typing travels both ways, with the agent's name on the shopper's side.
	if err := wsjson.Write(ctx, shopper, map[string]string{"type": "typing"}); err != nil {
		t.Fatal(err)
	}
	if e := readEvent(t, agent); e["type"] != "typing" || e["from"] != "shopper" {
		t.Errorf("agent got %v, want the shopper typing", e)
	}
	if err := wsjson.Write(ctx, agent, map[string]string{"type": "typing", "conversation_id": id}); err != nil {
		t.Fatal(err)
	}
	if e := readEvent(t, shopper); e["type"] != "typing" || e["agent_name"] != "Ana" || e["agent_id"] != nil {
		t.Errorf("shopper got %v, want Ana typing", e)
	}
	// The widget's receipt reaches the console as "delivered".
	if err := wsjson.Write(ctx, shopper, map[string]any{"type": "delivered", "seq": 4}); err != nil {
		t.Fatal(err)
	}
	readEvent(t, agent) // the agent's own typing comes back first
	if e := readEvent(t, agent); e["type"] != "delivered" || e["seq"] != float64(4) {
		t.Errorf("agent got %v, want delivered up to 4", e)
	}
}

func waitSubscribers(t *testing.T, hub *realtime.Hub, agents, shoppers int) {
	t.Helper()
	// The server subscribes just after the handshake; wait for it to, without
	// a fixed sleep.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if a, s := hub.Subscribers(); a == agents && s == shoppers {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("subscribers never reached %d agents, %d shoppers", agents, shoppers)
}
