package dialog

import (
	"errors"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// This file keeps the dialogue's model of what the shopper wants: the
// quantity asked for (set or on top), the cart line changed last, and which
// of the products on screen the shopper means.

// quantitySaid reads the quantity a message states and whether it comes on
// top of what the cart holds ("one more", "2 more", "nog een"). Restating a
// number ("two packs") sets; only an explicit "more" adds.
func quantitySaid(res nlu.Result) (n int, more bool) {
	if anyOf(res.Text, lexicon.Compare) || anyOf(res.Text, choosingWords.OfTwo) {
		return 0, false // "which of the two", "the thicker of the two", "1.7 vs 1.2": products weighed, not counted
	}
	q, ok := firstCount(res)
	if ok && !insideName(res, q) && !inRangeOrRuledOut(res.Text, q.Start) && !packSizeAt(res.Text, q.Start, q.End) {
		n, _ = strconv.Atoi(valueString(q.Value))
	} else if !ok {
		n = countAfterComma(res.Text)
	}
	switch {
	case anyOf(res.Text, lexicon.SetTo):
		more = false
	case anyOf(res.Text, lexicon.MoreOf.Strong):
		more = true
	case n > 0 && anyOf(res.Text, lexicon.MoreOf.Weak):
		more = true
	}
	if more && n <= 0 {
		n = 1
	}
	return n, more
}

// firstCount is the first quantity of a message that counts: "20 liter
// x2" counts two, "30 x 20 board" nothing (a size), whatever the NLU read
// in the measure; a pack size before the count ("the 10-pack, three of
// them") is passed over like a measure. With none but measures, the first
// of them, as before.
func firstCount(res nlu.Result) (nlu.Entity, bool) {
	first, found := nlu.Entity{}, false
	for _, e := range res.Entities {
		if e.Entity != "quantity" {
			continue
		}
		if !found {
			first, found = e, true
		}
		if !measureQuantity(res.Text, e) && !packSizeAt(res.Text, e.Start, e.End) {
			// "黄板10片装来三包", "the 10-pack, three of them": the
			// number of pieces in a pack names the variant; the count
			// is the next one.
			return e, true
		}
	}
	if found && measureQuantity(res.Text, first) && dimensionAt(res.Text, first.Start, first.End) {
		return nlu.Entity{}, true // a dimension only: no count, and none to look for after a comma
	}
	return first, found
}

// measureQuantity reports a number the NLU read as a quantity that is a
// measure: a unit right after it ("20 liter") or one side of a dimension
// ("30 x 20").
func measureQuantity(text string, e nlu.Entity) bool {
	return unitAfter(text, e.End) || dimensionAt(text, e.Start, e.End)
}

var (
	dimensionAfter  = regexp.MustCompile(`^\s*\d+(?:[.,]\d+)?(?:\s+[x×*]\s+|[x×*])\d+(?:[.,]\d+)?(\pL*)`)
	dimensionBefore = regexp.MustCompile(`\d(?:\s+[x×*]\s+|[x×*])$`)
	dimensionXEnd   = regexp.MustCompile(`\d\s+[x×*]\s*$`)
)

// dimensionAt reports the number at code points start–end of text as one
// side of a dimension: "30 x 20", "30x20 cm".
func dimensionAt(text string, start, end int) bool {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start >= end {
		return false
	}
	span, after := string(rs[start:end]), string(rs[end:])
	if m := dimensionAfter.FindStringSubmatch(string(rs[start:])); m != nil {
		// "30 x 20", "30x20cm"; not "2x 5a" or "2x 30ml", two of a size
		// (the "x" written onto the count).
		_, unit := units[fold.String(m[1])]
		return m[1] == "" || unit
	}
	if dimensionBefore.MatchString(string(rs[:start])) {
		return true
	}
	// "30 x" read as one quantity, a number after it.
	return dimensionXEnd.MatchString(span) && len(after) > 0 && strings.TrimLeft(after, " ") != "" && strings.TrimLeft(after, " ")[0] >= '0' && strings.TrimLeft(after, " ")[0] <= '9'
}

// countAfterComma reads a count the NLU leaves alone because a comma
// comes before it: "white silicone for the bathroom, 2 tubes". The word
// after the number is what is counted, never a unit of measure ("…, 5 kg",
// "…, 12 վոլտ") or of time ("…, 2 years"); and a count said this way is
// small: a bigger number after a comma is more often a measure in a word
// the shop does not know.
func countAfterComma(text string) int {
	for _, m := range commaCount.FindAllStringSubmatch(text, -1) {
		w := fold.String(m[2])
		if _, unit := units[w]; unit || timeWords[w] || measureWords[w] {
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n > 0 && n <= 10 {
			return n
		}
	}
	return 0
}

var (
	commaCount = regexp.MustCompile(`[,;]\s+(\d{1,2})\s+(\pL{3,})`)
	timeWords  = map[string]bool{"days": true, "weeks": true, "months": true, "years": true, "hours": true, "minutes": true, "times": true,
		"dagen": true, "weken": true, "maanden": true, "jaar": true, "uur": true, "keer": true, "hari": true, "minggu": true, "bulan": true, "tahun": true, "jam": true, "kali": true,
		"dager": true, "uker": true, "måneder": true, "år": true, "timer": true, "ganger": true}
	measureWords = map[string]bool{"volt": true, "volts": true, "վոլտ": true, "watt": true, "watts": true, "amp": true, "amps": true, "ampere": true,
		"mah": true, "bar": true, "psi": true, "degrees": true, "graden": true, "darjah": true, "grader": true, "litre": true, "liter": true}
)

// notePending remembers a quantity said before the product is settled ("I
// need two packs of the black socks in L"), so the add that follows uses it.
// A new request without a number forgets an old one.
func notePending(t *turn) {
	n, more := quantitySaid(t.res)
	if n > 0 {
		t.st.Qty, t.st.More = n, more
		return
	}
	if t.openAsk == "product" {
		// "witte siliconenkit" answering "did you mean …?" after "…, 2
		// kokers": the answer settles which product, the number said
		// with the request still counts it.
		return
	}
	t.st.Qty, t.st.More = 0, false
}

// shortMessage is a message of a few words: a follow-up, not a new request.
func shortMessage(text string, words int) bool {
	for _, r := range text {
		if r >= 0x3000 { // CJK and other scripts without spaces: count characters
			return utf8.RuneCountInString(text) <= words*3
		}
	}
	return len(strings.Fields(text)) <= words
}

// countOnly reports a message whose words, but for the count the NLU
// found ("两包", two packs; "10" of "10 tu"), name nothing the shop reads
// and hold no run of Chinese it cannot read: the measure word or the
// number of a count is no product of its own ("包" a bag, "10" the number
// of a "10-pack"). A count with a word of its own ("2 bottles") is not
// one: the word may name another product.
func (b *Bot) countOnly(t *turn) bool {
	q, ok := t.res.First("quantity")
	r := []rune(t.res.Text)
	if !ok || q.Start < 0 || q.End > len(r) || q.Start >= q.End {
		return false
	}
	word := strings.TrimFunc(string(r[q.Start:q.End]), func(c rune) bool {
		return unicode.IsDigit(c) || unicode.IsSpace(c) || strings.ContainsRune("一二两三四五六七八九十百", c)
	})
	if n := []rune(word); len(n) > 1 || len(n) == 1 && !unicode.Is(unicode.Han, n[0]) {
		return false
	}
	rest := string(r[:q.Start]) + " " + string(r[q.End:])
	if b.Catalog.KeyWords(t.ctx, rest) != "" {
		return false
	}
	han := 0
	for _, c := range rest {
		if unicode.Is(unicode.Han, c) {
			han++
		}
	}
	return han < 3
}

// editLastLine handles short follow-ups about the line just put in the
// cart: "two packs" sets it to two, "one more" adds one, "no, just one"
// sets it back — whatever intent the words alone suggest.
func (b *Bot) editLastLine(t *turn) (bool, error) {
	if t.st.Ask != "" || !shortMessage(t.res.Text, 8) && !(anyOf(t.res.Text, lexicon.SetTo) && shortMessage(t.res.Text, 14)) {
		return false, nil
	}
	if t.st.LastAdded == "" {
		// "Make it two" about what is on screen, nothing in the cart yet:
		// two of it, to add.
		n, _ := quantitySaid(t.res)
		if n <= 0 || t.st.Focus == "" && len(t.st.Shown) == 0 || b.Catalog.KeyWords(t.ctx, t.res.Text) != "" || anyOf(t.res.Text, lexicon.OrderWords) {
			return false, nil
		}
		if _, ok := t.res.First("order_number"); ok {
			return false, nil
		}
		t.st.Qty, t.st.More = n, false
		return true, b.addToCart(t)
	}
	for _, kind := range []string{"product", "brand", "order_number", "email"} {
		if _, ok := t.res.First(kind); ok {
			if kind == "product" && b.namesCartLineDefinitely(t) {
				continue // "2 pairs of the gloves": the gloves in the cart, no new product
			}
			return false, nil
		}
	}
	switch t.res.Intent.Name {
	case "add_to_cart", "deny", "affirm", "product_search", "out_of_scope", "recommendation", "":
	default:
		// "改成2件" read as change_order, "ik heb er twee nodig" as
		// invoice: a number about the line just added, unless the words
		// speak of an order.
		if anyOf(t.res.Text, lexicon.OrderWords) {
			return false, nil
		}
	}
	countOnly := b.countOnly(t) // "对，两包", "10 tu": the only words the shop reads are the count's own
	n, more := quantitySaid(t.res)
	if n <= 0 {
		return false, nil
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	// The line the count is about: the one just added, unless the words
	// name another line of the cart by its kind ("make the pads 2" after
	// the tyre went in, "sangkar botol tu 2"): never a new line of it.
	target := t.st.LastAdded
	other := func() bool {
		if line, ok := b.lineNamed(t, c); ok && line.SKU != t.st.LastAdded {
			target = line.SKU
			return true
		}
		return false
	}
	if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); !countOnly && kw != "" && b.Catalog.NamesKind(t.ctx, kw) {
		// "two bottles" about the bottle just added, not "two caps".
		v, err := b.Catalog.Variant(t.ctx, t.st.LastAdded)
		if err != nil {
			return false, nil
		}
		p, err := b.Catalog.ProductByID(t.ctx, v.ProductID)
		if (err != nil || b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle].Kind < 2) && !other() {
			return false, nil
		}
	}
	if v, err := b.Catalog.Variant(t.ctx, target); err == nil {
		if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
			if !countOnly && b.namesOtherThan(t, p) && (target != t.st.LastAdded || !other()) {
				return false, nil // "加一个玻璃胶枪" after the sealant: one of another product (cart_focus.go)
			}
			for k, val := range fitOptions(p, statedValues(p, t.res)) {
				if cur, ok := catalog.OptionValue(v.Options, k); ok && !strings.EqualFold(cur, val) {
					return false, nil // "one more in beige": another variant, not more of this one
				}
			}
		}
	}
	line, ok := c.Find(target)
	if !ok {
		return false, nil
	}
	switch {
	case more:
		n += line.Quantity
	case saysRemove(t.res.Text) && !anyOf(t.res.Text, lexicon.SetTo):
		// "take one out" of three leaves two: the number is what goes,
		// not what stays; all of them, or more, is the whole line.
		if n >= line.Quantity {
			return true, b.removeSKU(t, c, line.SKU)
		}
		n = line.Quantity - n
	}
	return true, b.setLine(t, c, line.SKU, n)
}

