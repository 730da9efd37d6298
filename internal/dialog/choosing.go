package dialog

import (
	_ "embed"
	"encoding/json"
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
)

// This file reads which of the products on screen a shopper describes in
// their own words ("the one that doesn't flip inside out in the wind", "not
// the one with separate toes", "the bigger one"), beyond the catalogue words
// pickShown already weighs: plain words of each product's own text, with
// their negations, and size compared between products of one kind.

//go:embed choosing.json
var choosingJSON []byte

// choosingWords are the words choosing listens for, in the six languages.
var choosingWords struct {
	WhyPrice        []string `json:"why_price"`
	Without         []string `json:"without"`
	WithoutCJK      []string `json:"without_cjk"`
	WithoutPrefixHy []string `json:"without_prefix_hy"`
	Bigger          []string `json:"bigger"`
	Smaller         []string `json:"smaller"`
	BiggerMarks     []string `json:"bigger_marks"`
	SmallerMarks    []string `json:"smaller_marks"`
	OfTwo           []string `json:"of_two"`
	Two             []string `json:"two"`
	Purpose         []string `json:"purpose"`
}

func init() {
	if err := json.Unmarshal(choosingJSON, &choosingWords); err != nil {
		panic("dialog choosing words: " + err.Error()) // embedded data: a bug, caught by every test
	}
}

// chatWords are words of a chat sentence long enough to pass the length
// rule that say nothing about a product; product texts are mostly in the
// shop's language, English here, so these are the ones that could meet one.
var chatWords = map[string]bool{
	"with": true, "that": true, "this": true, "these": true, "those": true, "have": true, "want": true, "like": true,
	"need": true, "take": true, "please": true, "would": true, "which": true, "there": true, "they": true, "them": true,
	"from": true, "what": true, "where": true, "when": true, "some": true, "just": true, "also": true, "only": true,
	"then": true, "than": true, "your": true, "mine": true, "look": true, "same": true, "thing": true, "ones": true,
	"about": true, "will": true, "it's": true, "i'll": true, "i'd": true, "could": true, "should": true, "really": true,
	"think": true, "prefer": true, "rather": true, "instead": true, "other": true, "because": true, "always": true,
	"there's": true, "doesn": true, "isn": true, "aren": true, "don": true, "won": true, "didn": true, "does": true,
	"much": true, "very": true, "more": true, "less": true, "both": true, "into": true, "over": true, "here": true,
	"the": true, "and": true, "for": true, "one": true, "buy": true, "get": true, "give": true, "going": true,
}

// textTerm is one word of a text and whether a negation governs it ("won't
// flip", "without a hood", "anti-fog").
type textTerm struct {
	w   string
	neg bool
}

// clauseRE parts a text into clauses: a negation reaches no further.
var clauseRE = regexp.MustCompile(`[^,;.!?，。；！？:\n]+`)

// negatedTerms reads text into its words with their polarity. A negation
// word governs the next three words of its clause; a clause that starts
// with one is ruled out whole ("not the padded one"); Armenian negates the
// verb with a prefix ("առանձին չեն": the word before is negated); Chinese
// negates the characters that follow.
func negatedTerms(text string) []textTerm {
	var out []textTerm
	for _, clause := range clauseRE.FindAllString(text, -1) {
		words := fold.Words(clause)
		whole := len(words) > 0 && (isNegator(words[0]) || slicesContains(lexicon.Negation, words[0]))
		left := 0
		for i, w := range words {
			neg := whole || left > 0
			if left > 0 {
				left--
			}
			switch {
			case isNegator(w):
				left = 3
				continue
			case hyNegated(w):
				if i > 0 && len(out) > 0 {
					out[len(out)-1].neg = true
				}
				continue
			}
			out = append(out, textTerm{w: w, neg: neg})
		}
	}
	return out
}

// isNegator reports a word that negates what follows.
func isNegator(w string) bool {
	if w == "t" || w == "anti" || w == "non" || w == "cannot" {
		return true // "won't", "doesn't" fold to "won" "t"
	}
	for _, n := range choosingWords.Without {
		if w == n {
			return true
		}
	}
	for _, n := range choosingWords.WithoutCJK {
		if w == n {
			return true
		}
	}
	return false
}

