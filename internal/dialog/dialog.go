// Package dialog decides what the shop says in each turn. It reads what the
// NLU understood, fills the slot the bot asked for, picks a skill
// (discovery, availability, product questions, cart, checkout, small talk)
// and writes replies from the message catalogues; it acts only through the
// domain services.
package dialog

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/loyalty"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// Understand is the NLU as the dialogue sees it: text and the conversation's
// language in, understanding out.
type Understand func(text, prior string) nlu.Result

// Customers is what the dialogue needs to know about customers.
type Customers interface {
	UpsertCustomer(ctx context.Context, email, name, phone string) (int64, error)
	Customer(ctx context.Context, id int64) (email, name, phone string, err error)
	SavedAddresses(ctx context.Context, customerID int64) ([]order.Order, error)
}

// Deps are the services the dialogue acts through.
type Deps struct {
	Understand Understand
	Catalog    *catalog.Service
	Carts      *cart.Service
	Coupons    *coupon.Service
	Shipping   *fulfilment.Rules
	Orders     *order.Service
	Payments   *payment.Service
	Returns    *returns.Service // returns, exchanges, refunds (returns.go)
	Customers  Customers
	Alerts     Alerts
	Knowledge  Knowledge    // help articles; nil: FAQ questions are not answered yet
	Stores     StoreLocator // physical stores; nil: none
	Handoffs   Handoffs     // the team to hand over to (handoff.go); nil: none
	Consents   Consents     // what shoppers agreed to receive (skills.go); nil: not recorded
	Identity   Identity     // proof of who the shopper is (verify.go); nil: no codes
	Recommend  Recommender  // what goes with what (crosssell.go); nil: no suggestions
	Messages   *i18n.Catalog
	ShopName   string
	Currency   string
	Country    string // the shop's home country, for addresses without one
	BaseURL    func(ctx context.Context) string
	// SignLink adds an expiry and a signature to a document's path (invoices,
	// labels); nil leaves links unsigned.
	SignLink func(path string) string
	Now      func() time.Time

	// PriceAlerts keeps "tell me if the price drops" (pricealert.go); nil:
	// the button is not offered.
	PriceAlerts PriceAlerts
	// Saved sizes, colours and brands (preferences.go) and loyalty points
	// (loyalty.go); nil: neither.
	Preferences Preferences
	Loyalty     *loyalty.Service
	// RecoEvents records recommendations shown and tapped (recoevents.go);
	// nil: not recorded.
	RecoEvents RecoEvents
	// AwayMessage is the shop's own text, in a language, for a shopper
	// handed over while nobody can answer (waiting.go); "" or nil: the
	// catalogue's sentence.
	AwayMessage func(lang string) string
}

// Bot is the dialogue engine; it implements conversation.Responder.
type Bot struct {
	Deps
	// MinConfidence is the intent confidence below which the bot says it did
	// not understand rather than guess.
	MinConfidence float64
}

// New makes the dialogue engine.
func New(d Deps) *Bot {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Country == "" {
		d.Country = "NL"
	}
	return &Bot{Deps: d, MinConfidence: 0.3}
}

// turn is one shopper message being answered.
type turn struct {
	ctx  context.Context
	c    *conversation.Conversation
	st   *state
	lang string
	res  nlu.Result
	out  []conversation.Message
	// tied holds the products that fit the shopper's words equally well
	// when resolve could not choose: the skill asks which one.
	tied []catalog.Product
	// guessed: tied came from a search unsure of what was meant (unsure.go),
	// so no weighing of the candidates settles it: the shopper chooses.
	guessed bool
	// tiedLines holds the cart lines a removal's words fit equally well
	// (cart_edit.go): the bot asks among them, not among the whole cart.
	tiedLines []cart.Item
	// cartOpen: the shopper leaves with things in the cart, reminded of
	// them (skills.go); no rating is asked then.
	cartOpen bool
	// inCheckout: the message came while the checkout waited for an answer
	// (checkout_answers.go), so a side question comes back to it.
	inCheckout bool
	// named is the product the message names, once worked out (productNamed).
	// openAsk is what the bot waited for when the message came.
	openAsk string
	// prevRequest is the shopper's request before this message (a size
	// said in a search, "the shampoo, 1 litre", is kept nowhere else).
	prevRequest string
	// together: the message asks for two or more things at once (multi.go).
	together bool
	named    struct {
		done bool
		ok   bool
		p    *catalog.Product
	}
}

