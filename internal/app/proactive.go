package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// RecoveryPayload is the cart-recovery message's checkout button: the
// dialogue reads it as "checkout" (it ignores what follows the colon) and
// the tap is recorded as the recovery's click.
const RecoveryPayload = "checkout:recovery"

// recoveryWindow is how long after CartRecoveryAfter a left cart is still
// worth a message.
const recoveryWindow = 72 * time.Hour

// wireProactive reads the rules for messages the shop sends on its own.
// Quiet hours are read in the shopper's time zone: the country of their
// latest order's address when it has one zone, else the shop's
// SHOPKEEPER_TIMEZONE; with neither, none (see proactive.Rules.ZoneOf).
func (a *App) wireProactive() error {
	p := a.Config.Proactive
	start, end, err := config.ParseQuietHours(p.QuietHours)
	if err != nil {
		return fmt.Errorf("SHOPKEEPER_QUIET_HOURS: %w", err)
	}
	var zone *time.Location
	if a.Config.TimeZone != "" {
		if zone, err = time.LoadLocation(a.Config.TimeZone); err != nil {
			return fmt.Errorf("time zone %q: %w", a.Config.TimeZone, err)
		}
	}
	a.Rules = proactive.Rules{QuietStart: start, QuietEnd: end, PerDay: p.MarketingPerDay, Zone: zone}
	// A tap on the recovery's button is its click, whoever else listens
	// to turns (the metrics).
	prev := a.Conversations.OnTurn
	a.Conversations.OnTurn = func(ctx context.Context, c *conversation.Conversation, before string, msgs []conversation.Message, took time.Duration) {
		if prev != nil {
			prev(ctx, c, before, msgs, took)
		}
		for _, m := range msgs {
			if m.From == conversation.FromShopper && m.Payload == RecoveryPayload {
				if _, err := a.DB.RecoveryClicked(ctx, c.ID); err != nil {
					slog.ErrorContext(ctx, "record recovery click", "conversation", c.ID, "err", err)
				}
			}
		}
	}
	return nil
}

// RunProactiveOnce is the job step for messages the shop sends on its own,
// at now (tests pass their own clock): carts left since
// CartRecoveryAfter and prices that dropped are queued once each, due
// messages are sent as the rules allow, and paid orders are linked to the
// recoveries that preceded them.
func (a *App) RunProactiveOnce(ctx context.Context, now time.Time) {
	steps := []struct {
		name string
		run  func(context.Context, time.Time) error
	}{
		{"queue cart recoveries", a.queueCartRecoveries},
		{"queue price drops", a.queuePriceDrops},
		{"queue new arrivals", a.queueNewArrivals}, // newarrivals.go
		{"send proactive messages", a.sendDueProactive},
	}
	for _, s := range steps {
		if err := s.run(ctx, now); err != nil && ctx.Err() == nil {
			slog.ErrorContext(ctx, s.name, "err", err)
		}
	}
	if n, err := a.DB.AttributeRecoveries(ctx, 100); err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "link recovered carts", "err", err)
	} else if n > 0 {
		slog.InfoContext(ctx, "carts recovered", "orders", n)
	}
}

