package app

import (
	"context"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/order"
)

// wireSelling records what recommendations did for the retailer's figures:
// the dialogue reports products messages that sold and taps on their items
// (dialog/recoevents.go), and a paid order holding a recommended sku of its
// conversation is attributed to them once.
func (a *App) wireSelling() {
	a.Bot.RecoEvents = a.DB
	before := a.Payments.ObservePaid
	a.Payments.ObservePaid = func(ctx context.Context, o *order.Order) {
		if before != nil {
			before(ctx, o)
		}
		skus := make([]string, 0, len(o.Items))
		for _, it := range o.Items {
			skus = append(skus, it.SKU)
		}
		// A failure costs the attribution, never the payment.
		if _, err := a.DB.AttributeRecommendation(ctx, o.ConversationID, o.ID, skus); err != nil {
			slog.ErrorContext(ctx, "attribute order to recommendations", "order", o.ID, "err", err)
		}
	}
}
