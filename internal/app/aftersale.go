package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
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
// the queue keeps one review request per order (against a second instance
// or a repeated warehouse message), and, as marketing, it waits for the
// end of quiet hours and is never sent to a shopper who said stop.
func (a *App) orderDelivered(ctx context.Context, o *order.Order) {
	if o.ConversationID == "" || o.Source != "chat" {
		return
	}
	if err := a.queueProactive(ctx, proactive.Queued{Kind: proactive.ReviewRequest, Ref: "order:" + o.Number,
		ConversationID: o.ConversationID, Data: proactive.Data{Order: o.Number}}, time.Now()); err != nil {
		slog.ErrorContext(ctx, "review request", "order", o.Number, "err", err)
	}
}
