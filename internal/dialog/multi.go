package dialog

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// A message may ask for two things at once: "a black coffee machine and a
// 24 cm pan", "bordlampe (terrakotta) og en pute i memory foam". Each part
// that names a kind of product is looked up on its own, and "one of each"
// later adds them all.

// multiItem is one of the things asked for together: the product found for
// it and the size, colour and quantity said with it.
type multiItem struct {
	Handle string            `json:"handle"`
	Want   map[string]string `json:"want,omitempty"`
	Qty    int               `json:"qty,omitempty"`
	Said   string            `json:"said,omitempty"` // the shopper's words for it (multiNarrowed)
}

// itemPart is a stretch of the message, in code points.
type itemPart struct {
	text       string
	start, end int
}

// itemParts splits a message at "and" words into the requests it holds,
// each naming a kind of product the shop sells; nil for fewer than two.
func (b *Bot) itemParts(t *turn) []itemPart {
	runes := []rune(t.res.Text)
	lower := []rune(strings.ToLower(t.res.Text))
	var parts []itemPart
	var joins []string // the "and" word before each part after the first
	start := 0
	for i := 0; i < len(lower); i++ {
		for _, w := range lexicon.And {
			wr := []rune(w)
			if i+len(wr) > len(lower) || string(lower[i:i+len(wr)]) != w {
				continue
			}
			cjk := len(wr) > 0 && wr[0] >= 0x3000
			before := i == 0 || lower[i-1] == ' ' || lower[i-1] == ','
			after := i+len(wr) == len(lower) || lower[i+len(wr)] == ' '
			if !cjk && !(before && after) {
				continue
			}
			if strings.TrimSpace(string(runes[start:i])) == "" {
				// "and the blue mitt + a sponge": an "and" that opens the
				// message joins it to the cart, not two of its parts.
				start = i + len(wr)
				i = start - 1
				break
			}
			if b.joinInTitle(t, string(runes[start:i]), string(runes[i+len(wr):]), w) {
				continue // "wash & wax shampoo": the join is part of a product's name
			}
			parts = append(parts, itemPart{string(runes[start:i]), start, i})
			joins = append(joins, w)
			start = i + len(wr)
			i = start - 1
			break
		}
	}
	parts = append(parts, itemPart{string(runes[start:]), start, len(runes)})
	if len(parts) < 2 {
		return nil // no "and": one request, nothing to look up
	}
	if anyOf(t.res.Text, lexicon.Compare) {
		return nil // "the difference between the oxford and the derby": one question about two
	}
	var named []itemPart
	for i, p := range parts {
		kw := b.Catalog.KeyWords(t.ctx, p.text)
		if kw == "" {
			continue
		}
		kind := b.Catalog.NamesKind(t.ctx, kw)
		if i > 0 && b.Catalog.KeyWords(t.ctx, joins[i-1]) != "" && !(kind && b.namesKindText(t, parts[i-1].text)) {
			// "Terra Plus": an "and" word that is also a word of the
			// catalogue's titles joins two requests only between two
			// kinds of product.
			return nil
		}
		if i > 0 && len(fold.Words(p.text)) == 1 && useListed(parts[i-1].text) {
			// "sports bras for yoga and pilates": one more use after
			// "for yoga", though a product's title has the word, is no
			// second request.
			continue
		}
		if kind || b.namesProduct(t, kw) {
			named = append(named, p)
		}
	}
	if len(named) < 2 {
		return nil
	}
	return named
}

