package dialog

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// After-sale skills on a verified order: cancel, change the delivery
// address, reorder, invoice. Each registers with the order verification of
// orders.go.
func init() {
	orderSkills["cancel_order"] = orderSkill{run: (*Bot).askCancel, eligible: func(o *order.Order) bool { return o.Status != order.StatusCancelled }}
	orderSkills["change_order"] = orderSkill{run: (*Bot).askNewAddress, eligible: func(o *order.Order) bool { return o.Status != order.StatusCancelled }}
	orderSkills["reorder"] = orderSkill{run: (*Bot).reorder}
	orderSkills["invoice"] = orderSkill{run: (*Bot).invoice, eligible: func(o *order.Order) bool {
		return o.PaymentStatus == order.PaymentPaid || o.PaymentStatus == order.PaymentRefunded
	}}
}

// askCancel asks the shopper to confirm cancelling an order that has not
// shipped; a shipped one cannot be cancelled, and a return is offered.
func (b *Bot) askCancel(t *turn, o *order.Order) error {
	switch {
	case o.Status == order.StatusCancelled:
		b.say(t, "aftersale.cancel.already", "number", o.Number)
		return nil
	case !order.Cancellable(o):
		b.cannotCancel(t, o)
		return nil
	}
	key := "aftersale.cancel.confirm"
	if o.PaymentStatus == order.PaymentPaid {
		key = "aftersale.cancel.confirm_refund"
	}
	m := b.say(t, key, "number", o.Number, "total", b.money(t, o.Total))
	m.Options = []conversation.Option{
		b.option(t, "aftersale.option.cancel_yes", "aftersale:cancel:"+o.Number),
		b.option(t, "aftersale.option.cancel_no", "aftersale:keep:"+o.Number),
	}
	t.st.Ask, t.st.After, t.st.ActOn = "confirm", "cancel_order", o.Number
	return nil
}

func (b *Bot) cannotCancel(t *turn, o *order.Order) {
	m := b.say(t, "aftersale.cancel.shipped", "number", o.Number, "status", b.Messages.T(t.lang, "order.status."+o.Status))
	m.Options = []conversation.Option{b.option(t, "aftersale.option.return", "order:"+o.Number+":return_item")}
}

// answerConfirm reads a typed yes or no to the cancellation question.
func (b *Bot) answerConfirm(t *turn) (bool, error) {
	number := t.st.ActOn
	switch {
	case t.res.Intent.Name == "affirm" || b.lexiconSays(t, "yes"):
		t.st.Ask, t.st.After, t.st.ActOn = "", "", ""
		return true, b.cancel(t, number)
	case t.res.Intent.Name == "deny" || b.lexiconSays(t, "no"):
		t.st.Ask, t.st.After, t.st.ActOn = "", "", ""
		b.say(t, "aftersale.cancel.kept", "number", number)
		return true, nil
	}
	return b.missed(t)
}

// lexiconSays is a cheap check for a bare yes/no the NLU may read as chat.
func (b *Bot) lexiconSays(t *turn, what string) bool {
	words := map[string][]string{
		"yes": {"yes", "y", "ja", "ya", "yup", "ok", "okay", "是", "是的", "好", "好的", "对", "այո", "jah", "boleh"},
		"no":  {"no", "n", "nee", "nei", "tidak", "tak", "不", "不要", "否", "ոչ", "nope"},
	}[what]
	text := strings.ToLower(strings.Trim(strings.TrimSpace(t.res.Text), ".!?！。"))
	for _, w := range words {
		if text == w {
			return true
		}
	}
	return false
}

// cancel cancels an order the conversation has proved is its own. A second
// confirmation finds it cancelled and refunds nothing.
func (b *Bot) cancel(t *turn, number string) error {
	o, ok := b.verified(t, number)
	if !ok {
		b.fallback(t)
		return nil
	}
	res, err := b.Orders.Cancel(t.ctx, o.Number)
	switch {
	case errors.Is(err, order.ErrAlreadyShipped):
		b.cannotCancel(t, res.Order)
		return nil
	case err != nil && res.Changed:
		// Cancelled, but the refund did not go through: the shop finishes it.
		slog.ErrorContext(t.ctx, "refund of cancelled order", "order", number, "err", err)
		b.say(t, "aftersale.cancel.refund_pending", "number", number)
		return nil
	case err != nil:
		return err
	case !res.Changed:
		b.say(t, "aftersale.cancel.already", "number", number)
	case res.Refunded:
		b.say(t, "aftersale.cancel.done_refund", "number", number, "total", b.money(t, res.Order.Total))
	default:
		b.say(t, "aftersale.cancel.done", "number", number)
	}
	return nil
}

