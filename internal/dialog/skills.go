package dialog

import (
	"context"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// Consents records a shopper's consent to messages they did not ask for.
type Consents interface {
	// Withdraw records that the conversation's shopper wants no more
	// messages of the purpose ("marketing"), said through source ("chat").
	Withdraw(ctx context.Context, conversationID string, customerID int64, purpose, source string) error
}

// skill answers one intent. It gets the intent's name, so one skill may
// serve several related intents (the order skills, the FAQ).
type skill func(b *Bot, t *turn, intent string) error

// skills is the dialogue's table: one row per intent of the contract
// (../shared/contract/intents.md). A new intent is a new row and the
// function it names; the file beside each function is its skill.
var skills = map[string]skill{
	// small talk (this file)
	"greet":        (*Bot).greetSkill,
	"thanks":       (*Bot).thanksSkill,
	"goodbye":      (*Bot).goodbyeSkill,
	"affirm":       func(b *Bot, t *turn, _ string) error { return b.affirm(t) }, // payload.go
	"deny":         (*Bot).denySkill,
	"out_of_scope": (*Bot).outOfScopeSkill,

	// finding products (discovery.go)
	"product_search": func(b *Bot, t *turn, _ string) error { return b.andAlso(t, b.discover) },
	"recommendation": (*Bot).recommendSkill, // recommendation.go
	"promotions":     (*Bot).promotionsSkill,
	"product_availability": func(b *Bot, t *turn, i string) error {
		return b.andAlso(t, func(t *turn) error { return b.availabilitySkill(t, i) })
	},
	"product_info":  func(b *Bot, t *turn, _ string) error { return b.andAlso(t, b.productInfo) },
	"back_in_stock": func(b *Bot, t *turn, _ string) error { return b.backInStock(t) }, // payload.go

	// the cart and the checkout (cart.go, checkout.go)
	"add_to_cart":      func(b *Bot, t *turn, _ string) error { return b.addToCart(t) },
	"remove_from_cart": func(b *Bot, t *turn, _ string) error { return b.removeFromCart(t) },
	"view_cart":        (*Bot).viewCartSkill,
	"checkout":         func(b *Bot, t *turn, _ string) error { return b.checkout(t) },
	"payment_issue":    (*Bot).paymentIssueSkill,
	"unsubscribe":      (*Bot).unsubscribeSkill,
	"apply_coupon":     func(b *Bot, t *turn, _ string) error { return b.applyCoupon(t) },

	// after the sale (orders.go, aftersale.go, returns.go)
	"order_status":  func(b *Bot, t *turn, _ string) error { return b.orderStatus(t) },
	"cancel_order":  (*Bot).withOrder,
	"change_order":  (*Bot).withOrder,
	"reorder":       (*Bot).withOrder,
	"invoice":       (*Bot).withOrder,
	"return_item":   (*Bot).returnIntent,
	"exchange_item": (*Bot).returnIntent,
	"refund_status": func(b *Bot, t *turn, _ string) error { return b.refundIntent(t) },

	// questions about the shop (knowledge.go, shopfacts.go, stores.go)
	"shipping_info":   (*Bot).faq,
	"store_policy":    (*Bot).faq,
	"account":         (*Bot).accountSkill, // saved preferences and points, else the FAQ (preferences.go)
	"payment_methods": (*Bot).paymentSkill,
	"store_locator":   func(b *Bot, t *turn, _ string) error { return b.storeLocator(t) },

	// people and feedback (handoff.go, feedback.go)
	"human_agent": (*Bot).humanSkill,
	"complaint":   func(b *Bot, t *turn, _ string) error { return b.complaint(t) },
	"feedback":    func(b *Bot, t *turn, _ string) error { return b.feedbackIntent(t) },
}

func (b *Bot) greetSkill(t *turn, _ string) error {
	t.out = append(t.out, b.Greet(t.ctx, t.c)...)
	return nil
}

func (b *Bot) thanksSkill(t *turn, _ string) error {
	b.say(t, "thanks.reply")
	return nil
}

// goodbyeSkill says goodbye — or, with things still in the cart ("that's
// all"), offers the checkout first, as a shop assistant would.
//
// A goodbye that names paying ("that was all, pay", read as goodbye for
// its "that was all") with something to buy is the request to pay.
func (b *Bot) goodbyeSkill(t *turn, _ string) error {
	if b.paysNow(t) { // the same reading as checkoutReading's (checkout.go)
		t.cartOpen = true // no rating asked in the middle of paying
		return b.checkout(t)
	}
	if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 && t.st.Checkout == nil {
		t.cartOpen = true
		m := b.say(t, "goodbye.cart", "count", c.Count(), "subtotal", b.money(t, c.Subtotal()))
		m.Options = []conversation.Option{b.option(t, "option.checkout", "checkout"), b.option(t, "option.view_cart", "view_cart")}
		return nil
	}
	b.say(t, "goodbye.reply", "shop", b.ShopName)
	return nil
}

func (b *Bot) denySkill(t *turn, _ string) error {
	t.st.Ask, t.st.After = "", ""
	b.say(t, "deny.reply")
	return nil
}

// outOfScopeSkill lets a help article that fits very well answer first.
func (b *Bot) outOfScopeSkill(t *turn, _ string) error {
	if ok, err := b.strongArticle(t); ok || err != nil {
		return err
	}
	b.fallback(t)
	return nil
}

func (b *Bot) promotionsSkill(t *turn, _ string) error {
	return b.search(t, catalog.Query{Tags: []string{"sale"}})
}

// availabilitySkill answers stock questions, in a named physical store
// when one is named (stores.go).
func (b *Bot) availabilitySkill(t *turn, _ string) error {
	if named, ok := b.storeAsked(t); ok {
		return b.stockQuestion(t, named)
	}
	return b.availability(t)
}

// paymentSkill: "How do I pay?" with something in the cart is the way to
// the payment: say how, then start it.
//
// A question about a particular way to pay ("can I pay with iDEAL or a
// card?") is answered, with the checkout one tap away; it may come in the
// middle of shopping.
//
// With an empty cart but a product chosen or clearly asked for, "how do I
// pay?" is the same request to buy it (buyFocused, buyBestShown).
func (b *Bot) paymentSkill(t *turn, intent string) error {
	c, err := b.cartOf(t)
	if err != nil {
		return b.faq(t, intent)
	}
	if len(c.Items) == 0 {
		if !namesPayMethod(t.res.Text) && t.st.Ask == "" && b.somethingToBuy(t) && b.paymentFacts(t) {
			return b.checkout(t)
		}
		return b.faq(t, intent)
	}
	if namesPayMethod(t.res.Text) {
		if err := b.faq(t, intent); err != nil {
			return err
		}
		if n := len(t.out); n > 0 {
			t.out[n-1].Options = append(t.out[n-1].Options, b.option(t, "option.checkout", "checkout"))
		}
		return nil
	}
	if b.paymentFacts(t) {
		return b.checkout(t)
	}
	return b.faq(t, intent)
}

// humanSkill hands over to a person; an unsure request that a help article
// answers well gets the article first.
func (b *Bot) humanSkill(t *turn, _ string) error {
	if weakRequest(t) {
		if ok, err := b.strongArticle(t); ok || err != nil {
			return err
		}
	}
	return b.handOff(t, "requested")
}

// paymentIssueSkill answers "my card was declined", "I was charged twice":
// a failed payment can be tried again from the cart; money taken wrongly is
// a person's job, so a colleague is offered.
func (b *Bot) paymentIssueSkill(t *turn, _ string) error {
	if t.res.Intent.Confidence < 0.9 && runnerUp(t.res, "checkout") >= 0.15 && (t.st.Checkout == nil || t.st.Checkout.OrderNumber == "") {
		// The NLU hesitates between a payment problem and paying ("that
		// was all, pay then": 0.7 against 0.25), and no payment link
		// was given in this chat, so nothing here can have failed: with
		// something to buy it is the request to pay. A real problem ("my
		// card was declined") reads as one without doubt.
		if c, err := b.cartOf(t); err == nil && (len(c.Items) > 0 || t.st.Focus != "") {
			return b.checkout(t)
		}
	}
	m := b.say(t, "payment.issue")
	if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
		m.Options = append(m.Options, b.option(t, "payment.try_again", "checkout"))
	}
	if b.Handoffs != nil {
		m.Options = append(m.Options, b.option(t, "handoff.option_person", "handoff:requested"))
	}
	return nil
}

