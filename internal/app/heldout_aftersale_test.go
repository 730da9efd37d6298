package app_test

// TestHeldOutAfterSale plays held-out shoppers after the sale, the way the
// external evaluation of issue #5 does: in each of the six languages they
// track a shipped order (the bot must name the order number and its status),
// start a return for a delivered order (the order must then list the
// return) and ask the shop's questions (an article link of the right topic,
// and no fallback). The sentences in testdata/aftersale were written for this
// test alone, apart from the NLU's training data and the bot's catalogues.
//
// The driver knows nothing of the bot's sentences beyond broad status words:
// it answers by the `input` hint of the bot's last message (order number,
// e-mail, which item, quantity, reason, method, slot, confirmation) and
// rephrases once when the bot did not get it. Orders are entered through the
// admin API as a phone order would be; a "known" shopper starts the chat with
// the order's e-mail, the others must prove the order is theirs.
//
// Target ≥ 90 % per kind; CI floors below keep regressions out.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const (
	afterSaleFloor    = 0.75 // per kind, all languages together
	afterSaleMaxTurns = 8
)

// shippedWords say "shipped / on its way" in any launch language.
var shippedWords = []string{
	"shipped", "on its way", "in transit", "dispatched", "out for delivery",
	"verzonden", "onderweg", "verstuurd",
	"dipos", "dihantar", "dalam perjalanan", "telah dihantar",
	"已发货", "运输中", "在途", "派送",
	"sendt", "på vei", "underveis",
	"ուղարկված", "ճանապարհին", "առաքման",
}

// topicWords are what an article's address says about its topic.
var topicWords = map[string][]string{
	"shipping": {"ship", "deliver"},
	"returns":  {"return", "refund"},
	"payment":  {"pay"},
	"warranty": {"warrant", "guarantee"},
	"privacy":  {"privacy", "data"},
	"account":  {"account", "password", "login"},
}

type afterSaleCase struct {
	ID     string   `json:"id"`
	Say    []string `json:"say"`
	Known  bool     `json:"known"`
	Reason string   `json:"reason"`
	Topic  string   `json:"topic"`
	lang   string
	kind   string
}

type afterSaleResult struct {
	c          *afterSaleCase
	ok         bool
	why        string
	transcript []string
}

func TestHeldOutAfterSale(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	skus := inStockSKUs(t, s, 40)

	var cases []*afterSaleCase
	for _, lang := range shopperLangs {
		b, err := os.ReadFile("testdata/aftersale/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var f map[string][]*afterSaleCase
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for kind, cs := range f {
			for _, c := range cs {
				c.lang, c.kind = lang, kind
				cases = append(cases, c)
			}
		}
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].ID < cases[j].ID })

	results := make([]*afterSaleResult, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = runAfterSale(t, s, c, skus[i%len(skus)], i)
		}()
	}
	wg.Wait()

	type tally struct{ n, ok int }
	per := map[string]*tally{}
	for _, r := range results {
		for _, k := range []string{r.c.kind, r.c.kind + "/" + r.c.lang} {
			if per[k] == nil {
				per[k] = &tally{}
			}
			per[k].n++
			if r.ok {
				per[k].ok++
			}
		}
		if !r.ok || os.Getenv("SHOPPERS_TRANSCRIPTS") != "" {
			t.Logf("--- %s ok=%v: %s\n%s", r.c.ID, r.ok, r.why, strings.Join(r.transcript, "\n"))
		}
	}
	var keys []string
	for k := range per {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-14s %2d/%2d  %.0f %%", k, per[k].ok, per[k].n, 100*float64(per[k].ok)/float64(per[k].n))
	}
	for _, kind := range []string{"track", "return", "faq"} {
		x := per[kind]
		if x == nil || float64(x.ok)/float64(x.n) < afterSaleFloor {
			t.Errorf("%s: %v below the floor %.0f %%", kind, x, 100*afterSaleFloor)
		}
	}
}

