package dialog

import (
	"errors"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// A bundle answers one request for several kinds within a budget: "a
// running outfit under €150: shoes, shirt and socks" is one item of each
// kind, in stock (in the shopper's sizes), together within the budget, the
// best summed relevance a small knapsack search finds (recommend.Bundles).
// "Another one" shows the next best; "add all" puts the set in the cart in
// one tap.

// bundleState is the request behind the bundle on screen.
type bundleState struct {
	Kinds   []string `json:"kinds"`             // the words of each kind asked for, in order
	Context string   `json:"context,omitempty"` // the request's other catalogue words ("running")
	Budget  int64    `json:"budget"`            // minor units of the shop's currency
	Seen    []string `json:"seen,omitempty"`    // bundles shown so far (recommend.Bundle.Key)
	Kids    bool     `json:"kids,omitempty"`    // the request speaks of a child
	// Fresh: the bundle was the last answer, so a typed "another one" is
	// about it. A tapped button works later too.
	Fresh bool `json:"fresh,omitempty"`
}

// bundleCandidates is how many products of each kind the search weighs.
const bundleCandidates = 8

// bundleTurn answers a typed bundle request, or "another one" right after
// a bundle. It reports whether it answered.
func (b *Bot) bundleTurn(t *turn) (bool, error) {
	prev := t.st.Reco != nil && t.st.Reco.Bundle != nil && t.st.Reco.Bundle.Fresh
	if prev {
		t.st.Reco.Bundle.Fresh = false
		if shortMessage(t.res.Text, 6) && anyOf(t.res.Text, recoWords.Another) {
			return true, b.showBundle(t)
		}
	}
	budget, ok := b.budget(t)
	if !ok {
		return false, nil
	}
	kinds, context := b.kindsAsked(t)
	if len(kinds) < 2 {
		return false, nil
	}
	t.reco().Bundle = &bundleState{Kinds: kinds, Context: context, Budget: budget.Amount, Kids: forKids(t.res.Text)}
	return true, b.showBundle(t)
}

// budget is the most the shopper wants to spend, from the money they named
// ("under €150", "for 150 euro"), in the shop's currency.
func (b *Bot) budget(t *turn) (money.Money, bool) {
	e, ok := t.res.First("money")
	if !ok {
		return budgetIn(t.res.Text, b.Currency) // budget.go: "200欧元以内"
	}
	mv, ok := moneyValue(e.Value)
	if ok && mv.Bound == "min" {
		return money.Money{}, false // "over €50" is no budget
	}
	if !ok || mv.Currency != "" && mv.Currency != b.Currency {
		return budgetIn(t.res.Text, b.Currency)
	}
	m, err := money.Parse(mv.Amount, b.Currency)
	if err != nil || m.Amount <= 0 {
		return money.Money{}, false
	}
	return m, true
}

// kindsAsked reads the kinds of product a message names, in any of the six
// languages, leaving out a broad word that a narrower one in the same
// message refines ("outfit" beside "shirt"), and the message's other
// catalogue words, which rank within each kind ("running").
func (b *Bot) kindsAsked(t *turn) (kinds []string, context string) {
	text := t.res.Text
	for _, e := range t.res.Entities {
		if e.Entity == "money" {
			text = strings.Replace(text, e.Text, " ", 1)
		}
	}
	voc := vocab.Default()
	words := vocab.Words(text)
	type found struct {
		id    vocab.ID
		start int
		end   int
	}
	var fs []found
	for _, m := range voc.Match(text, true) {
		for _, c := range m.Concepts {
			if voc.IsKind(c) {
				fs = append(fs, found{c, m.Start, m.End})
				break
			}
		}
	}
	// "跑步装备：鞋、T恤和袜子", "running gear: shoes, shirt and socks": the
	// words before a colon name the whole, the kinds after it the items.
	if i := strings.IndexAny(text, ":："); i > 0 {
		head := len(vocab.Words(text[:i]))
		var items []found
		for _, f := range fs {
			if f.start >= head {
				items = append(items, f)
			}
		}
		if len(items) > 1 {
			fs = items
		}
	}
	used := make([]bool, len(words))
	for i, f := range fs {
		broad := false
		for j, g := range fs {
			if i != j && slices.Contains(voc.Ancestors(g.id), f.id) || j < i && g.id == f.id {
				broad = true
			}
		}
		for k := f.start; k < f.end && k < len(words); k++ {
			used[k] = true
		}
		phrase := strings.Join(words[f.start:min(f.end, len(words))], " ")
		if broad || phrase == "" || !b.Catalog.NamesKind(t.ctx, phrase) {
			continue
		}
		kinds = append(kinds, phrase)
	}
	var rest []string
	for i, w := range words {
		if !used[i] {
			rest = append(rest, w)
		}
	}
	// The activity read in any language ("hardloop", "løpe") ranks in the
	// catalogue's own words.
	context = strings.TrimSpace(b.Catalog.KeyWords(t.ctx, strings.Join(rest, " ")) + " " + strings.Join(activities(t.res.Text), " "))
	return kinds, context
}

// showBundle shows the best bundle not shown before, or says there is none.
func (b *Bot) showBundle(t *turn) error {
	st := t.reco().Bundle
	budget := money.New(st.Budget, b.Currency)
	slots, products := b.bundleSlots(t, st)
	var pick *recommend.Bundle
	if len(slots) == len(st.Kinds) {
		for _, bd := range recommend.Bundles(slots, st.Budget, len(st.Seen)+1) {
			if !slices.Contains(st.Seen, bd.Key()) {
				pick = &bd
				break
			}
		}
	}
	if pick == nil {
		key := "recommend.bundle_none"
		if len(st.Seen) > 0 {
			key = "recommend.bundle_no_more"
		}
		b.say(t, key, "budget", b.money(t, budget))
		return nil
	}
	st.Seen, st.Fresh = append(st.Seen, pick.Key()), true
	lines := make([]string, 0, len(pick.Items))
	ps := make([]catalog.Product, 0, len(pick.Items))
	skus := make([]string, 0, len(pick.Items))
	for _, it := range pick.Items {
		p := products[it.Handle]
		v, _ := variantOf(p, it.SKU)
		lines = append(lines, b.Messages.T(t.lang, "recommend.bundle_line", "item", catalog.VariantTitle(p, v), "price", b.money(t, v.Price)))
		ps = append(ps, *p)
		skus = append(skus, it.SKU)
	}
	b.say(t, "recommend.bundle", "budget", b.money(t, budget), "lines", strings.Join(lines, "\n"), "total", b.money(t, money.New(pick.Total, b.Currency)))
	m := b.cards(t, ps)
	m.Reason = "bundle"
	for i := range m.Items {
		m.Items[i].SKU = skus[i] // the variant the set would add
	}
	m.Options = []conversation.Option{
		b.option(t, "recommend.option_add_all", "bundle:add:"+strings.Join(skus, ",")),
		b.option(t, "recommend.option_another", "bundle:another"),
	}
	t.st.Shown = t.st.Shown[:0]
	for _, p := range ps {
		t.st.Shown = append(t.st.Shown, p.Handle)
	}
	t.st.Focus = ""
	return nil
}

// bundleSlots finds, for each kind asked for, the products of that kind in
// stock (in the shopper's sizes) priced within the budget, each with how
// well it answers the request. A kind with no product leaves its slot out.
func (b *Bot) bundleSlots(t *turn, st *bundleState) ([][]recommend.Choice, map[string]*catalog.Product) {
	sizes := b.knownSizes(t)
	products := map[string]*catalog.Product{}
	limit := money.New(st.Budget, b.Currency)
	var slots [][]recommend.Choice
	for _, kind := range st.Kinds {
		text := strings.TrimSpace(kind + " " + st.Context)
		res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: text, InStock: true, MaxPrice: &limit, Limit: 4 * bundleCandidates})
		if err != nil || len(res.Products) == 0 {
			continue
		}
		handles := make([]string, 0, len(res.Products))
		for _, p := range res.Products {
			handles = append(handles, p.Handle)
		}
		ofKind := b.Catalog.Relevance(t.ctx, kind, handles)
		fits := b.Catalog.Relevance(t.ctx, text, handles)
		best := 0
		for _, f := range ofKind {
			best = max(best, f.Kind)
		}
		var top float64
		for _, f := range fits {
			top = max(top, f.Score)
		}
		var slot []recommend.Choice
		for i := range res.Products {
			p := &res.Products[i]
			if best == 0 || ofKind[p.Handle].Kind < best {
				continue // not the kind asked for (a neighbouring kind is too broad: skirts for shirts)
			}
			v, ok := sizeFit(p, sizes)
			if !ok || v.Price.Amount > st.Budget {
				continue
			}
			score := 1.0
			if top > 0 {
				score = fits[p.Handle].Score / top
			}
			if !st.Kids && isKids(p) {
				score *= 0.5 // an outfit is for the shopper unless they speak of a child
			}
			// Search order breaks ties: earlier answers the words better.
			score += 0.01 * float64(len(res.Products)-i) / float64(len(res.Products))
			products[p.Handle] = p
			slot = append(slot, recommend.Choice{Handle: p.Handle, Type: p.Type, SKU: v.SKU, Price: v.Price.Amount, Score: score})
			if len(slot) == bundleCandidates {
				break
			}
		}
		if len(slot) > 0 {
			slots = append(slots, slot)
		}
	}
	b.personalise(t, slots)
	return slots, products
}

