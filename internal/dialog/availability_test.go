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

// A measure said with "by" between its sides ("90 by 60") is the
// catalogue's "90 x 60 cm": the answer is about that size, sold out here,
// not the sizes in stock in general.
func TestAvailability_MeasureSaidWithByIsTheSize(t *testing.T) {
	boards := []catalog.Product{{Handle: "felt-board", Title: "Felt Notice Board", Type: "Notice Boards", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "FB-6040", Options: map[string]string{"Size": "60 x 40 cm"}, Price: eur("19.00"), Stock: 6},
			{SKU: "FB-9060", Options: map[string]string{"Size": "90 x 60 cm"}, Price: eur("29.00"), Stock: 0},
		}}}
	h := newHarnessWith(t, script{
		"is the felt notice board 90 by 60 in stock?": intent("product_availability", ent("product", "felt-board", "felt notice board")),
	}, boards)
	out := h.say("is the felt notice board 90 by 60 in stock?")
	if all := texts(out); !strings.Contains(all, "sold out") || !strings.Contains(all, "90 x 60 cm") {
		t.Fatalf("answer = %s", all)
	}
	if !listsSKU(out, "FB-9060", false) {
		t.Fatalf("the 90 x 60 board is not shown sold out: %s", texts(out))
	}
}