// askNewAddress asks where an order that has not shipped should go instead.
func (b *Bot) askNewAddress(t *turn, o *order.Order) error {
	if !order.Cancellable(o) {
		m := b.say(t, "aftersale.address.shipped", "number", o.Number, "status", b.Messages.T(t.lang, "order.status."+o.Status))
		m.Options = []conversation.Option{b.option(t, "aftersale.option.track", "order:"+o.Number+":order_status")}
		return nil
	}
	b.say(t, "aftersale.address.ask", "number", o.Number, "address", o.ShippingAddress.OneLine())
	t.st.Ask, t.st.After, t.st.ActOn = "shipping_address", "change_address", o.Number
	return nil
}

// answerNewAddress reads the new address (one line or the JSON object) and
// stores it on the order, keeping the name on the order when none is given.
func (b *Bot) answerNewAddress(t *turn, text string) (bool, error) {
	o, ok := b.verified(t, t.st.ActOn)
	if !ok {
		t.st.Ask, t.st.After, t.st.ActOn = "", "", ""
		b.fallback(t)
		return true, nil
	}
	a, _ := b.readAddress(text)
	if a.Name == "" {
		a.Name = o.ShippingAddress.Name
	}
	if err := a.Validate(); err != nil {
		if !strings.ContainsFunc(text, func(r rune) bool { return r >= '0' && r <= '9' }) || t.res.Intent.Confidence >= 0.8 && taskIntent(t.res.Intent.Name) {
			return b.missed(t)
		}
		b.say(t, "checkout.address_incomplete", "fields", b.fieldNames(t, a.Missing()))
		return true, nil
	}
	t.st.Ask, t.st.After, t.st.ActOn = "", "", ""
	changed, err := b.Orders.ChangeAddress(t.ctx, o.Number, a)
	if errors.Is(err, order.ErrAlreadyShipped) {
		b.say(t, "aftersale.address.shipped", "number", o.Number, "status", b.Messages.T(t.lang, "order.status."+changed.Status))
		return true, nil
	}
	if err != nil {
		return true, err
	}
	b.say(t, "aftersale.address.done", "number", o.Number, "address", changed.ShippingAddress.OneLine())
	return true, nil
}

// readAddress reads an address typed on one line or sent as
// {"address": {...}}, the way checkout does.
func (b *Bot) readAddress(text string) (address.Address, error) {
	var wrapped struct {
		Address *address.Address `json:"address"`
	}
	if strings.HasPrefix(text, "{") && json.Unmarshal([]byte(text), &wrapped) == nil && wrapped.Address != nil {
		a := *wrapped.Address
		a.Country = strings.ToUpper(a.Country)
		return a, a.Validate()
	}
	return address.Parse(text, b.Country)
}

// reorder puts a previous order's items back in the cart at today's prices
// and stock, and says what changed.
func (b *Bot) reorder(t *turn, o *order.Order) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	var notes []string
	added := 0
	for _, it := range o.Items {
		v, err := b.Catalog.Variant(t.ctx, it.SKU)
		if errors.Is(err, catalog.ErrNotFound) {
			notes = append(notes, b.Messages.T(t.lang, "aftersale.reorder.sold_out", "item", it.Title))
			continue
		}
		if err != nil {
			return err
		}
		have, _ := c.Find(it.SKU)
		want := min(have.Quantity+it.Quantity, v.Stock, 99)
		if want <= have.Quantity {
			notes = append(notes, b.Messages.T(t.lang, "aftersale.reorder.sold_out", "item", it.Title))
			continue
		}
		line, err := b.Carts.Set(t.ctx, c, it.SKU, want)
		if errors.Is(err, catalog.ErrOutOfStock) {
			// Sold out or no longer for sale since the check above.
			notes = append(notes, b.Messages.T(t.lang, "aftersale.reorder.sold_out", "item", it.Title))
			continue
		}
		if err != nil {
			return err
		}
		added++
		if got := want - have.Quantity; got < it.Quantity {
			notes = append(notes, b.Messages.T(t.lang, "aftersale.reorder.reduced", "item", line.Title, "count", got))
		}
		if line.UnitPrice != it.UnitPrice {
			notes = append(notes, b.Messages.T(t.lang, "aftersale.reorder.price", "item", line.Title,
				"old", b.money(t, it.UnitPrice), "new", b.money(t, line.UnitPrice)))
		}
	}
	if added == 0 {
		m := b.say(t, "aftersale.reorder.nothing", "number", o.Number)
		m.Options = b.starters(t.lang)
		return nil
	}
	b.say(t, "aftersale.reorder.added", "number", o.Number)
	if len(notes) > 0 {
		b.say(t, "aftersale.reorder.changes", "changes", strings.Join(notes, "\n"))
	}
	return b.showCart(t, c)
}

