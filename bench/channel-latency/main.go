// Command channel-latency measures webhook-to-reply latency on WhatsApp:
// from posting a signed Cloud API webhook to the shop until the shop's
// first reply reaches the (local, stand-in) Cloud API. It plays the Cloud
// API itself on -fake, so start the server with its WhatsApp settings
// pointing there:
//
//	SHOPKEEPER_WHATSAPP_TOKEN=t SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID=106540352242922 \
//	SHOPKEEPER_WHATSAPP_APP_SECRET=bench-secret SHOPKEEPER_WHATSAPP_API_URL=http://127.0.0.1:18090/v21.0 \
//	SHOPKEEPER_RATE_LIMITS=off shopkeeper serve --demo --addr 127.0.0.1:18080 --db /tmp/wa.db &
//	go run ./bench/channel-latency -server http://127.0.0.1:18080 -fake 127.0.0.1:18090 -n 300 -senders 4
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
)

// messages are what shoppers say, in turn: searches, questions, cart.
var messages = []string{
	"hi", "do you have rain jackets?", "how much is shipping to Norway?", "what's in my cart?",
	"ada kasut lari saiz 42?", "hebben jullie wollen sokken?", "有黑色的背包吗？", "hva koster frakt?",
}

func main() {
	server := flag.String("server", "http://127.0.0.1:18080", "the shop")
	fake := flag.String("fake", "127.0.0.1:18090", "address to play the Cloud API on")
	secret := flag.String("secret", "bench-secret", "SHOPKEEPER_WHATSAPP_APP_SECRET of the shop")
	phone := flag.String("phone", "106540352242922", "SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID of the shop")
	n := flag.Int("n", 300, "messages to time")
	senders := flag.Int("senders", 1, "shoppers writing at once (each waits for its reply)")
	flag.Parse()
	if err := run(*server, *fake, *secret, *phone, *n, *senders); err != nil {
		fmt.Fprintln(os.Stderr, "channel-latency:", err)
		os.Exit(1)
	}
}

func run(server, fake, secret, phone string, n, senders int) error {
	var mu sync.Mutex
	waiting := map[string]chan time.Time{} // recipient → first reply's arrival
	seq := 0
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/{phone}/messages", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		var body struct{ To string }
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &body)
		mu.Lock()
		seq++
		id := fmt.Sprintf("wamid.bench%08d", seq)
		if ch, ok := waiting[body.To]; ok {
			delete(waiting, body.To)
			ch <- at
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":%q}]}`, body.To, body.To, id)
	})
	ln, err := net.Listen("tcp", fake)
	if err != nil {
		return err
	}
	go http.Serve(ln, mux)
	hooks := whatsapptest.Webhooks{AppSecret: secret, PhoneNumberID: phone, DisplayNumber: "15550783881"}

	lat := make([]time.Duration, 0, n)
	var lmu sync.Mutex
	var wg sync.WaitGroup
	per := n / senders
	errs := make(chan error, senders)
	start := time.Now()
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wa := fmt.Sprintf("3161%07d", time.Now().UnixNano()%1e6*10+int64(s))
			for i := range per {
				ch := make(chan time.Time, 1)
				mu.Lock()
				waiting[wa] = ch
				mu.Unlock()
				// Message ids unique across runs: the shop answers a repeated id
				// once, as a redelivery.
				id := fmt.Sprintf("wamid.bench.%d.%d.%d", start.UnixNano(), s, i)
				h := hooks.Text(whatsapptest.From{WaID: wa, Name: "Bench", ID: id}, messages[(i+s)%len(messages)])
				t0 := time.Now()
				resp, err := h.Post(http.DefaultClient, server+"/webhooks/whatsapp")
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("webhook answered %d", resp.StatusCode)
					return
				}
				select {
				case at := <-ch:
					lmu.Lock()
					lat = append(lat, at.Sub(t0))
					lmu.Unlock()
				case <-time.After(30 * time.Second):
					errs <- errors.New("no reply within 30 s")
					return
				}
				time.Sleep(300 * time.Millisecond) // let the rest of the reply go out
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("messages %d, senders %d, wall %.1fs\nwebhook-to-first-reply p50 %v  p90 %v  p99 %v  max %v\n",
		len(lat), senders, time.Since(start).Seconds(), q(.50).Round(100*time.Microsecond), q(.90).Round(100*time.Microsecond),
		q(.99).Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond))
	return nil
}
