package dialog

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/memo"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// pageSize is how many product cards one answer shows.
const pageSize = 5

// entity returns the first entity of kind as a string.
func entity(res nlu.Result, kind string) (string, bool) {
	e, ok := res.First(kind)
	if !ok {
		return "", false
	}
	return valueString(e.Value), true
}

func valueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// wanted collects the option values the shopper named: {"Size": "42", "Color": "black"}.
func wanted(res nlu.Result) map[string]string {
	w := map[string]string{}
	if v, ok := entity(res, "size"); ok {
		w["Size"] = v
	}
	if v, ok := entity(res, "color"); ok {
		w["Color"] = v
	}
	return w
}

// query turns what the NLU found into a catalogue query.
func (b *Bot) query(t *turn) catalog.Query {
	q, _ := b.queryRanked(t)
	return q
}

// queryRanked is query and, when the query filters by the kind the NLU read
// and so carries no words, the shopper's words that still order the
// products of that kind: "ruitenwisser achter", "kattenbak met deksel",
// "燃气烧烤炉" list the kind in the order the search box gives them, not in
// the catalogue's.
func (b *Bot) queryRanked(t *turn) (catalog.Query, string) {
	q := catalog.Query{Options: wanted(t.res)}
	ranked := "" // the words that order a kind filtered by (discover)
	structured := false
	// The shopper's other words count when they name something the
	// catalogue has ("waterproof", "trail", a colour of a title), and so do
	// their own words for the kind: the NLU's category is one guess at one
	// of them ("尤克里里包" is a ukulele bag, "水彩纸" paper, not paint).
	rest := t.res.Text
	for _, e := range t.res.Entities {
		if e.Entity != "product" && e.Entity != "category" { // a product's name is words the catalogue knows: they rank
			rest = strings.Replace(rest, e.Text, " ", 1)
		}
	}
	placed := withoutCartPlace(rest) // cartplace.go: "in my basket" is no basket
	cartTalk := placed != rest
	rest = placed
	kw := b.Catalog.SearchWords(t.ctx, rest)
	if v, ok := entity(t.res, "category"); ok && !cartPlaceOnly(t.res, "category") {
		said := ""
		if e, ok := t.res.First("category"); ok {
			said = b.Catalog.SearchWords(t.ctx, e.Text)
		}
		// The type filters only when it is all the catalogue reads in the
		// message ("sweaters"); with more words ("fleece gloves", "sweater
		// with a high neck") the words rank instead.
		if name, ok := b.Catalog.TypeName(t.ctx, v); ok && kw == said {
			q.Type, ranked, kw = name, kw, ""
		} else if said == "" {
			q.Text = v // a word of the NLU's the catalogue does not read
		} else if !strings.Contains(kw, said) {
			q.Text = said // read otherwise within the whole message
		}
		structured = true
	}
	if v, ok := entity(t.res, "brand"); ok {
		q.Vendor = v
		structured = true
	}
	if e, ok := t.res.First("money"); ok {
		if mv, ok := moneyValue(e.Value); ok && (mv.Currency == "" || mv.Currency == b.Currency) {
			if m, err := money.Parse(mv.Amount, b.Currency); err == nil {
				switch mv.Bound {
				case "max":
					q.MaxPrice = &m
				case "min":
					q.MinPrice = &m
				}
			}
		}
	}
	if kw != "" {
		q.Text = strings.TrimSpace(q.Text + " " + kw)
	}
	if !structured && !cartTalk && q.Text == "" && len(q.Options) == 0 && q.MaxPrice == nil && q.MinPrice == nil {
		// Nothing recognised: let the search try the words — but not the
		// rest of "doe maar in de winkelwagen", which asks for no product.
		q.Text = rest
	}
	return q, ranked
}

func moneyValue(v any) (nlu.MoneyValue, bool) {
	switch x := v.(type) {
	case nlu.MoneyValue:
		return x, true
	case *nlu.MoneyValue:
		return *x, x != nil
	case map[string]any:
		mv := nlu.MoneyValue{}
		mv.Amount, _ = x["amount"].(string)
		mv.Currency, _ = x["currency"].(string)
		mv.Bound, _ = x["bound"].(string)
		return mv, mv.Amount != ""
	}
	return nlu.MoneyValue{}, false
}

// discover answers "I'm looking for …", refining the last search when the
// shopper says "cheaper", "more" or names only a colour or size.
func (b *Bot) discover(t *turn) error {
	notePending(t)
	if p, ok := b.productNamed(t); ok && t.res.Intent.Name == "product_search" {
		// A product named outright: show it rather than search for its words.
		if p.Status == catalog.StatusActive {
			b.say(t, "search.found_one", "item", p.Title)
			b.show(t, []catalog.Product{*p})
			return nil
		}
	}
	q, ranked := b.queryRanked(t)
	if refine := refinement(t.res.Text); refine != "" && t.st.LastQuery != nil {
		return b.refine(t, refine)
	}
	if q.Type == "" && q.Text == "" && q.Vendor == "" && t.st.LastQuery != nil {
		// "in blue" / "under 50 euro": narrow the last search.
		last := t.st.LastQuery.query(b.Currency)
		for k, v := range q.Options {
			if last.Options == nil {
				last.Options = map[string]string{}
			}
			last.Options[k] = v
		}
		if q.MaxPrice != nil {
			last.MaxPrice = q.MaxPrice
		}
		if q.MinPrice != nil {
			last.MinPrice = q.MinPrice
		}
		last.Offset = 0
		q = last
	}
	if q.Type != "" && q.Text == "" && ranked != "" {
		// The words said order the kind by what they fit, alike as a
		// listing; should none of its products carry them, the kind alone
		// is listed.
		q.Text, q.ByFit = ranked, true
		if res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: q.Text, Type: q.Type, Vendor: q.Vendor, Limit: 1}); err != nil {
			return err
		} else if len(res.Products) == 0 {
			q.Text, q.ByFit = "", false
		}
	}
	return b.search(t, q)
}

func (b *Bot) refine(t *turn, how string) error {
	q := t.st.LastQuery.query(b.Currency)
	switch how {
	case "more":
		q.Offset += pageSize
	case "cheaper":
		if len(t.st.Shown) > 0 {
			if p, err := b.Catalog.Product(t.ctx, t.st.Shown[0]); err == nil {
				max := p.MinPrice()
				max.Amount--
				q.MaxPrice = &max
			}
		}
		q.Sort, q.Offset = "price_asc", 0
	case "in_stock":
		q.InStock, q.Offset = true, 0
	}
	return b.search(t, q)
}

