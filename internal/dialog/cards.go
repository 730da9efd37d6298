package dialog

import (
	"html"
	"maps"
	"regexp"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/memo"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Cards that lead somewhere: every product card carries its own buttons
// ("Details", "Add to cart" or "Choose size"), the labels a channel shows
// around the catalogue's words in the shopper's language, and a payload on
// each variant in stock so a size or colour chip selects it. Sold-out
// combinations carry no payload: they are shown, never offered.

// cardPayload handles the buttons of a card: "details:<handle>",
// "pick:<handle>" (the variant picker) and "variant:<sku>" (a chip). It
// reports whether the payload was one of them.
func (b *Bot) cardPayload(t *turn, kind, arg string) (bool, error) {
	switch kind {
	case "details":
		p, err := b.Catalog.Product(t.ctx, arg)
		if err != nil {
			return false, nil
		}
		return true, b.details(t, p)
	case "pick":
		p, err := b.Catalog.Product(t.ctx, arg)
		if err != nil {
			return false, nil
		}
		t.st.Focus, t.st.Want, t.st.Shown = p.Handle, map[string]string{}, []string{p.Handle}
		if !p.InStock() {
			return true, b.tellAvailability(t, p, nil)
		}
		t.st.After = "add_to_cart"
		return true, b.continueAdd(t, p)
	case "coupon": // the cart's "Enter a discount code"
		b.say(t, "coupon.ask")
		t.st.Ask = "coupon"
		return true, nil
	case "variant":
		v, err := b.Catalog.Variant(t.ctx, arg)
		if err != nil {
			return false, nil
		}
		p, err := b.Catalog.ProductByID(t.ctx, v.ProductID)
		if err != nil {
			return false, nil
		}
		want := map[string]string{}
		for k, val := range v.Options {
			want[k] = val
		}
		return true, b.tellAvailability(t, p, want)
	}
	return false, nil
}

// details answers a card's "Details": the description, materials, fit and
// care from the catalogue (in the shop's language, as written), under
// labels in the shopper's.
func (b *Bot) details(t *turn, p *catalog.Product) error {
	t.st.Focus, t.st.Shown = p.Handle, []string{p.Handle}
	body := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(p.BodyHTML, " ")))
	parts := map[string][]string{}
	for _, s := range sentenceRE.FindAllString(body, -1) {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		aspect := "description"
		for _, a := range []string{"care", "fit", "material"} { // "one size down" is fit, not down feathers
			if mentions(s, aspectWords[a]) {
				aspect = a
				break
			}
		}
		parts[aspect] = append(parts[aspect], s)
	}
	lines := []string{b.Messages.T(t.lang, "cards.details.title", "item", p.Title)}
	for _, a := range []string{"description", "material", "fit", "care"} {
		if len(parts[a]) > 0 {
			lines = append(lines, b.Messages.T(t.lang, "cards.details."+a, "text", strings.Join(parts[a], " ")))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, b.Messages.T(t.lang, "cards.details.none"))
	}
	lines = append(lines, b.Messages.T(t.lang, "cards.details.price", "price", b.priceText(t.lang, p.MinPrice())))
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: strings.Join(lines, "\n")})
	cards := b.cards(t, []catalog.Product{*p})
	cards.Reason = "availability"
	cards.Options = b.addOptions(t, p, nil)
	if len(cards.Options) == 0 && p.InStock() {
		// Channels without card buttons (WhatsApp, SMS) get the picker as
		// a quick reply.
		cards.Options = append(cards.Options, b.option(t, "cards.option.choose", "pick:"+p.Handle))
	}
	return nil
}

// detailsPhrases ask for a product's details in the six languages, as the
// widget's "Details" button words it and as shoppers do.
var detailsPhrases = []string{
	"tell me more", "more about", "details of", "details about", "more info",
	"vertel me meer", "meer over", "meer informatie", "details van",
	"lebih lanjut", "maklumat lanjut", "butiran",
	"介绍一下", "详细介绍", "详情", "多介绍",
	"fortell meg mer", "mer om", "mer informasjon", "detaljer om",
	"պատմեք ավելին", "ավելին", "մանրամասներ",
}

// cartOptions are the cart's buttons: check out, keep shopping, enter a
// discount code, and for each of the first lines one more or remove it, so
// the cart can be changed without typing.
func (b *Bot) cartOptions(t *turn, c *cart.Cart) []conversation.Option {
	opts := []conversation.Option{b.option(t, "option.checkout", "checkout"), b.option(t, "option.keep_shopping", "keep_shopping"),
		b.option(t, "cards.option.coupon", "coupon")}
	for i, it := range c.Items {
		if i == 3 {
			break
		}
		opts = append(opts, b.option(t, "cards.option.one_more", "addone:"+it.SKU, "item", it.Title),
			b.option(t, "cards.option.remove", "remove:"+it.SKU, "item", it.Title))
	}
	return opts
}

