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
	// Stripe: with a secret key, payments go through Stripe Checkout instead
	// of the built-in test gateway.
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string // default https://api.stripe.com; stripe-mock in tests
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
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "base URL of links sent to shoppers (env SHOPKEEPER_PUBLIC_URL)")
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
	c.StripeSecretKey = getenv("SHOPKEEPER_STRIPE_SECRET_KEY")
	c.StripeWebhookSecret = getenv("SHOPKEEPER_STRIPE_WEBHOOK_SECRET")
	c.StripeAPIBase = getenv("SHOPKEEPER_STRIPE_API_BASE")
	if v := getenv("SHOPKEEPER_PUBLIC_URL"); v != "" {
		c.PublicURL = v
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
	if c.StripeSecretKey != "" && c.StripeWebhookSecret == "" {
		return errors.New("SHOPKEEPER_STRIPE_WEBHOOK_SECRET is needed with SHOPKEEPER_STRIPE_SECRET_KEY: without it no payment could be confirmed")
	}
	return nil
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