// Greet opens a conversation in its language.
func (b *Bot) Greet(ctx context.Context, c *conversation.Conversation) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(c.Language, "greeting", "shop", b.ShopName), Options: b.starters(c.Language)}}
}

// Respond handles one shopper message.
func (b *Bot) Respond(ctx context.Context, c *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	st := &state{}
	if len(c.State) > 0 {
		json.Unmarshal(c.State, st) // an unreadable state starts afresh
	}
	shopper := conversation.Message{From: conversation.FromShopper, Type: conversation.TypeText, Text: in.Text, Payload: in.Payload}
	t := &turn{ctx: ctx, c: c, st: st, lang: c.Language, openAsk: st.Ask, prevRequest: st.Request}
	before := focusBefore{handle: st.Focus, want: st.Want, qty: st.Qty, request: st.Request}
	var err error
	if in.Payload != "" {
		if (st.Ask == "rating" || st.Ask == "comment") && !strings.HasPrefix(in.Payload, "csat:") {
			st.Ask = "" // a tapped button moves on from the rating question
		}
		b.recoClick(t, in.Payload)
		err = b.guardedPayload(t, in.Payload) // b.payload, with the hand-off's value rule
	} else {
		t.inCheckout = answeringCheckout(t) // checkout_answers.go
		t.res = b.Understand(in.Text, c.Language)
		t.res = b.payWithContact(t.res, c.Language) // checkout_answers.go
		// An answer to the bot's question (an address, a name, a size) says
		// nothing about the shopper's language.
		if t.res.Language != "" && t.res.Language != c.Language && st.Ask == "" && switchesLanguage(in.Text, t.res, c.Language, b.Catalog.KeyWords(ctx, in.Text)) {
			c.Language, t.lang = t.res.Language, t.res.Language
		}
		shopper.NLU = &conversation.NLU{Intent: t.res.Intent.Name, Confidence: t.res.Intent.Confidence, Language: t.res.Language}
		err = b.guarded(t) // b.text with the hand-off triggers around it
	}
	if err != nil {
		return nil, err
	}
	if st.MultiAdding && st.Ask == "" && len(st.Multi) > 0 && err == nil {
		// One of the things asked for together is settled: on to the next.
		err = b.addMulti(t)
	}
	if err == nil {
		err = b.payAfterChoice(t) // checkout_answers.go
	}
	if err == nil {
		err = b.backToCheckout(t) // checkout_answers.go
	}
	if err != nil {
		return nil, err
	}
	if st.Ask != "product" {
		st.Among = nil // the product question is settled or left
	}
	b.notePrior(t, before) // earlier.go
	b.guardLoop(t)
	if err := b.staleLink(t); err != nil { // paylink.go: a changed cart kills the old link
		return nil, err
	}
	b.dress(t) // cards.go: every card's buttons and labels in the shopper's language
	if len(t.out) > 0 && st.Ask != "" {
		// The last message says what the bot waits for, so channels can show
		// the right keyboard and test shoppers know what to answer.
		t.out[len(t.out)-1].Input = &conversation.Input{Type: inputType(st.Ask), Field: fieldName(st.Ask)}
	}
	b.noteRecommendations(t, t.out)
	c.State, _ = json.Marshal(st)
	return append([]conversation.Message{shopper}, t.out...), nil
}

