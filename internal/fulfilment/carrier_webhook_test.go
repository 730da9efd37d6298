package fulfilment

import (
	"errors"
	"testing"
	"time"
)

const testSecret = "whsec_carrier_test"

func TestParseWebhook_Signature(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"event_id":"e1","tracking_number":"SKX1","status":"in_transit","location":"Utrecht","occurred_at":"2026-11-24T03:12:00Z"}`)
	cases := []struct {
		name   string
		header string
		body   []byte
		want   error
	}{
		{"good", SignWebhook(testSecret, body, now), body, nil},
		{"good, rotated secret listed second", SignWebhook("old", body, now) + ",v1=" + SignWebhook(testSecret, body, now)[len("t=1764000000,v1="):], body, nil},
		{"wrong secret", SignWebhook("other", body, now), body, ErrBadSignature},
		{"body changed", SignWebhook(testSecret, body, now), []byte(`{"event_id":"e1","tracking_number":"SKX2","status":"delivered","location":"x","occurred_at":"2026-11-24T03:12:00Z"}`), ErrBadSignature},
		{"no header", "", body, ErrBadSignature},
		{"garbage header", "t=abc,v1=zz", body, ErrBadSignature},
		{"stale", SignWebhook(testSecret, body, now.Add(-10*time.Minute)), body, ErrStale},
		{"from the future", SignWebhook(testSecret, body, now.Add(10*time.Minute)), body, ErrStale},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := ParseWebhook(c.body, c.header, testSecret, now)
			if c.want == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if ev.EventID != "e1" || ev.Status != TrackInTransit || ev.Location != "Utrecht" || !ev.OccurredAt.Equal(time.Date(2026, 11, 24, 3, 12, 0, 0, time.UTC)) {
					t.Fatalf("event = %+v", ev)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := ParseWebhook(body, SignWebhook("", body, now), "", now); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("without a configured secret every webhook must be refused, got %v", err)
	}
}

func TestDecodeEvent_RefusesBadBodies(t *testing.T) {
	for name, body := range map[string]string{
		"empty":          ``,
		"array":          `[]`,
		"unknown status": `{"event_id":"e","tracking_number":"t","status":"lost_in_space","occurred_at":"2026-11-24T03:12:00Z"}`,
		"no event id":    `{"tracking_number":"t","status":"delivered","occurred_at":"2026-11-24T03:12:00Z"}`,
		"no time":        `{"event_id":"e","tracking_number":"t","status":"delivered"}`,
		"bad time":       `{"event_id":"e","tracking_number":"t","status":"delivered","occurred_at":"yesterday"}`,
		"unknown field":  `{"event_id":"e","tracking_number":"t","status":"delivered","occurred_at":"2026-11-24T03:12:00Z","x":1}`,
		"two objects":    `{"event_id":"e","tracking_number":"t","status":"delivered","occurred_at":"2026-11-24T03:12:00Z"}{}`,
	} {
		if _, err := DecodeEvent([]byte(body)); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("%s: err = %v, want ErrInvalidEvent", name, err)
		}
	}
}

func FuzzParseWebhook(f *testing.F) {
	now := time.Unix(1764000000, 0)
	f.Add([]byte(`{"event_id":"e1","tracking_number":"SKX1","status":"in_transit","location":"Utrecht","occurred_at":"2026-11-24T03:12:00Z"}`), true)
	f.Add([]byte(`{"event_id":"","status":"delivered"}`), false)
	f.Add([]byte("\xff\x00{"), true)
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		header := "t=1,v1=00"
		if sign {
			header = SignWebhook(testSecret, body, now)
		}
		ev, err := ParseWebhook(body, header, testSecret, now)
		if err != nil {
			return
		}
		if !sign {
			t.Fatalf("an unsigned body was accepted")
		}
		if ev.Validate() != nil {
			t.Fatalf("accepted an invalid event %+v", ev)
		}
	})
}