// askedForDetails reads the widget's "Details" button sent as text ("Tell me
// more about Aurora Trail Runner") and its like: a phrase of the lexicon and
// the title of a product the shopper has seen or named.
func (b *Bot) askedForDetails(t *turn) (bool, error) {
	text := t.res.Text
	if text == "" || !anyOf(text, detailsPhrases) {
		return false, nil
	}
	f := fold.String(text)
	for _, h := range t.st.Shown {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil && strings.Contains(f, fold.String(p.Title)) {
			return true, b.details(t, p)
		}
	}
	if p, ok := b.productNamed(t); ok && strings.Contains(f, fold.String(p.Title)) {
		return true, b.details(t, p)
	}
	// A product the turn's cards never listed as shown (a cross-sell, a
	// bundle) named by its whole title: the longest title the words hold.
	res, err := b.Catalog.Search(t.ctx, catalog.Query{Text: text, Limit: 10})
	if err != nil {
		return false, err
	}
	var best *catalog.Product
	for i := range res.Products {
		p := &res.Products[i]
		if title := fold.String(p.Title); title != "" && strings.Contains(f, title) && (best == nil || len(title) > len(fold.String(best.Title))) {
			best = p
		}
	}
	if best != nil {
		return true, b.details(t, best)
	}
	return false, nil
}

func (b *Bot) priceText(lang string, m money.Money) string {
	if m.Amount == 0 {
		return b.Messages.T(lang, "cards.free")
	}
	return i18n.Money(lang, m)
}

// dress gives every card of the turn its buttons and its labels in the
// shopper's language. It runs once at the end of a turn, so cards made by
// any skill (search, availability, similar, cross-sell) are dressed alike.
func (b *Bot) dress(t *turn) {
	for i := range t.out {
		t.out[i].Text = collapseRanges(t.out[i].Text)
		for j := range t.out[i].Options {
			o := &t.out[i].Options[j]
			o.Title = collapseRanges(o.Title)
			if name, val, ok := strings.Cut(strings.TrimPrefix(o.Payload, "opt:"), "="); ok && strings.HasPrefix(o.Payload, "opt:") && o.Title == val {
				o.Title = optionDisplay(t.lang, name, val) // a colour chip in the shopper's words
			}
		}
		if t.out[i].Type != conversation.TypeProducts {
			continue
		}
		for j := range t.out[i].Items {
			b.DressItem(t.lang, &t.out[i].Items[j])
		}
		if m := &t.out[i]; len(m.Items) == 1 && len(m.Options) == 0 && len(m.Items[0].Options) > 1 {
			// One product shown and nothing offered (a stock answer about
			// the product as a whole): channels without card buttons get
			// its "Add to cart" or "Choose size/colour" as a quick reply.
			m.Options = append(m.Options, m.Items[0].Options[1])
		}
	}
}

// dayRange is a range of two delivery days as i18n.Day writes them ("Tue
// 8/12 – Wed 9/12", "12月8日 周二 – 12月9日 周三").
var dayRange = regexp.MustCompile(`(\p{L}+ \d{1,2}/\d{1,2}|\d{1,2}月\d{1,2}日 \p{Han}{2}) – (\p{L}+ \d{1,2}/\d{1,2}|\d{1,2}月\d{1,2}日 \p{Han}{2})`)

// collapseRanges writes a range from a day to the same day as that one day:
// "Tue 8/12", never "Tue 8/12 – Tue 8/12".
func collapseRanges(s string) string {
	if !strings.Contains(s, " – ") {
		return s
	}
	return dayRange.ReplaceAllStringFunc(s, func(r string) string {
		from, to, _ := strings.Cut(r, " – ")
		if from == to {
			return from
		}
		return r
	})
}

// DressItem adds to a card what a channel needs to show it in lang: its
// buttons, option names and colour values translated, the price as text
// ("Free" for nothing), and a payload on each variant in stock.
func (b *Bot) DressItem(lang string, it *conversation.Item) {
	it.PriceText = b.priceText(lang, it.Price)
	it.OptionLabels = map[string]string{}
	// The variants in stock are counted, not copied (issue #17).
	inStock, firstInStock := 0, ""
	for k := range it.Variants {
		v := &it.Variants[k]
		for name := range v.Options {
			if _, ok := it.OptionLabels[name]; !ok {
				it.OptionLabels[name] = b.optionLabel(lang, name)
			}
		}
		v.Display = displayOf(lang, v.SKU, v.Options)
		v.Payload = ""
		if v.InStock {
			v.Payload = variantPayloads.Get(v.SKU, func() string { return "variant:" + v.SKU })
			if inStock == 0 {
				firstInStock = v.SKU
			}
			inStock++
		}
	}
	// Two buttons at most, the list made once; the payloads of a card are
	// the same on every turn that shows it (issue #17).
	pay := cardPayloads.Get(it.Handle, func() [2]string { return [2]string{"details:" + it.Handle, "pick:" + it.Handle} })
	it.Options = make([]conversation.Option, 1, 2)
	it.Options[0] = conversation.Option{Title: b.Messages.T(lang, "cards.option.details"), Payload: pay[0]}
	switch {
	case inStock == 1:
		it.Options = append(it.Options, conversation.Option{Title: b.Messages.T(lang, "option.add_to_cart"), Payload: "add:" + firstInStock})
	case inStock > 1:
		it.Options = append(it.Options, conversation.Option{Title: b.Messages.T(lang, "cards.option.choose"), Payload: pay[1]})
	}
}

