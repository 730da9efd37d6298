// Package dialog decides what the shop says in each turn. It reads what the
// NLU understood, fills the slot the bot asked for, picks a skill
// (discovery, availability, product questions, cart, checkout, small talk)
// and writes replies from the message catalogues; it acts only through the
// domain services.
package dialog

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
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
	Identity   Identity     // proof of who the shopper is (verify.go); nil: no codes
	Messages   *i18n.Catalog
	ShopName   string
	Currency   string
	Country    string // the shop's home country, for addresses without one
	BaseURL    func(ctx context.Context) string
	Now        func() time.Time
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
	t := &turn{ctx: ctx, c: c, st: st, lang: c.Language}
	var err error
	if in.Payload != "" {
		err = b.guardedPayload(t, in.Payload) // b.payload, with the hand-off's value rule
	} else {
		t.res = b.Understand(in.Text, c.Language)
		// An answer to the bot's question (an address, a name, a size) says
		// nothing about the shopper's language.
		if t.res.Language != "" && t.res.Language != c.Language && st.Ask == "" && switchesLanguage(in.Text, t.res) {
			c.Language, t.lang = t.res.Language, t.res.Language
		}
		shopper.NLU = &conversation.NLU{Intent: t.res.Intent.Name, Confidence: t.res.Intent.Confidence, Language: t.res.Language}
		err = b.guarded(t) // b.text with the hand-off triggers around it
	}
	if err != nil {
		return nil, err
	}
	if len(t.out) > 0 && st.Ask != "" {
		// The last message says what the bot waits for, so channels can show
		// the right keyboard and test shoppers know what to answer.
		t.out[len(t.out)-1].Input = &conversation.Input{Type: inputType(st.Ask), Field: fieldName(st.Ask)}
	}
	c.State, _ = json.Marshal(st)
	return append([]conversation.Message{shopper}, t.out...), nil
}

// text handles a typed message: first as the answer to the bot's question,
// then by intent.
func (b *Bot) text(t *turn) error {
	if t.st.Ask != "" {
		handled, err := b.answer(t)
		if handled || err != nil {
			return err
		}
	}
	if t.st.LastQuery != nil && len(strings.Fields(t.res.Text)) <= 4 {
		// "more", "cheaper", "goedkoper": short refinements of the last search,
		// whatever intent the words alone suggest.
		if how := refinement(t.res.Text); how != "" {
			return b.refine(t, how)
		}
	}
	if t.res.Intent.Confidence < b.MinConfidence {
		if ok, err := b.strongArticle(t); ok || err != nil {
			return err
		}
		b.fallback(t)
		return nil
	}
	return b.intent(t, t.res.Intent.Name)
}

func (b *Bot) intent(t *turn, name string) error {
	switch name {
	case "greet":
		t.out = append(t.out, b.Greet(t.ctx, t.c)...)
	case "thanks":
		b.say(t, "thanks.reply")
	case "goodbye":
		b.say(t, "goodbye.reply", "shop", b.ShopName)
	case "affirm":
		return b.affirm(t)
	case "deny":
		t.st.Ask, t.st.After = "", ""
		b.say(t, "deny.reply")
	case "product_search", "recommendation":
		return b.discover(t)
	case "promotions":
		return b.search(t, catalog.Query{Tags: []string{"sale"}})
	case "product_availability":
		if named, ok := b.storeAsked(t); ok {
			return b.stockQuestion(t, named)
		}
		return b.availability(t)
	case "product_info":
		return b.productInfo(t)
	case "add_to_cart":
		return b.addToCart(t)
	case "remove_from_cart":
		return b.removeFromCart(t)
	case "view_cart":
		return b.viewCart(t)
	case "checkout":
		return b.checkout(t)
	case "apply_coupon":
		return b.applyCoupon(t)
	case "back_in_stock":
		return b.backInStock(t)
	case "order_status":
		return b.orderStatus(t)
	case "cancel_order", "change_order", "reorder", "invoice":
		return b.withOrder(t, name)
	case "return_item", "exchange_item":
		return b.returnIntent(t, name)
	case "refund_status":
		return b.refundIntent(t)
	case "shipping_info", "store_policy", "payment_methods", "account":
		return b.faq(t, name)
	case "store_locator":
		return b.storeLocator(t)
	case "human_agent":
		if weakRequest(t) {
			if ok, err := b.strongArticle(t); ok || err != nil {
				return err
			}
		}
		return b.handOff(t, "requested")
	case "complaint":
		return b.complaint(t)
	case "feedback":
		return b.feedbackIntent(t)
	case "out_of_scope":
		if ok, err := b.strongArticle(t); ok || err != nil {
			return err
		}
		b.fallback(t)
	default:
		b.notYet(t)
	}
	return nil
}

// switchesLanguage tells a real change of language from a message that
// carries none: an e-mail, an address, a size, a code keep the
// conversation's language.
func switchesLanguage(text string, res nlu.Result) bool {
	if res.Language == "zh" || res.Language == "hy" {
		for _, r := range text {
			if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Armenian, r) {
				return true // a script of its own is a clear signal
			}
		}
	}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '@' && r != '.' }) {
		if !strings.ContainsAny(w, "@.") && len([]rune(w)) > 1 {
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