// search shows one page of products for q, with refinements as quick replies.
func (b *Bot) search(t *turn, q catalog.Query) error {
	q.Limit = pageSize
	res, err := b.Catalog.Search(t.ctx, q)
	if err != nil {
		return err
	}
	said := ""
	if t.st.LastQuery != nil && (q.Offset > 0 || refinement(t.res.Text) != "") {
		said = t.st.LastQuery.Said // a page or a refinement of the words before
	} else if t.res.Text != "" {
		said = t.res.Text
	}
	t.st.LastQuery = save(q)
	t.st.LastQuery.Said = said
	if len(res.Products) == 0 {
		if q.Offset > 0 || q.Sort == "price_asc" && q.MaxPrice != nil {
			b.say(t, "search.more_none")
			return nil
		}
		if len(q.Options) > 0 || q.InStock || q.MaxPrice != nil {
			// Nothing in exactly that size, colour or budget: show the closest in stock.
			relaxed := q
			relaxed.Options, relaxed.MaxPrice, relaxed.InStock = nil, nil, true
			if c, ok := catalog.OptionValue(q.Options, "Color"); ok && strings.TrimSpace(q.Text) != "" {
				// The colour no variant has may be the one a title says
				// ("Brown C4 Envelopes"): it still orders what is shown.
				relaxed.Text = q.Text + " " + c
			}
			alt, err := b.Catalog.Search(t.ctx, relaxed)
			if err == nil && len(alt.Products) > 0 {
				b.say(t, "search.none_in_stock")
				b.show(t, alt.Products)
				return nil
			}
		}
		m := b.say(t, "search.none")
		m.Options = b.starters(t.lang)
		return nil
	}
	if q.Offset == 0 && q.Sort == "" && q.Type == "" && strings.TrimSpace(q.Text) != "" {
		// A kind named outright ("sweaters") asks for the list of that
		// kind, whatever words order it.
		if p := b.focusCovers(t, &res.Products[0]); p != nil {
			// Words that describe the product under discussion in its own
			// text as well as any other ("the hand one with ceramic burrs"
			// of the grinder on screen): it, not a new list.
			b.say(t, "search.found_one", "item", p.Title)
			b.show(t, []catalog.Product{*p})
			return nil
		}
	}
	if unsureOf(q, res) {
		// The first product meets too little of what was asked: a
		// question, not an answer (unsure.go).
		b.askUnsure(t, res.Products)
		return nil
	}
	if res.Total == 1 {
		b.say(t, "search.found_one", "item", res.Products[0].Title)
	} else {
		b.say(t, "search.found", "count", res.Total)
	}
	cards := b.show(t, res.Products)
	if res.Total > q.Offset+len(res.Products) {
		cards.Options = append(cards.Options, b.option(t, "option.more", "more"))
	}
	if len(res.Products) > 1 && q.Sort != "price_asc" {
		cards.Options = append(cards.Options, b.option(t, "option.cheaper", "cheaper"))
	}
	if !q.InStock {
		cards.Options = append(cards.Options, b.option(t, "option.in_stock_only", "in_stock"))
	}
	b.offerUsual(t, q, res.Products, cards) // preferences.go
	return nil
}

// show adds cards and remembers what the shopper has seen, for "the black
// one", and the size and colour searched for, for "add it".
func (b *Bot) show(t *turn, ps []catalog.Product) *conversation.Message {
	if q := t.st.LastQuery; q != nil && len(q.Options) > 0 {
		t.st.Want = map[string]string{}
		for k, v := range q.Options {
			t.st.Want[k] = v
		}
	}
	t.st.Shown = t.st.Shown[:0]
	for _, p := range ps {
		t.st.Shown = append(t.st.Shown, p.Handle)
	}
	if len(ps) == 1 {
		t.st.Focus = ps[0].Handle
	} else {
		t.st.Focus = "" // a new list is what is being talked about now
	}
	return b.cards(t, ps)
}

// productNamed is the product the NLU found named in the message, unless
// the message names another kind of product: "waterproof" may be the one
// distinctive word of a shoe's title, but "a waterproof jacket" is a jacket.
func (b *Bot) productNamed(t *turn) (*catalog.Product, bool) {
	if !t.named.done { // asked by several readings of one turn: worked out once
		t.named.p, t.named.ok = b.namedProduct(t)
		t.named.done = true
	}
	return t.named.p, t.named.ok
}

func (b *Bot) namedProduct(t *turn) (*catalog.Product, bool) {
	e, ok := b.bestProductEntity(t)
	if !ok {
		return nil, false
	}
	p, err := b.Catalog.Product(t.ctx, valueString(e.Value))
	if err != nil {
		return nil, false
	}
	if b.Catalog.SharedName(t.ctx, e.Text) {
		return nil, false // "Storm Shell" names the women's and the men's jacket alike
	}
	if negatedName(t.res.Text, e.Text) {
		return nil, false // "the one without a zip": the zip bag is the one not meant
	}
	if kind, ok := entity(t.res, "category"); ok {
		if name, ok := b.Catalog.TypeName(t.ctx, kind); ok && !strings.EqualFold(name, p.Type) {
			return nil, false
		}
	}
	if len(fold.Words(e.Text)) == 1 {
		// One word of a title ("cushioned") is no name when the message
		// names a kind the product is not: "the more cushioned one of the
		// TPE mats" is a mat, not the Cushioned Running Shoe.
		r := []rune(t.res.Text)
		rest := t.res.Text
		if e.Start >= 0 && e.End <= len(r) && e.Start < e.End {
			rest = string(r[:e.Start]) + " " + string(r[e.End:])
		}
		if kw := b.Catalog.KeyWords(t.ctx, rest); kw != "" && b.Catalog.NamesKind(t.ctx, kw) {
			if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Kind < 2 {
				return nil, false
			}
		}
	}
	if other := b.sameNameByNumber(t, p, e.Text); other != nil {
		return other, true
	}
	if other := b.suggestedInstead(t, e.Text, p); other != nil {
		return other, true // "the conditioner that goes with it"
	}
	if f := b.focusCovers(t, p); f != nil && !b.fullName(p, e.Text) {
		return f, true // a word of another title, said of the product under discussion
	}
	if b.unitOfFocusValue(t, p, e) { // cart_focus.go
		return nil, false
	}
	return p, true
}

// bestProductEntity is the product the message names: of several names
// found ("the waterproof trail walkers": "waterproof" of a hat's title,
// "trail walkers" of the shoes'), the product that fits all of the
// message's catalogue words best, else the longest name.
func (b *Bot) bestProductEntity(t *turn) (nlu.Entity, bool) {
	var found []nlu.Entity
	for _, e := range t.res.Entities {
		if e.Entity == "product" && valueString(e.Value) != "" {
			found = append(found, e)
		}
	}
	if len(found) == 0 {
		return nlu.Entity{}, false
	}
	if len(found) == 1 {
		return found[0], true
	}
	var handles []string
	for _, e := range found {
		handles = append(handles, valueString(e.Value))
	}
	fits := b.Catalog.Relevance(t.ctx, b.Catalog.KeyWords(t.ctx, t.res.Text), handles)
	best := found[0]
	better := func(a, c nlu.Entity) bool { // a better than c
		fa, fc := fits[valueString(a.Value)], fits[valueString(c.Value)]
		if fa.Matched != fc.Matched {
			return fa.Matched > fc.Matched
		}
		if len([]rune(a.Text)) != len([]rune(c.Text)) {
			return len([]rune(a.Text)) > len([]rune(c.Text))
		}
		return fa.Score > fc.Score
	}
	for _, e := range found[1:] {
		if better(e, best) {
			best = e
		}
	}
	return best, true
}

// alsoBesideFocus reports "also X" said while the product in focus is in
// the cart already: X is another product.
func (b *Bot) alsoBesideFocus(t *turn) bool {
	if !anyOf(t.res.Text, lexicon.Also) && !startsWithAnd(t.res.Text) {
		return false
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false
	}
	c, err := b.cartOf(t)
	// "put the gloves in my cart as well" right after the gloves went in:
	// the "as well" is the cart beside its other lines, and "the gloves"
	// the pair talked about (definite.go); only words the focus lacks or
	// "another" ask for a second thing.
	return err == nil && inCart(c, p) && !b.pointsAt(t, p)
}

// equalHits returns the hits that fit the words as well as the first (the
// same kind, the same words met, nearly the same score), when more than one does and the words name no product of their
// own (a kind, a brand): nil otherwise.
func (b *Bot) equalHits(t *turn, words string, hits []catalog.Product) []catalog.Product {
	if len(hits) < 2 || words == "" {
		return nil
	}
	handles := make([]string, len(hits))
	for i, p := range hits {
		handles[i] = p.Handle
	}
	fits := b.Catalog.Relevance(t.ctx, words, handles)
	top := fits[hits[0].Handle]
	var tied []catalog.Product
	for _, p := range hits {
		if f := fits[p.Handle]; f.Kind == top.Kind && f.Matched == top.Matched && f.Score >= 0.9*top.Score {
			tied = append(tied, p)
		}
	}
	return tied
}

