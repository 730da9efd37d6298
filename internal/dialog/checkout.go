package dialog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
)

// checkout walks the shopper from cart to payment link, asking only for
// what is still missing: e-mail, name, address, shipping option.
func (b *Bot) checkout(t *turn) error {
	c, err := b.cartOf(t)
	if err != nil {
		return err
	}
	if len(c.Items) == 0 {
		if ok, err := b.buyFocused(t); ok || err != nil {
			return err
		}
		if ok, err := b.buyBestShown(t); ok || err != nil {
			return err
		}
		if ok, err := b.askWhichToBuy(t); ok || err != nil {
			return err
		}
		m := b.say(t, "cart.empty")
		m.Options = b.starters(t.lang)
		t.st.Checkout, t.st.Ask = nil, ""
		return nil
	}
	if b.Payments != nil && b.Payments.Gateway() == "" {
		// No way to take the money: say so before asking for an e-mail and
		// an address, and place no order that would hold stock for nothing.
		b.say(t, "checkout.no_payment")
		t.st.Checkout, t.st.Ask = nil, ""
		return nil
	}
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	cs := t.st.Checkout
	if err := b.recheck(t, c); err != nil || len(c.Items) == 0 {
		return err
	}
	if cs.Email == "" && t.res.Text != "" && t.st.Ask == "" {
		// "I'd like to pay, my e-mail is tom@x.net": the details said with
		// the request are not asked for again (checkout_answers.go).
		if email, rest := emailIn(t, t.res.Text); email != "" {
			cs.Email = email
			b.takeExtras(t, rest, true)
		}
	}
	if cs.Email == "" && t.c.CustomerID != 0 {
		email, name, _, err := b.Customers.Customer(t.ctx, t.c.CustomerID)
		if err != nil {
			return err
		}
		cs.Email = email
		if cs.Name == "" {
			cs.Name = name
		}
	}
	if cs.Email == "" {
		b.say(t, "checkout.ask_email")
		t.st.Ask, t.st.After = "email", "checkout"
		return nil
	}
	if cs.Address == nil {
		return b.askAddress(t)
	}
	if !b.ships(t, cs.Address.Country) {
		// Before the name and the options: nothing to choose from there.
		b.notShipped(t, cs.Address.Country) // checkout_answers.go
		return nil
	}
	if cs.Address.Name == "" {
		if cs.Name == "" {
			b.say(t, "checkout.ask_name")
			t.st.Ask, t.st.After = "name", "checkout"
			return nil
		}
		cs.Address.Name = cs.Name
	}
	options := b.Shipping.Options(cs.Address.Country, c.Subtotal(), b.Now())
	chosen, ok := findOption(options, cs.Option)
	if !ok {
		if len(options) == 1 {
			chosen, cs.Option = options[0], options[0].Code
		} else {
			return b.askShipping(t, options)
		}
	}
	if chosen.Code == "pickup" && b.Stores != nil {
		if asked, err := b.askPickupStore(t, c, options); asked || err != nil {
			return err
		}
	}
	return b.placeAndPay(t, c, chosen)
}

// buyFocused reads "I'll pay" with an empty cart and one product being
// talked about (shown alone, its size or colour just confirmed in stock) as
// buying that product: it goes into the cart, or its missing choice is
// asked with the checkout to follow (payAfterChoice), rather than "your
// cart is empty" to a shopper who plainly chose.
func (b *Bot) buyFocused(t *turn) (bool, error) {
	if t.st.Focus == "" || t.st.After == "add_to_cart" {
		return false, nil // a choice pending is payWhileChoosing's
	}
	if t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" {
		return false, nil // bought already: the cart was emptied by the payment
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil || !p.InStock() || slices.Contains(t.st.Removed, p.Handle) {
		return false, nil
	}
	// A count the shopper said for this product and never changed ("six
	// balls of the merino", then "pay") is the order's, as a shop assistant
	// would take it; a new request without a number forgot it already
	// (notePending), and a number that was the size or a measure ("the 20
	// litre one looks ok") is told from a count where it was said
	// (continueAdd reads QtyText).
	if t.st.More {
		t.st.More = false // "2 more" of nothing in the cart is two
	}
	return true, b.buyNow(t, p)
}

