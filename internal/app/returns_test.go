package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// returnOrder enters a paid order of lines (sku → quantity) for email, and
// ships and delivers it unless status says "shipped".
func returnOrder(t *testing.T, s *shop, email string, lines map[string]int, status string) string {
	t.Helper()
	var items []map[string]any
	for sku, q := range lines {
		items = append(items, map[string]any{"sku": sku, "quantity": q})
	}
	body := map[string]any{"customer": map[string]string{"email": email, "name": "Ada Lovelace"}, "items": items, "paid": true,
		"shipping_address": map[string]string{"name": "Ada Lovelace", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}}
	var o struct{ Number string }
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, body, &o); code != 201 {
		t.Fatalf("create order = %d", code)
	}
	steps := []string{"shipped", "delivered"}
	if status == "shipped" {
		steps = steps[:1]
	}
	for _, st := range steps {
		if code := s.json("POST", "/api/v1/admin/orders/"+o.Number+"/fulfillments", adminKey,
			map[string]string{"status": st, "carrier": "PostNL", "tracking_number": "3SRET" + o.Number}, nil); code != 200 {
			t.Fatalf("fulfil %s = %d", st, code)
		}
	}
	return o.Number
}

// demoSKU is a variant of a demo product with at least n in stock.
func demoSKU(t *testing.T, s *shop, handle string, n int) string {
	t.Helper()
	var p struct {
		Variants []struct {
			SKU   string
			Stock int
		}
	}
	if code := s.do("GET", "/api/v1/admin/products/"+handle, adminKey, "", nil, &p); code != 200 {
		t.Fatalf("product %s = %d", handle, code)
	}
	for _, v := range p.Variants {
		if v.Stock >= n {
			return v.SKU
		}
	}
	t.Fatalf("no variant of %s with %d in stock", handle, n)
	return ""
}

// chatReturn talks to the bot like a shopper who answers each question by
// its input hint: typed answers from typed, else the first button.
func chatReturn(t *testing.T, s *shop, customer string, first string, typed map[string]string) (*shopperRun, []shopperMsg) {
	t.Helper()
	run := &shopperRun{base: s.url, hc: &http.Client{Timeout: 30 * time.Second}, res: &shopperResult{}}
	start := map[string]any{}
	if customer != "" {
		start["customer"] = signed(customer, "")
	}
	body, _ := json.Marshal(start)
	var conv struct{ ID, Token string }
	if _, err := run.request("POST", "/api/v1/conversations", "", "application/json", body, &conv); err != nil {
		t.Fatal(err)
	}
	run.id, run.token = conv.ID, conv.Token
	heard, err := run.say(first, false)
	if err != nil {
		t.Fatal(err)
	}
	mailbox := typed["email"]
	if mailbox == "" {
		mailbox = customer
	}
	for range 10 {
		field, _, opts := lastInput(run.last)
		if field == "" && !offersCode(run.last) {
			break
		}
		var ms []shopperMsg
		// Changing an order bought elsewhere takes a code sent to the
		// e-mail on it: this shopper owns that mailbox and reads it.
		if field == "" {
			ms, err = run.say("verify:send", true)
		} else if field == "verification_code" {
			ms, err = run.say(s.mailedCode(mailbox), false)
		} else if v, ok := typed[field]; ok {
			ms, err = run.say(v, false)
		} else if len(opts) > 0 {
			ms, err = run.say(opts[0].Payload, true)
		} else {
			t.Fatalf("no answer for %s\n%s", field, strings.Join(run.res.transcript, "\n"))
		}
		if err != nil {
			t.Fatal(err)
		}
		heard = append(heard, ms...)
	}
	if os.Getenv("SHOPPERS_TRANSCRIPTS") != "" {
		t.Logf("transcript:\n%s", strings.Join(run.res.transcript, "\n"))
	}
	return run, heard
}

func labelLink(ms []shopperMsg) string {
	for _, m := range ms {
		if m.Type == "link" && m.Purpose == "label" {
			return m.URL
		}
	}
	return ""
}

