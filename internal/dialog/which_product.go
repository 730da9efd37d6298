package dialog

import (
	"slices"
	"sort"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// "Which product do you mean?" is the one question a shopper cannot always
// answer: on a shelf of similar things (three collars, two pans differing by
// one feature) they often do not know the difference, or they answer with
// words the bot does not read, and a question left open ends the purchase.
// So it is asked only when what the shopper said leaves two or more
// candidates that differ in something they did not state, with the genuine
// candidates best first; and it is asked once: the same question again gets
// the best of them, named in the reply so the shopper can still change it.

// maxAmong is how many candidates a question offers: more is a list to
// read again, not a choice.
const maxAmong = 4

// candidate is a product that may be the one meant, with what the shopper
// said weighed against it (more is better, compared in this order).
type candidate struct {
	p       catalog.Product
	stock   int // 1: in stock (when buying)
	against int // words it carries of what the shopper ruled out ("not the padded one"), negated
	budget  int // 1: within the budget said (or none said)
	opts    int // stated sizes/colours/measures it has in one variant (in stock when buying)
	kind    int // is the kind of product named
	matched int // words said that it carries
	plain   int // words of this message and of the search's own message that its own text has (choosing.go)
	at      int // place in the list as ranked before
}

func (c candidate) key() [7]int {
	return [7]int{c.stock, c.against, c.budget, c.opts, c.kind, c.matched, c.plain}
}

func outranks(a, b [7]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// weigh weighs the products that may be meant against everything the
// shopper said (this message, the search that listed them, the sizes and
// colours asked, what they ruled out) and returns those that fit it best,
// best first (at most maxAmong): one when only one does. buying: an
// out-of-stock product or size is no candidate beside one in stock.
func (b *Bot) weigh(t *turn, ps []catalog.Product, buying bool) []catalog.Product {
	if len(ps) == 0 {
		return nil
	}
	said, ruledOut := splitNegated(t.res.Text)
	words := longWords(b.Catalog.KeyWords(t.ctx, said))
	stated := wanted(t.res)
	var maxPrice int64
	if lq := t.st.LastQuery; lq != nil {
		maxPrice = lq.MaxPrice
		words = strings.TrimSpace(strings.TrimSpace(lq.Type+" "+lq.Text) + " " + words)
		for k, v := range lq.Options {
			if _, ok := stated[k]; !ok {
				stated[k] = v
			}
		}
	}
	if q := b.query(t); q.MaxPrice != nil { // "the one under 30 euro"
		maxPrice = q.MaxPrice.Amount
	}
	if t.openAsk == "product" {
		// Said with the request the question is about ("L, matt
		// black"), kept for the choice (askProduct); another product's
		// size chosen before is no evidence.
		for k, v := range t.st.Want {
			if _, ok := stated[k]; !ok {
				stated[k] = v
			}
		}
	}
	handles := make([]string, len(ps))
	for i, p := range ps {
		handles[i] = p.Handle
	}
	var fits, against map[string]catalog.Fit
	if words != "" {
		fits = b.Catalog.Relevance(t.ctx, words, handles)
	}
	if kw := b.Catalog.KeyWords(t.ctx, ruledOut); kw != "" {
		against = b.Catalog.Relevance(t.ctx, kw, handles)
	}
	// The shopper's own words, as typed, against each product's own text:
	// what the catalogue's reading drops ("universele rubberen" of a
	// search for mats) still tells the products apart, last of all.
	plainText := t.res.Text
	if lq := t.st.LastQuery; lq != nil && lq.Said != "" && lq.Said != plainText {
		plainText = lq.Said + ". " + plainText
	}
	pps := make([]*catalog.Product, len(ps))
	for i := range ps {
		pps[i] = &ps[i]
	}
	plain := describedShown(withoutValues(plainText, pps), pps)
	cs := make([]candidate, 0, len(ps))
	for i, p := range ps {
		c := candidate{p: p, at: i, kind: fits[p.Handle].Kind, matched: fits[p.Handle].Matched, against: -against[p.Handle].Matched, plain: plain[i]}
		if buying && p.InStock() {
			c.stock = 1
		}
		if maxPrice == 0 || p.MinPrice().Amount <= maxPrice {
			c.budget = 1
		}
		own := stated
		if lq := t.st.LastQuery; lq != nil && lq.Said != "" && lq.Said != t.res.Text {
			// A size or measure said with the search ("cat litter, 20
			// litre") that the search did not keep as an option is still
			// what was asked for, unless this message says another.
			own = map[string]string{}
			for k, v := range productValues(&p, lq.Said) {
				own[k] = v
			}
			for k := range productValues(&p, said) {
				delete(own, k)
			}
			for k, v := range stated {
				own[k] = v
			}
		}
		c.opts = statedFit(&p, own, said, buying)
		cs = append(cs, c)
	}
	best := cs[0].key()
	for _, c := range cs[1:] {
		if outranks(c.key(), best) {
			best = c.key()
		}
	}
	var keep []candidate
	for _, c := range cs {
		if c.key() == best {
			keep = append(keep, c)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].at < keep[j].at })
	out := make([]catalog.Product, 0, maxAmong)
	for _, c := range keep {
		if len(out) < maxAmong {
			out = append(out, c.p)
		}
	}
	return out
}

// whichProduct weighs the products that may be meant (weigh) and returns
// the one that fits best when only one does, or when the shopper was asked
// among them already; else the ones to ask among, best first.
func (b *Bot) whichProduct(t *turn, ps []catalog.Product, buying bool) (*catalog.Product, []catalog.Product) {
	out := b.weigh(t, ps, buying)
	switch {
	case len(out) == 0:
		return nil, nil
	case len(out) == 1:
		return &out[0], nil
	}
	if b.askedAlready(t, out) {
		// The shopper was asked which of these and went on without
		// choosing ("add it", "pay"): the best of them, not the
		// question again.
		return &out[0], nil
	}
	return nil, out
}

// statedFit counts the sizes, colours and measures said that p has, all in
// one variant (in stock when buying); 0 when they are not all there.
func statedFit(p *catalog.Product, stated map[string]string, text string, buying bool) int {
	fit := map[string]string{}
	for k, v := range fitOptions(p, stated) {
		if hasValue(p, k, v) {
			fit[k] = v
		}
	}
	for k, v := range productValues(p, text) {
		fit[k] = v
	}
	if len(fit) == 0 {
		return 0
	}
	if len(catalog.MatchingVariants(*p, catalog.Query{Options: fit, InStock: buying})) == 0 {
		return 0
	}
	return len(fit)
}

// hasValue reports whether one of p's variants has the value v of option k.
func hasValue(p *catalog.Product, k, v string) bool {
	for _, vr := range p.Variants {
		if got, ok := catalog.OptionValue(vr.Options, k); ok && normValue(got) == normValue(v) {
			return true
		}
	}
	return false
}

// askedAlready reports whether the bot's last turn asked which product
// and these candidates were all among its choices (or on screen, when the
// question came with a comparison): asking again would repeat a question
// the shopper did not answer.
func (b *Bot) askedAlready(t *turn, ps []catalog.Product) bool {
	among := t.st.Among
	if len(among) == 0 {
		among = t.st.Shown // asked after a comparison: the products compared
	}
	if t.openAsk != "product" || len(among) == 0 {
		return false
	}
	for _, p := range ps {
		if !slices.Contains(among, p.Handle) {
			return false
		}
	}
	return true
}

// askProduct puts the question among ps (already weighed by whichProduct),
// with key as its sentence: options best first, each telling the products
// apart by price when their titles are alike.
func (b *Bot) askProduct(t *turn, key string, ps []catalog.Product, after string) *conversation.Message {
	m := b.say(t, key)
	m.Options = b.productOptions(t, ps)
	// What was said of the product ("two in S") waits for the choice; the
	// count waits in Qty already.
	keep := wanted(t.res)
	for _, p := range ps {
		for k, v := range productValues(&p, t.res.Text) {
			if _, ok := keep[k]; !ok {
				keep[k] = v
			}
		}
	}
	if len(keep) > 0 {
		t.st.Want = keep
	}
	t.st.Among = t.st.Among[:0]
	for _, p := range ps {
		t.st.Among = append(t.st.Among, p.Handle)
	}
	t.st.Ask, t.st.After = "product", after
	return m
}

// productOptions are the buttons of a product question: the title, and the
// price beside it when the prices differ, so "the cheaper one" can be seen.
func (b *Bot) productOptions(t *turn, ps []catalog.Product) []conversation.Option {
	prices := map[int64]bool{}
	for _, p := range ps {
		prices[p.MinPrice().Amount] = true
	}
	opts := make([]conversation.Option, 0, len(ps))
	for _, p := range ps {
		title := p.Title
		if len(prices) > 1 {
			title += " · " + b.money(t, p.MinPrice())
		}
		opts = append(opts, conversation.Option{Title: title, Payload: "focus:" + p.Handle})
	}
	return opts
}

// settleProduct takes p as the product meant and goes on with what the
// shopper wanted of it (its size, colour and count kept).
func (b *Bot) settleProduct(t *turn, p *catalog.Product, after string) error {
	t.st.Focus, t.st.Want = p.Handle, fitOptions(p, t.merged(p))
	t.st.Among = nil
	switch after {
	case "availability":
		t.st.Ask, t.st.After = "", ""
		return b.tellAvailability(t, p, t.st.Want)
	case "checkout":
		return b.buyNow(t, p)
	}
	t.st.Ask, t.st.After = "", ""
	return b.continueAdd(t, p)
}

// shownProducts are the products on screen, in order.
func (b *Bot) shownProducts(t *turn, handles []string) []catalog.Product {
	var ps []catalog.Product
	for _, h := range handles {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil {
			ps = append(ps, *p)
		}
	}
	return ps
}

// payWhileProductOpen answers "pay" while the bot waits for which product,
// with an empty cart: the candidate that fits best what was said is bought
// (the checkout shows the order before any payment), or — several fitting
// equally and not asked yet — the question comes with its choices.
func (b *Bot) payWhileProductOpen(t *turn) error {
	among := t.st.Among
	if len(among) == 0 {
		among = t.st.Shown
	}
	ps := b.shownProducts(t, among)
	p, tied := b.whichProduct(t, ps, true)
	if p == nil && len(tied) > 0 && t.openAsk == "product" {
		p = &tied[0] // asked already: see askedAlready
	}
	if p != nil && p.InStock() {
		return b.settleProduct(t, p, "checkout")
	}
	if len(tied) > 1 {
		b.askProduct(t, "checkout.which_to_buy", tied, "add_to_cart")
		return nil
	}
	b.say(t, "checkout.finish_choice")
	return nil
}

// productNotAnswered reads a message that leaves the open product question
// unanswered and is no new request of its own ("yes", "that one please",
// words the bot cannot place): the best of the candidates by everything
// said, rather than the question again. A new request ("pay", another
// product, a question) is left to its skill.
func (b *Bot) productNotAnswered(t *turn) (bool, error) {
	among := t.st.Among
	if len(among) == 0 {
		among = t.st.Shown
	}
	if len(among) < 2 {
		return false, nil
	}
	says := false // words the bot could not place, rather than "yes"/"add it"
	switch t.res.Intent.Name {
	case "affirm", "add_to_cart": // "put it in the basket" — which, it still does not say
	case "out_of_scope", "":
		says = true
	default:
		if t.res.Intent.Confidence >= 0.5 {
			return false, nil
		}
		says = true
	}
	keep := b.weigh(t, b.shownProducts(t, among), t.st.After != "availability")
	if len(keep) == 0 {
		return false, nil
	}
	if len(keep) > 1 && says && t.st.Misses == 0 {
		// A first answer that names nothing the bot reads ("the cream
		// one" in words it lacks): the question once more, with its
		// choices, before a guess.
		t.st.Misses++
		b.askProduct(t, "ask.again_product", keep, t.st.After)
		return true, nil
	}
	return true, b.settleProduct(t, &keep[0], t.st.After)
}

// takesWhenSaid turns "which one?" asked about a stock question into an add
// when the answer buys ("then I'll take 2 of the 7 kg"): the product chosen
// goes into the cart with the count said, not its stock told again.
func (b *Bot) takesWhenSaid(t *turn) {
	if t.st.After != "availability" || !wantsToAdd(t.res) {
		return
	}
	t.st.After = "add_to_cart"
	if n, more := quantitySaid(t.res); n > 0 && !b.measureOfFocus(t, n) {
		t.st.Qty, t.st.More = n, more
	}
}

// payWhileUnsure answers "done, pay" while "did you mean this one?" is
// open: with the cart holding something the question is dropped and the
// checkout starts; with it empty the checkout skill says what is missing
// (a guess is bought only on a yes to it: unsure.go). Never searched for
// as words ("ferdig" is no product).
func (b *Bot) payWhileUnsure(t *turn) (bool, error) {
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	if len(c.Items) == 0 {
		return false, nil
	}
	t.st.Ask, t.st.After, t.st.Misses = "", "", 0
	return true, b.checkout(t)
}

// withoutValues is text without the words that are a size or colour of one
// of ps ("small", "blå"): those are weighed as options, against the variant
// asked for now, never as words of a product's description ("for small
// dogs").
func withoutValues(text string, ps []*catalog.Product) string {
	words := strings.Fields(text)
	keep := words[:0:0]
	for _, w := range words {
		value := false
		for _, p := range ps {
			if len(productValues(p, w)) > 0 {
				value = true
				break
			}
		}
		if !value {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// forgetOthersCount drops the count kept from the request that asked
// "which one?" when the answer asks for another thing and says no number
// of its own: a product that was not among the choices, or one said with
// "also" or "and" ("5 reams of copy paper" — which one? — "also a black
// stapler"; "two folding chairs" — which? — "plus a grey cushion"). The
// count was the first request's; one of the other is what was asked for.
func (b *Bot) forgetOthersCount(t *turn, p *catalog.Product) {
	if n, _ := quantitySaid(t.res); n > 0 {
		return
	}
	among := len(t.st.Among) == 0 || slices.Contains(t.st.Among, p.Handle)
	if among && !anyOf(t.res.Text, lexicon.Also) && !startsWithAnd(t.res.Text) {
		return
	}
	t.st.Qty, t.st.More = 0, false
}
