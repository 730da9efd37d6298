package app_test

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// analyticsReport is the contract's analytics answer as a client reads it.
type analyticsReport struct {
	Conversations    int64       `json:"conversations"`
	Contained        int64       `json:"contained"`
	ContainmentRate  float64     `json:"containment_rate"`
	Handoffs         int64       `json:"handoffs"`
	Orders           int64       `json:"orders"`
	Revenue          money.Money `json:"revenue"`
	AOV              money.Money `json:"aov"`
	ConversionRate   float64     `json:"conversion_rate"`
	CartsAbandoned   int64       `json:"carts_abandoned"`
	CartsRecovered   int64       `json:"carts_recovered"`
	CartRecoveryRate float64     `json:"cart_recovery_rate"`
	CSAT             struct {
		Responses     int64   `json:"responses"`
		Average       float64 `json:"average"`
		SatisfiedRate float64 `json:"satisfied_rate"`
	} `json:"csat"`
	FirstResponseMS struct{ P50, P90 int64 } `json:"first_response_ms"`
	// Counted inside the support hours: always open here, so the same.
	FirstResponseBH struct{ P50, P90 int64 } `json:"first_response_business_hours_ms"`
	ByDay           []struct {
		Date          string      `json:"date"`
		Conversations int64       `json:"conversations"`
		Orders        int64       `json:"orders"`
		Revenue       money.Money `json:"revenue"`
	} `json:"by_day"`
	ByChannel map[string]struct {
		Conversations int64 `json:"conversations"`
		Orders        int64 `json:"orders"`
	} `json:"by_channel"`
}

