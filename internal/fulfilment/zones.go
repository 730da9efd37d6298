package fulfilment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Zones are the shipping rules as the web admin edits them: zones of
// countries, each with its delivery options, prices in minor units of the
// shop's currency (money is never a float), the daily cut-off and the
// holidays. The time zone stays the shop's (the figures' business days
// follow it too).
type Zones struct {
	Cutoff   string   `json:"cutoff"`
	Holidays []string `json:"holidays"`
	Zones    []Zone   `json:"zones"`
}

// Zone is a group of countries sharing delivery options; the country "*"
// is everywhere without a zone of its own.
type Zone struct {
	Name      string       `json:"name"`
	Countries []string     `json:"countries"`
	Options   []ZoneOption `json:"options"`
}

// ZoneOption is one way to ship to a zone.
type ZoneOption struct {
	Code     string `json:"code"`                // standard, express or pickup: the message catalogue names it
	Price    int64  `json:"price"`               // minor units
	FreeOver *int64 `json:"free_over,omitempty"` // minor units of the subtotal from which it is free; absent: never
	MinDays  int    `json:"min_days"`            // business days after dispatch
	MaxDays  int    `json:"max_days"`
}

// Codes are the delivery options the message catalogues can name.
var Codes = []string{"standard", "express", "pickup"}

// FieldError is a rule refused for one field ("zones[1].countries").
type FieldError struct{ Field, Reason string }

func (e *FieldError) Error() string { return e.Field + " " + e.Reason }

// Fields names the field at fault and why (for the admin's answer).
func (e *FieldError) Fields() (string, string) { return e.Field, e.Reason }

func refuse(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// maxMinor bounds a price or threshold: ten million units of any currency
// is no parcel's postage, and it keeps sums far from overflowing.
const maxMinor = 1_000_000_000

// ParseZones reads and checks zones edited in the admin. Unknown fields are
// refused, as are negative prices, a zone without countries, two zones of
// one name or sharing a country, days out of order, and a set of rules
// without a zone for "*" (everywhere else) is accepted: those countries
// then get no delivery option, which the checkout says.
func ParseZones(b []byte) (Zones, error) {
	var z Zones
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&z); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			what := typ.Type.String()
			if what == "int64" || what == "int" {
				what = "a whole number (prices in minor units: 4.95 is 495)"
			}
			return z, refuse(typ.Field, "must be %s", what)
		}
		return z, refuse("shipping_rules", "is not a JSON object of shipping rules: %s", err.Error())
	}
	if _, err := clockOf(z.Cutoff); err != nil {
		return z, refuse("cutoff", "%q is not a time like 15:00", z.Cutoff)
	}
	for i, h := range z.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			return z, refuse(fmt.Sprintf("holidays[%d]", i), "%q is not a date YYYY-MM-DD", h)
		}
	}
	if len(z.Zones) == 0 {
		return z, refuse("zones", "give at least one zone")
	}
	names, owner := map[string]int{}, map[string]int{}
	for i, zone := range z.Zones {
		at := fmt.Sprintf("zones[%d]", i)
		name := strings.TrimSpace(zone.Name)
		if name == "" || len(name) > 100 {
			return z, refuse(at+".name", "must be a name of 1 to 100 characters")
		}
		if j, dup := names[strings.ToLower(name)]; dup {
			return z, refuse(at+".name", "%q is already the name of zones[%d]", name, j)
		}
		names[strings.ToLower(name)] = i
		z.Zones[i].Name = name
		if len(zone.Countries) == 0 {
			return z, refuse(at+".countries", "give at least one country (two-letter code, or * for everywhere else)")
		}
		for k, c := range zone.Countries {
			c = strings.ToUpper(strings.TrimSpace(c))
			if c != "*" && !countryCode.MatchString(c) {
				return z, refuse(fmt.Sprintf("%s.countries[%d]", at, k), "%q is not a two-letter country code (or *)", zone.Countries[k])
			}
			if j, dup := owner[c]; dup {
				return z, refuse(fmt.Sprintf("%s.countries[%d]", at, k), "%s is already in zones[%d]", c, j)
			}
			owner[c] = i
			z.Zones[i].Countries[k] = c
		}
		if len(zone.Options) == 0 {
			return z, refuse(at+".options", "give at least one delivery option")
		}
		codes := map[string]bool{}
		for k, o := range zone.Options {
			oat := fmt.Sprintf("%s.options[%d]", at, k)
			switch {
			case !slices.Contains(Codes, o.Code):
				return z, refuse(oat+".code", "want one of %s", strings.Join(Codes, ", "))
			case codes[o.Code]:
				return z, refuse(oat+".code", "%s is offered twice in this zone", o.Code)
			case o.Price < 0 || o.Price > maxMinor:
				return z, refuse(oat+".price", "must be from 0 to %d minor units", maxMinor)
			case o.FreeOver != nil && (*o.FreeOver < 0 || *o.FreeOver > maxMinor):
				return z, refuse(oat+".free_over", "must be from 0 to %d minor units", maxMinor)
			case o.MinDays < 0 || o.MinDays > 365:
				return z, refuse(oat+".min_days", "must be from 0 to 365")
			case o.MaxDays < o.MinDays || o.MaxDays > 365:
				return z, refuse(oat+".max_days", "must be from min_days to 365")
			}
			codes[o.Code] = true
		}
	}
	if z.Holidays == nil {
		z.Holidays = []string{}
	}
	return z, nil
}

func clockOf(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Zones are the rules in force as zones.
func (r *Rules) Zones() Zones {
	t := r.t.Load()
	z := Zones{Cutoff: fmt.Sprintf("%02d:%02d", t.cutoffH, t.cutoffM), Holidays: []string{}, Zones: t.zones}
	for h := range t.holidays {
		z.Holidays = append(z.Holidays, h)
	}
	slices.Sort(z.Holidays)
	return z
}

// Replace puts z in force: the next shipping question, checkout and
// delivery estimate follow it. z must come from ParseZones.
func (r *Rules) Replace(z Zones) {
	t := &table{holidays: map[string]bool{}, options: map[string][]rule{}, zones: z.Zones}
	t.cutoffH, t.cutoffM = 15, 0
	if m, err := clockOf(z.Cutoff); err == nil {
		t.cutoffH, t.cutoffM = m/60, m%60
	}
	for _, h := range z.Holidays {
		t.holidays[h] = true
	}
	for _, zone := range z.Zones {
		rs := make([]rule, 0, len(zone.Options))
		for _, o := range zone.Options {
			x := rule{Code: o.Code, Price: decimal(o.Price, r.currency), MinDays: o.MinDays, MaxDays: o.MaxDays}
			if o.FreeOver != nil {
				x.FreeOver = decimal(*o.FreeOver, r.currency)
			}
			rs = append(rs, x)
		}
		for _, c := range zone.Countries {
			t.options[c] = rs
		}
	}
	r.t.Store(t)
}

// decimal writes minor units as the decimal string the rules keep.
func decimal(minor int64, currency string) string { return money.New(minor, currency).Decimal() }
