package settings

import (
	"context"
	"errors"
	"testing"
)

type memStore map[string]string

func (m memStore) Settings(context.Context) (map[string]string, error) { return m, nil }
func (m memStore) PutSetting(_ context.Context, n, v string) error     { m[n] = v; return nil }
func (m memStore) DeleteSetting(_ context.Context, n string) error     { delete(m, n); return nil }

func newService(saved memStore) *Service {
	s := New(saved, map[string]string{Tone: "friendly", SupportHours: "", TimeZone: "",
		LoyaltyPointsPerUnit: "1", LoyaltyPointValue: "1", LoyaltyMinRedeem: "100"})
	if err := s.Load(context.Background()); err != nil {
		panic(err)
	}
	return s
}

// TestPut_RefusesBadValuesWithTheReason: each setting checks its value and
// a refused value is neither stored nor in force.
func TestPut_RefusesBadValuesWithTheReason(t *testing.T) {
	for _, c := range []struct {
		name, value string
		ok          bool
	}{
		{Tone, "formal", true},
		{Tone, "friendly", true},
		{Tone, "rude", false},
		{Tone, "", false},
		{SupportHours, "Mon-Fri 09:00-18:00; Sat 10:00-14:00", true},
		{SupportHours, "24/7", true},
		{SupportHours, "", true},
		{SupportHours, "Mon-Fri 18:00-09:00", false},
		{SupportHours, "Someday 09:00-18:00", false},
		{TimeZone, "Europe/Amsterdam", true},
		{TimeZone, "", true},
		{TimeZone, "Mars/Olympus", false},
		{TimeZone, "Local", false},
		{LoyaltyPointsPerUnit, "0", true},
		{LoyaltyPointsPerUnit, "2", true},
		{LoyaltyPointsPerUnit, "-1", false},
		{LoyaltyPointsPerUnit, "1.5", false},
		{LoyaltyMinRedeem, "1000001", false},
		{LoyaltyPointValue, "0", false}, // points on, worth nothing
	} {
		st := memStore{}
		s := newService(st)
		before := s.Get(c.name)
		err := s.Put(context.Background(), c.name, c.value)
		var inv *InvalidError
		switch {
		case c.ok && err != nil:
			t.Errorf("%s=%q refused: %v", c.name, c.value, err)
		case !c.ok && !errors.As(err, &inv):
			t.Errorf("%s=%q: err %v, want an InvalidError", c.name, c.value, err)
		case !c.ok && (s.Get(c.name) != before || len(st) != 0):
			t.Errorf("%s=%q was refused but kept", c.name, c.value)
		case c.ok && (s.Get(c.name) != c.value || st[c.name] != c.value):
			t.Errorf("%s=%q: in force %q, stored %q", c.name, c.value, s.Get(c.name), st[c.name])
		}
	}
	if err := newService(memStore{}).Put(context.Background(), "admin_key", "x"); !errors.Is(err, ErrUnknown) {
		t.Errorf("an uneditable setting: %v", err)
	}
}

// TestService_SavedOverridesDefaultUntilReset: a saved value is in force
// and listed as "admin"; resetting brings the default back; a stored value
// the rules refuse is ignored at load.
func TestService_SavedOverridesDefaultUntilReset(t *testing.T) {
	ctx := context.Background()
	s := newService(memStore{Tone: "formal", LoyaltyMinRedeem: "oops", SupportHours: "Mon 09:00-10:00", TimeZone: "Europe/Amsterdam"})
	if s.CurrentTone() != "formal" || s.LoyaltyRules().MinRedeem != 100 {
		t.Errorf("loaded tone %q, min redeem %d", s.CurrentTone(), s.LoyaltyRules().MinRedeem)
	}
	if h := s.Hours(); h.Text != "Mon 09:00-10:00" || h.Location.String() != "Europe/Amsterdam" || len(h.Windows) != 1 {
		t.Errorf("hours = %+v", h)
	}
	for _, it := range s.List() {
		want := "default"
		if it.Name == Tone || it.Name == SupportHours || it.Name == TimeZone {
			want = "admin"
		}
		if it.Source != want {
			t.Errorf("%s source %s, want %s", it.Name, it.Source, want)
		}
	}
	if err := s.Put(ctx, LoyaltyPointsPerUnit, "3"); err != nil || s.LoyaltyRules().PointsPerUnit != 3 {
		t.Errorf("points per unit: %v, %+v", err, s.LoyaltyRules())
	}
	if err := s.Reset(ctx, Tone); err != nil || s.CurrentTone() != "friendly" {
		t.Errorf("reset tone: %v, tone %q", err, s.CurrentTone())
	}
	for _, it := range s.List() {
		if it.Name == Tone && (it.Source != "default" || it.Value != "friendly") {
			t.Errorf("after reset: %+v", it)
		}
	}
}
