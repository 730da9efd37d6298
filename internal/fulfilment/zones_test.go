package fulfilment

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

func TestParseZones_RefusesMalformedRulesNamingTheField(t *testing.T) {
	cases := []struct{ name, body, field string }{
		{"negative price", `{"cutoff":"15:00","zones":[{"name":"NL","countries":["NL"],"options":[{"code":"standard","price":-1,"min_days":1,"max_days":2}]}]}`, "zones[0].options[0].price"},
		{"price as a float", `{"cutoff":"15:00","zones":[{"name":"NL","countries":["NL"],"options":[{"code":"standard","price":4.95,"min_days":1,"max_days":2}]}]}`, "zones.options.price"},
		{"empty country list", `{"cutoff":"15:00","zones":[{"name":"NL","countries":[],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`, "zones[0].countries"},
		{"duplicate zone", `{"cutoff":"15:00","zones":[{"name":"EU","countries":["NL"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]},{"name":"eu","countries":["BE"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`, "zones[1].name"},
		{"country in two zones", `{"cutoff":"15:00","zones":[{"name":"A","countries":["NL"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]},{"name":"B","countries":["nl"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`, "zones[1].countries[0]"},
		{"not a country", `{"cutoff":"15:00","zones":[{"name":"A","countries":["Netherlands"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`, "zones[0].countries[0]"},
		{"unknown option", `{"cutoff":"15:00","zones":[{"name":"A","countries":["NL"],"options":[{"code":"drone","price":495,"min_days":1,"max_days":2}]}]}`, "zones[0].options[0].code"},
		{"days out of order", `{"cutoff":"15:00","zones":[{"name":"A","countries":["NL"],"options":[{"code":"standard","price":495,"min_days":3,"max_days":2}]}]}`, "zones[0].options[0].max_days"},
		{"bad cut-off", `{"cutoff":"3pm","zones":[{"name":"A","countries":["NL"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`, "cutoff"},
		{"misspelt field", `{"cutoff":"15:00","zone":[]}`, "shipping_rules"},
		{"no zones", `{"cutoff":"15:00","zones":[]}`, "zones"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseZones([]byte(c.body))
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("error = %v, want one naming %s", err, c.field)
			}
		})
	}
}

func TestRulesReplace_NewZonesPriceTheNextCheckout(t *testing.T) {
	rules, err := DefaultRules("", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	def := rules.Zones()
	// The built-in rules read back as zones and parse as edited ones.
	b, _ := json.Marshal(def)
	if _, err := ParseZones(b); err != nil {
		t.Fatalf("the built-in rules as zones are refused: %v", err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) // a Monday
	sub := money.New(6000, "EUR")
	if o := rules.Options("NL", sub, now); len(o) == 0 || o[0].Price.Amount != 0 {
		t.Fatalf("NL over 50.00 = %+v, want free standard first", o)
	}
	free := int64(10000)
	z, err := ParseZones([]byte(`{"cutoff":"12:00","holidays":[],"zones":[
		{"name":"Benelux","countries":["NL","BE"],"options":[{"code":"standard","price":395,"free_over":10000,"min_days":2,"max_days":3}]},
		{"name":"Rest","countries":["*"],"options":[{"code":"express","price":2995,"min_days":4,"max_days":6}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rules.Replace(z)
	o := rules.Options("BE", sub, now)
	if len(o) != 1 || o[0].Code != "standard" || o[0].Price.Amount != 395 {
		t.Errorf("BE after the edit = %+v, want standard at 3.95", o)
	}
	rates, own := rules.Rates("NL")
	if !own || len(rates) != 1 || rates[0].FreeOver == nil || rates[0].FreeOver.Amount != free || rates[0].MinDays != 2 {
		t.Errorf("NL rates after the edit = %+v", rates)
	}
	if o := rules.Options("US", sub, now); len(o) != 1 || o[0].Price.Amount != 2995 {
		t.Errorf("US after the edit = %+v, want the rest-of-world express", o)
	}
	rules.Replace(def)
	if o := rules.Options("NL", sub, now); len(o) != 3 {
		t.Errorf("after a reset NL = %+v, want the three built-in options", o)
	}
}

func FuzzParseZones(f *testing.F) {
	f.Add([]byte(`{"cutoff":"15:00","zones":[{"name":"NL","countries":["NL"],"options":[{"code":"standard","price":495,"min_days":1,"max_days":2}]}]}`))
	f.Add([]byte(`{"zones":[{"countries":["*"]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		z, err := ParseZones(b)
		if err != nil {
			return
		}
		r, _ := DefaultRules("", "EUR")
		r.Replace(z) // whatever parses must be usable
		for _, zone := range z.Zones {
			for _, c := range zone.Countries {
				r.Options(c, money.New(100, "EUR"), time.Now())
			}
		}
	})
}
