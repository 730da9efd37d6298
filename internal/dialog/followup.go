package dialog

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// This file reads messages whose intent alone misleads: "no, 39 not 38"
// (deny) or "actually size 41" changes the product in focus; "also the
// canvas tote, natural colour" (a guess of "complaint" at 0.37) is about a
// product the shop sells. The words that name the catalogue decide.

// unsure is the confidence below which a message that names the
// catalogue's products is read as shopping whatever the intent guess.
const unsure = 0.6

// changeOption handles a new size or colour for the product in focus: the
// cart line of that product is swapped for the new variant ("actually I
// need a 41"), or, when none is in the cart, the new variant's stock is told.
func (b *Bot) changeOption(t *turn) (bool, error) {
	if t.st.Focus == "" || t.st.Ask != "" || !shortMessage(t.res.Text, 10) {
		return false, nil
	}
	if b.soldOutSwitch(t) != nil {
		return false, nil // one of the products offered for a sold-out one (soldout.go, resolve)
	}
	for _, kind := range []string{"product", "brand", "order_number", "email", "money"} {
		if e, ok := t.res.First(kind); ok {
			if kind == "product" && b.valueOwner(t, valueString(e.Value), e) != nil {
				continue // "bytt til 5 meter": the unit of a value, no product's name (cart_focus.go)
			}
			return false, nil
		}
	}
	asks, removal := false, false
	switch t.res.Intent.Name {
	case "deny", "affirm", "add_to_cart", "out_of_scope", "product_search", "exchange_item", "change_order", "":
	case "product_availability", "product_info":
		asks = true
	case "human_agent":
		if !weakRequest(t) {
			return false, nil // "can I talk to someone": a person it is
		}
	case "remove_from_cart":
		// "no, make it black" read as a removal: a new value of the
		// product in focus while none of it is in the cart (checked
		// below) and no word takes anything out. An unsure guess is read
		// as any other ("maak er toch maat 40 van" at 0.36 swaps the line).
		if t.res.Intent.Confidence >= unsure {
			if anyOf(t.res.Text, lexicon.TakeOut) {
				return false, nil
			}
			removal = true
		}
	case "feedback", "thanks":
		// "actually 6-7 years not 4-5" read as feedback: a new value of the
		// product in focus is no remark about the shop.
	default:
		if t.res.Intent.Confidence >= unsure {
			return false, nil
		}
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false, nil
	}
	units := b.onlyUnits(t, p)
	if e, ok := t.res.First("category"); ok && !units {
		// "grey beanie" about the beanie on screen picks its colour; a kind
		// it is not ("gloves black") is another product.
		if f := b.Catalog.Relevance(t.ctx, e.Text, []string{p.Handle})[p.Handle]; f.Kind < 2 {
			return false, nil
		}
	}
	said := fitOptions(p, statedValues(p, t.res))
	if len(said) == 0 && t.res.Intent.Name != "product_search" {
		// "change it to size 43" with the socks last added: the one line
		// whose product comes in that value is meant.
		if other, values := b.lineTaking(t); other != nil {
			p, said = other, values
			t.st.Focus, t.st.Want = other.Handle, nil
		}
	}
	if len(said) == 0 {
		return false, nil // no new size or colour: nothing to change (and no cart to read)
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	line, inCart := lineOf(c, p)
	if removal && inCart && !b.newValueOfLine(t, line, said) {
		return false, nil // the product is in the cart: a removal it may well be
	}
	if len(t.st.Shown) > 1 && !inCart && t.res.Intent.Name == "product_search" {
		return false, nil // "in blue" about a list narrows the list
	}
	if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" && !units && b.Catalog.NamesKind(t.ctx, kw) {
		if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Kind < 2 {
			return false, nil // another kind of product: not about this one
		}
	}
	if asks || !inCart {
		want := map[string]string{}
		for k, v := range t.st.Want {
			want[k] = v
		}
		for k, v := range said {
			want[k] = v
		}
		// "yes, 39" after the stock of the product in focus was told (with
		// its "Add to cart"): that one, in the value said.
		yes := t.res.Intent.Name == "affirm" && t.res.Intent.Confidence >= unsure
		if !asks && (t.res.Intent.Name == "add_to_cart" || yes || anyOf(t.res.Text, lexicon.Buy)) {
			t.st.Want = fitOptions(p, want)
			if n, more := quantitySaid(t.res); n > 0 {
				// "ok, 2 of the blue then" after "the red is sold out": the
				// count comes with the choice (continueAdd tells a
				// measure or a number of the name from a count).
				t.st.Qty, t.st.More = n, more
			}
			return true, b.continueAdd(t, p)
		}
		return true, b.tellAvailability(t, p, want)
	}
	// Swap the line for the variant with the new values, keeping the rest
	// of what was chosen and the quantity.
	old, err := b.Catalog.Variant(t.ctx, line.SKU)
	if err != nil {
		return true, err
	}
	if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); (anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text)) && kw != "" && b.Catalog.NamesKind(t.ctx, kw) {
		return false, nil // "og en gul regnjakke til barnet": another product to find, not this one changed
	}
	if n, more := quantitySaid(t.res); more || anyOf(t.res.Text, lexicon.Also) {
		// "再加一个米色的", "one more in beige": another line beside this one.
		want := map[string]string{}
		for k, v := range old.Options {
			want[k] = v
		}
		for k, v := range said {
			want[k] = v
		}
		t.st.Want, t.st.Qty, t.st.More = want, max(n, 1), false
		return true, b.continueAdd(t, p)
	}
	want := map[string]string{}
	for k, v := range old.Options {
		want[k] = v
	}
	for k, v := range said {
		want[k] = v
	}
	if same := catalog.MatchingVariants(*p, catalog.Query{Options: want}); len(same) == 1 && same[0].SKU == line.SKU {
		return false, nil // nothing changes: let the intent speak
	}
	match := catalog.MatchingVariants(*p, catalog.Query{Options: want, InStock: true})
	if len(match) == 0 {
		return true, b.tellAvailability(t, p, want)
	}
	if err := b.Carts.Remove(t.ctx, c, line.SKU); err != nil {
		return true, err
	}
	t.st.Want = want
	qty := line.Quantity
	if n, _ := quantitySaid(t.res); n > 0 && !measureOfProduct(p, t.res.Text, n) {
		// "3 of the green instead": the line changes value and count at once.
		qty = n
	}
	t.st.Qty, t.st.More = qty, false
	return true, b.setLine(t, c, match[0].SKU, qty)
}

