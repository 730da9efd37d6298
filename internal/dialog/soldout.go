package dialog

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// soldOutSwitch reads the answer to "sold out; these are similar and in
// stock" (alternatives): "ok, the ST in black then", "2 of the oatmeal
// instead", "the other one" take one of the products offered, not the
// sold-out product still in focus. The words that tell it are those of an
// offered product's title or in-stock values that the sold-out product does
// not have; on a tie the offered product with the fewest other title words
// wins ("the ST" names the "ST", not the "ST HSS").
func (b *Bot) soldOutSwitch(t *turn) *catalog.Product {
	if t.st.Focus == "" || len(t.st.Shown) < 2 || t.st.Shown[0] != t.st.Focus || t.res.Text == "" {
		return nil // alternatives put the sold-out product first, the offers after it
	}
	sold, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil || b.canHave(sold, t.st.Want) {
		return nil
	}
	if said := fitOptions(sold, statedValues(sold, t.res)); len(said) > 0 && b.canHave(sold, said) {
		return nil // "two of the 40x50 instead": another size of the same product
	}
	own := map[string]bool{}
	for _, w := range fold.Words(sold.Title) {
		own[w] = true
	}
	for _, v := range sold.Variants {
		for _, val := range v.Options {
			for _, w := range fold.Words(val) {
				own[w] = true
			}
		}
	}
	words := fold.Words(t.res.Text + " " + b.Catalog.KeyWords(t.ctx, t.res.Text))
	var offers []*catalog.Product
	var best *catalog.Product
	bestScore, bestLen, tie := 0, 0, false
	for _, h := range t.st.Shown[1:] {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil || !p.InStock() {
			continue
		}
		offers = append(offers, p)
		theirs := namingWords(p.Title)
		for _, v := range p.Variants {
			if v.InStock() {
				for _, val := range v.Options {
					theirs = append(theirs, namingWords(val)...)
				}
			}
		}
		score := 0
		for _, w := range words {
			if own[w] || !distinctive(w) {
				continue
			}
			if slices.Contains(theirs, w) {
				score++
			}
		}
		n := len(fold.Words(p.Title))
		switch {
		case score == 0:
		case score > bestScore || score == bestScore && n < bestLen:
			best, bestScore, bestLen, tie = p, score, n, false
		case score == bestScore && n == bestLen:
			tie = true
		}
	}
	if best != nil && !tie {
		return best
	}
	if best == nil && len(offers) == 1 && meansOther(t.res.Text) {
		return offers[0] // "the other one then", one product offered
	}
	if best == nil && len(statedValues(sold, t.res)) == 0 && !b.Catalog.NamesKind(t.ctx, b.Catalog.KeyWords(t.ctx, t.res.Text)) {
		// "yes, add that one", "ok, I'll take it": the sold-out product
		// cannot be had as wanted, so the one offer that can (or the one
		// offer made) is meant; with several that fit, none is guessed.
		if p := onlyOffer(b, offers, t.st.Want); p != nil {
			return p
		}
	}
	if best == nil {
		// "2 of the alpaca instead": a product of the shop not among the
		// offers, of the sold one's kind, named by words that fit it
		// better than the sold one ("pop them in my basket" names no
		// needles, whatever product has "basket" in its text).
		if p := b.betterFit(t, b.Catalog.KeyWords(t.ctx, t.res.Text), sold); p != nil && p.InStock() && sold.Type != "" && strings.EqualFold(p.Type, sold.Type) {
			return p
		}
	}
	return nil
}

// othersWith offers, after "the X doesn't come in navy", the products of
// the same kind that do, in stock with what else was chosen, the closest
// in price first. They stand after the product in focus as a sold-out
// product's offers do, so "ok, that one" or the value said again takes one
// (soldOutSwitch) and the question about the focus is closed.
func (b *Bot) othersWith(t *turn, p *catalog.Product, name, value string) error {
	_, err := b.offerOthersWith(t, p, name, value)
	return err
}

