package app

// Intents lists what the NLU can understand, for the web admin's
// training review.
func (p parser) Intents() []string { return p.a.Engine().Intents() }
