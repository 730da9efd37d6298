package config

import (
	"io"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseServe(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{name: "defaults", want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "environment", env: map[string]string{"SHOPKEEPER_ADDR": ":9000", "SHOPKEEPER_DB": "postgres://x/y", "SHOPKEEPER_ADMIN_KEY": "secret-key", "SHOPKEEPER_DEMO": "true"},
			want: Config{Addr: ":9000", DB: "postgres://x/y", AdminKey: "secret-key", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "flags beat environment", args: []string{"--addr", "127.0.0.1:1", "--demo"}, env: map[string]string{"SHOPKEEPER_ADDR": ":9000"},
			want: Config{Addr: "127.0.0.1:1", DB: "shopkeeper.db", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "bad address", args: []string{"--addr", "nope"}, wantErr: true},
		{name: "short admin key", args: []string{"--admin-key", "abc"}, wantErr: true},
		{name: "unknown language", args: []string{"--lang", "fr"}, wantErr: true},
		{name: "stray argument", args: []string{"extra"}, wantErr: true},
		{name: "unknown tone", args: []string{"--tone", "pirate"}, wantErr: true},
		{name: "fraud thresholds and retention", env: map[string]string{"SHOPKEEPER_RISK_HOLD": "80", "SHOPKEEPER_RISK_HIGH_VALUE": "100000", "SHOPKEEPER_RETENTION_DAYS": "365"},
			args: []string{"--risk-velocity", "5"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", DefaultLanguage: "en", Currency: "EUR", Tone: "friendly",
				RiskHold: 80, RiskHighValue: 100000, RiskVelocity: 5, RetentionDays: 365}},
		{name: "retention not a number", env: map[string]string{"SHOPKEEPER_RETENTION_DAYS": "a year"}, wantErr: true},
		{name: "hold above block", args: []string{"--risk-hold", "90", "--risk-block", "80"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseServe(tt.args, env(tt.env), io.Discard)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error for %v", tt.args)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}
