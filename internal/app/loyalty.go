package app

import (
	"context"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/loyalty"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/preference"
)

// wireLoyalty sets up loyalty points and saved preferences: both learn from
// every order that becomes paid, however it was paid (the payment page, a
// webhook, a saved card), after whatever else hears of it.
func (a *App) wireLoyalty() {
	r := a.Config.Loyalty
	a.Loyalty = loyalty.NewService(a.DB, loyalty.Rules{PointsPerUnit: r.PointsPerUnit, PointValue: r.PointValue, MinRedeem: r.MinRedeem})
	a.Loyalty.RulesNow = a.Settings.LoyaltyRules
	a.Preferences = preference.NewService(a.DB, a.Catalog)
	a.Bot.Loyalty, a.Bot.Preferences = a.Loyalty, a.Preferences
	before := a.Payments.ObservePaid
	a.Payments.ObservePaid = func(ctx context.Context, o *order.Order) {
		if before != nil {
			before(ctx, o)
		}
		a.orderPaidLoyalty(ctx, o)
	}
}

// orderPaidLoyalty awards the order's points (once, whatever calls it how
// often) and learns its sizes, colours and brands for its customer — only
// when the customer placed it themselves: an order placed by typing someone
// else's e-mail says nothing about that person's sizes. A failure costs the
// points' award or the learning, never the payment; it is logged.
func (a *App) orderPaidLoyalty(ctx context.Context, o *order.Order) {
	if _, err := a.Loyalty.Earn(ctx, o); err != nil {
		slog.ErrorContext(ctx, "award loyalty points", "order", o.Number, "err", err)
	}
	if !a.trustedOrder(ctx, o) {
		return
	}
	if err := a.Preferences.LearnOrder(ctx, o); err != nil {
		slog.ErrorContext(ctx, "learn preferences from order", "order", o.Number, "err", err)
	}
}
