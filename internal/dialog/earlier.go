package dialog

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// earlierChoice is the product the shopper settled on before asking for
// another one ("is the 3/4 classical guitar in stock?" — "yes" — "put a
// folding music stand in too"): one in-stock variant fits what they said,
// and it is not in the cart. Nil when nothing was settled.
func (b *Bot) earlierChoice(t *turn) *catalog.Variant {
	if t.st.Focus == "" && (t.st.Ask == "" || t.st.Ask == "product") && !t.st.MultiAdding && t.res.Text != "" {
		return b.earlierBestShown(t)
	}
	if t.st.Focus == "" || t.st.Ask != "" || t.st.MultiAdding || t.res.Text == "" {
		return nil
	}
	if len(t.st.Want) == 0 && t.st.Qty == 0 {
		// Chosen means a size, a colour or a count said for it; a product
		// that was only the one hit of a search was never chosen.
		return nil
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil || !p.InStock() {
		return nil
	}
	match := catalog.MatchingVariants(*p, catalog.Query{Options: fitOptions(p, t.st.Want), InStock: true})
	if len(match) != 1 {
		return nil // a size or colour still open: nothing to offer in one tap
	}
	c, err := b.cartOf(t)
	if err != nil || inCart(c, p) {
		return nil
	}
	return &match[0]
}

// earlierBestShown is the product of the list the shopper asked for that
// fits the request clearly best (bestOfShown), when they go on to add
// another product without a word of it ("a 3/4 guitar", the list, then
// "put a folding music stand in, black"): the first request was not given
// up, so it is offered once the other is in (offerEarlier). Nil when the
// list has no clear best, or its choice of size or colour is still open.
func (b *Bot) earlierBestShown(t *turn) *catalog.Variant {
	p := b.bestOfShown(t)
	if p == nil || !p.InStock() {
		return nil
	}
	v := settledVariant(t, p)
	if v == nil {
		return nil
	}
	c, err := b.cartOf(t)
	if err != nil || inCart(c, p) {
		return nil
	}
	return v
}

// offerEarlier asks, once the other product is in the cart, whether the
// one settled on before should go in too: the shopper who asked about it
// and moved on to a second thing likely takes both, but a guess put in the
// cart unasked is a wrong line, so it is a question with a yes one tap away.
func (b *Bot) offerEarlier(t *turn, v *catalog.Variant, linesBefore int) {
	if v == nil || t.st.Ask != "" {
		return
	}
	if p, err := b.lineProduct(t, v.SKU); err != nil || t.st.Focus != "" && b.sameKindAsFocus(t, p) {
		return // the leather strap after asking about the steel one: a rival, not a second thing
	}
	c, err := b.cartOf(t)
	if err != nil || len(c.Items) <= linesBefore {
		return // the other product did not go in: nothing to add beside it
	}
	if _, ok := c.Find(v.SKU); ok {
		return
	}
	m := b.say(t, "cart.earlier_too", "item", b.skuTitle(t, v.SKU))
	m.Options = []conversation.Option{b.option(t, "cart.earlier_yes", "add:"+v.SKU), b.option(t, "cart.earlier_no", "keep_shopping")}
	t.st.Ask, t.st.After, t.st.Earlier = "confirm", "add_earlier", v.SKU
}

// answerEarlier takes the typed answer to offerEarlier: yes adds the
// earlier product, no leaves the cart as it is; anything else is a new
// request.
func (b *Bot) answerEarlier(t *turn) (bool, error) {
	sku := t.st.Earlier
	t.st.Earlier = ""
	switch {
	case t.res.Intent.Name == "affirm" || b.lexiconSays(t, "yes") || t.res.Intent.Name == "add_to_cart" && b.Catalog.KeyWords(t.ctx, t.res.Text) == "":
		t.st.Ask, t.st.After = "", ""
		c, err := b.cartOf(t)
		if err != nil {
			return true, err
		}
		n, _ := quantitySaid(t.res)
		return true, b.setLine(t, c, sku, max(n, 1))
	case t.res.Intent.Name == "deny" || b.lexiconSays(t, "no"):
		t.st.Ask, t.st.After = "", ""
		b.say(t, "deny.reply")
		return true, nil
	}
	t.st.Ask, t.st.After = "", ""
	return false, nil
}

// sameKindAsFocus reports whether p is of the kind of the product now in
// focus (its type, as the catalogue has it).
func (b *Bot) sameKindAsFocus(t *turn, p *catalog.Product) bool {
	f, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false
	}
	return p.Handle == f.Handle || p.Type != "" && strings.EqualFold(p.Type, f.Type)
}
