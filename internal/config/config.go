// Package config reads the server's settings from flags and the environment,
// in one place, and checks them before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/limit"
)

// Config is everything `shopkeeper serve` needs to start.
type Config struct {
	Addr            string // HOST:PORT to listen on
	DB              string // SQLite file path or postgres:// URL
	AdminKey        string // bearer key of the admin API; empty disables it
	Demo            bool   // seed the demo shop
	DefaultLanguage string // shop's default language
	Currency        string // shop's currency
	PublicURL       string // base URL for links sent to shoppers; required outside the demo
	// TrustedProxies are the comma-separated CIDRs (or single addresses)
	// whose X-Forwarded-For, X-Forwarded-Proto and Forwarded headers are
	// believed; from anyone else those headers are ignored.
	TrustedProxies string
	// TestGateway turns the built-in test payment page on outside the demo.
	// It moves no money: anyone could mark an order paid on it.
	TestGateway   bool
	ShopName      string // the shop's name as shoppers read it
	Tone          string // friendly (default) or formal: how replies are worded
	ShippingRules string // JSON file of shipping rules; empty = the built-in rules
	ReturnPolicy  string // JSON file of the return policy; empty = the built-in policy
	// Stripe: with a secret key, payments go through Stripe Checkout instead
	// of the built-in test gateway.
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string // default https://api.stripe.com; stripe-mock in tests
	// CarrierWebhookSecret verifies carriers' pushed tracking events; empty
	// refuses them all.
	CarrierWebhookSecret string
	// VATRate is the VAT included in prices, in basis points (2100 = 21%),
	// printed on invoices; 0 prints none. SHOPKEEPER_VAT_RATE takes percent.
	VATRate int64
	// SupportHours are when the team answers chats ("Mon-Fri 09:00-18:00";
	// empty: always), in TimeZone (an IANA name; empty: UTC).
	SupportHours string
	TimeZone     string
	// Limits against floods, as given (RateLimits "on" or "off", rates in
	// limit.ParseRate's form); Validate reads them into Limits.
	RateLimits              string
	RateAddress             string
	RateConversations       string
	RateMessages            string
	RateLogins              string
	LookupFailuresPerClient string
	LookupFailuresPerOrder  string
	LiveConnections         int
	Limits                  Limits
	// IdentitySecret is shared with the shop's own site, which signs the
	// customer it has signed in (see identity.Sign); empty: e-mails in the
	// create call never tie a conversation to a customer.
	IdentitySecret string
	// SMTP sends the one-time codes that prove a shopper owns an e-mail
	// address. Without it (and outside the demo and tests) no codes are sent.
	SMTPAddr     string
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	// MailOutbox keeps mail in the database instead of sending it, shown at
	// /demo/outbox: on in the demo, and for test suites (SHOPKEEPER_MAIL_OUTBOX=1).
	MailOutbox bool
	// MetricsPublic serves /metrics without the admin key, for a scraper
	// on a private network (SHOPKEEPER_METRICS_PUBLIC=1).
	MetricsPublic bool
	// PprofAddr, when set, serves Go's profiler (net/http/pprof) on this
	// loopback address for performance work (SHOPKEEPER_PPROF_ADDR). Off by
	// default: profiles reveal internals and cost CPU while taken.
	PprofAddr string
	// Fraud checks (internal/risk): the scores at which a chat order asks
	// for 3-D Secure, is held for review, or is refused; a first order's
	// total (minor units) counted as high-value; orders per e-mail, phone,
	// client address or card in 24 hours before velocity counts. Zero
	// keeps the built-in value.
	RiskStepUp    int
	RiskHold      int
	RiskBlock     int
	RiskHighValue int64
	RiskVelocity  int
	Loyalty       Loyalty // points rules (loyalty.go)
	// RetentionDays redacts conversations idle for longer; 0 keeps them.
	RetentionDays int
	// Channels and Platforms are the outside services (integrations.go).
	Channels  Channels
	Platforms Platforms
	// CartRecoveryAfter is how long a cart waits before its one recovery
	// message (SHOPKEEPER_CART_RECOVERY_AFTER, default 1h).
	CartRecoveryAfter time.Duration
	// Proactive: quiet hours, marketing cap, recovery code (proactive.go).
	Proactive Proactive
	// The operational-savings estimate of the dashboard: minutes a person
	// would spend on a conversation the bot contained, and the cost of an
	// hour of such work in minor units of Currency.
	SavingsMinutes    int
	SavingsHourlyCost int64
	// Effective lists the settings with where each came from, for the
	// web admin's settings page (settings.go); set by ParseServe.
	Effective *Effective
}

