package dialog

import (
	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// maxPickupStores is the most stores offered as quick replies.
const maxPickupStores = 10

// pickupStores are the stores that hold every line of the cart in the
// quantity wanted: only there can the shopper pick the whole order up.
// A shop with no stores registered gets nil, false: pickup works as it
// did before stores existed, with no question.
func (b *Bot) pickupStores(t *turn, c *cart.Cart) ([]stores.Store, bool, error) {
	all, err := b.Stores.List(t.ctx)
	if err != nil || len(all) == 0 {
		return nil, false, err
	}
	skus := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		skus = append(skus, it.SKU)
	}
	var out []stores.Store
	for _, st := range all {
		stock, err := b.Stores.Stock(t.ctx, st.ID, skus)
		if err != nil {
			return nil, false, err
		}
		ok := true
		for _, it := range c.Items {
			if stock[it.SKU] < it.Quantity {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, st)
		}
	}
	return out, true, nil
}

// askPickupStore makes sure a pickup order has a store that has it all in
// stock. It reports true when it asked something (the turn ends there):
// which store, one quick reply per store with the items, or, when none
// has them, another way to ship.
func (b *Bot) askPickupStore(t *turn, c *cart.Cart, options []fulfilment.Option) (bool, error) {
	cs := t.st.Checkout
	ok, has, err := b.pickupStores(t, c)
	if err != nil || !has {
		return false, err
	}
	for _, st := range ok {
		if st.ID == cs.Store {
			return false, nil
		}
	}
	cs.Store = ""
	if len(ok) == 0 {
		// No store has it all: say so and offer the other ways.
		b.say(t, "agentcart.pickup_none")
		cs.Option = ""
		others := make([]fulfilment.Option, 0, len(options))
		for _, o := range options {
			if o.Code != "pickup" {
				others = append(others, o)
			}
		}
		return true, b.askShipping(t, others)
	}
	m := b.say(t, "agentcart.pickup_which")
	for i, st := range ok {
		if i == maxPickupStores {
			break
		}
		m.Options = append(m.Options, conversation.Option{Title: st.Name + ", " + st.City, Payload: "pickup_store:" + st.ID})
	}
	t.st.Ask, t.st.After = "pickup_store", "checkout"
	return true, nil
}

// choosePickupStore takes the store the shopper named or tapped.
func (b *Bot) choosePickupStore(t *turn, st stores.Store) error {
	t.st.Checkout.Store = st.ID
	b.say(t, "agentcart.pickup_chosen", "store", st.Name, "address", st.Address+", "+st.City)
	t.st.After = "checkout"
	return b.resume(t)
}
