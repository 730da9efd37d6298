package dialog

// This file reads short messages by the conversation's context where the
// NLU, which sees the message alone, guesses something unrelated.

// checkoutReading reports a short message that says to pay ("det var alt,
// betale", "itu saja, bayar") while the NLU guessed a goodbye, a thanks or
// a remark: with something in the cart or products on screen, the word of
// paying is what the shopper wants done. A question about a way to pay
// ("can I pay by card?") is no such message.
func (b *Bot) checkoutReading(t *turn) bool {
	if t.inCheckout || !shortMessage(t.res.Text, 6) {
		return false
	}
	switch t.res.Intent.Name {
	case "goodbye", "thanks", "deny", "affirm", "feedback", "complaint", "out_of_scope", "greet", "":
	default:
		return false
	}
	if !anyOf(t.res.Text, lexicon.PayNow) || anyOf(t.res.Text, lexicon.PayMethods) || anyOf(t.res.Text, lexicon.OrderWords) {
		return false
	}
	for _, kind := range []string{"order_number", "email", "phone"} {
		if _, ok := t.res.First(kind); ok {
			return false
		}
	}
	if t.st.Focus != "" || len(t.st.Shown) > 0 {
		return true // with products on screen the checkout says what is missing; a goodbye would drop them
	}
	c, err := b.cartOf(t)
	return err == nil && len(c.Items) > 0
}

// removalReading reports a message that takes a line of the cart out
// ("on second thought, drop the practice pad") while the NLU, unsure,
// guessed a question about the product: a word of removing and a word of
// a line in the cart. A question ("is the pad out of stock?") is none, nor
// is "out" alone, which says as often that a thing is sold out.
func (b *Bot) removalReading(t *turn) bool {
	if t.inCheckout || t.res.Intent.Confidence >= fairlySure || asksQuestion(t.res.Text) {
		return false
	}
	switch t.res.Intent.Name {
	case "product_info", "product_search", "product_availability", "feedback", "complaint", "out_of_scope", "":
	default:
		return false
	}
	removes := false
	for _, w := range lexicon.TakeOut {
		if w != "out" && w != "uit" && w != "keluar" && w != "ut" && anyOf(t.res.Text, []string{w}) {
			removes = true
		}
	}
	if !removes {
		return false
	}
	c, err := b.cartOf(t)
	return err == nil && len(c.Items) > 0 && b.namesLine(t, c)
}