// Limits are the flood limits, read and checked (see internal/limit).
type Limits struct {
	// Off lifts the request rates and the live-connection cap, for load
	// benchmarks only; sign-in back-off and the order-lookup lock stay.
	Off bool
	// Address: every API call of one client address; Conversations: new
	// conversations per address; Messages: messages per conversation;
	// Logins: agent sign-in attempts per address.
	Address, Conversations, Messages, Logins limit.Rate
	// Failed order lookups (number + e-mail in the chat) per client and per
	// order number, counted in the database across conversations.
	LookupFailuresPerClient, LookupFailuresPerOrder limit.Rate
	// LiveConnections caps WebSockets per shopper token and agent session.
	LiveConnections int
}

// Defaults are the embedded-default settings.
func Defaults() Config {
	c := Config{
		Addr:            "127.0.0.1:8080",
		DB:              "shopkeeper.db",
		DefaultLanguage: "en",
		Currency:        "EUR",
		// Why these numbers: README "Limits". An honest scripted client on
		// one address (20 new conversations and 200 messages a second, 30
		// quick messages in one conversation) stays below all of them; a
		// flood of 600 new conversations in a second gets about 130.
		RateLimits:              "on",
		Loyalty:                 DefaultLoyalty(),
		RateAddress:             "500/s,1000",
		RateConversations:       "30/s,100",
		RateMessages:            "10/s,60",
		RateLogins:              "20/m,20",
		LookupFailuresPerClient: "5/h",
		LookupFailuresPerOrder:  "10/h",
		LiveConnections:         5,
		// A chat a person handles takes some 6 minutes; an hour of a
		// support agent costs the shop about 25.00 with overheads.
		SavingsMinutes:    6,
		SavingsHourlyCost: 2500,
	}
	defaultIntegrations(&c)
	defaultProactive(&c)
	return c
}

// Languages the shop speaks; the NLU and the message catalogues cover all of them.
var Languages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

