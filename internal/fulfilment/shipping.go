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
	"sync/atomic"
	"time"
	_ "time/tzdata" // the shop's time zone must resolve on machines without tzdata

	"github.com/shopkeeper/shopkeeper/internal/money"
)

//go:embed shipping.json
var defaultRules []byte

// Rules are the shop's shipping rules. The time zone and currency are the
// shop's own; the rest (a table) may be replaced while the server runs
// (Replace: edited in the web admin), and every reader sees either the old
// table or the new one, never half of each.
type Rules struct {
	loc      *time.Location
	currency string
	t        atomic.Pointer[table]
}

type table struct {
	cutoffH  int
	cutoffM  int
	holidays map[string]bool
	options  map[string][]rule
	zones    []Zone // as edited, for the admin
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
	r := &Rules{loc: loc, currency: currency}
	t := &table{holidays: map[string]bool{}, options: map[string][]rule{}}
	if _, err := fmt.Sscanf(f.Cutoff, "%d:%d", &t.cutoffH, &t.cutoffM); err != nil {
		return nil, fmt.Errorf("shipping rules: cutoff %q: want HH:MM", f.Cutoff)
	}
	for _, h := range f.Holidays {
		t.holidays[h] = true
	}
	countries := make([]string, 0, len(f.Countries))
	for c := range f.Countries {
		countries = append(countries, c)
	}
	sort.Strings(countries)
	for _, c := range countries {
		rs := f.Countries[c]
		z := Zone{Name: strings.ToUpper(c), Countries: []string{strings.ToUpper(c)}, Options: []ZoneOption{}}
		for _, x := range rs {
			price, err := money.Parse(x.Price, currency)
			if err != nil {
				return nil, fmt.Errorf("shipping rules: %s %s: %w", c, x.Code, err)
			}
			if x.MinDays < 0 || x.MaxDays < x.MinDays {
				return nil, fmt.Errorf("shipping rules: %s %s: days must satisfy 0 <= min <= max", c, x.Code)
			}
			o := ZoneOption{Code: x.Code, Price: price.Amount, MinDays: x.MinDays, MaxDays: x.MaxDays}
			if x.FreeOver != "" {
				free, err := money.Parse(x.FreeOver, currency)
				if err != nil {
					return nil, fmt.Errorf("shipping rules: %s %s: free_over: %w", c, x.Code, err)
				}
				o.FreeOver = &free.Amount
			}
			z.Options = append(z.Options, o)
		}
		if c == "*" {
			z.Name = "Rest of the world"
		}
		t.zones = append(t.zones, z)
		t.options[strings.ToUpper(c)] = rs
	}
	r.t.Store(t)
	return r, nil
}

// Location is the shop's time zone.
func (r *Rules) Location() *time.Location { return r.loc }

// Options lists the ways to ship to country for an order of subtotal, as of now.
func (r *Rules) Options(country string, subtotal money.Money, now time.Time) []Option {
	t := r.t.Load()
	rs, ok := t.options[strings.ToUpper(country)]
	if !ok {
		rs = t.options["*"]
	}
	var out []Option
	for _, x := range rs {
		price := money.MustParse(x.Price, r.currency)
		if x.FreeOver != "" {
			if free, err := money.Parse(x.FreeOver, r.currency); err == nil && subtotal.Amount >= free.Amount {
				price = money.New(0, r.currency)
			}
		}
		start := t.dispatchDay(now, r.loc)
		out = append(out, Option{Code: x.Code, Price: price, EarliestDay: t.addBusinessDays(start, x.MinDays), LatestDay: t.addBusinessDays(start, x.MaxDays)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Price.Amount < out[j].Price.Amount })
	return out
}

// dispatchDay is the business day an order placed at now leaves the warehouse.
func (r *table) dispatchDay(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	cut := day.Add(time.Duration(r.cutoffH)*time.Hour + time.Duration(r.cutoffM)*time.Minute)
	if !t.Before(cut) || !r.businessDay(day) {
		day = r.nextBusinessDay(day)
	}
	return day
}

func (r *table) businessDay(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !r.holidays[d.Format("2006-01-02")]
}

func (r *table) nextBusinessDay(d time.Time) time.Time {
	for {
		d = d.AddDate(0, 0, 1)
		if r.businessDay(d) {
			return d
		}
	}
}

func (r *table) addBusinessDays(d time.Time, n int) time.Time {
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
	t := r.t.Load()
	rs, own := t.options[strings.ToUpper(country)]
	if !own {
		rs = t.options["*"]
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
	for c := range r.t.Load().options {
		if c != "*" {
			cs = append(cs, c)
		}
	}
	sort.Strings(cs)
	return cs
}
