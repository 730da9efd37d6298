// Command load drives a running Shopkeeper on this machine with a bounded
// number of requests and reports latency percentiles and throughput.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -mode search -n 5000 -c 4
//	go run ./bench/load -url http://127.0.0.1:8080 -mode turn -n 2000 -c 4
//	go run ./bench/load -url http://127.0.0.1:8080 -mode healthz -n 20000 -c 4
//	go run ./bench/load -url http://127.0.0.1:8080 -mode ratio -n 5000 -c 4
//
// Mode ratio runs /healthz and then turns with the same clients and reports
// what a turn costs in /healthz requests (issue #17 asks for at most eight):
// the ratio of the two rates, measured side by side so that the machine's
// load weighs on both.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var searches = []string{"trail runner", "black jacket", "hoodie", "waterproof", "sneaker", "wool socks", "rain", "jakcet", "backpack", "summit"}

var turns = []string{"do you have running shoes in size 42?", "show me black rain jackets", "heeft u sneakers in maat 42?",
	"nak kasut lari saiz 9", "有黑色的跑鞋吗", "har dere regnjakke i str M", "hello", "thanks"}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	mode := flag.String("mode", "search", "search | turn | healthz | ratio")
	n := flag.Int("n", 2000, "number of requests")
	c := flag.Int("c", 4, "concurrent clients")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || !(strings.HasPrefix(u.Hostname(), "127.") || u.Hostname() == "localhost" || u.Hostname() == "::1") {
		fmt.Fprintln(os.Stderr, "load: -url must be a loopback address")
		os.Exit(2)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *c}}
	if *mode == "ratio" {
		h := run(client, *base, "healthz", *n*4, *c)
		t := run(client, *base, "turn", *n, *c)
		h.print()
		t.print()
		fmt.Printf("ratio: a turn costs %.1f /healthz requests (healthz %.0f/s ÷ turns %.0f/s)\n", h.rate()/t.rate(), h.rate(), t.rate())
		return
	}
	run(client, *base, *mode, *n, *c).print()
}

// result is one run's latencies, sorted.
type result struct {
	mode    string
	n, c    int
	failed  int64
	elapsed time.Duration
	lat     []time.Duration
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r result) pct(p float64) time.Duration { return r.lat[int(float64(len(r.lat)-1)*p)] }

func (r result) print() {
	fmt.Printf("mode=%s n=%d c=%d failed=%d elapsed=%s rate=%.0f/s p50=%s p90=%s p99=%s max=%s\n",
		r.mode, r.n, r.c, r.failed, r.elapsed.Round(time.Millisecond), r.rate(),
		r.pct(0.50).Round(10*time.Microsecond), r.pct(0.90).Round(10*time.Microsecond), r.pct(0.99).Round(10*time.Microsecond), r.lat[len(r.lat)-1].Round(10*time.Microsecond))
}

func run(client *http.Client, base, mode string, n, c int) result {
	var next atomic.Int64
	lat := make([]time.Duration, n)
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var conv, token string
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				var err error
				switch mode {
				case "search":
					err = get(client, base+"/api/v1/catalog/products?q="+url.QueryEscape(searches[i%len(searches)]))
				case "healthz":
					err = get(client, base+"/healthz")
				case "turn":
					if conv == "" || i%20 == 0 {
						conv, token, err = startConversation(client, base)
						if err != nil {
							break
						}
						t0 = time.Now()
					}
					err = post(client, base+"/api/v1/conversations/"+conv+"/messages", token, map[string]string{"text": turns[i%len(turns)]}, nil)
				default:
					err = fmt.Errorf("unknown mode %q", mode)
				}
				lat[i] = time.Since(t0)
				if err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	r := result{mode: mode, n: n, c: c, failed: failed.Load(), elapsed: time.Since(start), lat: lat}
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	return r
}

func get(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func startConversation(c *http.Client, base string) (string, string, error) {
	var out struct{ ID, Token string }
	err := post(c, base+"/api/v1/conversations", "", map[string]string{"locale": "en"}, &out)
	return out.ID, out.Token, err
}

func post(c *http.Client, u, token string, body any, out any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", u, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	io.Copy(io.Discard, resp.Body)
	return nil
}
