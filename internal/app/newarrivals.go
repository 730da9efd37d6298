package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/preference"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
)

// arrivalsWindow is how new a product must be to be announced: a shop
// that turns the job on (or starts again after days) does not announce its
// whole catalogue.
const arrivalsWindow = 7 * 24 * time.Hour

// arrivalsMax is how many products one new-arrival message shows.
const arrivalsMax = 3

// queueNewArrivals queues, for every shopper whose latest word on
// marketing is yes, one message a day (UTC) about the active products
// created since they opted in and since their last such message; the
// queue's unique (kind, ref) keeps it to one a day across instances, and
// the rules (consent, quiet hours, daily cap) decide when it goes.
func (a *App) queueNewArrivals(ctx context.Context, now time.Time) error {
	fresh, err := a.DB.NewProducts(ctx, now.Add(-arrivalsWindow), 50)
	if err != nil || len(fresh) == 0 {
		return err
	}
	optIns, err := a.DB.MarketingOptIns(ctx)
	if err != nil {
		return err
	}
	day := now.UTC().Format("2006-01-02")
	for _, o := range optIns {
		since := o.Since
		last, err := a.DB.LastProactive(ctx, o.ConversationID, proactive.NewArrival)
		if err != nil {
			return err
		}
		if last.After(since) {
			since = last
		}
		var handles []string
		for _, p := range fresh {
			if p.Created.After(since) {
				handles = append(handles, p.Handle)
			}
		}
		handles = a.rankArrivals(ctx, o.CustomerID, handles)
		if len(handles) == 0 {
			continue
		}
		if _, err := a.DB.QueueProactive(ctx, proactive.Queued{Kind: proactive.NewArrival, Ref: "arrivals:" + o.ConversationID + ":" + day,
			ConversationID: o.ConversationID, Purpose: proactive.Purpose(proactive.NewArrival),
			Data: proactive.Data{Products: handles}, DueAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// rankArrivals keeps the new products in stock, those of the kinds the
// customer has a saved size for first (in stock in that size before the
// rest), newest first otherwise, at most arrivalsMax.
func (a *App) rankArrivals(ctx context.Context, customerID int64, handles []string) []string {
	sizes := map[string]string{} // product type → usual size
	if customerID != 0 && a.Preferences != nil {
		if saved, err := a.Preferences.Saved(ctx, customerID); err == nil {
			for _, p := range saved {
				if p.Kind == preference.Size && p.Scope != "" && sizes[p.Scope] == "" {
					sizes[p.Scope] = p.Value
				}
			}
		}
	}
	type cand struct {
		handle string
		score  int
	}
	var cs []cand
	for _, h := range handles {
		p, err := a.Catalog.Product(ctx, h)
		if err != nil || !p.InStock() {
			continue
		}
		score := 0
		if size, ok := sizes[p.Type]; ok {
			score = 1
			if inStockInSize(p, size) {
				score = 2
			}
		}
		cs = append(cs, cand{h, score})
	}
	slices.SortStableFunc(cs, func(x, y cand) int { return y.score - x.score })
	var out []string
	for _, c := range cs[:min(len(cs), arrivalsMax)] {
		out = append(out, c.handle)
	}
	return out
}

func inStockInSize(p *catalog.Product, size string) bool {
	for _, v := range p.Variants {
		for name, val := range v.Options {
			if strings.EqualFold(name, "size") && strings.EqualFold(val, size) && v.Stock > 0 {
				return true
			}
		}
	}
	return false
}

// composeNewArrivals shows the queued new products still active and in
// stock, as a recommendation; nothing when none is left.
func (a *App) composeNewArrivals(ctx context.Context, c *conversation.Conversation, q proactive.Queued) []conversation.Message {
	lang, msgs := c.Language, a.Bot.Messages
	card := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "recommendation"}
	for _, h := range q.Data.Products {
		p, err := a.Catalog.Product(ctx, h)
		if err != nil || (p.Status != "" && p.Status != "active") || !p.InStock() {
			continue
		}
		card.Items = append(card.Items, dialog.Card(*p))
		card.Options = append(card.Options, conversation.Option{Title: p.Title, Payload: "focus:" + p.Handle})
	}
	if len(card.Items) == 0 {
		return nil
	}
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: msgs.T(lang, "newarrivals.intro")}, card}
}
