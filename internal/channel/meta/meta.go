// Package meta holds what WhatsApp and Messenger share as Meta platforms:
// the webhook subscription handshake and the X-Hub-Signature-256 check.
package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/channel"
)

// SignatureHeader carries Meta's signature of a webhook: "sha256=" and the
// hex HMAC-SHA256 of the raw body keyed with the app secret.
const SignatureHeader = "X-Hub-Signature-256"

// Handshake answers Meta's subscription check: GET with hub.mode=subscribe,
// hub.verify_token and hub.challenge. The challenge is echoed only for the
// configured verify token; anything else is 403, and so is every request
// while no verify token is configured (an empty token must not match an
// empty parameter).
func Handshake(w http.ResponseWriter, r *http.Request, verifyToken string) {
	q := r.URL.Query()
	if verifyToken == "" || q.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(verifyToken)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// Plain text that no browser may sniff into HTML.
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

// Sign is Meta's signature of a webhook body (raw HMAC-SHA256 bytes).
func Sign(appSecret string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks the request's X-Hub-Signature-256 against the raw body in
// constant time. Meta signs the bytes it sends (non-ASCII escaped as
// \uXXXX), so the body must never be re-encoded before this check.
func Verify(r *http.Request, body []byte, appSecret string) error {
	if appSecret == "" {
		return channel.ErrSignature
	}
	sig, ok := strings.CutPrefix(r.Header.Get(SignatureHeader), "sha256=")
	if !ok {
		return channel.ErrSignature
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(got, Sign(appSecret, body)) {
		return channel.ErrSignature
	}
	return nil
}
