package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Channels are the messaging services the shop answers on; each is off
// until its settings are given (contract: "Messaging channels").
type Channels struct {
	WhatsApp  WhatsApp
	Messenger Messenger
	Telegram  Telegram
	Twilio    Twilio
}

// WhatsApp is the WhatsApp Cloud API.
type WhatsApp struct {
	Token, PhoneNumberID, AppSecret, VerifyToken string
	APIURL                                       string // default https://graph.facebook.com/v21.0
	// DisplayNumber is the shop's WhatsApp number in international form
	// (digits only), for "continue on WhatsApp" links.
	DisplayNumber string
}

// On reports whether the channel has what it needs to run.
func (w WhatsApp) On() bool { return w.Token != "" && w.PhoneNumberID != "" && w.AppSecret != "" }

// Messenger is Facebook Messenger through a page.
type Messenger struct {
	PageToken, AppSecret, VerifyToken string
	APIURL                            string // default https://graph.facebook.com/v21.0
}

// On reports whether the channel has what it needs to run.
func (m Messenger) On() bool { return m.PageToken != "" && m.AppSecret != "" }

// Telegram is a Telegram bot.
type Telegram struct {
	Token  string
	Secret string // the secret_token given to setWebhook
	APIURL string // default https://api.telegram.org
	// BotName is the bot's username, for "continue on Telegram" links.
	BotName string
}

// On reports whether the channel has what it needs to run.
func (t Telegram) On() bool { return t.Token != "" && t.Secret != "" }

// Twilio carries SMS and the voice line.
type Twilio struct {
	AccountSID, AuthToken, From string
	APIURL                      string // default https://api.twilio.com
	// HandoffNumber is where the voice line puts a caller through to a
	// person (E.164); empty: a colleague calls back.
	HandoffNumber string
}

// On reports whether the channel has what it needs to run.
func (t Twilio) On() bool { return t.AccountSID != "" && t.AuthToken != "" && t.From != "" }

// Platforms are the commerce platforms whose catalogue, stock and orders the
// shop follows (contract: "Commerce platforms").
type Platforms struct {
	Shopify     Shopify
	WooCommerce WooCommerce
	Magento     Magento
}

// Shopify is a Shopify store.
type Shopify struct {
	Shop          string // the store's myshopify.com domain
	Token         string // Admin API access token
	WebhookSecret string
	APIURL        string // default https://{Shop}/admin/api/2025-10/graphql.json
}

// WooCommerce is a WordPress shop with WooCommerce.
type WooCommerce struct {
	URL, Key, Secret string
	WebhookSecret    string
}

// Magento is a Magento / Adobe Commerce store.
type Magento struct {
	URL   string // base URL; the REST API lives under /rest/V1
	Token string // integration access token
}

// defaultIntegrations are the providers' real addresses; tests replace them
// with local stand-ins.
func defaultIntegrations(c *Config) {
	c.Channels.WhatsApp.APIURL = "https://graph.facebook.com/v21.0"
	c.Channels.Messenger.APIURL = "https://graph.facebook.com/v21.0"
	c.Channels.Telegram.APIURL = "https://api.telegram.org"
	c.Channels.Twilio.APIURL = "https://api.twilio.com"
	c.CartRecoveryAfter = time.Hour
}

func integrationsFromEnv(c *Config, getenv func(string) string) {
	set := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	wa, ms, tg, tw := &c.Channels.WhatsApp, &c.Channels.Messenger, &c.Channels.Telegram, &c.Channels.Twilio
	set("SHOPKEEPER_WHATSAPP_TOKEN", &wa.Token)
	set("SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID", &wa.PhoneNumberID)
	set("SHOPKEEPER_WHATSAPP_APP_SECRET", &wa.AppSecret)
	set("SHOPKEEPER_WHATSAPP_VERIFY_TOKEN", &wa.VerifyToken)
	set("SHOPKEEPER_WHATSAPP_API_URL", &wa.APIURL)
	set("SHOPKEEPER_WHATSAPP_DISPLAY_NUMBER", &wa.DisplayNumber)
	set("SHOPKEEPER_MESSENGER_PAGE_TOKEN", &ms.PageToken)
	set("SHOPKEEPER_MESSENGER_APP_SECRET", &ms.AppSecret)
	set("SHOPKEEPER_MESSENGER_VERIFY_TOKEN", &ms.VerifyToken)
	set("SHOPKEEPER_MESSENGER_API_URL", &ms.APIURL)
	set("SHOPKEEPER_TELEGRAM_TOKEN", &tg.Token)
	set("SHOPKEEPER_TELEGRAM_SECRET", &tg.Secret)
	set("SHOPKEEPER_TELEGRAM_API_URL", &tg.APIURL)
	set("SHOPKEEPER_TELEGRAM_BOT_NAME", &tg.BotName)
	set("SHOPKEEPER_TWILIO_ACCOUNT_SID", &tw.AccountSID)
	set("SHOPKEEPER_TWILIO_AUTH_TOKEN", &tw.AuthToken)
	set("SHOPKEEPER_TWILIO_FROM", &tw.From)
	set("SHOPKEEPER_TWILIO_API_URL", &tw.APIURL)
	set("SHOPKEEPER_TWILIO_HANDOFF_NUMBER", &tw.HandoffNumber)
	sh, woo, mg := &c.Platforms.Shopify, &c.Platforms.WooCommerce, &c.Platforms.Magento
	set("SHOPKEEPER_SHOPIFY_SHOP", &sh.Shop)
	set("SHOPKEEPER_SHOPIFY_TOKEN", &sh.Token)
	set("SHOPKEEPER_SHOPIFY_WEBHOOK_SECRET", &sh.WebhookSecret)
	set("SHOPKEEPER_SHOPIFY_API_URL", &sh.APIURL)
	set("SHOPKEEPER_WOO_URL", &woo.URL)
	set("SHOPKEEPER_WOO_KEY", &woo.Key)
	set("SHOPKEEPER_WOO_SECRET", &woo.Secret)
	set("SHOPKEEPER_WOO_WEBHOOK_SECRET", &woo.WebhookSecret)
	set("SHOPKEEPER_MAGENTO_URL", &mg.URL)
	set("SHOPKEEPER_MAGENTO_TOKEN", &mg.Token)
	if v := getenv("SHOPKEEPER_CART_RECOVERY_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			d = -1 // Validate names the variable
		}
		c.CartRecoveryAfter = d
	}
}