// offerOthersWith is othersWith, reporting whether anything was offered.
func (b *Bot) offerOthersWith(t *turn, p *catalog.Product, name, value string) (bool, error) {
	if p.Type == "" {
		return false, nil
	}
	want := map[string]string{}
	for k, v := range t.st.Want {
		want[k] = v
	}
	want[name] = value
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Type: p.Type, InStock: true, Limit: 4 * pageSize})
	if err != nil {
		return false, err
	}
	var alts []catalog.Product
	for _, alt := range res.Products {
		if alt.Handle != p.Handle && hasOption(&alt, name) && b.canHave(&alt, map[string]string{name: value}) && b.canHave(&alt, want) {
			alts = append(alts, alt)
		}
	}
	if len(alts) == 0 {
		return false, nil
	}
	price := p.MinPrice().Amount
	slices.SortStableFunc(alts, func(a, c catalog.Product) int {
		return cmp.Compare(absDiff(a.MinPrice().Amount, price), absDiff(c.MinPrice().Amount, price))
	})
	alts = alts[:min(len(alts), pageSize-1)]
	t.st.Want, t.st.Ask, t.st.After, t.st.Misses = want, "", "", 0
	t.st.Shown = []string{p.Handle}
	for _, alt := range alts {
		t.st.Shown = append(t.st.Shown, alt.Handle)
	}
	b.say(t, "availability.similar")
	b.cards(t, alts).Reason = "similar"
	return true, nil
}

// soldOutValue answers a size or colour of p that is sold out, said to the
// question that offered only the others: sold out, and the products of the
// same kind that have it in stock. False when there are none (the question
// is asked again, as before).
func (b *Bot) soldOutValue(t *turn, p *catalog.Product, name, value string) (bool, error) {
	n := len(t.out)
	b.say(t, "availability.sold_out", "item", p.Title+" ("+value+")")
	ok, err := b.offerOthersWith(t, p, name, value)
	if !ok || err != nil {
		t.out = t.out[:n]
	}
	return ok, err
}

// hasOption reports whether p comes in values of the option at all (a cage
// in one colour has no "blue" to offer).
func hasOption(p *catalog.Product, name string) bool {
	for _, v := range p.Variants {
		if _, ok := catalog.OptionValue(v.Options, name); ok {
			return true
		}
	}
	return false
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// keptFor are the values chosen before that p has in stock ("M" of the
// sold-out coat for the raincoat offered instead), under the ones said now.
func (b *Bot) keptFor(p *catalog.Product, before, said map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fitOptions(p, before) {
		if b.canHave(p, map[string]string{k: v}) {
			out[k] = v
		}
	}
	for k, v := range said {
		out[k] = v
	}
	return out
}

// onlyOffer is the one offered product that has what the shopper wants,
// or the one product offered when none has it; nil when it is not one.
func onlyOffer(b *Bot, offers []*catalog.Product, want map[string]string) *catalog.Product {
	var fit []*catalog.Product
	for _, p := range offers {
		if len(want) > 0 && len(fitOptions(p, want)) == len(want) && b.canHave(p, want) {
			fit = append(fit, p)
		}
	}
	switch {
	case len(fit) == 1:
		return fit[0]
	case len(fit) == 0 && len(offers) == 1:
		return offers[0]
	}
	return nil
}

// canHave reports whether p can be bought as wanted: in stock, in the
// values asked when it has them.
func (b *Bot) canHave(p *catalog.Product, want map[string]string) bool {
	if !p.InStock() {
		return false
	}
	fit := fitOptions(p, want)
	return len(catalog.MatchingVariants(*p, catalog.Query{Options: fit, InStock: true})) > 0
}

// namingWords are the words of a title or value that can name it: three
// letters or more, or a code written in capitals ("ST", "C5"); not "in" of
// "Check-in".
func namingWords(s string) []string {
	var out []string
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		n := len([]rune(tok))
		if n >= 3 || n == 2 && strings.ToUpper(tok) == tok {
			out = append(out, fold.Words(tok)...)
		}
	}
	return out
}

// distinctive is a word that can tell products apart: letters, or letters
// and digits ("st", "c5", "20w"), never a bare count.
func distinctive(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return len([]rune(w)) >= 2
		}
	}
	return false
}