// lineTaking finds the one cart line whose product comes in the size or
// colour the message names, with those values; nil with none or several.
func (b *Bot) lineTaking(t *turn) (*catalog.Product, map[string]string) {
	c, err := b.cartOf(t)
	if err != nil || len(c.Items) < 2 {
		return nil, nil
	}
	var found *catalog.Product
	var values map[string]string
	for _, it := range c.Items {
		p, err := b.lineProduct(t, it.SKU)
		if err != nil {
			continue
		}
		said := fitOptions(p, statedValues(p, t.res))
		if len(said) == 0 || found != nil && found.Handle == p.Handle {
			continue
		}
		if found != nil {
			return nil, nil // two products take it: no telling which
		}
		found, values = p, said
	}
	return found, values
}

// onlyUnits reports a message whose catalogue words are only the units of
// measures p comes in: "change that to 5 metres" of the tape measure in
// 3m and 5m names no "distance meter"; the words left once the numbers and
// the word after each are taken out name no kind.
func (b *Bot) onlyUnits(t *turn, p *catalog.Product) bool {
	if len(productValues(p, t.res.Text)) == 0 {
		return false
	}
	var rest []string
	afterNumber := false
	for _, w := range strings.Fields(t.res.Text) {
		digit := strings.ContainsFunc(w, unicode.IsDigit)
		if !digit && !afterNumber {
			rest = append(rest, w)
		}
		afterNumber = digit && unicode.IsDigit([]rune(w)[len([]rune(w))-1])
	}
	kw := b.Catalog.KeyWords(t.ctx, strings.Join(rest, " "))
	return kw == "" || !b.Catalog.NamesKind(t.ctx, kw)
}

// lineOf finds the cart line holding a variant of p, the last one added
// first.
// newValueOfLine reports values said that the cart line does not have and
// that no negated clause names: "nee wacht, doe toch maar 12 kilo" of the
// 8 kg kettlebell in the cart changes the line, though it was read as a
// removal; "not the 12 kilo" and "remove the 8 kilo" do not.
func (b *Bot) newValueOfLine(t *turn, line cart.Item, said map[string]string) bool {
	v, err := b.Catalog.Variant(t.ctx, line.SKU)
	if err != nil {
		return false
	}
	_, ruledOut := splitNegated(t.res.Text)
	out := fold.String(ruledOut)
	changed := false
	for k, val := range said {
		if normValue(v.Options[k]) == normValue(val) {
			continue
		}
		for _, w := range fold.Words(val) {
			if strings.Contains(out, w) {
				return false
			}
		}
		changed = true
	}
	return changed
}