// text handles a typed message: first as the answer to the bot's question,
// then by intent.
func (b *Bot) text(t *turn) error {
	if n, _ := quantitySaid(t.res); n > 0 {
		t.st.QtyText = t.res.Text // where a number kept for later was said (cart.go)
	}
	if t.st.Ask == "" {
		t.st.Request = t.res.Text // cart_edit.go: the line's own words
	}
	if ok, err := b.askedForDetails(t); ok || err != nil { // cards.go
		return err
	}
	if t.st.Ask != "" {
		handled, err := b.answer(t)
		if handled || err != nil {
			return err
		}
		// The question is left unanswered for something else: a quantity
		// said for it ("put the 3 in my cart", then "which one?") is not
		// the next product's; this message's own number is read again.
		t.st.Qty, t.st.More = 0, false
	}
	if ok, err := b.backToPurchase(t); ok || err != nil { // resume.go: "back to my order" after a question in between
		return err
	}
	if b.accountReading(t) { // saved preferences and points, whatever the NLU guessed (preferences.go)
		return b.intent(t, "account")
	}
	if b.checkoutReading(t) { // "det var alt, betale" guessed a goodbye (context.go)
		return b.intent(t, "checkout")
	}
	if b.removalReading(t) { // "drop the practice pad" guessed a product question (context.go)
		return b.intent(t, "remove_from_cart")
	}
	if b.alsoAddReading(t) { // cart.go: "and also a rope toy" after an add, guessed a product question
		return b.intent(t, "add_to_cart")
	}
	if ok, err := b.multiNarrowed(t); ok || err != nil { // multi.go: "take the board out" of two things asked for, none added yet
		return err
	}
	if ok, err := b.sellingTurn(t); ok || err != nil { // recommendation.go: bundles, "what goes with it"
		return err
	}
	if ok, err := b.addBoth(t); ok || err != nil { // earlier.go: "add both" after two products, before "dua-dua" reads as two
		return err
	}
	if ok, err := b.editLastLine(t); ok || err != nil {
		return err
	}
	if ok, err := b.changeOption(t); ok || err != nil {
		return err
	}
	if ok, err := b.multiFollowUp(t); ok || err != nil {
		return err
	}
	switch t.res.Intent.Name {
	case "remove_from_cart", "checkout", "view_cart", "order_status", "cancel_order", "change_order", "return_item",
		"exchange_item", "refund_status", "reorder", "invoice", "human_agent", "store_locator", "shipping_info", "payment_methods", "store_policy":
		if t.res.Intent.Confidence < unsure || t.res.Intent.Name == "remove_from_cart" && b.cartEmpty(t) {
			// "the black coffee maker plus the 24 cm pan" guessed a
			// removal at 0.42, or at any confidence with nothing in the
			// cart to remove: two products named are two requests.
			if parts := b.itemParts(t); parts != nil {
				if ok, err := b.multiRequest(t, parts, wantsToAdd(t.res)); ok || err != nil {
					return err
				}
			}
		}
	default:
		if parts := b.itemParts(t); parts != nil {
			if ok, err := b.multiRequest(t, parts, wantsToAdd(t.res)); ok || err != nil {
				return err
			}
		}
	}
	if t.st.LastQuery != nil && len(strings.Fields(t.res.Text)) <= 4 {
		// "more", "cheaper", "goedkoper": short refinements of the last search,
		// whatever intent the words alone suggest.
		if how := refinement(t.res.Text); how != "" {
			return b.refine(t, how)
		}
	}
	if t.res.Intent.Confidence < unsure && b.Preferences != nil {
		// "forget my sizes": the words of the preferences the shop keeps
		// are specific enough to stand without a sure guess.
		if kinds, all := prefTopics(t.res.Text); (all || len(kinds) > 0) && anyOf(t.res.Text, prefWords.Forget) {
			return b.intent(t, "account")
		}
	}
	if b.wishReading(t) { // wish.go: "I want the … 1 litre" guessed a product question, one product fits
		return b.intent(t, "add_to_cart")
	}
	if name := b.shoppingReading(t); name != "" {
		// Read as shopping against the NLU's guess, a help article that
		// fits very well still wins ("can I rent a bicycle?" in a shop that
		// sells bicycles and rents them out).
		if name != t.res.Intent.Name {
			if ok, err := b.strongArticle(t); ok || err != nil {
				return err
			}
		}
		return b.intent(t, name)
	}
	if t.res.Intent.Confidence < b.MinConfidence {
		if ok, err := b.strongArticle(t); ok || err != nil {
			return err
		}
		b.fallback(t)
		return nil
	}
	if _, aboutOrder := orderSkills[t.res.Intent.Name]; aboutOrder && t.st.OrderNumber == "" && b.orderNumber(t) == "" &&
		(t.res.Intent.Confidence < fairlySure || !namesAfterSale(t.res.Text)) {
		// "can I rent a bicycle from you?" guessed an exchange (at 0.62, and
		// at 0.84 by a later model): with no order in sight, and unsure or
		// with no word of an order or a return, a help article that fits
		// very well is the likelier meaning, and asking for an order number
		// would be wrong.
		if ok, err := b.strongArticle(t); ok || err != nil {
			return err
		}
	}
	return b.intent(t, t.res.Intent.Name)
}

