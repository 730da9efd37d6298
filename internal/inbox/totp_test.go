package inbox

import (
	"testing"
	"time"
)

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890";
// the RFC prints eight digits, apps use the last six.
func TestTOTP_RFC6238Vectors(t *testing.T) {
	key := []byte("12345678901234567890")
	secret := totpBase32.EncodeToString(key)
	tests := []struct {
		unix  int64
		eight string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, tt := range tests {
		at := time.Unix(tt.unix, 0).UTC()
		if got := hotp(key, uint64(totpStepAt(at)), 8); got != tt.eight {
			t.Errorf("T=%d: %s, want %s", tt.unix, got, tt.eight)
		}
		six := tt.eight[2:]
		if step, ok := checkTOTP(secret, six, at); !ok || step != totpStepAt(at) {
			t.Errorf("T=%d: code %s refused (step %d, %v)", tt.unix, six, step, ok)
		}
	}
}

func TestTOTP_AcceptsOneStepEitherSideOnly(t *testing.T) {
	key := []byte("12345678901234567890")
	secret := totpBase32.EncodeToString(key)
	at := time.Unix(1234567890, 0).UTC()
	code := hotp(key, uint64(totpStepAt(at)), 6)
	tests := []struct {
		name string
		now  time.Time
		code string
		ok   bool
	}{
		{"same step", at, code, true},
		{"one step later", at.Add(30 * time.Second), code, true},
		{"one step earlier", at.Add(-30 * time.Second), code, true},
		{"two steps later", at.Add(60 * time.Second), code, false},
		{"two steps earlier", at.Add(-60 * time.Second), code, false},
		{"with a space", at, code[:3] + " " + code[3:], true},
		{"wrong code", at, "000000", code == "000000"},
		{"too short", at, code[:5], false},
		{"letters", at, "abcdef", false},
		{"empty", at, "", false},
	}
	for _, tt := range tests {
		if _, ok := checkTOTP(secret, tt.code, tt.now); ok != tt.ok {
			t.Errorf("%s: accepted = %v, want %v", tt.name, ok, tt.ok)
		}
	}
	if _, ok := checkTOTP("not base32!", code, at); ok {
		t.Error("a malformed secret accepted a code")
	}
}

func FuzzCheckTOTP(f *testing.F) {
	f.Add("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", int64(59))
	f.Add("", "", int64(0))
	f.Fuzz(func(t *testing.T, secret, code string, unix int64) {
		if unix < 0 || unix > 1<<40 {
			return
		}
		if step, ok := checkTOTP(secret, code, time.Unix(unix, 0)); ok && (step < 0 || len(code) < totpDigits) {
			t.Fatalf("accepted %q at step %d", code, step)
		}
	})
}