// multiRequest finds a product for each part and either adds them (when the
// message says so) or shows them; false when fewer than two are found.
func (b *Bot) multiRequest(t *turn, parts []itemPart, add bool) (bool, error) {
	var items []multiItem
	var ps []catalog.Product
	for _, part := range parts {
		kw := b.Catalog.KeyWords(t.ctx, part.text)
		res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: kw, Limit: 5})
		if err != nil {
			return true, err
		}
		if len(res.Products) == 0 {
			continue
		}
		p := b.fitsPart(t, kw, part, res.Products)
		for _, it := range items {
			if it.Handle == p.Handle {
				return false, nil // "fig & cedar candle": one product's name, not two requests
			}
		}
		want, qty := partWants(t, part)
		for k, v := range productValues(&p, part.text) {
			want[k] = v
		}
		items = append(items, multiItem{Handle: p.Handle, Want: fitOptions(&p, want), Qty: qty, Said: part.text})
		ps = append(ps, p)
	}
	if len(items) < 2 {
		return false, nil
	}
	t.st.Multi = items
	if add {
		// "and the blue mitt + the yellow sponge too" after a search for a
		// 1 l shampoo: the shampoo is presumed taken, as with one thing
		// added after it (addImplied).
		t.together = true
		if err := b.addImplied(t); err != nil {
			return true, err
		}
		return true, b.addMulti(t)
	}
	b.say(t, "search.found_each", "count", len(ps))
	b.show(t, ps)
	return true, nil
}

// addMulti adds every product asked for together whose variant is settled,
// then asks about the first that is not.
func (b *Bot) addMulti(t *turn) error {
	items := t.st.Multi
	t.st.Multi = nil
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	var open []multiItem
	for _, it := range items {
		p, err := b.Catalog.Product(t.ctx, it.Handle)
		if err != nil {
			continue
		}
		match := catalog.MatchingVariants(*p, catalog.Query{Options: it.Want, InStock: true})
		if len(match) != 1 {
			open = append(open, it)
			continue
		}
		if err := b.setLine(t, c, match[0].SKU, max(it.Qty, t.st.Qty, 1)); err != nil {
			return err
		}
	}
	if len(open) == 0 {
		t.st.MultiAdding = false
		return nil
	}
	first := open[0]
	t.st.Multi, t.st.MultiAdding = open[1:], len(open) > 1
	p, err := b.Catalog.Product(t.ctx, first.Handle)
	if err != nil {
		return nil
	}
	t.st.Focus, t.st.Want, t.st.Qty = p.Handle, first.Want, first.Qty
	return b.continueAdd(t, p)
}

// multiFollowUp handles "one of each", "both" about things asked for
// together, and carries on with the next of them once one is settled.
func (b *Bot) multiFollowUp(t *turn) (bool, error) {
	if len(t.st.Multi) == 0 || t.st.Ask != "" {
		return false, nil
	}
	if ok, err := b.multiNarrowed(t); ok || err != nil {
		return ok, err
	}
	if anyOf(t.res.Text, lexicon.Each) || t.res.Intent.Name == "add_to_cart" && b.Catalog.KeyWords(t.ctx, t.res.Text) == "" {
		if n, _ := quantitySaid(t.res); n > 0 {
			for i := range t.st.Multi {
				t.st.Multi[i].Qty = n
			}
		}
		return true, b.addMulti(t)
	}
	return false, nil
}

// onlyWords say that one thing is wanted and the rest not: "just the pot",
// "alleen de glazen", "只要锅".
var onlyWords = []string{"only", "just", "alleen", "enkel", "slechts", "sahaja", "saja", "cuma", "hanya", "只要", "只", "bare", "kun", "միայն", "miayn"}

// saysOnly reports a message that wants one thing and no other ("just the
// blender", "blender je": Malay "je" only in Malay, where it is no "you").
func saysOnly(t *turn) bool {
	return anyOf(t.res.Text, onlyWords) || t.lang == "ms" && anyOf(t.res.Text, []string{"je"})
}

