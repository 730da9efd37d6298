package channel

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Switches say which channels the retailer has turned off in the web
// admin (a channel is on unless switched off). A channel that is off still
// checks and acknowledges its webhooks (200), so the provider does not
// retry or disable the webhook, records delivery receipts, and sends what
// is already in its outbox (an agent's reply was a deliberate act); but a
// shopper's message that arrives while it is off is not answered, neither
// then nor when the channel is turned on again.
type Switches map[string]ChannelSwitch

// ChannelSwitch is one channel's run-time settings.
type ChannelSwitch struct {
	Enabled bool `json:"enabled"`
}

// SwitchError is a switch refused for one field.
type SwitchError struct{ Field, Reason string }

func (e *SwitchError) Error() string { return e.Field + " " + e.Reason }

// Fields names the field at fault and why (for the admin's answer).
func (e *SwitchError) Fields() (string, string) { return e.Field, e.Reason }

// ParseSwitches reads {"whatsapp": {"enabled": false}, ...}; every channel
// of All is listed in the answer (missing ones on).
func ParseSwitches(b []byte) (Switches, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, &SwitchError{"channels", `must be an object like {"whatsapp": {"enabled": false}}`}
	}
	out := Switches{}
	for _, n := range All {
		out[n] = ChannelSwitch{Enabled: true}
	}
	for name, raw := range m {
		if !slices.Contains(All, name) {
			return nil, &SwitchError{name, "is not a channel (whatsapp, messenger, telegram, sms)"}
		}
		var sw struct {
			Enabled *bool `json:"enabled"`
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sw); err != nil || sw.Enabled == nil {
			return nil, &SwitchError{name + ".enabled", "must be true or false (and the only field)"}
		}
		out[name] = ChannelSwitch{Enabled: *sw.Enabled}
	}
	return out, nil
}