// ParseServe reads `serve` flags; each flag falls back to its SHOPKEEPER_* variable.
func ParseServe(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Defaults()
	fromEnv(&c, getenv)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address HOST:PORT (env SHOPKEEPER_ADDR)")
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file path or postgres:// URL (env SHOPKEEPER_DB)")
	fs.StringVar(&c.AdminKey, "admin-key", c.AdminKey, "bearer key for the admin API (env SHOPKEEPER_ADMIN_KEY)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "seed the demo shop (env SHOPKEEPER_DEMO)")
	fs.StringVar(&c.DefaultLanguage, "lang", c.DefaultLanguage, "shop's default language (env SHOPKEEPER_LANG)")
	fs.StringVar(&c.Currency, "currency", c.Currency, "shop's currency (env SHOPKEEPER_CURRENCY)")
	fs.StringVar(&c.ShopName, "shop-name", c.ShopName, "the shop's name as shoppers read it (env SHOPKEEPER_SHOP_NAME)")
	fs.StringVar(&c.Tone, "tone", c.Tone, "how replies are worded: friendly or formal (env SHOPKEEPER_TONE)")
	fs.StringVar(&c.ShippingRules, "shipping-rules", c.ShippingRules, "JSON file of shipping rules (env SHOPKEEPER_SHIPPING_RULES)")
	fs.StringVar(&c.ReturnPolicy, "return-policy", c.ReturnPolicy, "JSON file of the return policy (env SHOPKEEPER_RETURN_POLICY)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "base URL shoppers reach the shop at, e.g. https://shop.example.com; required outside --demo (env SHOPKEEPER_PUBLIC_URL)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated CIDRs of reverse proxies whose X-Forwarded-*/Forwarded headers are believed (env SHOPKEEPER_TRUSTED_PROXIES)")
	fs.BoolVar(&c.TestGateway, "test-gateway", c.TestGateway, "serve the built-in test payment page outside --demo: it takes no real money (env SHOPKEEPER_TEST_GATEWAY)")
	fs.StringVar(&c.SupportHours, "support-hours", c.SupportHours, `when the team answers chats, e.g. "Mon-Fri 09:00-18:00"; empty: always (env SHOPKEEPER_SUPPORT_HOURS)`)
	fs.StringVar(&c.TimeZone, "timezone", c.TimeZone, "time zone of the support hours, e.g. Europe/Amsterdam (env SHOPKEEPER_TIMEZONE)")
	fs.StringVar(&c.RateLimits, "rate-limits", c.RateLimits, "on, or off to lift the rate limits for load benchmarks only (env SHOPKEEPER_RATE_LIMITS)")
	fs.StringVar(&c.RateAddress, "rate-address", c.RateAddress, "API calls per client address, N/s|m|h[,BURST] (env SHOPKEEPER_RATE_ADDRESS)")
	fs.StringVar(&c.RateConversations, "rate-conversations", c.RateConversations, "new conversations per client address (env SHOPKEEPER_RATE_CONVERSATIONS)")
	fs.StringVar(&c.RateMessages, "rate-messages", c.RateMessages, "messages per conversation (env SHOPKEEPER_RATE_MESSAGES)")
	fs.StringVar(&c.RateLogins, "rate-logins", c.RateLogins, "agent sign-in attempts per client address (env SHOPKEEPER_RATE_LOGINS)")
	fs.StringVar(&c.LookupFailuresPerClient, "lookup-failures-client", c.LookupFailuresPerClient, "failed order lookups in the chat per client address (env SHOPKEEPER_LOOKUP_FAILURES_CLIENT)")
	fs.StringVar(&c.LookupFailuresPerOrder, "lookup-failures-order", c.LookupFailuresPerOrder, "failed order lookups in the chat per order number (env SHOPKEEPER_LOOKUP_FAILURES_ORDER)")
	fs.IntVar(&c.LiveConnections, "live-connections", c.LiveConnections, "live connections per shopper token or agent session (env SHOPKEEPER_LIVE_CONNECTIONS)")
	fs.IntVar(&c.RiskStepUp, "risk-step-up", c.RiskStepUp, "fraud score from which a chat order asks for 3-D Secure (env SHOPKEEPER_RISK_STEP_UP; default 30)")
	fs.IntVar(&c.RiskHold, "risk-hold", c.RiskHold, "fraud score from which a paid chat order waits for review (env SHOPKEEPER_RISK_HOLD; default 65)")
	fs.IntVar(&c.RiskBlock, "risk-block", c.RiskBlock, "fraud score from which a chat order is refused (env SHOPKEEPER_RISK_BLOCK; default 200)")
	fs.Int64Var(&c.RiskHighValue, "risk-high-value", c.RiskHighValue, "first-order total in minor units counted as high-value (env SHOPKEEPER_RISK_HIGH_VALUE; default 50000)")
	fs.IntVar(&c.RiskVelocity, "risk-velocity", c.RiskVelocity, "orders per e-mail, phone, client address or card in 24 h before it counts (env SHOPKEEPER_RISK_VELOCITY; default 3)")
	fs.StringVar(&c.PprofAddr, "pprof-addr", c.PprofAddr, "serve Go's profiler on this loopback HOST:PORT, for performance work; off when empty (env SHOPKEEPER_PPROF_ADDR)")
	fs.IntVar(&c.RetentionDays, "retention-days", c.RetentionDays, "redact conversations idle for more days than this; 0 keeps them (env SHOPKEEPER_RETENTION_DAYS)")
	fs.IntVar(&c.SavingsMinutes, "savings-minutes", c.SavingsMinutes, "minutes a person would spend on a conversation the bot contained, for the savings estimate (env SHOPKEEPER_SAVINGS_MINUTES)")
	fs.Int64Var(&c.SavingsHourlyCost, "savings-hourly-cost", c.SavingsHourlyCost, "cost of an hour of an agent in minor units of the currency, for the savings estimate (env SHOPKEEPER_SAVINGS_HOURLY_COST)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := c.ValidateServe(); err != nil {
		return c, err
	}
	c.Effective = describe(fs, getenv)
	return c, nil
}

// ParseDB reads the --db flag of the commands that only need the database.
func ParseDB(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, *flag.FlagSet, error) {
	c := Defaults()
	fromEnv(&c, getenv)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file path or postgres:// URL (env SHOPKEEPER_DB)")
	fs.StringVar(&c.Currency, "currency", c.Currency, "shop's currency (env SHOPKEEPER_CURRENCY)")
	if err := fs.Parse(args); err != nil {
		return c, fs, err
	}
	return c, fs, c.Validate()
}

func fromEnv(c *Config, getenv func(string) string) {
	if v := getenv("SHOPKEEPER_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("SHOPKEEPER_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("SHOPKEEPER_ADMIN_KEY"); v != "" {
		c.AdminKey = v
	}
	if v := getenv("SHOPKEEPER_DEMO"); v != "" {
		c.Demo, _ = strconv.ParseBool(v)
	}
	if v := getenv("SHOPKEEPER_LANG"); v != "" {
		c.DefaultLanguage = v
	}
	if v := getenv("SHOPKEEPER_CURRENCY"); v != "" {
		c.Currency = v
	}
	if v := getenv("SHOPKEEPER_SHOP_NAME"); v != "" {
		c.ShopName = v
	}
	if v := getenv("SHOPKEEPER_TONE"); v != "" {
		c.Tone = v
	}
	if v := getenv("SHOPKEEPER_SHIPPING_RULES"); v != "" {
		c.ShippingRules = v
	}
	if v := getenv("SHOPKEEPER_RETURN_POLICY"); v != "" {
		c.ReturnPolicy = v
	}
	c.StripeSecretKey = getenv("SHOPKEEPER_STRIPE_SECRET_KEY")
	c.StripeWebhookSecret = getenv("SHOPKEEPER_STRIPE_WEBHOOK_SECRET")
	c.StripeAPIBase = getenv("SHOPKEEPER_STRIPE_API_BASE")
	c.CarrierWebhookSecret = getenv("SHOPKEEPER_CARRIER_WEBHOOK_SECRET")
	if v := getenv("SHOPKEEPER_VAT_RATE"); v != "" {
		c.VATRate = basisPoints(v)
	}
	if v := getenv("SHOPKEEPER_PUBLIC_URL"); v != "" {
		c.PublicURL = v
	}
	if v := getenv("SHOPKEEPER_TRUSTED_PROXIES"); v != "" {
		c.TrustedProxies = v
	}
	if v := getenv("SHOPKEEPER_TEST_GATEWAY"); v != "" {
		c.TestGateway, _ = strconv.ParseBool(v)
	}
	if v := getenv("SHOPKEEPER_SUPPORT_HOURS"); v != "" {
		c.SupportHours = v
	}
	if v := getenv("SHOPKEEPER_TIMEZONE"); v != "" {
		c.TimeZone = v
	}
	for name, field := range map[string]*string{
		"SHOPKEEPER_RATE_LIMITS": &c.RateLimits, "SHOPKEEPER_RATE_ADDRESS": &c.RateAddress,
		"SHOPKEEPER_RATE_CONVERSATIONS": &c.RateConversations, "SHOPKEEPER_RATE_MESSAGES": &c.RateMessages,
		"SHOPKEEPER_RATE_LOGINS": &c.RateLogins, "SHOPKEEPER_LOOKUP_FAILURES_CLIENT": &c.LookupFailuresPerClient,
		"SHOPKEEPER_LOOKUP_FAILURES_ORDER": &c.LookupFailuresPerOrder,
	} {
		if v := getenv(name); v != "" {
			*field = v
		}
	}
	if v := getenv("SHOPKEEPER_LIVE_CONNECTIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // Validate says what is wrong
		}
		c.LiveConnections = n
	}
	c.IdentitySecret = getenv("SHOPKEEPER_IDENTITY_SECRET")
	c.SMTPAddr = getenv("SHOPKEEPER_SMTP_ADDR")
	c.SMTPUser = getenv("SHOPKEEPER_SMTP_USER")
	c.SMTPPassword = getenv("SHOPKEEPER_SMTP_PASSWORD")
	c.SMTPFrom = getenv("SHOPKEEPER_SMTP_FROM")
	if v := getenv("SHOPKEEPER_MAIL_OUTBOX"); v != "" {
		c.MailOutbox, _ = strconv.ParseBool(v)
	}
	c.PprofAddr = getenv("SHOPKEEPER_PPROF_ADDR")
	if v := getenv("SHOPKEEPER_METRICS_PUBLIC"); v != "" {
		c.MetricsPublic, _ = strconv.ParseBool(v)
	}
	envInt := func(name string, dst *int) {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				n = -1 // Validate names the variable
			}
			*dst = n
		}
	}
	integrationsFromEnv(c, getenv)
	proactiveFromEnv(c, getenv)
	loyaltyFromEnv(c, getenv)
	envInt("SHOPKEEPER_RISK_STEP_UP", &c.RiskStepUp)
	envInt("SHOPKEEPER_RISK_HOLD", &c.RiskHold)
	envInt("SHOPKEEPER_RISK_BLOCK", &c.RiskBlock)
	envInt("SHOPKEEPER_RISK_VELOCITY", &c.RiskVelocity)
	envInt("SHOPKEEPER_RETENTION_DAYS", &c.RetentionDays)
	envInt("SHOPKEEPER_SAVINGS_MINUTES", &c.SavingsMinutes)
	if v := getenv("SHOPKEEPER_SAVINGS_HOURLY_COST"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			n = -1
		}
		c.SavingsHourlyCost = n
	}
	if v := getenv("SHOPKEEPER_RISK_HIGH_VALUE"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			n = -1
		}
		c.RiskHighValue = n
	}
}