// addSKU puts the chosen variant in the cart. A variant already there is
// not added again unless the shopper asked for more; a quantity they stated
// becomes the line's quantity.
func (b *Bot) addSKU(t *turn, sku string) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	qty, more := t.st.Qty, t.st.More
	have, inCart := c.Find(sku)
	switch {
	case inCart && more:
		return b.setLine(t, c, sku, have.Quantity+max(qty, 1))
	case inCart && qty > 0:
		return b.setLine(t, c, sku, qty)
	case inCart:
		t.st.Ask, t.st.After, t.st.Qty, t.st.More, t.st.LastAdded = "", "", 0, false, sku
		b.cardOfSKU(t, sku) // the item asked for, on screen with its stock
		m := b.say(t, "cart.already", "qty", have.Quantity, "item", have.Title)
		m.Options = []conversation.Option{
			b.option(t, "option.one_more", "addone:"+sku),
			b.option(t, "option.checkout", "checkout"),
			b.option(t, "option.view_cart", "view_cart"),
		}
		return nil
	}
	return b.setLine(t, c, sku, max(qty, 1))
}

// setLine makes the cart hold exactly qty of sku, telling the shopper when
// the stock is short: never asking for a number that cannot be met.
func (b *Bot) setLine(t *turn, c *cart.Cart, sku string, qty int) error {
	have, inCart := c.Find(sku)
	if inCart && have.Quantity == qty {
		t.st.Ask, t.st.After, t.st.Qty, t.st.More, t.st.LastAdded = "", "", 0, false, sku
		b.cardOfSKU(t, sku)
		m := b.say(t, "cart.already", "qty", have.Quantity, "item", have.Title)
		m.Options = []conversation.Option{b.option(t, "option.checkout", "checkout"), b.option(t, "option.view_cart", "view_cart")}
		return nil
	}
	it, err := b.Carts.Set(t.ctx, c, sku, qty)
	var se *cart.StockError
	switch {
	case errors.As(err, &se) && se.Available > 0 && (!inCart || se.Available > have.Quantity):
		// Fewer than asked: say how many there are and let them choose.
		t.st.Qty, t.st.More = 0, false
		b.say(t, "cart.only_have", "count", se.Available, "item", b.skuTitle(t, sku))
		t.st.Ask, t.st.After = "quantity", "add_to_cart"
		return nil
	case errors.As(err, &se) && se.Available > 0:
		// The cart already holds every unit there is: nothing to ask.
		t.st.Ask, t.st.After, t.st.Qty, t.st.More = "", "", 0, false
		m := b.say(t, "cart.all_in_cart", "count", have.Quantity, "item", have.Title)
		m.Options = []conversation.Option{b.option(t, "option.checkout", "checkout"), b.option(t, "option.view_cart", "view_cart")}
		return nil
	case errors.As(err, &se) || errors.Is(err, catalog.ErrOutOfStock):
		t.st.Ask, t.st.After, t.st.Qty, t.st.More = "", "", 0, false
		b.say(t, "availability.sold_out", "item", b.skuTitle(t, sku))
		return nil
	case errors.Is(err, cart.ErrQuantity):
		t.st.Ask, t.st.After, t.st.Qty, t.st.More = "", "", 0, false
		b.say(t, "cart.bad_quantity", "max", cart.MaxQuantity)
		return nil
	case err != nil:
		return err
	}
	t.st.Ask, t.st.After, t.st.Qty, t.st.More, t.st.LastAdded = "", "", 0, false, sku
	if !inCart {
		noteSaid(t, sku) // cart_edit.go
	}
	key := "cart.added"
	var added *catalog.Product
	if inCart {
		key = "cart.updated"
	} else if v, err := b.Catalog.Variant(t.ctx, sku); err == nil {
		// The card of what went in, with its stock: every channel can show
		// the item, and the shopper sees the variant they chose.
		if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
			b.cards(t, []catalog.Product{*p}).Reason = "availability"
			added = p
			// Put back in on purpose: a "pay" may buy it again (noteRemoved).
			t.st.Removed = slices.DeleteFunc(t.st.Removed, func(h string) bool { return h == p.Handle })
		}
	}
	m := b.say(t, key, "qty", it.Quantity, "item", it.Title, "subtotal", b.money(t, c.Subtotal()), "count", c.Count())
	m.Options = []conversation.Option{
		b.option(t, "option.checkout", "checkout"),
		b.option(t, "option.view_cart", "view_cart"),
		b.option(t, "option.keep_shopping", "keep_shopping"),
	}
	if added != nil {
		b.crossSell(t, added, m.Options) // crosssell.go
	}
	return nil
}