// sameNameByNumber finds, for a product name said with a number its title
// lacks ("the Aurora 1.2 L" read as the Aurora 1.7 L), the product of the
// same name and kind whose title carries that number; nil when there is
// none or the title has it already.
func (b *Bot) sameNameByNumber(t *turn, p *catalog.Product, name string) *catalog.Product {
	said := numbersIn(t.res.Text)
	if len(said) == 0 || sharesNumber(p.Title, said) {
		return nil
	}
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: name, Limit: 10})
	if err != nil {
		return nil
	}
	for _, o := range res.Products {
		if o.Handle != p.Handle && strings.EqualFold(o.Type, p.Type) && sharesNumber(o.Title, said) {
			return &o
		}
	}
	return nil
}

var numberRun = regexp.MustCompile(`\d+(?:[.,]\d+)?`)

// numbersIn lists the numbers written in text, a decimal comma read as a
// point and a zero fraction dropped ("1,0" is "1").
func numbersIn(text string) []string {
	var out []string
	for _, n := range numberRun.FindAllString(text, -1) {
		n = strings.ReplaceAll(n, ",", ".")
		if i := strings.IndexByte(n, '.'); i >= 0 && strings.Trim(n[i+1:], "0") == "" {
			n = n[:i]
		}
		out = append(out, n)
	}
	return out
}

// measureNumbers are the numbers of a message that are no quantity to buy
// ("a blue 1l bottle", not the 2 of "2 bottles").
func measureNumbers(res nlu.Result) []string {
	n, _ := quantitySaid(res)
	var out []string
	for _, s := range numbersIn(res.Text) {
		if s != strconv.Itoa(n) {
			out = append(out, s)
		}
	}
	return out
}

// numberLeavesFocus finds the one hit whose title carries a number of the
// message that the title of the product in focus lacks ("not that one, the
// set with 24 tubes" while the 12-tube set is on screen): the number tells
// the shopper means that other product of the same kind. Nil without one.
func (b *Bot) numberLeavesFocus(t *turn, hits []catalog.Product) *catalog.Product {
	nums := numbersIn(t.res.Text)
	if t.st.Focus == "" || len(nums) == 0 {
		return nil
	}
	focus, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil || sharesNumber(focus.Title, nums) {
		return nil
	}
	var found *catalog.Product
	for i, p := range hits {
		if p.Handle != focus.Handle && sharesNumber(p.Title, nums) {
			if found != nil {
				return nil
			}
			found = &hits[i]
		}
	}
	return found
}

// sharesNumber reports whether the title carries one of the numbers.
func sharesNumber(title string, nums []string) bool {
	for _, n := range numbersIn(title) {
		if slices.Contains(nums, n) {
			return true
		}
	}
	return false
}

// resolve finds the product the shopper means: named, searched for, shown
// before ("the black one", "the second one") or in focus ("it").
func (b *Bot) resolve(t *turn) (*catalog.Product, bool, error) {
	if p := b.soldOutSwitch(t); p != nil { // soldout.go
		t.st.Focus, t.st.Want = p.Handle, b.keptFor(p, t.st.Want, fitOptions(p, statedValues(p, t.res)))
		return p, true, nil
	}
	if p := b.bySizeAlone(t); p != nil { // choosing.go: before a name, "metre" names no meter
		return p, true, nil
	}
	if p, ok := b.productNamed(t); ok {
		return p, true, nil
	}
	if p := b.measuredFocus(t); p != nil { // cart_focus.go: "det på 3 meter" of the tape in focus
		return p, true, nil
	}
	q := b.query(t)
	opts := q.Options
	if p, tied := b.pickShown(t, opts); p != nil {
		return p, true, nil
	} else if len(tied) > 1 {
		t.tied = tied
		return nil, false, nil
	}
	named := q.Type != "" || q.Vendor != ""
	if !named && b.Catalog.KeyWords(t.ctx, q.Text) != "" {
		// Catalogue words alone name something new only when they name a
		// kind of product or nothing is on screen: "add both pairs" is about
		// the socks shown, not the one title with "pair" in it.
		named = len(t.st.Shown) == 0 && t.st.Focus == "" || b.Catalog.NamesKind(t.ctx, q.Text)
	}
	if named {
		q.Options, q.Limit = nil, 5
		res, err := b.Catalog.Search(t.ctx, q)
		if err != nil {
			return nil, false, err
		}
		if len(res.Products) > 0 {
			if p := b.focusCovers(t, &res.Products[0]); p != nil {
				return p, true, nil // a feature of the product under discussion
			}
			if p := b.suggestedInstead(t, strings.TrimSpace(q.Type+" "+q.Text), &res.Products[0]); p != nil {
				return p, true, nil // "the lid that goes with it": the one suggested
			}
			if ps := b.byValuesAsked(t, strings.TrimSpace(q.Type+" "+q.Text), res.Products); len(ps) == 1 {
				return &ps[0], true, nil
			} else if len(ps) > 1 {
				if p := plainestOf(q.Text, ps); p != nil {
					return p, true, nil
				}
				t.tied = ps // which of them is the shopper's to say
				return nil, false, nil
			}
			if nums := measureNumbers(t.res); len(nums) > 0 && !sharesNumber(res.Products[0].Title, nums) {
				// "a blue 1l drinks bottle": of the hits that fit as well,
				// the one whose title carries the number.
				handles := make([]string, len(res.Products))
				for i, p := range res.Products {
					handles[i] = p.Handle
				}
				fits := b.Catalog.Relevance(t.ctx, strings.TrimSpace(q.Type+" "+q.Text), handles)
				top := fits[res.Products[0].Handle]
				for _, p := range res.Products[1:] {
					// A number that is a value of the first hit ("A5" of a
					// notebook) names no other title's number ("5-Pack").
					if f := fits[p.Handle]; f.Kind >= top.Kind && sharesNumber(p.Title, nums) && len(valuesMet(&p, t.res)) >= len(valuesMet(&res.Products[0], t.res)) {
						return &p, true, nil
					}
				}
			}
			// Among the hits that fit the words as well as the first, prefer
			// one that has the size/colour asked about; a worse fit (a red
			// backpack for "a red fleece") never wins on colour alone.
			if len(opts) > 0 {
				handles := make([]string, len(res.Products))
				for i, p := range res.Products {
					handles[i] = p.Handle
				}
				fits := b.Catalog.Relevance(t.ctx, strings.TrimSpace(q.Type+" "+q.Text), handles)
				top := fits[res.Products[0].Handle]
				// To buy, one that fits the words as well and has it in
				// stock first (which_product.go); asked about, the first.
				for _, inStock := range []bool{t.res.Intent.Name == "add_to_cart", false} {
					for _, p := range res.Products {
						// Every option asked must be the product's: a size
						// asked for rules out a product without sizes.
						f := fits[p.Handle]
						if inStock && f.Matched < top.Matched {
							continue
						}
						if f.Kind >= top.Kind && len(catalog.MatchingVariants(p, catalog.Query{Options: opts, InStock: inStock})) > 0 {
							return &p, true, nil
						}
					}
				}
			}
			// A focus of the same kind beats an arbitrary first hit ("these
			// sneakers", "the natural-colour bag" about the tote on screen),
			// unless the shopper asks for one more thing beside it ("also a
			// beach towel" with the hand towel in the cart).
			if other := b.numberLeavesFocus(t, res.Products); other != nil {
				return other, true, nil
			}
			if t.st.Focus != "" && !b.alsoBesideFocus(t) {
				for _, p := range res.Products {
					if p.Handle == t.st.Focus {
						return &p, true, nil
					}
				}
				if p, err := b.Catalog.Product(t.ctx, t.st.Focus); err == nil {
					if f := b.Catalog.Relevance(t.ctx, strings.TrimSpace(q.Type+" "+q.Text), []string{p.Handle})[p.Handle]; f.Kind == 2 {
						return p, true, nil
					}
				}
			}
			if tied := b.equalHits(t, strings.TrimSpace(q.Type+" "+q.Text), res.Products); len(tied) > 1 {
				// Equally good by the search, told apart by the titles:
				// the plain one of the words said (choosing.go).
				if p := plainestOf(q.Text, tied); p != nil {
					return p, true, nil
				}
			}
			if unsureOf(q, res) && len(res.Products) > 1 && t.st.Focus == "" {
				// The first hit is a guess (unsure.go): the shopper
				// chooses among the likeliest, nothing is taken.
				t.tied, t.guessed = res.Products, true
				return nil, false, nil
			}
			if tied := b.equalHits(t, strings.TrimSpace(q.Type+" "+q.Text), res.Products); len(tied) > 1 {
				// "I need an electric kettle" with two of them: which one is
				// the shopper's to say, not the ranking's.
				t.tied = tied
				return nil, false, nil
			}
			return &res.Products[0], true, nil
		}
	}
	if meansOther(t.res.Text) && t.st.Focus != "" && len(t.st.Shown) > 1 {
		// "no, the other one": the shown product that is not in focus.
		for _, h := range t.st.Shown {
			if h != t.st.Focus {
				p, err := b.Catalog.Product(t.ctx, h)
				return p, err == nil, nil
			}
		}
	}
	if i := ordinal(t.res.Text); i >= 0 && i < len(t.st.Shown) {
		p, err := b.Catalog.Product(t.ctx, t.st.Shown[i])
		return p, err == nil, nil
	}
	if c, ok := opts["Color"]; ok && len(t.st.Shown) > 1 {
		for _, h := range t.st.Shown {
			if p, err := b.Catalog.Product(t.ctx, h); err == nil && len(catalog.MatchingVariants(*p, catalog.Query{Options: map[string]string{"Color": c}})) > 0 {
				return p, true, nil
			}
		}
	}
	// "it" is the product in focus — unless the shopper says "also …" and
	// names something, which is another product ("add that as well" is it).
	other := anyOf(t.res.Text, lexicon.Also) && b.Catalog.KeyWords(t.ctx, t.res.Text) != ""
	if t.st.Focus != "" && !other {
		p, err := b.Catalog.Product(t.ctx, t.st.Focus)
		if err == nil && b.focusBought(t, p) && b.namesOtherThan(t, p) {
			// The focus is in the cart and the words are about another
			// product (cart_focus.go): not it, whatever else is on screen.
			return b.otherNamed(t, p)
		}
		return p, err == nil, nil
	}
	if len(t.st.Shown) == 1 && !other {
		p, err := b.Catalog.Product(t.ctx, t.st.Shown[0])
		return p, err == nil, nil
	}
	if p := b.bestOfShown(t); p != nil && !other {
		return p, true, nil
	}
	return nil, false, nil
}

