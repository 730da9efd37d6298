package app

import (
	"context"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
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
	if id == "" {
		return
	}
	if _, err := a.Conversations.Notify(ctx, id, func(c *conversation.Conversation) []conversation.Message {
		return a.Bot.ReturnDone(ctx, c, r)
	}); err != nil {
		slog.ErrorContext(ctx, "tell conversation about return", "return", r.ID, "err", err)
	}
}
