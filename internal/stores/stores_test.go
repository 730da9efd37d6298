package stores

import (
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

func demoStore(t *testing.T, id string) Store {
	t.Helper()
	ss, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.ID == id {
			if err := s.Validate(); err != nil {
				t.Fatalf("demo store %s: %v", id, err)
			}
			return s
		}
	}
	t.Fatalf("no demo store %s", id)
	return Store{}
}

func at(t *testing.T, tz, local string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", local, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The clock is fixed per case and given in UTC, so each case also checks
// the conversion into the store's own time zone.
func TestStatusAt_OpenClosedAcrossTimeZonesHolidaysAndMidnight(t *testing.T) {
	utc := func(s string) time.Time { v, _ := time.Parse("2006-01-02 15:04", s); return v }
	cases := []struct {
		name  string
		store string
		now   time.Time
		open  bool
		until string // local "2006-01-02 15:04" when open
		next  string // local, when closed
	}{
		{"Oslo on a Tuesday afternoon", "oslo", utc("2026-11-24 13:00"), true, "2026-11-24 20:00", ""},
		{"Oslo one minute before closing", "oslo", utc("2026-11-24 18:59"), true, "2026-11-24 20:00", ""},
		{"Oslo at the closing minute", "oslo", utc("2026-11-24 19:00"), false, "", "2026-11-25 10:00"},
		{"Oslo at the opening minute", "oslo", utc("2026-11-25 09:00"), true, "2026-11-25 20:00", ""},
		{"Oslo is closed on Sundays and opens Monday", "oslo", utc("2026-11-29 12:00"), false, "", "2026-11-30 10:00"},
		{"Oslo on Christmas Eve closes early", "oslo", utc("2026-12-24 13:30"), false, "", "2026-12-28 10:00"},
		{"Oslo on Christmas Eve morning", "oslo", utc("2026-12-24 09:30"), true, "2026-12-24 14:00", ""},
		{"Amsterdam on Christmas Day is closed", "amsterdam", utc("2026-12-25 12:00"), false, "", "2026-12-27 12:00"},
		{"Amsterdam late Thursday opening", "amsterdam", utc("2026-11-26 19:30"), true, "2026-11-26 21:00", ""},
		{"Kuala Lumpur is open when Amsterdam sleeps", "kuala-lumpur", utc("2026-11-24 02:00"), true, "2026-11-24 22:00", ""},
		{"Kuala Lumpur after closing", "kuala-lumpur", utc("2026-11-24 14:30"), false, "", "2026-11-25 10:00"},
		{"Shanghai on Friday night runs past midnight", "shanghai", utc("2026-11-27 15:30"), true, "2026-11-28 01:00", ""},
		{"Shanghai Saturday 00:59 local", "shanghai", utc("2026-11-27 16:59"), true, "2026-11-28 01:00", ""},
		{"Shanghai Saturday 01:00 local is closed", "shanghai", utc("2026-11-27 17:00"), false, "", "2026-11-28 10:00"},
		{"Shanghai Sunday 00:30 after a late Saturday", "shanghai", utc("2026-11-28 16:30"), true, "2026-11-29 01:00", ""},
		{"Shanghai Monday 00:30 after an early Sunday", "shanghai", utc("2026-11-29 16:30"), false, "", "2026-11-30 10:00"},
		{"Shanghai Spring Festival", "shanghai", utc("2027-02-06 04:00"), false, "", "2027-02-08 10:00"},
		{"Yerevan on New Year's Day", "yerevan", utc("2027-01-01 08:00"), false, "", "2027-01-03 11:00"},
		{"Yerevan Sunday opens at 11", "yerevan", utc("2026-11-29 06:30"), false, "", "2026-11-29 11:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := demoStore(t, c.store)
			st := s.StatusAt(c.now)
			if st.Open != c.open {
				t.Fatalf("open = %v; want %v (status %+v)", st.Open, c.open, st)
			}
			if c.open && st.Until.Format("2006-01-02 15:04") != c.until {
				t.Errorf("until = %s; want %s", st.Until.Format("2006-01-02 15:04"), c.until)
			}
			if !c.open && st.Next.Format("2006-01-02 15:04") != c.next {
				t.Errorf("next = %s; want %s", st.Next.Format("2006-01-02 15:04"), c.next)
			}
		})
	}
}

