package dialog

// This file reads short messages by the conversation's context where the
// NLU, which sees the message alone, guesses something unrelated.

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
