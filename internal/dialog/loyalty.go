package dialog

import (
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// pointsBalance answers "how many points do I have?" for the proven
// customer only: a typed e-mail learns nothing about anyone's points.
func (b *Bot) pointsBalance(t *turn) error {
	if t.c.CustomerID == 0 {
		b.say(t, "loyalty.verify_first")
		return nil
	}
	bal, err := b.Loyalty.Balance(t.ctx, t.c.CustomerID)
	if err != nil {
		return err
	}
	r := b.Loyalty.Rules()
	rule := b.Messages.T(t.lang, "loyalty.rule", "points", r.PointsPerUnit, "unit", b.money(t, unitMoney(b.Currency)))
	if bal == 0 {
		b.say(t, "loyalty.none", "rule", rule)
		return nil
	}
	m := b.say(t, "loyalty.balance", "points", bal, "value", b.money(t, b.Loyalty.Value(bal, b.Currency)), "rule", rule)
	if t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" && !t.st.Checkout.UsePoints && bal >= r.MinRedeem {
		m.Options = []conversation.Option{b.option(t, "loyalty.option_use_plain", "points:use")}
	}
	return nil
}

// unitMoney is one whole unit of the currency (€1), for the earning rule.
func unitMoney(currency string) money.Money {
	m, err := money.Parse("1", currency)
	if err != nil {
		return money.New(100, currency)
	}
	return m
}

// usePoints asks the checkout to spend the shopper's points; the order is
// placed again with them (the unpaid one without them is superseded).
func (b *Bot) usePoints(t *turn) error {
	if t.c.CustomerID == 0 {
		b.say(t, "loyalty.verify_first")
		return nil
	}
	if t.st.Checkout == nil {
		b.say(t, "loyalty.at_checkout")
		return nil
	}
	t.st.Checkout.UsePoints = true
	return b.checkout(t)
}

// checkoutPoints is what the checkout spends: the points asked for, by the
// proven customer whose e-mail the order is placed under, no more than the
// goods cost after the coupon. Zero when any of that is not so.
func (b *Bot) checkoutPoints(t *turn, due money.Money) (int64, money.Money, error) {
	none := money.New(0, due.Currency)
	cs := t.st.Checkout
	if !b.Loyalty.On() || cs == nil || !cs.UsePoints || t.c.CustomerID == 0 {
		return 0, none, nil
	}
	email, _, _, err := b.Customers.Customer(t.ctx, t.c.CustomerID)
	if err != nil {
		return 0, none, err
	}
	if email == "" || email != cs.Email {
		// The order goes to another e-mail: its customer is not the one
		// whose points these are.
		return 0, none, nil
	}
	return b.Loyalty.Quote(t.ctx, t.c.CustomerID, due)
}

// pointsKey tells a checkout spending points from the same one without.
func pointsKey(points int64) string {
	if points <= 0 {
		return ""
	}
	return fmt.Sprintf(":points:%d", points)
}

// pointsLine is the summary's line for points spent.
func (b *Bot) pointsLine(t *turn, o *order.Order) string {
	if o.LoyaltyPoints <= 0 {
		return ""
	}
	return "\n" + b.Messages.T(t.lang, "loyalty.summary_line", "points", o.LoyaltyPoints, "discount", b.money(t, o.LoyaltyDiscount))
}

// offerPoints adds "use my points" to the payment link when the proven
// customer could spend some on this order and has not.
func (b *Bot) offerPoints(t *turn, o *order.Order, link *conversation.Message) error {
	cs := t.st.Checkout
	if !b.Loyalty.On() || t.c.CustomerID == 0 || o.CustomerID != t.c.CustomerID || cs.UsePoints {
		return nil
	}
	due := money.New(o.Subtotal.Amount-o.Discount.Amount, o.Subtotal.Currency)
	points, value, err := b.Loyalty.Quote(t.ctx, t.c.CustomerID, due)
	if err != nil || points <= 0 {
		return err
	}
	link.Options = append(link.Options, b.option(t, "loyalty.option_use", "points:use", "points", points, "value", b.money(t, value)))
	return nil
}
