package dialog_test

import (
	"context"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// suggests is a recommender that offers its products, in order, to go
// with anything (those the request keeps).
type suggests []catalog.Product

func (s suggests) Rank(_ context.Context, req recommend.Request) []recommend.Scored {
	var out []recommend.Scored
	for i := range s {
		if req.Keep == nil || req.Keep(&s[i]) {
			out = append(out, recommend.Scored{Product: &s[i], Score: 1, Related: 0.5})
		}
	}
	return out
}

// cookware is a made-up shop: a pot, two lids of one kind (one of them
// the suggestion), and a spoon.
var cookware = []catalog.Product{
	{Handle: "copper-pot", Title: "Copper Stewpot 20 cm", Type: "Stewpots", Status: "active",
		Variants: []catalog.Variant{{SKU: "POT-20", Price: eur("59.00"), Stock: 5}}},
	{Handle: "steel-lid", Title: "Steel Lid 28 cm", Type: "Lids", Status: "active",
		Variants: []catalog.Variant{{SKU: "LID-S28", Price: eur("12.00"), Stock: 5}}},
	{Handle: "glass-lid", Title: "Tempered Glass Lid 20 cm", Type: "Lids", Status: "active",
		Variants: []catalog.Variant{{SKU: "LID-G20", Price: eur("14.00"), Stock: 5}}},
	{Handle: "olive-spoon", Title: "Olive Wood Spoon", Type: "Spoons", Status: "active",
		Variants: []catalog.Variant{{SKU: "SPOON-1", Price: eur("6.00"), Stock: 5}}},
}

// After the bot suggested a product to go with what was added, a request
// naming that product's kind ("the lid that goes with it") takes the
// suggestion, not another of the kind from the whole catalogue; a kind the
// suggestion lacks is searched as ever.
func TestAddToCart_TheKindOfTheSuggestionTakesTheSuggestion(t *testing.T) {
	shop, useShop := shopWith(t, cookware)
	withSuggestions := func(d *dialog.Deps) {
		shop(d)
		d.Recommend = suggests{cookware[2], cookware[3]}
	}
	s := script{
		"the copper stewpot":              intent("add_to_cart", ent("product", "copper-pot", "copper stewpot")),
		"and the lid that goes with it":   intent("add_to_cart", ent("category", "lids", "lid")),
		"add the lid as well":             intent("add_to_cart", ent("product", "steel-lid", "lid")),
		"and the steel lid 28 cm as well": intent("add_to_cart", ent("product", "steel-lid", "steel lid 28 cm")),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"a kind said", []string{"the copper stewpot", "and the lid that goes with it"}, map[string]int{"POT-20": 1, "LID-G20": 1}},
		{"a kind read as another product's name", []string{"the copper stewpot", "add the lid as well"}, map[string]int{"POT-20": 1, "LID-G20": 1}},
		{"the other product named in full", []string{"the copper stewpot", "and the steel lid 28 cm as well"}, map[string]int{"POT-20": 1, "LID-S28": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, withSuggestions, useShop, tt.said, tt.want)
		})
	}
}