// byValuesAsked tells apart, by the size and colour asked for, hits the
// words fit alike: "the glazed pot in cream, 35 cm" with a terracotta pot
// ranked first that comes in neither is the planter that comes in both.
// Of the hits of the first one's kind (or a neighbouring kind meeting more
// of the words), it returns those that meet more of the values asked than
// the first; nil when the first meets as many as any (or nothing is
// asked), so the ranking stands.
func (b *Bot) byValuesAsked(t *turn, words string, hits []catalog.Product) []catalog.Product {
	if len(hits) < 2 {
		return nil
	}
	met := make([]map[string]string, len(hits))
	asked := map[string]bool{}
	for i := range hits {
		met[i] = valuesMet(&hits[i], t.res)
		for _, v := range met[i] {
			asked[normValue(v)] = true
		}
	}
	if len(asked) == 0 {
		return nil
	}
	// A value one hit comes in may be another's in its title: the
	// "Laminator A3" meets the "A3" of pouches sold in A4 and A3.
	score := func(i int) int {
		n := len(met[i])
		title := valueTokensOf(hits[i].Title)
		for v := range asked {
			own := false
			for _, mv := range met[i] {
				own = own || normValue(mv) == v
			}
			if !own && titleSays(title, v) {
				n++
			}
		}
		return n
	}
	handles := make([]string, len(hits))
	for i, p := range hits {
		handles[i] = p.Handle
	}
	fits := b.Catalog.Relevance(t.ctx, words, handles)
	top := fits[hits[0].Handle]
	first := score(0)
	best, out := first, []catalog.Product(nil)
	for i := 1; i < len(hits); i++ {
		p := &hits[i]
		if f := fits[p.Handle]; f.Kind < top.Kind && (f.Kind == 0 || f.Matched <= top.Matched) {
			// A red backpack for "a red fleece" never wins on colour
			// alone, nor pouches for "an A3 laminator"; a planter for
			// "the glazed pot" may, meeting more of the words than the
			// pot ranked first.
			continue
		}
		switch n := score(i); {
		case n > best:
			best, out = n, []catalog.Product{*p}
		case n == best && n > first:
			out = append(out, *p)
		}
	}
	return out
}

// titleSays reports whether a title, read as valueTokensOf reads it, holds
// the normalised value as a word or a run of words.
func titleSays(title *valueTokens, nv string) bool {
	for i := range title.raw {
		if title.norm[i] == nv || slices.Contains(title.joined[i][:], nv) {
			return true
		}
	}
	return false
}

// valuesMet is the option values a message asks for that p comes in, in
// one variant together: the NLU's size and colour and p's own values named
// in the text ("A5", "35 cm"), sold out or not. A value p lacks, or a
// combination none of its variants has, meets nothing.
func valuesMet(p *catalog.Product, res nlu.Result) map[string]string {
	have := map[string]string{}
	for name, val := range fitOptions(p, statedValues(p, res)) {
		if !slices.Contains(values(p, name), val) {
			continue
		}
		if nv := normValue(val); nv != "" && nv[0] >= '0' && nv[0] <= '9' && !saidWhole(nv, res) {
			// A measure counts whole: "90 cm" is no "60 x 90 cm",
			// though it may pick that value of a product shown.
			continue
		}
		have[name] = val
	}
	if len(have) == 0 || len(catalog.MatchingVariants(*p, catalog.Query{Options: have})) == 0 {
		return nil
	}
	return have
}

// saidWhole reports whether the message says the normalised measure nv
// whole ("60 x 90 cm", "35cm", or its number alone, "the 35"), as a size
// the NLU found or in its words.
func saidWhole(nv string, res nlu.Result) bool {
	tail, _ := unitNumber(nv)
	is := func(s string) bool { return s == nv || s == tail && tail != "" }
	for _, e := range res.Entities {
		if e.Entity == "size" && is(normValue(valueString(e.Value))) {
			return true
		}
	}
	vt := valueTokensOf(res.Text)
	for i := range vt.raw {
		if is(vt.norm[i]) || slices.Contains(vt.joined[i][:], nv) || strings.Contains(tail, "x") && slices.Contains(vt.joined[i][:], tail) {
			return true
		}
	}
	return false
}

