package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// firstShown is the handle of the first product card of a reply, "" when
// the reply shows none.
func firstShown(out []conversation.Message) string {
	for _, m := range out {
		if m.Type == conversation.TypeProducts && len(m.Items) > 0 {
			return m.Items[0].Handle
		}
	}
	return ""
}

// The NLU's category is one guess at one of the shopper's words: the search
// reads all of them, so a second kind word, a word the NLU read as another
// kind, or a feature only descriptions have still decides what comes first.
func TestSearch_ChatQueryKeepsTheShoppersOwnWords(t *testing.T) {
	stock := func(sku string) []catalog.Variant {
		return []catalog.Variant{{SKU: sku, Price: eur("30.00"), Stock: 5}}
	}
	more := []catalog.Product{
		{Handle: "soprano-uke", Title: "Kahu Soprano Ukulele", Type: "Ukuleles", Status: "active", Variants: stock("UKE-1")},
		{Handle: "uke-strings", Title: "Kahu Ukulele Strings", Type: "Strings", Status: "active", Variants: stock("UKS-1")},
		{Handle: "uke-bag", Title: "Kahu Padded Ukulele Bag", Type: "Bags", Status: "active", Variants: stock("UKB-1")},
		{Handle: "lamp-aaa", Title: "Beam Head Torch", Type: "Head Torches", Status: "active", Variants: stock("HT-1"),
			BodyHTML: "<p>Runs on three AAA cells.</p>"},
		{Handle: "lamp-usb", Title: "Beam Pro Head Torch", Type: "Head Torches", Status: "active", Variants: stock("HT-2"),
			BodyHTML: "<p>Rechargeable over USB-C.</p>"},
	}
	tests := []struct {
		name, text string
		res        nlu.Result
		first      string
	}{
		{"a second kind word is not dropped", "ukulele strings please",
			intent("product_search", ent("category", "Ukuleles", "ukulele"), ent("category", "Strings", "strings")), "uke-strings"},
		{"the shopper's word for the kind counts, not only the NLU's guess of it", "a bag for my ukulele",
			intent("product_search", ent("category", "Ukuleles", "ukulele")), "uke-bag"},
		{"a feature only the description has orders products of one type", "head torch rechargeable",
			intent("product_search", ent("category", "Head Torches", "head torch")), "lamp-usb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, script{tt.text: tt.res}, more)
			out := h.say(tt.text)
			if got := firstShown(out); got != tt.first {
				t.Errorf("%q: first product %q, want %q: %s", tt.text, got, tt.first, texts(out))
			}
		})
	}
}
