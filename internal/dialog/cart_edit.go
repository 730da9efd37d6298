package dialog

import (
	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// This file holds what the cart does when a removal's words do not settle
// one line: several lines fit as well, or the thing named is not in the
// cart, or the words are ones the shop cannot read.

// lastAddedOf is the line just added when it is one of the lines the words
// fit equally well ("drop that wax" right after adding a wax, with another
// wax in the cart since earlier): what was talked about last is what "that"
// means. Otherwise no line: the shopper is asked among the tied ones.
func (b *Bot) lastAddedOf(t *turn, tied []cart.Item) (cart.Item, bool) {
	for _, it := range tied {
		if it.SKU == t.st.LastAdded {
			t.tiedLines = nil
			return it, true
		}
	}
	return cart.Item{}, false
}

// namedForRemoval is the product a removal's words name by the shop's own
// words, or nil: never the product in focus for want of a better reading.
func (b *Bot) namedForRemoval(t *turn) *catalog.Product {
	if p, ok := b.productNamed(t); ok {
		return p
	}
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" || kindsNamed(kw) > 1 {
		return nil
	}
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
	if err != nil || len(res.Products) == 0 {
		return nil
	}
	p := &res.Products[0]
	if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Kind < 2 {
		return nil // words of a size or a colour, not of what the product is
	}
	return p
}

// noLineToRemove answers a removal that settles no line. Lines tied on the
// words: which of them. A product named that the cart does not hold: so it
// says, with the cart. Words it cannot read: so it says, with the cart and
// a button per line. The cart stays as it was, and the next message is
// read as an answer only when it names a line (answer.go).
func (b *Bot) noLineToRemove(t *turn, c *cart.Cart) error {
	t.st.Ask, t.st.After = "remove_which", "remove_from_cart"
	if len(t.tiedLines) > 1 {
		m := b.say(t, "cartedit.which_of")
		for _, it := range t.tiedLines {
			m.Options = append(m.Options, conversation.Option{Title: it.Title, Payload: "remove:" + it.SKU})
		}
		return nil
	}
	b.dropFocus(t)
	t.st.Ask, t.st.After = "remove_which", "remove_from_cart" // dropFocus clears the question
	if p := b.namedForRemoval(t); p != nil {
		if _, ok := lineOf(c, p); !ok {
			b.say(t, "cartedit.not_in_cart_named", "item", p.Title)
			return b.showCart(t, c)
		}
	}
	b.say(t, "cartedit.not_found")
	return b.showCart(t, c) // its buttons take each line out
}
