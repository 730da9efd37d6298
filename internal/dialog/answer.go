package dialog

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/memo"
)

var (
	emailRE  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	numberRE = regexp.MustCompile(`\b([0-9]{1,2})\b`)
)

// answer tries the text as the answer to what the bot asked. It returns false
// when the text is something else (the shopper changed topic).
func (b *Bot) answer(t *turn) (bool, error) {
	if t.st.After == returnFlow && t.st.Return != nil {
		return b.answerReturn(t)
	}
	text := strings.TrimSpace(t.res.Text)
	if ok, err := b.payWhileChoosing(t); ok || err != nil { // checkout_answers.go
		return true, err
	}
	if t.st.After == "add_to_cart" && t.st.Ask != "quantity" {
		// "I want 2, one for my husband" while the bot waits for a colour:
		// the number is kept for the add, whatever else the answer says.
		if n, more := quantitySaid(t.res); n > 0 && !b.measureOfFocus(t, n) {
			t.st.Qty, t.st.More = n, more
		}
	}
	switch t.st.Ask {
	case "size", "color":
		return b.answerOption(t)
	case "quantity":
		n := 0
		if q, ok := t.res.First("quantity"); ok {
			n, _ = strconv.Atoi(valueString(q.Value))
		} else if m := numberRE.FindStringSubmatch(text); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if n > 0 {
			t.st.Qty = n
			return true, b.resume(t)
		}
	case "product":
		if shopQuestion(t.res) {
			return false, nil // "can I pay with iDEAL?" between the choices: answered, the choice stays open
		}
		if t.st.After == afterUnsure {
			if t.res.Intent.Name == "checkout" && t.res.Intent.Confidence >= unsure {
				return b.payWhileUnsure(t) // which_product.go
			}
			return b.answerUnsure(t) // unsure.go
		}
		switch t.res.Intent.Name {
		case "remove_from_cart", "checkout", "view_cart":
			if t.res.Intent.Confidence >= 0.9 {
				return false, nil // "take the beach towel out after all": no choice of what to add
			}
		}
		if i := ordinal(text); i >= 0 && i < len(t.st.Shown) {
			t.st.Focus = t.st.Shown[i]
			return true, b.resume(t)
		}
		if p, ok, err := b.resolve(t); err == nil && ok {
			b.forgetOthersCount(t, p) // which_product.go
			// The size or colour the answer says beats the one kept
			// from the request ("the grey one then").
			t.st.Focus, t.st.Want = p.Handle, fitOptions(p, t.merged(p))
			b.takesWhenSaid(t)
			return true, b.resume(t)
		}
		if anyOf(text, lexicon.Also) || startsWithAnd(text) {
			// "and also a scoop for the litter box" names none of them
			// for sure: it asks for another thing, and a guess among
			// these would be a line never asked for.
			return false, nil
		}
		if len(t.tied) > 0 {
			// Asked once already and still several fit: take the best
			// ranked of them rather than ask again (the reply names it),
			// in the size or colour the answer says ("2 of the 7 kg then").
			p := &t.tied[0]
			t.st.Focus, t.st.Want = p.Handle, fitOptions(p, t.merged(p))
			b.takesWhenSaid(t)
			return true, b.resume(t)
		}
		if ok, err := b.productNotAnswered(t); ok || err != nil { // which_product.go
			return true, err
		}
	case "remove_which":
		c, err := b.cartOf(t)
		if err != nil {
			return true, err
		}
		// The answer must name a line ("the socks", "the second one"):
		// "checkout" or "that's all, how do I pay?" is no answer to
		// "which?", however many lines there are.
		other := t.res.Intent.Name != "remove_from_cart" && t.res.Intent.Confidence >= fairlySure
		if !other && len(c.Items) > 1 || b.namesLine(t, c) || ordinal(text) == 0 || t.res.Intent.Name == "affirm" {
			if it, ok := b.matchLine(t, c); ok {
				return true, b.removeSKU(t, c, it.SKU)
			}
		}
	case "email":
		return b.answerEmail(t, text) // checkout_answers.go
	case "name":
		return b.answerName(t, text) // checkout_answers.go
	case "shipping_address":
		if t.st.After == "change_address" {
			return b.answerNewAddress(t, text)
		}
		return b.answerShippingAddress(t, text) // checkout_answers.go
	case "confirm":
		if t.st.After == "cancel_order" {
			return b.answerConfirm(t)
		}
		if t.st.After == "add_earlier" {
			return b.answerEarlier(t) // earlier.go
		}
	case "shipping_option":
		if code := b.matchShipping(t, text); code != "" {
			t.st.Checkout.Option = code
			return true, b.resume(t)
		}
	case "pickup_store":
		// A store typed by name ("Utrecht") counts as tapped.
		if named, err := b.Stores.Named(t.ctx, text); err == nil && len(named) == 1 && t.st.Checkout != nil {
			return true, b.choosePickupStore(t, named[0])
		}
	case "order_number":
		if n := b.orderNumber(t); n != "" {
			t.st.OrderNumber = n
			t.st.Ask = ""
			return true, b.withOrder(t, t.st.OrderSkill)
		}
	case "order_email":
		proof := ""
		if v, ok := entity(t.res, "email"); ok {
			proof = v
		} else if m := emailRE.FindString(text); m != "" {
			proof = m
		} else if v, ok := entity(t.res, "phone"); ok {
			proof = v
		}
		if proof != "" {
			return true, b.checkOwner(t, proof)
		}
	case "verification_code":
		return b.answerCode(t)
	case "coupon":
		if v, ok := entity(t.res, "coupon"); ok {
			return true, b.useCoupon(t, v)
		}
		if f := strings.Fields(text); len(f) == 1 && len(f[0]) >= 3 {
			return true, b.useCoupon(t, f[0])
		}
	}
	return b.missed(t)
}