// personalise adds what the recommender knows (bought together with the
// cart, the customer's own orders, popularity) to each choice's score, as a
// smaller part than how well it answers the words.
func (b *Bot) personalise(t *turn, slots [][]recommend.Choice) {
	if b.Recommend == nil {
		return
	}
	var among []string
	for _, s := range slots {
		for _, c := range s {
			among = append(among, c.Handle)
		}
	}
	var seeds []string
	if c, err := b.cartOf(t); err == nil {
		for _, it := range c.Items {
			if v, err := b.Catalog.Variant(t.ctx, it.SKU); err == nil {
				if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
					seeds = append(seeds, p.Handle)
				}
			}
		}
	}
	ranked := b.Recommend.Rank(t.ctx, recommend.Request{Seeds: seeds, Customer: t.c.CustomerID, Among: among})
	extra := map[string]float64{}
	var top float64
	for _, s := range ranked {
		extra[s.Product.Handle] = s.Score
		top = max(top, s.Score)
	}
	if top == 0 {
		return
	}
	for _, s := range slots {
		for i := range s {
			s[i].Score += 0.3 * extra[s[i].Handle] / top
		}
	}
}

// bundlePayload handles the bundle's buttons: "bundle:add:<sku>,<sku>…"
// puts each variant in the cart once (a variant already there keeps its
// quantity: tapping twice adds nothing twice), "bundle:another" shows the
// next best bundle.
func (b *Bot) bundlePayload(t *turn, arg string) error {
	what, list, _ := strings.Cut(arg, ":")
	switch what {
	case "another":
		if t.st.Reco == nil || t.st.Reco.Bundle == nil {
			b.fallback(t)
			return nil
		}
		return b.showBundle(t)
	case "add":
	default:
		b.fallback(t)
		return nil
	}
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	gone := false
	for _, sku := range strings.Split(list, ",") {
		if sku == "" {
			continue
		}
		if _, ok := c.Find(sku); ok {
			continue
		}
		_, err := b.Carts.Set(t.ctx, c, sku, 1)
		var se *cart.StockError
		switch {
		case errors.As(err, &se) || errors.Is(err, catalog.ErrOutOfStock) || errors.Is(err, catalog.ErrNotFound) || errors.Is(err, cart.ErrNotForSale):
			gone = true
			continue
		case err != nil:
			return err
		}
		t.st.LastAdded = sku
	}
	t.st.Ask, t.st.After, t.st.Qty, t.st.More = "", "", 0, false
	if t.st.Reco != nil {
		t.st.Reco.Bundle = nil
	}
	key := "recommend.bundle_added"
	if gone {
		key = "recommend.bundle_gone"
	}
	m := b.say(t, key, "count", c.Count(), "subtotal", b.money(t, c.Subtotal()))
	m.Options = []conversation.Option{b.option(t, "option.checkout", "checkout"), b.option(t, "option.view_cart", "view_cart")}
	return nil
}

// isKids reports whether a product is made for children, by its tags.
func isKids(p *catalog.Product) bool {
	for _, tag := range p.Tags {
		switch fold.String(tag) {
		case "kids", "children", "child", "junior", "baby", "toddler":
			return true
		}
	}
	return false
}

func variantOf(p *catalog.Product, sku string) (catalog.Variant, bool) {
	for _, v := range p.Variants {
		if v.SKU == sku {
			return v, true
		}
	}
	return catalog.Variant{}, false
}
