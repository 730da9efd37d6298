package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// journals are two products of one kind: a pad whose title carries a pack
// size ("5-Pack") and a journal that comes in paper sizes and colours.
func journals() []catalog.Product {
	return []catalog.Product{
		{Handle: "memo-pad-5", Title: "Memo Pad A4 Lined 5-Pack", Type: "Journals", Status: "active",
			Variants: []catalog.Variant{{SKU: "MEMO-5", Price: eur("6.00"), Stock: 30}}},
		{Handle: "lined-journal", Title: "Lined Journal", Type: "Journals", Status: "active", Options: []string{"Size", "Color"},
			Variants: []catalog.Variant{
				{SKU: "LJ-A5-TEAL", Options: map[string]string{"Size": "A5", "Color": "Teal"}, Price: eur("12.00"), Stock: 4},
				{SKU: "LJ-A5-PLUM", Options: map[string]string{"Size": "A5", "Color": "Plum"}, Price: eur("12.00"), Stock: 0},
				{SKU: "LJ-A4-TEAL", Options: map[string]string{"Size": "A4", "Color": "Teal"}, Price: eur("14.00"), Stock: 2},
			}},
	}
}

// listsSKU reports whether a products message lists the variant with that stock.
func listsSKU(ms []conversation.Message, sku string, inStock bool) bool {
	for _, m := range ms {
		if m.Type != "products" {
			continue
		}
		for _, it := range m.Items {
			for _, v := range it.Variants {
				if v.SKU == sku && v.InStock == inStock {
					return true
				}
			}
		}
	}
	return false
}

// A paper size asked for ("A5") is a value of the product that comes in it,
// not the number of another title ("5-Pack"): the answer is about the
// journal, sold out in that colour, not the pad.
func TestAvailability_AskedValueIsNoTitleNumber(t *testing.T) {
	h := newHarnessWith(t, script{
		"do you have the lined journal in plum, a5?": intent("product_availability",
			ent("category", "journal", "journal"), ent("color", "plum", "plum")),
	}, journals())
	out := h.say("do you have the lined journal in plum, a5?")
	if !listsSKU(out, "LJ-A5-PLUM", false) {
		t.Fatalf("answer does not show the plum A5 journal sold out: %s", texts(out))
	}
	if !strings.Contains(texts(out), "sold out") {
		t.Fatalf("answer = %s", texts(out))
	}
}