// validLimits reads the limit settings into c.Limits.
func (c *Config) validLimits() error {
	d := Defaults()
	switch strings.ToLower(strings.TrimSpace(c.RateLimits)) {
	case "", "on", "true", "1":
		c.Limits.Off = false
	case "off", "false", "0":
		c.Limits.Off = true
	default:
		return fmt.Errorf("--rate-limits %q: want on or off", c.RateLimits)
	}
	for _, r := range []struct {
		flag      string
		val, dflt string
		into      *limit.Rate
	}{
		{"--rate-address", c.RateAddress, d.RateAddress, &c.Limits.Address},
		{"--rate-conversations", c.RateConversations, d.RateConversations, &c.Limits.Conversations},
		{"--rate-messages", c.RateMessages, d.RateMessages, &c.Limits.Messages},
		{"--rate-logins", c.RateLogins, d.RateLogins, &c.Limits.Logins},
		{"--lookup-failures-client", c.LookupFailuresPerClient, d.LookupFailuresPerClient, &c.Limits.LookupFailuresPerClient},
		{"--lookup-failures-order", c.LookupFailuresPerOrder, d.LookupFailuresPerOrder, &c.Limits.LookupFailuresPerOrder},
	} {
		v := r.val
		if strings.TrimSpace(v) == "" {
			v = r.dflt // a Config built in code without Defaults
		}
		rate, err := limit.ParseRate(v)
		if err != nil {
			return fmt.Errorf("%s: %w", r.flag, err)
		}
		*r.into = rate
	}
	if c.LiveConnections == 0 {
		c.LiveConnections = d.LiveConnections
	}
	if c.LiveConnections < 1 || c.LiveConnections > 1000 {
		return fmt.Errorf("--live-connections %d: want 1 to 1000", c.LiveConnections)
	}
	c.Limits.LiveConnections = c.LiveConnections
	return nil
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("--addr %q: want HOST:PORT: %w", c.Addr, err)
		}
	}
	if c.PprofAddr != "" {
		// The profiler shows the program's internals: loopback only.
		host, _, err := net.SplitHostPort(c.PprofAddr)
		ip, perr := netip.ParseAddr(host)
		if err != nil || (host != "localhost" && (perr != nil || !ip.IsLoopback())) {
			return fmt.Errorf("--pprof-addr %q: want a loopback HOST:PORT such as 127.0.0.1:6060", c.PprofAddr)
		}
	}
	if strings.TrimSpace(c.DB) == "" {
		return errors.New("--db is empty: give a SQLite file path or a postgres:// URL")
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = "en"
	}
	if c.Currency == "" {
		c.Currency = "EUR"
	}
	if c.Tone == "" {
		c.Tone = "friendly"
	}
	if c.Tone != "friendly" && c.Tone != "formal" {
		return fmt.Errorf("--tone %q: want friendly or formal", c.Tone)
	}
	if !SupportedLanguage(c.DefaultLanguage) {
		return fmt.Errorf("--lang %q: want one of %s", c.DefaultLanguage, strings.Join(Languages, ", "))
	}
	c.Currency = strings.ToUpper(c.Currency)
	if len(c.Currency) != 3 {
		return fmt.Errorf("--currency %q: want an ISO 4217 code such as EUR", c.Currency)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.VATRate < 0 || c.VATRate >= 10000 {
		return errors.New("SHOPKEEPER_VAT_RATE: want a percentage such as 21 or 9.5")
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return fmt.Errorf("--timezone %q: want an IANA time zone such as Europe/Amsterdam: %w", c.TimeZone, err)
		}
	}
	if err := c.validLimits(); err != nil {
		return err
	}
	if c.IdentitySecret != "" && len(c.IdentitySecret) < 16 {
		return errors.New("SHOPKEEPER_IDENTITY_SECRET is too short: use at least 16 random characters")
	}
	if c.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
			return fmt.Errorf("SHOPKEEPER_SMTP_ADDR %q: want HOST:PORT: %w", c.SMTPAddr, err)
		}
		if c.SMTPFrom == "" {
			return errors.New("SHOPKEEPER_SMTP_FROM is needed with SHOPKEEPER_SMTP_ADDR: the address codes are sent from")
		}
	}
	for _, v := range []struct {
		name string
		n    int64
	}{{"SHOPKEEPER_RISK_STEP_UP", int64(c.RiskStepUp)}, {"SHOPKEEPER_RISK_HOLD", int64(c.RiskHold)}, {"SHOPKEEPER_RISK_BLOCK", int64(c.RiskBlock)},
		{"SHOPKEEPER_RISK_HIGH_VALUE", c.RiskHighValue}, {"SHOPKEEPER_RISK_VELOCITY", int64(c.RiskVelocity)}, {"SHOPKEEPER_RETENTION_DAYS", int64(c.RetentionDays)},
		{"SHOPKEEPER_SAVINGS_MINUTES", int64(c.SavingsMinutes)}, {"SHOPKEEPER_SAVINGS_HOURLY_COST", c.SavingsHourlyCost}} {
		if v.n < 0 {
			return fmt.Errorf("%s: want a whole number of at least 0", v.name)
		}
	}
	if c.RiskStepUp > 0 && c.RiskHold > 0 && c.RiskStepUp > c.RiskHold || c.RiskHold > 0 && c.RiskBlock > 0 && c.RiskHold > c.RiskBlock {
		return errors.New("fraud scores: want SHOPKEEPER_RISK_STEP_UP <= SHOPKEEPER_RISK_HOLD <= SHOPKEEPER_RISK_BLOCK")
	}
	if c.StripeSecretKey != "" && c.StripeWebhookSecret == "" {
		return errors.New("SHOPKEEPER_STRIPE_WEBHOOK_SECRET is needed with SHOPKEEPER_STRIPE_SECRET_KEY: without it no payment could be confirmed")
	}
	if err := c.validProactive(); err != nil {
		return err
	}
	if err := c.validLoyalty(); err != nil {
		return err
	}
	return c.validIntegrations()
}

