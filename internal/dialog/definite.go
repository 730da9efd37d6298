package dialog

import (
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// This file reads a definite reference to a kind of product ("the gloves",
// "die handschoenen", "sarung tangan tu", "那副手套", "hanskene",
// "ձեռնոցները"): the gloves already talked about, the product in focus or
// a line in the cart, not a new search among every pair the shop sells.

// saysDefinite reports a message that points at something already talked
// about: a determiner of the lexicon, or the definite ending Norwegian
// ("hanskene") and Armenian ("ձեռնոցները") put on the noun itself.
func saysDefinite(text string) bool {
	if anyOf(text, lexicon.Definite) {
		return true
	}
	for _, w := range fold.Words(text) {
		rs := []rune(w)
		if len(rs) < 4 {
			continue
		}
		if strings.HasSuffix(w, "ը") && isArmenian(rs[0]) {
			return true // "ձեռնոցները", "կոճղակները": the Armenian article
		}
		if strings.HasSuffix(w, "ene") && len(rs) >= 6 {
			return true // "hanskene", "flaskene": the Norwegian plural article
		}
	}
	return false
}

func isArmenian(r rune) bool { return unicode.Is(unicode.Armenian, r) }

// pointsAt reports a definite reference to p: the message says it
// definitely, asks for no other one, and p fits the catalogue words it
// says as well as anything the shop sells does. Words p lacks ("the winter
// gloves" with the summer ones in focus) point elsewhere.
func (b *Bot) pointsAt(t *turn, p *catalog.Product) bool {
	if !saysDefinite(t.res.Text) || meansOther(t.res.Text) || anyOf(t.res.Text, lexicon.MoreOf.Strong) {
		return false
	}
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" || !b.Catalog.NamesKind(t.ctx, kw) {
		return false
	}
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
	if err != nil || len(res.Products) == 0 {
		return false
	}
	handles := []string{p.Handle, res.Products[0].Handle}
	fits := b.Catalog.Relevance(t.ctx, kw, handles)
	mine, best := fits[p.Handle], fits[res.Products[0].Handle]
	return mine.Kind == 2 && mine.Matched >= best.Matched
}

// lineNamed is the one cart line a restated count names by its kind
// ("make the pads 2", "jadikan sangkar botol tu 2") when that is not the
// line added last; false when the words name no line, or several.
func (b *Bot) lineNamed(t *turn, c *cart.Cart) (cart.Item, bool) {
	lines := b.linesOfKind(t, c)
	if len(lines) == 0 {
		// "sangkar botol": two kinds by the vocabulary, one product by
		// the shop's search, and that product has a line.
		if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" {
			res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
			if err == nil && len(res.Products) == 1 && b.Catalog.Relevance(t.ctx, kw, []string{res.Products[0].Handle})[res.Products[0].Handle].Kind == 2 {
				if it, ok := lineOf(c, &res.Products[0]); ok {
					lines = []cart.Item{it}
				}
			}
		}
	}
	if len(lines) != 1 {
		return cart.Item{}, false
	}
	p, err := b.lineProduct(t, lines[0].SKU)
	if err != nil || b.namesOtherThan(t, p) {
		return cart.Item{}, false
	}
	return lines[0], true
}

// namesCartLineDefinitely reports a message that names a line of the cart
// definitely ("2 pairs of the gloves" with one pair of gloves in it): the
// product it names is that line's, not one to look for.
func (b *Bot) namesCartLineDefinitely(t *turn) bool {
	if !saysDefinite(t.res.Text) {
		return false
	}
	c, err := b.cartOf(t)
	if err != nil {
		return false
	}
	it, ok := b.lineNamed(t, c)
	if !ok {
		return false
	}
	p, err := b.lineProduct(t, it.SKU)
	return err == nil && b.pointsAt(t, p)
}
