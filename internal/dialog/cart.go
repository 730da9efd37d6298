package dialog

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// saysRemove reports a message that speaks of taking something out ("take
// the X out", "haal eruit", "去掉"): such a message is no add, whatever verb
// it uses ("take").
func saysRemove(text string) bool {
	return mentionsStem(text, lexicon.TakeOut)
}

func (b *Bot) cartOf(t *turn) (*cart.Cart, error) {
	return b.Carts.For(t.ctx, t.c.CustomerID, t.c.ID)
}

// addToCart puts the product in focus (or the one named) in the cart,
// asking first for a missing size or colour.
func (b *Bot) addToCart(t *turn) error {
	if err := b.addImplied(t); err != nil {
		return err
	}
	earlier := b.earlierChoice(t) // earlier.go: settled on before, not taken by addImplied
	shownBefore := slices.Clone(t.st.Shown)
	linesBefore := 0
	if c, err := b.cartOf(t); err == nil {
		linesBefore = len(c.Items)
	}
	if n, more := quantitySaid(t.res); n > 0 {
		t.st.Qty, t.st.More = n, more
	}
	p, ok, err := b.resolve(t)
	if err != nil {
		return err
	}
	if !ok {
		if len(t.tied) > 1 {
			return b.askAmong(t, t.tied, "add_to_cart")
		}
		if len(t.st.Shown) > 1 {
			return b.askWhich(t)
		}
		// Nothing on screen is it: look for what they named, and add it
		// when it is the only one.
		searched := false
		if q := b.query(t); q.Type != "" || q.Text != "" || q.Vendor != "" {
			searched = true
			q.Limit = pageSize
			res, err := b.Catalog.Search(t.ctx, q)
			if err != nil {
				return err
			}
			if anyOf(t.res.Text, lexicon.Also) {
				// "also a charger": not what the cart holds already.
				c, err := b.cartOf(t)
				if err != nil {
					return err
				}
				kept := res.Products[:0]
				for _, p := range res.Products {
					if !inCart(c, &p) {
						kept = append(kept, p)
					}
				}
				res.Products = kept
			}
			if one := numberedHit(t, res.Products); one != nil {
				// "the roof box 320l" among the 320 l and the 420 l: the
				// one whose title carries the number said.
				res.Products = []catalog.Product{*one}
			}
			switch {
			case len(res.Products) == 1:
				p, ok = &res.Products[0], true
			case len(res.Products) > 1:
				return b.askAmong(t, res.Products, "add_to_cart")
			}
		}
		if !ok && searched && len(t.st.Shown) == 0 && t.st.Focus == "" {
			// Words were searched and nothing fits, nothing is on screen:
			// "which product?" would ask about nothing. Say so honestly.
			m := b.say(t, "search.none")
			m.Options = b.starters(t.lang)
			return nil
		}
		if !ok {
			b.say(t, "cart.which_product")
			return nil
		}
	}
	if earlier != nil && (earlier.ProductID == p.ID || t.st.Focus == "" && slices.Contains(shownBefore, p.Handle) && !asksAnother(t.res.Text)) {
		// The same product: this add is the earlier choice itself; or
		// another of the list: the shopper chose among it — unless they
		// said "also" ("an A4 laminator", the list, then "add a pack of
		// pouches too"): a second thing beside the first, not a choice.
		earlier = nil
	}
	want := t.merged(p)
	t.st.Focus, t.st.Want = p.Handle, fitOptions(p, want)
	if err := b.continueAdd(t, p); err != nil {
		return err
	}
	b.offerEarlier(t, earlier, linesBefore)
	return nil
}

// asksAnother reports a message that asks for one more thing beside what
// was asked before: "also …", "… too", "and …", "再加 …".
func asksAnother(text string) bool {
	return anyOf(text, lexicon.Also) || startsWithAnd(text)
}

// askWhich lets the shopper pick one of the products just shown.
func (b *Bot) askWhich(t *turn) error {
	p, ps := b.whichProduct(t, b.shownProducts(t, t.st.Shown), true) // which_product.go
	if p != nil {
		return b.settleProduct(t, p, "add_to_cart")
	}
	b.askProduct(t, "cart.which_product", ps, "add_to_cart")
	return nil
}

