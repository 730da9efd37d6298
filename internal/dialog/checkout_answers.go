package dialog

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// The checkout's questions (e-mail, name, address, delivery option) are
// answered by shoppers nobody scripted: two fields in one message ("tom@x.net,
// Tom Kerr"), a name introduced in their own language ("我叫李娜"), a phone
// number where the address was asked, an option named by a word of it
// ("ekspress", "biasa") or by what it is ("the cheapest"). Each answer takes
// what it can, so the road to the payment link has no dead ends.

//go:embed checkout.json
var checkoutJSON []byte

var checkoutWords struct {
	NameIntro []string `json:"name_intro"` // "my name is", "我叫", "jeg heter"
	// NameIntroStrong introduce a name even in the middle of a message.
	NameIntroStrong []string `json:"name_intro_strong"`
	NameOutro       []string `json:"name_outro"`  // "… է" ending an Armenian "my name is …"
	EmailIntro      []string `json:"email_intro"` // "my email is", "邮箱是"
	Joiners         []string `json:"joiners"`     // "and" between an e-mail and a name
	Cheapest        []string `json:"cheapest"`
	Fastest         []string `json:"fastest"`
}

func init() {
	if err := json.Unmarshal(checkoutJSON, &checkoutWords); err != nil {
		panic("dialog checkout words: " + err.Error()) // embedded data: a bug, caught by every test
	}
	// Longest first, so "my name is" is cut before "my".
	for _, l := range [][]string{checkoutWords.NameIntro, checkoutWords.NameIntroStrong, checkoutWords.EmailIntro, checkoutWords.Joiners} {
		slices.SortStableFunc(l, func(a, b string) int { return len(b) - len(a) })
	}
}

// phoneRE is a phone number typed in a message: eight digits or more, with
// the spaces, dashes and brackets people put between them.
var phoneRE = regexp.MustCompile(`(?:\+|00)?[0-9](?:[0-9 ()./-]{6,}[0-9])`)

// phoneIn returns the phone number in text and the text without it.
func phoneIn(text string) (phone, rest string) {
	for _, loc := range phoneRE.FindAllStringIndex(text, -1) {
		m := text[loc[0]:loc[1]]
		n := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		if n >= 8 && n <= 15 {
			return strings.TrimSpace(m), strings.TrimSpace(text[:loc[0]] + " " + text[loc[1]:])
		}
	}
	return "", text
}

// emailIn returns the e-mail address in the message and the text without it.
func emailIn(t *turn, text string) (email, rest string) {
	if loc := emailRE.FindStringIndex(text); loc != nil {
		return strings.ToLower(text[loc[0]:loc[1]]), strings.TrimSpace(text[:loc[0]] + " " + text[loc[1]:])
	}
	if v, ok := entity(t.res, "email"); ok && v != "" {
		return strings.ToLower(v), strings.TrimSpace(strings.Replace(text, v, " ", 1))
	}
	return "", text
}

