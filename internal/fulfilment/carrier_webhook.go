package fulfilment

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries a carrier webhook's signature:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
const SignatureHeader = "X-Shopkeeper-Signature"

// WebhookTolerance is how far a webhook's timestamp may be from our clock;
// older deliveries are refused so a captured request cannot be replayed
// later (within it, the event id makes a replay change nothing).
const WebhookTolerance = 5 * time.Minute

// Webhook errors.
var (
	ErrBadSignature = errors.New("carrier webhook signature does not verify")
	ErrStale        = errors.New("carrier webhook timestamp is outside the tolerance")
)

// PushedEvent is a scan a carrier pushes to POST /api/v1/webhooks/carrier/{name}:
//
//	{"event_id": "evt-1", "tracking_number": "SKX123…", "status": "in_transit",
//	 "location": "Utrecht", "occurred_at": "2026-11-24T03:12:00Z"}
type PushedEvent struct {
	EventID        string    `json:"event_id"`
	TrackingNumber string    `json:"tracking_number"`
	Status         string    `json:"status"`
	Location       string    `json:"location"`
	OccurredAt     time.Time `json:"occurred_at"`
}

// Validate checks what storing the event needs.
func (e PushedEvent) Validate() error {
	switch {
	case strings.TrimSpace(e.EventID) == "" || len(e.EventID) > 200:
		return fmt.Errorf("%w: event_id is required (at most 200 characters)", ErrInvalidEvent)
	case strings.TrimSpace(e.TrackingNumber) == "" || len(e.TrackingNumber) > 100:
		return fmt.Errorf("%w: tracking_number is required (at most 100 characters)", ErrInvalidEvent)
	case !ValidStatus(e.Status):
		return fmt.Errorf("%w: status must be one of %s", ErrInvalidEvent, strings.Join(TrackingStatuses, ", "))
	case len(e.Location) > 200:
		return fmt.Errorf("%w: location is longer than 200 characters", ErrInvalidEvent)
	case e.OccurredAt.IsZero():
		return fmt.Errorf("%w: occurred_at is required (RFC 3339)", ErrInvalidEvent)
	}
	return nil
}

// SignWebhook computes the signature header for body; carriers (and tests)
// send it this way.
func SignWebhook(secret string, body []byte, t time.Time) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", t.Unix())
	mac.Write(body)
	return fmt.Sprintf("t=%d,v1=%s", t.Unix(), hex.EncodeToString(mac.Sum(nil)))
}

// ParseWebhook verifies the signature header over the raw body with secret
// (any v1 may match, which allows rotating the secret), checks the
// timestamp against now, and decodes and validates the event.
func ParseWebhook(body []byte, header, secret string, now time.Time) (PushedEvent, error) {
	if secret == "" {
		return PushedEvent{}, ErrBadSignature
	}
	var ts int64
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts, _ = strconv.ParseInt(v, 10, 64)
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts <= 0 || len(sigs) == 0 || len(sigs) > 8 {
		return PushedEvent{}, ErrBadSignature
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", ts)
	mac.Write(body)
	want := mac.Sum(nil)
	ok := false
	for _, s := range sigs {
		if got, err := hex.DecodeString(s); err == nil && hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return PushedEvent{}, ErrBadSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > WebhookTolerance || d < -WebhookTolerance {
		return PushedEvent{}, ErrStale
	}
	return DecodeEvent(body)
}

// DecodeEvent reads one pushed event from a JSON body: exactly one object,
// no unknown fields, valid content.
func DecodeEvent(body []byte) (PushedEvent, error) {
	var e PushedEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return PushedEvent{}, fmt.Errorf("%w: %v", ErrInvalidEvent, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return PushedEvent{}, fmt.Errorf("%w: the body must hold exactly one JSON object", ErrInvalidEvent)
	}
	e.EventID, e.TrackingNumber, e.Location = strings.TrimSpace(e.EventID), strings.TrimSpace(e.TrackingNumber), strings.TrimSpace(e.Location)
	return e, e.Validate()
}
