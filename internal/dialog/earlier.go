package dialog

import (
	"maps"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/cart"
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
	v := onlyFitting(p, t.st.Want)
	if v == nil {
		return nil // a size or colour still open: nothing to offer in one tap
	}
	c, err := b.cartOf(t)
	if err != nil || inCart(c, p) {
		return nil
	}
	return v
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

// focusBefore is the product in focus when a turn began, with what was
// said for it: notePrior compares it with the focus the turn left.
type focusBefore struct {
	handle  string
	want    map[string]string
	qty     int
	request string // the shopper's last request: a size said in a search ("1 metre") is kept nowhere else
}

// notePrior remembers the product the shopper had settled on (a size,
// colour or count said, one in-stock variant fitting it) when the talk
// moves to another product without it going into the cart: "a 1 m
// lightning cable", then "and a black 20W charger", then "add both".
func (b *Bot) notePrior(t *turn, before focusBefore) {
	if before.handle == "" || t.st.Focus == before.handle {
		return
	}
	p, err := b.Catalog.Product(t.ctx, before.handle)
	if err != nil {
		return
	}
	want := maps.Clone(before.want)
	if len(want) == 0 {
		want = productValues(p, before.request)
	}
	if c, err := b.cartOf(t); err != nil || inCart(c, p) || !p.InStock() {
		return
	}
	var v *catalog.Variant
	if len(want) > 0 || before.qty > 0 {
		v = onlyFitting(p, want) // only the one hit of a search was never chosen: no variant to take unasked
	}
	if v == nil {
		// Its size or colour still open, or never chosen at all: only an
		// explicit "one of each" takes it, and then the usual add asks
		// what is open (addBoth).
		t.st.Prior, t.st.PriorOpen, t.st.PriorWant = "", p.Handle, want
		return
	}
	t.st.Prior, t.st.PriorOpen, t.st.PriorWant = v.SKU, "", nil
}

// addBoth takes "both" or "one of each" ("add both", "masukkan dua-dua",
// "两个都要") when the product settled on before the one in focus is not in
// the cart: one of each goes in, and the number inside the words ("dua")
// counts nothing. False when there is no such earlier product, or the
// focus's own size or colour is still open (the usual add asks for it).
func (b *Bot) addBoth(t *turn) (bool, error) {
	prior := t.st.Prior
	if prior == "" && t.st.PriorOpen == "" || t.st.Focus == "" || !anyOf(t.res.Text, lexicon.Each) || saysRemove(t.res.Text) {
		return false, nil
	}
	if !b.buysEach(t) {
		return false, nil // "do both come in black?" asks, it does not buy
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	if prior == "" {
		return b.addBothOpen(t, c)
	}
	if _, ok := c.Find(prior); ok {
		t.st.Prior = ""
		return false, nil
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false, nil
	}
	skus := []string{prior}
	if !inCart(c, p) {
		v := settledVariant(t, p)
		if v == nil {
			return false, nil
		}
		skus = []string{v.SKU, prior}
	}
	t.st.Prior = ""
	for _, sku := range skus {
		c, err := b.cartOf(t)
		if err != nil {
			return true, err
		}
		if err := b.setLine(t, c, sku, 1); err != nil {
			return true, err
		}
	}
	return true, nil
}

// buysEach reports a "one of each" that buys: an add or a yes, or a short
// count with no product word and no question ("ամեն մեկից 1", which the
// NLU may guess a removal though no word of taking out is in it).
func (b *Bot) buysEach(t *turn) bool {
	switch t.res.Intent.Name {
	case "add_to_cart", "affirm":
		return true
	}
	n, _ := quantitySaid(t.res)
	return n > 0 && !asksQuestion(t.res.Text) && len(strings.Fields(t.res.Text)) <= 4 && b.Catalog.KeyWords(t.ctx, t.res.Text) == ""
}

// addBothOpen answers "one of each" when the product talked about before
// the one in focus still has a size or colour open (or was only looked
// at): the focus goes in when it is settled, then the earlier product
// becomes the one being added and the usual add asks what is open — one
// of it, whatever number sits inside the words.
func (b *Bot) addBothOpen(t *turn, c *cart.Cart) (bool, error) {
	prior, err := b.Catalog.Product(t.ctx, t.st.PriorOpen)
	if err != nil || inCart(c, prior) {
		t.st.PriorOpen, t.st.PriorWant = "", nil
		return false, nil
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false, nil
	}
	if !inCart(c, p) {
		v := settledVariant(t, p)
		if v == nil {
			return false, nil // the focus's own choice is open: the usual add asks it
		}
		if err := b.setLine(t, c, v.SKU, 1); err != nil {
			return true, err
		}
	}
	want := t.st.PriorWant
	t.st.PriorOpen, t.st.PriorWant = "", nil
	t.st.Focus, t.st.Want, t.st.Qty, t.st.More = prior.Handle, fitOptions(prior, want), 0, false
	return true, b.continueAdd(t, prior)
}