// The payloads of cards and chips, remembered per handle and SKU: a
// turn's cards made a string for every variant in stock (issue #17).
var (
	variantPayloads memo.Map[string]
	cardPayloads    memo.Map[[2]string]
)

// displayOf is a variant's option values as a shopper of lang reads them
// (optionDisplay of each). A map per variant of every card was a tenth of
// a chat turn's allocations (issue #17), so: when nothing is translated
// (English, sizes, words the vocabulary does not know) it is opts itself,
// and otherwise the map made for the same SKU and the same values in the
// same language before. Either way the map may be shared (the catalogue's
// own, or another card's): nothing writes into a card's Display, DressItem
// gives it a new one.
func displayOf(lang, sku string, opts conversation.Values) conversation.Values {
	same := true
	for name, val := range opts {
		if optionDisplay(lang, name, val) != val {
			same = false
			break
		}
	}
	if same {
		return opts
	}
	k := variantDisplayKey{lang, sku}
	variantDisplays.mu.RLock()
	e, ok := variantDisplays.m[k]
	variantDisplays.mu.RUnlock()
	if ok && maps.Equal(e.opts, opts) {
		// The display is a function of the language and the values alone:
		// values checked equal, it is that one whatever the SKU is now.
		return e.display
	}
	d := make(conversation.Values, len(opts))
	for name, val := range opts {
		d[name] = optionDisplay(lang, name, val)
	}
	variantDisplays.mu.Lock()
	if variantDisplays.m == nil || len(variantDisplays.m) >= maxDisplays {
		variantDisplays.m = make(map[variantDisplayKey]variantDisplay, 256)
	}
	variantDisplays.m[k] = variantDisplay{opts: maps.Clone(opts), display: d}
	variantDisplays.mu.Unlock()
	return d
}

// variantDisplays are displayOf's translated maps, bounded as displays is.
var variantDisplays struct {
	mu sync.RWMutex
	m  map[variantDisplayKey]variantDisplay
}

type variantDisplayKey struct{ lang, sku string }

// variantDisplay is a variant's values (a copy: what they were when the
// display was made) and their display.
type variantDisplay struct{ opts, display conversation.Values }

// optionLabel is an option's name in lang: "Size" is "Maat" in Dutch.
// Names the catalogue has no word for stay as the shop wrote them.
func (b *Bot) optionLabel(lang, name string) string {
	switch canonicalField(name) {
	case "size":
		return b.Messages.T(lang, "cards.label.size")
	case "color":
		return b.Messages.T(lang, "cards.label.color")
	}
	return name
}

// optionDisplay is a value as a shopper of lang reads it: a colour the
// vocabulary knows is named in lang ("Black" is "zwart"); sizes and values
// it does not know stay as the shop wrote them.
func optionDisplay(lang, name, val string) string {
	if lang == "en" {
		return val
	}
	// A pure function of its arguments and the shipped vocabulary, asked
	// for every variant of every card: remembered (issue #17).
	k := displayKey{lang, name, val}
	displays.mu.RLock()
	d, ok := displays.m[k]
	displays.mu.RUnlock()
	if ok {
		return d
	}
	d = colourDisplay(lang, name, val)
	displays.mu.Lock()
	if displays.m == nil || len(displays.m) >= maxDisplays {
		displays.m = make(map[displayKey]string, 256)
	}
	displays.m[k] = d
	displays.mu.Unlock()
	return d
}

type displayKey struct{ lang, name, val string }

// displays is optionDisplay's memory, started again empty when full.
var displays struct {
	mu sync.RWMutex
	m  map[displayKey]string
}

const maxDisplays = 16384

// colourDisplay is optionDisplay, computed.
func colourDisplay(lang, name, val string) string {
	if canonicalField(name) != "color" {
		return val
	}
	voc := vocab.Default()
	ms := voc.Match(val, false)
	if len(ms) != 1 {
		return val
	}
	// A colour named after a flavour or scent ("Cherry", "Lavender") also
	// reads as that; on a colour option it is the colour.
	var colours []vocab.ID
	for _, id := range ms[0].Concepts {
		if voc.Concept(id).Facet == vocab.Colour {
			colours = append(colours, id)
		}
	}
	if len(colours) != 1 || !tasteOrColour(voc, ms[0].Concepts) {
		return val
	}
	c := voc.Concept(colours[0])
	if len(c.Terms[lang]) == 0 {
		return val
	}
	return c.Terms[lang][0]
}

// tasteOrColour reports whether the concepts a word names are colours and
// features only: a colour named after a flavour or scent, not a colour word
// that is also a kind of product or a material.
func tasteOrColour(voc *vocab.Vocabulary, ids []vocab.ID) bool {
	for _, id := range ids {
		if f := voc.Concept(id).Facet; f != vocab.Colour && f != vocab.Feature {
			return false
		}
	}
	return true
}