// ValidateServe checks, beyond Validate, what only a running server needs:
// the admin key's strength, where shoppers reach the shop, which proxies to
// believe and which payment gateway takes the money.
func (c *Config) ValidateServe() error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.AdminKey != "" {
		if why := WeakKey(c.AdminKey); why != "" {
			return fmt.Errorf("--admin-key (SHOPKEEPER_ADMIN_KEY) is %s: use at least %d random characters, e.g. from `openssl rand -base64 24`", why, MinAdminKey)
		}
	}
	if c.PublicURL == "" && !c.Demo {
		return errors.New("--public-url (SHOPKEEPER_PUBLIC_URL) is required outside --demo: the address shoppers reach the shop at, e.g. https://shop.example.com; links in chats are built from it")
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("--public-url %q: want an absolute http(s) URL such as https://shop.example.com", c.PublicURL)
		}
	}
	if _, err := c.Proxies(); err != nil {
		return err
	}
	if c.TestGateway && c.StripeSecretKey != "" {
		return errors.New("--test-gateway (SHOPKEEPER_TEST_GATEWAY) and SHOPKEEPER_STRIPE_SECRET_KEY are both set: the test page would let anyone mark an order paid without paying; turn the test gateway off")
	}
	return nil
}

// TestGatewayOn reports whether the built-in test payment page takes
// payments: with --demo or --test-gateway, and never beside a real gateway.
func (c Config) TestGatewayOn() bool {
	return (c.Demo || c.TestGateway) && c.StripeSecretKey == ""
}