// hyNegated reports an Armenian negated verb ("չեն", "չի"), which follows
// the word it negates.
func hyNegated(w string) bool {
	for _, p := range choosingWords.WithoutPrefixHy {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w) <= 4 {
			return true
		}
	}
	return false
}

func slicesContains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// telling reports a message word worth matching against product texts:
// long enough to mean something (a Chinese character pair is), not a word
// every chat sentence has.
func telling(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if fold.IsCJK(r) {
		return utf8.RuneCountInString(w) >= 2
	}
	if unicode.IsDigit(r) {
		return false // numbers are weighed by pickShown against titles
	}
	return utf8.RuneCountInString(w) >= 4 && !chatWords[w]
}

// productText is what a product says of itself: title, description, type
// and tags (its sizes and colours are weighed as options by pickShown).
func productText(p *catalog.Product) string {
	return strings.Join([]string{p.Title, catalog.PlainText(p.BodyHTML), p.Type, strings.Join(p.Tags, ", ")}, ". ")
}

// termsWithPolarity makes the stemmed terms of a text, with Chinese pairs;
// with onlyTelling, only of the words that tell something (a shopper's).
func termsWithPolarity(ts []textTerm, onlyTelling bool) []textTerm {
	var out []textTerm
	for i, t := range ts {
		r, _ := utf8.DecodeRuneInString(t.w)
		if fold.IsCJK(r) {
			if i+1 < len(ts) {
				if r2, _ := utf8.DecodeRuneInString(ts[i+1].w); fold.IsCJK(r2) {
					out = append(out, textTerm{t.w + ts[i+1].w, t.neg})
				}
			}
			continue
		}
		if onlyTelling && !telling(t.w) {
			continue // judged as typed: "pads" tells, though its stem "pad" is short
		}
		for _, s := range catalog.Terms(t.w) {
			out = append(out, textTerm{s, t.neg})
		}
	}
	return out
}

// sameTerm matches a message term against a product term: equal, one the
// start of the other ("wind" in "windproof", "compartments"), or one stem
// with other endings ("cushioned", "cushioning").
func sameTerm(msg, prod string) bool {
	if msg == prod {
		return true
	}
	if utf8.RuneCountInString(msg) >= 4 && strings.HasPrefix(prod, msg) {
		return true
	}
	if utf8.RuneCountInString(prod) >= 5 && strings.HasPrefix(msg, prod) {
		return true
	}
	n := commonRunes(msg, prod) // without converting both to runes for every pair (issue #17)
	return n >= 6 && n >= min(utf8.RuneCountInString(msg), utf8.RuneCountInString(prod))-3
}

// commonRunes is the length in runes of the longest common prefix of a and
// b, as []rune(a) and []rune(b) would compare.
func commonRunes(a, b string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		ra, sa := utf8.DecodeRuneInString(a[i:])
		rb, sb := utf8.DecodeRuneInString(b[j:])
		if ra != rb {
			break
		}
		i, j, n = i+sa, j+sb, n+1
	}
	return n
}

// describedShown scores how well the words of text describe each of the
// products, in their own texts: a word said counts for a product whose text
// has it with the same polarity and against one that has it the other way
// ("doesn't flip" meets "won't flip"; "not the one with separate toes"
// counts against the socks with separate toes). Only words that tell the
// products apart count.
func describedShown(text string, ps []*catalog.Product) []int {
	scores := make([]int, len(ps))
	if len(ps) < 2 {
		return scores
	}
	said := termsWithPolarity(negatedTerms(text), true)
	prods := make([][]textTerm, len(ps))
	for i, p := range ps {
		prods[i] = productTerms(p) // remembered (memo.go)
	}
	seen := map[textTerm]bool{}
	for _, m := range said {
		if seen[m] {
			continue
		}
		seen[m] = true
		// has: 0 the product lacks the word, 1 has it as said, -1 has it
		// the other way only.
		has := make([]int, len(ps))
		for i := range ps {
			for _, pt := range prods[i] {
				if !sameTerm(m.w, pt.w) {
					continue
				}
				if pt.neg == m.neg {
					has[i] = 1
					break
				}
				has[i] = -1
			}
		}
		differs := false
		for i := range has {
			differs = differs || has[i] != has[0]
		}
		if !differs {
			continue
		}
		for i, h := range has {
			switch {
			case h == 1:
				scores[i]++
			case h == -1 || h == 0 && m.neg:
				// "without the hood": the one without it is the one. A
				// word said plainly and missing from a product is no
				// evidence against it (a description leaves things out).
				if h == -1 {
					scores[i]--
				}
			}
		}
	}
	return scores
}