// continueAdd adds the focus product once every option is known.
func (b *Bot) continueAdd(t *turn, p *catalog.Product) error {
	// The message that said the number: this one, or for a number noted
	// before the product was settled ("yang starter set 10 tiub tu", then
	// "which one?"), the one that said it.
	said := ""
	if n, _ := quantitySaid(t.res); n > 0 && n == t.st.Qty {
		said = t.res.Text
	} else if n == 0 && t.st.Qty > 0 && !t.st.More {
		said = t.st.QtyText
	}
	if n := t.st.Qty; said != "" {
		if size, ok := catalog.OptionValue(t.st.Want, optionName(p, "Size")); (ok && normValue(size) == normValue(strconv.Itoa(n))) || measureOfProduct(p, said, n) || numberOfValue(p, t.st.Want, said, n) {
			// "goalkeeper gloves 6", "the 6 m cable": the number is the
			// size or measure asked, no count.
			t.st.Qty, t.st.More = 0, false
		}
	}
	named := said
	if said != t.res.Text {
		// The number said before the product was settled ("the 12 colour
		// one", then "which one?" answered "the acrylic paints"): the
		// answer's words name the product the number may belong to.
		named = said + " " + t.res.Text
	}
	ofName := func(n int) bool {
		if numberOfName(p.Title, said, b.Catalog.KeyWords(t.ctx, named), n) {
			return true
		}
		// The settling answer in another script than the title ("ակրիլ
		// ներկեր" for the "Acrylic Paint Set 12"): it names the product
		// through the vocabulary; the number's own checks still hold.
		return said != t.res.Text && sharesConcept(p.Title, t.res.Text) && numberOfName(p.Title, said, p.Title, n)
	}
	if n := t.st.Qty; said != "" && n > 0 && (ofName(n) || countAfterComma(said) == n && slices.Contains(numbersIn(p.Title), strconv.Itoa(n))) {
		// A number read after a comma is the product's own when its title
		// has it: "een broodrooster, 2 sneetjes" is the 2-Slice Toaster.
		// "the 6 piece set", "yang set 3 tu": the number names the
		// product, it does not count it — on the first add; once the
		// product is in the cart, "2 packs in total" of the "2-pack" is a
		// count.
		if c, err := b.cartOf(t); err == nil && !inCart(c, p) {
			t.st.Qty, t.st.More = 0, false
		}
	}
	var inMessage map[string]string
	for _, name := range p.Options {
		if _, ok := catalog.OptionValue(t.st.Want, name); ok {
			continue
		}
		if vals := values(p, name); len(vals) > 1 {
			if inMessage == nil {
				inMessage = productValues(p, t.res.Text)
			}
			// The answer to one question may hold the other value too
			// ("the assorted 4-pack" to "which size?"); and a value the
			// shopper chose may leave one of the other in stock
			// ("Assorted" comes only as the 4-pack): nothing to ask.
			v, ok := inMessage[name]
			if in := inStockValuesWith(p, name, t.st.Want); !ok && len(t.st.Want) > 0 && len(in) == 1 {
				v, ok = in[0], true
			}
			if !ok {
				return b.askOption(t, p, name)
			}
			if t.st.Want == nil {
				t.st.Want = map[string]string{}
			}
			t.st.Want[name] = v
		}
	}
	match := catalog.MatchingVariants(*p, catalog.Query{Options: t.st.Want, InStock: true})
	if len(match) == 0 && len(p.Variants) == 1 && p.Variants[0].InStock() {
		match = p.Variants
	}
	if len(match) == 0 && p.InStock() {
		// That combination is gone but the product is there in other
		// values: say so and ask for the one to change, offering what is
		// in stock, rather than repeat "sold out" at every "add it".
		for _, name := range p.Options {
			val, ok := catalog.OptionValue(t.st.Want, name)
			if !ok {
				continue
			}
			rest := map[string]string{}
			for k, v := range t.st.Want {
				if k != name {
					rest[k] = v
				}
			}
			if len(catalog.MatchingVariants(*p, catalog.Query{Options: rest, InStock: true})) > 0 {
				b.say(t, "availability.sold_out", "item", p.Title+" ("+val+")")
				t.st.Want = rest
				return b.askOption(t, p, name)
			}
		}
	}
	if len(match) == 0 {
		item := p.Title
		if len(t.st.Want) > 0 {
			item += " (" + describe(t.st.Want) + ")"
		}
		t.st.Ask, t.st.After = "", ""
		b.say(t, "availability.sold_out", "item", item)
		if others := otherValues(p, t.st.Want); others != "" {
			b.say(t, "availability.other_values", "values", others)
		}
		return b.alternatives(t, p, nil)
	}
	if t.st.Qty > 0 || t.st.More {
		// "Add it to the basket", no number of its own, for a line already
		// there: a count noted from an earlier message that was not an add
		// ("yes two, one for me and one more for her", read as a search)
		// is no reason to add more; the line stays as the shopper set it.
		if c, err := b.cartOf(t); err == nil && t.res.Text != "" && t.res.Intent.Name == "add_to_cart" {
			if _, ok := c.Find(match[0].SKU); ok {
				if n, _ := quantitySaid(t.res); n == 0 {
					t.st.Qty, t.st.More = 0, false
				}
			}
		}
	}
	return b.addSKU(t, match[0].SKU)
}