// BaseURL is where shoppers reach the shop: the public URL, or in the demo
// without one the listen address.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://127.0.0.1:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Proxies parses TrustedProxies: CIDRs or single addresses, comma-separated.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies %q: want CIDRs such as 10.0.0.0/8 or addresses, comma-separated", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// MinAdminKey is the shortest admin key accepted.
const MinAdminKey = 24

// WeakKey says why a key is too weak to guard the admin API ("" when it is
// fine): shorter than MinAdminKey, too few different characters, or mostly
// runs such as "aaaa" or "1234". A key of random characters passes easily;
// the checks only catch what a person would type.
func WeakKey(k string) string {
	if len(k) < MinAdminKey {
		return fmt.Sprintf("too short (%d characters)", len(k))
	}
	distinct := map[byte]bool{}
	runs := 0
	for i := 0; i < len(k); i++ {
		distinct[k[i]] = true
		if i > 0 {
			if d := int(k[i]) - int(k[i-1]); d >= -1 && d <= 1 {
				runs++
			}
		}
	}
	if len(distinct) < 10 {
		return "too repetitive (fewer than 10 different characters)"
	}
	if runs*2 > len(k) {
		return "too predictable (mostly runs such as aaaa or abcd)"
	}
	// A short pattern repeated ("Passw0rd!Passw0rd!Passw0rd!") has many
	// different characters but little more entropy than one copy of it.
	for period := 1; period <= len(k)/3; period++ {
		if strings.Repeat(k[:period], len(k)/period+1)[:len(k)] == k {
			return "too repetitive (one pattern repeated)"
		}
	}
	return ""
}

// basisPoints reads a percentage with at most two decimals ("21", "9.5")
// as basis points without floating point; -1 when it is not one.
func basisPoints(v string) int64 {
	whole, frac, _ := strings.Cut(strings.TrimSpace(v), ".")
	if len(frac) > 2 {
		return -1
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || w >= 100 || f < 0 {
		return -1
	}
	return w*100 + f
}

// SupportedLanguage reports whether lang is one of the launch languages.
func SupportedLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Getenv is os.Getenv, named for callers that pass the environment in.
var Getenv = os.Getenv