// On the Sunday summer time starts (02:00 → 03:00) and ends (03:00 →
// 02:00), opening hours stay in local wall time.
func TestStatusAt_DaylightSavingChanges(t *testing.T) {
	s := Store{ID: "x", Name: "X", Address: "a", City: "Oslo", Country: "NO", TimeZone: "Europe/Oslo", Hours: map[string][]Interval{
		"sun": {{Opens: "01:00", Closes: "04:00"}, {Opens: "12:00", Closes: "16:00"}},
	}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// 28 March 2027: 02:00 CET becomes 03:00 CEST. 01:00–04:00 lasts two hours.
	spring := at(t, "Europe/Oslo", "2027-03-28 01:30")
	st := s.StatusAt(spring)
	if !st.Open || st.Until.Sub(spring) != 90*time.Minute {
		t.Errorf("spring forward: %+v; want open for 90 more minutes (04:00 CEST)", st)
	}
	noon := time.Date(2027, 3, 28, 11, 0, 0, 0, time.UTC) // 13:00 CEST
	if st := s.StatusAt(noon); !st.Open || st.Until.Format("15:04 MST") != "16:00 CEST" {
		t.Errorf("spring afternoon: %+v; want open until 16:00 CEST", st)
	}
	// 31 October 2027: 03:00 CEST becomes 02:00 CET. 01:00–04:00 lasts four hours.
	autumn := at(t, "Europe/Oslo", "2027-10-31 01:00")
	st = s.StatusAt(autumn)
	if !st.Open || st.Until.Sub(autumn) != 4*time.Hour {
		t.Errorf("fall back: %+v lasts %v; want 4h", st, st.Until.Sub(autumn))
	}
	before := time.Date(2027, 10, 31, 10, 30, 0, 0, time.UTC) // 11:30 CET
	if st := s.StatusAt(before); st.Open || st.Next.Format("2006-01-02 15:04 MST") != "2027-10-31 12:00 CET" {
		t.Errorf("fall back morning: %+v; want closed, opening 12:00 CET", st)
	}
}

func TestStatusAt_PeriodsThatTouchAreOne(t *testing.T) {
	s := Store{ID: "x", Name: "X", Address: "a", City: "c", Country: "NL", TimeZone: "Europe/Amsterdam", Hours: map[string][]Interval{
		"fri": {{Opens: "18:00", Closes: "24:00"}},
		"sat": {{Opens: "00:00", Closes: "03:00"}},
	}}
	st := s.StatusAt(at(t, "Europe/Amsterdam", "2026-11-27 23:00"))
	if !st.Open || st.Until.Format("2006-01-02 15:04") != "2026-11-28 03:00" {
		t.Errorf("%+v; want open until Saturday 03:00", st)
	}
}

func TestValidate_RefusesBadStores(t *testing.T) {
	good := func() Store {
		return Store{ID: "oslo", Name: "Oslo", Address: "Karl Johans gate 16", City: "Oslo", Country: "NO", TimeZone: "Europe/Oslo",
			Hours: map[string][]Interval{"mon": {{Opens: "10:00", Closes: "18:00"}}}}
	}
	lat := 91.0
	cases := []struct {
		name  string
		edit  func(*Store)
		field string
	}{
		{"id with spaces", func(s *Store) { s.ID = "Oslo Store" }, "id"},
		{"no name", func(s *Store) { s.Name = " " }, "name"},
		{"country not ISO", func(s *Store) { s.Country = "Norway" }, "country"},
		{"unknown time zone", func(s *Store) { s.TimeZone = "Europe/Atlantis" }, "time_zone"},
		{"no time zone", func(s *Store) { s.TimeZone = "" }, "time_zone"},
		{"lat without lon", func(s *Store) { s.Lat = &lat }, "lat"},
		{"unknown day", func(s *Store) { s.Hours["funday"] = []Interval{{Opens: "10:00", Closes: "11:00"}} }, "hours.funday"},
		{"bad time", func(s *Store) { s.Hours["mon"] = []Interval{{Opens: "9", Closes: "18:00"}} }, "hours.mon"},
		{"25 o'clock", func(s *Store) { s.Hours["mon"] = []Interval{{Opens: "10:00", Closes: "25:00"}} }, "hours.mon"},
		{"empty period", func(s *Store) { s.Hours["mon"] = []Interval{{Opens: "10:00", Closes: "10:00"}} }, "hours.mon"},
		{"bad special date", func(s *Store) { s.SpecialDays = []SpecialDay{{Date: "25/12/2026", Closed: true}} }, "special_days[0].date"},
		{"special day neither closed nor hours", func(s *Store) { s.SpecialDays = []SpecialDay{{Date: "2026-12-25"}} }, "special_days[0]"},
		{"special day twice", func(s *Store) {
			s.SpecialDays = []SpecialDay{{Date: "2026-12-25", Closed: true}, {Date: "2026-12-25", Closed: true}}
		}, "special_days[1].date"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := good()
			c.edit(&s)
			err := s.Validate()
			ve, ok := err.(*ValidationError)
			if !ok || ve.Field != c.field {
				t.Errorf("Validate = %v; want a ValidationError on %s", err, c.field)
			}
		})
	}
	s := good()
	if err := s.Validate(); err != nil {
		t.Errorf("good store refused: %v", err)
	}
}

func TestMatches_FindsStoresByNameInEveryScript(t *testing.T) {
	ss, _ := Demo()
	byText := map[string]string{
		"is the Oslo store open now?":          "oslo",
		"is de Amsterdamse winkel open?":       "amsterdam",
		"kedai di KL buka pukul berapa":        "kuala-lumpur",
		"上海的门店几点关门":                            "shanghai",
		"har butikken i Oslo åpent på søndag?": "oslo",
		"Երևանում խանութը բաց է՞":              "yerevan",
	}
	for text, want := range byText {
		var got []string
		for _, s := range ss {
			if s.Matches(foldString(text), foldWords(text)) {
				got = append(got, s.ID)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q names %v; want [%s]", text, got, want)
		}
	}
}

func TestDemoQuantity_IsStableAndSometimesZero(t *testing.T) {
	zero, some := 0, 0
	for i := range 200 {
		sku := "SKU-" + string(rune('A'+i%26)) + string(rune('a'+i/26))
		q := DemoQuantity("oslo", sku)
		if q != DemoQuantity("oslo", sku) || q < 0 || q > 5 {
			t.Fatalf("quantity %d for %s", q, sku)
		}
		if q == 0 {
			zero++
		} else {
			some++
		}
	}
	if zero == 0 || some == 0 {
		t.Errorf("zero=%d some=%d; want both", zero, some)
	}
}

func foldString(s string) string  { return fold.String(s) }
func foldWords(s string) []string { return fold.Words(s) }
