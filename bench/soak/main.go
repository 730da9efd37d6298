// Command soak drives a running Shopkeeper on this machine with a mixed load
// for a given time and reports whether its memory and goroutines stay flat.
//
//	shopkeeper serve --demo --rate-limits off --admin-key "$KEY" &
//	go run ./bench/soak -url http://127.0.0.1:8080 -admin-key "$KEY" -duration 30m
//
// The load, one worker of each kind (-c of each):
//   - chat: a conversation with the widget's live WebSocket open, 10 turns
//     of shopper phrases, then the socket is closed and a new one starts;
//   - checkout: a conversation that buys an in-stock variant through the
//     chat and pays on the built-in test gateway's page;
//   - console: an agent signed in with the console's WebSocket open, reading
//     the conversation list (GET /api/v1/agent/conversations) in a loop.
//
// Every -sample (10 s) it reads the server's /metrics (admin key):
// go_memstats_heap_inuse_bytes, process_resident_memory_bytes and
// go_goroutines, and prints them with the operations done. At the end it
// compares the first and the last third of the samples: flat means the last
// third's mean is within 10 % (plus 4 MiB for memory, plus 10 goroutines) of
// the first third's.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

var turns = []string{"do you have running shoes in size 42?", "show me black rain jackets", "heeft u sneakers in maat 42?",
	"nak kasut lari saiz 9", "有黑色的跑鞋吗", "har dere regnjakke i str M", "what is your return policy?",
	"is the Oslo store open on Sunday?", "hello", "thanks"}

var (
	base     string
	adminKey string
	client   = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	ops      sync.Map // kind → *atomic.Int64
	fails    atomic.Int64
	lastErr  atomic.Value
	next     atomic.Int64
)

func count(kind string) {
	v, _ := ops.LoadOrStore(kind, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

func fail(err error) {
	fails.Add(1)
	lastErr.Store(err.Error())
}

func main() {
	flag.StringVar(&base, "url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	flag.StringVar(&adminKey, "admin-key", "", "the server's admin key (for /metrics and to create the console agent)")
	duration := flag.Duration("duration", 30*time.Minute, "how long to run")
	every := flag.Duration("sample", 10*time.Second, "how often to sample /metrics")
	c := flag.Int("c", 1, "workers of each kind")
	pause := flag.Duration("pause", 100*time.Millisecond, "pause between one worker's operations (the machine is shared)")
	flag.Parse()
	u, err := url.Parse(base)
	if err != nil || !(strings.HasPrefix(u.Hostname(), "127.") || u.Hostname() == "localhost" || u.Hostname() == "::1") || adminKey == "" {
		fmt.Fprintln(os.Stderr, "soak: -url must be a loopback address and -admin-key is required")
		os.Exit(2)
	}
	skus, err := inStockSKUs()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	token, err := agentLogin()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var wg sync.WaitGroup
	loop := func(fn func(ctx context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if err := fn(ctx); err != nil && ctx.Err() == nil {
					fail(err)
				}
				select {
				case <-ctx.Done():
				case <-time.After(*pause):
				}
			}
		}()
	}
	for range *c {
		loop(chat)
		// Each checkout buys the next variant in stock, so a long soak
		// sells no single one out.
		loop(func(ctx context.Context) error { return checkout(ctx, skus[int(next.Add(1))%len(skus)]) })
		loop(func(ctx context.Context) error { return console(ctx, token, *pause) })
	}

	type sample struct {
		at               time.Duration
		heap, rss, gorou float64
	}
	var samples []sample
	start := time.Now()
	tick := time.NewTicker(*every)
	defer tick.Stop()
	fmt.Println("elapsed  heap_inuse_MiB  rss_MiB  goroutines  chat_turns  checkouts  console_reads  failures")
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
		}
		m, err := metrics()
		if err != nil {
			fmt.Fprintln(os.Stderr, "soak: metrics:", err)
			continue
		}
		s := sample{time.Since(start), m["go_memstats_heap_inuse_bytes"] / (1 << 20), m["process_resident_memory_bytes"] / (1 << 20), m["go_goroutines"]}
		samples = append(samples, s)
		fmt.Printf("%7s  %14.1f  %7.1f  %10.0f  %10d  %9d  %13d  %8d\n", s.at.Round(time.Second), s.heap, s.rss, s.gorou,
			n("turn"), n("checkout"), n("console"), fails.Load())
	}
	wg.Wait()
	if e := lastErr.Load(); e != nil {
		fmt.Println("last failure:", e)
	}
	if len(samples) < 6 {
		fmt.Println("too few samples to judge flatness")
		return
	}
	third := len(samples) / 3
	mean := func(ss []sample, f func(sample) float64) float64 {
		t := 0.0
		for _, s := range ss {
			t += f(s)
		}
		return t / float64(len(ss))
	}
	first, last := samples[:third], samples[len(samples)-third:]
	verdict := func(name string, f func(sample) float64, slack float64) bool {
		a, b := mean(first, f), mean(last, f)
		flat := b <= a*1.10+slack
		fmt.Printf("%-11s first third %8.1f  last third %8.1f  %+6.1f %%  %s\n", name, a, b, 100*(b-a)/a, map[bool]string{true: "flat", false: "GROWING"}[flat])
		return flat
	}
	ok := verdict("heap MiB", func(s sample) float64 { return s.heap }, 4)
	ok = verdict("RSS MiB", func(s sample) float64 { return s.rss }, 4) && ok
	ok = verdict("goroutines", func(s sample) float64 { return s.gorou }, 10) && ok
	fmt.Printf("ran %s: %d chat turns, %d checkouts, %d console reads, %d failures; %s\n", time.Since(start).Round(time.Second),
		n("turn"), n("checkout"), n("console"), fails.Load(), map[bool]string{true: "FLAT", false: "NOT FLAT"}[ok])
	if !ok {
		os.Exit(1)
	}
}