// buyBestShown reads "I'll pay" with an empty cart after a list as buying
// the product of the list that fits the request clearly best ("2 boxes of
// the 24 colour pencils", then "that's all, pay"): the shopper asked for
// it and never said which, and "your cart is empty" leaves them nowhere.
// Only a clear best (bestOfShown) is taken, and the checkout shows the
// order before any payment, so a wrong guess is seen and mended there.
func (b *Bot) buyBestShown(t *turn) (bool, error) {
	if t.st.Focus != "" || t.st.After == "add_to_cart" && t.st.Ask != "product" {
		return false, nil
	}
	if t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" {
		return false, nil
	}
	p := b.bestOfShown(t)
	if p == nil || !p.InStock() || slices.Contains(t.st.Removed, p.Handle) {
		return false, nil // taken out on purpose: no guess buys it back
	}
	want := t.st.Want
	if t.st.LastQuery != nil && len(t.st.LastQuery.Options) > 0 {
		want = t.st.LastQuery.Options
	}
	t.st.Focus, t.st.Want = p.Handle, fitOptions(p, want)
	// The count noted with the request that showed the list ("2 boxes
	// of …"; a later request without one forgot it) is the order's.
	if n, _ := quantitySaid(t.res); n > 0 {
		t.st.Qty, t.st.More = n, false
	}
	return true, b.buyNow(t, p)
}

// noteRemoved remembers the product of a line the shopper took out, so that
// a "pay" next, with the cart empty, is never read as buying it again
// (buyFocused, buyBestShown, askWhichToBuy): it went out on purpose.
// Adding it again (setLine) forgets the note.
func (b *Bot) noteRemoved(t *turn, sku string) {
	p, err := b.lineProduct(t, sku)
	if err != nil || slices.Contains(t.st.Removed, p.Handle) {
		return
	}
	t.st.Removed = append(t.st.Removed, p.Handle)
}

// askWhichToBuy reads "pay" with an empty cart and several products on
// screen, none of them clearly the one asked for, as a choice still to
// make: it asks which of them, and the checkout follows the choice
// (payAfterChoice). "Your cart is empty" would leave a shopper who plainly
// means to buy one of them nowhere.
func (b *Bot) askWhichToBuy(t *turn) (bool, error) {
	if len(t.st.Shown) < 2 || t.st.Ask != "" && t.st.Ask != "product" {
		return false, nil
	}
	if t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" {
		return false, nil // bought already: the cart was emptied by the payment
	}
	// A product taken out of the cart is no longer one of the choices.
	shown := slices.DeleteFunc(b.shownProducts(t, t.st.Shown), func(p catalog.Product) bool { return slices.Contains(t.st.Removed, p.Handle) })
	if len(shown) < 2 {
		return false, nil
	}
	p, ps := b.whichProduct(t, shown, true) // which_product.go
	if p == nil && len(ps) < 2 || p != nil && !p.InStock() {
		return false, nil
	}
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	t.st.Checkout.PayNext = true
	if p != nil {
		return true, b.settleProduct(t, p, "checkout")
	}
	b.askProduct(t, "checkout.which_to_buy", ps, "add_to_cart")
	return true, nil
}

// buyNow puts p in the cart with the checkout to follow, or asks its
// missing choice first, saying why.
func (b *Bot) buyNow(t *turn, p *catalog.Product) error {
	t.st.Ask, t.st.After = "", "" // an unanswered question ("your order number?") gives way
	if t.st.Checkout == nil {
		t.st.Checkout = &checkoutState{}
	}
	t.st.Checkout.PayNext = true
	if n, _ := quantitySaid(t.res); n > 0 {
		t.st.Qty = n
	}
	at := len(t.out)
	if err := b.continueAdd(t, p); err != nil {
		return err
	}
	if t.st.Ask != "" && t.st.After == "add_to_cart" {
		// A size or colour is still to choose: say why before asking.
		note := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: b.Messages.T(t.lang, "checkout.finish_choice")}
		t.out = append(t.out[:at], append([]conversation.Message{note}, t.out[at:]...)...)
	}
	return nil
}

// saysPay reports a message that names paying ("det var alt, betale").
func saysPay(text string) bool {
	return mentionsStem(text, lexicon.PayNow)
}

// namesPayMethod reports a message that names a way to pay ("by card",
// "քարտով", "med kort"): a question about paying so, not a request to pay
// now. Inflected forms count: Armenian and Malay add endings to the word.
func namesPayMethod(text string) bool {
	if anyOf(text, lexicon.PayMethods) {
		return true
	}
	for _, w := range fold.Words(text) {
		for _, p := range lexicon.PayMethods {
			if !strings.Contains(p, " ") && utf8.RuneCountInString(p) >= 4 && strings.HasPrefix(w, fold.String(p)) {
				return true
			}
		}
	}
	return false
}

