// Package settings holds the settings the retailer edits in the web admin:
// the tone, the support hours and time zone, and the loyalty rules. A value
// saved here overrides the flag or environment default until it is reset;
// the app reads the current value where it uses it, so a change takes
// effect without a restart.
package settings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/loyalty"
)

// The editable settings' names.
const (
	Tone                 = "tone"
	SupportHours         = "support_hours"
	TimeZone             = "support_timezone"
	LoyaltyPointsPerUnit = "loyalty_points_per_unit"
	LoyaltyPointValue    = "loyalty_point_value"
	LoyaltyMinRedeem     = "loyalty_min_redeem"
)

// Names are the editable settings, in the order the admin shows them.
var Names = []string{Tone, SupportHours, TimeZone, LoyaltyPointsPerUnit, LoyaltyPointValue, LoyaltyMinRedeem}

// ErrUnknown is a name that is not an editable setting.
var ErrUnknown = errors.New("no such editable setting")

// InvalidError is a value a setting refuses, with the reason to show.
// Field names the part of a document at fault ("window_days",
// "zones[1].countries"); empty for a plain value.
type InvalidError struct{ Name, Reason, Field string }

func (e *InvalidError) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Reason
	}
	return e.Name + ": " + e.Reason
}

// Store keeps the saved values (internal/store).
type Store interface {
	Settings(ctx context.Context) (map[string]string, error)
	PutSetting(ctx context.Context, name, value string) error
	DeleteSetting(ctx context.Context, name string) error
}

// Item is one editable setting as the admin shows it.
type Item struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Default string `json:"default"`
	Source  string `json:"source"` // "admin" when saved in the admin, else "default"
}

// Service answers the current values. It caches the saved values: every
// change goes through it. (Several instances of the server each keep their
// own cache; on PostgreSQL the app calls Load every ten seconds, so a change
// saved on one instance reaches the others within that.)
type Service struct {
	store    Store
	defaults map[string]string

	mu    sync.RWMutex
	saved map[string]string
	// The document settings (documents.go): their rules and saved values.
	docs      map[string]*document
	savedDocs map[string][]byte
	// hours caches the parsed support hours for their text and zone: the
	// figures ask for them once per conversation.
	hours struct {
		key string
		h   inbox.Hours
	}
}

// New returns the service with the defaults (the flags and environment),
// by name; Load reads the saved values.
func New(st Store, defaults map[string]string) *Service {
	d := map[string]string{}
	for _, n := range Names {
		d[n] = defaults[n]
	}
	return &Service{store: st, defaults: d, saved: map[string]string{}, savedDocs: map[string][]byte{}}
}

// Load reads the saved values from the store. A saved value the current
// rules refuse is ignored (the default applies) rather than failing start-up.
func (s *Service) Load(ctx context.Context) error {
	m, err := s.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("load settings: %w", err)
	}
	saved := map[string]string{}
	for n, v := range m {
		if slices.Contains(Names, n) && validate(n, v) == nil {
			saved[n] = v
		}
	}
	s.mu.Lock()
	s.saved = saved
	s.mu.Unlock()
	s.loadDocs(m)
	return nil
}

// Get is the current value of name: saved, else the default.
func (s *Service) Get(name string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if v, ok := s.saved[name]; ok {
		return v
	}
	return s.defaults[name]
}

// List is every editable setting with its current value and source.
func (s *Service) List() []Item {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Item, 0, len(Names))
	for _, n := range Names {
		it := Item{Name: n, Value: s.defaults[n], Default: s.defaults[n], Source: "default"}
		if v, ok := s.saved[n]; ok {
			it.Value, it.Source = v, "admin"
		}
		out = append(out, it)
	}
	return out
}

