package dialog

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// maxVerifyFailures is how many wrong order-number/e-mail pairs a
// conversation may try before the bot stops answering order questions:
// order numbers are sequential, so guessing must not pay.
const maxVerifyFailures = 3

var orderNumberRE = regexp.MustCompile(`#?\b([0-9]{4,10})\b`)

// orderSkill is something a shopper does with one of their orders: track
// it, cancel it, return items from it. Each skill's file registers itself in
// orderSkills, so the verification below is written once for all of them.
type orderSkill struct {
	// run acts on an order the conversation has proved is its own.
	run func(b *Bot, t *turn, o *order.Order) error
	// eligible picks which of a known customer's orders are offered as
	// buttons (nil: every recent order).
	eligible func(o *order.Order) bool
}

var orderSkills = map[string]orderSkill{
	"order_status": {run: (*Bot).orderDetails},
}

// orderStatus answers "where is my order?".
func (b *Bot) orderStatus(t *turn) error { return b.withOrder(t, "order_status") }

// withOrder runs skill on the order the shopper means. A proven customer
// picks from their own orders, and a shopper from the orders bought in this
// chat; anyone else first proves an order is theirs with its number and
// the e-mail address (or phone) on it. Nothing about an order is said
// before that, not even whether the number exists. Number and e-mail only
// open the order's status: acting on an order bought elsewhere (cancel,
// new address, returns, reorder, invoice) takes a proven customer, so the
// shopper is offered a code sent to the e-mail on the order.
func (b *Bot) withOrder(t *turn, skill string) error {
	t.st.OrderSkill = skill
	if number := b.orderNumber(t); number != "" {
		t.st.OrderNumber = number
	}
	if t.st.OrderNumber == "" && (t.c.CustomerID != 0 || len(t.st.Verified) > 0) {
		return b.listOrders(t, skill)
	}
	if t.st.OrderNumber == "" {
		b.say(t, "order.ask_number")
		t.st.Ask, t.st.After = "order_number", skill
		return nil
	}
	if o, ok := b.verified(t, t.st.OrderNumber); ok {
		return b.runOrderSkill(t, o)
	}
	if o, ok := b.proved(t, t.st.OrderNumber); ok {
		if skill == "order_status" {
			return b.runOrderSkill(t, o)
		}
		return b.needCode(t, o, skill)
	}
	if locked, err := b.lookupLocked(t, t.st.OrderNumber); err != nil || locked {
		if locked {
			b.say(t, "order.verify_locked")
		}
		return err
	}
	b.say(t, "order.ask_verify", "number", t.st.OrderNumber)
	t.st.Ask, t.st.After = "order_email", skill
	return nil
}

// runOrderSkill acts on a verified order with the skill the shopper asked for.
func (b *Bot) runOrderSkill(t *turn, o *order.Order) error {
	t.st.OrderNumber = ""
	sk, ok := orderSkills[t.st.OrderSkill]
	if !ok {
		sk = orderSkills["order_status"]
	}
	return sk.run(b, t, o)
}

func (b *Bot) orderNumber(t *turn) string {
	if v, ok := entity(t.res, "order_number"); ok {
		return strings.TrimPrefix(v, "#")
	}
	if t.st.Ask == "order_number" {
		if m := orderNumberRE.FindStringSubmatch(t.res.Text); m != nil {
			return m[1]
		}
	}
	return ""
}

// verified returns the order when this conversation may act on it: it was
// bought in this conversation or belongs to the customer the conversation
// proved it speaks for (verify.go).
func (b *Bot) verified(t *turn, number string) (*order.Order, bool) {
	o, err := b.Orders.ByNumber(t.ctx, number)
	if err != nil || !owns(t, o) {
		return nil, false
	}
	return o, true
}

// proved returns the order when the shopper gave its number with the e-mail
// on it earlier in this conversation: enough to read its status.
func (b *Bot) proved(t *turn, number string) (*order.Order, bool) {
	if !slices.Contains(t.st.Verified, number) {
		return nil, false
	}
	o, err := b.Orders.ByNumber(t.ctx, number)
	if err != nil {
		return nil, false
	}
	return o, true
}

// checkOwner compares the e-mail (or phone) the shopper gives with the one on
// the order; unknown numbers and wrong e-mails get the same answer.
func (b *Bot) checkOwner(t *turn, proof string) error {
	proof = strings.ToLower(strings.TrimSpace(proof))
	o, err := b.Orders.ByNumber(t.ctx, t.st.OrderNumber)
	if err != nil && !errors.Is(err, order.ErrNotFound) {
		return err
	}
	t.st.Ask, t.st.After = "", ""
	number := t.st.OrderNumber
	if locked, lerr := b.lookupLocked(t, number); lerr != nil || locked {
		// Locked since the question was asked (in another conversation, say):
		// not even the right answer is checked, or guessing would go on.
		t.st.OrderNumber = ""
		if locked {
			b.say(t, "order.verify_locked")
		}
		return lerr
	}
	if err == nil && proof != "" && (proof == strings.ToLower(o.Email) || o.Phone != "" && digitsOnly(proof) == digitsOnly(o.Phone)) {
		if !slices.Contains(t.st.Verified, o.Number) {
			t.st.Verified = append(t.st.Verified, o.Number)
		}
		if t.st.OrderSkill != "order_status" && t.st.OrderSkill != "" && !owns(t, o) {
			return b.needCode(t, o, t.st.OrderSkill)
		}
		return b.runOrderSkill(t, o)
	}
	t.st.VerifyFailures++
	t.st.OrderNumber = ""
	if err := b.Orders.LookupFailed(t.ctx, lookupClient(t), number); err != nil {
		return err
	}
	if locked, err := b.lookupLocked(t, number); err != nil || locked {
		if locked {
			b.say(t, "order.verify_locked")
		}
		return err
	}
	b.say(t, "order.verify_failed")
	return nil
}