// buy fills a cart with sku and checks out in conversation id, answering
// whatever the bot asks, then settles the payment page with outcome. It
// returns the order's number.
func (s *shop) buy(t *testing.T, id, token, sku, email, outcome string) string {
	t.Helper()
	send := func(body map[string]string) []message {
		var out struct{ Messages []message }
		if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, body, &out); code != 200 {
			t.Fatalf("%v = %d", body, code)
		}
		return out.Messages
	}
	send(map[string]string{"payload": "add:" + sku})
	out := send(map[string]string{"payload": "checkout"})
	payURL := ""
	for range 8 {
		for _, m := range out {
			if m.Type == "link" && m.Purpose == "payment" {
				payURL = m.URL
			}
		}
		if payURL != "" || len(out) == 0 {
			break
		}
		last := out[len(out)-1]
		switch {
		case last.Input != nil && last.Input.Field == "email":
			out = send(map[string]string{"text": email})
		case last.Input != nil && last.Input.Field == "shipping_address" && len(last.Options) > 0 && strings.HasPrefix(last.Options[0].Payload, "addr:"):
			out = send(map[string]string{"payload": last.Options[0].Payload})
		case last.Input != nil && last.Input.Field == "shipping_address":
			out = send(map[string]string{"text": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"})
		case last.Input != nil && last.Input.Field == "shipping_option":
			out = send(map[string]string{"payload": "ship:standard"})
		default:
			t.Fatalf("checkout stalled at %+v", last)
		}
	}
	if payURL == "" {
		t.Fatalf("no payment link in %+v", out)
	}
	u, _ := url.Parse(payURL)
	resp, err := http.PostForm(s.url+u.RequestURI(), url.Values{"outcome": {outcome}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
	var orders struct {
		Orders []struct {
			Number string
			Total  money.Money
		}
	}
	s.do("GET", "/api/v1/admin/orders?email="+url.QueryEscape(email), adminKey, "", nil, &orders)
	if len(orders.Orders) == 0 {
		t.Fatalf("no order for %s", email)
	}
	return orders.Orders[len(orders.Orders)-1].Number
}

func (s *shop) orderTotal(t *testing.T, number string) money.Money {
	t.Helper()
	var o struct{ Total money.Money }
	if code := s.json("GET", "/api/v1/admin/orders/"+number, adminKey, nil, &o); code != 200 {
		t.Fatalf("order %s: %d", number, code)
	}
	return o.Total
}

func (s *shop) analytics(t *testing.T, query string) analyticsReport {
	t.Helper()
	var r analyticsReport
	if code := s.json("GET", "/api/v1/admin/analytics?"+query, adminKey, nil, &r); code != 200 {
		t.Fatalf("analytics?%s: %d", query, code)
	}
	return r
}

// TestAnalytics_FiguresMatchWhatShoppersDid plays five shoppers through the
// REST API (two purchases, a failed payment paid on the second try, a
// hand-off to a person, three ratings, a chat that buys nothing) and finds
// exactly those numbers in the analytics, by day, channel and language, in
// the CSV export, in team performance and in /metrics.
func TestAnalytics_FiguresMatchWhatShoppersDid(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		rate := func(id, token string, n int) {
			if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": fmt.Sprintf("csat:%d", n)}, nil); code != 200 {
				t.Fatalf("rate: %d", code)
			}
		}
		// A and B buy and pay; A rates 5, B rates 4.
		a, aTok := s.startChat("en")
		orderA := s.buy(t, a, aTok, sku, "a@example.com", "succeeded")
		rate(a, aTok, 5)
		b, bTok := s.startChat("en")
		orderB := s.buy(t, b, bTok, sku, "b@example.com", "succeeded")
		rate(b, bTok, 4)
		// D's first payment fails; the second checkout is paid: a cart
		// abandoned and recovered.
		d, dTok := s.startChat("en")
		s.buy(t, d, dTok, sku, "d@example.com", "failed")
		orderD := s.buy(t, d, dTok, sku, "d@example.com", "succeeded")
		// C asks for a person in Dutch; Ana answers and resolves; C rates 2.
		ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en", "nl"})
		if code := s.json("POST", "/api/v1/agent/status", ana.Token, map[string]bool{"online": true}, nil); code != 200 {
			t.Fatalf("go online: %d", code)
		}
		c, cTok := s.startChat("nl")
		s.say(c, cTok, "ik wil met een medewerker praten")
		if v := s.adminView(c); v.Status != "agent" {
			t.Fatalf("hand-off status %s, want agent", v.Status)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+c+"/messages", ana.Token, map[string]string{"text": "Hoi!"}, nil); code != http.StatusCreated {
			t.Fatalf("agent message: %d", code)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+c+"/resolve", ana.Token, nil, nil); code != 200 {
			t.Fatalf("resolve: %d", code)
		}
		rate(c, cTok, 2)
		// E only says hello.
		e, eTok := s.startChat("en")
		s.say(e, eTok, "hello")

		revenue := s.orderTotal(t, orderA).Amount + s.orderTotal(t, orderB).Amount + s.orderTotal(t, orderD).Amount
		cur := s.orderTotal(t, orderA).Currency
		loc := s.app.Analytics.Location()
		today := time.Now().In(loc)
		// The range spans a day either side, so a test run across midnight
		// still finds everything.
		from, to := today.AddDate(0, 0, -1).Format("2006-01-02"), today.AddDate(0, 0, 1).Format("2006-01-02")
		r := s.analytics(t, "from="+from+"&to="+to)
		aov := (2*revenue + 3) / 6 // half up, in integers
		checks := []struct {
			name      string
			got, want any
		}{
			{"conversations", r.Conversations, int64(5)},
			{"contained", r.Contained, int64(4)},
			{"containment_rate", r.ContainmentRate, 0.8},
			{"handoffs", r.Handoffs, int64(1)},
			{"orders", r.Orders, int64(3)},
			{"revenue", r.Revenue, money.New(revenue, cur)},
			{"aov", r.AOV, money.New(aov, cur)},
			{"conversion_rate", r.ConversionRate, 0.6},
			{"carts_abandoned", r.CartsAbandoned, int64(1)},
			{"carts_recovered", r.CartsRecovered, int64(1)},
			{"cart_recovery_rate", r.CartRecoveryRate, 1.0},
			{"csat.responses", r.CSAT.Responses, int64(3)},
			{"csat.average", r.CSAT.Average, 3.67},
			{"csat.satisfied_rate", r.CSAT.SatisfiedRate, 0.6667},
			{"by_day", len(r.ByDay), 3},
			{"by_channel", fmt.Sprint(r.ByChannel), fmt.Sprint(map[string]struct{ Conversations, Orders int64 }{"web": {5, 3}})},
		}
		for _, c := range checks {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		var dayConv, dayOrders, dayRevenue int64
		for _, d := range r.ByDay {
			dayConv, dayOrders, dayRevenue = dayConv+d.Conversations, dayOrders+d.Orders, dayRevenue+d.Revenue.Amount
		}
		if dayConv != 5 || dayOrders != 3 || dayRevenue != revenue {
			t.Errorf("by_day sums to %d conversations, %d orders, %d revenue; want 5, 3, %d", dayConv, dayOrders, dayRevenue, revenue)
		}
		if r.FirstResponseMS.P50 <= 0 || r.FirstResponseMS.P90 < r.FirstResponseMS.P50 {
			t.Errorf("first_response_ms = %+v, want 0 < p50 <= p90", r.FirstResponseMS)
		}

		// Filters.
		nl := s.analytics(t, "from="+from+"&to="+to+"&language=nl")
		if nl.Conversations != 1 || nl.Handoffs != 1 || nl.Orders != 0 || nl.CSAT.Responses != 1 || nl.CSAT.Average != 2 {
			t.Errorf("language=nl: %+v", nl)
		}
		if other := s.analytics(t, "from="+from+"&to="+to+"&channel=telegram"); other.Conversations != 0 || other.Revenue.Amount != 0 || len(other.ByChannel) != 0 {
			t.Errorf("channel=telegram: %+v", other)
		}
		var bad errorBody
		if code := s.json("GET", "/api/v1/admin/analytics?from=2026-13-01&to="+to, adminKey, nil, &bad); code != 400 || bad.Error.Code != "invalid_filter" {
			t.Errorf("bad date: %d %+v", code, bad)
		}
		if code := s.json("GET", "/api/v1/admin/analytics", "", nil, nil); code != 401 {
			t.Errorf("analytics without the admin key: %d, want 401", code)
		}

		// CSV export of the days.
		req, _ := http.NewRequest("GET", s.url+"/api/v1/admin/analytics?format=csv&from="+from+"&to="+to, nil)
		req.Header.Set("Authorization", "Bearer "+adminKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(resp.Body).ReadAll()
		resp.Body.Close()
		if err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || len(recs) != 4 {
			t.Fatalf("csv: %v %s %v", err, resp.Header.Get("Content-Type"), recs)
		}
		if strings.Join(recs[0], ",") != "date,conversations,contained,handoffs,orders,revenue,currency" {
			t.Errorf("csv header = %v", recs[0])
		}
		want := fmt.Sprintf("%s,5,4,1,3,%s,%s", today.Format("2006-01-02"), money.New(revenue, cur).Decimal(), cur)
		if got := strings.Join(recs[2], ","); got != want {
			t.Errorf("csv today = %s, want %s", got, want)
		}

		// Team performance: Ana handled one conversation, rated 2.
		var team struct {
			Agents []struct {
				Name          string
				Conversations int64
				Transfers     int64
				CSAT          struct {
					Responses int64
					Average   float64
				}
				FirstResponse   struct{ P50 int64 } `json:"first_response_ms"`
				Resolution      struct{ P50 int64 } `json:"resolution_ms"`
				FirstResponseBH struct{ P50 int64 } `json:"first_response_business_hours_ms"`
				ResolutionBH    struct{ P50 int64 } `json:"resolution_business_hours_ms"`
			}
		}
		if code := s.json("GET", "/api/v1/admin/analytics/agents?from="+from+"&to="+to, adminKey, nil, &team); code != 200 {
			t.Fatalf("team: %d", code)
		}
		if len(team.Agents) != 1 || team.Agents[0].Name != "Ana" || team.Agents[0].Conversations != 1 ||
			team.Agents[0].CSAT.Responses != 1 || team.Agents[0].CSAT.Average != 2 || team.Agents[0].Transfers != 0 {
			t.Errorf("team = %+v", team)
		}
		// No support hours are set (always open): the support-hours figures
		// are the wall clock's.
		if a := team.Agents[0]; a.FirstResponseBH.P50 != a.FirstResponse.P50 || a.ResolutionBH.P50 != a.Resolution.P50 || a.Resolution.P50 == 0 {
			t.Errorf("support-hours figures %+v differ from the wall clock's without hours", a)
		}
		if r.FirstResponseBH != r.FirstResponseMS {
			t.Errorf("first_response_business_hours_ms = %+v, want the wall clock's %+v without hours", r.FirstResponseBH, r.FirstResponseMS)
		}

		// Once the days have settled they are read from the rollup, with
		// the same figures.
		s.app.Analytics.Now = func() time.Time { return time.Now().Add(5 * 24 * time.Hour) }
		for i := range 2 { // the first call rolls up, the second reads the rollup
			rolled := s.analytics(t, "from="+from+"&to="+to)
			if fmt.Sprintf("%+v", rolled) != fmt.Sprintf("%+v", r) {
				t.Errorf("call %d from the rollup:\n%+v\nwant\n%+v", i, rolled, r)
			}
		}

		// /metrics is behind the admin key and counts the turns and payments.
		if code := s.do("GET", "/metrics", "", "", nil, nil); code != 401 {
			t.Errorf("/metrics without the key: %d, want 401", code)
		}
		req, _ = http.NewRequest("GET", s.url+"/metrics", nil)
		req.Header.Set("Authorization", "Bearer "+adminKey)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := string(body)
		for _, want := range []string{`shopkeeper_turns_total{channel="web",language="en"}`, "shopkeeper_orders_paid_total 3",
			"shopkeeper_handoffs_total 1", "shopkeeper_turn_duration_seconds_bucket", "shopkeeper_nlu_confidence_bucket", "go_goroutines"} {
			if !strings.Contains(text, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Error("no X-Request-Id on the answer")
		}
	})
}
