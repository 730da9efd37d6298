package app

import (
	"context"
	"strconv"

	"github.com/shopkeeper/shopkeeper/internal/settings"
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