// askOption asks for a size or colour, offering the values in stock.
func (b *Bot) askOption(t *turn, p *catalog.Product, name string) error {
	field := strings.ToLower(name)
	if canon := canonicalField(name); canon != "" {
		field = canon
	}
	key := "cart.ask_" + field
	if field != "size" && field != "color" {
		key = "cart.ask_option"
	}
	m := b.say(t, key, "item", p.Title, "option", name)
	q := catalog.Query{Options: t.st.Want, InStock: true}
	seen := map[string]bool{}
	for _, v := range catalog.MatchingVariants(*p, q) {
		if val, ok := catalog.OptionValue(v.Options, name); ok && !seen[val] && len(m.Options) < 10 {
			seen[val] = true
			m.Options = append(m.Options, conversation.Option{Title: val, Payload: "opt:" + name + "=" + val})
		}
	}
	if len(m.Options) == 0 {
		t.out = t.out[:len(t.out)-1]
		b.say(t, "availability.sold_out", "item", p.Title)
		return b.alternatives(t, p, nil)
	}
	t.st.Ask, t.st.After = field, "add_to_cart"
	return nil
}

// canonicalField is "size" or "color" for the name of that option in any
// of the six languages (catalog.OptionKind), else "".
func canonicalField(name string) string { return catalog.OptionKind(name) }

// removeFromCart takes out the item the shopper names (or the only one).
// When the words fit no line it says so and shows the cart, and never takes
// out a line they did not name (cart_edit.go).
func (b *Bot) removeFromCart(t *turn) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	if len(c.Items) == 0 {
		b.dropFocus(t)
		b.say(t, "cart.empty")
		return nil
	}
	if saysOnly(t) && !saysRemove(t.res.Text) {
		return b.keepOnly(t, c)
	}
	it, ok := b.matchLine(t, c)
	if !ok {
		return b.noLineToRemove(t, c)
	}
	return b.removeSKU(t, c, it.SKU)
}

// keepOnly answers "ya, blender je", "just the mugs", heard as a removal:
// the line named stays and the others go; a line it cannot tell, or the
// only line, leaves the cart as it is, shown.
func (b *Bot) keepOnly(t *turn, c *cart.Cart) error {
	it, ok := b.matchLine(t, c)
	t.tiedLines = nil
	if !ok || len(c.Items) == 1 {
		return b.showCart(t, c)
	}
	for _, other := range slices.Clone(c.Items) {
		if other.SKU == it.SKU {
			continue
		}
		if err := b.Carts.Remove(t.ctx, c, other.SKU); err != nil {
			return err
		}
		delete(t.st.Said, other.SKU)
		b.noteRemoved(t, other.SKU) // checkout.go
		b.say(t, "cart.removed", "item", other.Title)
	}
	t.st.Ask, t.st.After = "", ""
	return b.showCart(t, c)
}

// dropFocus forgets the product being talked about when the shopper asks
// to take it out before it was ever put in ("drop the strap after all"):
// they do not want it, so a "pay" next must not buy it (buyFocused). A
// removal that names another product leaves the focus alone.
func (b *Bot) dropFocus(t *turn) {
	if t.st.Focus == "" {
		return
	}
	if p, ok := b.productNamed(t); ok && p.Handle != t.st.Focus {
		return
	}
	t.st.Focus, t.st.Want, t.st.Qty, t.st.More = "", nil, 0, false
	t.st.Ask, t.st.After = "", ""
}