type adminReturn struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Kind     string `json:"kind"`
	Reason   string `json:"reason"`
	Method   string `json:"method"`
	LabelURL string `json:"label_url"`
	Items    []struct {
		SKU         string `json:"sku"`
		Quantity    int    `json:"quantity"`
		ExchangeSKU string `json:"exchange_sku"`
	} `json:"items"`
	Refund *struct {
		Amount    struct{ Amount, Currency string }
		Reference string
	} `json:"refund"`
}

type adminOrderReturns struct {
	Orders []struct {
		Number        string `json:"number"`
		PaymentStatus string `json:"payment_status"`
		Returns       []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			LabelURL string `json:"label_url"`
			Items    []struct {
				SKU      string `json:"sku"`
				Quantity int    `json:"quantity"`
			} `json:"items"`
		} `json:"returns"`
	} `json:"orders"`
}

func TestReturns_ShopperReturnsShoesInChatAndIsRefundedOnce(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		shoes := demoSKU(t, s, "aurora-trail-runner", 5)
		socks := demoSKU(t, s, "merino-hiking-socks", 2)
		jacket := demoSKU(t, s, "fjord-shell-rain-jacket", 2)
		for _, tc := range []struct {
			lang, customer, first string
			typed                 map[string]string
			pickup                bool
			jacket                bool // a second returnable line: the item is asked for
		}{
			// A stranger proves the order, types every answer.
			{lang: "en", first: "I want to return my shoes", typed: map[string]string{"quantity": "1", "return_reason": "they are too small", "return_method": "I'll drop it off myself"}},
			// A known customer in Dutch taps the buttons, with a courier pickup.
			{lang: "nl", customer: "ret-nl@example.com", first: "Ik wil mijn schoenen retourneren", typed: map[string]string{"quantity": "1"}, pickup: true},
			// Chinese, typed, with the item chosen by name among two.
			{lang: "zh", customer: "ret-zh@example.com", first: "我想退货", jacket: true,
				typed: map[string]string{"return_item": "那双跑鞋", "quantity": "1", "return_reason": "太小了", "return_method": "我自己寄回"}},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				email := tc.customer
				if email == "" {
					email = "ret-" + tc.lang + "@example.com"
				}
				lines := map[string]int{shoes: 2, socks: 1}
				if tc.jacket {
					lines[jacket] = 1
				}
				number := returnOrder(t, s, email, lines, "delivered")
				typed := map[string]string{"order_number": number, "email": email}
				for k, v := range tc.typed {
					typed[k] = v
				}
				if tc.pickup {
					typed["return_method"] = "ophalen"
				}
				run, heard := chatReturn(t, s, tc.customer, tc.first, typed)
				url := labelLink(heard)
				if url == "" {
					t.Fatalf("no label link\n%s", strings.Join(run.res.transcript, "\n"))
				}
				if !strings.HasPrefix(url, s.url+"/documents/labels/") || len(url) < len(s.url)+50 {
					t.Errorf("label link %q is not an unguessable link of ours", url)
				}
				resp, err := http.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				pdf, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("label = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				// An altered link fails its signature before its token is looked up.
				if resp, _ := http.Get(strings.Replace(url, "/labels/", "/labels/x", 1)); resp.StatusCode != 403 {
					t.Errorf("a guessed label link answers %d", resp.StatusCode)
				}

				var list adminOrderReturns
				s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &list)
				if len(list.Orders) != 1 || len(list.Orders[0].Returns) != 1 {
					t.Fatalf("orders = %+v", list)
				}
				ret := list.Orders[0].Returns[0]
				wantStatus := "label_sent"
				if tc.pickup {
					wantStatus = "pickup_scheduled"
				}
				if ret.Status != wantStatus || len(ret.Items) != 1 || ret.Items[0].SKU != shoes || ret.Items[0].Quantity != 1 || !strings.HasSuffix(withoutQuery(url), withoutQuery(ret.LabelURL)) {
					t.Errorf("listed return = %+v (want %s, 1 × %s)", ret, wantStatus, shoes)
				}
				var one adminReturn
				s.do("GET", "/api/v1/admin/returns/"+ret.ID, adminKey, "", nil, &one)
				if tc.lang != "nl" && (one.Reason != "too_small" || one.Method != "label") {
					t.Errorf("typed answers read as reason %q, method %q", one.Reason, one.Method)
				}
				if tc.pickup && one.Method != "pickup" {
					t.Errorf("method = %q, want pickup", one.Method)
				}

				before := stockOf(s, shoes)
				for range 2 {
					var got adminReturn
					if code := s.json("POST", "/api/v1/admin/returns/"+ret.ID+"/receive", adminKey, nil, &got); code != 200 {
						t.Fatalf("receive = %d", code)
					}
					if got.Status != "refunded" || got.Refund == nil || got.Refund.Amount.Amount != "129.95" {
						t.Errorf("after receive: %+v", got)
					}
				}
				if after := stockOf(s, shoes); after != before+1 {
					t.Errorf("stock %d → %d after receiving one pair", before, after)
				}
				var msgs struct{ Messages []shopperMsg }
				s.do("GET", fmt.Sprintf("/api/v1/conversations/%s/messages?after=%d", run.id, run.lastSeq), run.token, "", nil, &msgs)
				told := 0
				for _, m := range msgs.Messages {
					if m.From == "bot" && strings.Contains(m.Text, number) {
						told++
					}
				}
				if told != 1 {
					t.Errorf("shopper told %d times about the refund, want once: %+v", told, msgs.Messages)
				}
				s.do("GET", "/api/v1/admin/orders?email="+email, adminKey, "", nil, &list)
				if ps := list.Orders[0].PaymentStatus; ps != "paid" {
					t.Errorf("payment status %q after a part refund, want paid", ps)
				}

				// Asking about the refund answers from the real state.
				ms, err := run.say(map[string]string{"en": "where is my refund?", "nl": "waar blijft mijn terugbetaling?", "zh": "我的退款到哪了？"}[tc.lang], false)
				if err != nil {
					t.Fatal(err)
				}
				for range 3 {
					field, _, _ := lastInput(run.last)
					if field == "" {
						break
					}
					if ms, err = run.say(typed[field], false); err != nil {
						t.Fatal(err)
					}
				}
				if !strings.Contains(ms[0].Text+ms[len(ms)-1].Text, "129,95") && !strings.Contains(ms[0].Text+ms[len(ms)-1].Text, "129.95") {
					t.Errorf("refund status does not name the amount:\n%s", strings.Join(run.res.transcript, "\n"))
				}
			})
		}
	})
}