// bestOfShown is the one product of a list that fits everything the
// shopper asked for when they searched — its kind, its words and the size
// or colour in stock — clearly better than the rest: "softshell trousers,
// men, grey, L" then "I'll take them" means the trousers, not the fleece
// listed after them. With two equally good, it is nil and the bot asks.
func (b *Bot) bestOfShown(t *turn) *catalog.Product {
	if len(t.st.Shown) < 2 || t.st.LastQuery == nil {
		return nil
	}
	q := t.st.LastQuery.query(b.Currency)
	fits := b.Catalog.Relevance(t.ctx, strings.TrimSpace(q.Type+" "+q.Text), t.st.Shown)
	want := t.st.Want
	if len(q.Options) > 0 {
		want = q.Options
	}
	type scored struct {
		p     *catalog.Product
		score int
	}
	var all []scored
	for _, h := range t.st.Shown {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil {
			continue
		}
		f := fits[h]
		s := 100*f.Kind + 10*f.Matched
		if len(want) > 0 {
			fit := fitOptions(p, want)
			if len(fit) == len(want) && len(catalog.MatchingVariants(*p, catalog.Query{Options: fit, InStock: true})) > 0 {
				s += 5
			}
		}
		all = append(all, scored{p, s})
	}
	if len(all) < 2 {
		return nil
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	if all[0].score > all[1].score && all[0].score > 0 {
		return all[0].p
	}
	return nil
}

// availability answers "do you have X in size 42 / in black". Asked of a
// whole kind of product ("do you have sneakers?"), it lists what is in stock.
func (b *Bot) availability(t *turn) error {
	if n, more := quantitySaid(t.res); n > 0 {
		t.st.Qty, t.st.More = n, more
	}
	if _, named := b.productNamed(t); !named {
		q := b.query(t)
		if (q.Type != "" || q.Vendor != "") && b.Catalog.KeyWords(t.ctx, q.Text) == "" {
			q.InStock = len(q.Options) > 0
			return b.search(t, q)
		}
	}
	p, ok, err := b.resolve(t)
	if err != nil {
		return err
	}
	if !ok && len(t.tied) > 1 {
		return b.askAmong(t, t.tied, "availability")
	}
	if !ok {
		// "size 42 in stock?" about a list just shown: narrow it to what is there.
		if opts := wanted(t.res); len(opts) > 0 && t.st.LastQuery != nil {
			q := t.st.LastQuery.query(b.Currency)
			if q.Options == nil {
				q.Options = map[string]string{}
			}
			for k, v := range opts {
				q.Options[k] = v
			}
			q.InStock, q.Offset = true, 0
			return b.search(t, q)
		}
		return b.discover(t)
	}
	want := t.merged(p)
	return b.tellAvailability(t, p, want)
}

func (b *Bot) tellAvailability(t *turn, p *catalog.Product, want map[string]string) error {
	t.st.Focus, t.st.Want = p.Handle, want
	t.st.Shown = []string{p.Handle}
	want = fitOptions(p, want)
	if len(want) == 0 {
		vals := inStockValues(p, "Size")
		if len(vals) == 0 {
			vals = inStockValues(p, "Color")
		}
		if !p.InStock() {
			b.say(t, "availability.sold_out", "item", p.Title)
			return b.alternatives(t, p, nil)
		}
		if len(vals) > 0 {
			b.say(t, "availability.in_stock_values", "item", p.Title, "values", strings.Join(vals, ", "))
		} else {
			b.say(t, "availability.in_stock", "item", p.Title)
		}
		cards := b.cards(t, []catalog.Product{*p})
		cards.Reason = "availability"
		cards.Options = b.priceWatch(t, p, nil, b.addOptions(t, p, nil))
		return nil
	}
	item := p.Title + " (" + describe(want) + ")"
	match := catalog.MatchingVariants(*p, catalog.Query{Options: want})
	stock := 0
	for _, v := range match {
		stock += v.Stock
	}
	switch {
	case stock > 0 && stock <= 3:
		b.say(t, "availability.low", "item", item, "count", stock)
	case stock > 0:
		b.say(t, "availability.in_stock", "item", item)
	default:
		b.say(t, "availability.sold_out", "item", item)
		if others := otherValues(p, want); others != "" {
			b.say(t, "availability.other_values", "values", others)
		}
		var alertSKU string
		if len(match) == 1 {
			alertSKU = match[0].SKU
		}
		return b.alternatives(t, p, &alertSKU)
	}
	cards := b.cards(t, []catalog.Product{*p})
	cards.Reason = "availability"
	cards.Options = b.priceWatch(t, p, match, b.addOptions(t, p, match))
	return nil
}

// addOptions offers "Add to cart" for an in-stock match, or the sizes in stock.
func (b *Bot) addOptions(t *turn, p *catalog.Product, match []catalog.Variant) []conversation.Option {
	var opts []conversation.Option
	for _, v := range match {
		if v.InStock() {
			opts = append(opts, b.option(t, "option.add_to_cart", "add:"+v.SKU))
			return opts
		}
	}
	if len(p.Variants) == 1 && p.Variants[0].InStock() {
		return append(opts, b.option(t, "option.add_to_cart", "add:"+p.Variants[0].SKU))
	}
	return opts
}

// alternatives shows the sold-out product with similar items in stock, and
// offers a back-in-stock alert.
func (b *Bot) alternatives(t *turn, p *catalog.Product, alertSKU *string) error {
	want := t.st.Want
	q := catalog.Query{Type: p.Type, InStock: true, Limit: pageSize, Options: map[string]string{}}
	for k, v := range want {
		q.Options[k] = v
	}
	res, err := b.Catalog.Search(t.ctx, q)
	if err != nil {
		return err
	}
	if len(res.Products) == 0 {
		q.Options = nil
		if res, err = b.Catalog.Search(t.ctx, q); err != nil {
			return err
		}
	}
	// The sold-out product keeps its own card (its stock per size, the
	// alert); "similar and in stock" lists only other products.
	b.cards(t, []catalog.Product{*p}).Reason = "availability"
	own := len(t.out) - 1 // by index: more messages follow and may move it
	t.st.Shown = []string{p.Handle}
	var ps []catalog.Product
	for _, alt := range res.Products {
		if alt.Handle != p.Handle && len(ps) < pageSize-1 {
			ps = append(ps, alt)
			t.st.Shown = append(t.st.Shown, alt.Handle)
		}
	}
	if len(ps) > 0 {
		b.say(t, "availability.similar")
		b.cards(t, ps).Reason = "similar"
	}
	sku := ""
	if alertSKU != nil && *alertSKU != "" {
		sku = *alertSKU
	} else if len(p.Variants) == 1 {
		sku = p.Variants[0].SKU
	}
	if sku != "" {
		t.out[own].Options = append(t.out[own].Options, b.option(t, "option.notify_me", "notify:"+sku))
	}
	return nil
}

// fitOptions maps the shopper's values onto the product's own option names
// and spellings ("black" → "Black", "EU 42" → "42"), dropping options the
// product does not have (a size for a one-size cap).
func fitOptions(p *catalog.Product, want map[string]string) map[string]string {
	out := map[string]string{}
	for name, val := range want {
		norm := normValue(val)
		found := false
		for _, v := range p.Variants {
			if got, ok := catalog.OptionValue(v.Options, name); ok {
				found = true
				if normValue(got) == norm || inRange(got, norm) {
					out[name] = got
					break
				}
			}
		}
		if found {
			if _, ok := out[name]; !ok && canonicalField(name) == "color" {
				if v := colourByConcept(p, name, val, false); v != "" {
					out[name] = v // "off-white" for the catalogue's "Cream"
				}
			}
			if _, ok := out[name]; !ok {
				out[name] = partialValue(p, name, norm, val) // or the value as asked, one the product does not come in
			}
		}
	}
	return out
}

var (
	euPrefix = regexp.MustCompile(`^(eu|size|maat|saiz|str|码)\s*`)
	// Ages as sizes: "2-3Y", "2-3 jaar", "2-3 tahun", "2-3岁", "2-3 år".
	ageUnit = regexp.MustCompile(`^(\d+(?:\s*-\s*\d+)?)\s*(y|yr|yrs|year|years|j|jr|jaar|thn|tahun|år|ar|岁|տ|տարեկան|tarekan)$`)
)

func normalValue(v string) string { // through normValue (memo.go)
	s := euPrefix.ReplaceAllString(fold.String(strings.TrimSpace(v)), "")
	if m := ageUnit.FindStringSubmatch(s); m != nil {
		s = strings.ReplaceAll(m[1], " ", "")
	}
	if letter, ok := lexicon.SizeWords[s]; ok {
		return letter // "medium", "sedang", "中号" → "m"
	}
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = strings.ReplaceAll(s, " ", "")             // "250ml" is "250 ml", "45x45 cm" is "45 x 45 cm"
		s = dimensionBy.ReplaceAllString(s, "${1}x$2") // "45 by 45 cm", "45 bij 45", "45乘45厘米"
		s = decimalComma.ReplaceAllString(s, "$1.$2")  // "1,7 l" is "1.7 L"
		if n, ok := packValue(s); ok {
			return n + "pack" // "4-pack", "4只装", "4 հատանոցը" are the "4 pack"
		}
		if m := unitTail.FindStringSubmatch(s); m != nil {
			u := strings.TrimSuffix(m[2], "的")
			if i := strings.Index(u, "-"); i > 0 {
				u = u[:i] // "6 մ-անոցը", "6 m-es": the unit before an ending
			}
			if u, ok := units[u]; ok {
				s = m[1] + u // "250 մլ", "250毫升", "250 millilitre" are "250 ml"
			}
		}
	}
	return s
}

