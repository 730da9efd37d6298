package fulfilment

import (
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

func TestOptions_DatesAndPrices(t *testing.T) {
	r, err := DefaultRules("", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	ams := r.Location()
	tests := []struct {
		name     string
		country  string
		subtotal string
		now      time.Time
		code     string
		price    string
		earliest string
		latest   string
	}{
		{"before cut-off on a Monday", "NL", "20.00", time.Date(2026, 11, 23, 10, 0, 0, 0, ams), "standard", "4.95", "2026-11-24", "2026-11-25"},
		{"after cut-off ships next day", "NL", "20.00", time.Date(2026, 11, 23, 16, 0, 0, 0, ams), "standard", "4.95", "2026-11-25", "2026-11-26"},
		{"Friday evening skips the weekend", "NL", "20.00", time.Date(2026, 11, 27, 18, 0, 0, 0, ams), "standard", "4.95", "2026-12-01", "2026-12-02"},
		{"free over the threshold", "NL", "50.00", time.Date(2026, 11, 23, 10, 0, 0, 0, ams), "standard", "0.00", "2026-11-24", "2026-11-25"},
		{"Christmas is no business day", "NL", "20.00", time.Date(2026, 12, 24, 10, 0, 0, 0, ams), "standard", "4.95", "2026-12-28", "2026-12-29"},
		{"unknown country uses the fallback", "US", "20.00", time.Date(2026, 11, 23, 10, 0, 0, 0, ams), "standard", "24.95", "2026-12-02", "2026-12-11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *Option
			for _, o := range r.Options(tt.country, money.MustParse(tt.subtotal, "EUR"), tt.now) {
				if o.Code == tt.code {
					o := o
					got = &o
				}
			}
			if got == nil {
				t.Fatalf("no %s option", tt.code)
			}
			if got.Price.Decimal() != tt.price || got.EarliestDay.Format("2006-01-02") != tt.earliest || got.LatestDay.Format("2006-01-02") != tt.latest {
				t.Errorf("= %s %s..%s; want %s %s..%s", got.Price.Decimal(), got.EarliestDay.Format("2006-01-02"), got.LatestDay.Format("2006-01-02"), tt.price, tt.earliest, tt.latest)
			}
		})
	}
}

func TestParseRules_RejectsBadRules(t *testing.T) {
	for _, b := range []string{`{`, `{"time_zone": "Mars/Base", "cutoff": "15:00"}`, `{"time_zone": "UTC", "cutoff": "noon"}`,
		`{"time_zone": "UTC", "cutoff": "15:00", "countries": {"NL": [{"code": "x", "price": "1.999"}]}}`,
		`{"time_zone": "UTC", "cutoff": "15:00", "countries": {"NL": [{"code": "x", "price": "1", "min_days": 3, "max_days": 1}]}}`} {
		if _, err := ParseRules([]byte(b), "EUR"); err == nil {
			t.Errorf("accepted %s", b)
		}
	}
}
