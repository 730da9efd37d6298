package dialog

import (
	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// A payment link is for one cart at one total. When the cart changes after
// the link was sent (a code applied, a quantity changed, a line removed),
// the link's order is superseded in the same turn: its page refuses payment
// from then on ("this link has expired") and the chat offers the new link,
// so nobody pays a total that no longer holds.

// staleLink runs at the end of a turn. If the conversation has an unpaid
// order whose lines or code no longer match the cart, that order is
// cancelled with its stock released, and the shopper is told and given a
// fresh link (or the button to get one, when the checkout is not complete).
func (b *Bot) staleLink(t *turn) error {
	cs := t.st.Checkout
	if cs == nil || cs.OrderNumber == "" || b.Orders == nil || b.Carts == nil {
		return nil
	}
	o, err := b.Orders.ByNumber(t.ctx, cs.OrderNumber)
	if err != nil || o.Status != order.StatusPending || o.PaymentStatus == order.PaymentPaid {
		return nil // paid, expired or gone: no live link to kill
	}
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	if sameAsOrder(c, o) {
		return nil
	}
	changed, err := b.Orders.Supersede(t.ctx, o.Number)
	if err != nil || !changed {
		return err
	}
	if len(c.Items) == 0 {
		b.say(t, "cards.link_void", "number", o.Number)
		cs.OrderNumber = ""
		return nil
	}
	m := b.say(t, "cards.link_replaced", "number", o.Number)
	if cs.Email != "" && cs.Address != nil && cs.Option != "" && t.st.Ask == "" {
		// Everything for the checkout is known: the new link straight away.
		return b.checkout(t)
	}
	m.Options = append(m.Options, b.option(t, "cards.option.new_link", "checkout"))
	return nil
}

// sameAsOrder reports whether the cart still holds exactly what the order
// was placed for: the same lines in the same quantities and the same code.
func sameAsOrder(c *cart.Cart, o *order.Order) bool {
	if coupon.Normalize(c.Coupon) != coupon.Normalize(o.Coupon) {
		return false
	}
	want := map[string]int{}
	for _, it := range o.Items {
		want[it.SKU] += it.Quantity
	}
	got := map[string]int{}
	for _, it := range c.Items {
		got[it.SKU] += it.Quantity
	}
	if len(got) != len(want) {
		return false
	}
	for sku, n := range want {
		if got[sku] != n {
			return false
		}
	}
	return true
}