// packValue reads a value or a shopper's word that names a pack by the
// number of pieces in it, spaces gone ("4pack", "4-pack", "4只装那种",
// "4հատանոցը"), and returns the number. A Latin word must be the pack
// word itself: "2packs" and "3pakker" count packs. Chinese and Armenian
// pack words say a pack size whatever follows them.
func packValue(s string) (string, bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 || i == len(s) {
		return "", false
	}
	tail := strings.TrimPrefix(s[i:], "-")
	if slices.Contains(packWords, tail) {
		return s[:i], true
	}
	for _, w := range packPrefixes {
		if rest, ok := strings.CutPrefix(tail, w); ok && !strings.HasPrefix(rest, "进") && !strings.HasPrefix(rest, "入") && !strings.HasPrefix(rest, "到") {
			return s[:i], true // not "3个装进购物车", three put into the cart
		}
	}
	return "", false
}

var (
	packWords    = []string{"pack", "pk", "pak", "pakk", "pakken", "pakning", "pek"}
	packPrefixes = []string{"只装", "个装", "片装", "支装", "袋装", "件装", "条装", "瓶装", "装", "հատանոց", "hatanoc", "hatanots", "անոց", "anoc"}
)

var (
	decimalMark  = regexp.MustCompile(`(\d)[.,](\d)`)
	digitHan     = regexp.MustCompile(`(\d)(\p{Han})`)
	hanDigit     = regexp.MustCompile(`(\p{Han})(\d)`)
	alnumHan     = regexp.MustCompile(`([\p{Latin}\d])(\p{Han})`)
	hanAlnum     = regexp.MustCompile(`(\p{Han})([\p{Latin}\d])`)
	decimalComma = regexp.MustCompile(`(\d),(\d)`)
	// dimensionBy is the word between the sides of a measure, "by" in the
	// six languages, or the sign ×: all read as the catalogue's "x".
	dimensionBy = regexp.MustCompile(`(\d)(?:by|bij|kali|ganger|乘|×|\*)(\d)`)
	unitTail    = regexp.MustCompile(`^([0-9.x×-]*[0-9])([^0-9.x×-][^0-9]*)$`)
	// units spells the measures a size may carry in the six languages, to
	// the catalogue's usual abbreviation: a shopper writes "250 մլ" or
	// "1,5 liter" for the catalogue's "250 ml" and "1.5 L".
	units = map[string]string{
		"ml": "ml", "millilitre": "ml", "milliliter": "ml", "mililiter": "ml", "mililitre": "ml", "мл": "ml", "մլ": "ml", "毫升": "ml",
		"cl": "cl", "centiliter": "cl",
		"l": "l", "lt": "l", "ltr": "l", "litre": "l", "liter": "l", "litres": "l", "liters": "l", "լ": "l", "լիտր": "l", "litr": "l", "升": "l", "公升": "l",
		"cm": "cm", "centimetre": "cm", "centimeter": "cm", "sentimeter": "cm", "sentimetre": "cm", "սմ": "cm", "sm": "cm", "厘米": "cm", "公分": "cm",
		"mm": "mm", "մմ": "mm", "毫米": "mm", "millimetre": "mm", "millimeter": "mm", "milimeter": "mm", "milimetre": "mm", "мм": "mm", "միլիմետր": "mm",
		// Metres of cable, fabric or rope: "6 metre", "6 մետր", "6米" are "6 m".
		"m": "m", "metre": "m", "meter": "m", "metres": "m", "meters": "m", "mtr": "m", "meteran": "m", "м": "m", "մ": "m", "մետր": "m", "米": "m", "公尺": "m",
		"kg": "kg", "kilo": "kg", "կգ": "kg", "公斤": "kg", "千克": "kg",
		"g": "g", "gr": "g", "gram": "g", "գ": "g", "克": "g",
		"w": "w", "watt": "w", "վտ": "w", "瓦": "w",
		"inch": "inch", "inches": "inch", "\"": "inch", "″": "inch", "duim": "inch", "inci": "inch", "英寸": "inch", "寸": "inch", "tommer": "inch", "tomme": "inch", "դյույմ": "inch",
	}
)

// partialValue finds the one value of the product's option that contains
// the asked value as a word ("white" → "Speckled White", "navy" → "Navy
// Stars"); with none or several, the asked value stays as it was.
func partialValue(p *catalog.Product, name, norm, asked string) string {
	if norm == "" {
		return asked
	}
	found := ""
	for _, v := range values(p, name) {
		if hasField(normValue(v), norm) {
			if found != "" && found != v {
				return asked
			}
			found = v
		}
	}
	if found == "" && canonicalField(name) == "color" {
		// "green" for a catalogue that sells "Emerald" and "Sand": the one
		// value of the colour's family.
		for _, v := range values(p, name) {
			for _, fam := range lexicon.ColourFamilies[norm] {
				if hasField(normValue(v), fam) || normValue(v) == fam {
					if found != "" && found != v {
						return asked
					}
					found = v
				}
			}
		}
	}
	if found == "" {
		return asked
	}
	return found
}

// inStockValues lists a product's in-stock values of one option, in size order.
func inStockValues(p *catalog.Product, name string) []string {
	return inStockValuesWith(p, name, nil)
}

// inStockValuesWith lists the in-stock values of one option among the
// variants that have the fixed values ("sizes in stock in Black").
func inStockValuesWith(p *catalog.Product, name string, fixed map[string]string) []string {
	out := make([]string, 0, len(p.Variants))
	seen := make(map[string]bool, 8)
	for _, v := range p.Variants {
		if !v.InStock() {
			continue
		}
		ok := true
		for k, want := range fixed {
			if got, found := catalog.OptionValue(v.Options, k); !found || normValue(got) != normValue(want) {
				ok = false
			}
		}
		if val, found := catalog.OptionValue(v.Options, name); ok && found && !seen[val] {
			seen[val] = true
			out = append(out, val)
		}
	}
	sortSizes(out)
	return out
}

var clothing = map[string]int{"xxs": 1, "xs": 2, "s": 3, "m": 4, "l": 5, "xl": 6, "xxl": 7, "xxxl": 8, "3xl": 8}

// sortSizes orders sizes as a shopper reads them: 38 before 40, S before M;
// other values keep their catalogue order.
func sortSizes(vals []string) {
	rank := func(v string) (float64, bool) {
		if f, err := strconv.ParseFloat(strings.Replace(beforeDash(v), ",", ".", 1), 64); err == nil {
			return f, true
		}
		if r, ok := clothing[strings.ToLower(v)]; ok {
			return float64(r), true
		}
		return 0, false
	}
	sort.SliceStable(vals, func(i, j int) bool {
		a, okA := rank(vals[i])
		b, okB := rank(vals[j])
		return okA && okB && a < b
	})
}

// values lists all of a product's values of one option, in catalogue order.
func values(p *catalog.Product, name string) []string {
	out := make([]string, 0, len(p.Variants))
	seen := make(map[string]bool, 8)
	for _, v := range p.Variants {
		if val, ok := catalog.OptionValue(v.Options, name); ok && !seen[val] {
			seen[val] = true
			out = append(out, val)
		}
	}
	return out
}

func describe(m map[string]string) string {
	var vals []string
	for _, k := range []string{"Size", "Color"} {
		if v, ok := m[k]; ok {
			vals = append(vals, v)
		}
	}
	var rest []string
	for k, v := range m {
		if k != "Size" && k != "Color" {
			rest = append(rest, v)
		}
	}
	sort.Strings(rest)
	return strings.Join(append(vals, rest...), ", ")
}

var (
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	sentenceRE = regexp.MustCompile(`[^.!?。！？]+[.!?。！？]?`)
)

