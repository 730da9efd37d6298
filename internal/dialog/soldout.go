package dialog

import (
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
