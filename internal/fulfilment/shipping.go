// Package fulfilment owns getting orders to shoppers: shipping options with
// prices and delivery-date estimates from configurable rules (per country,
// business days, cut-off time, holidays).
package fulfilment

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // the shop's time zone must resolve on machines without tzdata

	"github.com/shopkeeper/shopkeeper/internal/money"
)

//go:embed shipping.json
var defaultRules []byte

// Rules are the shop's shipping rules.
type Rules struct {
	loc      *time.Location
	cutoffH  int
	cutoffM  int
	holidays map[string]bool
	options  map[string][]rule
	currency string
}

type rule struct {
	Code     string `json:"code"`
	Price    string `json:"price"`
	FreeOver string `json:"free_over"`
	MinDays  int    `json:"min_days"`
	MaxDays  int    `json:"max_days"`
}

type rulesFile struct {
	TimeZone  string            `json:"time_zone"`
	Cutoff    string            `json:"cutoff"`
	Holidays  []string          `json:"holidays"`
	Countries map[string][]rule `json:"countries"`
}

// Option is a way to ship an order, priced for a cart and dated from now.
type Option struct {
	Code        string // "standard", "express", "pickup": the message catalogue names it
	Price       money.Money
	EarliestDay time.Time // dates in the shop's time zone
	LatestDay   time.Time
}

// DefaultRules loads the embedded rules, or the JSON file at path when set.
func DefaultRules(path, currency string) (*Rules, error) {
	b := defaultRules
	if path != "" {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("read shipping rules: %w", err)
		}
	}
	return ParseRules(b, currency)
}

// ParseRules reads shipping rules from JSON.
func ParseRules(b []byte, currency string) (*Rules, error) {
	var f rulesFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("shipping rules: %w", err)
	}
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("shipping rules: time zone %q: %w", f.TimeZone, err)
	}
	r := &Rules{loc: loc, holidays: map[string]bool{}, options: map[string][]rule{}, currency: currency}
	if _, err := fmt.Sscanf(f.Cutoff, "%d:%d", &r.cutoffH, &r.cutoffM); err != nil {
		return nil, fmt.Errorf("shipping rules: cutoff %q: want HH:MM", f.Cutoff)
	}
	for _, h := range f.Holidays {
		r.holidays[h] = true
	}
	for c, rs := range f.Countries {
		for _, x := range rs {
			if _, err := money.Parse(x.Price, currency); err != nil {
				return nil, fmt.Errorf("shipping rules: %s %s: %w", c, x.Code, err)
			}
			if x.MinDays < 0 || x.MaxDays < x.MinDays {
				return nil, fmt.Errorf("shipping rules: %s %s: days must satisfy 0 <= min <= max", c, x.Code)
			}
		}
		r.options[strings.ToUpper(c)] = rs
	}
	return r, nil
}

// Location is the shop's time zone.
func (r *Rules) Location() *time.Location { return r.loc }

// Options lists the ways to ship to country for an order of subtotal, as of now.
func (r *Rules) Options(country string, subtotal money.Money, now time.Time) []Option {
	rs, ok := r.options[strings.ToUpper(country)]
	if !ok {
		rs = r.options["*"]
	}
	var out []Option
	for _, x := range rs {
		price := money.MustParse(x.Price, r.currency)
		if x.FreeOver != "" {
			if free, err := money.Parse(x.FreeOver, r.currency); err == nil && subtotal.Amount >= free.Amount {
				price = money.New(0, r.currency)
			}
		}
		start := r.dispatchDay(now)
		out = append(out, Option{Code: x.Code, Price: price, EarliestDay: r.addBusinessDays(start, x.MinDays), LatestDay: r.addBusinessDays(start, x.MaxDays)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Price.Amount < out[j].Price.Amount })
	return out
}

// dispatchDay is the business day an order placed at now leaves the warehouse.
func (r *Rules) dispatchDay(now time.Time) time.Time {
	t := now.In(r.loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, r.loc)
	cut := day.Add(time.Duration(r.cutoffH)*time.Hour + time.Duration(r.cutoffM)*time.Minute)
	if !t.Before(cut) || !r.businessDay(day) {
		day = r.nextBusinessDay(day)
	}
	return day
}

func (r *Rules) businessDay(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !r.holidays[d.Format("2006-01-02")]
}

func (r *Rules) nextBusinessDay(d time.Time) time.Time {
	for {
		d = d.AddDate(0, 0, 1)
		if r.businessDay(d) {
			return d
		}
	}
}

func (r *Rules) addBusinessDays(d time.Time, n int) time.Time {
	for i := 0; i < n; i++ {
		d = r.nextBusinessDay(d)
	}
	return d
}

// Rate is a shipping method as the rules price it for a country, before any
// cart is known: what a shopper asking "how much is delivery?" is told.
type Rate struct {
	Code             string
	Price            money.Money
	FreeOver         *money.Money // nil: never free
	MinDays, MaxDays int          // business days after dispatch
}

// Rates lists the methods for country, cheapest first, and whether the
// country has rules of its own (false: the rules for everywhere else).
func (r *Rules) Rates(country string) ([]Rate, bool) {
	rs, own := r.options[strings.ToUpper(country)]
	if !own {
		rs = r.options["*"]
	}
	out := make([]Rate, 0, len(rs))
	for _, x := range rs {
		rate := Rate{Code: x.Code, Price: money.MustParse(x.Price, r.currency), MinDays: x.MinDays, MaxDays: x.MaxDays}
		if x.FreeOver != "" {
			if free, err := money.Parse(x.FreeOver, r.currency); err == nil {
				rate.FreeOver = &free
			}
		}
		out = append(out, rate)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Price.Amount < out[j].Price.Amount })
	return out, own
}

// Countries are the countries with rules of their own, sorted.
func (r *Rules) Countries() []string {
	var cs []string
	for c := range r.options {
		if c != "*" {
			cs = append(cs, c)
		}
	}
	sort.Strings(cs)
	return cs
}