// missed decides what to do with a text that did not answer the question: a
// clear new request is handled as such; anything else gets the question again.
func (b *Bot) missed(t *turn) (bool, error) {
	switch t.res.Intent.Name {
	case "affirm", "deny", "out_of_scope", "thanks", "greet", "":
	default:
		if t.res.Intent.Confidence >= 0.5 {
			t.st.Ask, t.st.Misses = "", 0
			return false, nil
		}
	}
	if t.res.Intent.Name == "deny" {
		t.st.Ask, t.st.After, t.st.Misses = "", "", 0
		b.say(t, "deny.reply")
		return true, nil
	}
	t.st.Misses++
	if t.st.Misses > 2 {
		t.st.Ask, t.st.After, t.st.Misses = "", "", 0
		b.fallback(t)
		return true, nil
	}
	b.say(t, "ask.again_"+t.st.Ask)
	return true, nil
}

// measureOfFocus tells that the number n of the answer is a measure the
// product in focus comes in ("6 մետր" of a cable in 3 m and 6 m), so it
// picks the option and counts nothing.
func (b *Bot) measureOfFocus(t *turn, n int) bool {
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false
	}
	return measureOfProduct(p, t.res.Text, n)
}

var leadingDigits = regexp.MustCompile(`^[0-9]+`)

func measureOfProduct(p *catalog.Product, text string, n int) bool {
	for _, m := range measureSaid.FindAllString(text, -1) {
		if k, _ := strconv.Atoi(leadingDigits.FindString(m)); k != n {
			continue
		}
		for _, o := range p.Options {
			for _, v := range values(p, o) {
				if normValue(m) == normValue(v) {
					return true
				}
				// A value of several measures ("5m 25mm²"): the one said
				// is one of them.
				for _, part := range strings.Fields(v) {
					if normValue(m) == normValue(part) {
						return true
					}
				}
				// A measure inside a value of words ("Chicken 4 kg",
				// "S 400 ml"): "Chicken 4 kg" answering the size is no
				// count of 4.
				for _, at := range measureSaid.FindAllStringIndex(v, -1) {
					if at[1] < len(v) && v[at[1]] >= '0' && v[at[1]] <= '9' {
						continue // the "4x" of "4x40mm" is no measure
					}
					if normValue(m) == normValue(v[at[0]:at[1]]) {
						return true
					}
				}
			}
		}
	}
	return numberOfValueSaid(p, text, n)
}

var digitsRE = regexp.MustCompile(`[0-9]+`)

// numberOfValueSaid tells that n is a number inside an option value the text
// names whole ("Pixo 15", "Tab 11", "Age 5"): a model or size, not how
// many; only values with letters, since a bare "4" may be either. Values are matched by their folded words, so "tab 11 please" names
// "Tab 11"; a count said beside the value ("2 for the Pixo 15") is another
// number and still counts.
func numberOfValueSaid(p *catalog.Product, text string, n int) bool {
	said := " " + strings.Join(fold.Words(text), " ") + " "
	for _, o := range p.Options {
		for _, v := range values(p, o) {
			if !strings.ContainsAny(v, "0123456789") || !strings.ContainsFunc(v, unicode.IsLetter) {
				continue // a bare "4" may be a size or a count: left to the callers
			}
			if !strings.Contains(said, " "+strings.Join(fold.Words(v), " ")+" ") {
				continue
			}
			for _, d := range digitsRE.FindAllString(v, -1) {
				if k, _ := strconv.Atoi(d); k == n {
					return true
				}
			}
		}
	}
	return false
}

