package dialog

import (
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// recommendShown is how many products a recommendation shows.
const recommendShown = 4

// recommendSkill answers the recommendation intent: a bundle within a
// budget (bundle.go), "what goes with these shoes?" (complete the look),
// "a present for my dad who runs, under €50" (the gift finder); anything
// else is a search, as before.
func (b *Bot) recommendSkill(t *turn, _ string) error {
	if ok, err := b.bundleTurn(t); ok || err != nil {
		return err
	}
	if ok, err := b.variantAsked(t); ok || err != nil { // choosing.go: "what about black?"
		return err
	}
	if b.Recommend != nil && anyOf(t.res.Text, recoWords.GoesWith) {
		if seeds := b.lookSeeds(t); len(seeds) > 0 {
			return b.completeLook(t, seeds)
		}
	}
	if anyOf(t.res.Text, recoWords.Gift) {
		return b.giftFinder(t)
	}
	if len(t.st.Shown) > 1 && anyOf(t.res.Text, lexicon.Compare) && b.Catalog.KeyWords(t.ctx, t.res.Text) == "" {
		return b.compareShown(t)
	}
	return b.discover(t)
}

// compareShown answers "which one is better?" about the products on screen:
// a new search for "better" would replace them with whatever shares the
// word. Which is better depends on what the shopper needs, so the same
// products come back, the focus kept, and the shopper says what matters or
// picks one.
func (b *Bot) compareShown(t *turn) error {
	var ps []catalog.Product
	for _, h := range t.st.Shown {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil {
			ps = append(ps, *p)
		}
	}
	if len(ps) < 2 {
		return b.discover(t)
	}
	b.say(t, "compare.depends")
	m := b.cards(t, ps)
	for _, p := range ps {
		m.Options = append(m.Options, conversation.Option{Title: p.Title, Payload: "focus:" + p.Handle})
	}
	t.st.Ask, t.st.After = "product", "add_to_cart"
	return nil
}

// sellingTurn answers, whatever intent the words alone suggest, a bundle
// request ("shoes, shirt and socks under €150") and "what goes with these
// shoes?" when there is something it can be about. It reports whether it
// answered.
func (b *Bot) sellingTurn(t *turn) (bool, error) {
	if ok, err := b.newArrivalsTurn(t); ok || err != nil { // newarrivals.go
		return ok, err
	}
	if ok, err := b.bundleTurn(t); ok || err != nil {
		return ok, err
	}
	if about := b.comparingShown(t); about != nil && !anyOf(t.res.Text, recoWords.GoesWith) { // choosing.go
		// "what's the difference between these two?", read as a product
		// question, a refund or a payment problem: the products on screen
		// side by side, not a search for "difference".
		return true, b.differences(t, about)
	}
	if ok, err := b.choiceAmongShown(t); ok || err != nil { // choosing.go: "the one that doesn't flip"
		return ok, err
	}
	switch t.res.Intent.Name {
	case "product_search", "product_info", "recommendation", "out_of_scope":
	default:
		return false, nil
	}
	if b.Recommend == nil || !anyOf(t.res.Text, recoWords.GoesWith) {
		return false, nil
	}
	seeds := b.lookSeeds(t)
	if len(seeds) == 0 {
		return false, nil
	}
	return true, b.completeLook(t, seeds)
}

// activities are the catalogue words for the activities a message names,
// also inside a compound ("hardloopoutfit", "løpeantrekk").
func activities(text string) []string {
	var out []string
	words := fold.Words(text)
	for tag, ws := range recoWords.Activities {
		if slices.ContainsFunc(ws, func(w string) bool {
			if contains(text, w) {
				return true
			}
			w = fold.String(w)
			return len([]rune(w)) >= 4 && slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) })
		}) {
			out = append(out, tag)
		}
	}
	slices.Sort(out)
	return out
}

// forKids reports whether a message speaks of buying for a child.
func forKids(text string) bool {
	return anyOf(text, recoWords.Audiences["kids"]) || anyOf(text, []string{"kids", "kinder", "kinderen", "barn", "kanak-kanak", "儿童", "երեխաների"})
}

// lookSeeds are the products "goes with" is about: the one named, else the
// one in focus, else what the cart holds — narrowed to the kind the words
// name ("these shoes") when some are of it.
func (b *Bot) lookSeeds(t *turn) []*catalog.Product {
	if p, ok := b.productNamed(t); ok {
		return []*catalog.Product{p}
	}
	var all []*catalog.Product
	if t.st.Focus != "" {
		if p, err := b.Catalog.Product(t.ctx, t.st.Focus); err == nil {
			all = append(all, p)
		}
	}
	if c, err := b.cartOf(t); err == nil {
		for _, it := range c.Items {
			v, err := b.Catalog.Variant(t.ctx, it.SKU)
			if err != nil {
				continue
			}
			if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil && !slices.ContainsFunc(all, func(q *catalog.Product) bool { return q.Handle == p.Handle }) {
				all = append(all, p)
			}
		}
	}
	if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" && b.Catalog.NamesKind(t.ctx, kw) && len(all) > 1 {
		handles := make([]string, len(all))
		for i, p := range all {
			handles[i] = p.Handle
		}
		fits := b.Catalog.Relevance(t.ctx, kw, handles)
		var ofKind []*catalog.Product
		for _, p := range all {
			if fits[p.Handle].Kind == 2 {
				ofKind = append(ofKind, p)
			}
		}
		if len(ofKind) > 0 {
			return ofKind
		}
	}
	return all
}

