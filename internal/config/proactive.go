package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Proactive are the rules for messages the shop sends on its own
// (internal/proactive): quiet hours, the daily cap on marketing and the
// optional cart-recovery discount.
type Proactive struct {
	// QuietHours is "21:00-09:00" (the default; a range may wrap midnight)
	// or "off": no marketing message is sent in that part of the shopper's
	// day; such messages wait until it ends (SHOPKEEPER_QUIET_HOURS).
	QuietHours string
	// QuietStart and QuietEnd are QuietHours read, as offsets from local
	// midnight; equal means no quiet hours.
	QuietStart, QuietEnd time.Duration
	// MarketingPerDay caps marketing messages per conversation in any 24
	// hours (SHOPKEEPER_MARKETING_PER_DAY, default 1; 0 = no cap).
	MarketingPerDay int
	// RecoveryDiscount, when above 0, gives the cart-recovery message a
	// single-use code of that many percent off (SHOPKEEPER_CART_RECOVERY_DISCOUNT),
	// valid for RecoveryCodeValid (SHOPKEEPER_CART_RECOVERY_CODE_VALID, default 48h).
	RecoveryDiscount  int
	RecoveryCodeValid time.Duration
}

func defaultProactive(c *Config) {
	c.Proactive = Proactive{QuietHours: "21:00-09:00", MarketingPerDay: 1, RecoveryCodeValid: 48 * time.Hour}
}

func proactiveFromEnv(c *Config, getenv func(string) string) {
	p := &c.Proactive
	if v := getenv("SHOPKEEPER_QUIET_HOURS"); v != "" {
		p.QuietHours = v
	}
	for _, s := range []struct {
		name string
		dst  *int
	}{{"SHOPKEEPER_MARKETING_PER_DAY", &p.MarketingPerDay}, {"SHOPKEEPER_CART_RECOVERY_DISCOUNT", &p.RecoveryDiscount}} {
		if v := getenv(s.name); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				n = -1 // validProactive names the variable
			}
			*s.dst = n
		}
	}
	if v := getenv("SHOPKEEPER_CART_RECOVERY_CODE_VALID"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			d = -1
		}
		p.RecoveryCodeValid = d
	}
}

// validProactive reads QuietHours and refuses settings that would make
// the shop send nothing or too much without saying so.
func (c *Config) validProactive() error {
	p := &c.Proactive
	start, end, err := ParseQuietHours(p.QuietHours)
	if err != nil {
		return fmt.Errorf("SHOPKEEPER_QUIET_HOURS: %w", err)
	}
	p.QuietStart, p.QuietEnd = start, end
	if p.MarketingPerDay < 0 {
		return errors.New("SHOPKEEPER_MARKETING_PER_DAY: want a whole number of at least 0 (0: no cap)")
	}
	if p.RecoveryDiscount < 0 || p.RecoveryDiscount > 100 {
		return errors.New("SHOPKEEPER_CART_RECOVERY_DISCOUNT: want a percentage from 0 (no code) to 100")
	}
	if p.RecoveryCodeValid < 0 {
		return errors.New("SHOPKEEPER_CART_RECOVERY_CODE_VALID: want a Go duration such as 48h")
	}
	if p.RecoveryCodeValid == 0 {
		p.RecoveryCodeValid = 48 * time.Hour
	}
	return nil
}

// ParseQuietHours reads "21:00-09:00" (or "", "off": none) into offsets
// from local midnight.
func ParseQuietHours(s string) (start, end time.Duration, err error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "off") {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want a range such as 21:00-09:00, or off", s)
	}
	if start, err = clock(a); err == nil {
		end, err = clock(b)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("%q: %w", s, err)
	}
	return start, end, nil
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, errors.New("want hours and minutes such as 21:00")
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