// invoice sends the link to a paid order's invoice.
func (b *Bot) invoice(t *turn, o *order.Order) error {
	token, err := b.Orders.Link(t.ctx, o, order.LinkInvoice)
	if errors.Is(err, order.ErrNotPaid) {
		b.say(t, "aftersale.invoice.unpaid", "number", o.Number)
		return nil
	}
	if err != nil {
		return err
	}
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "invoice",
		URL: b.BaseURL(t.ctx) + b.signed("/documents/invoices/"+token+".pdf?lang="+t.lang), Text: b.Messages.T(t.lang, "aftersale.invoice.link", "number", o.Number)})
	return nil
}

// afterSalePayload handles the buttons of these skills: aftersale:cancel:N
// and aftersale:keep:N.
func (b *Bot) afterSalePayload(t *turn, arg string) error {
	action, number, _ := strings.Cut(arg, ":")
	if t.st.After == "cancel_order" {
		t.st.Ask, t.st.After, t.st.ActOn = "", "", ""
	}
	switch action {
	case "cancel":
		return b.cancel(t, number)
	case "keep":
		b.say(t, "aftersale.cancel.kept", "number", number)
		return nil
	}
	b.fallback(t)
	return nil
}

// ReviewRequest is the one message a shopper who bought in the chat gets
// once their order is delivered: a one-tap 1–5 rating, since a tap is far
// more often given than a typed review. The order rides in the payload
// (review:<order>:<n>) because the request may come days after the last
// turn, with the conversation's state long moved on.
func (b *Bot) ReviewRequest(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(c.Language, "aftersale.review.ask", "number", o.Number, "shop", b.ShopName)}
	for n := 1; n <= 5; n++ {
		m.Options = append(m.Options, conversation.Option{Title: b.Messages.T(c.Language, "feedback.star", "n", n),
			Payload: "review:" + o.Number + ":" + strconv.Itoa(n)})
	}
	return []conversation.Message{m}
}

// reviewPayload stores a tapped review rating as a feedback row of kind
// "review" (the comment names the order, as the feedback table has no
// order column), thanks the shopper and lets them add words; a low rating
// (1–2) also offers a colleague, since something went wrong with a
// delivered order.
func (b *Bot) reviewPayload(t *turn, arg string) error {
	number, rating, _ := strings.Cut(arg, ":")
	n, err := strconv.Atoi(rating)
	if number == "" || err != nil || n < 1 || n > 5 {
		b.fallback(t)
		return nil
	}
	if _, ok := b.verified(t, number); !ok {
		// Only an order bought in this chat, or of the customer it proved it
		// speaks for, may be rated here: anyone could type any number.
		b.fallback(t)
		return nil
	}
	b.store(t, inbox.Feedback{ConversationID: t.c.ID, Kind: "review", Rating: n, Comment: "order " + number})
	if n <= 2 {
		m := b.say(t, "aftersale.review.thanks_low", "number", number)
		if b.Handoffs != nil {
			m.Options = []conversation.Option{b.option(t, "handoff.option_person", "handoff:review")}
		}
	} else {
		b.say(t, "aftersale.review.thanks", "number", number)
	}
	// A typed line after the rating is the review itself (csatAnswer
	// stores it as a comment).
	t.st.Ask = "comment"
	return nil
}
