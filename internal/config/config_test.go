package config

import (
	"io"
	"strings"
	"testing"
	"time"
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
		{name: "defaults", args: []string{"--public-url", "https://shop.example.com/"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", DefaultLanguage: "en", Currency: "EUR", Tone: "friendly", PublicURL: "https://shop.example.com"}},
		{name: "environment", env: map[string]string{"SHOPKEEPER_ADDR": ":9000", "SHOPKEEPER_DB": "postgres://x/y", "SHOPKEEPER_ADMIN_KEY": strongKey, "SHOPKEEPER_DEMO": "true"},
			want: Config{Addr: ":9000", DB: "postgres://x/y", AdminKey: strongKey, Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "trust settings from the environment", env: map[string]string{"SHOPKEEPER_PUBLIC_URL": "https://shop.example.com", "SHOPKEEPER_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7", "SHOPKEEPER_TEST_GATEWAY": "1"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", DefaultLanguage: "en", Currency: "EUR", Tone: "friendly", PublicURL: "https://shop.example.com", TrustedProxies: "10.0.0.0/8, 192.0.2.7", TestGateway: true}},
		{name: "test gateway flag", args: []string{"--demo", "--test-gateway"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", Demo: true, TestGateway: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "no public URL outside the demo", args: []string{}, wantErr: true},
		{name: "public URL that is not a URL", args: []string{"--public-url", "shop.example.com"}, wantErr: true},
		{name: "bad trusted proxy", args: []string{"--demo", "--trusted-proxies", "10.0.0.0/8,nope"}, wantErr: true},
		{name: "test gateway beside Stripe", args: []string{"--demo", "--test-gateway"}, env: map[string]string{"SHOPKEEPER_STRIPE_SECRET_KEY": "sk_test_1", "SHOPKEEPER_STRIPE_WEBHOOK_SECRET": "whsec_1"}, wantErr: true},
		{name: "eight-character admin key", args: []string{"--demo", "--admin-key", "abcd1234"}, wantErr: true},
		{name: "flags beat environment", args: []string{"--addr", "127.0.0.1:1", "--demo"}, env: map[string]string{"SHOPKEEPER_ADDR": ":9000"},
			want: Config{Addr: "127.0.0.1:1", DB: "shopkeeper.db", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly"}},
		{name: "metrics opened for a private scraper", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_METRICS_PUBLIC": "1"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly", MetricsPublic: true}},
		{name: "bad address", args: []string{"--addr", "nope"}, wantErr: true},
		{name: "short admin key", args: []string{"--demo", "--admin-key", "abc"}, wantErr: true},
		{name: "unknown language", args: []string{"--demo", "--lang", "fr"}, wantErr: true},
		{name: "stray argument", args: []string{"extra"}, wantErr: true},
		{name: "unknown tone", args: []string{"--demo", "--tone", "pirate"}, wantErr: true},
		{name: "identity and mail", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_IDENTITY_SECRET": "0123456789abcdef", "SHOPKEEPER_SMTP_ADDR": "smtp.example.com:587",
			"SHOPKEEPER_SMTP_USER": "shop", "SHOPKEEPER_SMTP_PASSWORD": "pw", "SHOPKEEPER_SMTP_FROM": "shop@example.com", "SHOPKEEPER_MAIL_OUTBOX": "1"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly",
				IdentitySecret: "0123456789abcdef", SMTPAddr: "smtp.example.com:587", SMTPUser: "shop", SMTPPassword: "pw", SMTPFrom: "shop@example.com", MailOutbox: true}},
		{name: "short identity secret", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_IDENTITY_SECRET": "short"}, wantErr: true},
		{name: "SMTP without sender", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_SMTP_ADDR": "smtp.example.com:587"}, wantErr: true},
		{name: "SMTP without port", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_SMTP_ADDR": "smtp.example.com", "SHOPKEEPER_SMTP_FROM": "a@example.com"}, wantErr: true},
		{name: "fraud thresholds and retention", env: map[string]string{"SHOPKEEPER_RISK_HOLD": "80", "SHOPKEEPER_RISK_HIGH_VALUE": "100000", "SHOPKEEPER_RETENTION_DAYS": "365"},
			args: []string{"--demo", "--risk-velocity", "5"},
			want: Config{Addr: "127.0.0.1:8080", DB: "shopkeeper.db", Demo: true, DefaultLanguage: "en", Currency: "EUR", Tone: "friendly",
				RiskHold: 80, RiskHighValue: 100000, RiskVelocity: 5, RetentionDays: 365}},
		{name: "retention not a number", args: []string{"--demo"}, env: map[string]string{"SHOPKEEPER_RETENTION_DAYS": "a year"}, wantErr: true},
		{name: "hold above block", args: []string{"--demo", "--risk-hold", "90", "--risk-block", "80"}, wantErr: true},
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
			got.Effective = nil // TestParseServe_SaysWhereEachSettingCameFrom
			if err != nil || got != withDefaultLimits(t, tt.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// withDefaultLimits is want with the default flood limits, which the cases
// above do not set.
func withDefaultLimits(t *testing.T, want Config) Config {
	t.Helper()
	d := Defaults()
	d.DB = "x"
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	want.RateLimits, want.RateAddress, want.RateConversations, want.RateMessages = d.RateLimits, d.RateAddress, d.RateConversations, d.RateMessages
	want.RateLogins, want.LookupFailuresPerClient, want.LookupFailuresPerOrder = d.RateLogins, d.LookupFailuresPerClient, d.LookupFailuresPerOrder
	want.LiveConnections, want.Limits = d.LiveConnections, d.Limits
	if want.Channels == (Channels{}) {
		want.Channels = d.Channels
	}
	if want.SavingsMinutes == 0 && want.SavingsHourlyCost == 0 {
		want.SavingsMinutes, want.SavingsHourlyCost = d.SavingsMinutes, d.SavingsHourlyCost
	}
	if want.CartRecoveryAfter == 0 {
		want.CartRecoveryAfter = d.CartRecoveryAfter
	}
	if want.Proactive == (Proactive{}) {
		want.Proactive = d.Proactive
	}
	if want.Loyalty == (Loyalty{}) {
		want.Loyalty = d.Loyalty
	}
	return want
}

func TestParseServe_ReadsAndChecksLimits(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(l Limits) bool
		wantErr bool
	}{
		{name: "defaults are on", check: func(l Limits) bool {
			return !l.Off && l.Conversations.Count == 30 && l.Conversations.Burst == 100 && l.Messages.Burst == 60 &&
				l.LookupFailuresPerClient.Count == 5 && l.LookupFailuresPerOrder.Count == 10 && l.LiveConnections == 5
		}},
		{name: "off from the environment", env: map[string]string{"SHOPKEEPER_RATE_LIMITS": "off"}, check: func(l Limits) bool { return l.Off }},
		{name: "flag beats environment", args: []string{"--rate-limits", "on"}, env: map[string]string{"SHOPKEEPER_RATE_LIMITS": "off"},
			check: func(l Limits) bool { return !l.Off }},
		{name: "a rate from the environment", env: map[string]string{"SHOPKEEPER_RATE_MESSAGES": "2/s,5"},
			check: func(l Limits) bool { return l.Messages.Count == 2 && l.Messages.Burst == 5 }},
		{name: "a rate flag", args: []string{"--rate-conversations", "100/m"},
			check: func(l Limits) bool { return l.Conversations.Count == 100 && l.Conversations.Burst == 100 }},
		{name: "live connections", env: map[string]string{"SHOPKEEPER_LIVE_CONNECTIONS": "2"}, check: func(l Limits) bool { return l.LiveConnections == 2 }},
		{name: "neither on nor off", args: []string{"--rate-limits", "maybe"}, wantErr: true},
		{name: "unreadable rate", env: map[string]string{"SHOPKEEPER_RATE_ADDRESS": "lots"}, wantErr: true},
		{name: "zero rate", args: []string{"--rate-logins", "0/m"}, wantErr: true},
		{name: "unreadable live connections", env: map[string]string{"SHOPKEEPER_LIVE_CONNECTIONS": "many"}, wantErr: true},
		{name: "negative live connections", args: []string{"--live-connections", "-1"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--public-url", "https://shop.example.com"}, tt.args...)
			got, err := ParseServe(args, env(tt.env), io.Discard)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error; limits %+v", got.Limits)
				}
				return
			}
			if err != nil || !tt.check(got.Limits) {
				t.Fatalf("limits %+v, %v", got.Limits, err)
			}
		})
	}
}

const strongKey = "kT9v-Qm2x_Lr7PzW4yBn8HcJ"

func TestWeakKey(t *testing.T) {
	tests := []struct {
		key  string
		weak bool
	}{
		{strongKey, false},
		{"sk_demo_Zm9vYmFyYmF6cXV4cXV1eA", false},
		{"short-key-1", true},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true},
		{"abababababababababababababab", true},
		{"abcdefghijklmnopqrstuvwxyz0123", true},
		{"Passw0rd!Passw0rd!Passw0rd!", true},
		{"111111222222333333444444555555", true},
	}
	for _, tt := range tests {
		if got := WeakKey(tt.key); (got != "") != tt.weak {
			t.Errorf("WeakKey(%q) = %q; want weak=%v", tt.key, got, tt.weak)
		}
	}
}

func TestConfig_TestGatewayOnlyWhenAskedAndNeverBesideStripe(t *testing.T) {
	tests := []struct {
		c    Config
		want bool
	}{
		{Config{}, false},
		{Config{Demo: true}, true},
		{Config{TestGateway: true}, true},
		{Config{Demo: true, StripeSecretKey: "sk"}, false},
	}
	for _, tt := range tests {
		if got := tt.c.TestGatewayOn(); got != tt.want {
			t.Errorf("%+v: TestGatewayOn = %v; want %v", tt.c, got, tt.want)
		}
	}
}

func TestConfig_BaseURL(t *testing.T) {
	tests := []struct {
		c    Config
		want string
	}{
		{Config{PublicURL: "https://shop.example.com", Addr: "127.0.0.1:9"}, "https://shop.example.com"},
		{Config{Demo: true, Addr: "127.0.0.1:8080"}, "http://127.0.0.1:8080"},
		{Config{Demo: true, Addr: ":8080"}, "http://localhost:8080"},
	}
	for _, tt := range tests {
		if got := tt.c.BaseURL(); got != tt.want {
			t.Errorf("%+v: BaseURL = %q; want %q", tt.c, got, tt.want)
		}
	}
}

func TestParseServe_ChannelsAndPlatforms(t *testing.T) {
	full := map[string]string{"SHOPKEEPER_WHATSAPP_TOKEN": "t", "SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID": "123", "SHOPKEEPER_WHATSAPP_APP_SECRET": "s",
		"SHOPKEEPER_WHATSAPP_API_URL": "http://127.0.0.1:9/wa", "SHOPKEEPER_SHOPIFY_SHOP": "x.myshopify.com", "SHOPKEEPER_SHOPIFY_TOKEN": "shpat_1",
		"SHOPKEEPER_CART_RECOVERY_AFTER": "30m"}
	got, err := ParseServe([]string{"--demo"}, env(full), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Channels.WhatsApp.On() || got.Channels.WhatsApp.APIURL != "http://127.0.0.1:9/wa" || got.Channels.Telegram.On() {
		t.Errorf("channels %+v", got.Channels)
	}
	if got.Channels.Messenger.APIURL != "https://graph.facebook.com/v21.0" {
		t.Errorf("messenger default URL %q", got.Channels.Messenger.APIURL)
	}
	if got.Platforms.Shopify.APIURL != "https://x.myshopify.com/admin/api/2025-10/graphql.json" || got.CartRecoveryAfter != 30*time.Minute {
		t.Errorf("shopify URL %q, recovery %v", got.Platforms.Shopify.APIURL, got.CartRecoveryAfter)
	}
	for name, e := range map[string]map[string]string{
		"half-configured WhatsApp":    {"SHOPKEEPER_WHATSAPP_TOKEN": "t"},
		"Telegram without its secret": {"SHOPKEEPER_TELEGRAM_TOKEN": "t"},
		"Twilio without a public URL": {"SHOPKEEPER_TWILIO_ACCOUNT_SID": "AC1", "SHOPKEEPER_TWILIO_AUTH_TOKEN": "a", "SHOPKEEPER_TWILIO_FROM": "+15550001"},
		"recovery delay not duration": {"SHOPKEEPER_CART_RECOVERY_AFTER": "soon"},
		"Shopify without a token":     {"SHOPKEEPER_SHOPIFY_SHOP": "x.myshopify.com"},
		"WooCommerce without a key":   {"SHOPKEEPER_WOO_URL": "https://shop.example.com", "SHOPKEEPER_WOO_SECRET": "s"},
		"Magento without a token":     {"SHOPKEEPER_MAGENTO_URL": "https://m.example.com"},
	} {
		if _, err := ParseServe([]string{"--demo"}, env(e), io.Discard); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestParseServe_SaysWhereEachSettingCameFrom: the settings page shows
// each value with its source (flag over env over default), and secrets
// only as set.
func TestParseServe_SaysWhereEachSettingCameFrom(t *testing.T) {
	c, err := ParseServe([]string{"--demo", "--tone", "formal", "--admin-key", strongKey},
		env(map[string]string{"SHOPKEEPER_TONE": "friendly", "SHOPKEEPER_SAVINGS_MINUTES": "9", "SHOPKEEPER_STRIPE_SECRET_KEY": "sk_test_x", "SHOPKEEPER_STRIPE_WEBHOOK_SECRET": "whsec_x"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Setting{}
	for _, s := range c.Effective.List {
		got[s.Name] = s
	}
	for _, w := range []Setting{
		{Name: "--tone", Value: "formal", Source: "flag"},
		{Name: "--savings-minutes", Value: "9", Source: "env"},
		{Name: "--savings-hourly-cost", Value: "2500", Source: "default"},
		{Name: "--admin-key", Value: "(set)", Source: "flag"},
		{Name: "SHOPKEEPER_STRIPE_SECRET_KEY", Value: "(set)", Source: "env"},
		{Name: "SHOPKEEPER_SMTP_ADDR", Value: "", Source: "default"},
	} {
		g := got[w.Name]
		if g.Value != w.Value || g.Source != w.Source {
			t.Errorf("%s = %q from %q, want %q from %q", w.Name, g.Value, g.Source, w.Value, w.Source)
		}
	}
	if got["--savings-minutes"].Env != "SHOPKEEPER_SAVINGS_MINUTES" {
		t.Errorf("--savings-minutes env = %q", got["--savings-minutes"].Env)
	}
	for _, s := range c.Effective.List {
		if strings.Contains(s.Value, strongKey) || strings.Contains(s.Value, "sk_test_x") {
			t.Errorf("%s shows a secret", s.Name)
		}
	}
	if c.SavingsMinutes != 9 || c.SavingsHourlyCost != 2500 {
		t.Errorf("savings settings %d, %d", c.SavingsMinutes, c.SavingsHourlyCost)
	}
}

func TestParseServe_ProfilerOnLoopbackOnly(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		want    string
		wantErr bool
	}{
		{want: ""}, // off by default
		{args: []string{"--pprof-addr", "127.0.0.1:6060"}, want: "127.0.0.1:6060"},
		{env: map[string]string{"SHOPKEEPER_PPROF_ADDR": "[::1]:6060"}, want: "[::1]:6060"},
		{args: []string{"--pprof-addr", "localhost:6060"}, want: "localhost:6060"},
		{args: []string{"--pprof-addr", "0.0.0.0:6060"}, wantErr: true},
		{args: []string{"--pprof-addr", ":6060"}, wantErr: true},
		{args: []string{"--pprof-addr", "203.0.113.7:6060"}, wantErr: true},
		{args: []string{"--pprof-addr", "6060"}, wantErr: true},
	}
	for _, tt := range tests {
		args := append([]string{"--public-url", "https://shop.example.com"}, tt.args...)
		c, err := ParseServe(args, env(tt.env), io.Discard)
		if (err != nil) != tt.wantErr {
			t.Errorf("%v %v: err = %v, want error %v", tt.args, tt.env, err, tt.wantErr)
			continue
		}
		if err == nil && c.PprofAddr != tt.want {
			t.Errorf("%v %v: PprofAddr = %q, want %q", tt.args, tt.env, c.PprofAddr, tt.want)
		}
	}
}