func lineOf(c *cart.Cart, p *catalog.Product) (cart.Item, bool) {
	var found cart.Item
	ok := false
	for _, it := range c.Items {
		for _, v := range p.Variants {
			if v.SKU == it.SKU && (!ok || it.AddedAt.After(found.AddedAt)) {
				found, ok = it, true
			}
		}
	}
	return found, ok
}

// statedValues are the option values a message asks for of p: the product's
// own values named in the text, and the NLU's sizes and colours, skipping a
// value the shopper rules out ("41, not 40").
func statedValues(p *catalog.Product, res nlu.Result) map[string]string {
	out := map[string]string{}
	for _, kind := range []string{"size", "color"} {
		name := "Size"
		if kind == "color" {
			name = "Color"
		}
		for _, e := range res.Entities {
			if e.Entity != kind || negated(res.Text, e.Start) {
				continue
			}
			out[name] = valueString(e.Value)
			break
		}
	}
	for k, v := range productValues(p, res.Text) {
		out[k] = v
	}
	if _, ok := out["Size"]; !ok && shortMessage(res.Text, 3) {
		// "what about l": in a message this short a lower-case letter is
		// a size too, when the product comes in it.
		for _, w := range strings.Fields(res.Text) {
			for _, val := range values(p, optionName(p, "Size")) {
				if strings.EqualFold(strings.Trim(w, "?!.,"), val) && len([]rune(val)) <= 3 {
					out[optionName(p, "Size")] = val
				}
			}
		}
	}
	return out
}

// negated reports whether the words just before position start (in code
// points) rule the value out: "not 40", "bukan 40", "ոչ թե 38".
func negated(text string, start int) bool {
	r := []rune(text)
	if start <= 0 || start > len(r) {
		return false
	}
	before := strings.Fields(string(r[max(0, start-12):start]))
	if len(before) == 0 {
		return false
	}
	tail := before[len(before)-1]
	if len(before) > 1 {
		tail = before[len(before)-2] + " " + tail
	}
	for _, n := range lexicon.Negation {
		if strings.HasSuffix(strings.ToLower(tail), n) || strings.HasSuffix(strings.ToLower(tail), n+",") {
			return true
		}
	}
	return false
}