// sizeRE finds a measure in a title: "28 L", "6 mm", "1.5L", "20,000 mAh".
var sizeRE = regexp.MustCompile(`(\d+(?:[.,]\d+)*)\s*([a-zA-Z"]*)`)

// sizeSaid reports whether the shopper asks for the bigger (+1) or the
// smaller (-1) of products, or neither (0).
func sizeSaid(text string) int {
	switch {
	case anyOf(text, choosingWords.Bigger):
		return 1
	case anyOf(text, choosingWords.Smaller):
		return -1
	}
	return 0
}

// bySize picks, among products of one kind, the biggest (dir 1) or the
// smallest (dir -1): by the measure their titles carry in one unit ("20 L"
// against "28 L"), else by the one title with a mark of size ("XL",
// "Mini") the others lack. It returns the index, or -1.
func bySize(ps []*catalog.Product, dir int) int {
	if dir == 0 || len(ps) < 2 {
		return -1
	}
	best, bestV, unit, count := -1, 0.0, "", 0
	for i, p := range ps {
		m := sizeRE.FindStringSubmatch(p.Title)
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(m[1], ",", ""), " ", ""), 64)
		if err != nil {
			continue
		}
		u := strings.ToLower(m[2])
		if count > 0 && u != unit {
			return -1 // measures of different things: no order
		}
		unit = u
		count++
		if best < 0 || float64(dir)*v > float64(dir)*bestV {
			best, bestV = i, v
		} else if v == bestV {
			best = -2 // a tie at the top: no one biggest
		}
	}
	if count == len(ps) && best >= 0 {
		return best
	}
	marks, against := choosingWords.BiggerMarks, choosingWords.SmallerMarks
	if dir < 0 {
		marks, against = against, marks
	}
	if i := markedOnly(ps, marks, true); i >= 0 {
		return i // the one "XL" for the bigger, the one "Mini" for the smaller
	}
	return markedOnly(ps, against, false) // the one without "XL" for the normal size
}

