package dialog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Alerts keeps back-in-stock subscriptions.
type Alerts interface {
	Subscribe(ctx context.Context, sku, conversationID, language string) error
}

// payload handles a tapped quick reply. Payloads are ours, so unknown ones
// are a stale button: answered with the fallback, never an error.
func (b *Bot) payload(t *turn, p string) error {
	kind, arg, _ := strings.Cut(p, ":")
	if ok, err := b.cardPayload(t, kind, arg); ok { // cards.go
		return err
	}
	switch kind {
	case "handoff": // "handoff:<reason>" from any skill's "talk to a person" button
		return b.handOff(t, handoffReason(arg))
	case "prefs", "points": // saved preferences and loyalty (preferences.go, loyalty.go)
		return b.ownPayload(t, kind, arg)
	case "csat":
		return b.csatPayload(t, arg)
	case "review": // "review:<order>:<1–5>" from the review request after delivery
		return b.reviewPayload(t, arg)
	case "search":
		k, v, _ := strings.Cut(arg, "=")
		switch k {
		case "type":
			return b.search(t, catalog.Query{Type: v})
		case "tag":
			return b.search(t, catalog.Query{Tags: []string{v}})
		}
		return b.search(t, catalog.Query{Text: v})
	case "more", "cheaper", "in_stock":
		if t.st.LastQuery != nil {
			return b.refine(t, kind)
		}
	case "bundle": // "bundle:add:<skus>", "bundle:another" (bundle.go)
		return b.bundlePayload(t, arg)
	case "addone": // "one more" of a line already in the cart
		t.st.Qty, t.st.More = 1, true
		return b.addSKU(t, arg)
	case "add":
		v, err := b.Catalog.Variant(t.ctx, arg)
		if err != nil {
			break
		}
		if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
			t.st.Focus, t.st.Want = p.Handle, v.Options
		}
		return b.addSKU(t, arg)
	case "opt":
		name, val, _ := strings.Cut(arg, "=")
		if t.st.Want == nil {
			t.st.Want = map[string]string{}
		}
		t.st.Want[name] = val
		t.st.After = "add_to_cart"
		return b.resume(t)
	case "focus":
		t.st.Focus = arg
		if t.st.After == afterUnsure { // a pick from an unsure search's list (unsure.go)
			t.st.Ask, t.st.After = "", ""
		}
		if t.st.After == "add_to_cart" || t.st.After == "availability" {
			return b.resume(t)
		}
		if p, err := b.Catalog.Product(t.ctx, arg); err == nil {
			return b.tellAvailability(t, p, nil)
		}
	case "remove":
		c, err := b.cartOf(t)
		if err != nil {
			return err
		}
		return b.removeSKU(t, c, arg)
	case "qty": // "qty:<sku>=<n>" from a cart card's stepper: exactly n of that line, 0 removes it
		sku, count, _ := strings.Cut(arg, "=")
		n, err := strconv.Atoi(count)
		if sku == "" || err != nil || n < 0 {
			break
		}
		c, err := b.cartOf(t)
		if err != nil {
			return err
		}
		if n == 0 {
			return b.removeSKU(t, c, sku)
		}
		return b.setLine(t, c, sku, n)
	case "checkout":
		return b.checkout(t)
	case "view_cart":
		return b.viewCart(t)
	case "keep_shopping":
		t.st.Ask, t.st.After = "", ""
		m := b.say(t, "keep_shopping")
		m.Options = b.starters(t.lang)
		return nil
	case "ship":
		if t.st.Checkout != nil {
			t.st.Checkout.Option = arg
			t.st.After = "checkout"
			return b.resume(t)
		}
	case "pickup_store":
		if t.st.Checkout != nil && b.Stores != nil {
			if st, err := b.Stores.Get(t.ctx, arg); err == nil {
				return b.choosePickupStore(t, st)
			}
		}
	case "addr":
		i, err := strconv.Atoi(arg)
		if err == nil && t.st.Checkout != nil && t.c.CustomerID != 0 {
			prev, err := b.Customers.SavedAddresses(t.ctx, t.c.CustomerID)
			if err != nil {
				return err
			}
			if i >= 0 && i < len(prev) {
				a := prev[i].ShippingAddress
				t.st.Checkout.Address = &a
				t.st.After = "checkout"
				return b.resume(t)
			}
		}
	case "ret":
		return b.returnPayload(t, arg)
	case "notify":
		return b.subscribe(t, arg)
	case "pricedrop": // "pricedrop:<sku>": tell me if it gets cheaper
		return b.watchPrice(t, arg)
	case "order":
		// order:<number>:<skill> — a known customer picked one of their orders.
		number, skill, _ := strings.Cut(arg, ":")
		o, ok := b.verified(t, number)
		if !ok && skill == "order_status" {
			o, ok = b.proved(t, number) // number and e-mail open the status only
		}
		if ok {
			t.st.OrderSkill = skill
			return b.runOrderSkill(t, o)
		}
	case "aftersale":
		return b.afterSalePayload(t, arg)
	case "verify": // verify:send, verify:guest (verify.go)
		return b.verifyPayload(t, arg)
	case "paysaved":
		if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
			return b.paySaved(t, id)
		}
	case "article":
		if b.articlePayload(t, arg) {
			return nil
		}
	case "faq":
		b.say(t, "knowledge.no_handoff")
		return nil
	case "store":
		if b.storeDetails(t, arg) {
			return nil
		}
	case "storestock":
		if b.storeStockPayload(t, arg) {
			return nil
		}
	}
	b.fallback(t)
	return nil
}

