package inbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP as RFC 6238 with the parameters every authenticator app assumes:
// HMAC-SHA-1, six digits, 30-second steps. A code of the step before or
// after is accepted too, for clocks a little apart.
const (
	totpDigits = 6
	totpStep   = 30 * time.Second
	totpSkew   = 1
)

var totpBase32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPSecret makes a 160-bit secret, base32 as apps take it.
func newTOTPSecret() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("second-factor secret: %w", err)
	}
	return totpBase32.EncodeToString(b), nil
}

// hotp is RFC 4226's HOTP value of key at counter, as digits.
func hotp(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, code%mod)
}

// totpStepAt is the RFC 6238 time step of t.
func totpStepAt(t time.Time) int64 { return t.Unix() / int64(totpStep/time.Second) }

// checkTOTP reports the time step whose code matches code, trying the
// steps around now; ok is false for a wrong or malformed code.
func checkTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	key, err := totpBase32.DecodeString(strings.ToUpper(strings.TrimSpace(secret)))
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if err != nil || len(key) == 0 || len(code) != totpDigits {
		return 0, false
	}
	cur := totpStepAt(now)
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		s := cur + d
		if s < 0 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hotp(key, uint64(s), totpDigits)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// totpURI is the otpauth:// link authenticator apps read (as a QR code).
func totpURI(issuer, account, secret string) string {
	label := url.PathEscape(issuer + ":" + account)
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}