// shoppingReading reads an unsure message that names the catalogue as the
// shopping request it most likely is: putting something in the cart when
// it says so, else asking about the products it names. It returns "" when
// the message names nothing the shop sells.
func (b *Bot) shoppingReading(t *turn) string {
	if name := b.impossibleAfterSale(t); name != "" {
		return name
	}
	if t.res.Intent.Name == "remove_from_cart" && saysRemove(t.res.Text) {
		return "" // "brush pen-երը հանեք": taking out, never picking from the list
	}
	if t.res.Intent.Confidence < fairlySure && b.addsWhatIsShown(t) {
		return "add_to_cart"
	}
	if t.res.Intent.Confidence >= unsure {
		if pick := b.pickedFromList(t); pick != "" {
			return pick
		}
		// "Good afternoon, I'd like a coffee mug in sage": a greeting that
		// carries a request for a kind of product is the request.
		switch t.res.Intent.Name {
		case "exchange_item", "change_order":
			// "change it to the 400 ml", "tukar ke saiz 100x150" from a
			// shopper the shop knows no order of, about the products on
			// screen: a change of what to buy, not of an order.
			if b.choosingNotExchanging(t) {
				if mentionsStem(t.res.Text, lexicon.Buy) {
					return "add_to_cart"
				}
				return "product_availability"
			}
		case "complaint", "feedback":
			// "campur lip balm sekali" read as a complaint: one more
			// product, said with "also" beside a cart that holds some.
			if (anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text)) && !b.strongWords(t) {
				if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" && (b.Catalog.NamesKind(t.ctx, kw) || b.namesProduct(t, kw)) {
					if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
						return "add_to_cart"
					}
					return "product_search"
				}
			}
		case "product_search", "product_availability", "product_info":
			// "body lotion 400ml pun", "and the night cream too", "plus the
			// linen napkins": one more thing for a cart that holds
			// something already, not a question.
			if (anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text)) && !asksQuestion(t.res.Text) && b.Catalog.KeyWords(t.ctx, t.res.Text) != "" &&
				(t.res.Intent.Name == "product_search" || t.res.Intent.Confidence < 0.9 && b.namesKindOrProduct(t)) {
				// A stock or product question the NLU is sure of ("also, do
				// you have it in blue" typed without its question mark)
				// stays a question.
				if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
					return "add_to_cart"
				}
			}
		case "greet", "thanks", "goodbye":
			// "Hallo, zes bollen van de merino DK wol" counts something the
			// shop names: a request as well.
			n, _ := quantitySaid(t.res)
			if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" && !shortMessage(t.res.Text, 3) && (b.Catalog.NamesKind(t.ctx, kw) || n > 0 && b.namesKindOrProduct(t)) {
				if mentionsStem(t.res.Text, lexicon.Buy) {
					return "add_to_cart"
				}
				return "product_search"
			}
		}
		return ""
	}
	if anyOf(t.res.Text, lexicon.ThisOne) && shortMessage(t.res.Text, 4) && (t.st.Focus != "" || len(t.st.Shown) > 0) {
		return "add_to_cart" // "就它了", "die neem ik": the one on screen
	}
	if pick := b.pickedFromList(t); pick != "" {
		return pick
	}
	if t.res.Intent.Name == "remove_from_cart" && (t.st.Focus != "" || len(t.st.Shown) > 0) && mentionsStem(t.res.Text, lexicon.Buy) && !saysRemove(t.res.Text) {
		// "wait, take 45 instead" with nothing in the cart to remove.
		if c, err := b.cartOf(t); err == nil && len(c.Items) == 0 {
			return "add_to_cart"
		}
	}
	shopping := ""
	switch t.res.Intent.Name {
	case "add_to_cart", "product_search", "product_availability", "product_info", "recommendation":
		shopping = t.res.Intent.Name // kept, however unsure, when it names products
	case "out_of_scope", "complaint", "feedback", "promotions", "greet", "thanks", "goodbye",
		"affirm", "deny", "view_cart", "unsubscribe", "account", "":
	case "remove_from_cart":
		if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 && b.namesLine(t, c) {
			return "" // it names something in the cart: a removal it may well be
		}
		if anyOf(t.res.Text, lexicon.TakeOut) {
			return "" // "take the graphite ones out": a removal, whatever the cart holds
		}
	case "return_item", "exchange_item", "cancel_order", "order_status", "refund_status", "change_order", "reorder", "invoice":
		// An unsure after-sale guess about a product, with no word of an
		// order or a return in it ("saya nak skaf sutera"), is shopping.
		if anyOf(t.res.Text, lexicon.OrderWords) || anyOf(t.res.Text, lexicon.Facts["returns"]) {
			return ""
		}
	default:
		return "" // shopping already, or a question where products come up naturally
	}
	for _, kind := range []string{"order_number", "email", "phone", "coupon"} {
		if _, ok := t.res.First(kind); ok {
			return ""
		}
	}
	_, named := b.productNamed(t)
	if _, ok := t.res.First("category"); ok {
		named = true
	}
	if !named {
		for _, w := range catalog.Terms(b.Catalog.KeyWords(t.ctx, t.res.Text)) {
			if r := []rune(w); len(r) >= 3 || len(r) > 0 && r[0] >= 0x3000 {
				named = true
			}
		}
	}
	if !named {
		return ""
	}
	if shopping == "product_info" && t.st.Focus == "" {
		if _, ok := b.productNamed(t); !ok {
			shopping = "product_search" // nothing to say things about yet: find it first
		}
	}
	if (shopping == "product_search" || shopping == "product_availability" || shopping == "product_info") && (anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text)) && !asksQuestion(t.res.Text) {
		if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
			return "add_to_cart" // "再要一支润唇膏": one more thing for the cart
		}
	}
	if shopping == "add_to_cart" && asksQuestion(t.res.Text) && !mentionsStem(t.res.Text, lexicon.Buy) {
		return "product_availability" // "goalkeeper gloves 6, do you have them?" unsure of an add
	}
	if shopping != "" {
		return shopping
	}
	if mentionsStem(t.res.Text, lexicon.Buy) {
		return "add_to_cart"
	}
	if anyOf(t.res.Text, lexicon.Also) || startsWithAnd(t.res.Text) && !asksQuestion(t.res.Text) {
		// "also the canvas tote", "plus the gloves", "and the natural
		// canvas tote": one more thing for a cart that has something in
		// it already.
		if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
			return "add_to_cart"
		}
	}
	if _, ok := b.productNamed(t); ok {
		return "product_availability"
	}
	return "product_search"
}