// productInfo answers a question about a product from its own data.
func (b *Bot) productInfo(t *turn) error {
	p, ok, err := b.resolve(t)
	if err != nil {
		return err
	}
	if !ok {
		return b.discover(t)
	}
	// What the shopper said of the product with the question ("the aran
	// cotton, sage, three of them?") is kept for the add that follows
	// ("add them"), as availability keeps it; another product forgets
	// what was said of the last one.
	want := t.merged(p)
	if p.Handle != t.st.Focus {
		t.st.Qty, t.st.More = 0, false
	}
	t.st.Focus, t.st.Want = p.Handle, fitOptions(p, want)
	if n, more := quantitySaid(t.res); n > 0 {
		t.st.Qty, t.st.More = n, more
	}
	body := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(p.BodyHTML, " ")))
	sentences := sentenceRE.FindAllString(body, -1)
	aspect := aspectOf(t.res.Text)
	var answer []string
	if aspect == "price" {
		answer = nil
	} else if aspect != "" {
		for _, s := range sentences {
			if mentions(s, aspectWords[aspect]) {
				answer = append(answer, strings.TrimSpace(s))
			}
		}
	}
	if len(answer) == 0 && aspect != "price" {
		for i, s := range sentences {
			if i < 2 {
				answer = append(answer, strings.TrimSpace(s))
			}
		}
	}
	if len(answer) > 0 {
		b.say(t, "info.about", "item", p.Title, "details", strings.Join(answer, " "))
	}
	v := p.Variants[0]
	if v.CompareAtPrice != nil && v.CompareAtPrice.Amount > v.Price.Amount {
		b.say(t, "info.price_sale", "item", p.Title, "price", b.money(t, p.MinPrice()), "was", b.money(t, *v.CompareAtPrice))
	} else {
		b.say(t, "info.price", "item", p.Title, "price", b.money(t, p.MinPrice()))
	}
	cards := b.cards(t, []catalog.Product{*p})
	cards.Options = b.addOptions(t, p, nil)
	return nil
}

// aspectWords are the catalogue-side words (product descriptions are in
// the shop's language) that answer each kind of question.
var aspectWords = map[string][]string{
	"material": {"made", "material", "fabric", "cotton", "wool", "merino", "polyester", "nylon", "leather", "recycled", "down", "fleece", "mesh", "rubber", "linen", "elastane", "gore"},
	"fit":      {"fit", "true to size", "runs small", "runs large", "size up", "size down", "snug", "relaxed", "slim", "roomy", "length"},
	"care":     {"wash", "care", "dry", "clean", "iron", "bleach", "tumble"},
	"weather":  {"waterproof", "water-repellent", "water resistant", "windproof", "breathable", "warm", "insulat", "rain"},
}

func mentions(s string, words []string) bool {
	f := fold.String(s)
	for _, w := range words {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

func (b *Bot) money(t *turn, m money.Money) string { return i18n.Money(t.lang, m) }

// merged is what the shopper wants of p: the sizes and colours said before
// about the same product, overridden by what this message says ("actually
// size 43").
func (t *turn) merged(p *catalog.Product) map[string]string {
	want := map[string]string{}
	if p.Handle == t.st.Focus || slices.Contains(t.st.Shown, p.Handle) {
		for k, v := range t.st.Want {
			want[k] = v
		}
		if lq := t.st.LastQuery; lq != nil && lq.Said != "" {
			// A size said with the search that listed it ("cat litter 20
			// litre"), in the product's own values, unless kept already.
			for k, v := range productValues(p, lq.Said) {
				if _, ok := want[k]; !ok {
					want[k] = v
				}
			}
		}
	}
	// The NLU's values first, then the product's own values named in the
	// text: "sage green" is the mug's "Sage", not a green it lacks.
	for k, v := range wanted(t.res) {
		want[k] = v
	}
	for k, v := range productValues(p, t.res.Text) {
		want[k] = v
	}
	return want
}

// otherValues says what is in stock next to a sold-out combination: the
// other sizes in the asked colour and the other colours in the asked size
// ("Black: 38, 39, 41 · 42: Orange, Teal").
func otherValues(p *catalog.Product, want map[string]string) string {
	var parts []string
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names) // Color before Size, stable output
	for _, name := range names {
		fixed := map[string]string{}
		var label []string
		for k, v := range want {
			if k != name {
				fixed[k] = v
				label = append(label, v)
			}
		}
		vals := inStockValuesWith(p, name, fixed)
		if len(vals) == 0 {
			continue
		}
		prefix := ""
		if len(label) > 0 {
			sort.Strings(label)
			prefix = strings.Join(label, ", ") + ": "
		}
		parts = append(parts, prefix+strings.Join(vals, ", "))
	}
	return strings.Join(parts, " · ")
}

// inRange reports whether a size such as "43" falls in a catalogue range
// such as "43-46" (socks, kids' sizes).
func inRange(catalogValue, want string) bool {
	lo, hi, ok := strings.Cut(strings.ReplaceAll(catalogValue, " ", ""), "-")
	if !ok {
		return false
	}
	w, err1 := strconv.ParseFloat(strings.Replace(want, ",", ".", 1), 64)
	l, err2 := strconv.ParseFloat(lo, 64)
	h, err3 := strconv.ParseFloat(hi, 64)
	return err1 == nil && err2 == nil && err3 == nil && w >= l && w <= h
}

// productValues finds option values of p named in text that the NLU did not
// mark: "brun M", "XL", "43-46". Letters alone count only when typed as
// capitals, so the "s" of "it's" is no size S.
func productValues(p *catalog.Product, text string) map[string]string {
	out := map[string]string{}
	vt := valueTokensOf(text)
	raw := vt.raw
	for _, name := range p.Options {
		for _, val := range values(p, name) {
			nv := normValue(val)
			tail, hasTail := unitNumber(nv)
			for i, tok := range raw {
				if vt.single[i] {
					continue
				}
				ntok := vt.norm[i]
				if ntok == nv && nv != "" {
					out[name] = val
				}
				if hasTail && ntok == tail && (len(tail) >= 2 || strings.Contains(tail, "x")) {
					if _, taken := out[name]; !taken {
						out[name] = val // "the 26" for "26 cm", "100x150" for "100x150 cm"
					}
				}
				// A measure typed apart from its number: "100 ml", "45 x 45 cm".
				if nv != "" && nv[0] >= '0' && nv[0] <= '9' && tok != "" && tok[0] >= '0' && tok[0] <= '9' {
					for n := 2; n <= 4 && i+n <= len(raw); n++ {
						// or its sides without the unit: "120 by 90" for "120 x 90 cm"
						if j := vt.joined[i][n-2]; j == nv || hasTail && strings.Contains(tail, "x") && j == tail {
							out[name] = val
						}
					}
				}
			}
			if strings.Contains(nv, " ") && contains(text, val) {
				out[name] = val // a value of several words: "Speckled White"
			}
		}
		if _, taken := out[name]; !taken {
			if val := numberedWordOf(values(p, name), raw); val != "" {
				out[name] = val
			}
		}
		if _, taken := out[name]; !taken && canonicalField(name) == "color" {
			// A colour in the shopper's own words for the catalogue's
			// ("彩色", "gekleurd", "գունավորը" for "Assorted" or
			// "Tri-colour"): the one value of the very colour the
			// vocabulary reads in both.
			if val := colourByConcept(p, name, text, false); val != "" {
				out[name] = val
			}
		}
	}
	return out
}

// valueTokens is a shopper's text read for option values, the same for
// every product compared with it: productValues runs for each product on
// screen, and read the text with five regular expressions and normalised
// each token for each value of each product (issue #17).
type valueTokens struct {
	raw    []string    // the words, a decimal mark kept in its number
	norm   []string    // normValue of each word
	single []bool      // a single letter typed in lower case: "it's", no size S
	joined [][3]string // for a word starting with a digit, normValue of it joined with the next 1 to 3 words
}

var valueTokenMemo memo.Map[*valueTokens]

func valueTokensOf(text string) *valueTokens {
	if len(text) > 256 {
		return readValueTokens(text) // a long text is not remembered: the memo's size stays small
	}
	return valueTokenMemo.Get(text, func() *valueTokens { return readValueTokens(text) })
}

func readValueTokens(text string) *valueTokens {
	// A decimal point or comma between digits stays in its number ("1,7 l").
	kept := decimalMark.ReplaceAllString(text, "$1\u00b7$2")
	kept = hanDigit.ReplaceAllString(digitHan.ReplaceAllString(kept, "$1 $2"), "$1 $2") // "要100毫升" has no spaces
	kept = hanAlnum.ReplaceAllString(alnumHan.ReplaceAllString(kept, "$1 $2"), "$1 $2") // "那5B呢", "要XL的": the value between Han characters
	raw := strings.FieldsFunc(kept, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",.?!;:()，。？！；：、（）", r)
	})
	for i := range raw {
		raw[i] = strings.ReplaceAll(raw[i], "\u00b7", ".")
		// An Armenian case ending joined by a hyphen ("39-ի", "S-ով",
		// "38-ը") belongs to the word, not to the value.
		if head, tail, ok := strings.Cut(raw[i], "-"); ok && head != "" && tail != "" && unicode.Is(unicode.Armenian, []rune(tail)[0]) {
			raw[i] = head
		}
	}
	vt := &valueTokens{raw: raw, norm: make([]string, len(raw)), single: make([]bool, len(raw)), joined: make([][3]string, len(raw))}
	for i, tok := range raw {
		vt.single[i] = len([]rune(tok)) == 1 && tok != strings.ToUpper(tok)
		vt.norm[i] = normValue(tok)
		if tok != "" && tok[0] >= '0' && tok[0] <= '9' {
			for n := 2; n <= 4 && i+n <= len(raw); n++ {
				vt.joined[i][n-2] = normValue(strings.Join(raw[i:i+n], " "))
			}
		}
	}
	return vt
}