// checkoutReading reports a short message that says to pay ("det var alt,
// betale", "itu saja, bayar") while the NLU guessed a goodbye, a thanks or
// a remark: the word of paying is what the shopper wants done (paysNow).
func (b *Bot) checkoutReading(t *turn) bool {
	switch t.res.Intent.Name {
	case "goodbye", "thanks", "deny", "affirm", "feedback", "complaint", "out_of_scope", "greet", "":
	default:
		return false
	}
	return b.paysNow(t)
}

// paysNow is the one reading of a request to pay said beside something
// else ("that was all, pay" guessed a goodbye): a short message with a
// word of paying, with something to buy (somethingToBuy) or products on
// screen to choose from (the checkout then asks which). Both ways to it,
// the reading before any skill (checkoutReading) and the goodbye skill,
// ask this, so "that was all, pay" never depends on which the NLU chose.
// A question about a way to pay ("can I pay by card?"), an order's words,
// an order number, an e-mail or a phone number make it no such request.
func (b *Bot) paysNow(t *turn) bool {
	if t.inCheckout || !shortMessage(t.res.Text, 8) || !saysPay(t.res.Text) {
		return false
	}
	if namesPayMethod(t.res.Text) || anyOf(t.res.Text, lexicon.OrderWords) {
		return false
	}
	for _, kind := range []string{"order_number", "email", "phone"} {
		if _, ok := t.res.First(kind); ok {
			return false
		}
	}
	if b.somethingToBuy(t) {
		return true
	}
	// A list on screen: the checkout asks which of it (askWhichToBuy).
	return len(t.st.Shown) > 1 && (t.st.Checkout == nil || t.st.Checkout.OrderNumber == "")
}

// somethingToBuy reports a cart with lines, or a product the shopper
// settled on or clearly asked for (buyFocused, buyBestShown): "pay" then
// is the way to the payment, whatever the classifier made of it.
func (b *Bot) somethingToBuy(t *turn) bool {
	if c, err := b.cartOf(t); err == nil && len(c.Items) > 0 {
		return true
	}
	if t.st.Checkout != nil && t.st.Checkout.OrderNumber != "" {
		return false
	}
	return t.st.Focus != "" || b.bestOfShown(t) != nil
}

// recheck tells the shopper about changed prices and trims lines to the
// stock there is; nothing changes silently.
func (b *Bot) recheck(t *turn, c *cart.Cart) error {
	changes, short, err := b.Carts.Recheck(t.ctx, c)
	if err != nil {
		return err
	}
	for _, ch := range changes {
		b.say(t, "checkout.price_changed", "item", ch.Title, "old", b.money(t, ch.Old), "new", b.money(t, ch.New))
	}
	for _, s := range short {
		it, _ := c.Find(s.SKU)
		if s.Available <= 0 {
			if err := b.Carts.Remove(t.ctx, c, s.SKU); err != nil && !errors.Is(err, cart.ErrNotInCart) {
				return err
			}
			b.say(t, "checkout.sold_out_removed", "item", it.Title)
			continue
		}
		if _, err := b.Carts.Set(t.ctx, c, s.SKU, s.Available); err != nil {
			return err
		}
		b.say(t, "checkout.quantity_reduced", "item", it.Title, "count", s.Available)
	}
	if len(c.Items) == 0 {
		m := b.say(t, "cart.empty")
		m.Options = b.starters(t.lang)
	}
	return nil
}

func (b *Bot) askAddress(t *turn) error {
	m := b.say(t, "checkout.ask_address")
	if t.c.CustomerID != 0 {
		prev, err := b.Customers.SavedAddresses(t.ctx, t.c.CustomerID)
		if err != nil {
			return err
		}
		for i, o := range prev {
			if i >= 3 {
				break
			}
			m.Options = append(m.Options, conversation.Option{Title: o.ShippingAddress.OneLine(), Payload: fmt.Sprintf("addr:%d", i)})
		}
		if len(m.Options) > 0 {
			m.Text = b.Messages.T(t.lang, "checkout.ask_address_saved")
		}
	}
	b.offerSaved(t, m)
	t.st.Ask, t.st.After = "shipping_address", "checkout"
	return nil
}