// addsWhatIsShown reads a short message with a word of buying ("great, add
// it", "ok masukkan", "好，加入") as adding the product in focus or one on
// screen, when the NLU guessed a remark about the shop (feedback, thanks,
// a greeting) without confidence: with a product on screen, a remark that
// says "add" is about the product.
func (b *Bot) addsWhatIsShown(t *turn) bool {
	if t.st.Focus == "" && len(t.st.Shown) == 0 || !shortMessage(t.res.Text, 5) || asksQuestion(t.res.Text) {
		return false
	}
	switch t.res.Intent.Name {
	case "feedback", "complaint", "thanks", "greet", "affirm", "out_of_scope", "unsubscribe", "account", "":
	default:
		return false
	}
	if !mentionsStem(t.res.Text, lexicon.Buy) || anyOf(t.res.Text, lexicon.Negation) || anyOf(t.res.Text, lexicon.OrderWords) {
		return false
	}
	for _, kind := range []string{"order_number", "email", "phone", "coupon"} {
		if _, ok := t.res.First(kind); ok {
			return false
		}
	}
	return true
}

// namesKindOrProduct reports whether the message names a kind of product or
// one of the shop's products by name.
func (b *Bot) namesKindOrProduct(t *turn) bool {
	if _, ok := b.productNamed(t); ok {
		return true
	}
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	return kw != "" && (b.Catalog.NamesKind(t.ctx, kw) || b.namesProduct(t, kw))
}

// namesLine reports whether the message's words name a line of the cart.
func (b *Bot) namesLine(t *turn, c *cart.Cart) bool {
	words := catalog.Terms(t.res.Text)
	for _, it := range c.Items {
		title := catalog.Terms(it.Title)
		for _, w := range words {
			if len([]rune(w)) > 2 && slices.Contains(title, w) {
				return true
			}
		}
	}
	return false
}

// pickedFromList reads a short message that describes one of the products
// on screen ("ok, the Kumo 1.8 litre one", "the smaller one in white") as
// choosing it, whatever the NLU guessed: asking its stock, or adding it
// when the words say so.
func (b *Bot) pickedFromList(t *turn) string {
	if len(t.st.Shown) < 2 || !shortMessage(t.res.Text, 10) {
		return ""
	}
	switch t.res.Intent.Name {
	case "feedback", "thanks", "greet", "affirm", "out_of_scope", "complaint", "exchange_item", "change_order", "":
	case "store_locator", "shipping_info", "payment_methods", "store_policy", "goodbye", "unsubscribe", "account", "promotions":
		// "det store settet i trekassen" ("the large set in the wooden
		// box") read as the store locator: a statement that describes one
		// of the products on screen, guessed without full confidence, is
		// the choice; a question about the shop stays one.
		if t.res.Intent.Confidence >= fairlySure || asksQuestion(t.res.Text) {
			return ""
		}
	default:
		return ""
	}
	p, tied := b.pickShown(t, wanted(t.res))
	if p == nil && (len(tied) < 2 || len(tied) == len(t.st.Shown) || len(wanted(t.res)) > 0) {
		// Ties among a few of them ("a5" with two sketchbooks in A5) are
		// settled by one short question (resolve asks it); words that fit
		// them all tell nothing, and a colour or size the NLU saw ("det
		// blå") narrows the list by its stock instead (discovery.go).
		return ""
	}
	if mentionsStem(t.res.Text, lexicon.Buy) {
		return "add_to_cart"
	}
	return "product_availability"
}

// choosingNotExchanging reports whether an exchange or order change is
// read better as choosing among the products on screen: nobody known to
// the shop (so no order to change), no order number, e-mail or word of an
// order, and words that name the catalogue or an option value.
func (b *Bot) choosingNotExchanging(t *turn) bool {
	if t.c.CustomerID != 0 || t.st.Focus == "" && len(t.st.Shown) == 0 || anyOf(t.res.Text, lexicon.OrderWords) {
		return false
	}
	for _, kind := range []string{"order_number", "email", "phone"} {
		if _, ok := t.res.First(kind); ok {
			return false
		}
	}
	if b.Catalog.KeyWords(t.ctx, t.res.Text) != "" {
		return true
	}
	handles := t.st.Shown
	if t.st.Focus != "" {
		handles = append([]string{t.st.Focus}, handles...)
	}
	for _, h := range handles {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil && len(statedValues(p, t.res)) > 0 {
			return true
		}
	}
	return false
}

