package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// frozen is a clock that never moves: no bucket refills during a test, so
// the counts below are exact.
func frozen() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }

func rate(t *testing.T, s string) limit.Rate {
	t.Helper()
	r, err := limit.ParseRate(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// limitedServer is a shopper API with small limits: 50 calls, 3 new
// conversations and 2 messages per conversation, per address.
func limitedServer(t *testing.T, dsn string) (http.Handler, *conversation.Service) {
	t.Helper()
	db := storetest.Open(t, dsn)
	convs := conversation.NewService(db, greeter{})
	s := &httpapi.Server{Conversations: convs, Customers: db, Languages: []string{"en"}, DefaultLanguage: "en",
		Limits:         httpapi.NewLimits(rate(t, "1/h,50"), rate(t, "1/h,3"), rate(t, "1/h,2"), rate(t, "1/h,2"), 2, frozen),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("198.51.100.1/32")}}
	return s.Handler(), convs
}

type answer struct {
	status     int
	retryAfter string
	code       string
	body       map[string]any
}

func call(t *testing.T, h http.Handler, addr, method, path, token, body string) answer {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr = addr
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var out map[string]any
	json.Unmarshal(w.Body.Bytes(), &out)
	a := answer{status: w.Code, retryAfter: w.Header().Get("Retry-After"), body: out}
	if e, ok := out["error"].(map[string]any); ok {
		a.code, _ = e["code"].(string)
	}
	return a
}

func checkLimited(t *testing.T, a answer, what string) {
	t.Helper()
	secs, err := strconv.Atoi(a.retryAfter)
	if a.status != http.StatusTooManyRequests || err != nil || secs < 1 || a.code != "rate_limited" {
		t.Fatalf("%s: %d, Retry-After %q, code %q; want 429 with Retry-After in seconds and code rate_limited", what, a.status, a.retryAfter, a.code)
	}
}

func TestLimits_ConversationFloodGets429WhileOthersAreServed(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			h, _ := limitedServer(t, dsn(t))
			const flooder, other = "203.0.113.7:4000", "198.51.100.2:5000"
			created, refused := 0, 0
			for i := range 40 {
				a := call(t, h, flooder, "POST", "/api/v1/conversations", "", "")
				switch a.status {
				case http.StatusCreated:
					created++
				case http.StatusTooManyRequests:
					checkLimited(t, a, "creation "+strconv.Itoa(i))
					refused++
				default:
					t.Fatalf("creation %d: %d", i, a.status)
				}
				if i == 10 {
					if b := call(t, h, other, "POST", "/api/v1/conversations", "", ""); b.status != http.StatusCreated {
						t.Fatalf("another address during the flood: %d, want 201", b.status)
					}
				}
			}
			if created != 3 || refused != 37 {
				t.Errorf("flood of 40: %d created, %d refused; want the burst of 3 and 37 refusals", created, refused)
			}
			// The flooder's other calls have their own allowance.
			if a := call(t, h, flooder, "GET", "/api/v1/conversations/c_x", "x", ""); a.status != http.StatusNotFound {
				t.Errorf("the flooder's read: %d, want the usual 404", a.status)
			}
		})
	}
}

func TestLimits_EveryCallCountsPerAddress(t *testing.T) {
	h, _ := limitedServer(t, storetest.SQLiteDSN(t))
	for i := range 50 {
		if a := call(t, h, "203.0.113.7:1", "GET", "/api/v1/conversations/c_x", "x", ""); a.status != http.StatusNotFound {
			t.Fatalf("call %d: %d", i, a.status)
		}
	}
	checkLimited(t, call(t, h, "203.0.113.7:2", "GET", "/api/v1/conversations/c_x", "x", ""), "the 51st call")
	// The client a trusted proxy forwards is counted, not the proxy.
	r := httptest.NewRequest("GET", "/api/v1/conversations/c_x", nil)
	r.RemoteAddr = "198.51.100.1:3"
	r.Header.Set("X-Forwarded-For", "192.0.2.99")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNotFound {
		t.Errorf("a client forwarded by a trusted proxy was limited with its proxy: %d", w.Code)
	}
	// Pages and health checks are not API calls.
	if a := call(t, h, "203.0.113.7:4", "GET", "/healthz", "", ""); a.status != http.StatusOK {
		t.Errorf("healthz from a limited address: %d", a.status)
	}
	// An IPv6 client is one /64.
	for i := range 50 {
		call(t, h, "[2001:db8:1:2::"+strconv.FormatInt(int64(i+1), 16)+"]:1", "GET", "/api/v1/conversations/c_x", "x", "")
	}
	checkLimited(t, call(t, h, "[2001:db8:1:2:ffff::1]:1", "GET", "/api/v1/conversations/c_x", "x", ""), "another address of the same /64")
}