func (b *Bot) removeSKU(t *turn, c *cart.Cart, sku string) error {
	it, ok := c.Find(sku)
	if !ok {
		b.say(t, "cart.not_in_cart")
		return nil
	}
	if err := b.Carts.Remove(t.ctx, c, sku); err != nil {
		return err
	}
	t.st.Ask, t.st.After = "", ""
	delete(t.st.Said, sku)
	b.noteRemoved(t, sku) // checkout.go
	if v, err := b.Catalog.Variant(t.ctx, sku); err == nil && t.st.Focus != "" {
		if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil && p.Handle == t.st.Focus {
			// Taken out on purpose: "pay" next is not buying it again (buyFocused).
			t.st.Focus, t.st.Want = "", nil
		}
	}
	b.say(t, "cart.removed", "item", it.Title)
	return b.showCart(t, c)
}

// matchLine finds the cart line the shopper means by its words, or the only line.
func (b *Bot) matchLine(t *turn, c *cart.Cart) (cart.Item, bool) {
	if len(c.Items) == 1 {
		// The only line, unless the words name another product ("take the
		// tote out" when only candles are in the cart).
		kwText := b.Catalog.KeyWords(t.ctx, t.res.Text)
		if kindsNamed(kwText) > 1 && len(b.linesOfKind(t, c)) == 0 {
			// "drop the kettle, just the mugs and the plates" with only the
			// mugs in the cart: the line is named as one to keep, not to
			// drop; asking costs one tap, a wrong removal the sale.
			return cart.Item{}, false
		}
		if kw := catalog.Terms(kwText); len(kw) > 0 && !b.namesLine(t, c) {
			if p, ok := b.productNamed(t); ok || b.Catalog.NamesKind(t.ctx, t.res.Text) {
				if (p == nil || !inCart(c, p)) && len(b.linesOfKind(t, c)) == 0 {
					return cart.Item{}, false
				}
			}
		}
		if b.namesOtherBetter(t, c, c.Items[0]) {
			return cart.Item{}, false // "remove the glue gun" with only the glue sticks in the cart
		}
		return c.Items[0], true
	}
	if t.st.LastAdded != "" && anyOf(t.res.Text, lexicon.LastAdded) {
		if it, ok := c.Find(t.st.LastAdded); ok {
			return it, true
		}
	}
	words := fold.Words(t.res.Text)
	// The line whose title shares most words; on a tie the one named first
	// ("scrap the gloves, I'll keep the beanie").
	best, score, at := cart.Item{}, 0, len(words)
	for _, it := range c.Items {
		title := " " + strings.Join(fold.Words(it.Title), " ") + " "
		n, first := 0, len(words)
		for i, w := range words {
			if len([]rune(w)) > 2 && strings.Contains(title, " "+w) {
				n++
				first = min(first, i)
			}
		}
		switch {
		case n > score || n == score && n > 0 && first < at:
			best, score, at = it, n, first
			t.tiedLines = []cart.Item{it}
		case n == score && n > 0 && first == at:
			t.tiedLines = append(t.tiedLines, it)
		}
	}
	if score > 0 {
		if b.namesOtherBetter(t, c, best) {
			t.tiedLines = nil
			return cart.Item{}, false // the words fit a product outside the cart better: ask
		}
		if len(t.tiedLines) > 1 {
			// "take the wax out" with two waxes in the cart: the one just
			// added when it is one of them (what was talked about last),
			// else the shopper says which.
			return b.lastAddedOf(t, t.tiedLines)
		}
		t.tiedLines = nil
		return best, true
	}
	lines := b.linesOfKind(t, c)
	if len(lines) == 1 && !b.namesOtherBetter(t, c, lines[0]) {
		return lines[0], true // "take the shampoo out" for the Botanica Shampoo, in any language
	}
	if len(lines) == 0 {
		lines = c.Items
	}
	if it, ok := b.lineByValue(t, lines); ok {
		return it, true // "fjern den svarte", "去掉L码的": the line in that colour or size
	}
	if i := ordinal(t.res.Text); i >= 0 && i < len(lines) && !meansOther(t.res.Text) {
		return lines[i], true // "drop the second one": the cart's own order
	}
	// Only a product the words name picks a line now: with several lines
	// the product in focus is no answer to "take the tape out" when the
	// shop cannot read "tape" (a wrong removal loses a line the shopper
	// wanted; saying so and showing the cart costs one tap).
	if p := b.namedForRemoval(t); p != nil {
		if it, ok := lineOf(c, p); ok {
			return it, true
		}
	}
	return b.lineBySaid(t, c) // cart_edit.go: the shopper's own word for a line
}