func TestReturns_RefusalsSayWhy(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		shoes := demoSKU(t, s, "aurora-trail-runner", 5)
		socks := demoSKU(t, s, "merino-hiking-socks", 2)
		for _, tc := range []struct {
			name   string
			lines  map[string]int
			status string
			before func(email, number string)
			after  func()
			want   string
		}{
			{name: "not delivered yet", lines: map[string]int{shoes: 1}, status: "shipped", want: "hasn't been delivered"},
			{name: "hygiene item", lines: map[string]int{socks: 1}, want: "excluded from returns"},
			{name: "outside the window", lines: map[string]int{shoes: 1},
				before: func(string, string) {
					s.app.Returns.Now = func() time.Time { return time.Now().Add(40 * 24 * time.Hour) }
				},
				after: func() { s.app.Returns.Now = time.Now }, want: "return period"},
			{name: "already returned", lines: map[string]int{shoes: 1}, before: func(email, number string) {
				chatReturn(t, s, email, "I want to return my order", map[string]string{"return_reason": "too big"})
			}, want: "already been returned"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				email := "refuse-" + strings.ReplaceAll(tc.name, " ", "-") + "@example.com"
				number := returnOrder(t, s, email, tc.lines, tc.status)
				if tc.before != nil {
					tc.before(email, number)
				}
				if tc.after != nil {
					defer tc.after()
				}
				run, heard := chatReturn(t, s, "", "I'd like to return order "+number, map[string]string{"order_number": number, "email": email})
				all := ""
				for _, m := range heard {
					all += m.Text + "\n"
				}
				if !strings.Contains(all, tc.want) || labelLink(heard) != "" {
					t.Errorf("want a refusal saying %q\n%s", tc.want, strings.Join(run.res.transcript, "\n"))
				}
			})
		}
	})
}