func (b *Bot) askShipping(t *turn, options []fulfilment.Option) error {
	m := b.say(t, "checkout.ask_shipping")
	for _, o := range options {
		m.Options = append(m.Options, conversation.Option{
			Title:   b.Messages.T(t.lang, "shipping.option", "name", b.Messages.T(t.lang, "shipping."+o.Code), "price", b.priceText(t.lang, o.Price), "from", dayText(t.lang, o), "to", dayTo(t.lang, o)),
			Payload: "ship:" + o.Code,
		})
	}
	t.st.Ask, t.st.After = "shipping_option", "checkout"
	return nil
}

func findOption(options []fulfilment.Option, code string) (fulfilment.Option, bool) {
	for _, o := range options {
		if o.Code == code {
			return o, true
		}
	}
	return fulfilment.Option{}, false
}

// placeAndPay creates the order with its stock reserved and sends the
// payment link. Asking again with the same cart gives the same order and link.
func (b *Bot) placeAndPay(t *turn, c *cart.Cart, ship fulfilment.Option) error {
	cs := t.st.Checkout
	subtotal := c.Subtotal()
	discount := money.New(0, c.Currency)
	shipping := ship.Price
	if c.Coupon != "" {
		d, err := b.Coupons.Check(t.ctx, c.Coupon, subtotal, t.c.CustomerID, b.Now())
		switch {
		case err == nil:
			discount = d.Amount
			if d.FreeShipping {
				shipping = money.New(0, c.Currency)
			}
		case errors.Is(err, coupon.ErrUnknown), errors.Is(err, coupon.ErrExpired), errors.Is(err, coupon.ErrMinSpend), errors.Is(err, coupon.ErrUsed):
			b.say(t, "coupon.dropped", "code", c.Coupon)
			if err := b.Carts.SetCoupon(t.ctx, c, ""); err != nil {
				return err
			}
		default:
			return err
		}
	}
	items := make([]order.Item, 0, len(c.Items))
	for _, it := range c.Items {
		items = append(items, order.Item{SKU: it.SKU, Title: it.Title, Quantity: it.Quantity, UnitPrice: it.UnitPrice})
	}
	estimate := ship.EarliestDay.Format("2006-01-02") + "/" + ship.LatestDay.Format("2006-01-02")
	points, pointsOff, err := b.checkoutPoints(t, money.New(subtotal.Amount-discount.Amount, c.Currency)) // loyalty.go
	if err != nil {
		return err
	}
	shipKey, store := ship.Code, ""
	if ship.Code == "pickup" {
		// Another store is another order: the key says which.
		store = cs.Store
		shipKey += "@" + store
	}
	key := checkoutKey(t.c.ID, c, cs, shipKey) + pointsKey(points)
	place := func() (*order.Order, error) {
		return b.Orders.PlaceCheckout(t.ctx, order.Checkout{
			NewOrder:       order.NewOrder{Email: cs.Email, Name: cs.Address.Name, Phone: cs.Phone, ShippingAddress: *cs.Address, IdempotencyKey: key},
			ConversationID: t.c.ID, Items: items, Discount: discount, Shipping: shipping,
			ShippingOption: ship.Code, DeliveryEstimate: estimate, Coupon: c.Coupon,
			LoyaltyPoints: points, LoyaltyDiscount: pointsOff, PickupStore: store,
		})
	}
	o, err := place()
	if errors.Is(err, order.ErrPoints) && cs.OrderNumber != "" {
		// The unpaid order this one replaces holds the points: it goes
		// first, giving them back, and the new one takes them.
		if _, err := b.Orders.Supersede(t.ctx, cs.OrderNumber); err != nil {
			return err
		}
		cs.OrderNumber = ""
		o, err = place()
	}
	if errors.Is(err, order.ErrPoints) {
		// Spent in another order meanwhile: go on without them.
		cs.UsePoints = false
		b.say(t, "loyalty.points_gone")
		return b.placeAndPay(t, c, ship)
	}
	for tries := 0; err == nil && o.Status == order.StatusCancelled && o.PaymentStatus != order.PaymentPaid && tries < 5; tries++ {
		// The last attempt at this very cart failed or expired unpaid: the
		// shopper tries again, which is a new order (the key says after
		// which one), not "already placed".
		key = checkoutKey(t.c.ID, c, cs, shipKey) + pointsKey(points) + ":after:" + o.Number
		o, err = place()
	}
	var se *cart.StockError
	if errors.Is(err, catalog.ErrOutOfStock) || errors.As(err, &se) {
		// Someone else bought the last one between the recheck and now.
		b.say(t, "checkout.stock_gone")
		return b.showCart(t, c)
	}
	if errors.Is(err, order.ErrBlocked) {
		// The fraud checks refused it; nothing was charged and the stock is back.
		t.st.Checkout = nil
		b.say(t, "risk.blocked")
		return nil
	}
	if errors.Is(err, coupon.ErrUsed) {
		// A single-use code was claimed by another order since the check.
		b.say(t, "coupon.dropped", "code", c.Coupon)
		if err := b.Carts.SetCoupon(t.ctx, c, ""); err != nil {
			return err
		}
		return b.showCart(t, c)
	}
	if err != nil {
		return err
	}
	if o.Status != order.StatusPending {
		// This exact cart was ordered and settled already; start afresh.
		t.st.Checkout = nil
		b.say(t, "checkout.already_placed", "number", o.Number)
		return nil
	}
	if old := cs.OrderNumber; old != "" && old != o.Number {
		// The cart or its total changed since the last link: that link
		// dies with its order, so no stale price is ever paid.
		changed, err := b.Orders.Supersede(t.ctx, old)
		if err != nil {
			return err
		}
		if changed { // the shopper may still hold the old link: say it died
			b.say(t, "cards.link_replaced", "number", old)
		}
	}
	cs.OrderNumber = o.Number
	if !slices.Contains(t.st.Verified, o.Number) {
		// Bought here: the shopper may ask about it later in this chat
		// without having to prove anything (see orders.go).
		t.st.Verified = append(t.st.Verified, o.Number)
	}
	pay, err := b.Payments.Start(t.ctx, o, b.BaseURL(t.ctx))
	if err != nil {
		return err
	}
	lines := make([]string, 0, len(o.Items))
	for _, it := range o.Items {
		lines = append(lines, b.Messages.T(t.lang, "cart.line", "qty", it.Quantity, "item", it.Title, "price", b.money(t, it.UnitPrice.Mul(it.Quantity))))
	}
	summary := b.Messages.T(t.lang, "checkout.summary",
		"lines", strings.Join(lines, "\n"), "subtotal", b.money(t, o.Subtotal), "shipping", b.priceText(t.lang, o.Shipping),
		"option", b.Messages.T(t.lang, "shipping."+ship.Code), "total", b.money(t, o.Total),
		"address", cs.Address.OneLine(), "from", dayText(t.lang, ship), "to", dayTo(t.lang, ship))
	if o.Discount.Amount > 0 {
		summary += "\n" + b.Messages.T(t.lang, "checkout.summary_discount", "code", o.Coupon, "discount", b.money(t, o.Discount))
	}
	summary += b.pointsLine(t, o) // loyalty.go
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: summary})
	url := pay.URL
	if strings.Contains(url, "/pay/") && !strings.Contains(url, "?") {
		url += "?lang=" + t.lang
	}
	link := conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "payment", URL: url,
		Text: b.Messages.T(t.lang, "checkout.pay_link", "total", b.money(t, o.Total), "number", o.Number, "minutes", int(order.ReservationTTL.Minutes()))}
	var methods []payment.Method
	if t.c.CustomerID != 0 && o.CustomerID == t.c.CustomerID {
		// Saved cards only for the proven customer's own order (paySaved
		// checks the same).
		if methods, err = b.Payments.Methods(t.ctx, t.c.CustomerID); err != nil {
			return err
		}
	}
	for _, m := range methods {
		if len(link.Options) < 2 {
			link.Options = append(link.Options, b.option(t, "option.pay_saved", fmt.Sprintf("paysaved:%d", m.ID), "method", m.Label))
		}
	}
	if err := b.offerPoints(t, o, &link); err != nil { // loyalty.go
		return err
	}
	t.out = append(t.out, link)
	t.st.Ask, t.st.After = "", ""
	return nil
}