// withoutOptionNames drops the names of options ("size", "kleur", "尺码",
// "չափսը") from text: "size M" names a size, and describes no product
// whose text says "one size". Chinese names are cut out of the words they
// are written into ("要L码的尺码").
func withoutOptionNames(text string) string {
	words := strings.Fields(text)
	kept := words[:0:0]
	for _, w := range words {
		if canonicalField(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })) != "" {
			continue
		}
		if strings.ContainsFunc(w, fold.IsCJK) {
			for _, n := range cjkOptionNames {
				w = strings.ReplaceAll(w, n, " ")
			}
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// cjkOptionNames are the option names written in Han characters.
var cjkOptionNames = func() []string {
	var out []string
	for _, n := range catalog.OptionNames() {
		if strings.ContainsFunc(n, fold.IsCJK) {
			out = append(out, n)
		}
	}
	return out
}()

// pickShown chooses, among the products on screen, the one that matches
// everything the shopper said about it: this message's words (read as the
// search reads them, in any language) and options, the words of the search
// that listed them, and — all else equal — the product under discussion.
// It returns the one best product, or the equally good ones when a
// question must settle it, or neither when the message describes none of
// them (a new request).
func (b *Bot) pickShown(t *turn, opts map[string]string) (*catalog.Product, []catalog.Product) {
	if len(t.st.Shown) < 2 {
		return nil, nil
	}
	said, ruledOut := splitNegated(t.res.Text)
	text := longWords(b.Catalog.KeyWords(t.ctx, withoutOptionNames(said)))
	if v, ok := entity(t.res, "category"); ok && text == "" {
		text = v
	}
	var against map[string]catalog.Fit
	if kw := b.Catalog.KeyWords(t.ctx, ruledOut); kw != "" {
		against = b.Catalog.Relevance(t.ctx, kw, t.st.Shown) // "not the loose one"
	}
	cheapest := refinement(t.res.Text) == "cheaper"
	// The products' own words: "the one that doesn't flip inside out in
	// the wind" (choosing.go), and "the bigger one" among one kind.
	var shownPs []*catalog.Product
	for _, h := range t.st.Shown {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil {
			shownPs = append(shownPs, p)
		}
	}
	desc := describedShown(withoutOptionNames(t.res.Text), shownPs)
	plain := map[string]int{}
	anyDesc := false
	for i, p := range shownPs {
		plain[p.Handle] = desc[i]
		anyDesc = anyDesc || desc[i] != 0
	}
	dir := sizeSaid(t.res.Text)
	// A size or colour in a product's own spelling ("a5", "xl") or a price
	// off a card ("27.95") picks as well as words do.
	// A lone letter ("M") is left to the other readings: it is as often a
	// word as a size.
	ownValue := false
	for _, p := range shownPs {
		for _, v := range productValues(p, said) {
			ownValue = ownValue || utf8.RuneCountInString(v) > 1
		}
		ownValue = ownValue || costsOneOf(p, said)
	}
	if text == "" && len(opts) == 0 && !cheapest && !anyDesc && dir == 0 && !ownValue {
		return nil, nil
	}
	fits := b.Catalog.Relevance(t.ctx, text, t.st.Shown)
	namesKind := text != "" && b.Catalog.NamesKind(t.ctx, text)
	if namesKind {
		ofKind := false
		for _, f := range fits {
			ofKind = ofKind || f.Kind == 2
		}
		if !ofKind {
			return nil, nil // a kind none of them is ("socks" while boots are shown)
		}
	}
	// Sizes and colours said in the product's own spelling ("M", "XL")
	// count even where the NLU saw none; an option asked that a product
	// does not have at all makes it fit less.
	stated := map[string]map[string]string{}
	asked := map[string]bool{}
	for k := range opts {
		asked[optionKey(k)] = true
	}
	for _, p := range shownPs {
		m := map[string]string{}
		for k, v := range opts {
			m[k] = v
		}
		for k, v := range productValues(p, said) {
			if _, ok := m[k]; !ok {
				m[k] = v
				asked[optionKey(k)] = true
			}
		}
		stated[p.Handle] = m
	}
	bigger := ""
	if dir != 0 {
		// Compared among the products of the kind named, or all of them.
		var kin []*catalog.Product
		for _, p := range shownPs {
			if !namesKind || fits[p.Handle].Kind == 2 {
				kin = append(kin, p)
			}
		}
		if i := bySize(kin, dir); i >= 0 {
			bigger = kin[i].Handle
		}
	}
	var before map[string]catalog.Fit
	if t.st.LastQuery != nil && t.st.LastQuery.Text != "" {
		before = b.Catalog.Relevance(t.ctx, t.st.LastQuery.Text, t.st.Shown)
	}
	type scored struct {
		p     catalog.Product
		score int
	}
	var all []scored
	described := false
	for _, h := range t.st.Shown {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil {
			continue
		}
		f := fits[h]
		if namesKind && f.Kind < 2 {
			continue
		}
		s := 4*f.Matched - 4*against[h].Matched + 3*plain[h]
		described = described || f.Matched > 0 || against[h].Matched > 0 || plain[h] != 0
		if h == bigger {
			s += 4
			described = true
		}
		if nums := numbersIn(said); len(nums) > 0 && sharesNumber(p.Title, nums) {
			// "the 1.2 litre one", "Kumo 1.0 L": a number of the title
			// tells products of one name apart.
			s += 4
			described = true
		} else if costsOneOf(p, said) {
			// "yg 27.95 tu", "the 14,50 one": the price on its card.
			s += 4
			described = true
		}
		s += before[h].Matched
		if len(asked) > 0 {
			fit := fitOptions(p, stated[h])
			// A size said of a product without sizes ("M in navy" beside
			// a suitcase that only comes in colours) fits it less than a
			// product that has both.
			short := 0
			if len(fit) < len(asked) {
				short = 2
			}
			switch {
			case len(fit) == 0:
			case len(catalog.MatchingVariants(*p, catalog.Query{Options: fit, InStock: true})) > 0:
				s += 3 - short
				described = true
			case len(catalog.MatchingVariants(*p, catalog.Query{Options: fit})) > 0:
				s += 2 - short
				described = true
			default:
				s -= 10
			}
		}
		if h == t.st.Focus {
			s++ // the product under discussion wins a tie
		}
		all = append(all, scored{*p, s})
	}
	if len(all) == 0 {
		return nil, nil
	}
	if cheapest && text == "" && len(opts) == 0 {
		// "the cheaper one in turquoise": the cheapest of those that come
		// in what was said, not the cheapest on screen.
		sort.SliceStable(all, func(i, j int) bool { return all[i].p.MinPrice().Amount < all[j].p.MinPrice().Amount })
		if len(asked) > 0 {
			sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
		}
		return &all[0].p, nil
	}
	if !described {
		return nil, nil
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	if all[0].score <= 0 {
		return nil, nil
	}
	if len(all) == 1 || all[0].score > all[1].score {
		return &all[0].p, nil
	}
	var tied []catalog.Product
	for _, s := range all {
		if s.score == all[0].score {
			tied = append(tied, s.p)
		}
	}
	if cheapest {
		// "the cheaper one in teal" with two in teal: the price tells them apart.
		sort.SliceStable(tied, func(i, j int) bool { return tied[i].MinPrice().Amount < tied[j].MinPrice().Amount })
		if tied[0].MinPrice().Amount < tied[1].MinPrice().Amount {
			return &tied[0], nil
		}
	}
	return nil, tied
}

// askAmong asks which of a few equally good products the shopper means,
// then resumes what they wanted (adding it, or its availability).
func (b *Bot) askAmong(t *turn, ps []catalog.Product, after string) error {
	if !t.guessed {
		p, tied := b.whichProduct(t, ps, after != "availability") // which_product.go
		if p != nil {
			return b.settleProduct(t, p, after)
		}
		ps = tied
	}
	b.askProduct(t, "cart.which_of", ps, after)
	t.st.Shown = t.st.Shown[:0]
	for _, p := range ps {
		t.st.Shown = append(t.st.Shown, p.Handle)
	}
	b.cards(t, ps)
	// The cards came after the question; the question must stay last, as
	// it is what the bot waits for.
	n := len(t.out)
	t.out[n-2], t.out[n-1] = t.out[n-1], t.out[n-2]
	t.st.Ask, t.st.After = "product", after
	return nil
}

// splitNegated parts a message into what the shopper wants and what they
// rule out: "the fitted one with the hood, not the long coat", "ikke den
// løse, den vanlige". A clause (between commas, or after "but") that starts
// with a negation is ruled out.
func splitNegated(text string) (said, ruledOut string) {
	var yes, no []string
	text = decimalMark.ReplaceAllString(text, "$1\u00b7$2") // "1.2 L" is one clause
	defer func() {
		said, ruledOut = strings.ReplaceAll(said, "\u00b7", "."), strings.ReplaceAll(ruledOut, "\u00b7", ".")
	}()
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(",;.，。；", r) }) {
		words := strings.Fields(strings.ToLower(clause))
		if len(words) > 0 && slices.Contains(lexicon.Negation, words[0]) || len(words) > 0 && strings.HasPrefix(words[0], "不") {
			no = append(no, clause)
			continue
		}
		// "the soft one but without the removable pads": what follows a
		// "without" inside the clause is ruled out too.
		cut := -1
		for i, w := range words {
			if slices.Contains(choosingWords.Without, strings.Trim(w, "?!")) {
				cut = i
				break
			}
		}
		if cut >= 0 {
			orig := strings.Fields(clause) // as typed: "M" is a size, "m" may not be
			if cut > 0 {
				yes = append(yes, strings.Join(orig[:cut], " "))
			}
			no = append(no, strings.Join(orig[cut+1:], " "))
			continue
		}
		yes = append(yes, clause)
	}
	return strings.Join(yes, " "), strings.Join(no, " ")
}

