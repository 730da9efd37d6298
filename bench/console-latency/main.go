// Command console-latency measures how long a shopper's message takes to
// reach an agent's screen: from the shopper's REST POST to the agent's
// WebSocket receiving the message event. It drives running servers on this
// machine; with PostgreSQL, point -shopper and -agent at two instances on
// the same database and the path includes LISTEN/NOTIFY between them.
//
//	go run ./bench/console-latency -shopper http://127.0.0.1:8080 -admin-key KEY -n 500
//	go run ./bench/console-latency -shopper http://127.0.0.1:8081 -agent http://127.0.0.1:8082 -admin-key KEY -n 500
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

func main() {
	shopperURL := flag.String("shopper", "http://127.0.0.1:8080", "server the shopper talks to (loopback only)")
	agentURL := flag.String("agent", "", "server the agent's console talks to (default: the shopper's)")
	adminKey := flag.String("admin-key", os.Getenv("SHOPKEEPER_ADMIN_KEY"), "admin key, to create the agent")
	n := flag.Int("n", 500, "messages to time")
	flag.Parse()
	if *agentURL == "" {
		*agentURL = *shopperURL
	}
	for _, u := range []string{*shopperURL, *agentURL} {
		p, err := url.Parse(u)
		if err != nil || !(strings.HasPrefix(p.Hostname(), "127.") || p.Hostname() == "localhost" || p.Hostname() == "::1") {
			fail(errors.New("-shopper and -agent must be loopback addresses"))
		}
	}
	if err := run(*shopperURL, *agentURL, *adminKey, *n); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "console-latency:", err)
	os.Exit(1)
}

var client = &http.Client{Timeout: 30 * time.Second}

func call(method, u, auth string, body, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, u, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w", method, u, err)
		}
	}
	return res.StatusCode, nil
}

type event struct {
	Type           string `json:"type"`
	ConversationID string `json:"conversation_id"`
	Message        *struct {
		From string `json:"from"`
		Text string `json:"text"`
	} `json:"message"`
}

func run(shopperURL, agentURL, adminKey string, n int) error {
	ctx := context.Background()
	// A fresh admin-role agent, so it may take the conversation over should
	// routing have given it to someone else.
	b := make([]byte, 4)
	rand.Read(b)
	email := "bench-" + hex.EncodeToString(b) + "@example.com"
	const password = "bench password 12345"
	if _, err := call("POST", agentURL+"/api/v1/admin/agents", adminKey, map[string]any{
		"email": email, "name": "Bench", "password": password, "role": "admin", "languages": []string{"en"}, "capacity": 50,
	}, nil); err != nil {
		return fmt.Errorf("create agent: %w", err)
	}
	var login struct{ Token string }
	if _, err := call("POST", agentURL+"/api/v1/agent/login", "", map[string]string{"email": email, "password": password}, &login); err != nil {
		return fmt.Errorf("log in: %w", err)
	}

	var conv struct{ ID, Token string }
	if _, err := call("POST", shopperURL+"/api/v1/conversations", "", map[string]string{"locale": "en"}, &conv); err != nil {
		return fmt.Errorf("start conversation: %w", err)
	}
	if _, err := call("POST", shopperURL+"/api/v1/conversations/"+conv.ID+"/messages", conv.Token,
		map[string]string{"text": "I want to talk to a human"}, nil); err != nil {
		return err
	}
	var st struct{ Status string }
	if _, err := call("GET", shopperURL+"/api/v1/conversations/"+conv.ID, conv.Token, nil, &st); err != nil {
		return err
	}
	if st.Status != "queued" && st.Status != "agent" {
		return fmt.Errorf("asking for a person left the conversation %q", st.Status)
	}
	take := agentURL + "/api/v1/agent/conversations/" + conv.ID + "/take"
	if code, err := call("POST", take, login.Token, map[string]any{}, nil); code == http.StatusConflict {
		if _, err := call("POST", take, login.Token, map[string]any{"force": true}, nil); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}

	wsURL := "ws" + strings.TrimPrefix(agentURL, "http") + "/api/v1/agent/ws?token=" + url.QueryEscape(login.Token)
	ws, _, err := websocket.Dial(ctx, wsURL, nil)
	if err != nil {
		return fmt.Errorf("agent socket: %w", err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)

	// The socket is read all the time and arrivals stamped as they come, so
	// a message that reaches the agent before the shopper's POST has even
	// been answered counts with its real time.
	type arrival struct {
		text string
		at   time.Time
	}
	arrivals := make(chan arrival, 16)
	readErr := make(chan error, 1)
	go func() {
		for {
			var e event
			if err := wsjson.Read(ctx, ws, &e); err != nil {
				readErr <- err
				return
			}
			if e.Type == "message" && e.ConversationID == conv.ID && e.Message != nil && e.Message.From == "shopper" {
				arrivals <- arrival{e.Message.Text, time.Now()}
			}
		}
	}()

	lat := make([]time.Duration, 0, n)
	for i := range n {
		text := fmt.Sprintf("latency probe %d", i)
		start := time.Now()
		if _, err := call("POST", shopperURL+"/api/v1/conversations/"+conv.ID+"/messages", conv.Token, map[string]string{"text": text}, nil); err != nil {
			return err
		}
	wait:
		for {
			select {
			case a := <-arrivals:
				if a.text == text {
					lat = append(lat, a.at.Sub(start))
					break wait
				}
			case err := <-readErr:
				return fmt.Errorf("agent socket: %w", err)
			case <-time.After(10 * time.Second):
				return fmt.Errorf("message %d never reached the agent", i)
			}
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("messages %d  median %v  p90 %v  p99 %v  max %v\n", len(lat),
		pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
	return nil
}