// runnerUp is the confidence the NLU gives intent among the others it
// weighed, 0 when it did not weigh it.
func runnerUp(res nlu.Result, intent string) float64 {
	for _, s := range res.IntentRanking {
		if s.Name == intent {
			return s.Confidence
		}
	}
	return 0
}

// unsubscribeSkill records "stop sending me messages": no more marketing
// or proactive messages, only what concerns the shopper's own orders.
func (b *Bot) unsubscribeSkill(t *turn, _ string) error {
	if b.Consents != nil {
		if err := b.Consents.Withdraw(t.ctx, t.c.ID, t.c.CustomerID, "marketing", "chat"); err != nil {
			return err
		}
	}
	b.say(t, "unsubscribe.done")
	return nil
}

// viewCartSkill shows the cart. "Yes, in the basket" about the product on
// screen, with nothing in the cart yet, is read as "add it".
func (b *Bot) viewCartSkill(t *turn, _ string) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	if len(c.Items) == 0 && (t.st.Focus != "" || len(t.st.Shown) > 0) {
		return b.addToCart(t) // the product on screen, or the question which one
	}
	return b.showCart(t, c)
}

// andAlso runs a product question that comes with "and …" or "also …" after
// the shopper settled on a product ("a pink soprano uke?" then "and strings
// for it"): the product before is taken first (addImplied), as addToCart
// does, so going on to a second thing does not drop the first.
func (b *Bot) andAlso(t *turn, run func(*turn) error) error {
	if t.st.Ask == "" && !t.st.MultiAdding && t.st.Focus != "" {
		// Only a product singled out: the best of a list shown is a guess,
		// and a guess put in the cart is a wrong line.
		if err := b.addImplied(t); err != nil {
			return err
		}
	}
	return run(t)
}
