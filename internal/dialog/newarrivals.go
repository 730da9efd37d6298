package dialog

import (
	"context"
	_ "embed"
	"encoding/json"
)

// ConsentGranter records a consent given in the chat; the Consents the
// app passes implement it (app/trust.go). Without it, "tell me about new
// arrivals" is not understood as an opt-in.
type ConsentGranter interface {
	Grant(ctx context.Context, conversationID string, customerID int64, purpose, source string) error
}

// NewArrivalsSource is the consent's source when a shopper asked in the
// chat to hear about new arrivals.
const NewArrivalsSource = "chat:new_arrivals"

//go:embed newarrivals.json
var newArrivalsJSON []byte

// arrivalWords are "new arrivals" and "tell me" in the six languages: both
// must be there, so "do you have new arrivals?" stays a search.
var arrivalWords struct{ Arrivals, Tell []string }

func init() {
	var raw struct {
		Arrivals map[string][]string `json:"arrivals"`
		Tell     map[string][]string `json:"tell"`
	}
	if err := json.Unmarshal(newArrivalsJSON, &raw); err != nil {
		panic("dialog new-arrival words: " + err.Error()) // embedded data: a bug, caught by every test
	}
	for _, ws := range raw.Arrivals {
		arrivalWords.Arrivals = append(arrivalWords.Arrivals, ws...)
	}
	for _, ws := range raw.Tell {
		arrivalWords.Tell = append(arrivalWords.Tell, ws...)
	}
}

// newArrivalsTurn answers "tell me about new arrivals": the shopper's
// consent to marketing is recorded (with the chat as its source), and the
// proactive queue then sends them new products, at most once a day, under
// the same rules as every marketing message; "stop" withdraws it.
func (b *Bot) newArrivalsTurn(t *turn) (bool, error) {
	g, ok := b.Consents.(ConsentGranter)
	if !ok || !anyOf(t.res.Text, arrivalWords.Arrivals) || !anyOf(t.res.Text, arrivalWords.Tell) {
		return false, nil
	}
	if err := g.Grant(t.ctx, t.c.ID, t.c.CustomerID, "marketing", NewArrivalsSource); err != nil {
		return true, err
	}
	b.say(t, "newarrivals.subscribed")
	return true, nil
}
