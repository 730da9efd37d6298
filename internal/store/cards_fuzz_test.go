package store

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// FuzzSplitCards: whatever a shopper or a catalogue writes into a message
// or a card (a title that looks like a card reference included), a body
// split into references and cards reads back byte for byte.
func FuzzSplitCards(f *testing.F) {
	f.Add("hello", "Runner", `{"$card":"0123456789abcdef0123456789abcdef"}`)
	f.Add(`{"$card":"`, `"}`, "<b>&</b>")
	f.Fuzz(func(t *testing.T, text, title, handle string) {
		m := conversation.Message{From: "bot", Type: "products", Text: text,
			Items: []conversation.Item{{SKU: "a", Title: title, Handle: handle}, {SKU: "b", Title: text, Handle: title}}}
		body, spans, err := m.AppendJSONCards(nil, nil)
		if err != nil {
			t.Skip()
		}
		if len(spans) != 2 {
			t.Fatalf("%d cards found, want 2", len(spans))
		}
		stored, cards := splitCards(body, spans)
		byHash := map[string][]byte{}
		for _, c := range cards {
			byHash[c.hash] = c.body
		}
		if got := cardHashes(nil, stored); len(got) != 2 {
			t.Fatalf("%d references in %s, want 2", len(got), stored)
		}
		back, err := expandCards(stored, byHash)
		if err != nil || string(back) != string(body) {
			t.Fatalf("read back %s (%v), stored %s", back, err, body)
		}
	})
}
