package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds the shopkeeper binary once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "shopkeeper-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "shopkeeper")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// instance is one `shopkeeper serve` process.
type instance struct {
	cmd *exec.Cmd
	url string
}

const killTestAdminKey = "kT7pQ2vXz9LmR4sWc8NbY3hJ"

// startInstance starts `shopkeeper serve --demo` on dsn and waits until it
// is ready (NLU trained), so that a turn sent to it is answered at once.
func startInstance(t *testing.T, bin, dsn string) *instance {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", dsn, "--admin-key", killTestAdminKey)
	cmd.Env = append(os.Environ(), "SHOPKEEPER_RATE_LIMITS=off")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urlRE := regexp.MustCompile(`Storefront and chat: (http://\S+)/`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var u string
	select {
	case u = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("the instance did not print its URL within 60 s")
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		resp, err := http.Get(u + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never became ready", u)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &instance{cmd: cmd, url: u}
}

func call(t *testing.T, method, u, auth string, body, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, u, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

type chatMessage struct {
	Type    string `json:"type"`
	Text    string `json:"text"`
	URL     string `json:"url"`
	Purpose string `json:"purpose"`
	Input   *struct {
		Field string `json:"field"`
	} `json:"input"`
}

// A checkout survives the instance it ran on being killed (SIGKILL: no
// draining, no deferred clean-up). Two `shopkeeper serve` processes share
// one PostgreSQL database behind no sticky load balancer: the shopper's
// chat runs on A up to the payment link, A dies, and the payment's
// confirmation and the rest of the chat reach B. Exactly one order is
// paid, its stock is taken once, and the chat on B says so. Killed either
// before the payment is confirmed or while A is confirming it.
func TestServe_SIGKILLMidCheckoutLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two servers")
	}
	dsn := storetest.PostgresDSN(t) // skipped without SHOPKEEPER_TEST_POSTGRES; CI sets it (scripts/test.sh)
	bin := binary(t)
	db := storetest.Open(t, dsn)
	ctx := context.Background()

	a := startInstance(t, bin, dsn)
	b := startInstance(t, bin, dsn)

	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string `json:"sku"`
				Stock int    `json:"stock"`
			} `json:"variants"`
		} `json:"products"`
	}
	call(t, "GET", b.url+"/api/v1/admin/products?limit=50", killTestAdminKey, nil, &prods)
	var skus []string
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock >= 3 && len(skus) < 2 {
				skus = append(skus, v.SKU)
				break
			}
		}
	}
	if len(skus) < 2 {
		t.Fatal("the demo shop has too few variants in stock")
	}

	tests := []struct {
		name string
		sku  string
		// kill ends A, given the payment page's address on A.
		kill func(t *testing.T, payOnA string)
	}{
		{"between the order and its payment", skus[0], func(t *testing.T, _ string) {
			a.cmd.Process.Kill()
			a.cmd.Wait()
		}},
		{"while A confirms the payment", skus[1], func(t *testing.T, payOnA string) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				// May be answered, cut off or refused: A dies meanwhile.
				resp, err := http.PostForm(payOnA, url.Values{"outcome": {"succeeded"}})
				if err == nil {
					resp.Body.Close()
				}
			}()
			time.Sleep(2 * time.Millisecond)
			a.cmd.Process.Kill()
			a.cmd.Wait()
			<-done
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if i > 0 {
				a = startInstance(t, bin, dsn) // the first case killed it
			}
			v, err := db.VariantBySKU(ctx, tt.sku)
			if err != nil {
				t.Fatal(err)
			}
			before := v.Stock
			email := fmt.Sprintf("killed-%d@example.com", i)

			// The chat on A, up to the payment link: the order exists and
			// holds its stock.
			var conv struct{ ID, Token string }
			call(t, "POST", a.url+"/api/v1/conversations", "", map[string]string{"locale": "en"}, &conv)
			send := func(base string, body map[string]string) []chatMessage {
				var out struct{ Messages []chatMessage }
				if code := call(t, "POST", base+"/api/v1/conversations/"+conv.ID+"/messages", conv.Token, body, &out); code != 200 {
					t.Fatalf("%v on %s = %d", body, base, code)
				}
				return out.Messages
			}
			send(a.url, map[string]string{"payload": "add:" + tt.sku})
			out := send(a.url, map[string]string{"payload": "checkout"})
			payURL := ""
			for step := 0; step < 8 && payURL == ""; step++ {
				for _, m := range out {
					if m.Type == "link" && m.Purpose == "payment" {
						payURL = m.URL
					}
				}
				if payURL != "" {
					break
				}
				last := out[len(out)-1]
				switch {
				case last.Input != nil && last.Input.Field == "email":
					out = send(a.url, map[string]string{"text": email})
				case last.Input != nil && last.Input.Field == "shipping_address":
					out = send(a.url, map[string]string{"text": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"})
				case last.Input != nil && last.Input.Field == "shipping_option":
					out = send(a.url, map[string]string{"payload": "ship:standard"})
				default:
					t.Fatalf("checkout stalled at %+v", last)
				}
			}
			if payURL == "" {
				t.Fatal("no payment link")
			}
			if v, _ := db.VariantBySKU(ctx, tt.sku); v.Stock != before-1 {
				t.Fatalf("stock with the order placed = %d, want %d", v.Stock, before-1)
			}
			pu, err := url.Parse(payURL)
			if err != nil {
				t.Fatal(err)
			}

			tt.kill(t, a.url+pu.RequestURI())

			// The gateway's confirmation reaches B, twice, as a retrying
			// gateway (or a shopper pressing Pay again) would send it.
			for range 2 {
				resp, err := http.PostForm(b.url+pu.RequestURI(), url.Values{"outcome": {"succeeded"}})
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Fatalf("payment confirmed on B: %d", resp.StatusCode)
				}
			}

			var orders struct {
				Orders []struct {
					Number        string `json:"number"`
					Status        string `json:"status"`
					PaymentStatus string `json:"payment_status"`
				} `json:"orders"`
			}
			call(t, "GET", b.url+"/api/v1/admin/orders?email="+url.QueryEscape(email), killTestAdminKey, nil, &orders)
			if len(orders.Orders) != 1 || orders.Orders[0].PaymentStatus != "paid" {
				t.Fatalf("orders after A died = %+v, want exactly one paid", orders.Orders)
			}
			if v, _ := db.VariantBySKU(ctx, tt.sku); v.Stock != before-1 {
				t.Errorf("stock after payment = %d, want %d (taken exactly once)", v.Stock, before-1)
			}
			// The chat carries on on B and knows the order is paid.
			var hist struct{ Messages []chatMessage }
			call(t, "GET", b.url+"/api/v1/conversations/"+conv.ID+"/messages?after=0", conv.Token, nil, &hist)
			confirmed := false
			for _, m := range hist.Messages {
				if strings.Contains(m.Text, orders.Orders[0].Number) && strings.Contains(strings.ToLower(m.Text), "paid") {
					confirmed = true
				}
			}
			if !confirmed {
				t.Errorf("the chat on B does not confirm order %s as paid", orders.Orders[0].Number)
			}
			send(b.url, map[string]string{"text": "thanks"})
		})
	}
}
