// Package config reads the server's settings from flags and the environment,
// in one place, and checks them before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything `shopkeeper serve` needs to start.
type Config struct {
	Addr            string // HOST:PORT to listen on
	DB              string // SQLite file path or postgres:// URL
	AdminKey        string // bearer key of the admin API; empty disables it
	Demo            bool   // seed the demo shop
	DefaultLanguage string // shop's default language
	Currency        string // shop's currency
	PublicURL       string // base URL for links sent to shoppers; empty = derived from the request
	ShopName        string // the shop's name as shoppers read it
	Tone            string // friendly (default) or formal: how replies are worded
	ShippingRules   string // JSON file of shipping rules; empty = the built-in rules
	ReturnPolicy    string // JSON file of the return policy; empty = the built-in policy
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
	// RetentionDays redacts conversations idle for longer; 0 keeps them.
	RetentionDays int
}

// Defaults are the embedded-default settings.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              "shopkeeper.db",
		DefaultLanguage: "en",
		Currency:        "EUR",
	}
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
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "base URL of links sent to shoppers (env SHOPKEEPER_PUBLIC_URL)")
	fs.StringVar(&c.SupportHours, "support-hours", c.SupportHours, `when the team answers chats, e.g. "Mon-Fri 09:00-18:00"; empty: always (env SHOPKEEPER_SUPPORT_HOURS)`)
	fs.StringVar(&c.TimeZone, "timezone", c.TimeZone, "time zone of the support hours, e.g. Europe/Amsterdam (env SHOPKEEPER_TIMEZONE)")
	fs.IntVar(&c.RiskStepUp, "risk-step-up", c.RiskStepUp, "fraud score from which a chat order asks for 3-D Secure (env SHOPKEEPER_RISK_STEP_UP; default 30)")
	fs.IntVar(&c.RiskHold, "risk-hold", c.RiskHold, "fraud score from which a paid chat order waits for review (env SHOPKEEPER_RISK_HOLD; default 65)")
	fs.IntVar(&c.RiskBlock, "risk-block", c.RiskBlock, "fraud score from which a chat order is refused (env SHOPKEEPER_RISK_BLOCK; default 200)")
	fs.Int64Var(&c.RiskHighValue, "risk-high-value", c.RiskHighValue, "first-order total in minor units counted as high-value (env SHOPKEEPER_RISK_HIGH_VALUE; default 50000)")
	fs.IntVar(&c.RiskVelocity, "risk-velocity", c.RiskVelocity, "orders per e-mail, phone, client address or card in 24 h before it counts (env SHOPKEEPER_RISK_VELOCITY; default 3)")
	fs.IntVar(&c.RetentionDays, "retention-days", c.RetentionDays, "redact conversations idle for more days than this; 0 keeps them (env SHOPKEEPER_RETENTION_DAYS)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return c, c.Validate()
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
	if v := getenv("SHOPKEEPER_SUPPORT_HOURS"); v != "" {
		c.SupportHours = v
	}
	if v := getenv("SHOPKEEPER_TIMEZONE"); v != "" {
		c.TimeZone = v
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
	envInt("SHOPKEEPER_RISK_STEP_UP", &c.RiskStepUp)
	envInt("SHOPKEEPER_RISK_HOLD", &c.RiskHold)
	envInt("SHOPKEEPER_RISK_BLOCK", &c.RiskBlock)
	envInt("SHOPKEEPER_RISK_VELOCITY", &c.RiskVelocity)
	envInt("SHOPKEEPER_RETENTION_DAYS", &c.RetentionDays)
	if v := getenv("SHOPKEEPER_RISK_HIGH_VALUE"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			n = -1
		}
		c.RiskHighValue = n
	}
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("--addr %q: want HOST:PORT: %w", c.Addr, err)
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
	if c.AdminKey != "" && len(c.AdminKey) < 8 {
		return errors.New("--admin-key is too short: use at least 8 characters")
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
	for _, v := range []struct {
		name string
		n    int64
	}{{"SHOPKEEPER_RISK_STEP_UP", int64(c.RiskStepUp)}, {"SHOPKEEPER_RISK_HOLD", int64(c.RiskHold)}, {"SHOPKEEPER_RISK_BLOCK", int64(c.RiskBlock)},
		{"SHOPKEEPER_RISK_HIGH_VALUE", c.RiskHighValue}, {"SHOPKEEPER_RISK_VELOCITY", int64(c.RiskVelocity)}, {"SHOPKEEPER_RETENTION_DAYS", int64(c.RetentionDays)}} {
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
	return nil
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
