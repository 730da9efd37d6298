package app

import (
	"context"
	"log/slog"
	"strconv"
	"time"

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
