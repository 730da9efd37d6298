package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/metrics"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// wireAnalytics installs the retailer's figures (business days in the
// shop's time zone, loc) and the Prometheus counters, hooked where turns
// end and payments come in.
func (a *App) wireAnalytics(srv *httpapi.Server, loc *time.Location) {
	a.Analytics = analytics.NewService(a.DB, loc, a.Config.Currency)
	// Response times are also counted inside the support hours as they
	// stand in the settings (a change applies to days not yet rolled up).
	a.Analytics.BusinessTime = func(from, to time.Time) time.Duration { return a.Settings.Hours().Between(from, to) }
	a.Analytics.Rates = analytics.SavingsRates{MinutesPerConversation: int64(a.Config.SavingsMinutes), HourlyCost: a.Config.SavingsHourlyCost}
	srv.Settings = a.Config.Effective
	srv.Editable = a.Settings
	a.Metrics = metrics.New()
	srv.Analytics = a.Analytics
	srv.Metrics = a.Metrics.Handler()
	srv.MetricsPublic = a.Config.MetricsPublic

	a.Conversations.OnTurn = func(ctx context.Context, c *conversation.Conversation, before string, msgs []conversation.Message, took time.Duration) {
		var confidence float64
		understood, fallback := false, false
		for _, m := range msgs {
			if m.From == conversation.FromShopper && m.NLU != nil {
				confidence, understood = m.NLU.Confidence, true
			}
			fallback = fallback || m.Fallback
		}
		a.Metrics.Turn(c.Channel, c.Language, took, confidence, understood, fallback)
		if !conversation.WithPerson(before) && c.Status == conversation.StatusQueued {
			a.Metrics.Handoff()
		}
	}
	a.Payments.ObservePaid = func(context.Context, *order.Order) { a.Metrics.OrderPaid() }
}

// rollUpAnalytics keeps the last week's rollup fresh in the background, so
// that a dashboard request rarely has to read a day's records itself.
func (a *App) rollUpAnalytics(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.Analytics.RollUp(ctx); err != nil && ctx.Err() == nil {
				slog.ErrorContext(ctx, "roll up analytics", "err", err)
			}
		}
	}
}
