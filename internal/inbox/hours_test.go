package inbox

import (
	"testing"
	"time"
)

func TestHoursBetween_CountsOnlyTimeInsideSupportHours(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name, hours, from, to string
		want                  time.Duration
	}{
		// 2026-12-04 is a Friday.
		{"friday evening to monday morning", "Mon-Fri 09:00-18:00", "2026-12-04 17:55", "2026-12-07 09:05", 10 * time.Minute},
		{"inside one window", "Mon-Fri 09:00-18:00", "2026-12-07 10:00", "2026-12-07 10:30", 30 * time.Minute},
		{"wholly outside", "Mon-Fri 09:00-18:00", "2026-12-05 10:00", "2026-12-06 20:00", 0},
		{"always open is wall clock", "", "2026-12-04 17:55", "2026-12-07 09:05", 63*time.Hour + 10*time.Minute},
		{"across a full business day", "Mon-Fri 09:00-18:00", "2026-12-07 17:00", "2026-12-09 10:00", time.Hour + 9*time.Hour + time.Hour},
		{"overlapping windows count once", "Mon-Fri 09:00-18:00; Mon 10:00-12:00", "2026-12-07 08:00", "2026-12-07 19:00", 9 * time.Hour},
		{"two windows a day", "Mon-Fri 09:00-12:00; Mon-Fri 13:00-17:00", "2026-12-07 11:00", "2026-12-07 14:00", 2 * time.Hour},
		{"answer before question", "Mon-Fri 09:00-18:00", "2026-12-07 10:00", "2026-12-07 09:30", 0},
		// Clocks go back on 2026-10-25 in Amsterdam; a window across it
		// counts its wall hours: Sun 00:00-06:00 is seven real hours.
		{"clock change", "Sun 00:00-06:00", "2026-10-24 12:00", "2026-10-26 12:00", 7 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := ParseHours(c.hours, ams)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.Between(at(c.from), at(c.to)); got != c.want {
				t.Errorf("Between(%s, %s) with %q = %v, want %v", c.from, c.to, c.hours, got, c.want)
			}
		})
	}
}
