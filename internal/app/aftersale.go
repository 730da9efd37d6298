package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// trackShipments is the job step that records carriers' new scans and
// delivers orders whose parcel arrived.
func (a *App) trackShipments(ctx context.Context) {
	if n, err := a.Orders.TrackShipments(ctx, time.Now()); err != nil {
		if ctx.Err() == nil {
			slog.ErrorContext(ctx, "track shipments", "err", err)
		}
	} else if n > 0 {
		slog.InfoContext(ctx, "tracking events recorded", "events", n)
	}
}

// orderDelivered asks the shopper who bought in a chat for a review, once:
// the order's delivered transition happens once, and processed_events guards
// against a second instance or a repeated warehouse message.
func (a *App) orderDelivered(ctx context.Context, o *order.Order) {
	if o.ConversationID == "" || o.Source != "chat" {
		return
	}
	first, err := a.DB.MarkProcessed(ctx, "review_request", o.Number)
	if err != nil || !first {
		if err != nil {
			slog.ErrorContext(ctx, "review request", "order", o.Number, "err", err)
		}
		return
	}
	if _, err := a.Conversations.Notify(ctx, o.ConversationID, func(c *conversation.Conversation) []conversation.Message {
		return a.Bot.ReviewRequest(ctx, c, o)
	}); err != nil {
		slog.ErrorContext(ctx, "send review request", "order", o.Number, "err", err)
	}
}
