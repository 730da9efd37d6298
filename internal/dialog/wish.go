package dialog

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// wishReading reads a product question or search that opens with a wish
// to have ("I want the pH-neutral shampoo, 1 litre", "ik wil de grijze
// matten", "我要那个1升的洗车液") and whose words fit one product clearly
// better than any other as a request to buy that product: it goes into
// the cart (or its missing size is asked), as a shop assistant would hand
// it over, rather than a list the shopper must choose from again. The
// classifier often reads such a sentence as a question about the product
// (product_info at 0.4), and a list there left the shopper's clear wish
// unmet: a later "and the sponge too" then bought only the sponge.
//
// A wish that fits several products as well ("I want floor mats" in a
// shop with three kinds), or one product whose size or colour is still
// open, stays a search: which one is the shopper's to say. A question ("I'd like the tent, is it waterproof?") or a wish to
// see or know something is no request to buy.
func (b *Bot) wishReading(t *turn) bool {
	switch t.res.Intent.Name {
	case "product_search", "product_info", "product_availability":
	default:
		return false
	}
	if t.inCheckout || t.st.Ask != "" || asksQuestion(t.res.Text) || !opensWithWish(t.res.Text) {
		return false
	}
	if anyOf(t.res.Text, lexicon.Negation) || anyOf(t.res.Text, lexicon.Compare) {
		return false
	}
	// The one in-stock variant that fits what was said, or no wish read:
	// with a size still open the list lets the shopper say it in their
	// next words, as they meant to.
	p := b.oneClearFit(t)
	return p != nil && onlyFitting(p, statedValues(p, t.res)) != nil
}

// opensWithWish reports a message whose first words say the shopper wants
// something ("I want", "ik wil", "saya nak", "我要", "jeg vil ha",
// "ուզում եմ"), not followed by a verb of looking or knowing ("I want to
// see", "我要找").
func opensWithWish(text string) bool {
	words := fold.Words(text)
	if len(words) == 0 {
		return false
	}
	head := strings.Join(words[:min(len(words), 5)], " ")
	// Chinese and other scripts without spaces: the first characters.
	if r := []rune(head); len(r) > 0 && r[0] >= 0x3000 {
		head = string(r[:min(len(r), 6)])
	}
	if !anyOf(head, lexicon.Wish) {
		return false
	}
	return !anyOf(head, lexicon.WishNot)
}

// oneClearFit is the product of the catalogue the words of the message fit
// clearly better than the rest: the one named or found, or a first whose
// kind and words fit better than the second's (the scores bestOfShown
// weighs a list by); nil when none does.
func (b *Bot) oneClearFit(t *turn) *catalog.Product {
	if p, ok := b.productNamed(t); ok {
		return p
	}
	q := b.query(t)
	if q.Type == "" && q.Text == "" && q.Vendor == "" {
		return nil
	}
	q.Options, q.Limit = nil, 5
	res, err := b.Catalog.Search(t.ctx, q)
	if err != nil || len(res.Products) == 0 {
		return nil
	}
	if unsureOf(q, res) {
		return nil
	}
	if len(res.Products) == 1 {
		return &res.Products[0]
	}
	handles := make([]string, len(res.Products))
	for i, p := range res.Products {
		handles[i] = p.Handle
	}
	fits := b.Catalog.Relevance(t.ctx, strings.TrimSpace(q.Type+" "+q.Text), handles)
	score := func(h string) int { f := fits[h]; return 100*f.Kind + 10*f.Matched }
	best, second := -1, -1
	for _, h := range handles {
		s := score(h)
		if s > best {
			best, second = s, best
		} else if s > second {
			second = s
		}
	}
	if best > 0 && best > second && score(handles[0]) == best {
		return &res.Products[0]
	}
	return nil
}
