package app_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestChat_TurnsNeverChangeSharedProducts: products read from the cache
// share their tags, images, variant options and "was" prices with it and
// with every other turn (store.shareProduct, issue #17). A chat that
// searches, narrows, picks, taps the cards' buttons, fills its cart and
// starts the checkout, in several languages, must leave that data as it
// was read (the guard keeps a private copy of each cached product).
func TestChat_TurnsNeverChangeSharedProducts(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	texts := append(append([]string(nil), turnTexts...),
		"show me running shoes", "in black", "the second one", "size 43", "add it to my cart",
		"something cheaper?", "what goes with it?", "what's in my cart?", "checkout")
	cards := 0
	for _, lang := range []string{"en", "nl", "zh"} {
		id, token := s.startChat(lang)
		for _, text := range texts {
			for _, m := range s.say(id, token, text) {
				cards += len(m.Items)
				// Tap each card's first button and the message's first
				// quick reply, as a shopper on a channel would.
				var payloads []string
				for _, it := range m.Items[:min(len(m.Items), 2)] {
					if len(it.Options) > 0 {
						payloads = append(payloads, it.Options[0].Payload)
					}
				}
				if len(m.Options) > 0 {
					payloads = append(payloads, m.Options[0].Payload)
				}
				for _, p := range payloads {
					var r struct{ Messages []message }
					s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": p}, &r)
				}
			}
		}
	}
	if cards == 0 {
		t.Fatal("no product cards shown: the chat never read products")
	}
	for _, c := range s.app.DB.SharedProductsChanged() {
		t.Errorf("a turn changed shared catalogue data: %s", c)
	}
}