func (b *Bot) viewCart(t *turn) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	return b.showCart(t, c)
}

// showCart lists the cart lines and the subtotal.
func (b *Bot) showCart(t *turn, c *cart.Cart) error {
	if len(c.Items) == 0 {
		m := b.say(t, "cart.empty")
		m.Options = b.starters(t.lang)
		return nil
	}
	lines := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		lines = append(lines, b.Messages.T(t.lang, "cart.line", "qty", it.Quantity, "item", it.Title, "price", b.money(t, it.UnitPrice.Mul(it.Quantity))))
	}
	m := b.say(t, "cart.contents", "lines", strings.Join(lines, "\n"), "subtotal", b.money(t, c.Subtotal()))
	m.Options = b.cartOptions(t, c) // cards.go: checkout, a code, and each line's buttons
	return nil
}

// applyCoupon checks a code against the cart now and remembers it for checkout.
func (b *Bot) applyCoupon(t *turn) error {
	code, ok := entity(t.res, "coupon")
	if !ok {
		b.say(t, "coupon.ask")
		t.st.Ask = "coupon"
		return nil
	}
	return b.useCoupon(t, code)
}

func (b *Bot) useCoupon(t *turn, code string) error {
	t.st.Ask = ""
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	d, err := b.Coupons.Check(t.ctx, code, c.Subtotal(), t.c.CustomerID, b.Now())
	switch {
	case errors.Is(err, coupon.ErrUnknown):
		b.say(t, "coupon.unknown", "code", coupon.Normalize(code))
		return nil
	case errors.Is(err, coupon.ErrExpired):
		b.say(t, "coupon.expired", "code", coupon.Normalize(code))
		return nil
	case errors.Is(err, coupon.ErrMinSpend):
		b.say(t, "coupon.min_spend", "code", coupon.Normalize(code))
		return nil
	case errors.Is(err, coupon.ErrUsed):
		b.say(t, "coupon.used", "code", coupon.Normalize(code))
		return nil
	case err != nil:
		return err
	}
	if err := b.Carts.SetCoupon(t.ctx, c, d.Code); err != nil {
		return err
	}
	var m *conversation.Message
	if d.FreeShipping {
		m = b.say(t, "coupon.free_shipping", "code", d.Code)
	} else {
		m = b.say(t, "coupon.applied", "code", d.Code, "discount", b.money(t, d.Amount))
	}
	if t.st.Checkout != nil {
		return b.checkout(t)
	}
	if len(c.Items) > 0 {
		m.Options = []conversation.Option{b.option(t, "option.checkout", "checkout")}
	}
	return nil
}

// skuTitle names a variant for a sentence ("Aurora Trail Runner — 42 / Black").
func (b *Bot) skuTitle(t *turn, sku string) string {
	v, err := b.Catalog.Variant(t.ctx, sku)
	if err != nil {
		return sku
	}
	p, err := b.Catalog.ProductByID(t.ctx, v.ProductID)
	if err != nil {
		return sku
	}
	return catalog.VariantTitle(p, v)
}

// inCart reports whether the cart holds a variant of p.
func inCart(c *cart.Cart, p *catalog.Product) bool {
	_, ok := lineOf(c, p)
	return ok
}

// addImplied puts in the cart the product the shopper asked for just before,
// when they now say "also …" about another one: "two USB-C chargers" then
// "one more thing: black earbuds" presumes the chargers are taken. Only a
// product whose variant is settled (one in stock fits what was said) is
// added this way; anything still open stays a question for later.
func (b *Bot) addImplied(t *turn) error {
	// A count said for the product in focus ("got the V58? I'll take one")
	// chose it as plainly as "also" does: adding another product next
	// keeps it.
	counted := t.st.Qty > 0 && !t.st.More && t.st.Focus != "" && t.res.Intent.Name == "add_to_cart"
	if !counted && !anyOf(t.res.Text, lexicon.Also) && !anyOf(t.res.Text, lexicon.MoreOf.Strong) && !startsWithAnd(t.res.Text) {
		return nil
	}
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" {
		return nil // "add that as well" is about the product itself
	}
	var p *catalog.Product
	switch {
	case t.st.Focus != "":
		p, _ = b.Catalog.Product(t.ctx, t.st.Focus)
	case t.openAsk == "product":
		// "Which one do you mean?" was left unanswered: the shopper chose
		// none of them, and a guess added beside what they ask for next
		// is a line they never wanted.
		return nil
	default:
		p = b.bestOfShown(t)
	}
	if p == nil {
		return nil
	}
	if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Kind == 2 && f.Matched > 0 && !b.namesBetter(t, kw, p) {
		return nil // the words name this product: it is what they add now
	}
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	if inCart(c, p) {
		return nil
	}
	v := settledVariant(t, p)
	if v == nil && len(t.st.Want) == 0 && (t.together || anyOf(t.res.Text, lexicon.Also)) {
		// "the pH-neutral shampoo, 1 litre" searched, then "and the mitt
		// + the sponge too" (or "also a mitt"): the size said in the
		// request settles the product the search found best. A bare "and
		// a charger" leaves it to "both" (earlier.go).
		if want := productValues(p, t.prevRequest); len(want) > 0 {
			v = onlyFitting(p, want)
		}
	}
	if v == nil {
		return nil
	}
	qty := max(t.st.Qty, 1)
	if err := b.setLine(t, c, v.SKU, qty); err != nil {
		return err
	}
	t.st.Focus, t.st.Want = "", nil // the next product is another one
	return nil
}