// completeLook shows things of other kinds that go with the seeds, in stock
// in the shopper's sizes, not in the cart already.
func (b *Bot) completeLook(t *turn, seeds []*catalog.Product) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	sizes := b.knownSizes(t)
	kinds := map[string]bool{}
	handles := make([]string, len(seeds))
	for i, p := range seeds {
		kinds[fold.String(p.Type)] = true
		handles[i] = p.Handle
	}
	ranked := b.Recommend.Rank(t.ctx, recommend.Request{Seeds: handles, Customer: t.c.CustomerID, Limit: recommendShown * 4,
		Keep: func(p *catalog.Product) bool {
			_, ok := sizeFit(p, sizes)
			return ok && !kinds[fold.String(p.Type)] && !inCart(c, p)
		}})
	var ps []catalog.Product
	seen := map[string]bool{}
	for _, s := range ranked {
		if k := fold.String(s.Product.Type); recommend.GoesWith(s) && !seen[k] {
			seen[k] = true
			ps = append(ps, *s.Product)
		}
		if len(ps) == recommendShown {
			break
		}
	}
	if len(ps) == 0 {
		b.say(t, "recommend.none")
		return nil
	}
	titles := make([]string, len(seeds))
	for i, p := range seeds {
		titles[i] = p.Title
	}
	b.say(t, "recommend.look", "item", strings.Join(titles, ", "))
	b.show(t, ps).Reason = "recommendation"
	return nil
}

// giftFinder suggests presents in stock within the budget named, for the
// activity and the person the words mention ("my dad who runs": running,
// men), ranked by the search and, for a known customer, their orders.
func (b *Bot) giftFinder(t *turn) error {
	words := activities(t.res.Text)
	text := fold.String(t.res.Text)
	for tag, ws := range recoWords.Audiences {
		if slices.ContainsFunc(ws, func(w string) bool { return contains(text, w) }) {
			words = append(words, tag)
		}
	}
	slices.Sort(words)
	q := catalog.Query{InStock: true, Limit: 4 * recommendShown}
	budget, hasBudget := b.budget(t)
	if hasBudget {
		q.MaxPrice = &budget
	}
	var found []catalog.Product
	for _, try := range []catalog.Query{withText(q, strings.Join(words, " ")), withTag(q, "gift"), q} {
		if try.Text == "" && len(try.Tags) == 0 && try.MaxPrice == nil {
			continue
		}
		res, err := b.Catalog.Search(t.ctx, try)
		if err != nil {
			return err
		}
		if len(res.Products) > 0 {
			found = res.Products
			break
		}
	}
	if len(found) == 0 {
		b.say(t, "recommend.none")
		return nil
	}
	found = b.byCustomer(t, found)
	// One of each kind: a choice of gifts, not five of one thing.
	var ps []catalog.Product
	kinds := map[string]bool{}
	for _, p := range found {
		if k := fold.String(p.Type); !kinds[k] {
			kinds[k] = true
			ps = append(ps, p)
		}
		if len(ps) == recommendShown {
			break
		}
	}
	if hasBudget {
		b.say(t, "recommend.gift_budget", "budget", b.money(t, budget))
	} else {
		b.say(t, "recommend.gift")
	}
	b.show(t, ps).Reason = "recommendation"
	return nil
}

// byCustomer moves up, keeping the search's order otherwise, what the
// recommender ranks for a known customer.
func (b *Bot) byCustomer(t *turn, ps []catalog.Product) []catalog.Product {
	if b.Recommend == nil || t.c.CustomerID == 0 {
		return ps
	}
	among := make([]string, len(ps))
	for i, p := range ps {
		among[i] = p.Handle
	}
	rank := map[string]float64{}
	for _, s := range b.Recommend.Rank(t.ctx, recommend.Request{Customer: t.c.CustomerID, Among: among}) {
		rank[s.Product.Handle] = s.Score
	}
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, c catalog.Product) int {
		switch {
		case rank[a.Handle] > rank[c.Handle]:
			return -1
		case rank[a.Handle] < rank[c.Handle]:
			return 1
		}
		return 0
	})
	return out
}

func withText(q catalog.Query, text string) catalog.Query { q.Text = text; return q }

func withTag(q catalog.Query, tag string) catalog.Query { q.Tags = []string{tag}; return q }