func n(kind string) int64 {
	if v, ok := ops.Load(kind); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// chat holds a widget's live socket open through ten turns, then closes it.
func chat(ctx context.Context) error {
	id, token, err := startConversation()
	if err != nil {
		return err
	}
	live := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/conversations/" + id + "/live?token=" + url.QueryEscape(token)
	ws, _, err := websocket.Dial(ctx, live, nil)
	if err != nil {
		return fmt.Errorf("widget socket: %w", err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	go drain(ctx, ws)
	for i := range 10 {
		if ctx.Err() != nil {
			return nil
		}
		if _, err := call("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"text": turns[i%len(turns)]}, nil); err != nil {
			return err
		}
		count("turn")
	}
	ws.Close(websocket.StatusNormalClosure, "")
	return nil
}

func drain(ctx context.Context, ws *websocket.Conn) {
	for {
		if _, _, err := ws.Read(ctx); err != nil {
			return
		}
	}
}

type message struct {
	Type    string `json:"type"`
	URL     string `json:"url"`
	Purpose string `json:"purpose"`
	Input   *struct {
		Field string `json:"field"`
	} `json:"input"`
	Options []struct {
		Payload string `json:"payload"`
	} `json:"options"`
}

// checkout buys sku through the chat and pays on the test gateway's page.
func checkout(ctx context.Context, sku string) error {
	id, token, err := startConversation()
	if err != nil {
		return err
	}
	send := func(body map[string]string) ([]message, error) {
		var out struct{ Messages []message }
		_, err := call("POST", "/api/v1/conversations/"+id+"/messages", token, body, &out)
		return out.Messages, err
	}
	if _, err := send(map[string]string{"payload": "add:" + sku}); err != nil {
		return err
	}
	out, err := send(map[string]string{"payload": "checkout"})
	if err != nil {
		return err
	}
	b := make([]byte, 4)
	rand.Read(b)
	email := "soak-" + hex.EncodeToString(b) + "@example.com"
	payURL := ""
	for step := 0; step < 8 && payURL == "" && len(out) > 0; step++ {
		for _, m := range out {
			if m.Type == "link" && m.Purpose == "payment" {
				payURL = m.URL
			}
		}
		if payURL != "" {
			break
		}
		last := out[len(out)-1]
		var body map[string]string
		switch {
		case last.Input == nil:
			return fmt.Errorf("checkout stalled: %+v", last)
		case last.Input.Field == "email":
			body = map[string]string{"text": email}
		case last.Input.Field == "shipping_address":
			body = map[string]string{"text": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"}
		case last.Input.Field == "shipping_option":
			body = map[string]string{"payload": "ship:standard"}
		default:
			return fmt.Errorf("checkout stalled at %q", last.Input.Field)
		}
		if out, err = send(body); err != nil {
			return err
		}
	}
	if payURL == "" {
		return fmt.Errorf("no payment link")
	}
	pu, err := url.Parse(payURL)
	if err != nil {
		return err
	}
	resp, err := client.PostForm(base+pu.RequestURI(), url.Values{"outcome": {"succeeded"}})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("pay: %d", resp.StatusCode)
	}
	count("checkout")
	return nil
}

// console keeps an agent's live socket open for a minute while reading the
// conversation list, as an open console does when events arrive.
func console(ctx context.Context, token string, pause time.Duration) error {
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/v1/agent/ws?token="+url.QueryEscape(token), nil)
	if err != nil {
		return fmt.Errorf("console socket: %w", err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	go drain(ctx, ws)
	until := time.Now().Add(time.Minute)
	for ctx.Err() == nil && time.Now().Before(until) {
		if _, err := call("GET", "/api/v1/agent/conversations?limit=50", token, nil, nil); err != nil {
			return err
		}
		count("console")
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
	ws.Close(websocket.StatusNormalClosure, "")
	return nil
}

func agentLogin() (string, error) {
	b := make([]byte, 4)
	rand.Read(b)
	email := "soak-" + hex.EncodeToString(b) + "@example.com"
	const password = "soak password 12345"
	if _, err := call("POST", "/api/v1/admin/agents", adminKey, map[string]any{
		"email": email, "name": "Soak", "password": password, "role": "admin", "languages": []string{"en"}, "capacity": 50,
	}, nil); err != nil {
		return "", fmt.Errorf("create agent: %w", err)
	}
	var login struct{ Token string }
	if _, err := call("POST", "/api/v1/agent/login", "", map[string]string{"email": email, "password": password}, &login); err != nil {
		return "", fmt.Errorf("log in: %w", err)
	}
	return login.Token, nil
}

func inStockSKUs() ([]string, error) {
	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string `json:"sku"`
				Stock int    `json:"stock"`
			} `json:"variants"`
		} `json:"products"`
	}
	if _, err := call("GET", "/api/v1/admin/products?limit=200", adminKey, nil, &prods); err != nil {
		return nil, err
	}
	var out []string
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock >= 5 {
				out = append(out, v.SKU)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no variant with 5 in stock")
	}
	return out, nil
}

func startConversation() (string, string, error) {
	var out struct{ ID, Token string }
	_, err := call("POST", "/api/v1/conversations", "", map[string]string{"locale": "en"}, &out)
	return out.ID, out.Token, err
}

func call(method, path, auth string, body, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, r)
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
		return res.StatusCode, fmt.Errorf("%s %s: %d %.200s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return res.StatusCode, nil
}

// metrics reads the gauges soak watches from the Prometheus text.
func metrics() (map[string]float64, error) {
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+adminKey)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("status %d", res.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		switch name {
		case "go_memstats_heap_inuse_bytes", "process_resident_memory_bytes", "go_goroutines":
			if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
				out[name] = f
			}
		}
	}
	return out, sc.Err()
}