// markedOnly is the one product whose title has (with true) or lacks (with
// false) a mark of size, when all the others are the other way; or -1.
func markedOnly(ps []*catalog.Product, marks []string, with bool) int {
	found := -1
	for i, p := range ps {
		has := false
		for _, w := range fold.Words(p.Title) {
			has = has || slicesContains(marks, w)
		}
		if has == with {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// comparingShown reads a question that weighs the products on screen
// against each other ("what's the difference between these two?", "why is
// one more expensive?") and returns the ones it is about: those its
// catalogue words fit when it names some ("aurora 1.7 vs 1.2"), the first
// two when it says "these two", else all. nil when it is no such question,
// or names products that are not on screen.
func (b *Bot) comparingShown(t *turn) []string {
	if len(t.st.Shown) < 2 || t.st.Ask != "" {
		return nil
	}
	if !anyOf(t.res.Text, lexicon.Compare) && !anyOf(t.res.Text, choosingWords.WhyPrice) {
		return nil
	}
	for _, kind := range []string{"order_number", "email", "phone", "coupon"} {
		if _, ok := t.res.First(kind); ok {
			return nil
		}
	}
	if anyOf(t.res.Text, lexicon.OrderWords) {
		return nil
	}
	about := t.st.Shown
	if kw := longWords(b.Catalog.KeyWords(t.ctx, t.res.Text)); kw != "" {
		fits := b.Catalog.Relevance(t.ctx, kw, t.st.Shown)
		var named []string
		for _, h := range t.st.Shown {
			if fits[h].Matched > 0 {
				named = append(named, h)
			}
		}
		if len(named) < 2 {
			return nil // about products not on screen: a question for the search
		}
		about = named
	}
	if len(about) > 2 && anyOf(t.res.Text, choosingWords.Two) {
		about = about[:2]
	}
	return about
}

// firstSentence is the first sentence of a description, a decimal point
// ("1.7 litres") no end of it.
var firstSentenceRE = regexp.MustCompile(`^.*?([.!?](\s|$)|[。！？])`)

func firstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if m := firstSentenceRE.FindString(text); m != "" {
		return strings.TrimSpace(m)
	}
	return text
}

// differences answers a comparison of products on screen: each one's
// price and the first sentence of its own description, then the same
// products to pick from.
func (b *Bot) differences(t *turn, handles []string) error {
	var ps []catalog.Product
	var lines []string
	for _, h := range handles {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil {
			continue
		}
		ps = append(ps, *p)
		first := firstSentence(catalog.PlainText(p.BodyHTML))
		lines = append(lines, b.Messages.T(t.lang, "choose.difference_line", "item", p.Title, "price", b.money(t, p.MinPrice()), "details", first))
	}
	if len(ps) < 2 {
		return b.discover(t)
	}
	b.say(t, "choose.differences", "lines", strings.Join(lines, "\n"))
	m := b.show(t, ps)
	for _, p := range ps {
		m.Options = append(m.Options, conversation.Option{Title: p.Title, Payload: "focus:" + p.Handle})
	}
	t.st.Ask, t.st.After = "product", "add_to_cart"
	return nil
}

// longWords drops the one- and two-letter Latin words of a text: "in" or
// "3-in-1" of a title are no evidence of which product a shopper means
// (sizes and numbers are weighed as options and measures).
func longWords(text string) string {
	var kept []string
	for _, w := range strings.Fields(text) {
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) <= 2 && unicode.IsLetter(r) && !fold.IsCJK(r) {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// optionKey names an option the same whatever the product calls it.
func optionKey(name string) string {
	if c := canonicalField(name); c != "" {
		return c
	}
	return fold.String(name)
}

// variantAsked answers "what about black?", "yang hitam?" — a short
// question that names only a size or colour of the product in focus, read
// by the NLU as a wish for recommendations: the product's stock in that
// variant, not a search for "black" across the shop.
func (b *Bot) variantAsked(t *turn) (bool, error) {
	if t.st.Focus == "" || t.st.Ask != "" || !shortMessage(t.res.Text, 5) {
		return false, nil
	}
	for _, kind := range []string{"product", "brand", "order_number", "email", "money"} {
		if _, ok := t.res.First(kind); ok {
			return false, nil
		}
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false, nil
	}
	if kw := b.Catalog.KeyWords(t.ctx, t.res.Text); kw != "" && b.Catalog.NamesKind(t.ctx, kw) {
		if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Kind < 2 {
			return false, nil // another kind of product
		}
	}
	said := fitOptions(p, statedValues(p, t.res))
	if len(said) == 0 {
		return false, nil
	}
	want := map[string]string{}
	for k, v := range t.st.Want {
		want[k] = v
	}
	for k, v := range said {
		want[k] = v
	}
	return true, b.tellAvailability(t, p, want)
}

// choiceAmongShown reads a message that picks one of the products on
// screen by what it is like ("I'll take the one that doesn't flip inside
// out in the wind", "the bigger one, not the smooth one") as that choice,
// whatever the NLU guessed (a removal with an empty cart, feedback, a
// search): its stock, or into the cart when the words say so. Only the
// products' own words or their sizes decide here; catalogue words alone are
// read by the skills as before.
func (b *Bot) choiceAmongShown(t *turn) (bool, error) {
	if len(t.st.Shown) < 2 || t.st.Ask != "" {
		return false, nil
	}
	for _, kind := range []string{"order_number", "email", "phone", "coupon", "product"} {
		if _, ok := t.res.First(kind); ok {
			return false, nil
		}
	}
	switch t.res.Intent.Name {
	case "remove_from_cart":
		if c, err := b.cartOf(t); err != nil || len(c.Items) > 0 || saysRemove(t.res.Text) {
			return false, nil // "take the brush pens out" picks nothing (cart.go)
		}
	case "checkout", "view_cart", "order_status", "cancel_order", "return_item", "exchange_item", "refund_status",
		"human_agent", "store_locator", "shipping_info", "payment_methods", "store_policy", "invoice", "unsubscribe":
		if t.res.Intent.Confidence >= unsure {
			return false, nil
		}
	}
	var ps []*catalog.Product
	for _, h := range t.st.Shown {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil {
			ps = append(ps, p)
		}
	}
	evidence := map[string]bool{}
	desc := describedShown(t.res.Text, ps)
	for i, p := range ps {
		if desc[i] > 0 {
			evidence[p.Handle] = true
		}
	}
	if i := bySize(ps, sizeSaid(t.res.Text)); i >= 0 {
		evidence[ps[i].Handle] = true
	}
	if len(evidence) == 0 {
		return false, nil
	}
	p, _ := b.pickShown(t, wanted(t.res))
	if p == nil || !evidence[p.Handle] {
		return false, nil
	}
	t.st.Focus = p.Handle
	want := t.merged(p)
	if t.res.Intent.Name == "add_to_cart" || mentionsStem(t.res.Text, lexicon.Buy) {
		if n, more := quantitySaid(t.res); n > 0 {
			t.st.Qty, t.st.More = n, more
		}
		t.st.Want = fitOptions(p, want)
		return true, b.continueAdd(t, p)
	}
	return true, b.tellAvailability(t, p, want)
}

// optionInWords reads an answer to "which size?" that names none of the
// values exactly: a value typed inside a sentence ("m/l please"), a size
// word met by the one value that holds it ("large" of S/M and M/L is M/L),
// or "the bigger one" / "the smallest" among the sizes offered. "" when it
// is none of these; ambiguous when a size word fits several ("medium" of
// S/M and M/L).
// measureSaid finds a number with the unit or letters written after it.
var measureSaid = regexp.MustCompile(`\d+(?:[.,]\d+)?\s*(?:毫米|厘米|公分|毫升|公升|公斤|千克|英寸|公尺|米|克|升|瓦|寸|[\p{Latin}\p{Armenian}\p{Cyrillic}]+)`)

func optionInWords(p *catalog.Product, name, text string, vals []string) (val string, ambiguous bool) {
	for _, tok := range strings.Fields(text) {
		tok = strings.Trim(tok, ".,!?;:()\"'")
		for _, v := range vals {
			if tok != "" && normValue(tok) == normValue(v) {
				return v, false
			}
		}
	}
	// A measure inside a longer answer: "the 6 metre one", "6 մ-անոցը",
	// "要5毫米的", "那5B呢": one value of that number and unit.
	for _, m := range measureSaid.FindAllString(text, -1) {
		var hit []string
		for _, v := range vals {
			if normValue(m) == normValue(v) {
				hit = append(hit, v)
			}
		}
		if len(hit) == 1 {
			return hit[0], false
		}
	}
	if canonicalField(name) != "size" || len(vals) == 0 {
		return "", false
	}
	// A size word or letter of the answer, against the parts of values
	// like "S/M" or "L-XL".
	var letters []string
	// Phrases of several words or Chinese characters first, the longest
	// first: "extra large" before "large", "加大号" before "大号".
	var phrases []string
	for phrase := range lexicon.SizeWords {
		r, _ := utf8.DecodeRuneInString(phrase)
		if (strings.Contains(phrase, " ") || fold.IsCJK(r)) && contains(text, phrase) {
			phrases = append(phrases, phrase)
		}
	}
	sort.Slice(phrases, func(i, j int) bool {
		if a, b := utf8.RuneCountInString(phrases[i]), utf8.RuneCountInString(phrases[j]); a != b {
			return a > b
		}
		return phrases[i] < phrases[j]
	})
	for _, phrase := range phrases {
		letters = append(letters, lexicon.SizeWords[phrase])
	}
	for _, w := range fold.Words(text) {
		if l, ok := lexicon.SizeWords[w]; ok {
			letters = append(letters, l)
		}
	}
	for _, tok := range strings.Fields(text) {
		if t := strings.ToLower(strings.Trim(tok, ".,!?")); clothing[t] > 0 {
			letters = append(letters, t)
		}
	}
	for _, l := range letters {
		var hit []string
		for _, v := range vals {
			for _, part := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == '/' || r == '-' || r == ' ' }) {
				if part == l {
					hit = append(hit, v)
					break
				}
			}
		}
		if len(hit) == 1 {
			return hit[0], false
		}
		ambiguous = ambiguous || len(hit) > 1
	}
	if dir := sizeSaid(text); dir != 0 && len(vals) > 1 {
		sorted := append([]string(nil), vals...)
		sortSizes(sorted)
		if dir > 0 {
			return sorted[len(sorted)-1], false
		}
		return sorted[0], false
	}
	return "", ambiguous
}

// bySizeAlone is the product a message means by one of its sizes or
// measures alone ("the 3 metre one"): the product in focus when it has
// that value, else the one product on screen that has it. A measure word
// ("metre") is no name of another product ("Laser Distance Meter"). Nil
// when the message names anything beside the measure.
func (b *Bot) bySizeAlone(t *turn) *catalog.Product {
	rest := measureSaid.ReplaceAllString(t.res.Text, " ")
	if rest == t.res.Text || b.Catalog.KeyWords(t.ctx, rest) != "" {
		return nil
	}
	candidates := t.st.Shown
	if t.st.Focus != "" {
		candidates = []string{t.st.Focus}
	}
	var found *catalog.Product
	for _, h := range candidates {
		p, err := b.Catalog.Product(t.ctx, h)
		if err != nil || len(productValues(p, t.res.Text)) == 0 {
			continue
		}
		if found != nil {
			return nil // two of them have it: which is still to say
		}
		found = p
	}
	return found
}

// plainestOf picks, of products that fit the shopper's words equally well,
// the one whose title says most of those words and nothing a rival's title
// adds: "5a hickory sticks" is the Hickory Drumsticks, not the Hickory
// Drumsticks Nylon Tip (a feature the shopper would have named) nor the
// Maple Drumsticks (hickory only in its description). Nil when that leaves
// more than one, or none of the words is in a title.
func plainestOf(words string, ps []catalog.Product) *catalog.Product {
	said := fold.Words(words)
	hits := func(title string) int {
		n := 0
		for _, w := range said {
			if len([]rune(w)) < 3 {
				continue
			}
			for _, tw := range fold.Words(title) {
				if tw == w || len([]rune(w)) >= 4 && strings.Contains(tw, w) {
					n++
					break
				}
			}
		}
		return n
	}
	best := 0
	for _, p := range ps {
		best = max(best, hits(p.Title))
	}
	if best == 0 {
		return nil
	}
	var kept []*catalog.Product
	for i := range ps {
		if hits(ps[i].Title) == best {
			kept = append(kept, &ps[i])
		}
	}
	subset := func(a, b []string) bool { // every word of a is in b
		for _, w := range a {
			if !slices.Contains(b, w) {
				return false
			}
		}
		return true
	}
	var plain []*catalog.Product
	for _, p := range kept {
		pw := fold.Words(p.Title)
		extra := false
		for _, o := range kept {
			ow := fold.Words(o.Title)
			if o != p && len(ow) < len(pw) && subset(ow, pw) {
				extra = true // p's title is o's and more
			}
		}
		if !extra {
			plain = append(plain, p)
		}
	}
	if len(plain) != 1 {
		return nil
	}
	return plain[0]
}
