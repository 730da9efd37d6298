// Package stores is the shop's physical stores: where they are, when they
// are open (weekly hours and special days, in each store's own time zone)
// and what they have in stock for in-store pick-up.
package stores

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "time/tzdata" // hours must work on machines without a zoneinfo database
)

// ErrNotFound is returned for an unknown store.
var ErrNotFound = errors.New("store not found")

// ErrExists is returned when creating a store whose id is taken.
var ErrExists = errors.New("store already exists")

// Weekdays are the keys of Store.Hours, Sunday first as time.Weekday counts.
var Weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Interval is one opening period of a day, in the store's local time:
// "09:00"–"18:00". A closing time at or before the opening time ("22:00"–
// "02:00") runs past midnight into the next day; "24:00" is midnight.
type Interval struct {
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
}

// SpecialDay replaces the weekly hours on one date: a public holiday
// (closed) or a day with other hours.
type SpecialDay struct {
	Date   string     `json:"date"` // YYYY-MM-DD, local
	Closed bool       `json:"closed,omitempty"`
	Hours  []Interval `json:"hours,omitempty"`
	Note   string     `json:"note,omitempty"`
}

// Store is one physical store.
type Store struct {
	ID          string                `json:"id"`
	Name        string                `json:"name"`
	Address     string                `json:"address"`
	City        string                `json:"city"`
	Country     string                `json:"country"`
	Lat         *float64              `json:"lat,omitempty"`
	Lon         *float64              `json:"lon,omitempty"`
	Phone       string                `json:"phone"`
	TimeZone    string                `json:"time_zone"`
	Aliases     []string              `json:"aliases"` // other names shoppers use: "阿姆斯特丹", "Nederland"
	Position    int                   `json:"position"`
	Hours       map[string][]Interval `json:"hours"`
	SpecialDays []SpecialDay          `json:"special_days"`
}

