package dialog

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

func (b *Bot) say(t *turn, key string, args ...any) *conversation.Message {
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: b.Messages.T(t.lang, key, args...)})
	return &t.out[len(t.out)-1]
}

func (b *Bot) option(t *turn, key, payload string, args ...any) conversation.Option {
	return conversation.Option{Title: b.Messages.T(t.lang, key, args...), Payload: payload}
}

// starters are the quick replies that open a conversation: the shop's two
// biggest kinds of product in stock, and its sale when it has one — taken
// from whatever catalogue is loaded, never from the demo's.
func (b *Bot) starters(lang string) []conversation.Option {
	types, sale := b.Catalog.BiggestTypes(context.Background(), 2)
	var opts []conversation.Option
	for _, ty := range types {
		opts = append(opts, conversation.Option{Title: ty, Payload: "search:type=" + ty})
	}
	if sale {
		opts = append(opts, conversation.Option{Title: b.Messages.T(lang, "option.sale"), Payload: "search:tag=sale"})
	}
	return opts
}

// cards adds a products message: every variant with its stock, so every
// channel can render cards and every test can read the facts.
func (b *Bot) cards(t *turn, ps []catalog.Product) *conversation.Message {
	m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "search"}
	for _, p := range ps {
		m.Items = append(m.Items, Card(p))
	}
	t.out = append(t.out, m)
	return &t.out[len(t.out)-1]
}

// Card is a product as a card.
func Card(p catalog.Product) conversation.Item {
	it := conversation.Item{Handle: p.Handle, Title: p.Title, Price: p.MinPrice(), InStock: p.InStock(), Variants: make([]conversation.ItemVariant, 0, len(p.Variants))}
	if len(p.Images) > 0 {
		it.ImageURL = p.Images[0]
	}
	for i, v := range p.Variants {
		if i == 0 {
			it.SKU = v.SKU
			it.CompareAtPrice = v.CompareAtPrice
		}
		opts := v.Options
		if opts == nil {
			opts = map[string]string{}
		}
		it.Variants = append(it.Variants, conversation.ItemVariant{SKU: v.SKU, Options: opts, InStock: v.InStock(), Stock: v.Stock, Price: v.Price})
	}
	return it
}

func (b *Bot) fallback(t *turn) {
	m := b.say(t, "fallback")
	m.Fallback = true
	m.Options = b.starters(t.lang)
}

func (b *Bot) notYet(t *turn) {
	m := b.say(t, "not_yet")
	m.Fallback = true
	m.Options = b.starters(t.lang)
}

// last returns the last message of the turn so far.
func (t *turn) last() *conversation.Message {
	if len(t.out) == 0 {
		return nil
	}
	return &t.out[len(t.out)-1]
}

func dayFormat(lang string, t time.Time) string { return i18n.Day(lang, t) }

func dayFromISO(lang, s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return i18n.Day(lang, t)
}

func moneyIn(lang string, m money.Money) string { return i18n.Money(lang, m) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