// multiNarrowed handles, while things asked for together are shown and none
// of them is in the cart yet, a message that takes one of them away ("take
// the bamboo board out", "把勺子套装去掉") or keeps only one ("just the
// pot"): the shopper speaks as if both were in the cart, so what stays is
// added, and what was taken away is not.
func (b *Bot) multiNarrowed(t *turn) (bool, error) {
	if len(t.st.Multi) < 2 || t.st.Ask != "" {
		return false, nil
	}
	text := t.res.Text
	only := saysOnly(t)
	remove := saysRemove(text) || t.res.Intent.Name == "remove_from_cart" && !only // "just the pot", heard as a removal, keeps it
	if !remove && !only {
		return false, nil
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	handles := make([]string, 0, len(t.st.Multi))
	for _, it := range t.st.Multi {
		if p, err := b.Catalog.Product(t.ctx, it.Handle); err == nil && inCart(c, p) {
			return false, nil // in the cart already: a removal takes its line out
		}
		handles = append(handles, it.Handle)
	}
	if remove {
		// "drop the board, just the pot": the clause with the removal
		// names what goes.
		for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(",;.，；。", r) }) {
			if saysRemove(clause) {
				text = clause
				break
			}
		}
	}
	named := ""
	if kw := b.Catalog.KeyWords(t.ctx, text); kw != "" {
		named = bestFit(handles, b.Catalog.Relevance(t.ctx, kw, handles))
	}
	if named == "" {
		named = saidOnce(t.st.Multi, text) // "bambusbrettet" for the one asked as "bambus skjærebrett"
	}
	if named == "" {
		return false, nil
	}
	var keep []multiItem
	for _, it := range t.st.Multi {
		if (it.Handle == named) != remove {
			keep = append(keep, it)
		}
	}
	t.st.Multi = keep
	return true, b.addMulti(t)
}

// saidOnce is the one item whose own words (as the shopper asked for it)
// share a word with text that no other item's words have; "" for none or
// several.
func saidOnce(items []multiItem, text string) string {
	words := saidWords(text)
	found := ""
	for i, it := range items {
		mine := saidWords(it.Said)
		hit := false
		for _, w := range words {
			if !slices.ContainsFunc(mine, func(x string) bool { return sameWord(w, x) }) {
				continue
			}
			shared := false
			for j, other := range items {
				if j != i && slices.ContainsFunc(saidWords(other.Said), func(x string) bool { return sameWord(w, x) }) {
					shared = true
				}
			}
			hit = hit || !shared
		}
		if hit {
			if found != "" {
				return ""
			}
			found = it.Handle
		}
	}
	return found
}

// wantsToAdd reports whether a message asks for things to go in the cart.
func wantsToAdd(res nlu.Result) bool {
	return res.Intent.Name == "add_to_cart" || mentionsStem(res.Text, lexicon.Buy)
}

// namesProduct reports whether catalogue words name a product by its own
// name ("zwarte Aurora 1.7 L", "the Brewline"), not by colour or size
// alone: a word of a title that is no colour, and a product it fits.
func (b *Bot) namesProduct(t *turn, kw string) bool {
	voc := vocab.Default()
	rest := kw
	for _, m := range voc.Match(kw, false) {
		// A colour named after a flavour or scent ("cherry") is still a
		// colour here.
		colour := false
		for _, id := range m.Concepts {
			colour = colour || voc.Concept(id).Facet == vocab.Colour
		}
		colour = colour && tasteOrColour(voc, m.Concepts)
		if colour {
			words := vocab.Words(kw)
			if m.Start >= 0 && m.End <= len(words) {
				rest = strings.Replace(rest, strings.Join(words[m.Start:m.End], " "), "", 1)
			}
		}
	}
	var letters []string
	for _, w := range vocab.Words(rest) {
		if len([]rune(w)) >= 3 && !strings.ContainsAny(w, "0123456789") {
			letters = append(letters, w)
		}
	}
	if len(letters) == 0 {
		return false
	}
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: strings.Join(letters, " "), Limit: 1})
	if err != nil || len(res.Products) == 0 {
		return false
	}
	title := " " + strings.Join(fold.Words(res.Products[0].Title), " ") + " "
	for _, w := range letters {
		if strings.Contains(title, " "+w+" ") {
			return true
		}
	}
	return false
}

// useListed reports a part that ends in a use ("… for yoga"): a purpose
// word and one bare word after it, so that one bare word after "and"
// ("… and pilates") is one more use, not a second product.
func useListed(text string) bool {
	words := fold.Words(text)
	n := len(words)
	return n >= 2 && slices.Contains(choosingWords.Purpose, words[n-2])
}

// namesKindText reports whether text names a kind of product the shop sells.
func (b *Bot) namesKindText(t *turn, text string) bool {
	kw := b.Catalog.KeyWords(t.ctx, text)
	return kw != "" && b.Catalog.NamesKind(t.ctx, kw)
}