// trimWords cuts any of the phrases from the start of s (again and again:
// "yes, my name is …"), with the punctuation around them.
func trimWords(s string, phrases []string) string {
	s = strings.Trim(s, " ,.;:!-–—，。：；！")
	for range 4 {
		cut := false
		low := strings.ToLower(s)
		if len(low) != len(s) {
			break // lower-casing changed the byte offsets: cut nothing
		}
		for _, p := range phrases {
			if !strings.HasPrefix(low, p) {
				continue
			}
			rest := s[len(p):]
			// Whole words only: "Tom" does not start with "to"; CJK needs no space.
			if r, _ := firstRune(rest); rest != "" && !isCJKText(p) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			s, cut = strings.Trim(rest, " ,.;:!-–—，。：；！"), true
			break
		}
		if !cut {
			break
		}
	}
	return s
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func isCJKText(s string) bool {
	return strings.ContainsFunc(s, fold.IsCJK)
}

// nameFrom reads a name from a message that answers "what name?": the
// introduction in any of the six languages cut off ("my name is", "我叫",
// "իմ անունը … է").
func nameFrom(text string) string {
	s := trimWords(text, checkoutWords.NameIntro)
	if f := strings.Fields(s); len(f) > 1 {
		last := strings.ToLower(f[len(f)-1])
		if slices.Contains(checkoutWords.NameOutro, last) {
			s = strings.Join(f[:len(f)-1], " ")
		}
	}
	return strings.Trim(s, " ,.;:!。，")
}

// nameShaped reports a name written beside another answer ("tom@x.net, Tom
// Kerr"): stricter than an answer to "what name?", since there the shopper
// knows what is asked. Latin and Armenian names are capitalised words, one
// to four; Chinese ones two to four characters.
func nameShaped(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 4 || !looksLikeName(s) {
		return false
	}
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han > 0 {
		return han >= 2 && han <= 4 && len(f) == 1 && !strings.ContainsAny(s, "邮箱是的我")
	}
	for _, w := range f {
		r, _ := firstRune(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// notAName reports answers to "what name?" that are no name: a yes, a
// thanks, "the first one".
// The classifier is not trusted with names ("James Okafor" reads as a yes
// to it at 0.89): only a near-certain short reply counts, and never one
// written as a name.
func notAName(t *turn, text string) bool {
	if len(strings.Fields(text)) > 3 || nameShaped(text) {
		return false
	}
	switch t.res.Intent.Name {
	case "affirm", "deny", "thanks", "greet", "goodbye":
		if t.res.Intent.Confidence >= 0.97 {
			return true
		}
	}
	return ordinal(text) >= 0
}

// answerEmail takes the e-mail address, and a name or an address typed with it.
func (b *Bot) answerEmail(t *turn, text string) (bool, error) {
	email, rest := emailIn(t, text)
	if email == "" {
		if strings.Contains(text, "@") {
			b.say(t, "checkout.bad_email")
			return true, nil
		}
		if name := nameFrom(text); t.st.Checkout != nil && t.st.Checkout.Name == "" && nameShaped(name) && !strings.ContainsFunc(text, unicode.IsDigit) {
			// The name first, the e-mail still to come: kept for later.
			t.st.Checkout.Name = name
		}
		return b.missed(t)
	}
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	b.takeExtras(t, rest, false)
	return true, b.setEmail(t, email)
}

// takeExtras keeps what else a checkout answer said: a phone number, a
// whole address, a name. introduced: a name counts only after "my name is"
// (the rest of "Checkout Please, tom@x.net" is no name).
func (b *Bot) takeExtras(t *turn, rest string, introduced bool) {
	cs := t.st.Checkout
	if phone, r := phoneIn(rest); phone != "" {
		cs.Phone, rest = phone, r
	}
	rest = trimWords(rest, checkoutWords.EmailIntro)
	rest = trimWords(rest, checkoutWords.Joiners)
	if rest == "" {
		return
	}
	if cs.Address == nil && strings.ContainsFunc(rest, unicode.IsDigit) {
		a, err := b.readAddressOf(t, rest)
		if m := a.Missing(); err == nil || len(m) == 1 && m[0] == "name" && postalFits(a) {
			if a.Name == "" {
				a.Name = cs.Name
			} else if cs.Name == "" {
				cs.Name = a.Name
			}
			if b.ships(t, a.Country) {
				cs.Address = &a
			}
			return
		}
	}
	name := nameFrom(rest)
	if !(nameShaped(name) && !introduced || name != rest && looksLikeName(name)) {
		name = introducedName(rest)
	}
	if cs.Name == "" && name != "" {
		cs.Name = name
		if cs.Address != nil && cs.Address.Name == "" {
			cs.Address.Name = name
		}
	}
}

// postalFits reports whether the address's postal code has its country's
// shape (Validate says no more than that the name is missing).
func postalFits(a address.Address) bool {
	a.Name = "x"
	return a.Validate() == nil
}

// answerName takes the name on the parcel, and an address or an e-mail
// typed with it.
func (b *Bot) answerName(t *turn, text string) (bool, error) {
	cs := t.st.Checkout
	if email, rest := emailIn(t, text); email != "" {
		if cs.Email == "" {
			cs.Email = email
		}
		text = rest
	}
	if phone, rest := phoneIn(text); phone != "" {
		cs.Phone, text = phone, rest
	}
	if strings.ContainsFunc(text, unicode.IsDigit) && cs.Address == nil {
		// "Tom Kerr, Keizersgracht 12, 1015 CS Amsterdam": the address too.
		if a, err := b.readAddressOf(t, text); err == nil {
			cs.Name, cs.Address = a.Name, &a
			return true, b.resume(t)
		}
	}
	name := nameFrom(text)
	if name == "" || notAName(t, text) || !looksLikeName(name) {
		return b.missed(t)
	}
	// A sure request that names something the shop sells is no name ("Joost
	// Bakker" is a name however sure the NLU is of a search).
	if t.res.Intent.Confidence >= 0.9 && taskIntent(t.res.Intent.Name) && b.Catalog.KeyWords(t.ctx, text) != "" {
		return b.missed(t)
	}
	cs.Name = name
	if cs.Address != nil {
		cs.Address.Name = name
	}
	return true, b.resume(t)
}

// readAddressOf reads an address in the shopper's context: without a
// country named, the shop's own, then the one their language points to.
func (b *Bot) readAddressOf(t *turn, text string) (address.Address, error) {
	if strings.HasPrefix(text, "{") {
		return b.readAddress(text)
	}
	defaults := []string{b.Country, address.LanguageCountry(t.lang)}
	if base, _, _ := strings.Cut(t.lang, "@"); base == "nl" {
		defaults = append(defaults, "BE") // Flemish shoppers write Dutch too
	}
	return address.ParseIn(text, defaults...)
}

// answerShippingAddress reads the delivery address; an e-mail or a phone
// number typed with it is kept, a phone number alone is noted and the
// address asked again.
func (b *Bot) answerShippingAddress(t *turn, text string) (bool, error) {
	cs := t.st.Checkout
	if email, rest := emailIn(t, text); email != "" {
		if cs.Email == "" {
			cs.Email = email
		}
		text = rest
	}
	if phone, rest := phoneIn(text); phone != "" {
		cs.Phone, text = phone, rest
		if !strings.ContainsFunc(text, unicode.IsLetter) {
			m := b.say(t, "checkout.phone_noted")
			b.offerSaved(t, m)
			return true, nil
		}
	}
	text = trimAddressLabel(text)
	a, err := b.readAddressOf(t, text)
	if a.Name == "" && cs.Name != "" {
		a.Name = cs.Name
		err = a.Validate()
	}
	missing := a.Missing()
	if err == nil || (len(missing) == 1 && missing[0] == "name" && postalFits(a)) {
		if a.Name != "" && cs.Name == "" {
			cs.Name = a.Name
		}
		cs.Address = &a
		return true, b.resume(t)
	}
	if !strings.ContainsFunc(text, unicode.IsDigit) && !chineseText(text) || t.res.Intent.Confidence >= 0.8 && taskIntent(t.res.Intent.Name) && !strings.ContainsFunc(text, unicode.IsDigit) {
		return b.missed(t) // not an address at all: a new question, or chat
	}
	if b.cartEditAtCheckout(t, text) {
		// "actually make it 2 mitts" where the address was asked: the cart
		// changes, and the checkout comes back to the address after it
		// (backToCheckout); its number is no house number.
		return b.missed(t)
	}
	missing = slices.DeleteFunc(missing, func(f string) bool { return f == "name" })
	if len(missing) == 0 {
		// Everything is there but the postal code has not the country's shape.
		missing = []string{"postal_code"}
	}
	b.say(t, "checkout.address_incomplete", "fields", b.fieldNames(t, missing))
	return true, nil
}

// trimAddressLabel cuts "my address is", "adres:", "地址：" before an address.
func trimAddressLabel(text string) string {
	for _, sep := range []string{":", "：", "՝"} {
		before, after, ok := strings.Cut(text, sep)
		if ok && !strings.ContainsFunc(before, unicode.IsDigit) && len(strings.Fields(before)) <= 4 && len([]rune(before)) <= 30 && strings.TrimSpace(after) != "" {
			return strings.TrimSpace(after)
		}
	}
	return text
}

func chineseText(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// ships reports whether the shop's shipping rules reach a country.
func (b *Bot) ships(t *turn, country string) bool {
	return b.Shipping == nil || len(b.Shipping.Options(country, money.New(0, b.Currency), b.Now())) > 0
}

// notShipped tells the shopper the shop does not deliver to the address's
// country and where it does (from the shipping rules), and asks for another
// address: a loop of "how would you like it delivered?" with nothing to
// choose helps nobody.
func (b *Bot) notShipped(t *turn, country string) {
	var names []string
	for _, c := range b.Shipping.Countries() {
		names = append(names, address.CountryName(c, t.lang))
	}
	m := b.say(t, "checkout.no_shipping_country", "country", address.CountryName(country, t.lang), "countries", strings.Join(names, ", "))
	t.st.Checkout.Address = nil
	t.st.Checkout.Option = ""
	b.offerSaved(t, m)
	t.st.Ask, t.st.After = "shipping_address", "checkout"
}

// matchShippingWords reads a delivery option named by what it is ("the
// cheapest", "最快"), by its place in the list ("the first one"), or by a
// word of its name that no other option has ("ekspress", "biasa", "标准").
func (b *Bot) matchShippingWords(t *turn, text string, options []fulfilment.Option) string {
	if len(options) == 0 {
		return ""
	}
	for _, w := range checkoutWords.Fastest {
		if saysStem(text, w) {
			best := options[0]
			for _, o := range options[1:] {
				if o.LatestDay.Before(best.LatestDay) || o.LatestDay.Equal(best.LatestDay) && o.Price.Amount < best.Price.Amount {
					best = o
				}
			}
			return best.Code
		}
	}
	for _, w := range checkoutWords.Cheapest {
		if saysStem(text, w) {
			return options[0].Code // cheapest first (fulfilment.Rules.Options)
		}
	}
	if i := ordinal(text); i >= 0 && i < len(options) && len(strings.Fields(text)) <= 4 {
		return options[i].Code
	}
	// Words of each option's name that the other options' names lack.
	own := make([][]string, len(options))
	count := map[string]int{}
	for i, o := range options {
		words := optionWords(b.Messages.T(t.lang, "shipping."+o.Code) + " " + o.Code)
		own[i] = words
		for _, w := range slices.Compact(slices.Sorted(slices.Values(words))) {
			count[w]++
		}
	}
	said := optionWords(text)
	found := ""
	for i, words := range own {
		for _, w := range words {
			if count[w] > 1 {
				continue
			}
			for _, s := range said {
				if sameStem(s, w) {
					if found != "" && found != options[i].Code {
						return "" // two options named: ask again
					}
					found = options[i].Code
				}
			}
		}
	}
	return found
}

// optionWords are the folded words of a text; CJK text gives its character
// pairs, since it has no spaces.
func optionWords(s string) []string {
	var out []string
	var han []string
	for _, w := range fold.Words(s) {
		r, _ := firstRune(w)
		if fold.IsCJK(r) {
			han = append(han, w)
			continue
		}
		if len(han) > 0 {
			out = append(out, pairs(han)...)
			han = nil
		}
		out = append(out, w)
	}
	return append(out, pairs(han)...)
}

func pairs(chars []string) []string {
	var out []string
	for i := 0; i+1 < len(chars); i++ {
		out = append(out, chars[i]+chars[i+1])
	}
	return out
}

// sameStem reports whether two folded words are one word: equal, or one
// the start of the other with at least four letters shared ("ekspress" and
// "ekspresslevering", "standaard" and "standaardbezorging").
func sameStem(a, b string) bool {
	if a == b {
		return true
	}
	if len([]rune(a)) < 4 || len([]rune(b)) < 4 {
		return false
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// answeringCheckout reports a message typed while the checkout waits for
// one of its answers.
func answeringCheckout(t *turn) bool {
	if t.st.After != "checkout" {
		return false
	}
	switch t.st.Ask {
	case "email", "name", "shipping_address", "shipping_option", "pickup_store", "coupon":
		return true
	}
	return false
}

// payWhileChoosing handles "let's pay" said while an add waits for a size,
// a colour, a quantity or which product: with something in the cart the
// pending choice is dropped and the checkout starts; with an empty cart
// the choice is asked again, and the checkout follows it by itself.
func (b *Bot) payWhileChoosing(t *turn) (bool, error) {
	if t.st.After != "add_to_cart" || t.res.Intent.Name != "checkout" || t.res.Intent.Confidence < 0.9 {
		return false, nil
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	if len(c.Items) > 0 {
		t.st.Ask, t.st.After, t.st.Misses = "", "", 0
		t.st.Multi, t.st.MultiAdding = nil, false
		return true, b.checkout(t)
	}
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	t.st.Checkout.PayNext = true
	if t.st.Ask == "product" {
		return true, b.payWhileProductOpen(t) // which_product.go
	}
	b.say(t, "checkout.finish_choice")
	if t.st.Focus == "" {
		return true, nil // the products to choose from are on screen
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return true, nil
	}
	return true, b.continueAdd(t, p)
}

// payAfterChoice goes on to the checkout once the choice that stood in its
// way is made and the product is in the cart.
func (b *Bot) payAfterChoice(t *turn) error {
	cs := t.st.Checkout
	if cs == nil || !cs.PayNext || t.st.Ask != "" || t.st.MultiAdding {
		return nil
	}
	cs.PayNext = false
	for _, m := range t.out {
		if m.Purpose == "payment" {
			return nil
		}
	}
	c, err := b.cartOf(t)
	if err != nil || len(c.Items) == 0 {
		return err
	}
	return b.checkout(t)
}

// saysStem is contains, letting a one-word phrase of four letters or more
// take an ending ("ամենաարագը", "billigste").
func saysStem(text, phrase string) bool {
	if contains(text, phrase) {
		return true
	}
	p := fold.String(phrase)
	if strings.Contains(p, " ") || len([]rune(p)) < 4 || isCJKText(p) {
		return false
	}
	for _, w := range fold.Words(text) {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// sideQuestions are the questions a shopper asks in the middle of the
// checkout without leaving it: delivery times, ways to pay, the return
// policy, a product's details or stock ("is the blue one in stock?").
var sideQuestions = []string{"shipping_info", "payment_methods", "store_policy", "product_info", "product_availability", "store_locator", "greet", "thanks"}

// cartWhileCheckout are the changes to the cart a shopper makes in the
// middle of the checkout ("wait, add the sponge too", "make it 2", "take
// the mitt out") without leaving it.
var cartWhileCheckout = []string{"add_to_cart", "remove_from_cart", "view_cart"}

// backToCheckout comes back to the checkout's question after a side
// question answered in its middle ("how long to Norway?" asked where the
// address was), or a change to the cart made there, so the shopper is not
// left without the way to the link. Left there, the next answer lost its
// question: an address after "add the sponge too" was read as "make it 8"
// of the sponge, in another language.
func (b *Bot) backToCheckout(t *turn) error {
	if !t.inCheckout || t.st.Checkout == nil || t.c.Status != conversation.StatusBot {
		return nil
	}
	side, edit := slices.Contains(sideQuestions, t.res.Intent.Name), slices.Contains(cartWhileCheckout, t.res.Intent.Name)
	if !side && !edit {
		return nil
	}
	if c, err := b.cartOf(t); err != nil || len(c.Items) == 0 {
		return err
	}
	for _, m := range t.out {
		if m.Purpose == "payment" {
			return nil // the link came
		}
	}
	if t.st.Ask != "" || lastAsks(t.out) {
		// The answer asked something itself ("which size of the sponge?"):
		// an add in the middle of the checkout goes on to it once chosen.
		if edit && t.st.After == "add_to_cart" {
			t.st.Checkout.PayNext = true
		}
		return nil
	}
	return b.checkout(t)
}

// lastAsks reports a reply that asks the shopper something.
func lastAsks(out []conversation.Message) bool {
	for _, m := range out {
		if m.Input != nil {
			return true
		}
	}
	return false
}

// cartEditAtCheckout reads a message typed where the checkout asked for
// an address or a name as a change to the cart ("actually make it 2
// mitts", "remove the sponge") when the classifier is sure of a cart
// intent and the words say to set, add or take out, or name a product.
func (b *Bot) cartEditAtCheckout(t *turn, text string) bool {
	switch t.res.Intent.Name {
	case "add_to_cart", "remove_from_cart":
	default:
		return false
	}
	if t.res.Intent.Confidence < fairlySure {
		return false
	}
	return anyOf(text, lexicon.SetTo) || anyOf(text, lexicon.TakeOut) || mentionsStem(text, lexicon.Buy) || b.Catalog.KeyWords(t.ctx, text) != ""
}

// introducedName finds a name introduced in the middle of a message ("I'd
// like to pay, … and my name is Tom Kerr", "…，我叫李娜"): the words after
// the introduction, up to the end of the clause.
func introducedName(text string) string {
	low := strings.ToLower(text)
	for _, p := range checkoutWords.NameIntroStrong {
		i := strings.Index(low, p)
		if i < 0 || len(low) != len(text) {
			continue
		}
		if r, ok := lastRune(low[:i]); ok && !isCJKText(p) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue // inside a word
		}
		rest := text[i+len(p):]
		if end := strings.IndexAny(rest, ",，.。;；!！?？"); end >= 0 {
			rest = rest[:end]
		}
		if name := nameFrom(rest); name != "" && looksLikeName(name) && len(strings.Fields(name)) <= 4 {
			return name
		}
	}
	return ""
}

func lastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

// payWithContact reads "I'd like to pay, my e-mail is tom@x.net" as the
// request to pay it is: an e-mail address pulls the classifier towards
// account and unsubscribe questions, so an unsure reading of a message
// holding one is checked against the same words without it.
func (b *Bot) payWithContact(res nlu.Result, lang string) nlu.Result {
	loc := emailRE.FindStringIndex(res.Text)
	if loc == nil || res.Intent.Name == "checkout" || res.Intent.Confidence >= 0.8 {
		return res
	}
	rest := strings.TrimSpace(res.Text[:loc[0]] + " " + res.Text[loc[1]:])
	if !strings.ContainsFunc(rest, unicode.IsLetter) {
		return res
	}
	again := b.Understand(rest, lang)
	if again.Intent.Name == "checkout" && again.Intent.Confidence >= 0.6 {
		res.Intent = again.Intent
	}
	return res
}
