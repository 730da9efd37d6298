package inbox

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Hours are when the team answers: a set of weekly windows in a time zone.
// No windows means always.
type Hours struct {
	Windows  []Window
	Location *time.Location
	Text     string // as configured, for the away message
}

// Window is one daily span on some weekdays; minutes from midnight.
type Window struct {
	Days       [7]bool // indexed by time.Weekday
	Start, End int
}

var dayNames = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// ParseHours reads "Mon-Fri 09:00-18:00; Sat 10:00-14:00" (windows separated
// by ";" or ","; days as a range or a single day). "" or "24/7" is always.
func ParseHours(s string, loc *time.Location) (Hours, error) {
	if loc == nil {
		loc = time.UTC
	}
	h := Hours{Location: loc, Text: strings.TrimSpace(s)}
	if h.Text == "" || h.Text == "24/7" {
		return h, nil
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		fields := strings.Fields(part)
		if len(fields) != 2 {
			return Hours{}, fmt.Errorf("support hours %q: want days and times like \"Mon-Fri 09:00-18:00\"", part)
		}
		var w Window
		from, to, isRange := strings.Cut(strings.ToLower(fields[0]), "-")
		d1, ok1 := dayNames[from]
		d2, ok2 := d1, ok1
		if isRange {
			d2, ok2 = dayNames[to]
		}
		if !ok1 || !ok2 {
			return Hours{}, fmt.Errorf("support hours %q: days are Mon, Tue, Wed, Thu, Fri, Sat, Sun", part)
		}
		for d := d1; ; d = (d + 1) % 7 {
			w.Days[d] = true
			if d == d2 {
				break
			}
		}
		start, end, ok := strings.Cut(fields[1], "-")
		var err error
		if !ok {
			return Hours{}, fmt.Errorf("support hours %q: times are like 09:00-18:00", part)
		}
		if w.Start, err = clock(start); err != nil {
			return Hours{}, fmt.Errorf("support hours %q: %w", part, err)
		}
		if w.End, err = clock(end); err != nil {
			return Hours{}, fmt.Errorf("support hours %q: %w", part, err)
		}
		if w.End <= w.Start {
			return Hours{}, fmt.Errorf("support hours %q: the end must be after the start", part)
		}
		h.Windows = append(h.Windows, w)
	}
	return h, nil
}

func clock(s string) (int, error) {
	var hh, mm int
	if n, err := fmt.Sscanf(s, "%d:%d", &hh, &mm); err != nil || n != 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) || len(s) != 5 {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	return hh*60 + mm, nil
}

// Open reports whether the team answers at t.
func (h Hours) Open(t time.Time) bool {
	if len(h.Windows) == 0 {
		return true
	}
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	m := t.Hour()*60 + t.Minute()
	for _, w := range h.Windows {
		if w.Days[t.Weekday()] && m >= w.Start && m < w.End {
			return true
		}
	}
	return false
}

// Between is how much of [from, to) falls inside the hours: the time a
// shopper waited while the team was at work. A hand-off at Friday 17:55
// answered Monday 09:05, with Mon-Fri 09:00-18:00, waited ten minutes of
// business time. Always-open hours give the wall-clock time; to before from
// gives 0. Days are walked in the hours' time zone, so a clock change
// inside the span counts the hours as they were on the wall.
func (h Hours) Between(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if len(h.Windows) == 0 {
		return to.Sub(from)
	}
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	f := from.In(loc)
	var total time.Duration
	// A span of years (a ticket left open) is walked at most this many
	// days; beyond that the figure is far past any useful precision.
	for day, n := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc), 0; day.Before(to) && n < 3660; day, n = day.AddDate(0, 0, 1), n+1 {
		// Windows of one day may overlap ("Mon-Fri 09:00-18:00; Mon
		// 10:00-12:00"): each minute counts once.
		var spans [][2]int
		for _, w := range h.Windows {
			if w.Days[day.Weekday()] {
				spans = append(spans, [2]int{w.Start, w.End})
			}
		}
		slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
		for i := 0; i < len(spans); i++ {
			s, e := spans[i][0], spans[i][1]
			for i+1 < len(spans) && spans[i+1][0] <= e {
				i++
				e = max(e, spans[i][1])
			}
			start := time.Date(day.Year(), day.Month(), day.Day(), 0, s, 0, 0, loc)
			end := time.Date(day.Year(), day.Month(), day.Day(), 0, e, 0, 0, loc)
			if start.Before(from) {
				start = from
			}
			if end.After(to) {
				end = to
			}
			if end.After(start) {
				total += end.Sub(start)
			}
		}
	}
	return total
}
