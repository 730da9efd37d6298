package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
)

// Live connection timing, in the manner of Gotify's stream: the server pings
// every pingEvery and gives up on a client that neither answers within
// pongWait nor takes a write within writeWait.
const (
	pingEvery          = 30 * time.Second
	pongWait           = 10 * time.Second
	writeWait          = 10 * time.Second
	maxClientMsg       = 4 << 10 // client messages are tiny: {"type":"typing",...}
	maxClientPerSecond = 5
	closeResync        = 4000 // "you fell behind: reconnect and reload over HTTP"
	closeSignedOf      = 4001 // the agent's session ended
)

// clientEvent is what a live client may send.
type clientEvent struct {
	Type           string `json:"type"`
	ConversationID string `json:"conversation_id"`
	Seq            int64  `json:"seq"`
}

// liveShopper is the widget's live connection to one conversation:
// GET /api/v1/conversations/{id}/live?token=... Browsers cannot put a
// bearer header on a WebSocket, so the token comes in the query and is
// checked exactly like the bearer (the same 404 for a wrong one).
func (s *Server) liveShopper(w http.ResponseWriter, r *http.Request) {
	if s.Live == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "live connections are not enabled"))
		return
	}
	token := r.URL.Query().Get("token")
	if token == "" {
		token = bearer(r)
	}
	c, err := s.Conversations.Authorize(r.Context(), r.PathValue("id"), token)
	if err != nil {
		writeError(w, r, conversationError(err))
		return
	}
	// The widget runs on the shop's own site, so any origin may connect; no
	// cookie is involved, the token is the only credential.
	// Subscribe before the handshake ends, so that nothing published after
	// the client sees the connection open is missed.
	sub, ok := s.Live.SubscribeCapped(realtime.Topic{Conversation: c.ID}, "shopper "+secretKey(token), s.liveCap())
	if !ok {
		writeError(w, r, tooManyLive())
		return
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		sub.Close()
		return // Accept has answered
	}
	s.goPump(r.Context(), conn, sub, nil, nil, func(ctx context.Context, in clientEvent) {
		switch in.Type {
		case "typing":
			s.Live.Publish(ctx, realtime.Event{Type: realtime.TypeTyping, ConversationID: c.ID, From: conversation.FromShopper})
		case "delivered":
			// The widget has shown the agent's messages up to Seq: the
			// console turns "sent" into "delivered".
			if in.Seq > 0 {
				s.Live.Publish(ctx, realtime.Event{Type: "delivered", ConversationID: c.ID, Seq: in.Seq})
			}
		}
	})
}

// LiveAgent is who an agent's live connection belongs to.
type LiveAgent struct {
	ID   int64
	Name string
}

// liveAgent is the console's live connection: GET /api/v1/agent/ws with the
// session cookie or ?token=. It carries every agent-facing event; the console
// sends typing and viewing for the conversation it has open.
func (s *Server) liveAgent(w http.ResponseWriter, r *http.Request) {
	if s.Live == nil || s.AgentSession == nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "live connections are not enabled"))
		return
	}
	a, err := s.AgentSession(r)
	if err != nil {
		writeError(w, r, errorf(http.StatusUnauthorized, "unauthorized", "sign in as an agent first"))
		return
	}
	// Default origin check: a cookie-authenticated socket must come from
	// our own pages, or another site could open it with the agent's cookie.
	sub, ok := s.Live.SubscribeCapped(realtime.Topic{Agent: a.ID}, "agent "+secretKey(liveAgentToken(r)), s.liveCap())
	if !ok {
		writeError(w, r, tooManyLive())
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		sub.Close()
		return
	}
	// Signing out (or the session expiring) ends the live view too, at the
	// next ping at the latest.
	signedIn := func() bool {
		_, err := s.AgentSession(r)
		return err == nil
	}
	// The agent sees live only what they may read over HTTP: their teams'
	// conversations (inbox/visibility.go), checked per event so transfers
	// apply at once.
	var sees func(ctx context.Context, conv string) bool
	if s.Inbox != nil {
		ag, err := s.Inbox.Agent(r.Context(), a.ID)
		if err != nil {
			conn.Close(websocket.StatusInternalError, "")
			sub.Close()
			return
		}
		sees = func(ctx context.Context, conv string) bool { return conv == "" || s.Inbox.CanSee(ctx, ag, conv) == nil }
	}
	s.goPump(r.Context(), conn, sub, signedIn, sees, func(ctx context.Context, in clientEvent) {
		if in.ConversationID == "" || len(in.ConversationID) > 64 {
			return
		}
		if sees != nil && !sees(ctx, in.ConversationID) {
			return
		}
		switch in.Type {
		case realtime.TypeTyping, realtime.TypeViewing:
			s.Live.Publish(ctx, realtime.Event{Type: in.Type, ConversationID: in.ConversationID,
				From: conversation.FromAgent, AgentID: a.ID, AgentName: a.Name})
		}
	})
}