// insideName reports whether a number is part of a product's name the
// message gives ("Fjellheim 3 tent", "iPhone 15"): no quantity.
func insideName(res nlu.Result, q nlu.Entity) bool {
	for _, e := range res.Entities {
		if e.Entity == "product" && e.End > e.Start && e.Start <= q.Start && q.End <= e.End {
			return true
		}
	}
	return false
}

// inRangeOrRuledOut reports a number that ends a range ("the 5 of 4-5")
// or that the shopper rules out ("6-7 years, not 4"): no quantity.
// modelCode tells that the number at start is part of a model name written
// with Latin letters before it ("Harbor C-5", "D10", "M-50"), not a count;
// "x3" and "×3" still count.
func modelCode(r []rune, start int) bool {
	if start < 1 || start > len(r) {
		return false
	}
	i := start - 1
	if strings.ContainsRune("-–", r[i]) {
		i--
	}
	if i < 0 || !unicode.Is(unicode.Latin, r[i]) || unicode.ToLower(r[i]) == 'x' {
		return false
	}
	return true
}

func inRangeOrRuledOut(text string, start int) bool {
	r := []rune(text)
	if start > 1 && start <= len(r) && strings.ContainsRune("-–", r[start-1]) && unicode.IsDigit(r[start-2]) {
		return true
	}
	if modelCode(r, start) {
		return true
	}
	return negated(text, start)
}

// cardOfSKU shows the card of the product a variant belongs to, with its
// stock: "it is in your cart already" comes with the item it is about.
func (b *Bot) cardOfSKU(t *turn, sku string) {
	v, err := b.Catalog.Variant(t.ctx, sku)
	if err != nil {
		return
	}
	p, err := b.Catalog.ProductByID(t.ctx, v.ProductID)
	if err != nil {
		return
	}
	b.cards(t, []catalog.Product{*p}).Reason = "availability"
}

// costsOneOf reports whether the text names one of the product's prices
// with its cents ("27.95", "14,50"): a price read off a card picks that
// product. Whole numbers are left out: "the 24 one" is more often a count
// or a size than a price.
func costsOneOf(p *catalog.Product, text string) bool {
	for _, n := range numberRun.FindAllString(text, -1) {
		n = strings.ReplaceAll(n, ",", ".")
		if !strings.Contains(n, ".") {
			continue
		}
		for _, v := range p.Variants {
			if v.Price.Decimal() == n {
				return true
			}
		}
	}
	return false
}
