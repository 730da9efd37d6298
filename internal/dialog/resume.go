package dialog

import (
	_ "embed"
	"encoding/json"
	"slices"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

//go:embed resume.json
var resumeJSON []byte

// resumeWords are the words that take a shopper back to the purchase after
// a question in between ("back to my order", "terug naar", "回到").
var resumeWords struct {
	BackTo []string `json:"back_to"`
}

func init() {
	if err := json.Unmarshal(resumeJSON, &resumeWords); err != nil {
		panic("dialog: resume.json: " + err.Error())
	}
}

// pendingAdd is an add to the cart waiting for the shopper's choice of a
// size, a colour or another option, remembered across a side question.
type pendingAdd struct {
	focus string
	want  map[string]string
	qty   int
	more  bool
	lines int // the cart's units when the message came
}

// addPending notes the add that waits for an option when a message comes,
// or nil.
func (b *Bot) addPending(t *turn) *pendingAdd {
	if t.st.After != "add_to_cart" || t.st.Focus == "" || t.st.MultiAdding {
		return nil
	}
	switch t.st.Ask {
	case "product", "quantity", "remove_which", "":
		return nil // not an option of one product
	}
	c, err := b.cartOf(t)
	if err != nil {
		return nil
	}
	want := map[string]string{}
	for k, v := range t.st.Want {
		want[k] = v
	}
	return &pendingAdd{focus: t.st.Focus, want: want, qty: t.st.Qty, more: t.st.More, lines: c.Count()}
}

// sideWhileAdding are the questions a shopper asks while the bot waits for
// a size or colour, without giving up the product: delivery, returns, ways
// to pay, stock of something else.
var sideWhileAdding = []string{"shipping_info", "payment_methods", "store_policy", "store_locator", "product_availability", "product_info"}

// backToAdd comes back to the add after a side question answered in its
// middle ("how long to Norway?" asked where the size was): the product and
// what was chosen of it return, and the missing option is asked again, so
// the shopper is not left to start over.
func (b *Bot) backToAdd(t *turn, p *pendingAdd) error {
	if p == nil || t.st.Ask != "" || !conversation.BotServes(t.c) || !slices.Contains(sideWhileAdding, t.res.Intent.Name) {
		return nil
	}
	for _, m := range t.out {
		if m.Input != nil || m.Purpose == "payment" {
			return nil // the answer asked something itself
		}
	}
	if c, err := b.cartOf(t); err != nil || c.Count() != p.lines {
		return err // the message itself changed the cart: the add is done
	}
	prod, err := b.Catalog.Product(t.ctx, p.focus)
	if err != nil || !prod.InStock() {
		return nil
	}
	t.st.Focus, t.st.Want, t.st.Qty, t.st.More = p.focus, p.want, p.qty, p.more
	return b.continueAdd(t, prod)
}

// shopQuestion is a sure question about the shop (delivery, returns, ways to
// pay, opening hours) asked while the bot waits for a product to be chosen:
// it is answered as itself, never read as the choice ("betalen met iDEAL?"
// is no product called "ideal").
func shopQuestion(res nlu.Result) bool {
	switch res.Intent.Name {
	case "shipping_info", "payment_methods", "store_policy", "store_locator":
		return res.Intent.Confidence >= fairlySure
	}
	return false
}

// returnsPolicyAsked reads "can I send the guitar back if it doesn't fit?"
// asked in the middle of buying, with no order in sight: a question about
// the shop's returns, answered by its policy (which says how a return
// starts), not a return to start with an order number the shopper does not
// have. A return that names an order, or a question after a purchase in
// this chat, stays a return.
func (b *Bot) returnsPolicyAsked(t *turn) bool {
	switch t.res.Intent.Name {
	case "return_item", "exchange_item":
	default:
		return false
	}
	if !b.noOrderInSight(t) || anyOf(t.res.Text, lexicon.OrderWords) {
		return false // an order named, or bought here already: that order may well be meant
	}
	if t.st.Focus == "" && len(t.st.Shown) == 0 {
		return false
	}
	return asksQuestion(t.res.Text) || t.c.CustomerID == 0
}

// noOrderInSight reports a conversation with no order to talk about: none
// named, proved, asked about or bought in it.
func (b *Bot) noOrderInSight(t *turn) bool {
	if t.st.OrderNumber != "" || len(t.st.Verified) > 0 || b.orderNumber(t) != "" {
		return false
	}
	return t.st.Checkout == nil || t.st.Checkout.OrderNumber == ""
}

// backToPurchase reads "back to my order", "terug naar mijn bestelling",
// "回到我的订单" said after a question in the middle of buying, with no order
// in sight: the purchase goes on where it was (the size still to choose,
// the product on screen, the cart), not an order-number question. A
// message that names what to buy ("back to the kettle: the 1 litre one")
// is left to the skill its words call.
func (b *Bot) backToPurchase(t *turn) (bool, error) {
	if !anyOf(t.res.Text, resumeWords.BackTo) || !shortMessage(t.res.Text, 8) || !b.noOrderInSight(t) {
		return false, nil
	}
	switch t.res.Intent.Name {
	case "order_status", "change_order", "cancel_order", "return_item", "exchange_item", "refund_status", "invoice", "reorder", "out_of_scope", "":
	default:
		if t.res.Intent.Confidence >= unsure {
			return false, nil
		}
	}
	if len(wanted(t.res)) > 0 || b.Catalog.KeyWords(t.ctx, t.res.Text) != "" {
		return false, nil
	}
	c, err := b.cartOf(t)
	if err != nil {
		return true, err
	}
	if t.st.Focus != "" {
		if p, err := b.Catalog.Product(t.ctx, t.st.Focus); err == nil {
			if _, in := lineOf(c, p); !in {
				if t.st.After == "add_to_cart" {
					return true, b.continueAdd(t, p) // the size or colour still to choose, asked again
				}
				return true, b.tellAvailability(t, p, t.st.Want)
			}
		}
	}
	if len(c.Items) == 0 {
		return false, nil
	}
	t.st.Ask, t.st.After = "", ""
	return true, b.showCart(t, c)
}

// choicesAfterSide puts the choices of the open "which one?" back under the
// answer to a question about the shop asked in between, so the purchase
// goes on from the answer (the question itself is not said twice).
func (b *Bot) choicesAfterSide(t *turn) {
	if t.openAsk != "product" || t.st.Ask != "product" || !shopQuestion(t.res) || len(t.out) == 0 {
		return
	}
	m := &t.out[len(t.out)-1]
	if len(m.Options) > 0 || m.Input != nil {
		return
	}
	among := t.st.Among
	if len(among) == 0 {
		among = t.st.Shown
	}
	if ps := b.shownProducts(t, among); len(ps) > 0 {
		m.Options = b.productOptions(t, ps)
	}
}