func TestLimits_MessagesPerConversation(t *testing.T) {
	h, convs := limitedServer(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	c1, tok1, _, err := convs.Start(ctx, "rest", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	c2, tok2, _, err := convs.Start(ctx, "rest", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	send := func(id, token string) answer {
		return call(t, h, "203.0.113.7:1", "POST", "/api/v1/conversations/"+id+"/messages", token, `{"text":"hi"}`)
	}
	// Someone without the token cannot use up the shopper's allowance.
	for range 5 {
		if a := send(c1.ID, "guessed"); a.status != http.StatusNotFound && a.status != http.StatusTooManyRequests {
			t.Fatalf("wrong token: %d", a.status)
		}
	}
	for i := range 2 {
		if a := send(c1.ID, tok1); a.status != http.StatusOK {
			t.Fatalf("message %d: %d", i+1, a.status)
		}
	}
	checkLimited(t, send(c1.ID, tok1), "the third message in a burst of two")
	if a := send(c2.ID, tok2); a.status != http.StatusOK {
		t.Errorf("another conversation of the same address: %d, want 200", a.status)
	}
}

func TestLimits_LiveConnectionsPerCredential(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	convs := conversation.NewService(db, greeter{})
	c, token, _, err := convs.Start(context.Background(), "web", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	hub := realtime.NewHub()
	s := &httpapi.Server{Conversations: convs, Live: hub, Limits: &httpapi.Limits{LiveConnections: 2},
		AgentSession: func(r *http.Request) (httpapi.LiveAgent, error) {
			if r.URL.Query().Get("token") == "agent-token" {
				return httpapi.LiveAgent{ID: 7, Name: "Ana"}, nil
			}
			return httpapi.LiveAgent{}, errors.New("no session")
		}}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	for _, path := range []string{"/api/v1/conversations/" + c.ID + "/live?token=" + token, "/api/v1/agent/ws?token=agent-token"} {
		var open []*websocket.Conn
		for range 2 {
			conn, _, err := websocket.Dial(t.Context(), wsURL(srv, path), nil)
			if err != nil {
				t.Fatalf("%s: a connection under the cap was refused: %v", path, err)
			}
			open = append(open, conn)
		}
		_, res, err := websocket.Dial(t.Context(), wsURL(srv, path), nil)
		if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: third connection: %v, %v; want 429 with Retry-After", path, res, err)
		}
		// Closing one frees its place.
		open[0].Close(websocket.StatusNormalClosure, "")
		deadline := time.Now().Add(10 * time.Second)
		for {
			conn, _, err := websocket.Dial(t.Context(), wsURL(srv, path), nil)
			if err == nil {
				open[0] = conn
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the place of a closed connection never came free: %v", path, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
		for _, conn := range open {
			conn.CloseNow()
		}
	}
}

func TestLimits_SignInAttemptsPerAddress(t *testing.T) {
	h, _ := limitedServer(t, storetest.SQLiteDSN(t)) // 2 sign-ins per address
	for i := range 2 {
		if a := call(t, h, "203.0.113.7:1", "POST", "/api/v1/agent/login", "", `{}`); a.status == http.StatusTooManyRequests {
			t.Fatalf("sign-in %d refused", i+1)
		}
	}
	checkLimited(t, call(t, h, "203.0.113.7:1", "POST", "/api/v1/agent/login", "", `{}`), "the third sign-in")
	if a := call(t, h, "198.51.100.2:1", "POST", "/api/v1/agent/login", "", `{}`); a.status == http.StatusTooManyRequests {
		t.Error("another address's sign-in was refused")
	}
}

// The default limits, driven on a simulated clock the way the middleware
// takes tokens: an honest scripted client on one address is never refused,
// floods mostly are.
func TestLimits_DefaultsLetAnHonestScriptThroughAndStopFloods(t *testing.T) {
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	l := cfg.Limits
	now := frozen()
	clock := func() time.Time { return now }
	lim := httpapi.NewLimits(l.Address, l.Conversations, l.Messages, l.Logins, l.LiveConnections, clock)
	const addr = "203.0.113.7"

	// A minute of a sequential suite: every second 20 new conversations,
	// 10 messages in each (200 a second; every 20th conversation sends its
	// 30 at once), each message followed by a read of the new messages.
	refused := 0
	take := func(b *limit.Buckets, key string) {
		if ok, _ := b.Take(key); !ok {
			refused++
		}
	}
	for sec := range 60 {
		start := frozen().Add(time.Duration(sec) * time.Second)
		for c := range 20 {
			now = start.Add(time.Duration(c) * 50 * time.Millisecond)
			id := fmt.Sprintf("c_%d_%d", sec, c)
			take(lim.Address, addr)
			take(lim.Conversations, addr)
			n, gap := 10, 5*time.Millisecond
			if c == 0 {
				n, gap = 30, 500*time.Microsecond
			}
			for range n {
				now = now.Add(gap)
				take(lim.Address, addr)
				take(lim.Messages, id)
				take(lim.Address, addr) // GET …/messages?after=
			}
		}
	}
	if refused != 0 {
		t.Errorf("an honest scripted client was refused %d times", refused)
	}

	// 600 new conversations in 0.6 s from one other address.
	created := 0
	for i := range 600 {
		now = frozen().Add(time.Hour + time.Duration(i)*time.Millisecond)
		okA, _ := lim.Address.Take("198.51.100.2")
		okC, _ := lim.Conversations.Take("198.51.100.2")
		if okA && okC {
			created++
		}
	}
	if created > 150 {
		t.Errorf("a flood of 600 new conversations got %d through, want mostly refused (≤ 150)", created)
	}
	// 100 sign-ins at once from one address.
	signed := 0
	for range 100 {
		if ok, _ := lim.Logins.Take("198.51.100.3"); ok {
			signed++
		}
	}
	if signed > 20 {
		t.Errorf("100 parallel sign-ins: %d let through, want at most 20", signed)
	}
	t.Logf("flood: %d of 600 conversations created; %d of 100 sign-ins let through", created, signed)
}
