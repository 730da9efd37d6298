package app

import (
	"context"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// wireReturns sets up returns with the configured policy; refunds go
// through the payment gateway that took the money.
func (a *App) wireReturns() error {
	p, err := returns.LoadPolicy(a.Config.ReturnPolicy)
	if err != nil {
		return err
	}
	a.Returns = returns.NewService(a.DB, a.Orders, a.Catalog, a.Payments, p)
	a.Returns.OnDone = a.returnDone
	return nil
}

// returnDone tells the shopper's conversation, once, that their return was
// refunded, exchanged or rejected.
func (a *App) returnDone(ctx context.Context, r *returns.Return) {
	id := r.ConversationID
	if id == "" {
		if o, err := a.Orders.ByNumber(ctx, r.OrderNumber); err == nil {
			id = o.ConversationID
		}
	}
	// An exchange's replacement leaves as a real shipment with the default
	// carrier, so the order lists it and the shopper can track it.
	var shipped *order.Shipment
	if r.Status == returns.StatusExchanged {
		o, err := a.Orders.Fulfil(ctx, r.OrderNumber, order.Shipment{Status: order.FulfillmentShipped})
		if err != nil {
			slog.ErrorContext(ctx, "ship exchange replacement", "return", r.ID, "err", err)
		} else if n := len(o.Shipments); n > 0 {
			shipped = &o.Shipments[n-1]
		}
	}
	if id == "" {
		return
	}
	if _, err := a.Conversations.Notify(ctx, id, func(c *conversation.Conversation) []conversation.Message {
		out := a.Bot.ReturnDone(ctx, c, r)
		if shipped != nil && shipped.TrackingNumber != "" {
			out = append(out, a.Bot.ReplacementShipped(c, r, shipped.Carrier, shipped.TrackingNumber)...)
		}
		return orderUpdate(out)
	}); err != nil {
		slog.ErrorContext(ctx, "tell conversation about return", "return", r.ID, "err", err)
	}
}