// settledVariant returns the one in-stock variant of p that fits the size
// and colour said for it (or for the last search), nil while that choice
// is still open.
func settledVariant(t *turn, p *catalog.Product) *catalog.Variant {
	want := t.st.Want
	if t.st.LastQuery != nil && len(t.st.LastQuery.Options) > 0 {
		want = t.st.LastQuery.Options
	}
	return onlyFitting(p, want)
}

// onlyFitting is the one in-stock variant of p that fits want, nil while
// none or several do (a size or colour still open).
func onlyFitting(p *catalog.Product, want map[string]string) *catalog.Variant {
	match := catalog.MatchingVariants(*p, catalog.Query{Options: fitOptions(p, want), InStock: true})
	if len(match) != 1 {
		return nil
	}
	return &match[0]
}

// linesOfKind returns the cart lines whose product is of the kind the
// words name, read through the product vocabulary ("syampu", "洗发水" for
// a shampoo whose title says "Shampoo"): nil when the words name no kind.
func (b *Bot) linesOfKind(t *turn, c *cart.Cart) []cart.Item {
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" || !b.Catalog.NamesKind(t.ctx, kw) || kindsNamed(kw) > 1 {
		return nil // "remove the tote, just the backpack": two kinds, no telling which goes
	}
	handles := map[string]string{} // SKU → handle
	var list []string
	for _, it := range c.Items {
		p, err := b.lineProduct(t, it.SKU)
		if err != nil {
			continue
		}
		handles[it.SKU] = p.Handle
		list = append(list, p.Handle)
	}
	// The best the catalogue has for the words sets the bar: "bola
	// keranjang" names the basketball, not the football in the cart,
	// though both are balls.
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
	if err != nil || len(res.Products) == 0 {
		return nil
	}
	list = append(list, res.Products[0].Handle)
	fits := b.Catalog.Relevance(t.ctx, kw, list)
	best := fits[res.Products[0].Handle]
	var out []cart.Item
	for _, it := range c.Items {
		if h, ok := handles[it.SKU]; ok && fits[h].Kind == 2 && fits[h].Matched >= best.Matched {
			out = append(out, it)
		}
	}
	return out
}

// kindsNamed counts the kinds of product the words name through the
// vocabulary.
func kindsNamed(words string) int {
	voc := vocab.Default()
	n := 0
	for _, m := range voc.Match(words, true) {
		for _, id := range m.Concepts {
			if voc.IsKind(id) {
				n++
				break
			}
		}
	}
	return n
}