// Put validates and saves a value.
func (s *Service) Put(ctx context.Context, name, value string) error {
	if !slices.Contains(Names, name) {
		return fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	value = strings.TrimSpace(value)
	if err := validate(name, value); err != nil {
		return err
	}
	// The rules together: points must be worth something while loyalty is on.
	if err := s.checkLoyalty(name, value); err != nil {
		return err
	}
	if err := s.store.PutSetting(ctx, name, value); err != nil {
		return err
	}
	s.mu.Lock()
	s.saved[name] = value
	s.mu.Unlock()
	return nil
}

// Reset deletes a saved value, so the default applies again.
func (s *Service) Reset(ctx context.Context, name string) error {
	if !slices.Contains(Names, name) {
		return fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	if err := s.checkLoyalty(name, s.defaults[name]); err != nil {
		return err
	}
	if err := s.store.DeleteSetting(ctx, name); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.saved, name)
	s.mu.Unlock()
	return nil
}

func (s *Service) checkLoyalty(name, value string) error {
	if name != LoyaltyPointsPerUnit && name != LoyaltyPointValue {
		return nil
	}
	ppu, pv := s.Get(LoyaltyPointsPerUnit), s.Get(LoyaltyPointValue)
	if name == LoyaltyPointsPerUnit {
		ppu = value
	} else {
		pv = value
	}
	if p, _ := strconv.ParseInt(ppu, 10, 64); p > 0 {
		if v, _ := strconv.ParseInt(pv, 10, 64); v == 0 {
			return &InvalidError{Name: name, Reason: "points would be worth nothing: give the point value too, or set the points per unit to 0 to turn loyalty off"}
		}
	}
	return nil
}

// validate checks one value on its own.
func validate(name, v string) error {
	switch name {
	case Tone:
		if !slices.Contains(i18n.Tones, v) {
			return &InvalidError{Name: name, Reason: "want one of " + strings.Join(i18n.Tones, ", ")}
		}
	case SupportHours:
		if _, err := inbox.ParseHours(v, time.UTC); err != nil {
			return &InvalidError{Name: name, Reason: err.Error()}
		}
	case TimeZone:
		if v == "" {
			return nil // UTC
		}
		if _, err := time.LoadLocation(v); err != nil || strings.EqualFold(v, "local") {
			return &InvalidError{Name: name, Reason: fmt.Sprintf("%q is not a time zone like Europe/Amsterdam", v)}
		}
	case LoyaltyPointsPerUnit, LoyaltyPointValue, LoyaltyMinRedeem:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 1_000_000 {
			return &InvalidError{Name: name, Reason: "want a whole number from 0 to 1000000"}
		}
	default:
		return fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	return nil
}

// CurrentTone is the tone the shop speaks in now.
func (s *Service) CurrentTone() string { return s.Get(Tone) }

// Hours are the current support hours in the current time zone.
func (s *Service) Hours() inbox.Hours {
	text, tz := s.Get(SupportHours), s.Get(TimeZone)
	key := tz + "\x00" + text
	s.mu.RLock()
	if s.hours.key == key {
		h := s.hours.h
		s.mu.RUnlock()
		return h
	}
	s.mu.RUnlock()
	h := parseHours(text, tz)
	s.mu.Lock()
	s.hours.key, s.hours.h = key, h
	s.mu.Unlock()
	return h
}

func parseHours(text, tz string) inbox.Hours {
	loc := time.UTC
	if tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	h, err := inbox.ParseHours(text, loc)
	if err != nil {
		// Only a default given by flag could fail here, and config checks
		// those at start-up; saved values are validated. Always open is the
		// safe side: nobody is told to wait for hours that do not parse.
		h, _ = inbox.ParseHours("", loc)
	}
	return h
}

// LoyaltyRules are the current points rules.
func (s *Service) LoyaltyRules() loyalty.Rules {
	n := func(name string) int64 { v, _ := strconv.ParseInt(s.Get(name), 10, 64); return v }
	return loyalty.Rules{PointsPerUnit: n(LoyaltyPointsPerUnit), PointValue: n(LoyaltyPointValue), MinRedeem: n(LoyaltyMinRedeem)}
}

// The settings whose value is a JSON document (documents.go).
const (
	ReturnPolicy  = "return_policy"
	ShippingRules = "shipping_rules"
	AwayMessage   = "away_message"
	Channels      = "channels"
)
