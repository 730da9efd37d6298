package inbox

import (
	"fmt"
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
