package app_test

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// dbStock reads a variant's stock from the database itself, not from an
// instance's catalogue snapshot, which another instance's change reaches
// only at its next refresh.
func dbStock(t *testing.T, s *shop, sku string) int {
	t.Helper()
	v, err := s.app.DB.VariantBySKU(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

// Two instances on one PostgreSQL database run the background jobs side by
// side, at the same moments: a back-in-stock alert is sent once, and an
// unpaid order's expired reservation is cancelled once and its stock put
// back once.
func TestJobs_TwoInstancesClaimEachJobOnce(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	s := newShop(t, dsn, true)
	other := newShop(t, dsn, true) // a second instance on the same database
	ctx := context.Background()
	both := func(fn func(s *shop)) {
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 0 {
					fn(s)
				} else {
					fn(other)
				}
			}()
		}
		wg.Wait()
	}

	// Back in stock: the shopper subscribed through one instance.
	soldOut := soldOutSKU(t, s)
	var conv struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en"}, &conv)
	s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, map[string]string{"payload": "notify:" + soldOut}, nil)
	if err := s.app.DB.AdjustStock(ctx, soldOut, 2); err != nil {
		t.Fatal(err)
	}
	both(func(s *shop) { s.app.RunJobsOnce(ctx) })
	var hist struct{ Messages []message }
	s.do("GET", "/api/v1/conversations/"+conv.ID+"/messages?after=0", conv.Token, "", nil, &hist)
	alerts := 0
	for _, m := range hist.Messages {
		for _, o := range m.Options {
			if o.Payload == "add:"+soldOut && m.Type == "products" {
				alerts++
			}
		}
	}
	if alerts != 1 {
		t.Errorf("%d back-in-stock alerts from two instances, want 1", alerts)
	}

	// An unpaid checkout on one instance; both expire reservations at once.
	sku := inStockSKU(t, s)
	before := dbStock(t, s, sku)
	var c2 struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("slow@example.com", "")}, &c2)
	for _, b := range []map[string]string{{"payload": "add:" + sku}, {"payload": "checkout"},
		{"text": "Sam Slow, Keizersgracht 12, 1015 CS Amsterdam, NL"}, {"payload": "ship:standard"}} {
		s.json("POST", "/api/v1/conversations/"+c2.ID+"/messages", c2.Token, b, nil)
	}
	if got := dbStock(t, s, sku); got != before-1 {
		t.Fatalf("stock while reserved = %d, want %d", got, before-1)
	}
	var mu sync.Mutex
	var expired []string
	both(func(s *shop) {
		n, err := s.app.Orders.ExpireReservations(ctx, time.Now().Add(31*time.Minute))
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		expired = append(expired, n...)
		mu.Unlock()
	})
	if len(expired) != 1 {
		t.Errorf("expired %v across two instances, want one order once", expired)
	}
	if got := dbStock(t, s, sku); got != before {
		t.Errorf("stock after expiry = %d, want %d (put back exactly once)", got, before)
	}
}

// An agent's console on instance B stays correct when B loses its LISTEN
// connection (killed here with pg_terminate_backend): B listens again and
// tells the console over its WebSocket to resync, and the list it then
// reloads over HTTP holds the hand-off that happened on A meanwhile.
func TestLive_ConsoleResyncsAfterItsInstanceLostTheOthersEvents(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	a := newShop(t, dsn, true)
	b := newShop(t, dsn, true)
	const email, password = "resync.agent@example.com", "a long enough password 42"
	createAgent(t, b.url, adminKey, map[string]any{"email": email, "name": "Ana", "password": password,
		"role": "admin", "languages": []string{"en"}, "capacity": 50})
	var login struct{ Token string }
	if code := b.json("POST", "/api/v1/agent/login", "", map[string]string{"email": email, "password": password}, &login); code != 200 {
		t.Fatalf("log in = %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(b.url, "http")+"/api/v1/agent/ws?token="+url.QueryEscape(login.Token), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	events := make(chan string, 64)
	go func() {
		for {
			var e struct{ Type string }
			if err := wsjson.Read(ctx, ws, &e); err != nil {
				close(events)
				return
			}
			events <- e.Type
		}
	}()
	await := func(typ string) {
		t.Helper()
		for {
			select {
			case got, ok := <-events:
				if !ok {
					t.Fatalf("the console's socket closed before a %s event", typ)
				}
				if got == typ {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no %s event on the console", typ)
			}
		}
	}
	handOff := func() string {
		var c struct{ ID, Token string }
		a.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en"}, &c)
		a.json("POST", "/api/v1/conversations/"+c.ID+"/messages", c.Token, map[string]string{"text": "I want to talk to a human"}, nil)
		return c.ID
	}
	listed := func(id string) bool {
		var list struct{ Conversations []struct{ ID string } }
		b.json("GET", "/api/v1/agent/conversations", login.Token, nil, &list)
		for _, c := range list.Conversations {
			if c.ID == id {
				return true
			}
		}
		return false
	}

	handOff()
	await("conversation") // B hears A's events live

	old := b.app.DB.ListenerPID(realtime.Channel)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, int64(old)); err != nil {
		t.Fatal(err)
	}
	during := handOff() // its live events are lost to B
	await("resync")
	if !listed(during) {
		t.Errorf("the hand-off made while B was not listening (%s) is missing from B's reloaded list", during)
	}
	if now := b.app.DB.ListenerPID(realtime.Channel); now == 0 || now == old {
		t.Errorf("B's listener pid %d after reconnect (was %d)", now, old)
	}
	handOff()
	await("conversation") // and live again afterwards
}
