package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/settings"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// wireSettings loads the settings edited in the web admin over the flag and
// environment defaults. The tone, the support hours and the loyalty rules
// read them at the point of use (see wire, wireInbox and wireLoyalty).
func (a *App) wireSettings(ctx context.Context) error {
	cfg := a.Config
	tone := cfg.Tone
	if tone == "" {
		tone = "friendly"
	}
	a.Settings = settings.New(a.DB, map[string]string{
		settings.Tone:                 tone,
		settings.SupportHours:         cfg.SupportHours,
		settings.TimeZone:             cfg.TimeZone,
		settings.LoyaltyPointsPerUnit: strconv.FormatInt(cfg.Loyalty.PointsPerUnit, 10),
		settings.LoyaltyPointValue:    strconv.FormatInt(cfg.Loyalty.PointValue, 10),
		settings.LoyaltyMinRedeem:     strconv.FormatInt(cfg.Loyalty.MinRedeem, 10),
	})
	return a.Settings.Load(ctx)
}

// refreshSettings reads the saved settings again every interval on
// PostgreSQL, where other instances may have saved a change; on SQLite the
// one instance saw every change itself.
func (a *App) refreshSettings(ctx context.Context, interval time.Duration) {
	if a.DB.Dialect != store.Postgres || a.Settings == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.Settings.Load(ctx); err != nil && ctx.Err() == nil {
				slog.ErrorContext(ctx, "reload settings", "err", err)
			}
		}
	}
}

// wireDocuments registers the settings that are JSON documents, each over
// its flag or file default: the return policy (returns and the shop-facts
// answers read it from the returns service), the shipping rules (one
// *fulfilment.Rules shared by the checkout, the answers and the simulated
// carrier, replaced in place), the away message and the channel switches.
// Then the saved values are read again, so a saved document is in force
// before the first request.
func (a *App) wireDocuments(ctx context.Context, shipping *fulfilment.Rules) error {
	def := a.Returns.Policy()
	policyDefault, err := json.Marshal(def)
	if err != nil {
		return err
	}
	zones, err := json.Marshal(shipping.Zones())
	if err != nil {
		return err
	}
	docs := []struct {
		name string
		doc  settings.Document
	}{
		{settings.ReturnPolicy, settings.Document{Default: policyDefault,
			Check: func(b []byte) ([]byte, error) {
				_, canon, err := returns.CheckPolicy(b)
				if err != nil {
					return nil, settings.Invalid(settings.ReturnPolicy, err)
				}
				return canon, nil
			},
			Apply: func(b []byte) {
				if p, _, err := returns.CheckPolicy(b); err == nil {
					a.Returns.SetPolicy(p)
				}
			}}},
		{settings.ShippingRules, settings.Document{Default: zones,
			Check: func(b []byte) ([]byte, error) {
				z, err := fulfilment.ParseZones(b)
				if err != nil {
					return nil, settings.Invalid(settings.ShippingRules, err)
				}
				return json.Marshal(z)
			},
			Apply: func(b []byte) {
				if z, err := fulfilment.ParseZones(b); err == nil {
					shipping.Replace(z)
				}
			}}},
		{settings.AwayMessage, settings.Document{Default: []byte(`{}`),
			Check: func(b []byte) ([]byte, error) {
				m, err := inbox.ParseAwayMessages(b, config.Languages)
				if err != nil {
					return nil, settings.Invalid(settings.AwayMessage, err)
				}
				return json.Marshal(m)
			},
			Apply: func(b []byte) {
				if m, err := inbox.ParseAwayMessages(b, config.Languages); err == nil {
					a.away.Store(&m)
				}
			}}},
		{settings.Channels, settings.Document{Default: []byte(`{}`),
			Check: func(b []byte) ([]byte, error) {
				sw, err := channel.ParseSwitches(b)
				if err != nil {
					return nil, settings.Invalid(settings.Channels, err)
				}
				return json.Marshal(sw)
			},
			Apply: func(b []byte) {
				if sw, err := channel.ParseSwitches(b); err == nil {
					a.switches.Store(&sw)
				}
			}}},
	}
	for _, d := range docs {
		if err := a.Settings.Register(d.name, d.doc); err != nil {
			// A file the server has always run with (say, shipping rules
			// with an option code of its own) keeps working; it just cannot
			// be edited in the admin until it passes the admin's checks.
			slog.WarnContext(ctx, "setting not editable in the admin: its file does not pass the admin's checks", "setting", d.name, "err", err)
		}
	}
	if a.Channels != nil {
		a.Channels.Off = a.channelOff
	}
	return a.Settings.Load(ctx)
}

// awayMessage is the retailer's away text in lang, "" for the catalogue's.
func (a *App) awayMessage(lang string) string {
	if m := a.away.Load(); m != nil {
		return (*m)[lang]
	}
	return ""
}

// channelOff reports a channel the retailer switched off.
func (a *App) channelOff(name string) bool {
	if sw := a.switches.Load(); sw != nil {
		if s, ok := (*sw)[name]; ok {
			return !s.Enabled
		}
	}
	return false
}
