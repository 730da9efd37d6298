package dialog

import (
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// This file is the honest answer to a search the catalogue is unsure of
// (catalog.Results.Confidence below catalog.LowConfidence): the shopper's
// words met only part of what the products say, or a kind was named that
// the first product is not. What was found is shown as a question — "did
// you mean one of these?" — rather than as the answer, so a guess is never
// presented, focused on or put in the cart as what was asked for; the
// shopper's reply (a tap, a name, "the second one") picks one and the
// conversation goes on from it (foundChosen).

// afterUnsure is the After of the question asked by askUnsure.
const afterUnsure = "unsure_search"

// unsureOf reports results whose first product is a guess: a search of the
// shopper's words (not a refinement, a page or a plain listing) that the
// catalogue is not sure of.
func unsureOf(q catalog.Query, res catalog.Results) bool {
	return strings.TrimSpace(q.Text) != "" && q.Offset == 0 && q.Sort == "" &&
		len(res.Products) > 0 && res.Confidence < catalog.LowConfidence
}

// askUnsure shows the products of an unsure search as a question: "did you
// mean X?" for one, "did you mean one of these?" with each as a quick reply
// for several. Nothing is focused: "add it" next is not a yes.
func (b *Bot) askUnsure(t *turn, ps []catalog.Product) {
	if len(ps) > pageSize {
		ps = ps[:pageSize]
	}
	t.st.Shown = t.st.Shown[:0]
	for _, p := range ps {
		t.st.Shown = append(t.st.Shown, p.Handle)
	}
	t.st.Focus = ""
	b.cards(t, ps)
	var m *conversation.Message
	if len(ps) == 1 {
		m = b.say(t, "search.unsure_one", "item", ps[0].Title)
	} else {
		m = b.say(t, "search.unsure")
	}
	for _, p := range ps {
		m.Options = append(m.Options, conversation.Option{Title: p.Title, Payload: "focus:" + p.Handle})
	}
	t.st.Ask, t.st.After = "product", afterUnsure
}

// foundChosen goes on from the product the shopper picked from an unsure
// search's list (t.st.Focus): a reply that also adds, asks about stock or
// pays is that request about it ("yes, add the 2 m one"); anything else
// shows it as the one found.
func (b *Bot) foundChosen(t *turn) error {
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		b.fallback(t)
		return nil
	}
	t.st.After = ""
	t.st.Shown = []string{p.Handle}
	switch {
	case wantsToAdd(t.res):
		return b.intent(t, "add_to_cart")
	case t.res.Intent.Name == "product_availability" || len(wanted(t.res)) > 0:
		return b.tellAvailability(t, p, t.merged(p))
	}
	b.say(t, "search.found_one", "item", p.Title)
	b.show(t, []catalog.Product{*p})
	return nil
}

// answerUnsure reads the reply to an unsure search's question. A pick is a
// tap, an ordinal ("the second one"), a product named, a yes to the one
// product offered, or words that fit one of the products shown clearly
// best. Words that fit none of them ask for something else: they are
// searched afresh, whatever the NLU guessed, since the shopper is still
// saying what they look for ("aluminiumstrappen" after "did you mean the
// drill kit?"). A product shown alone is never taken for a reply that does
// not say yes to it.
func (b *Bot) answerUnsure(t *turn) (bool, error) {
	pick := func(h string) (bool, error) {
		t.st.Focus = h
		return true, b.resume(t)
	}
	text := t.res.Text
	if i := ordinal(text); i >= 0 && i < len(t.st.Shown) {
		return pick(t.st.Shown[i])
	}
	if p, ok := b.productNamed(t); ok {
		return pick(p.Handle)
	}
	q := b.query(t) // the reply's catalogue words, a colour or size said aside
	kw := strings.TrimSpace(q.Type + " " + q.Text)
	if kw != "" {
		// The shown product the words fit best, unless the catalogue is
		// sure of another that they fit better: then they ask for that
		// one ("cedar hive" to "did you mean the hive tool?").
		fits := b.Catalog.Relevance(t.ctx, kw, t.st.Shown)
		best := bestFit(t.st.Shown, fits)
		res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 1})
		if err != nil {
			return true, err
		}
		fresh := len(res.Products) > 0 && res.Confidence >= catalog.LowConfidence && !slices.Contains(t.st.Shown, res.Products[0].Handle)
		if fresh {
			h := res.Products[0].Handle
			f := b.Catalog.Relevance(t.ctx, kw, []string{h})[h]
			fresh = best == "" || better(f, fits[best])
		}
		if !fresh && best != "" {
			return pick(best)
		}
		// Words that fit none of the guesses are searched afresh, sure or
		// not: the search asks again if it must.
	}
	if kw == "" {
		if p, _ := b.pickShown(t, q.Options); p != nil { // "the long one, 5 m", "the cheaper one"
			return pick(p.Handle)
		}
		if len(t.st.Shown) == 1 && (t.res.Intent.Name == "affirm" || wantsToAdd(t.res)) {
			return pick(t.st.Shown[0])
		}
		if len(q.Options) > 0 {
			// "in black": a colour or size narrows the list as it would
			// any list (the intent's skill), the question set aside.
			t.st.Ask, t.st.After, t.st.Misses = "", "", 0
			return false, nil
		}
		if t.res.Intent.Name == "affirm" || wantsToAdd(t.res) {
			// "add it" to "did you mean one of these?": which is still
			// the shopper's to say, not the ranking's.
			t.st.Misses++
			m := b.say(t, "ask.again_product")
			for _, h := range t.st.Shown {
				if p, err := b.Catalog.Product(t.ctx, h); err == nil {
					m.Options = append(m.Options, conversation.Option{Title: p.Title, Payload: "focus:" + h})
				}
			}
			return true, nil
		}
		return b.missed(t)
	}
	// The guesses are set aside: the words ask for something else.
	t.st.Ask, t.st.After, t.st.Misses, t.st.Shown = "", "", 0, nil
	switch t.res.Intent.Name {
	case "product_search", "product_availability", "product_info", "add_to_cart", "recommendation":
		return false, nil // the skill of the request reads the words
	}
	return true, b.discover(t)
}

// bestFit is the product of handles that fits best by kind, then by words
// met, when one does clearly; "" when none is touched or two tie.
func bestFit(handles []string, fits map[string]catalog.Fit) string {
	best, tie := "", false
	for _, h := range handles {
		f, ok := fits[h]
		if !ok || f.Matched == 0 {
			continue
		}
		switch {
		case best == "" || better(f, fits[best]):
			best, tie = h, false
		case !better(fits[best], f):
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// better reports a fit of a kind asked for, or of more words, than c.
func better(a, c catalog.Fit) bool {
	return a.Kind > c.Kind || a.Kind == c.Kind && a.Matched > c.Matched
}