// valueByPrefix finds the one value with a word that a word of the text
// (four letters or more) begins: shoppers shorten ("natur", "burgun").
func valueByPrefix(vals []string, text string) string {
	found := ""
	for _, w := range fold.Words(text) {
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		for _, v := range vals {
			for _, vw := range fold.Words(v) {
				if strings.HasPrefix(vw, w) {
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

// valueByRun finds the one value whose words hold all the words of the
// text in a row ("10-46" in "Regular Light 10-46"). The text must carry a
// number or two words: one plain word ("light") is too weak alone.
func valueByRun(vals []string, text string) string {
	tw := fold.Words(text)
	if len(tw) == 0 || len(tw) < 2 && !strings.ContainsFunc(text, unicode.IsDigit) {
		return ""
	}
	found := ""
	for _, v := range vals {
		vw := fold.Words(v)
		for i := 0; i+len(tw) <= len(vw); i++ {
			if slices.Equal(vw[i:i+len(tw)], tw) {
				if found != "" && found != v {
					return ""
				}
				found = v
				break
			}
		}
	}
	return found
}

// resume continues the skill that asked the question.
func (b *Bot) resume(t *turn) error {
	t.st.Misses = 0
	after := t.st.After
	t.st.Ask = ""
	switch after {
	case "add_to_cart":
		p, err := b.Catalog.Product(t.ctx, t.st.Focus)
		if err != nil {
			if errors.Is(err, catalog.ErrNotFound) {
				b.fallback(t)
				return nil
			}
			return err
		}
		return b.continueAdd(t, p)
	case "checkout":
		return b.checkout(t)
	case "availability":
		p, err := b.Catalog.Product(t.ctx, t.st.Focus)
		if err != nil {
			b.fallback(t)
			return nil
		}
		t.st.After = ""
		return b.tellAvailability(t, p, t.st.Want)
	case afterUnsure:
		return b.foundChosen(t) // unsure.go
	}
	return nil
}

func (b *Bot) answerOption(t *turn) (bool, error) {
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return b.missed(t)
	}
	name := "Size"
	if t.st.Ask == "color" {
		name = "Color"
	}
	candidates := []string{}
	if v, ok := entity(t.res, strings.ToLower(name)); ok {
		candidates = append(candidates, v)
	}
	candidates = append(candidates, strings.TrimSpace(t.res.Text))
	candidates = append(candidates, fold.Words(t.res.Text)...)
	for _, cand := range candidates {
		for _, val := range values(p, name) {
			if normValue(val) == normValue(cand) {
				if t.st.Want == nil {
					t.st.Want = map[string]string{}
				}
				t.st.Want[optionName(p, name)] = val
				if !b.canHave(p, t.st.Want) {
					// The sold-out value said again to "which size?":
					// the same kind in stock in it, not the question
					// once more (soldout.go).
					if ok, err := b.soldOutValue(t, p, optionName(p, name), val); ok || err != nil {
						return true, err
					}
				}
				return true, b.resume(t)
			}
		}
	}
	// One value containing the word ("grey" → "Grey Melange").
	if v, ok := entity(t.res, strings.ToLower(name)); ok {
		if val := partialValue(p, name, normValue(v), ""); val != "" {
			if t.st.Want == nil {
				t.st.Want = map[string]string{}
			}
			t.st.Want[optionName(p, name)] = val
			return true, b.resume(t)
		}
	}
	if name == "Color" {
		// "emerald", "զմրուխտ", "kremhvit": a shade the vocabulary knows,
		// met by the one catalogue colour of its family ("Sage", "Cream").
		if val := colourByConcept(p, optionName(p, name), t.res.Text, true); val != "" {
			if t.st.Want == nil {
				t.st.Want = map[string]string{}
			}
			t.st.Want[optionName(p, name)] = val
			return true, b.resume(t)
		}
	}
	// "m/l please", "large" of S/M and M/L, "the bigger one" (choosing.go).
	if val, ambiguous := optionInWords(p, optionName(p, name), t.res.Text, inStockValuesWith(p, name, t.st.Want)); val != "" {
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		t.st.Want[optionName(p, name)] = val
		return true, b.resume(t)
	} else if ambiguous {
		return b.missedOption(t, p, name) // "medium" of S/M and M/L: both hold it
	}
	// "natur" for "Natural", "terra" for "Terracotta": the start of the
	// one value offered that begins so, in a short answer.
	if val := valueByPrefix(inStockValuesWith(p, name, t.st.Want), t.res.Text); val != "" && shortMessage(t.res.Text, 3) {
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		t.st.Want[optionName(p, name)] = val
		return true, b.resume(t)
	}
	// "կրեմ" for the button "կրեմագույն": the start of the one value as
	// the buttons show it in the shopper's language (optionDisplay).
	if val := valueByDisplay(t.lang, optionName(p, name), inStockValuesWith(p, name, t.st.Want), t.res.Text); val != "" && shortMessage(t.res.Text, 2) {
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		t.st.Want[optionName(p, name)] = val
		return true, b.resume(t)
	}
	// "10-46" for "Regular Light 10-46", "light 12-53": the words of one
	// value, run together as the value has them.
	if val := valueByRun(values(p, name), t.res.Text); val != "" && shortMessage(t.res.Text, 4) {
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		t.st.Want[optionName(p, name)] = val
		return true, b.resume(t)
	}
	// A clothing size the product does not come in ("M" for jeans in 28–34)
	// is still an answer, even when the NLU saw no size in one letter.
	if looksLikeSize(t.res.Text) && name == "Size" {
		v := strings.ToUpper(strings.TrimSpace(t.res.Text))
		b.say(t, "availability.not_offered", "item", p.Title, "value", v, "values", strings.Join(inStockValues(p, name), ", "))
		return true, b.othersWith(t, p, optionName(p, name), v)
	}
	// A size or colour the product does not come in is still an answer;
	// products of its kind that have it are offered (soldout.go), so the
	// same question is not asked again.
	if v, ok := entity(t.res, strings.ToLower(name)); ok {
		b.say(t, "availability.not_offered", "item", p.Title, "value", v, "values", strings.Join(inStockValues(p, name), ", "))
		return true, b.othersWith(t, p, optionName(p, name), v)
	}
	// "the second", "de eerste": the option buttons in the order shown.
	if i := ordinal(t.res.Text); i >= 0 && shortMessage(t.res.Text, 4) {
		if vals := inStockValuesWith(p, name, t.st.Want); i < len(vals) {
			if t.st.Want == nil {
				t.st.Want = map[string]string{}
			}
			t.st.Want[optionName(p, name)] = vals[i]
			return true, b.resume(t)
		}
	}
	return b.missedOption(t, p, name)
}

// missedOption answers a reply that matches none of the sizes or colours
// offered: a short reply is still meant as the answer, so the bot says
// which there are and asks again rather than repeat its bare question; a
// clear new request leaves the question (missed).
func (b *Bot) missedOption(t *turn, p *catalog.Product, name string) (bool, error) {
	vals := inStockValuesWith(p, name, t.st.Want)
	if len(vals) == 0 || !shortMessage(t.res.Text, 4) || t.st.Misses >= 2 {
		return b.missed(t)
	}
	switch t.res.Intent.Name {
	case "affirm", "deny", "out_of_scope", "thanks", "greet", "":
	default:
		if t.res.Intent.Confidence >= 0.5 && taskIntent(t.res.Intent.Name) {
			return b.missed(t)
		}
	}
	if t.res.Intent.Name == "deny" {
		return b.missed(t)
	}
	// "grey" when the size was asked: the other option, kept for the add,
	// and the size asked again.
	other := map[string]string{}
	for k, v := range fitOptions(p, statedValues(p, t.res)) {
		if optionKey(k) != optionKey(name) {
			other[k] = v
		}
	}
	if len(other) > 0 && t.st.After == "add_to_cart" {
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		for k, v := range other {
			t.st.Want[k] = v
		}
		return true, b.resume(t)
	}
	t.st.Misses++
	m := b.say(t, "choose.options_are", "item", p.Title, "values", strings.Join(vals, ", "))
	for _, v := range vals {
		if len(m.Options) < 10 {
			m.Options = append(m.Options, conversation.Option{Title: v, Payload: "opt:" + optionName(p, name) + "=" + v})
		}
	}
	return true, nil
}

// optionName is the product's own spelling of an option ("Colour").
func optionName(p *catalog.Product, name string) string {
	for _, o := range p.Options {
		if canonicalField(o) == canonicalField(name) {
			return o
		}
	}
	return name
}

// setEmail takes the typed address as the order's contact e-mail only.
// Typing an address proves nothing, so it never ties the conversation to
// that customer: their orders, saved addresses, cards and cart stay out of
// reach until a code sent to it comes back (verify.go).
func (b *Bot) setEmail(t *turn, email string) error {
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	t.st.Checkout.Email = email
	return b.resume(t)
}

func (b *Bot) fieldNames(t *turn, fields []string) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = b.Messages.T(t.lang, "field."+f)
	}
	return strings.Join(names, ", ")
}

func (b *Bot) matchShipping(t *turn, text string) string {
	c, err := b.cartOf(t)
	if err != nil || t.st.Checkout == nil || t.st.Checkout.Address == nil {
		return ""
	}
	options := b.Shipping.Options(t.st.Checkout.Address.Country, c.Subtotal(), b.Now())
	if m := numberRE.FindStringSubmatch(text); m != nil {
		if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(options) {
			return options[n-1].Code
		}
	}
	for _, o := range options {
		if contains(text, o.Code) || contains(text, b.Messages.T(t.lang, "shipping."+o.Code)) {
			return o.Code
		}
	}
	return b.matchShippingWords(t, text, options) // checkout_answers.go
}

// looksLikeName accepts 1–5 words of letters as a name.
func looksLikeName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 5 || len([]rune(s)) > 60 {
		return false
	}
	for _, r := range s {
		if unicode.IsDigit(r) || r == '@' || r == '?' {
			return false
		}
	}
	return true
}

// taskIntent reports intents that ask for something new, as opposed to
// chat that may accompany an answer.
func taskIntent(name string) bool {
	switch name {
	case "", "affirm", "deny", "thanks", "greet", "out_of_scope", "feedback":
		return false
	}
	return true
}

var sizeLike = regexp.MustCompile(`^[0-9]+([.,][0-9])?(-[0-9]+)?$`)

// looksLikeSize reports an answer that can only be a size: a clothing
// letter, a number or a range ("M", "44", "2-3Y", "2-3 tahun").
func looksLikeSize(text string) bool {
	v := normValue(text)
	if _, ok := clothing[v]; ok {
		return true
	}
	return sizeLike.MatchString(v)
}

var colourMemo memo.Map[[]vocab.ID]

// colourConcepts are the vocabulary's colours a text names, remembered:
// the same few values are read for every product on screen.
func colourConcepts(s string) []vocab.ID {
	return colourMemo.Get(s, func() []vocab.ID {
		voc := vocab.Default()
		var ids []vocab.ID
		for _, m := range voc.Match(s, false) {
			for _, id := range m.Concepts {
				if voc.Concept(id).Facet == vocab.Colour {
					ids = append(ids, id)
				}
			}
		}
		return ids
	})
}

// colourByConcept finds the product's one colour value that the text names
// through the vocabulary's colours: the same colour first ("cream" for
// "Off-White"), else, with family, one of the same family ("navy" for
// "Cobalt", both blue); "" when none or several fit.
func colourByConcept(p *catalog.Product, name, text string, family bool) string {
	voc := vocab.Default()
	colours := colourConcepts
	kin := func(id vocab.ID) []vocab.ID { return append([]vocab.ID{id}, voc.Ancestors(id)...) }
	said := colours(text)
	if len(said) == 0 {
		return ""
	}
	for _, close := range []bool{false, family} {
		var found []string
		for _, val := range values(p, name) {
			for _, v := range colours(val) {
				hit := false
				for _, s := range said {
					if s == v || close && sharesAny(kin(s), kin(v)) {
						hit = true
					}
				}
				if hit && !slices.Contains(found, val) {
					found = append(found, val)
				}
			}
		}
		if len(found) == 1 {
			return found[0]
		}
		if len(found) > 1 {
			return ""
		}
	}
	return ""
}

func sharesAny(a, b []vocab.ID) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// valueByDisplay is the one value whose name in lang (as its button shows
// it) begins with a word of the answer of three letters or more, or is
// begun by it: "կրեմ" for "կրեմագույն", "zwarte" for "zwart". "" when
// none or several.
func valueByDisplay(lang, name string, vals []string, text string) string {
	found := ""
	for _, v := range vals {
		d := fold.String(optionDisplay(lang, name, v))
		for _, w := range fold.Words(text) {
			if utf8.RuneCountInString(w) < 3 || utf8.RuneCountInString(d) < 3 {
				continue
			}
			if strings.HasPrefix(d, w) || strings.HasPrefix(w, d) {
				if found != "" && found != v {
					return ""
				}
				found = v
			}
		}
	}
	return found
}