// lookupLocked reports whether no more order lookups may be tried: this
// conversation used its tries, or the client or the order number used
// theirs across conversations (order.Service.LookupLocked).
func (b *Bot) lookupLocked(t *turn, number string) (bool, error) {
	if t.st.VerifyFailures >= maxVerifyFailures {
		return true, nil
	}
	return b.Orders.LookupLocked(t.ctx, lookupClient(t), number)
}

// lookupClient is who a failed lookup counts against: the client's address
// on the web; on a messaging channel, whose requests all come from the
// provider's servers, the sender, who keeps one conversation there.
func lookupClient(t *turn) string {
	switch t.c.Channel {
	case "", "rest", "web":
		return reqinfo.ClientAddr(t.ctx)
	}
	return t.c.Channel + ":" + t.c.ID
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// listOrders shows a proven customer's recent orders that fit skill as
// buttons, or, before any proof, the orders bought in this chat; with one
// such order there is nothing to choose.
func (b *Bot) listOrders(t *turn, skill string) error {
	var os []order.Order
	if t.c.CustomerID != 0 {
		var err error
		if os, err = b.Orders.List(t.ctx, order.Filter{CustomerID: t.c.CustomerID, Limit: 100}); err != nil {
			return err
		}
	} else {
		for _, n := range t.st.Verified {
			o, err := b.Orders.ByNumber(t.ctx, n)
			if err != nil {
				continue
			}
			if owns(t, o) || skill == "order_status" {
				os = append(os, *o)
			}
		}
	}
	var recent []order.Order
	for i := len(os) - 1; i >= 0 && len(recent) < 5; i-- {
		if os[i].PaymentStatus != order.PaymentPaid && os[i].Status == order.StatusCancelled {
			continue
		}
		if el := orderSkills[skill].eligible; el != nil && !el(&os[i]) {
			continue
		}
		recent = append(recent, os[i])
	}
	if len(recent) == 0 && t.c.CustomerID == 0 {
		b.say(t, "order.ask_number")
		t.st.Ask, t.st.After = "order_number", skill
		return nil
	}
	if len(recent) == 0 {
		b.say(t, "order.none")
		return nil
	}
	if len(recent) == 1 {
		return b.runOrderSkill(t, &recent[0])
	}
	m := b.say(t, "order.list_intro")
	for _, o := range recent {
		m.Options = append(m.Options, conversation.Option{
			Title:   b.Messages.T(t.lang, "order.list_item", "number", o.Number, "status", b.Messages.T(t.lang, "order.status."+o.Status)),
			Payload: "order:" + o.Number + ":" + skill,
		})
	}
	return nil
}

// orderDetails tells an order's status in plain words, its carrier and
// tracking number, the latest scans with place and time, the expected
// delivery, and links to the tracking page.
func (b *Bot) orderDetails(t *turn, o *order.Order) error {
	t.st.OrderNumber = ""
	b.say(t, "order.details", "number", o.Number, "status", b.Messages.T(t.lang, "order.status."+o.Status),
		"total", b.money(t, o.Total))
	if n := len(o.Shipments); n > 0 {
		sh := o.Shipments[n-1]
		if len(sh.Events) == 0 {
			b.say(t, "order.shipment", "carrier", sh.Carrier, "tracking", sh.TrackingNumber,
				"event", b.Messages.T(t.lang, "order.status."+sh.Status), "date", dayFormat(t.lang, sh.CreatedAt))
		} else {
			var lines []string
			for i := len(sh.Events) - 1; i >= 0 && len(lines) < 3; i-- {
				e := sh.Events[i]
				lines = append(lines, b.Messages.T(t.lang, "aftersale.track.event", "event", b.Messages.T(t.lang, "aftersale.scan."+e.Status),
					"place", e.Location, "when", b.when(t, e.At)))
			}
			b.say(t, "aftersale.track.carrier", "carrier", sh.Carrier, "tracking", sh.TrackingNumber, "events", strings.Join(lines, "\n"))
		}
	}
	switch o.Status {
	case order.StatusShipped:
		if day, ok := b.Orders.Expected(o); ok {
			b.say(t, "aftersale.track.expected", "date", dayFormat(t.lang, day))
		}
	case order.StatusPending, order.StatusConfirmed:
		if from, to, ok := strings.Cut(o.DeliveryEstimate, "/"); ok {
			b.say(t, "order.expected", "from", dayFromISO(t.lang, from), "to", dayFromISO(t.lang, to))
		}
	}
	if len(o.Shipments) > 0 && o.Status != order.StatusCancelled {
		token, err := b.Orders.Link(t.ctx, o, order.LinkTracking)
		if errors.Is(err, order.ErrNoAfterSale) {
			return nil // no tracking pages in this set-up; the words above stand
		}
		if err != nil {
			return err
		}
		t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "tracking",
			URL: b.BaseURL(t.ctx) + "/track/" + token + "?lang=" + t.lang, Text: b.Messages.T(t.lang, "aftersale.track.link", "number", o.Number)})
	}
	return nil
}

// when is a moment in the shop's time zone as a shopper of lang reads it.
func (b *Bot) when(t *turn, at time.Time) string {
	loc := time.UTC
	if b.Shipping != nil {
		loc = b.Shipping.Location()
	}
	at = at.In(loc)
	return dayFormat(t.lang, at) + " " + at.Format("15:04")
}
