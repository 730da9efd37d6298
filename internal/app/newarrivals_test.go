package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// arrivalMessage is a message with what the new-arrival tests read.
type arrivalMessage struct {
	From      string `json:"from"`
	Type      string `json:"type"`
	Text      string `json:"text"`
	Reason    string `json:"reason"`
	Proactive string `json:"proactive"`
	Items     []struct{ Handle string }
}

func (s *shop) arrivals(t *testing.T, id, token string) []arrivalMessage {
	t.Helper()
	var out struct{ Messages []arrivalMessage }
	s.do("GET", "/api/v1/conversations/"+id+"/messages?after=0", token, "", nil, &out)
	var got []arrivalMessage
	for _, m := range out.Messages {
		if m.Proactive == proactive.NewArrival {
			got = append(got, m)
		}
	}
	return got
}

func (s *shop) importProduct(t *testing.T, handle, title, sku string) {
	t.Helper()
	body := "Handle,Title,Type,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price\n" +
		handle + "," + title + ",Hats,Size,One size," + sku + ",5,19.99\n"
	var r struct{ Products int }
	if code := s.do("POST", "/api/v1/admin/catalog/import", adminKey, "text/csv", []byte(body), &r); code != 200 || r.Products != 1 {
		t.Fatalf("import %s = %d %+v", handle, code, r)
	}
}

// Shoppers who asked in the chat to hear about new arrivals (in each of
// the six languages) get exactly one new_arrival message for a product
// created after they asked — a products message with reason
// recommendation listing only the new product — however often the job
// runs that day; a second new product the same day waits for the next day
// and comes alone. A shopper who never asked, one who only asked whether
// there are new arrivals, and one who asked and then said "stop", get none. The analytics count the messages sent and the
// order paid after them.
func TestNewArrivals_OneMessageToOptedInShoppersOnly(t *testing.T) {
	eachProactiveDB(t, "off", func(t *testing.T, s *shop) {
		ctx := context.Background()
		optIns := []struct{ lang, text, reply string }{
			{"en", "tell me about new arrivals", "new products arrive"},
			{"nl", "laat me weten als er nieuwe producten zijn", "nieuwe producten binnenkomen"},
			{"ms", "beritahu saya tentang barangan baru", "produk baru tiba"},
			{"zh", "有新品请通知我", "有新品上架"},
			{"nb", "gi meg beskjed om nyheter", "nye produkter"},
			{"hy", "տեղեկացրեք ինձ նոր ապրանքների մասին", "նոր ապրանքներ գան"},
		}
		type chat struct{ id, token string }
		var opted []chat
		for _, o := range optIns {
			id, token := s.open(t, o.lang)
			out := s.tell(t, id, token, map[string]string{"text": o.text})
			if len(out) == 0 || !strings.Contains(out[len(out)-1].Text, o.reply) {
				t.Fatalf("%s %q answered %+v", o.lang, o.text, out)
			}
			opted = append(opted, chat{id, token})
		}
		never, neverTok := s.open(t, "en")
		s.tell(t, never, neverTok, map[string]string{"text": "hello"})
		asked, askedTok := s.open(t, "en") // a question about new things is no opt-in
		s.tell(t, asked, askedTok, map[string]string{"text": "do you have new arrivals?"})
		stopped, stoppedTok := s.open(t, "en")
		s.tell(t, stopped, stoppedTok, map[string]string{"text": "tell me about new arrivals"})
		s.tell(t, stopped, stoppedTok, map[string]string{"text": "stop"})

		now := time.Now()
		s.app.RunProactiveOnce(ctx, now)
		for _, c := range opted {
			if got := s.arrivals(t, c.id, c.token); len(got) != 0 {
				t.Fatalf("a new-arrival message before anything new: %+v", got)
			}
		}
		s.importProduct(t, "alpine-beanie", "Alpine Beanie", "NA-BEANIE-1")
		s.app.RunProactiveOnce(ctx, now.Add(time.Minute))
		s.app.RunProactiveOnce(ctx, now.Add(2*time.Minute))
		for i, c := range opted {
			got := s.arrivals(t, c.id, c.token)
			if len(got) != 2 || got[0].Type != "text" || got[0].Text == "" || got[1].Type != "products" || got[1].Reason != "recommendation" ||
				len(got[1].Items) != 1 || got[1].Items[0].Handle != "alpine-beanie" {
				t.Fatalf("%s: new-arrival messages = %+v, want one text and one products message with alpine-beanie", optIns[i].lang, got)
			}
		}
		if got := s.arrivals(t, never, neverTok); len(got) != 0 {
			t.Errorf("a shopper who never asked got %+v", got)
		}
		if got := s.arrivals(t, asked, askedTok); len(got) != 0 {
			t.Errorf("a shopper who only asked what is new got %+v", got)
		}
		if got := s.arrivals(t, stopped, stoppedTok); len(got) != 0 {
			t.Errorf("a shopper who said stop got %+v", got)
		}

		// A second product the same day: no second message that day.
		s.importProduct(t, "harbour-cap", "Harbour Cap", "NA-CAP-1")
		s.app.RunProactiveOnce(ctx, now.Add(3*time.Minute))
		first := opted[0]
		if got := s.arrivals(t, first.id, first.token); len(got) != 2 {
			t.Fatalf("%d new-arrival messages the same day, want the first only", len(got)/2)
		}
		s.app.RunProactiveOnce(ctx, now.Add(25*time.Hour))
		got := s.arrivals(t, first.id, first.token)
		if len(got) != 4 || len(got[3].Items) != 1 || got[3].Items[0].Handle != "harbour-cap" {
			t.Fatalf("the next day's new arrivals = %+v, want harbour-cap alone", got)
		}
		if sent := s.sellingFigures(t).Proactive.Sent[proactive.NewArrival]; sent != int64(2*len(opted)) {
			t.Errorf("analytics count %d new-arrival messages sent, want %d", sent, 2*len(opted))
		}
		// An order paid after a marketing message counts for proactive.
		number := s.buy(t, first.id, first.token, inStockSKU(t, s), "arrivals@example.com", "succeeded")
		if p := s.sellingFigures(t).Proactive; p.Orders != 1 || p.Revenue != s.orderTotal(t, number) {
			t.Errorf("proactive figures after an order = %+v, want 1 order of %v", p, s.orderTotal(t, number))
		}
	})
}
