package config

import (
	"flag"
	"strings"
)

// Setting is one effective setting as the web admin shows it: its value
// (secrets only say whether they are set) and where the value came from.
type Setting struct {
	Name   string `json:"name"`             // the flag, or the variable of a setting without one
	Env    string `json:"env,omitempty"`    // the environment variable that also sets it
	Value  string `json:"value"`            // "" when unset; "(set)" for a secret
	Source string `json:"source"`           // flag, env or default
	Secret bool   `json:"secret,omitempty"` // the value is never shown
	Usage  string `json:"usage,omitempty"`
	// Editable names the setting the web admin may override (PUT
	// /api/v1/admin/settings/{editable}); empty: flags and environment only.
	Editable string `json:"editable,omitempty"`
}

// Effective is the list of settings the server started with. It sits
// behind a pointer so Config stays comparable.
type Effective struct {
	List []Setting
}

// envOnly are settings read from the environment alone, shown with the
// flags: the outside services and the shop's mail and tax settings.
var envOnly = []string{
	"SHOPKEEPER_VAT_RATE", "SHOPKEEPER_IDENTITY_SECRET", "SHOPKEEPER_CARRIER_WEBHOOK_SECRET",
	"SHOPKEEPER_STRIPE_SECRET_KEY", "SHOPKEEPER_STRIPE_WEBHOOK_SECRET", "SHOPKEEPER_MAIL_OUTBOX", "SHOPKEEPER_METRICS_PUBLIC",
	"SHOPKEEPER_SMTP_ADDR", "SHOPKEEPER_SMTP_USER", "SHOPKEEPER_SMTP_PASSWORD", "SHOPKEEPER_SMTP_FROM",
	"SHOPKEEPER_CART_RECOVERY_AFTER",
	"SHOPKEEPER_WHATSAPP_TOKEN", "SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID", "SHOPKEEPER_WHATSAPP_APP_SECRET", "SHOPKEEPER_WHATSAPP_DISPLAY_NUMBER",
	"SHOPKEEPER_MESSENGER_PAGE_TOKEN", "SHOPKEEPER_MESSENGER_APP_SECRET",
	"SHOPKEEPER_TELEGRAM_TOKEN", "SHOPKEEPER_TELEGRAM_SECRET", "SHOPKEEPER_TELEGRAM_BOT_NAME",
	"SHOPKEEPER_TWILIO_ACCOUNT_SID", "SHOPKEEPER_TWILIO_AUTH_TOKEN", "SHOPKEEPER_TWILIO_FROM", "SHOPKEEPER_TWILIO_HANDOFF_NUMBER",
	"SHOPKEEPER_SHOPIFY_SHOP", "SHOPKEEPER_SHOPIFY_TOKEN", "SHOPKEEPER_WOO_URL", "SHOPKEEPER_WOO_KEY", "SHOPKEEPER_MAGENTO_URL", "SHOPKEEPER_MAGENTO_TOKEN",
}

// secretName tells a secret by its name: keys, secrets, tokens and
// passwords, and the database address, which may carry a password.
func secretName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"key", "secret", "token", "password", "sid"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "db" || n == "shopkeeper_db"
}

// describe lists every flag of fs, once parsed and checked, and the
// environment-only settings, each with where its value came from.
func describe(fs *flag.FlagSet, getenv func(string) string) *Effective {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	e := &Effective{}
	fs.VisitAll(func(f *flag.Flag) {
		s := Setting{Name: "--" + f.Name, Value: f.Value.String(), Source: "default", Usage: f.Usage}
		if _, rest, ok := strings.Cut(f.Usage, "(env "); ok {
			s.Env, _, _ = strings.Cut(rest, ")")
			s.Env, _, _ = strings.Cut(s.Env, ";")
			s.Usage = strings.TrimSpace(strings.Split(f.Usage, "(env ")[0])
		}
		switch {
		case given[f.Name]:
			s.Source = "flag"
		case s.Env != "" && getenv(s.Env) != "":
			s.Source = "env"
		}
		e.List = append(e.List, mask(s))
	})
	for _, name := range envOnly {
		s := Setting{Name: name, Env: name, Value: getenv(name), Source: "default"}
		if s.Value != "" {
			s.Source = "env"
		}
		e.List = append(e.List, mask(s))
	}
	return e
}

func mask(s Setting) Setting {
	if secretName(strings.TrimPrefix(s.Name, "--")) {
		s.Secret = true
		if s.Value != "" {
			s.Value = "(set)"
		}
	}
	return s
}
