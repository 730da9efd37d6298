package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// card is a product card as the dialogue writes one, with what HTML
// escaping and a marker-looking title could break.
func card(sku string, stock int) conversation.Item {
	eur := func(a int64) money.Money { return money.Money{Amount: a, Currency: "EUR"} }
	was := eur(12900)
	return conversation.Item{
		SKU: sku, Handle: "runner-" + sku, Title: `Runner <"Pro"> & {"$card":"x"}`, Price: eur(8900), CompareAtPrice: &was,
		ImageURL: "/img/" + sku + ".svg", InStock: stock > 0,
		Variants: []conversation.ItemVariant{
			{SKU: sku + "-42", Options: conversation.Values{"Size": "42"}, InStock: stock > 0, Stock: stock, Price: eur(8900),
				Display: conversation.Values{"Size": "42"}, Payload: "variant:" + sku + "-42"},
			{SKU: sku + "-43", Options: conversation.Values{"Size": "43"}, Price: eur(8900)},
		},
		Options:      []conversation.Option{{Title: "Details", Payload: "details:" + sku}},
		OptionLabels: conversation.Values{"Size": "Maat"},
		PriceText:    "€ 89,00",
	}
}

// TestSaveTurn_StoresEachCardOnce checks that a card shown in many turns
// is written once, that a message's stored body holds only references,
// and that reading gives back exactly what the turn answered, in this
// process and in one that remembers no card (a restart, another instance).
func TestSaveTurn_StoresEachCardOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_cards", Channel: "rest", Status: conversation.StatusBot, Language: "nl", State: []byte(`{}`)}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		turns := [][]conversation.Message{
			{{From: "shopper", Type: "text", Text: "sneakers"},
				{From: "bot", Type: "text", Text: "Deze heb ik:"},
				{From: "bot", Type: "products", Reason: "search", Items: []conversation.Item{card("A", 3), card("B", 1)}, Options: []conversation.Option{{Title: "Meer", Payload: "more"}}}},
			// The same two cards again, and A twice in one message.
			{{From: "bot", Type: "products", Reason: "similar", Items: []conversation.Item{card("B", 1), card("A", 3), card("A", 3)}}},
			// A's stock changed: a new card, B's is the old one.
			{{From: "bot", Type: "products", Items: []conversation.Item{card("A", 2), card("B", 1)}}},
			{{From: "bot", Type: "text", Text: "geen kaarten"}},
		}
		wantRows := []int{2, 2, 3, 3}
		var answered []string
		for i, msgs := range turns {
			saved, err := db.SaveTurn(ctx, c, msgs)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range saved {
				answered = append(answered, string(m.Encoded))
				stored, err := db.StoredBody(ctx, c.ID, m.Seq)
				if err != nil {
					t.Fatal(err)
				}
				if len(m.Items) > 0 && (strings.Contains(stored, `"variants"`) || strings.Count(stored, `{"$card":"`) != len(m.Items)) {
					t.Errorf("message %d stored with its cards inline: %s", m.Seq, stored)
				}
			}
			if n, err := db.CardRows(ctx); err != nil || n != wantRows[i] {
				t.Errorf("after turn %d: %d stored cards (%v), want %d", i+1, n, err, wantRows[i])
			}
		}
		for _, forget := range []bool{false, true} {
			if forget {
				db.ForgetCards()
			}
			got, err := db.MessagesAfter(ctx, c.ID, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(answered) {
				t.Fatalf("read %d messages, want %d", len(got), len(answered))
			}
			for i, m := range got {
				b, err := m.AppendJSON(nil)
				if err != nil {
					t.Fatal(err)
				}
				if string(b) != answered[i] {
					t.Errorf("forgotten=%v: message %d reads\n%s\nanswered\n%s", forget, m.Seq, b, answered[i])
				}
			}
		}
	})
}

// TestMessagesAfter_ReadsCardsStoredInline checks that messages stored
// before cards were kept apart (cards inside the body) still read.
func TestMessagesAfter_ReadsCardsStoredInline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &conversation.Conversation{ID: "c_old", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
		if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
			t.Fatal(err)
		}
		old := conversation.Message{Seq: 1, From: "bot", Type: "products", Items: []conversation.Item{card("A", 3)}}
		body, err := json.Marshal(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InsertRawMessage(ctx, c.ID, 1, string(body)); err != nil {
			t.Fatal(err)
		}
		got, err := db.MessagesAfter(ctx, c.ID, 0, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("MessagesAfter = %d messages, %v", len(got), err)
		}
		gj, _ := json.Marshal(got[0])
		if string(gj) != string(body) {
			t.Errorf("read\n%s\nstored\n%s", gj, body)
		}
	})
}