// paySaved charges a returning customer's saved method for the order
// awaiting payment, and confirms it in the same turn.
func (b *Bot) paySaved(t *turn, methodID int64) error {
	if t.st.Checkout == nil || t.st.Checkout.OrderNumber == "" {
		return b.checkout(t)
	}
	o, err := b.Orders.ByNumber(t.ctx, t.st.Checkout.OrderNumber)
	if err != nil {
		return err
	}
	if o.PaymentStatus == order.PaymentPaid {
		b.say(t, "checkout.already_placed", "number", o.Number)
		t.st.Checkout = nil
		return nil
	}
	if t.c.CustomerID == 0 || o.CustomerID != t.c.CustomerID || o.ConversationID != t.c.ID {
		// Saved cards belong to a proven customer, paying for their own
		// order from this chat; a typed e-mail is not enough.
		b.fallback(t)
		return nil
	}
	paid, err := b.Payments.ChargeSaved(t.ctx, o, methodID)
	if err != nil {
		m := b.say(t, "order.payment_failed", "number", o.Number)
		m.Options = []conversation.Option{b.option(t, "option.try_again", "checkout")}
		return nil
	}
	c, err := b.cartOf(t)
	if err == nil {
		err = b.Carts.Clear(t.ctx, c)
	}
	if err != nil {
		return err
	}
	t.st.Checkout, t.st.Ask, t.st.After = nil, "", ""
	if paid.Status == order.StatusOnHold {
		t.out = append(t.out, b.onHold(t.lang, paid))
		return nil
	}
	t.out = append(t.out, b.confirmation(t.lang, paid))
	return nil
}

