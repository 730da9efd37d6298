package dialog

import (
	"context"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// PriceAlerts keeps shoppers' requests to hear when a variant gets cheaper
// (the proactive queue sends the price_drop message).
type PriceAlerts interface {
	WatchPrice(ctx context.Context, sku, conversationID, language string, price int64) error
}

// watchPrice records "tell me if the price drops" for a variant at its
// price now.
func (b *Bot) watchPrice(t *turn, sku string) error {
	v, err := b.Catalog.Variant(t.ctx, sku)
	if err != nil || b.PriceAlerts == nil {
		b.fallback(t)
		return nil
	}
	if err := b.PriceAlerts.WatchPrice(t.ctx, sku, t.c.ID, t.lang, v.Price.Amount); err != nil {
		return err
	}
	title := sku
	if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
		title = catalog.VariantTitle(p, v)
	}
	b.say(t, "proactive.price_watch", "item", title, "price", moneyIn(t.lang, v.Price))
	return nil
}

// oneVariant is the SKU the shopper is looking at when it is one: the one
// variant that matched what they asked, or the product's only variant.
func oneVariant(p *catalog.Product, match []catalog.Variant) string {
	switch {
	case len(match) == 1:
		return match[0].SKU
	case len(p.Variants) == 1:
		return p.Variants[0].SKU
	}
	return ""
}

// priceWatch adds "Tell me if the price drops" to the options shown with
// one variant in stock, when the shop keeps price alerts.
func (b *Bot) priceWatch(t *turn, p *catalog.Product, match []catalog.Variant, opts []conversation.Option) []conversation.Option {
	if one := oneVariant(p, match); b.PriceAlerts != nil && one != "" {
		opts = append(opts, b.option(t, "proactive.option.price_drop", "pricedrop:"+one))
	}
	return opts
}