// joinInTitle reports an "and" word that stands between two words of one
// product's title ("Wash & Wax Car Shampoo", "Salt and Pepper Mill"): the
// words around it name one product, not two requests.
func (b *Bot) joinInTitle(t *turn, before, after, join string) bool {
	bw, aw := fold.Words(before), fold.Words(after)
	if len(bw) == 0 || len(aw) == 0 {
		return false
	}
	left, right := bw[len(bw)-1], aw[0]
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: left + " " + right, Limit: 5})
	if err != nil {
		return false
	}
	jw := fold.Words(join)
	for _, p := range res.Products {
		tw := fold.Words(p.Title)
		for i := range tw {
			// the title's words left, [join,] right in a row
			if tw[i] != left {
				continue
			}
			k := i + 1
			if len(jw) > 0 && k+len(jw) <= len(tw) && slices.Equal(tw[k:k+len(jw)], jw) {
				k += len(jw)
			}
			if k < len(tw) && tw[k] == right {
				return true
			}
		}
	}
	return false
}

// fitsPart is the product for one part of a request for several: of the
// hits that fit the part's words as well as the first, the first that has
// the colour or size said in that part ("the blue mitt": a mitt that comes
// in blue, not the best-ranked mitten that does not).
func (b *Bot) fitsPart(t *turn, kw string, part itemPart, hits []catalog.Product) catalog.Product {
	want, _ := partWants(t, part)
	if len(want) == 0 || len(hits) < 2 {
		return hits[0]
	}
	handles := make([]string, len(hits))
	for i, p := range hits {
		handles[i] = p.Handle
	}
	fits := b.Catalog.Relevance(t.ctx, kw, handles)
	top := fits[hits[0].Handle]
	bar := top.Kind
	if fit := fitOptions(&hits[0], want); len(fit) < len(want) || len(catalog.MatchingVariants(hits[0], catalog.Query{Options: fit})) == 0 {
		// The first hit does not come in that colour at all: a close kind
		// that does ("mitt": the wash mitt in blue, not the mitten in red
		// and black) is the likelier meaning.
		bar = min(bar, 1)
	}
	for _, inStock := range []bool{true, false} {
		// One in stock in that colour first: a sold-out one only when no
		// hit has it on the shelf.
		for _, p := range hits {
			fit := fitOptions(&p, want)
			if f := fits[p.Handle]; f.Kind >= bar && f.Matched > 0 && len(fit) == len(want) && len(catalog.MatchingVariants(p, catalog.Query{Options: fit, InStock: inStock})) > 0 {
				return p
			}
		}
	}
	return hits[0]
}

// partWants is what one part of a request for several says of its product:
// the size and colour wanted, and a count (0 when none was said).
// unitAfter reports a unit of measure right after code point end of text:
// the number before it ("a 5 litre stockpot") is a size, not a count.
func unitAfter(text string, end int) bool {
	rs := []rune(text)
	if end < 0 || end > len(rs) {
		return false
	}
	ws := fold.Words(string(rs[end:]))
	if len(ws) == 0 {
		return false
	}
	_, ok := units[ws[0]]
	return ok
}

func partWants(t *turn, part itemPart) (map[string]string, int) {
	want := map[string]string{}
	qty := 0
	for _, e := range t.res.Entities {
		if e.End <= part.start || e.Start >= part.end {
			continue
		}
		switch e.Entity {
		case "size":
			want["Size"] = valueString(e.Value)
		case "color":
			want["Color"] = valueString(e.Value)
		case "quantity":
			if !inRangeOrRuledOut(t.res.Text, e.Start) && !measureQuantity(t.res.Text, e) { // "Harbor C-5" names a model, "5 litre" a size: they count nothing
				qty, _ = strconv.Atoi(valueString(e.Value))
			}
		}
	}
	return want, qty
}

// cartEmpty reports a cart with no lines: nothing in it can be removed.
func (b *Bot) cartEmpty(t *turn) bool {
	c, err := b.cartOf(t)
	return err == nil && len(c.Items) == 0
}
