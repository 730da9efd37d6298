package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// sellingFigures are the analytics' extensions for selling (issue #13).
type sellingFigures struct {
	Recommendations struct {
		Shown            int64       `json:"shown"`
		Clicked          int64       `json:"clicked"`
		ClickThroughRate float64     `json:"click_through_rate"`
		Orders           int64       `json:"orders"`
		Revenue          money.Money `json:"revenue"`
	} `json:"recommendations"`
	Proactive struct {
		Sent    map[string]int64 `json:"sent"`
		Orders  int64            `json:"orders"`
		Revenue money.Money      `json:"revenue"`
	} `json:"proactive"`
}

func (s *shop) sellingFigures(t *testing.T) sellingFigures {
	t.Helper()
	today := time.Now().In(s.app.Analytics.Location())
	from, to := today.AddDate(0, 0, -1).Format("2006-01-02"), today.AddDate(0, 0, 1).Format("2006-01-02")
	var r sellingFigures
	if code := s.json("GET", "/api/v1/admin/analytics?from="+from+"&to="+to, adminKey, nil, &r); code != 200 {
		t.Fatalf("analytics = %d", code)
	}
	return r
}

// A cross-sell shown after an add is counted as shown; adding one of its
// items right after it is its click, and paying an order that holds it
// attributes the order's total to recommendations, once. A search in
// between makes a later add of the same item no click.
func TestAnalytics_RecommendationShownClickedAndPaid(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ctx := context.Background()
		for i := range 3 {
			paidOrder(t, s, fmt.Sprintf("shoe-socks-%d", i), "NK-RS-AURORA-43-TEA", "NK-SO-GHOST-3638-WHT")
		}
		if err := s.app.Recommend.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		before := s.sellingFigures(t).Recommendations
		if before.Shown != 0 || before.Clicked != 0 || before.Orders != 0 {
			t.Fatalf("figures before any chat = %+v", before)
		}
		c := startRecoChat(t, s, "en")
		ms := c.tap(t, "add:NK-RS-AURORA-42-TEA")
		cs := productsOf(ms, "cross_sell")
		if cs == nil {
			t.Fatalf("no cross-sell after the add:%s", recoTranscript(ms))
		}
		pick := ""
		for _, it := range cs.Items {
			for _, v := range it.Variants {
				if v.InStock && pick == "" {
					pick = v.SKU
				}
			}
		}
		if pick == "" {
			t.Fatalf("nothing in stock in the cross-sell:%s", recoTranscript(ms))
		}
		after := c.tap(t, "add:"+pick)
		shown := int64(1)
		if productsOf(after, "cross_sell") != nil {
			shown++ // the item added gets its own cross-sell
		}
		r := s.sellingFigures(t).Recommendations
		if r.Shown != shown || r.Clicked != 1 || r.Orders != 0 {
			t.Fatalf("after one cross-sell and its add = %+v, want shown %d, clicked 1", r, shown)
		}
		// A search shown after the recommendation: adding from it is no click.
		c.say(t, "show me running shoes")
		c.tap(t, "add:"+pick)
		if got := s.sellingFigures(t).Recommendations.Clicked; got != 1 {
			t.Fatalf("an add after a search counted as a recommendation click: %d", got)
		}
		number := s.buy(t, c.id, c.token, "NK-RS-AURORA-42-TEA", "reco@example.com", "succeeded")
		total := s.orderTotal(t, number)
		r = s.sellingFigures(t).Recommendations
		if r.Orders != 1 || r.Revenue != total {
			t.Fatalf("after paying = %+v, want 1 order of %v", r, total)
		}
		if want := float64(1) / float64(r.Shown); r.ClickThroughRate < want-0.0001 || r.ClickThroughRate > want+0.0001 {
			t.Errorf("click-through rate %v, want %v", r.ClickThroughRate, want)
		}
	})
}
