// Command conns opens many idle widget WebSockets to a running Shopkeeper on
// this machine and reports what they cost the server in resident memory.
//
//	shopkeeper serve --demo --rate-limits off --live-connections 1000 &
//	go run ./bench/conns -url http://127.0.0.1:8080 -pid $! -n 10000
//
// It starts n/per conversations, opens per live connections to each
// (GET /api/v1/conversations/{id}/live, the widget's endpoint), holds them
// open and idle for -hold, reading the server's VmRSS from /proc/PID/status
// before, after opening and at the end of the hold. Each connection keeps a
// read pending, as a browser does, so the server's pings are answered.
package main

import (
	"bufio"
	"bytes"
	"context"
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
	"syscall"
	"time"

	"github.com/coder/websocket"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	pid := flag.Int("pid", 0, "the server's process id, to read its RSS (required)")
	n := flag.Int("n", 10000, "live connections to hold")
	per := flag.Int("per", 5, "connections per conversation (at most the server's --live-connections)")
	hold := flag.Duration("hold", 45*time.Second, "how long to hold them idle (past a ping interval shows the steady state)")
	c := flag.Int("c", 32, "connections opened at once")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || !(strings.HasPrefix(u.Hostname(), "127.") || u.Hostname() == "localhost" || u.Hostname() == "::1") {
		fmt.Fprintln(os.Stderr, "conns: -url must be a loopback address")
		os.Exit(2)
	}
	if *pid == 0 || *per < 1 {
		fmt.Fprintln(os.Stderr, "conns: -pid is required and -per must be at least 1")
		os.Exit(2)
	}
	// Each connection is a file descriptor here as on the server: lift the
	// soft limit to the hard one (the server does the same at start-up).
	raiseFileLimit()

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *c}}
	rss0 := rss(*pid)
	fmt.Printf("server RSS before: %.1f MiB\n", mib(rss0))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var open, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()

	sem := make(chan struct{}, *c)
	convs := (*n + *per - 1) / *per
	for i := 0; i < convs; i++ {
		id, token, err := startConversation(client, *base)
		if err != nil {
			fmt.Fprintln(os.Stderr, "conns: start conversation:", err)
			os.Exit(1)
		}
		live := strings.Replace(*base, "http", "ws", 1) + "/api/v1/conversations/" + id + "/live?token=" + url.QueryEscape(token)
		for j := 0; j < *per && i**per+j < *n; j++ {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				dctx, dcancel := context.WithTimeout(ctx, 30*time.Second)
				conn, _, err := websocket.Dial(dctx, live, nil)
				dcancel()
				<-sem
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					return
				}
				open.Add(1)
				// Keep a read pending until the end: control frames (the
				// server's pings) are handled inside Read.
				go func() {
					for {
						if _, _, err := conn.Read(ctx); err != nil {
							return
						}
					}
				}()
			}()
		}
	}
	wg.Wait()
	opened := time.Since(start)
	time.Sleep(2 * time.Second) // let the server settle its allocations
	rss1 := rss(*pid)
	fmt.Printf("opened %d connections (%d failed) in %s\n", open.Load(), failed.Load(), opened.Round(time.Millisecond))
	if e := firstErr.Load(); e != nil {
		fmt.Printf("first failure: %s\n", e)
	}
	fmt.Printf("server RSS with them open: %.1f MiB (%+.1f MiB, %.1f KiB per connection)\n",
		mib(rss1), mib(rss1-rss0), perConn(rss1-rss0, open.Load()))
	time.Sleep(*hold)
	rss2 := rss(*pid)
	fmt.Printf("server RSS after %s idle: %.1f MiB (%+.1f MiB, %.1f KiB per connection)\n",
		*hold, mib(rss2), mib(rss2-rss0), perConn(rss2-rss0, open.Load()))
	fmt.Printf("server RSS peak (VmHWM): %.1f MiB\n", mib(field(*pid, "VmHWM:")))
}

func raiseFileLimit() {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			fmt.Fprintln(os.Stderr, "conns: raise the open-files limit:", err)
		}
	}
	fmt.Printf("open-files limit: %d\n", l.Cur)
}

// rss is the process's resident set in bytes.
func rss(pid int) int64 { return field(pid, "VmRSS:") }

func field(pid int, name string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, "conns:", err)
		os.Exit(1)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func perConn(b, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(b) / 1024 / float64(n)
}

func startConversation(c *http.Client, base string) (string, string, error) {
	b, _ := json.Marshal(map[string]string{"locale": "en"})
	req, _ := http.NewRequest("POST", base+"/api/v1/conversations", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		io.Copy(io.Discard, resp.Body)
		return "", "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var out struct{ ID, Token string }
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out.ID, out.Token, err
}