// checkoutKey identifies one checkout attempt: the same cart, address and
// option give the same key, so retries and double taps place one order.
func checkoutKey(convID string, c *cart.Cart, cs *checkoutState, option string) string {
	h := sha256.New()
	lines := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		// AddedAt tells this cart from an identical one bought earlier.
		lines = append(lines, fmt.Sprintf("%s*%d@%d+%d", it.SKU, it.Quantity, it.UnitPrice.Amount, it.AddedAt.UnixNano()))
	}
	sort.Strings(lines)
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s", convID, strings.Join(lines, ","), cs.Email, cs.Address.OneLine(), option, c.Coupon)
	return "chat:" + hex.EncodeToString(h.Sum(nil))[:32]
}

func dayText(lang string, o fulfilment.Option) string { return dayFormat(lang, o.EarliestDay) }
func dayTo(lang string, o fulfilment.Option) string   { return dayFormat(lang, o.LatestDay) }

// Confirmation is what the conversation hears when its order is paid; it also
// resets the checkout so the next purchase starts afresh.
func (b *Bot) Confirmation(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	resetCheckout(c)
	return []conversation.Message{b.confirmation(c.Language, o)}
}

func (b *Bot) confirmation(lang string, o *order.Order) conversation.Message {
	from, to, _ := strings.Cut(o.DeliveryEstimate, "/")
	msg := b.Messages.T(lang, "order.confirmed", "number", o.Number, "total", moneyIn(lang, o.Total),
		"from", dayFromISO(lang, from), "to", dayFromISO(lang, to), "email", o.Email)
	return conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: msg}
}

// OnHold is what the conversation hears when its paid order is held: the payment arrived, a person checks it
// before it is sent. It resets the checkout like a confirmation.
func (b *Bot) OnHold(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	resetCheckout(c)
	return []conversation.Message{b.onHold(c.Language, o)}
}

func (b *Bot) onHold(lang string, o *order.Order) conversation.Message {
	return conversation.Message{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(lang, "risk.on_hold", "number", o.Number, "total", moneyIn(lang, o.Total))}
}

// ReviewApproved is what the conversation hears when a held order is approved.
func (b *Bot) ReviewApproved(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	from, to, _ := strings.Cut(o.DeliveryEstimate, "/")
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(c.Language, "risk.approved", "number", o.Number, "from", dayFromISO(c.Language, from), "to", dayFromISO(c.Language, to), "email", o.Email)}}
}

// ReviewRejected is what the conversation hears when a held order is
// rejected and refunded.
func (b *Bot) ReviewRejected(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(c.Language, "risk.rejected", "number", o.Number, "total", moneyIn(c.Language, o.Total))}}
}

// PaymentFailed is what the conversation hears when a payment fails.
func (b *Bot) PaymentFailed(_ context.Context, c *conversation.Conversation, o *order.Order) []conversation.Message {
	lang := c.Language
	if len(c.State) > 0 {
		var st state
		if jsonUnmarshal(c.State, &st) == nil && st.Checkout != nil {
			st.Checkout.OrderNumber = ""
			c.State = jsonMarshal(st)
		}
	}
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text:    b.Messages.T(lang, "order.payment_failed", "number", o.Number),
		Options: []conversation.Option{{Title: b.Messages.T(lang, "option.try_again"), Payload: "checkout"}}}}
}

func resetCheckout(c *conversation.Conversation) {
	var st state
	if len(c.State) > 0 && jsonUnmarshal(c.State, &st) != nil {
		return
	}
	// The product bought is no longer the one being chosen: "pay" next with
	// the emptied cart is not buying it again (buyFocused).
	st.Checkout, st.Ask, st.After, st.Focus, st.Want = nil, "", "", "", nil
	c.State = jsonMarshal(st)
}