// startsWithAnd reports a message that opens with "and" ("and a kids
// racket in 25", "en de zwarte"): one more thing on top of the last.
//
// A word of two letters before it is a sound, not a product ("oh and the
// gloves too", "oh en een theedoek", "ok og den svarte").
func startsWithAnd(text string) bool {
	words := fold.Words(text)
	if len(words) < 2 {
		return false
	}
	if strings.HasPrefix(strings.TrimSpace(text), "+") {
		return true // "+ klei tools set": the plus sign is an "and" in every language
	}
	if len(words) >= 3 && len([]rune(words[0])) <= 2 && !unicode.IsDigit([]rune(words[0])[0]) && isAnd(words[1]) {
		return true
	}
	return isAnd(words[0])
}

// isAnd reports whether a folded word is "and" in one of the languages.
func isAnd(word string) bool {
	return andWords()[word]
}

// andWords are the lexicon's "and"s of one word, folded: once, not for
// every message (the lexicon is read at start and never changed; folding
// each of them again was some thirty allocations a turn, issue #17).
var andWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range lexicon.And {
		if fw := fold.Words(w); len(fw) == 1 {
			m[fw[0]] = true
		}
	}
	return m
})

// asksQuestion reports a message written as a question, in any of the
// six languages' punctuation (Armenian marks the stressed word: "ունե՞ք").
func asksQuestion(text string) bool {
	return strings.ContainsAny(text, "?？՞") || strings.HasSuffix(strings.TrimSpace(text), "吗")
}

// impossibleAfterSale reads as shopping guesses that cannot be what the
// shopper means: an unsure payment problem in one or two words with a full
// cart and no payment started; however sure the NLU is, a reorder from a shopper the shop
// knows no order of ("could I order the grey packing cubes?"), and a
// removal with a quantity while the cart is empty ("2x hanging wash bag
// please"). Both must name something the shop sells; a removal without a
// quantity ("take the scale out") keeps its honest "your cart is empty".
func (b *Bot) impossibleAfterSale(t *turn) string {
	switch t.res.Intent.Name {
	case "payment_issue":
		// "付款" alone, unsure between paying and a payment problem, with a
		// cart to pay and no payment started: the shopper wants to pay. A
		// word of paying and nothing else is that however sure the NLU is:
		// there is no payment yet to have a problem with.
		if t.res.Intent.Confidence >= unsure && !saysPay(t.res.Text) || !shortMessage(t.res.Text, 2) || t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" {
			return ""
		}
		if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
			return "checkout"
		}
		return ""
	case "reorder":
		if t.c.CustomerID != 0 {
			return ""
		}
	case "exchange_item", "change_order", "return_item", "cancel_order", "invoice":
		// "can i get 3x medium picks" read as an exchange: a count and a
		// word of buying from a shopper the shop knows no order of, with no
		// word of an order or a return, is a purchase.
		if t.c.CustomerID != 0 || t.st.OrderNumber != "" || !mentionsStem(t.res.Text, lexicon.Buy) ||
			anyOf(t.res.Text, lexicon.OrderWords) || anyOf(t.res.Text, lexicon.Facts["returns"]) {
			return ""
		}
		if n, _ := quantitySaid(t.res); n <= 0 {
			return ""
		}
	case "remove_from_cart":
		if _, ok := t.res.First("quantity"); !ok || saysRemove(t.res.Text) {
			return ""
		}
		if c, err := b.cartOf(t); err != nil || len(c.Items) > 0 {
			return ""
		}
	default:
		return ""
	}
	for _, kind := range []string{"order_number", "email", "phone"} {
		if _, ok := t.res.First(kind); ok {
			return ""
		}
	}
	if _, ok := b.productNamed(t); !ok {
		kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
		if kw == "" || !b.Catalog.NamesKind(t.ctx, kw) {
			return ""
		}
	}
	if t.res.Intent.Name == "remove_from_cart" && anyOf(t.res.Text, lexicon.TakeOut) {
		return "" // "take 2 of the cubes out" with an empty cart: its honest answer
	}
	if t.res.Intent.Name == "remove_from_cart" || mentionsStem(t.res.Text, lexicon.Buy) {
		return "add_to_cart"
	}
	return "product_search"
}
