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

// A kind the NLU read filters the list, and the shopper's words still order
// it by what they fit: the one they name first, not the catalogue's first of
// the kind.
func TestSearch_AKindFilteredIsOrderedByTheWordsSaid(t *testing.T) {
	stock := func(sku string) []catalog.Variant {
		return []catalog.Variant{{SKU: sku, Price: eur("25.00"), Stock: 5}}
	}
	more := []catalog.Product{
		{Handle: "clip-light", Title: "Bedside Reading Clip", Type: "Lamps", Status: "active", Variants: stock("CL-1"),
			BodyHTML: "<p>Clips onto a headboard; a small lamp for reading.</p>"},
		{Handle: "desk-lamp", Title: "Swing Arm Desk Lamp", Type: "Lamps", Status: "active", Variants: stock("DL-1")},
		{Handle: "white-env", Title: "Window Envelopes DL", Type: "Envelopes", Status: "active", Variants: stock("EN-2")},
		{Handle: "kraft-env", Title: "Kraft Envelopes C5 Brown", Type: "Envelopes", Status: "active", Variants: stock("EN-1")},
		{Handle: "torch", Title: "Pocket Torch", Type: "Torches", Status: "active", Variants: stock("TO-1"),
			BodyHTML: "<p>A bright beam that fits a pocket.</p>"},
	}
	tests := []struct {
		name, text string
		res        nlu.Result
		first      string
	}{
		{"the words that say which of the kind come first", "desk lamp",
			intent("product_search", ent("category", "Lamps", "desk lamp")), "desk-lamp"},
		{"a colour no variant has still orders the closest", "brown envelopes",
			intent("product_search", ent("category", "Envelopes", "envelopes"), ent("color", "brown", "brown")), "kraft-env"},
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

// The words order the kind the NLU read; when no product of it has them
// (the NLU's kind is another reading of the words), the kind is still
// listed rather than nothing.
func TestSearch_AKindWhoseProductsLackTheWordsIsStillListed(t *testing.T) {
	more := []catalog.Product{
		{Handle: "garden-lantern", Title: "Solar Garden Lantern", Type: "Outdoor Lights", Status: "active",
			Variants: []catalog.Variant{{SKU: "GL-1", Price: eur("19.00"), Stock: 3}}},
		{Handle: "beam-torch", Title: "Beam Torch", Type: "Torches", Status: "active",
			Variants: []catalog.Variant{{SKU: "BT-1", Price: eur("15.00"), Stock: 3}}},
	}
	h := newHarnessWith(t, script{"lantern": intent("product_search", ent("category", "Torches", "lantern"))}, more)
	out := h.say("lantern")
	if got := firstShown(out); got == "" {
		t.Errorf("lantern: no products shown: %s", texts(out))
	}
}
