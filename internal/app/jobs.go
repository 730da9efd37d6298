package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// jobInterval is how often the background jobs look for work.
const jobInterval = 2 * time.Second

// runJobs runs the periodic jobs until ctx ends. Each job claims its work in
// the database, so several instances may run them side by side.
func (a *App) runJobs(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.RunJobsOnce(ctx)
		}
	}
}

// RunJobsOnce expires unpaid reservations, sends due back-in-stock alerts
// and the other messages the shop sends on its own (proactive.go).
func (a *App) RunJobsOnce(ctx context.Context) {
	if n, err := a.Orders.ExpireReservations(ctx, time.Now()); err != nil {
		if ctx.Err() == nil {
			slog.ErrorContext(ctx, "expire reservations", "err", err)
		}
	} else if len(n) > 0 {
		slog.InfoContext(ctx, "reservations expired; stock released", "orders", len(n))
	}
	a.trackShipments(ctx)
	a.redactIdleConversations(ctx, time.Now())
	if err := a.sendStockAlerts(ctx); err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "back-in-stock alerts", "err", err)
	}
	a.RunProactiveOnce(ctx, time.Now())
}

// sendStockAlerts queues, once, a message for each waiting shopper whose
// item is back; the proactive queue sends it as the shopper's consent,
// quiet hours and the daily cap allow (proactive.go).
func (a *App) sendStockAlerts(ctx context.Context) error {
	due, err := a.DB.DueAlerts(ctx, 100)
	if err != nil {
		return err
	}
	for _, al := range due {
		won, err := a.DB.ClaimAlert(ctx, al.ID)
		if err != nil {
			return err
		}
		if !won {
			continue // another instance queued it
		}
		now := time.Now()
		// A shopper may subscribe again after an alert: each claim is its
		// own message.
		q := proactive.Queued{Kind: proactive.BackInStock, Ref: fmt.Sprintf("stock:%d:%d", al.ID, now.UnixNano()),
			ConversationID: al.ConversationID, Data: proactive.Data{SKU: al.SKU}}
		if err := a.queueProactive(ctx, q, now); err != nil {
			slog.ErrorContext(ctx, "send back-in-stock alert", "conversation", al.ConversationID, "sku", al.SKU, "err", err)
		}
	}
	return nil
}
