package config

import (
	"io"
	"testing"
	"time"
)

func TestParseServe_ProactiveSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Proactive
		wantErr bool
	}{
		{name: "defaults: quiet 21–09, one a day, no code", want: Proactive{QuietHours: "21:00-09:00", QuietStart: 21 * time.Hour, QuietEnd: 9 * time.Hour,
			MarketingPerDay: 1, RecoveryCodeValid: 48 * time.Hour}},
		{name: "set", env: map[string]string{"SHOPKEEPER_QUIET_HOURS": "22:30-07:15", "SHOPKEEPER_MARKETING_PER_DAY": "2",
			"SHOPKEEPER_CART_RECOVERY_DISCOUNT": "10", "SHOPKEEPER_CART_RECOVERY_CODE_VALID": "24h"},
			want: Proactive{QuietHours: "22:30-07:15", QuietStart: 22*time.Hour + 30*time.Minute, QuietEnd: 7*time.Hour + 15*time.Minute,
				MarketingPerDay: 2, RecoveryDiscount: 10, RecoveryCodeValid: 24 * time.Hour}},
		{name: "quiet hours off, no cap", env: map[string]string{"SHOPKEEPER_QUIET_HOURS": "off", "SHOPKEEPER_MARKETING_PER_DAY": "0"},
			want: Proactive{QuietHours: "off", RecoveryCodeValid: 48 * time.Hour}},
		{name: "quiet hours not a range", env: map[string]string{"SHOPKEEPER_QUIET_HOURS": "nights"}, wantErr: true},
		{name: "quiet hours past midnight", env: map[string]string{"SHOPKEEPER_QUIET_HOURS": "21:00-25:00"}, wantErr: true},
		{name: "negative cap", env: map[string]string{"SHOPKEEPER_MARKETING_PER_DAY": "-1"}, wantErr: true},
		{name: "cap not a number", env: map[string]string{"SHOPKEEPER_MARKETING_PER_DAY": "one"}, wantErr: true},
		{name: "discount above 100", env: map[string]string{"SHOPKEEPER_CART_RECOVERY_DISCOUNT": "150"}, wantErr: true},
		{name: "code validity not a duration", env: map[string]string{"SHOPKEEPER_CART_RECOVERY_CODE_VALID": "two days"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseServe([]string{"--demo"}, env(tt.env), io.Discard)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error for %v", tt.env)
				}
				return
			}
			if err != nil || got.Proactive != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got.Proactive, err, tt.want)
			}
		})
	}
}

// FuzzParseQuietHours: any text is refused or read as two times of day.
func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"21:00-09:00", "off", "", "9:00-17:30", "21:00", "-", "24:00-01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, err := ParseQuietHours(s)
		if err != nil {
			return
		}
		for _, d := range []time.Duration{start, end} {
			if d < 0 || d >= 24*time.Hour || d%time.Minute != 0 {
				t.Fatalf("%q read as %v–%v", s, start, end)
			}
		}
	})
}
