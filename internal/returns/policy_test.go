package returns

import (
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

func deliveredOrder(at time.Time) *order.Order {
	eur := func(s string) money.Money { return money.MustParse(s, "EUR") }
	return &order.Order{
		ID: 1, Number: "1042", Status: order.StatusDelivered, PaymentStatus: order.PaymentPaid, FulfillmentStatus: order.FulfillmentDelivered,
		Items: []order.Item{
			{SKU: "SHOE-42", Title: "Aurora — 42", Quantity: 2, UnitPrice: eur("89.95")},
			{SKU: "SOCK-M", Title: "Merino socks — M", Quantity: 1, UnitPrice: eur("14.95")},
			{SKU: "TEE-FINAL", Title: "Sale tee", Quantity: 1, UnitPrice: eur("9.95")},
		},
		Subtotal: eur("204.80"), Discount: eur("0"), Total: eur("204.80"),
		Shipments: []order.Shipment{{Status: order.FulfillmentShipped, CreatedAt: at.Add(-48 * time.Hour)}, {Status: order.FulfillmentDelivered, CreatedAt: at}},
	}
}

var policyProducts = map[string]*catalog.Product{
	"SHOE-42":   {Type: "Running Shoes", Tags: []string{"shoes"}},
	"SOCK-M":    {Type: "Socks", Tags: []string{"socks"}},
	"TEE-FINAL": {Type: "T-Shirts", Tags: []string{"t-shirt", "Final-Sale"}},
}

func TestPolicy_Check(t *testing.T) {
	p := DefaultPolicy()
	ams := p.Location()
	delivered := time.Date(2026, 10, 1, 14, 0, 0, 0, ams)
	for _, tc := range []struct {
		name     string
		now      time.Time
		returned map[string]int
		mutate   func(o *order.Order)
		want     map[string]string // sku → refusal ("" = returnable)
		max      map[string]int
	}{
		{name: "inside the window: shoes yes, hygiene and final sale no", now: delivered.Add(24 * time.Hour),
			want: map[string]string{"SHOE-42": "", "SOCK-M": RefuseExcluded, "TEE-FINAL": RefuseExcluded}, max: map[string]int{"SHOE-42": 2}},
		{name: "the 30th day still counts", now: time.Date(2026, 10, 31, 23, 59, 0, 0, ams),
			want: map[string]string{"SHOE-42": ""}},
		{name: "the 31st day is too late", now: time.Date(2026, 11, 1, 0, 0, 1, 0, ams),
			want: map[string]string{"SHOE-42": RefuseWindowClosed, "SOCK-M": RefuseWindowClosed}},
		{name: "one of two already in a return leaves one", now: delivered.Add(time.Hour), returned: map[string]int{"SHOE-42": 1},
			want: map[string]string{"SHOE-42": ""}, max: map[string]int{"SHOE-42": 1}},
		{name: "a second return of the same units is refused", now: delivered.Add(time.Hour), returned: map[string]int{"SHOE-42": 2},
			want: map[string]string{"SHOE-42": RefuseReturned}},
		{name: "not delivered yet", now: delivered, mutate: func(o *order.Order) {
			o.Status, o.FulfillmentStatus, o.Shipments = order.StatusShipped, order.FulfillmentShipped, o.Shipments[:1]
		}, want: map[string]string{"SHOE-42": RefuseNotDelivered}},
		{name: "unpaid", now: delivered, mutate: func(o *order.Order) { o.PaymentStatus = order.PaymentPending },
			want: map[string]string{"SHOE-42": RefuseNotPaid}},
		{name: "a delivery scan without a delivered shipment row counts", now: delivered.Add(time.Hour), mutate: func(o *order.Order) {
			o.Shipments = []order.Shipment{{Status: order.FulfillmentShipped, CreatedAt: delivered.Add(-time.Hour),
				Events: []order.TrackingEvent{{Status: "delivered", At: delivered}}}}
		}, want: map[string]string{"SHOE-42": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := deliveredOrder(delivered)
			if tc.mutate != nil {
				tc.mutate(o)
			}
			e := p.Check(o, policyProducts, tc.returned, tc.now)
			for sku, want := range tc.want {
				l, ok := e.Line(sku)
				if !ok {
					t.Fatalf("no line %s", sku)
				}
				if l.Refusal != want {
					t.Errorf("%s refusal = %q, want %q", sku, l.Refusal, want)
				}
				if want == "" && l.Returnable == 0 || want != "" && l.Returnable != 0 {
					t.Errorf("%s returnable = %d with refusal %q", sku, l.Returnable, l.Refusal)
				}
			}
			for sku, max := range tc.max {
				if l, _ := e.Line(sku); l.Returnable != max {
					t.Errorf("%s returnable = %d, want %d", sku, l.Returnable, max)
				}
			}
		})
	}
}

func TestPolicy_DeadlineIsEndOfLastDayInShopTime(t *testing.T) {
	p := DefaultPolicy()
	delivered := time.Date(2026, 10, 1, 22, 30, 0, 0, time.UTC) // already 2 October in Amsterdam
	e := p.Check(deliveredOrder(delivered), policyProducts, nil, delivered)
	d := e.Deadline.In(p.Location())
	if d.Month() != time.November || d.Day() != 1 || d.Hour() != 23 {
		t.Errorf("deadline = %v, want the end of 1 November in Amsterdam", d)
	}
}

func TestPolicy_PickupSlotsAreBusinessDaysFromTomorrow(t *testing.T) {
	p := DefaultPolicy()
	fri := time.Date(2026, 11, 20, 16, 0, 0, 0, p.Location()) // a Friday
	slots := p.PickupSlots(fri)
	if len(slots) != 5*2 {
		t.Fatalf("slots = %d, want 10 (5 days × 2)", len(slots))
	}
	if slots[0].Start.Weekday() != time.Monday || slots[0].Start.Hour() != 9 || slots[1].Start.Hour() != 13 || slots[1].End.Hour() != 17 {
		t.Errorf("first slots = %v, %v; want Monday 09–13 and 13–17", slots[0], slots[1])
	}
	for _, s := range slots {
		if wd := s.Start.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("slot on a weekend: %v", s.Start)
		}
	}
}