// queueCartRecoveries queues one recovery per abandoned basket; the
// store's unique (kind, ref) makes a second instance's queuing a no-op.
func (a *App) queueCartRecoveries(ctx context.Context, now time.Time) error {
	idle := now.Add(-a.Config.CartRecoveryAfter)
	// Only carts left recently: a shop that turns recovery on (or starts
	// again after days) does not chase every cart of its history.
	carts, err := a.DB.AbandonedCarts(ctx, idle.Add(-recoveryWindow), idle, 100)
	if err != nil {
		return err
	}
	for _, c := range carts {
		if c.ConversationID == "" {
			continue // a customer's cart with no conversation to write to
		}
		left, err := a.DB.CartLeft(ctx, c.ConversationID, idle, c.Basket)
		if err != nil {
			return err
		}
		if !left {
			continue
		}
		basket := strconv.FormatInt(c.Basket.UnixNano(), 10)
		if _, err := a.DB.QueueProactive(ctx, proactive.Queued{Kind: proactive.CartRecovery, Ref: "cart:" + strconv.FormatInt(c.CartID, 10) + ":" + basket,
			ConversationID: c.ConversationID, CartID: c.CartID, Purpose: proactive.Marketing,
			Data: proactive.Data{Basket: basket}, DueAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// queuePriceDrops queues one alert per price alert whose variant got
// cheaper; claiming the alert first keeps it to one across instances.
func (a *App) queuePriceDrops(ctx context.Context, now time.Time) error {
	due, err := a.DB.DuePriceDrops(ctx, 100)
	if err != nil {
		return err
	}
	for _, al := range due {
		won, err := a.DB.ClaimPriceAlert(ctx, al.ID)
		if err != nil {
			return err
		}
		if !won {
			continue
		}
		if _, err := a.DB.QueueProactive(ctx, proactive.Queued{Kind: proactive.PriceDrop,
			Ref:            fmt.Sprintf("price:%d:%d", al.ID, now.UnixNano()),
			ConversationID: al.ConversationID, Purpose: proactive.Marketing,
			Data: proactive.Data{SKU: al.SKU, Was: al.Price}, DueAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// queueProactive queues a message and, when this call queued it, tries to
// send it at once, so that what may go now is not left for the next run.
func (a *App) queueProactive(ctx context.Context, q proactive.Queued, now time.Time) error {
	q.Purpose, q.DueAt = proactive.Purpose(q.Kind), now
	queued, err := a.DB.QueueProactive(ctx, q)
	if err != nil || !queued {
		return err
	}
	due, err := a.DB.DueProactive(ctx, now, 100)
	if err != nil {
		return err
	}
	for _, d := range due {
		if d.Kind == q.Kind && d.Ref == q.Ref {
			return a.sendProactive(ctx, d, now)
		}
	}
	return nil
}

// sendDueProactive sends, holds or drops every message due at now.
func (a *App) sendDueProactive(ctx context.Context, now time.Time) error {
	due, err := a.DB.DueProactive(ctx, now, 100)
	if err != nil {
		return err
	}
	for _, q := range due {
		if err := a.sendProactive(ctx, q, now); err != nil {
			if ctx.Err() != nil {
				return err
			}
			slog.ErrorContext(ctx, "send proactive message", "conversation", q.ConversationID, "kind", q.Kind, "err", err)
		}
	}
	return nil
}

// sendProactive decides on one due message and sends it when the rules let
// it go: claimed first (once across instances), then appended through
// Notify with its kind as Proactive, which the conversation's channel
// delivers (a template on WhatsApp outside the 24-hour window).
func (a *App) sendProactive(ctx context.Context, q proactive.Queued, now time.Time) error {
	c, err := a.Conversations.Get(ctx, q.ConversationID)
	if err != nil {
		return a.DB.DropProactive(ctx, q.ID, "no_conversation")
	}
	facts, err := a.DB.ProactiveFacts(ctx, c.ID, c.CustomerID, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	facts.WithPerson = conversation.WithPerson(c.Status)
	d := a.Rules.Decide(q.Kind, now, facts)
	switch {
	case d.Drop != "":
		return a.DB.DropProactive(ctx, q.ID, d.Drop)
	case !d.Send:
		return a.DB.HoldProactive(ctx, q.ID, d.Until, d.Held)
	}
	won, err := a.DB.ClaimProactive(ctx, q)
	if err != nil || !won {
		return err
	}
	saved, err := a.Conversations.Notify(ctx, q.ConversationID, func(c *conversation.Conversation) []conversation.Message {
		return tagged(q.Kind, a.composeProactive(ctx, c, q, now))
	})
	if err != nil {
		return err
	}
	if len(saved) == 0 {
		// Nothing left to say (the cart was bought or emptied, the item sold
		// out again) or a colleague took the chat meanwhile.
		return a.DB.DropProactive(ctx, q.ID, "nothing_to_say")
	}
	return nil
}

// composeProactive writes a queued message in the conversation's language.
func (a *App) composeProactive(ctx context.Context, c *conversation.Conversation, q proactive.Queued, now time.Time) []conversation.Message {
	switch q.Kind {
	case proactive.CartRecovery:
		return a.composeRecovery(ctx, c, q, now)
	case proactive.BackInStock:
		v, err := a.Catalog.Variant(ctx, q.Data.SKU)
		if err != nil || v.Stock <= 0 {
			// Sold out again while the message waited: wait for the next
			// restock instead of promising what is not there.
			if err == nil {
				if err := a.DB.Subscribe(ctx, q.Data.SKU, c.ID, c.Language); err != nil {
					slog.ErrorContext(ctx, "re-arm back-in-stock alert", "conversation", c.ID, "err", err)
				}
			}
			return nil
		}
		return a.Bot.BackInStock(ctx, c, q.Data.SKU)
	case proactive.PriceDrop:
		return a.composePriceDrop(ctx, c, q)
	case proactive.NewArrival:
		return a.composeNewArrivals(ctx, c, q)
	case proactive.ReviewRequest:
		o, err := a.Orders.ByNumber(ctx, q.Data.Order)
		if err != nil {
			return nil
		}
		return a.Bot.ReviewRequest(ctx, c, o)
	}
	return nil
}

// composeRecovery reminds the shopper of the cart they left, with a
// checkout button and, when the shop asks for it, a single-use code that
// expires, already applied to the cart. A cart bought or emptied since is
// not mentioned.
func (a *App) composeRecovery(ctx context.Context, c *conversation.Conversation, q proactive.Queued, now time.Time) []conversation.Message {
	k, err := a.Carts.For(ctx, c.CustomerID, c.ID)
	if err != nil || k.ID != q.CartID || len(k.Items) == 0 {
		return nil
	}
	bought, err := a.DB.CartBought(ctx, c.ID, k.Items[0].AddedAt)
	if err != nil || bought {
		return nil // paid (or paying) since it was queued
	}
	lang, msgs := c.Language, a.Bot.Messages
	titles := make([]string, 0, len(k.Items))
	for _, it := range k.Items {
		titles = append(titles, it.Title)
	}
	items := strings.Join(titles, ", ")
	if len(titles) > 3 {
		items = msgs.T(lang, "proactive.cart_recovery.more", "items", strings.Join(titles[:2], ", "), "count", len(titles)-2)
	}
	text := msgs.T(lang, "proactive.cart_recovery", "items", items, "subtotal", i18n.Money(lang, k.Subtotal()))
	if pct := a.Config.Proactive.RecoveryDiscount; pct > 0 {
		if code, until, err := a.recoveryCode(ctx, int64(pct), now); err != nil {
			slog.ErrorContext(ctx, "make recovery code", "conversation", c.ID, "err", err)
		} else if err := a.Carts.SetCoupon(ctx, k, code); err != nil {
			slog.ErrorContext(ctx, "apply recovery code", "conversation", c.ID, "err", err)
		} else {
			zone := a.Rules.Zone
			if zone == nil {
				zone = time.UTC
			}
			text += "\n" + msgs.T(lang, "proactive.cart_recovery.code", "code", code, "percent", pct, "until", i18n.Day(lang, until.In(zone)))
		}
	}
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: text,
		Options: []conversation.Option{
			{Title: msgs.T(lang, "proactive.cart_recovery.checkout"), Payload: RecoveryPayload},
			{Title: msgs.T(lang, "option.view_cart"), Payload: "view_cart"},
		}}}
}

// recoveryCode makes a code that works once, for anyone, until it expires.
func (a *App) recoveryCode(ctx context.Context, percent int64, now time.Time) (string, time.Time, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	// Letters and digits that cannot be misread (no 0/O, 1/I).
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	code := []byte("BACK")
	for _, x := range b {
		code = append(code, alphabet[int(x)%len(alphabet)])
	}
	until := now.Add(a.Config.Proactive.RecoveryCodeValid)
	err := a.Coupons.Save(ctx, coupon.Coupon{Code: string(code), Kind: coupon.Percent, Value: percent,
		MaxUses: 1, ExpiresAt: &until, Active: true})
	return string(code), until, err
}

// composePriceDrop tells the shopper the variant they watched costs less.
func (a *App) composePriceDrop(ctx context.Context, c *conversation.Conversation, q proactive.Queued) []conversation.Message {
	v, err := a.Catalog.Variant(ctx, q.Data.SKU)
	if err != nil || v.Price.Amount >= q.Data.Was {
		return nil
	}
	p, err := a.Catalog.ProductByID(ctx, v.ProductID)
	if err != nil {
		return nil
	}
	lang := c.Language
	was := money.New(q.Data.Was, v.Price.Currency)
	card := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "availability",
		Items:   []conversation.Item{dialog.Card(*p)},
		Options: []conversation.Option{{Title: a.Bot.Messages.T(lang, "option.add_to_cart"), Payload: "add:" + v.SKU}}}
	return []conversation.Message{
		{From: conversation.FromBot, Type: conversation.TypeText, Text: a.Bot.Messages.T(lang, "proactive.price_drop",
			"item", catalog.VariantTitle(p, v), "was", i18n.Money(lang, was), "now", i18n.Money(lang, v.Price))},
		card,
	}
}

// tagged marks the bot's messages as sent on the shop's own initiative, of
// kind, so the channel knows (WhatsApp picks its template by it).
func tagged(kind string, msgs []conversation.Message) []conversation.Message {
	for i := range msgs {
		if msgs[i].From == conversation.FromBot {
			msgs[i].Proactive = kind
		}
	}
	return msgs
}

// orderUpdate tags messages about the shopper's own order: service
// messages, sent whatever the shopper said about marketing.
func orderUpdate(msgs []conversation.Message) []conversation.Message {
	return tagged(proactive.OrderUpdate, msgs)
}
