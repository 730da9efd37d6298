package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
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

// RunJobsOnce expires unpaid reservations and sends due back-in-stock alerts.
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
}

// sendStockAlerts tells each waiting shopper, once, that their item is back.
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
			continue // another instance sent it
		}
		sku := al.SKU
		if _, err := a.Conversations.Notify(ctx, al.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return a.Bot.BackInStock(ctx, c, sku)
		}); err != nil {
			slog.ErrorContext(ctx, "send back-in-stock alert", "conversation", al.ConversationID, "sku", sku, "err", err)
		}
	}
	return nil
}