// numberOfName reports whether the number n the shopper wrote is the one in
// the product's title ("Set of 3", "Storage Boxes (5 pieces)") rather than
// a count: the title holds n, the message writes n once in digits, and the
// message shares another word with the title ("the set of 3" against "2
// more", which names nothing), itself or through the catalogue words its
// own words stand for (known: "settet med 6 kopper" is "mugs").
func numberOfName(title, text, known string, n int) bool {
	num := strconv.Itoa(n)
	digits := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	}
	if !slices.Contains(digits(title), num) {
		return false
	}
	said := 0
	for _, d := range digits(text) {
		if d == num {
			said++
		}
	}
	if said != 1 {
		return false
	}
	if nums := digits(title); len(nums) >= 2 && inOrder(digits(text), nums) {
		return true // "kabel 3 dalam 1" for the "3-in-1 Cable": the title's numbers, in its order
	}
	titleWords := " " + strings.Join(fold.Words(title), " ") + " "
	if next := wordAfter(fold.Words(text), num); next != "" && strings.Contains(titleWords, " "+next) {
		// "2 phone stands" for the "2-in-1 Phone Stand": the number comes
		// before a word of the title that does not stand beside it there,
		// as a count does.
		tw := fold.Words(title)
		beside := false
		for i, w := range tw {
			if w == num {
				for _, k := range []int{i - 1, i + 1} {
					if k >= 0 && k < len(tw) && sameStem(tw[k], next) {
						beside = true
					}
				}
			}
		}
		if !beside {
			return false
		}
	}
	for _, w := range fold.Words(text + " " + known) {
		if len([]rune(w)) > 2 && !unicode.IsDigit([]rune(w)[0]) && strings.Contains(titleWords, " "+w) {
			return true
		}
	}
	return false
}

// lineByValue finds the one line among lines whose variant has the colour
// or size the message names (in the shopper's words, read as the NLU and
// the product's own values read them); false with none or several.
func (b *Bot) lineByValue(t *turn, lines []cart.Item) (cart.Item, bool) {
	var found []cart.Item
	for _, it := range lines {
		v, err := b.Catalog.Variant(t.ctx, it.SKU)
		if err != nil {
			continue
		}
		p, err := b.Catalog.ProductByID(t.ctx, v.ProductID)
		if err != nil {
			continue
		}
		stated := statedValues(p, t.res)
		if len(stated) == 0 {
			continue
		}
		fits := true
		for name, val := range stated {
			name = optionName(p, name)
			have, ok := catalog.OptionValue(v.Options, name)
			want := normValue(partialValue(p, name, normValue(val), val))
			if !ok || normValue(have) != want {
				fits = false
				break
			}
		}
		if fits {
			found = append(found, it)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return cart.Item{}, false
}

// inOrder reports whether all of want appear in have, in that order.
func inOrder(have, want []string) bool {
	i := 0
	for _, h := range have {
		if i < len(want) && h == want[i] {
			i++
		}
	}
	return i == len(want)
}

// wordAfter is the word that follows word in words, or "".
func wordAfter(words []string, word string) string {
	for i, w := range words {
		if w == word && i+1 < len(words) {
			return words[i+1]
		}
	}
	return ""
}

// lineProduct is the product of a cart line's variant.
func (b *Bot) lineProduct(t *turn, sku string) (*catalog.Product, error) {
	v, err := b.Catalog.Variant(t.ctx, sku)
	if err != nil {
		return nil, err
	}
	return b.Catalog.ProductByID(t.ctx, v.ProductID)
}

// namesBetter reports whether the words fit another product of the shop
// better than p: "a mic cable" after the microphone shares "mic" with the
// microphone but names the cable, so the microphone is the thing before.
func (b *Bot) namesBetter(t *turn, kw string, p *catalog.Product) bool {
	return b.betterFit(t, kw, p) != nil
}

// betterFit is the shop's best product for the words when it is not p and
// fits them better than p does, or nil.
func (b *Bot) betterFit(t *turn, kw string, p *catalog.Product) *catalog.Product {
	if kw == "" {
		return nil
	}
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
	if err != nil || len(res.Products) == 0 || res.Products[0].Handle == p.Handle {
		return nil
	}
	other := res.Products[0].Handle
	fits := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle, other})
	if fits[other].Kind == 2 && fits[other].Matched > fits[p.Handle].Matched {
		return &res.Products[0]
	}
	return nil
}