// inStockSKUs picks variants with plenty of stock from the demo shop.
func inStockSKUs(t *testing.T, s *shop, n int) []string {
	var res struct {
		Products []struct {
			Variants []struct {
				SKU   string `json:"sku"`
				Stock int    `json:"stock"`
			} `json:"variants"`
		} `json:"products"`
	}
	if code := s.do("GET", "/api/v1/admin/products?limit=200", adminKey, "", nil, &res); code != 200 {
		t.Fatalf("products = %d", code)
	}
	var out []string
	for _, p := range res.Products {
		for _, v := range p.Variants {
			if v.Stock >= 5 {
				out = append(out, v.SKU)
				break
			}
		}
		if len(out) == n {
			break
		}
	}
	if len(out) == 0 {
		t.Fatal("no variant in stock in the demo shop")
	}
	return out
}

// placeOrder enters a paid order and moves it to status (shipped or delivered).
func placeOrder(s *shop, email, sku, status string) (string, error) {
	var o struct {
		Number string `json:"number"`
	}
	body := map[string]any{
		"customer": map[string]string{"email": email, "name": "Test Shopper"},
		"items":    []map[string]any{{"sku": sku, "quantity": 2}},
		"shipping_address": map[string]string{"name": "Test Shopper", "line1": "Keizersgracht 12",
			"postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"},
		"paid": true,
	}
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, body, &o); code != http.StatusCreated {
		return "", fmt.Errorf("create order = %d", code)
	}
	steps := []string{"shipped"}
	if status == "delivered" {
		steps = append(steps, "delivered")
	}
	for _, st := range steps {
		f := map[string]string{"status": st, "carrier": "PostNL", "tracking_number": "3SABCD" + o.Number}
		if code := s.json("POST", "/api/v1/admin/orders/"+o.Number+"/fulfillments", adminKey, f, nil); code != 200 {
			return "", fmt.Errorf("fulfil %s = %d", st, code)
		}
	}
	return o.Number, nil
}

func runAfterSale(t *testing.T, s *shop, c *afterSaleCase, sku string, i int) *afterSaleResult {
	r := &afterSaleResult{c: c}
	run := &shopperRun{base: s.url, hc: &http.Client{Timeout: 30 * time.Second}, res: &shopperResult{}}
	defer func() { r.transcript = run.res.transcript }()
	email := fmt.Sprintf("aftersale-%d-%s@example.com", i, c.lang)
	number := ""
	if c.kind != "faq" {
		status := "shipped"
		if c.kind == "return" {
			status = "delivered"
		}
		var err error
		if number, err = placeOrder(s, email, sku, status); err != nil {
			r.why = err.Error()
			return r
		}
	}
	start := map[string]any{}
	if c.Known {
		start["customer"] = signed(email, "")
	}
	body, _ := json.Marshal(start)
	var conv struct {
		ID, Token string
		Messages  []shopperMsg
	}
	if _, err := run.request("POST", "/api/v1/conversations", "", "application/json", body, &conv); err != nil {
		r.why = err.Error()
		return r
	}
	run.id, run.token = conv.ID, conv.Token

	var heard []shopperMsg
	for attempt, line := range c.Say {
		if attempt > 0 && r.ok {
			break
		}
		ms, err := run.say(strings.ReplaceAll(line, "{number}", number), false)
		if err != nil {
			r.why = err.Error()
			return r
		}
		heard = append(heard, ms...)
		for turn := 0; turn < afterSaleMaxTurns; turn++ {
			reply, tap, ok := afterSaleAnswer(run.last, c, number, email, func() string { return s.mailedCode(email) })
			if !ok {
				break
			}
			if ms, err = run.say(reply, tap); err != nil {
				r.why = err.Error()
				return r
			}
			heard = append(heard, ms...)
		}
		r.ok, r.why = afterSaleJudge(s, run, c, number, email, heard)
	}
	return r
}

