package inbox

import "time"

// TOTPCode is the six-digit code of a base32 secret at a moment, for tests
// that sign in as an authenticator app would.
func TOTPCode(secret string, at time.Time) string {
	key, err := totpBase32.DecodeString(secret)
	if err != nil {
		panic(err)
	}
	return hotp(key, uint64(totpStepAt(at)), totpDigits)
}