// namesAfterSale reports a word of an order, a parcel or a return in the
// message: an after-sale guess without one rests on the classifier alone.
func namesAfterSale(text string) bool {
	return anyOf(text, lexicon.OrderWords) || anyOf(text, lexicon.Facts["returns"])
}

// fairlySure is the confidence above which an after-sale guess is taken
// even when a help article fits the words well.
const fairlySure = 0.8

// intent runs the skill of an intent (skills.go); an intent without one
// gets an honest "not yet".
func (b *Bot) intent(t *turn, name string) error {
	if run, ok := skills[name]; ok {
		return run(b, t, name)
	}
	b.notYet(t)
	return nil
}

// switchesLanguage tells a real change of language from a message that
// carries none: an e-mail, an address, a size, a code keep the
// conversation's language.
//
// The catalogue's own words (productWords) count for no language: "body
// lotion 400ml pun" is Malay about a product the shop names in English.
func switchesLanguage(text string, res nlu.Result, current, productWords string) bool {
	// A conversation in a language with its own script stays in it while
	// the shopper writes that script, whatever Latin words come along
	// ("canvas tote ունե՞ք").
	for _, r := range text {
		if current == "hy" && unicode.Is(unicode.Armenian, r) || current == "zh" && unicode.Is(unicode.Han, r) {
			return false
		}
	}
	if res.Language == "zh" || res.Language == "hy" {
		for _, r := range text {
			if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Armenian, r) {
				return true // a script of its own is a clear signal
			}
		}
	}
	known := fold.Words(productWords)
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '@' && r != '.' }) {
		if !strings.ContainsAny(w, "@.") && len([]rune(w)) > 1 && !slices.Contains(known, fold.String(w)) {
			words++
		}
	}
	for _, e := range res.Entities {
		if e.Entity == "email" || e.Entity == "phone" || e.Entity == "order_number" {
			words -= 1
		}
	}
	return words >= 3
}

// guardLoop breaks a conversation out of a loop: when the bot would give
// the same reply for the third turn in a row, it stops asking, says so and
// offers fresh ways on (or a person).
func (b *Bot) guardLoop(t *turn) {
	h := fnv.New64a()
	for _, m := range t.out {
		if m.From == conversation.FromBot {
			h.Write([]byte(m.Text))
			h.Write([]byte{0})
		}
	}
	sum := h.Sum64()
	if sum != t.st.Reply {
		t.st.Reply, t.st.Repeated = sum, 0
		return
	}
	// The same words a third time are a loop even when nothing was asked
	// ("your cart is empty" to every "check out"): the shopper is stuck,
	// and a fresh way on helps more than the same sentence again.
	t.st.Repeated++
	if t.st.Repeated < 2 {
		return
	}
	t.st.Ask, t.st.After, t.st.Misses, t.st.Repeated = "", "", 0, 0
	t.out = t.out[:0]
	m := b.say(t, "loop.break")
	m.Options = b.starters(t.lang)
	if b.Handoffs != nil {
		m.Options = append(m.Options, b.option(t, "handoff.option_person", "handoff:"+inbox.ReasonFrustration))
	}
}
