package dialog

// This file reads short messages by the conversation's context where the
// NLU, which sees the message alone, guesses something unrelated.

// checkoutReading reports a short message that says to pay ("det var alt,
// betale", "itu saja, bayar") while the NLU guessed a goodbye, a thanks or
// a remark: with something in the cart or a product in focus, the word of
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
	if t.st.Focus != "" {
		return true
	}
	c, err := b.cartOf(t)
	return err == nil && len(c.Items) > 0
}
