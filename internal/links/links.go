// Package links signs the links to a shopper's documents (invoices, return
// labels) with an expiry, so a link that leaks (a forwarded chat, a shared
// screen, a proxy's log) stops working after a while and cannot be altered
// to reach another document. The chat hands out a fresh link whenever the
// shopper asks again.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultTTL is how long a document link works: long enough to print a
// label at home later the same week, short enough that an old chat
// transcript no longer opens the documents.
const DefaultTTL = 72 * time.Hour

// Errors of Check.
var (
	ErrExpired = errors.New("the link has expired")
	ErrInvalid = errors.New("the link is not valid")
)

// Signer makes and checks signed links. Its key never leaves the server.
type Signer struct {
	key []byte
	TTL time.Duration
	Now func() time.Time
}

// NewSigner derives the signing key from a server secret, so the secret
// itself can serve other purposes without one key opening the other.
func NewSigner(secret []byte) *Signer {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("shopkeeper document links v1"))
	return &Signer{key: m.Sum(nil), TTL: DefaultTTL, Now: time.Now}
}

// Sign returns path (which may carry a query already) with exp and sig
// parameters added. The signature covers the path and the expiry; other
// parameters (the page's language) stay free to change.
func (s *Signer) Sign(path string) string {
	exp := strconv.FormatInt(s.Now().Add(s.TTL).Unix(), 10)
	p, _, _ := strings.Cut(path, "?")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "exp=" + exp + "&sig=" + s.sig(p, exp)
}

// Check verifies a signed link's path and query: ErrInvalid when the
// signature is missing or does not match, ErrExpired when it matches but
// its time is up.
func (s *Signer) Check(path string, q url.Values) error {
	exp, sig := q.Get("exp"), q.Get("sig")
	if exp == "" || sig == "" {
		return ErrInvalid
	}
	if !hmac.Equal([]byte(sig), []byte(s.sig(path, exp))) {
		return ErrInvalid
	}
	t, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return ErrInvalid
	}
	if s.Now().Unix() > t {
		return ErrExpired
	}
	return nil
}

func (s *Signer) sig(path, exp string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(path))
	m.Write([]byte{0})
	m.Write([]byte(exp))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:20])
}