// validIntegrations refuses half-configured channels and platforms, which
// would otherwise fail silently on the first webhook.
func (c *Config) validIntegrations() error {
	if c.CartRecoveryAfter < 0 {
		return errors.New("SHOPKEEPER_CART_RECOVERY_AFTER: want a Go duration such as 1h or 30m")
	}
	if c.CartRecoveryAfter == 0 {
		c.CartRecoveryAfter = time.Hour
	}
	if sh := &c.Platforms.Shopify; sh.APIURL == "" && sh.Shop != "" {
		sh.APIURL = "https://" + sh.Shop + "/admin/api/2025-10/graphql.json"
	}
	ch, p := c.Channels, c.Platforms
	for _, s := range []struct {
		name       string
		given, all []string
	}{
		{"WhatsApp", []string{ch.WhatsApp.Token, ch.WhatsApp.PhoneNumberID, ch.WhatsApp.AppSecret}, []string{"SHOPKEEPER_WHATSAPP_TOKEN", "SHOPKEEPER_WHATSAPP_PHONE_NUMBER_ID", "SHOPKEEPER_WHATSAPP_APP_SECRET"}},
		{"Messenger", []string{ch.Messenger.PageToken, ch.Messenger.AppSecret}, []string{"SHOPKEEPER_MESSENGER_PAGE_TOKEN", "SHOPKEEPER_MESSENGER_APP_SECRET"}},
		{"Telegram", []string{ch.Telegram.Token, ch.Telegram.Secret}, []string{"SHOPKEEPER_TELEGRAM_TOKEN", "SHOPKEEPER_TELEGRAM_SECRET"}},
		{"Twilio", []string{ch.Twilio.AccountSID, ch.Twilio.AuthToken, ch.Twilio.From}, []string{"SHOPKEEPER_TWILIO_ACCOUNT_SID", "SHOPKEEPER_TWILIO_AUTH_TOKEN", "SHOPKEEPER_TWILIO_FROM"}},
		{"Shopify", []string{p.Shopify.Shop + p.Shopify.APIURL, p.Shopify.Token}, []string{"SHOPKEEPER_SHOPIFY_SHOP (or _API_URL)", "SHOPKEEPER_SHOPIFY_TOKEN"}},
		{"WooCommerce", []string{p.WooCommerce.URL, p.WooCommerce.Key, p.WooCommerce.Secret}, []string{"SHOPKEEPER_WOO_URL", "SHOPKEEPER_WOO_KEY", "SHOPKEEPER_WOO_SECRET"}},
		{"Magento", []string{p.Magento.URL, p.Magento.Token}, []string{"SHOPKEEPER_MAGENTO_URL", "SHOPKEEPER_MAGENTO_TOKEN"}},
	} {
		var missing []string
		for i, v := range s.given {
			if v == "" {
				missing = append(missing, s.all[i])
			}
		}
		if len(missing) > 0 && len(missing) < len(s.given) {
			return fmt.Errorf("%s is half configured: %s missing", s.name, strings.Join(missing, ", "))
		}
	}
	if ch.Twilio.On() && c.PublicURL == "" {
		return errors.New("SMS (Twilio) needs --public-url (SHOPKEEPER_PUBLIC_URL): Twilio signs the webhook's public URL")
	}
	return nil
}
