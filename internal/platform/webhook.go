package platform

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"unicode/utf8"
)

// MaxWebhookBody bounds a webhook body; a product with many variants and
// images stays well under it.
const MaxWebhookBody = 5 << 20

// Acceptor stores a verified webhook event (Service.Accept).
type Acceptor interface {
	Accept(ctx context.Context, eventID, topic string, payload []byte) (bool, error)
}

// SignBase64 is the base64 HMAC-SHA256 of body with secret: how Shopify
// and WooCommerce both sign their webhooks.
func SignBase64(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyBase64 checks a base64 HMAC-SHA256 signature of the raw body in
// constant time.
func VerifyBase64(secret string, body []byte, signature string) bool {
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil || secret == "" {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// Delivery is what a platform's webhook request says about itself.
type Delivery struct {
	Topic     string
	EventID   string // de-duplication key; "" derives one from the body
	Signature string
}

// WebhookHandler verifies a delivery's signature over the raw body, stores
// the event (once per event id) and answers at once; the event is applied
// in the background. A wrong signature is refused with 401 and nothing
// stored.
func WebhookHandler(secret string, read func(*http.Request) Delivery, to Acceptor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxWebhookBody+1))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		if len(body) > MaxWebhookBody {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		d := read(r)
		if !VerifyBase64(secret, body, d.Signature) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		// A JSON body is UTF-8 without NUL bytes; anything else could not
		// be stored as text (PostgreSQL refuses NUL) and would be retried
		// by the platform for ever.
		if d.Topic == "" || !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
			http.Error(w, "missing topic or body not UTF-8 text", http.StatusBadRequest)
			return
		}
		if d.EventID == "" {
			// Without an id, the same body on the same topic is the same
			// event (a redelivery).
			sum := sha256.Sum256(append([]byte(d.Topic+"\n"), body...))
			d.EventID = "sha256:" + hex.EncodeToString(sum[:])
		}
		if _, err := to.Accept(r.Context(), d.EventID, d.Topic, body); err != nil {
			if !errors.Is(err, context.Canceled) {
				slog.ErrorContext(r.Context(), "store webhook event", "topic", d.Topic, "err", err)
			}
			// Not acknowledged: the platform delivers it again.
			http.Error(w, "cannot store event", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