// namesOtherBetter reports words of a removal that fit a product outside
// the cart better, by its title, than the line it would take out: "remove
// the glue gun" with only the glue sticks in the cart names the gun, of a
// kind close enough to the sticks' that the kind alone cannot tell them
// apart. A wrong removal loses a line the shopper wanted; asking costs a tap.
func (b *Bot) namesOtherBetter(t *turn, c *cart.Cart, line cart.Item) bool {
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" || kindsNamed(kw) > 1 {
		// "take it out": no product named; "drop the scale, just the cubes
		// and the bags": the words name the lines to keep as well.
		return false
	}
	words := append(fold.Words(t.res.Text), fold.Words(kw)...)
	hit := 0
	for _, it := range c.Items {
		if titleWords(it.Title, words) > 0 {
			hit++
		}
	}
	if hit > 1 {
		return false // lines named to keep beside the one to drop
	}
	named := kindConcepts(t.res.Text + " " + kw)
	mineFit, mineExtra := kindFit(line.Title, named)
	mine := titleWords(line.Title, words) + mineFit
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 3})
	if err != nil {
		return false
	}
	for i := range res.Products {
		p := &res.Products[i]
		if inCart(c, p) {
			continue
		}
		// What the words find in a title comes first; only on a tie does
		// the title naming fewer kinds beyond them fit better. A line whose
		// title merely names more kinds than were said ("the XLR cable"
		// for the "XLR Microphone Cable") keeps the word only it has.
		fit, extra := kindFit(p.Title, named)
		if n := titleWords(p.Title, words) + fit; n > mine || n == mine && extra < mineExtra {
			return true
		}
	}
	return false
}

// kindConcepts are the kinds of product the words name through the
// vocabulary, in any language ("胶枪" the glue gun).
func kindConcepts(text string) map[vocab.ID]bool {
	voc := vocab.Default()
	out := map[vocab.ID]bool{}
	for _, m := range voc.Match(text, true) {
		for _, id := range m.Concepts {
			if voc.IsKind(id) {
				out[id] = true
			}
		}
	}
	return out
}

// kindFit counts the kinds named that a title names itself (or a narrower
// kind of them), read the same way, and those it names beyond them: "Hot Glue Sticks" names hot glue and
// sticks, so "the glue gun" fits it worse than "Cordless Hot Glue Gun",
// however close a catalogue files the two.
func kindFit(title string, named map[vocab.ID]bool) (fit, extra int) {
	voc := vocab.Default()
	for id := range kindConcepts(title) {
		// A kind above or below the one said fits it: the "Microphone
		// Cable" is a cable, and a word the vocabulary files under a
		// narrower cable ("kabel") still names cables.
		if named[id] || slices.ContainsFunc(voc.Ancestors(id), func(a vocab.ID) bool { return named[a] }) || namesAbove(voc, named, id) {
			fit++
		} else {
			extra++
		}
	}
	return fit, extra
}

// namesAbove reports a kind named that id is an ancestor of.
func namesAbove(voc *vocab.Vocabulary, named map[vocab.ID]bool, id vocab.ID) bool {
	for n := range named {
		if slices.Contains(voc.Ancestors(n), id) {
			return true
		}
	}
	return false
}

// titleWords counts the distinct words of three letters or more that a
// title holds, a plural or a longer form meeting its stem ("guns" the
// "Gun").
func titleWords(title string, words []string) int {
	tw := fold.Words(title)
	seen := map[string]bool{}
	n := 0
	for _, w := range words {
		if len([]rune(w)) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		for _, x := range tw {
			if len([]rune(x)) >= 3 && (strings.HasPrefix(w, x) || strings.HasPrefix(x, w)) {
				n++
				break
			}
		}
	}
	return n
}

// sharesConcept reports a text and a title that name one product word of
// the vocabulary (a kind, a material, a feature), in whatever languages.
func sharesConcept(title, text string) bool {
	voc := vocab.Default()
	in := map[vocab.ID]bool{}
	for _, m := range voc.Match(title, true) {
		for _, id := range m.Concepts {
			in[id] = true
		}
	}
	for _, m := range voc.Match(text, true) {
		for _, id := range m.Concepts {
			if in[id] {
				return true
			}
		}
	}
	return false
}

// alsoAddReading reads "and also a rope tug toy, the big 50 cm one",
// guessed a product question, right after an add as one more thing to add:
// the shopper is filling the cart, and "also" carries the add on. A
// question ("and do you also have …?") stays one.
func (b *Bot) alsoAddReading(t *turn) bool {
	switch t.res.Intent.Name {
	case "product_info", "product_search":
	case "product_availability":
		if t.res.Intent.Confidence >= unsure {
			return false // "also do you have the socks": a stock question, surely
		}
	default:
		return false
	}
	if t.st.LastAdded == "" || t.st.Ask != "" || asksQuestion(t.res.Text) || !(anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text)) {
		return false
	}
	if b.Catalog.KeyWords(t.ctx, t.res.Text) == "" {
		return false
	}
	c, err := b.cartOf(t)
	if err != nil {
		return false
	}
	_, ok := c.Find(t.st.LastAdded)
	return ok
}