// afterSaleAnswer answers the bot's question by its input hint.
// code is the shopper reading their mailbox: changing an order bought
// elsewhere takes a code sent to the e-mail on it.
func afterSaleAnswer(last []shopperMsg, c *afterSaleCase, number, email string, code func() string) (string, bool, bool) {
	field, _, opts := lastInput(last)
	switch field {
	case "":
		if offersCode(last) {
			return "verify:send", true, true
		}
		return "", false, false
	case "verification_code":
		return code(), false, true
	case "order_number":
		return number, false, number != ""
	case "email":
		return email, false, true
	case "quantity":
		return "1", false, true
	case "rating", "comment":
		return "", false, false
	case "return_reason":
		// Known shoppers tap a reason; the others type it in their words.
		if c.Known && len(opts) > 0 {
			return opts[0].Payload, true, true
		}
		return c.Reason, false, true
	}
	if len(opts) > 0 {
		return opts[0].Payload, true, true // the first offer: the item, the label, the earliest slot, yes
	}
	return "", false, false
}

func afterSaleJudge(s *shop, run *shopperRun, c *afterSaleCase, number, email string, heard []shopperMsg) (bool, string) {
	switch c.kind {
	case "track":
		for _, m := range heard {
			text := strings.ToLower(m.Text)
			if strings.Contains(text, number) && containsAny(text, shippedWords) {
				return true, ""
			}
		}
		return false, "no message names the order number and a shipped status"
	case "return":
		var res struct {
			Orders []struct {
				Number  string            `json:"number"`
				Returns []json.RawMessage `json:"returns"`
			} `json:"orders"`
		}
		if code := s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &res); code != 200 {
			return false, fmt.Sprintf("orders = %d", code)
		}
		for _, o := range res.Orders {
			if o.Number == number && len(o.Returns) > 0 {
				return true, ""
			}
		}
		return false, "the order lists no return"
	case "faq":
		var link string
		for _, m := range heard {
			if m.Type == "link" && m.Purpose == "article" {
				link = strings.ToLower(m.URL)
			}
		}
		if link == "" {
			return false, "no article link"
		}
		if !containsAny(link, topicWords[c.Topic]) {
			return false, "article " + link + " is not about " + c.Topic
		}
		var conv struct {
			Transcript []struct {
				From     string `json:"from"`
				Fallback bool   `json:"fallback"`
			} `json:"transcript"`
		}
		if code := s.do("GET", "/api/v1/admin/conversations/"+run.id, adminKey, "", nil, &conv); code != 200 {
			return false, fmt.Sprintf("conversation = %d", code)
		}
		for _, m := range conv.Transcript {
			if m.Fallback {
				return false, "a fallback in the conversation"
			}
		}
		return true, ""
	}
	return false, "unknown kind " + c.kind
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// TestHeldOutHandoff: shoppers in six languages ask for a person, some after
// another question; each must end up queued for (or with) a colleague, with
// a summary for the agent. The sentences in testdata/handoff were written for
// this test alone.
func TestHeldOutHandoff(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	b, err := os.ReadFile("testdata/handoff/all.json")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string][]struct {
		Before string   `json:"before"`
		Say    []string `json:"say"`
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	for _, lang := range shopperLangs {
		for i, c := range all[lang] {
			t.Run(fmt.Sprintf("%s-%d", lang, i), func(t *testing.T) {
				run := &shopperRun{base: s.url, hc: &http.Client{Timeout: 30 * time.Second}, res: &shopperResult{}}
				if err := run.start(""); err != nil {
					t.Fatal(err)
				}
				lines := append([]string{}, c.Say...)
				if c.Before != "" {
					lines = append([]string{c.Before}, lines...)
				}
				for _, l := range lines {
					if _, err := run.say(l, false); err != nil {
						t.Fatal(err)
					}
				}
				var conv struct {
					Status  string `json:"status"`
					Handoff struct {
						Reason  string `json:"reason"`
						Summary string `json:"summary"`
					} `json:"handoff"`
				}
				if code := s.do("GET", "/api/v1/admin/conversations/"+run.id, adminKey, "", nil, &conv); code != 200 {
					t.Fatalf("conversation = %d", code)
				}
				if (conv.Status != "queued" && conv.Status != "agent") || strings.TrimSpace(conv.Handoff.Summary) == "" {
					t.Errorf("status %q, summary %q\n%s", conv.Status, conv.Handoff.Summary, strings.Join(run.res.transcript, "\n"))
				}
			})
		}
	}
}