// liveCap is the most live connections one credential may hold; 0: any.
func (s *Server) liveCap() int {
	if s.Limits == nil {
		return 0
	}
	return s.Limits.LiveConnections
}

// liveAgentToken is the credential of an agent's live connection.
func liveAgentToken(r *http.Request) string {
	if t := agentToken(r); t != "" {
		return t
	}
	return r.URL.Query().Get("token")
}

// tooManyLive answers a connection over the cap. Connections last, so the
// client is asked to wait a little longer than for a request.
func tooManyLive() *apiError {
	e := errorf(http.StatusTooManyRequests, "rate_limited", "too many live connections with this credential; close one or try again later")
	e.RetryAfter = 10
	return e
}

// goPump runs pump on a goroutine of its own and lets the handler return.
// The connection is hijacked, so net/http is done with it; its goroutine,
// whose stack grew through the middleware and the handshake (16–32 KiB),
// ends, and the idle connection is carried by two fresh small-stacked
// goroutines (the writer here, pump's reader). The request's context ends
// when the handler returns, so the pump keeps its values without its
// cancellation; the connection ends as before, when either side closes it.
func (s *Server) goPump(ctx context.Context, conn *websocket.Conn, sub *realtime.Subscription, valid func() bool,
	sees func(ctx context.Context, conv string) bool, onClient func(context.Context, clientEvent)) {
	ctx = context.WithoutCancel(ctx)
	go s.pump(ctx, conn, sub, valid, sees, onClient)
}

// pump writes the subscription's events to the socket and hands what the
// client sends to onClient, until either side goes away. A subscription the
// hub dropped for being slow ends with closeResync so the client reloads.
// valid, when set, is asked at every ping whether the client may stay.
// sees, when set, is asked whether an event's conversation may be shown.
func (s *Server) pump(ctx context.Context, conn *websocket.Conn, sub *realtime.Subscription, valid func() bool,
	sees func(ctx context.Context, conv string) bool, onClient func(context.Context, clientEvent)) {
	defer sub.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn.SetReadLimit(maxClientMsg)

	// Reading must run all the time, or pongs would never be seen.
	go func() {
		defer cancel()
		// Clients report typing every few seconds; anything much faster is
		// ignored rather than fanned out to every console.
		var window time.Time
		n := 0
		for {
			var in clientEvent
			if err := wsjson.Read(ctx, conn, &in); err != nil {
				var syn *json.SyntaxError
				if errors.As(err, &syn) {
					conn.Close(websocket.StatusUnsupportedData, "send JSON")
				}
				return
			}
			if now := time.Now(); now.Sub(window) > time.Second {
				window, n = now, 0
			}
			if n++; n > maxClientPerSecond {
				continue
			}
			onClient(ctx, in)
		}
	}()

	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			conn.Close(websocket.StatusNormalClosure, "")
			return
		case e, ok := <-sub.Events():
			if !ok {
				conn.Close(closeResync, "fell behind; reload")
				return
			}
			if sees != nil && !sees(ctx, e.ConversationID) {
				continue
			}
			wctx, wcancel := context.WithTimeout(ctx, writeWait)
			err := wsjson.Write(wctx, conn, e)
			wcancel()
			if err != nil {
				return
			}
		case <-ping.C:
			if valid != nil && !valid() {
				conn.Close(closeSignedOf, "signed out")
				return
			}
			pctx, pcancel := context.WithTimeout(ctx, pongWait)
			err := conn.Ping(pctx)
			pcancel()
			if err != nil {
				slog.Debug("live client did not answer a ping", "err", err)
				conn.CloseNow()
				return
			}
		}
	}
}