func TestPolicy_FeeAndRestockRules(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"window_days": 14, "restock": {"skip_reasons": ["damaged"], "fee_bps": {"changed_my_mind": 1000}},
	  "return_address": {"name": "R", "line1": "Street 1", "postal_code": "1000 AA", "city": "Amsterdam", "country": "NL"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Fee("changed_my_mind", 8995); got != 899 {
		t.Errorf("fee = %d, want 899 (10 %%, rounded down)", got)
	}
	if got := p.Fee("too_small", 8995); got != 0 {
		t.Errorf("fee for too_small = %d, want 0", got)
	}
	if p.Restocks("damaged") || !p.Restocks("too_big") {
		t.Error("damaged items must not be restocked; others must")
	}
}

func TestParsePolicy_RejectsNonsense(t *testing.T) {
	addr := `"return_address": {"name": "R", "line1": "Street 1", "postal_code": "1000 AA", "city": "Amsterdam", "country": "NL"}`
	for _, bad := range []string{
		`{"window_days": 0, ` + addr + `}`,
		`{"window_days": 30, "time_zone": "Mars/Olympus", ` + addr + `}`,
		`{"window_days": 30, "pickup": {"enabled": true, "days_ahead": 5, "slots": [{"from": "13:00", "to": "09:00"}]}, ` + addr + `}`,
		`{"window_days": 30, "restock": {"fee_bps": {"other": 20000}}, ` + addr + `}`,
		`{"window_days": 30}`,
		`{"window_days": "thirty"}`,
	} {
		if _, err := ParsePolicy([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestLoadPolicy_EmptyPathIsTheBuiltInOne(t *testing.T) {
	p, err := LoadPolicy("")
	if err != nil || p.WindowDays != 30 || !strings.EqualFold(p.ExcludedTypes[0], "socks") {
		t.Fatalf("built-in policy = %+v, %v", p, err)
	}
	if _, err := LoadPolicy("/no/such/file.json"); err == nil {
		t.Error("a missing policy file must fail the start")
	}
}

// A policy file is outside input: whatever it holds, parsing answers an
// error or a usable policy, and never panics.
func FuzzParsePolicy(f *testing.F) {
	f.Add(defaultPolicy)
	f.Add([]byte(`{"window_days": 14, "pickup": {"enabled": true, "days_ahead": 3, "slots": [{"from": "9:00", "to": "25:00"}]}}`))
	f.Add([]byte(`{"window_days": -1, "restock": {"fee_bps": {"x": -5}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePolicy(b)
		if err != nil {
			return
		}
		if p.WindowDays <= 0 || p.Location() == nil {
			t.Fatalf("accepted an unusable policy: %+v", p)
		}
		now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		for _, s := range p.PickupSlots(now) {
			if !s.Start.Before(s.End) || !s.Start.After(now) {
				t.Fatalf("bad slot %v", s)
			}
		}
		if fee := p.Fee("changed_my_mind", 10000); fee < 0 || fee > 10000 {
			t.Fatalf("fee %d out of range", fee)
		}
	})
}