// StockLine is a quantity of one SKU in one store.
type StockLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	hhmmRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$`)
)

// ValidationError says which field of a store is wrong and why.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Validate checks a store before it is stored and trims its text.
func (s *Store) Validate() error {
	s.ID, s.Name, s.Address, s.City = strings.TrimSpace(s.ID), strings.TrimSpace(s.Name), strings.TrimSpace(s.Address), strings.TrimSpace(s.City)
	s.Country, s.Phone, s.TimeZone = strings.ToUpper(strings.TrimSpace(s.Country)), strings.TrimSpace(s.Phone), strings.TrimSpace(s.TimeZone)
	if len(s.ID) > 60 || !idRE.MatchString(s.ID) {
		return invalid("id", "must be lower-case letters, digits and single dashes, at most 60 characters (e.g. \"oslo\")")
	}
	for _, f := range []struct{ name, val string }{{"name", s.Name}, {"address", s.Address}, {"city", s.City}} {
		if f.val == "" {
			return invalid(f.name, "is required")
		}
		if utf8.RuneCountInString(f.val) > 200 {
			return invalid(f.name, "is longer than 200 characters")
		}
	}
	if len(s.Phone) > 40 {
		return invalid("phone", "is longer than 40 characters")
	}
	if len(s.Country) != 2 || s.Country[0] < 'A' || s.Country[0] > 'Z' || s.Country[1] < 'A' || s.Country[1] > 'Z' {
		return invalid("country", "must be a two-letter ISO country code such as NL")
	}
	if s.TimeZone == "" || s.TimeZone == "Local" {
		return invalid("time_zone", "is required: an IANA time zone such as Europe/Oslo")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		return invalid("time_zone", "%q is not a known IANA time zone", s.TimeZone)
	}
	if (s.Lat == nil) != (s.Lon == nil) || s.Lat != nil && (*s.Lat < -90 || *s.Lat > 90 || *s.Lon < -180 || *s.Lon > 180) {
		return invalid("lat", "give both lat (−90…90) and lon (−180…180), or neither")
	}
	if len(s.Aliases) > 30 {
		return invalid("aliases", "at most 30")
	}
	for _, a := range s.Aliases {
		if strings.TrimSpace(a) == "" || utf8.RuneCountInString(a) > 60 || strings.Contains(a, "\n") {
			return invalid("aliases", "%q must be one line of 1–60 characters", a)
		}
	}
	for day, ivs := range s.Hours {
		if !slices.Contains(Weekdays[:], day) {
			return invalid("hours."+day, "unknown day; use %s", strings.Join(Weekdays[:], ", "))
		}
		if err := validIntervals("hours."+day, ivs); err != nil {
			return err
		}
	}
	if len(s.SpecialDays) > 400 {
		return invalid("special_days", "at most 400")
	}
	seen := map[string]bool{}
	for i, d := range s.SpecialDays {
		f := fmt.Sprintf("special_days[%d]", i)
		if _, err := time.Parse("2006-01-02", d.Date); err != nil {
			return invalid(f+".date", "must be a date YYYY-MM-DD")
		}
		if seen[d.Date] {
			return invalid(f+".date", "%s is given twice", d.Date)
		}
		seen[d.Date] = true
		if d.Closed && len(d.Hours) > 0 {
			return invalid(f, "a closed day has no hours")
		}
		if !d.Closed && len(d.Hours) == 0 {
			return invalid(f, "give hours, or closed: true")
		}
		if utf8.RuneCountInString(d.Note) > 100 {
			return invalid(f+".note", "is longer than 100 characters")
		}
		if err := validIntervals(f+".hours", d.Hours); err != nil {
			return err
		}
	}
	return nil
}

func validIntervals(field string, ivs []Interval) error {
	if len(ivs) > 4 {
		return invalid(field, "at most 4 opening periods a day")
	}
	for _, iv := range ivs {
		if !hhmmRE.MatchString(iv.Opens) || iv.Opens == "24:00" || !hhmmRE.MatchString(iv.Closes) {
			return invalid(field, "times must be HH:MM, 00:00–23:59 (closing may be 24:00), got %q–%q", iv.Opens, iv.Closes)
		}
		if iv.Opens == iv.Closes {
			return invalid(field, "opening and closing at %s is no opening at all", iv.Opens)
		}
	}
	return nil
}

// Location is the store's time zone.
func (s *Store) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC // Validate refuses unknown zones; this is only a guard
	}
	return loc
}

// Span is one opening period as instants.
type Span struct {
	Start, End time.Time
}

// Day is what a store's hours are on one local date.
type Day struct {
	Date  time.Time // local midnight
	Hours []Interval
	Note  string // the special day's note, if any
}

// Closed reports a day without opening hours.
func (d Day) Closed() bool { return len(d.Hours) == 0 }

// On returns the hours on the local date of t (in the store's time zone):
// a special day's, or else the weekly ones.
func (s *Store) On(t time.Time) Day {
	loc := s.Location()
	t = t.In(loc)
	date := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	key := date.Format("2006-01-02")
	for _, sd := range s.SpecialDays {
		if sd.Date == key {
			return Day{Date: date, Hours: sd.Hours, Note: sd.Note}
		}
	}
	return Day{Date: date, Hours: s.Hours[Weekdays[date.Weekday()]]}
}

// spans are the opening periods that start on the local date of t.
func (s *Store) spans(t time.Time) []Span {
	d := s.On(t)
	var out []Span
	for _, iv := range d.Hours {
		oh, om := clock(iv.Opens)
		ch, cm := clock(iv.Closes)
		y, m, day := d.Date.Date()
		start := time.Date(y, m, day, oh, om, 0, 0, d.Date.Location())
		endDay := day
		if ch*60+cm <= oh*60+om {
			endDay++ // past midnight
		}
		// time.Date normalises 24:00 and day+1, and picks a real instant
		// for a wall time that a DST change skips.
		end := time.Date(y, m, endDay, ch, cm, 0, 0, d.Date.Location())
		out = append(out, Span{Start: start, End: end})
	}
	slices.SortFunc(out, func(a, b Span) int { return a.Start.Compare(b.Start) })
	return out
}

func clock(hhmm string) (int, int) {
	h, _ := strconv.Atoi(hhmm[:2])
	m, _ := strconv.Atoi(hhmm[3:])
	return h, m
}

// Status is whether a store is open at an instant, until when, or when it
// opens next.
type Status struct {
	Open bool
	// Until is when it closes, if open (periods that touch are one).
	Until time.Time
	// Next is when it opens next, if closed; zero if not within two weeks.
	Next time.Time
}

// StatusAt tells whether the store is open at now.
func (s *Store) StatusAt(now time.Time) Status {
	loc := s.Location()
	local := now.In(loc)
	var all []Span
	// Yesterday's periods may run past midnight into today.
	for i := -1; i <= 14; i++ {
		all = append(all, s.spans(local.AddDate(0, 0, i))...)
	}
	for i, sp := range all {
		if !now.Before(sp.Start) && now.Before(sp.End) {
			until := sp.End
			for _, nx := range all[i+1:] {
				if nx.Start.After(until) {
					break
				}
				if nx.End.After(until) {
					until = nx.End
				}
			}
			return Status{Open: true, Until: until.In(loc)}
		}
	}
	for _, sp := range all {
		if sp.Start.After(now) {
			return Status{Next: sp.Start.In(loc)}
		}
	}
	return Status{}
}

// Matches reports whether text names this store: its id, city, name or one
// of its aliases. Latin names match whole words (a word may go on, as in
// "Amsterdamse"); other scripts, written without spaces or with case
// endings ("Երևանում"), match anywhere.
func (s *Store) Matches(folded string, words []string) bool {
	names := append([]string{s.City, s.Name}, s.Aliases...)
	for _, n := range names {
		if matchName(folded, words, n) {
			return true
		}
	}
	return false
}
