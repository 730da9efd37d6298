package app

import (
	"context"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
	"log/slog"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// reviewApproved tells the conversation that its held order is confirmed.
func (a *App) reviewApproved(ctx context.Context, o *order.Order) {
	a.tellReview(ctx, o, a.Bot.ReviewApproved)
}

// reviewRejected tells the conversation that its held order was refunded.
func (a *App) reviewRejected(ctx context.Context, o *order.Order) {
	a.tellReview(ctx, o, a.Bot.ReviewRejected)
}

func (a *App) tellReview(ctx context.Context, o *order.Order, say func(context.Context, *conversation.Conversation, *order.Order) []conversation.Message) {
	if o.ConversationID == "" {
		return
	}
	if _, err := a.Conversations.Notify(ctx, o.ConversationID, func(c *conversation.Conversation) []conversation.Message {
		return orderUpdate(say(ctx, c, o))
	}); err != nil {
		slog.ErrorContext(ctx, "tell conversation about the review", "order", o.Number, "err", err)
	}
}

// redactIdleConversations redacts the conversations idle for longer than
// the retention setting; with none set, conversations are kept.
func (a *App) redactIdleConversations(ctx context.Context, now time.Time) {
	if a.Config.RetentionDays <= 0 {
		return
	}
	n, err := a.Privacy.RedactIdle(ctx, now.Add(-time.Duration(a.Config.RetentionDays)*24*time.Hour))
	if err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "redact conversations past retention", "err", err)
	}
	if n > 0 {
		slog.InfoContext(ctx, "conversations past retention redacted", "conversations", n)
	}
}

// consents records a shopper's "stop" in the chat as a withdrawn consent
// (privacy.Service), which the export shows and proactive messages obey.
type consents struct{ p *privacy.Service }

func (c consents) Withdraw(ctx context.Context, conversationID string, customerID int64, purpose, source string) error {
	_, err := c.p.RecordConsent(ctx, "", privacy.Consent{CustomerID: customerID, ConversationID: conversationID, Purpose: purpose, Source: source})
	return err
}

// Grant records a consent given in the chat ("tell me about new arrivals").
func (c consents) Grant(ctx context.Context, conversationID string, customerID int64, purpose, source string) error {
	_, err := c.p.RecordConsent(ctx, "", privacy.Consent{CustomerID: customerID, ConversationID: conversationID, Purpose: purpose, Granted: true, Source: source})
	return err
}