func TestReturns_ExchangeForAnotherSizeHoldsIt(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		var p struct {
			Variants []struct {
				SKU     string
				Stock   int
				Options map[string]string
				Price   struct{ Amount string }
			}
		}
		s.do("GET", "/api/v1/admin/products/aurora-trail-runner", adminKey, "", nil, &p)
		from, to := "", ""
		for _, v := range p.Variants {
			if v.Stock >= 2 && from == "" {
				from = v.SKU
			} else if v.Stock >= 1 && from != "" && to == "" && v.Price.Amount == p.Variants[0].Price.Amount {
				to = v.SKU
			}
		}
		email := "swap@example.com"
		number := returnOrder(t, s, email, map[string]int{from: 1}, "delivered")
		before := stockOf(s, to)
		run, heard := chatReturn(t, s, email, "can I exchange my shoes for another size?", map[string]string{"return_reason": "too small"})
		if labelLink(heard) == "" {
			t.Fatalf("no label\n%s", strings.Join(run.res.transcript, "\n"))
		}
		var rs struct{ Returns []adminReturn }
		s.do("GET", "/api/v1/admin/returns?status=pickup_scheduled", adminKey, "", nil, &rs)
		if len(rs.Returns) != 0 {
			t.Errorf("status filter let through %+v", rs.Returns)
		}
		s.do("GET", "/api/v1/admin/returns?status=label_sent", adminKey, "", nil, &rs)
		if len(rs.Returns) != 1 || rs.Returns[0].Kind != "exchange" || rs.Returns[0].Items[0].ExchangeSKU == "" {
			t.Fatalf("returns = %+v\n%s", rs.Returns, strings.Join(run.res.transcript, "\n"))
		}
		chosen := rs.Returns[0].Items[0].ExchangeSKU
		if chosen == to && stockOf(s, to) != before-1 {
			t.Errorf("the replacement was not held: stock %d → %d", before, stockOf(s, to))
		}
		var got adminReturn
		if code := s.json("POST", "/api/v1/admin/returns/"+rs.Returns[0].ID+"/receive", adminKey, nil, &got); code != 200 || got.Status != "exchanged" || got.Refund != nil {
			t.Errorf("receive exchange = %d %+v", code, got)
		}
		// The replacement leaves as a booked shipment the shopper can track.
		o := s.asOrderOf(t, number)
		last := o.Shipments[len(o.Shipments)-1]
		if len(o.Shipments) < 2 || last.Status != "shipped" || last.TrackingNumber == "" || last.TrackingNumber == o.Shipments[0].TrackingNumber {
			t.Fatalf("shipments after the exchange: %+v", o.Shipments)
		}
		var msgs struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+run.id+"/messages?after=0", run.token, "", nil, &msgs)
		told := false
		for _, m := range msgs.Messages {
			told = told || m.From == "bot" && strings.Contains(m.Text, last.TrackingNumber)
		}
		if !told {
			t.Errorf("the conversation was not given the replacement's tracking number %s", last.TrackingNumber)
		}
		var e errorBody
		if code := s.json("POST", "/api/v1/admin/returns/"+rs.Returns[0].ID+"/reject", adminKey, map[string]string{"reason": "late"}, &e); code != 409 {
			t.Errorf("rejecting a received return = %d", code)
		}
		if code := s.json("POST", "/api/v1/admin/returns/RNOSUCHRETURN0000/receive", adminKey, nil, &e); code != 404 {
			t.Errorf("unknown return = %d", code)
		}
		if code := s.do("GET", "/api/v1/admin/returns?status=lost", adminKey, "", nil, &e); code != 422 {
			t.Errorf("bad status filter = %d", code)
		}
		_ = number
	})
}

// withoutQuery is a link without its query: two links to one document
// signed a second apart differ only in their expiry.
func withoutQuery(link string) string {
	p, _, _ := strings.Cut(link, "?")
	return p
}