var unitNumberMemo memo.Map[[2]string]

// unitNumber is the number of a normalised value with a unit ("26" of
// "26 cm"), remembered: unitTail's first group.
func unitNumber(nv string) (string, bool) {
	m := unitNumberMemo.Get(nv, func() [2]string {
		if m := unitTail.FindStringSubmatch(nv); m != nil {
			return [2]string{m[1], "1"}
		}
		return [2]string{}
	})
	return m[0], m[1] != ""
}

// numberedWordOf finds the one value of several words that has a word with
// a digit the shopper typed ("the 4/4 one" for "Classical 4/4", "10-46" for
// "Regular Light 10-46"): the number tells the values apart on its own.
func numberedWordOf(vals []string, tokens []string) string {
	found := ""
	for _, tok := range tokens {
		nt := normValue(tok)
		if len([]rune(nt)) < 2 || !strings.ContainsFunc(nt, unicode.IsDigit) {
			continue
		}
		for _, v := range vals {
			words := strings.Fields(v)
			if len(words) < 2 {
				continue
			}
			for _, w := range words {
				if normValue(w) == nt {
					if found != "" && found != v {
						return ""
					}
					found = v
				}
			}
		}
	}
	return found
}

// suggestedInstead is the product of the bot's last suggestion (a
// cross-sell, a recommendation, a bundle: still the last products shown)
// that the words fit at least as well as first, the product the catalogue
// as a whole would give: "the lid that goes with it", "add the conditioner
// too" mean the one just suggested, not another of that kind. Nil when
// none of the suggestion fits, first is one of it, or two of it fit alike.
func (b *Bot) suggestedInstead(t *turn, words string, first *catalog.Product) *catalog.Product {
	r := t.st.Reco
	if r == nil || len(r.Last) == 0 || words == "" || slices.Contains(r.Last, first.Handle) {
		return nil
	}
	var handles []string
	for _, id := range r.Last { // handles and skus alike: the products are what counts
		if p, err := b.Catalog.Product(t.ctx, id); err == nil && p.Handle == id {
			handles = append(handles, id)
		}
	}
	if len(handles) == 0 {
		return nil
	}
	fits := b.Catalog.Relevance(t.ctx, words, append(handles, first.Handle))
	top := fits[first.Handle]
	var found *catalog.Product
	for _, h := range handles {
		f := fits[h]
		if f.Kind == 0 && f.Matched == 0 || f.Kind < top.Kind || f.Matched < top.Matched {
			continue
		}
		if found != nil {
			return nil // two suggestions fit alike: the search's own reading stands
		}
		found, _ = b.Catalog.Product(t.ctx, h)
	}
	if found != nil && titleTerms(t.res.Text, first.Title) > titleTerms(t.res.Text, found.Title) {
		// The message names more of the search's product's title than of
		// the suggestion's ("the clear toiletry bags for liquids" after a
		// hanging toiletry bag was suggested): it means that product.
		return nil
	}
	return found
}

// titleTerms counts the telling words of text that title has.
func titleTerms(text, title string) int {
	have := catalog.Terms(title)
	n := 0
	for _, w := range catalog.Terms(text) {
		if utf8.RuneCountInString(w) >= 3 && !chatWords[w] && slices.Contains(have, w) {
			n++
		}
	}
	return n
}

// focusCovers is the product under discussion (in focus, else the one of
// the products on screen) that the shopper's words describe in its own
// text (title, description, type, tags) at least as fully as they describe
// other, the product the catalogue as a whole would give, naming no kind it
// is not: "the one with hyaluronic acid" of the foundation on screen whose
// description has it, not the serum with the word in its title. Nil when
// none or two do, or other is itself on screen.
func (b *Bot) focusCovers(t *turn, other *catalog.Product) *catalog.Product {
	near := t.st.Shown
	if t.st.Focus != "" {
		near = []string{t.st.Focus}
	}
	if len(near) == 0 || slices.Contains(near, other.Handle) {
		return nil
	}
	said, _ := splitNegated(t.res.Text)
	terms := termsWithPolarity(negatedTerms(said), true)
	has := func(p *catalog.Product) int {
		n := 0
		pts := productTerms(p)
		for _, m := range terms {
			for _, pt := range pts {
				if !m.neg && sameTerm(m.w, pt.w) {
					n++
					break
				}
			}
		}
		return n
	}
	least := max(has(other), 1)
	var found *catalog.Product
	best := 0
	for _, h := range near {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil {
			continue
		}
		switch n := has(p); {
		case n < least || n < best:
		case n == best:
			found = nil // two describe alike: not this reading's to choose
		default:
			found, best = p, n
		}
	}
	if found == nil {
		return nil
	}
	if kw := b.Catalog.KeyWords(t.ctx, said); kw != "" && b.Catalog.NamesKind(t.ctx, kw) {
		if fits := b.Catalog.Relevance(t.ctx, kw, []string{found.Handle, other.Handle}); fits[other.Handle].Kind > fits[found.Handle].Kind {
			return nil // "the steel lid" beside the pot: the kind named is the other's
		}
	}
	return found
}

// fullName reports whether name is the whole title of p: a product named in
// full is meant, whatever else its words describe.
func (b *Bot) fullName(p *catalog.Product, name string) bool {
	return strings.Join(fold.Words(name), " ") == strings.Join(fold.Words(p.Title), " ")
}

// negatedName reports a name whose every telling word the message negates
// ("the one without a zip", "yang takde zip tu", "ikke den med glidelås"):
// what it names is ruled out, not asked for.
func negatedName(text, name string) bool {
	terms := negatedTerms(text)
	seen := false
	for _, w := range fold.Words(name) {
		if utf8.RuneCountInString(w) < 3 || chatWords[w] {
			continue // "zip" names, "a" does not
		}
		found := false
		for _, tm := range terms {
			if tm.w != w {
				continue
			}
			if !tm.neg {
				return false
			}
			found = true
		}
		if !found {
			return false
		}
		seen = true
	}
	return seen
}
