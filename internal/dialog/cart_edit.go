package dialog

import (
	"slices"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
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

// noteSaid keeps the words the shopper asked for a new line with: the
// request and, when it differs, this message (an answer that settled it).
func noteSaid(t *turn, sku string) {
	said := t.st.Request
	if t.res.Text != said {
		said = strings.TrimSpace(said + " " + t.res.Text)
	}
	if t.res.Text == "" {
		// A tap: the words of a request made before it belong to the
		// line that request made, not to this one.
		said = ""
	}
	if said == "" {
		return
	}
	if t.st.Said == nil {
		t.st.Said = map[string]string{}
	}
	t.st.Said[sku] = said
}

// lineBySaid finds the one line whose request shares a word with the
// removal that no other line's request has: "ժապավենը ջնջեք" takes out
// the line asked for as "մեկ մասկինգ ժապավեն 25մմ", "美纹纸去掉" the one
// asked for as "再来一卷25mm的美纹纸", whatever the shop calls it. Words
// of removing and of buying, and words every request shares, say nothing.
func (b *Bot) lineBySaid(t *turn, c *cart.Cart) (cart.Item, bool) {
	words := saidWords(t.res.Text)
	if len(words) == 0 || len(t.st.Said) == 0 {
		return cart.Item{}, false
	}
	lines := map[string][]string{} // SKU → its request's words
	count := map[string]int{}      // word → how many lines' requests have it
	for _, it := range c.Items {
		said, ok := t.st.Said[it.SKU]
		if !ok {
			continue
		}
		lines[it.SKU] = saidWords(said)
		seen := map[string]bool{}
		for _, w := range lines[it.SKU] {
			if !seen[w] {
				seen[w] = true
				count[w]++
			}
		}
	}
	var found []cart.Item
	for _, it := range c.Items {
		for _, w := range words {
			if slices.ContainsFunc(lines[it.SKU], func(x string) bool { return sameWord(w, x) && count[x] == 1 }) {
				found = append(found, it)
				break
			}
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return cart.Item{}, false
}

// saidWords are the words of a message that may name a thing: of three
// letters or more, not a number, not a phrase of the dialogue's lexicon
// (taking out, buying, "also"); Chinese runs are read as pairs of
// characters.
func saidWords(text string) []string {
	for phrase := range lexiconLines {
		if strings.ContainsFunc(phrase, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			text = strings.ReplaceAll(text, phrase, " ")
		}
	}
	for _, w := range hanParticles {
		text = strings.ReplaceAll(text, w, " ")
	}
	var out []string
	var run []rune
	flush := func() {
		for i := 0; i+1 < len(run); i++ {
			out = append(out, string(run[i:i+2]))
		}
		run = run[:0]
	}
	rest := []rune(text)
	for i, r := range rest {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
			rest[i] = ' '
			continue
		}
		flush()
	}
	flush()
	for _, w := range fold.Words(string(rest)) {
		rs := []rune(w)
		if len(rs) < 4 || unicode.IsDigit(rs[0]) || anyOf(w, lexicon.TakeOut) || anyOf(w, lexicon.Buy) || anyOf(w, lexicon.Also) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// sameWord reports two words of one stem: equal, sharing their first five
// letters ("ժապավենը", "ժապավեն"), one the other's start of four letters
// or more, or one the end of a compound the other is.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	if n >= 5 || n >= 4 && (n == len(ra) || n == len(rb)) {
		return true
	}
	// The head of a compound ("maskeringstape") is its end: "tapen", the
	// tape, is that word with an ending of one or two letters.
	for _, pair := range [][2][]rune{{ra, rb}, {rb, ra}} {
		short, long := pair[0], pair[1]
		for cut := 0; cut <= 2 && len(short)-cut >= 4; cut++ {
			// Both may carry an ending: "gryta", the pot, is the end of
			// "suppegryte" but for its last letter.
			for end := 0; end <= 1 && len(long)-end > len(short)-cut; end++ {
				if strings.HasSuffix(string(long[:len(long)-end]), string(short[:len(short)-cut])) {
					return true
				}
			}
		}
	}
	return false
}
