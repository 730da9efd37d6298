package channel

import (
	"errors"
	"testing"
)

func TestParseSwitches_EveryChannelOnUnlessSwitchedOff(t *testing.T) {
	sw, err := ParseSwitches([]byte(`{"telegram": {"enabled": false}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range All {
		if want := n != "telegram"; sw[n].Enabled != want {
			t.Errorf("%s enabled = %v, want %v", n, sw[n].Enabled, want)
		}
	}
	for _, c := range []struct{ body, field string }{
		{`{"fax": {"enabled": true}}`, "fax"},
		{`{"sms": {"enabled": "no"}}`, "sms.enabled"},
		{`{"sms": {}}`, "sms.enabled"},
		{`{"sms": {"enabled": true, "token": "x"}}`, "sms.enabled"},
		{`[]`, "channels"},
	} {
		_, err := ParseSwitches([]byte(c.body))
		var se *SwitchError
		if !errors.As(err, &se) || se.Field != c.field {
			t.Errorf("%s: %v, want an error naming %s", c.body, err, c.field)
		}
	}
}

func FuzzParseSwitches(f *testing.F) {
	f.Add([]byte(`{"whatsapp": {"enabled": false}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sw, err := ParseSwitches(b)
		if err == nil && len(sw) != len(All) {
			t.Fatalf("accepted %s as %v", b, sw)
		}
	})
}