// backInStock subscribes the shopper to the sold-out variant they mean.
func (b *Bot) backInStock(t *turn) error {
	p, ok, err := b.resolve(t)
	if err != nil {
		return err
	}
	if !ok {
		b.say(t, "cart.which_product")
		return nil
	}
	want := t.merged(p)
	want = fitOptions(p, want)
	var sku string
	for _, v := range catalog.MatchingVariants(*p, catalog.Query{Options: want}) {
		if !v.InStock() {
			sku = v.SKU
			break
		}
	}
	if sku == "" {
		// What they want is there: say so rather than wait for nothing.
		return b.tellAvailability(t, p, want)
	}
	return b.subscribe(t, sku)
}

func (b *Bot) subscribe(t *turn, sku string) error {
	v, err := b.Catalog.Variant(t.ctx, sku)
	if err != nil {
		b.fallback(t)
		return nil
	}
	if v.InStock() {
		b.say(t, "alert.already_in_stock")
		return nil
	}
	if err := b.Alerts.Subscribe(t.ctx, sku, t.c.ID, t.lang); err != nil {
		return err
	}
	title := sku
	if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
		title = catalog.VariantTitle(p, v)
	}
	b.say(t, "alert.subscribed", "item", title)
	return nil
}

// affirm continues what the bot offered last: adding the product in focus.
func (b *Bot) affirm(t *turn) error {
	if usualPending(t) { // "your usual 43?" "yes" (preferences.go)
		return b.takeUsual(t, t.st.Usual.Size)
	}
	if p := b.soldOutSwitch(t); p != nil {
		// "yes, that one" after "sold out; these are similar": the offer
		// (soldout.go), not the sold-out product still in focus.
		t.st.Focus, t.st.Want = p.Handle, b.keptFor(p, t.st.Want, nil)
	}
	if len(t.st.Shown) > 1 && !slices.Contains(t.st.Shown, t.st.Focus) {
		if p := b.bestOfShown(t); p != nil {
			t.st.Focus = p.Handle
		} else {
			return b.askWhich(t) // "yes, that one" about a list: which one?
		}
	}
	if len(t.st.Shown) == 1 {
		t.st.Focus = t.st.Shown[0]
	}
	if t.st.Focus != "" {
		if p, err := b.Catalog.Product(t.ctx, t.st.Focus); err == nil {
			t.st.Want = fitOptions(p, t.st.Want)
			return b.continueAdd(t, p)
		}
	}
	b.say(t, "affirm.reply")
	return nil
}

// BackInStock is the message a subscribed shopper gets when the variant
// returns: what is back, its card, and a button to add it.
func (b *Bot) BackInStock(ctx context.Context, c *conversation.Conversation, sku string) []conversation.Message {
	v, err := b.Catalog.Variant(ctx, sku)
	if err != nil {
		return nil
	}
	p, err := b.Catalog.ProductByID(ctx, v.ProductID)
	if err != nil {
		return nil
	}
	lang := c.Language
	card := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "availability", Items: []conversation.Item{Card(*p)},
		Options: []conversation.Option{{Title: b.Messages.T(lang, "option.add_to_cart"), Payload: "add:" + sku}}}
	return []conversation.Message{
		{From: conversation.FromBot, Type: conversation.TypeText, Text: b.Messages.T(lang, "alert.back", "item", catalog.VariantTitle(p, v))},
		card,
	}
}
