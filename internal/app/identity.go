package app

import (
	"context"
	"log/slog"

	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// mailer is how one-time codes reach shoppers: SMTP when configured, else
// the database outbox in the demo and in test mode, else nothing (the bot
// then says it cannot send codes).
func (a *App) mailer() identity.Mailer {
	cfg := a.Config
	switch {
	case cfg.SMTPAddr != "":
		return identity.SMTP{Addr: cfg.SMTPAddr, User: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.SMTPFrom}
	case cfg.Demo || cfg.MailOutbox:
		return identity.Outbox{Store: a.DB}
	}
	slog.Warn("no SMTP configured (SHOPKEEPER_SMTP_ADDR): shoppers cannot prove their e-mail address with a code, so saved details and after-sale changes of orders placed elsewhere stay closed in the chat")
	return nil
}

// trustedOrder reports whether an order was placed by its proven customer:
// entered by the shop itself, or bought in a conversation tied to that very
// customer. Only then may its payment use or keep saved cards.
func (a *App) trustedOrder(ctx context.Context, o *order.Order) bool {
	if o.ConversationID == "" {
		return true
	}
	c, err := a.Conversations.Get(ctx, o.ConversationID)
	return err == nil && c.CustomerID != 0 && c.CustomerID == o.CustomerID
}
