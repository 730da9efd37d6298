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

// Words that describe the product under discussion in its own text ("the
// ceramic coated one" of the hive tool whose description says so) keep it, rather
// than another product whose title has the words; a kind named, or another
// product named in full, is that other product.
func TestContext_AFeatureOfTheProductInFocusKeepsIt(t *testing.T) {
	shop := apiary()
	shop[2].BodyHTML = "<p>A flat steel lever with a ceramic coated edge, to prise frames apart.</p>"
	shop = append(shop, catalog.Product{Handle: "frame-grip", Title: "Ceramic Coated Frame Grip", Type: "Frame Grips", Status: "active",
		Variants: []catalog.Variant{{SKU: "L1", Price: eur("5.00"), Stock: 4}}})
	for _, tt := range []struct {
		name  string
		steps []string
		first string // the first product card of the last reply
		ask   string // the field the last reply asks for
	}{
		{"a description of the product in focus", []string{"stainless hive tool", "the ceramic coated one"}, "hive-tool", ""},
		{"a description with a name read in it", []string{"stainless hive tool", "the ceramic one"}, "hive-tool", ""},
		{"another product named in full", []string{"stainless hive tool", "ceramic coated frame grip"}, "frame-grip", ""},
		{"another kind named", []string{"stainless hive tool", "a ceramic coated grip"}, "frame-grip", ""},
		{"another kind named beside an unsure search", []string{"copper smoker", "copper excluder"}, "queen-excluder", "product"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			withShop, useShop := shopWith(t, shop)
			sc := script{
				"stainless hive tool": intent("product_search", ent("product", "hive-tool", "stainless hive tool")),
				"the ceramic one":     intent("product_search", ent("product", "frame-grip", "ceramic")),
			}
			for _, s := range tt.steps {
				if _, ok := sc[s]; !ok {
					sc[s] = intent("product_search")
				}
			}
			h := checkoutHarness(t, sc, "en", nil, withShop)
			useShop(h)
			var out, ask, first string
			for _, s := range tt.steps {
				ms := h.say(s)
				out, ask, first = texts(ms), lastInput(ms), ""
				if c := find(ms, "products"); c != nil && len(c.Items) > 0 {
					first = c.Items[0].Handle
				}
			}
			if first != tt.first || ask != tt.ask {
				t.Fatalf("first card %q asking %q, want %q asking %q: %s", first, ask, tt.first, tt.ask, out)
			}
		})
	}
}

// carMats are made-up products of one kind that all come in black.
var carMats = []catalog.Product{
	{Handle: "boot-liner", Title: "Boot Liner with Bumper Flap", Type: "Car Mats", Status: "active", Options: []string{"Color"},
		BodyHTML: "<p>Protects the boot from muddy paws.</p>",
		Variants: []catalog.Variant{
			{SKU: "BL-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("44.00"), Stock: 4},
			{SKU: "BL-GRY", Options: map[string]string{"Color": "Grey"}, Price: eur("44.00"), Stock: 4},
		}},
	{Handle: "rubber-mats", Title: "Universal Rubber Car Mats", Type: "Car Mats", Status: "active", Options: []string{"Color"},
		Variants: []catalog.Variant{
			{SKU: "RM-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("29.00"), Stock: 4},
			{SKU: "RM-GRY", Options: map[string]string{"Color": "Grey"}, Price: eur("29.00"), Stock: 4},
		}},
	{Handle: "carpet-mats", Title: "Universal Carpet Car Mats", Type: "Car Mats", Status: "active", Options: []string{"Color"},
		Variants: []catalog.Variant{
			{SKU: "CM-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("34.00"), Stock: 4},
		}},
}

// Words of the search the catalogue does not read ("universele rubberen",
// a shopper's own spelling) still tell the listed products apart when the
// next message chooses by an option all of them have: the one whose own
// text has those words, not a question among all that fit the colour.
func TestAddToCart_TheSearchsOwnWordsChooseAmongProductsThatFitTheOption(t *testing.T) {
	shop, useShop := shopWith(t, carMats)
	s := script{
		"ik zoek universele rubberen automatten": intent("product_search", ent("category", "car mats", "automatten")),
		"in het zwart graag":                     intent("add_to_cart", ent("color", "Black", "zwart")),
		"ik zoek automatten":                     intent("product_search", ent("category", "car mats", "automatten")),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"the search's words tell", []string{"ik zoek universele rubberen automatten", "in het zwart graag"}, map[string]int{"RM-BLK": 1}},
		{"nothing told: asked, nothing added", []string{"ik zoek automatten", "in het zwart graag"}, map[string]int{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, shop, useShop, tt.said, tt.want)
		})
	}
}

// litters are made-up products of one kind, one of them in a 20 L bag.
var litters = []catalog.Product{
	{Handle: "litter-scoop", Title: "Litter Scoop", Type: "Cat Litter", Status: "active",
		Variants: []catalog.Variant{{SKU: "LS-1", Price: eur("4.00"), Stock: 9}}},
	{Handle: "tofu-litter", Title: "Tofu Cat Litter", Type: "Cat Litter", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "TL-6", Options: map[string]string{"Size": "6 L"}, Price: eur("12.00"), Stock: 9},
			{SKU: "TL-12", Options: map[string]string{"Size": "12 L"}, Price: eur("20.00"), Stock: 9},
		}},
	{Handle: "clay-litter", Title: "Clumping Clay Cat Litter", Type: "Cat Litter", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "CL-10", Options: map[string]string{"Size": "10 L"}, Price: eur("9.00"), Stock: 9},
			{SKU: "CL-20", Options: map[string]string{"Size": "20 L"}, Price: eur("15.00"), Stock: 9},
		}},
}

// A measure said with the search ("kattegrus 20 liter") that the search did
// not keep as an option still picks, among the products listed, the one
// that comes in it when the next message only says "yes, add it"; a
// measure said now wins over it.
func TestAddToCart_AMeasureSaidWithTheSearchPicksAmongTheList(t *testing.T) {
	shop, useShop := shopWith(t, litters)
	s := script{
		"kattegrus 20 liter":   intent("product_search", ent("category", "cat litter", "kattegrus")),
		"yes that one, add it": intent("add_to_cart"),
		"the 6 liter one":      intent("add_to_cart"),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"the measure of the search", []string{"kattegrus 20 liter", "yes that one, add it"}, map[string]int{"CL-20": 1}},
		{"a measure said now", []string{"kattegrus 20 liter", "the 6 liter one"}, map[string]int{"TL-6": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, shop, useShop, tt.said, tt.want)
		})
	}
}

// toolBags are made-up products of one kind told apart by a zip.
var toolBags = []catalog.Product{
	{Handle: "tote-bag", Title: "Open Tote Tool Bag", Type: "Tool Bags", Status: "active",
		Variants: []catalog.Variant{{SKU: "TB-TOTE", Price: eur("29.00"), Stock: 4}}},
	{Handle: "zip-bag", Title: "Wide Mouth Zip Tool Bag", Type: "Tool Bags", Status: "active",
		Variants: []catalog.Variant{{SKU: "TB-ZIP", Price: eur("39.00"), Stock: 4}}},
}

// A product's name said under a negation ("the one without a zip", "yang
// takde zip tu") rules that product out: the product in focus is bought,
// not the one named.
func TestAddToCart_ANameSaidUnderANegationIsNotTheOneMeant(t *testing.T) {
	shop, useShop := shopWith(t, toolBags)
	s := script{
		"open tote tool bag":        intent("product_search", ent("product", "tote-bag", "open tote tool bag")),
		"the one without zip is ok": intent("add_to_cart", ent("product", "zip-bag", "zip")),
		"yang takde zip tu ok":      intent("add_to_cart", ent("product", "zip-bag", "zip")),
		"the zip one then":          intent("add_to_cart", ent("product", "zip-bag", "zip")),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"english", []string{"open tote tool bag", "the one without zip is ok"}, map[string]int{"TB-TOTE": 1}},
		{"malay", []string{"open tote tool bag", "yang takde zip tu ok"}, map[string]int{"TB-TOTE": 1}},
		{"said plainly it is the one", []string{"open tote tool bag", "the zip one then"}, map[string]int{"TB-ZIP": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, shop, useShop, tt.said, tt.want)
		})
	}
}

// A message that names more of another product's title than of the
// suggestion's ("the clear toiletry bags for liquids" after a hanging toiletry
// bag with a pocket for liquids was suggested) means that other product.
func TestAddToCart_TheTitleNamedOutweighsTheSuggestion(t *testing.T) {
	shop := []catalog.Product{
		{Handle: "cubes", Title: "Packing Cubes Set", Type: "Packing Cubes", Status: "active",
			Variants: []catalog.Variant{{SKU: "CUBE-4", Price: eur("29.00"), Stock: 5}}},
		{Handle: "hanging-bag", Title: "Hanging Toiletry Bag XL", Type: "Toiletry Bags", Status: "active",
			BodyHTML: "<p>Hanging toiletry bag with a clear pocket for liquids.</p>",
			Variants: []catalog.Variant{{SKU: "HANG-XL", Price: eur("39.00"), Stock: 5}}},
		{Handle: "clear-bag", Title: "Clear Liquids Bag", Type: "Toiletry Bags", Status: "active",
			Variants: []catalog.Variant{{SKU: "CLEAR-2", Price: eur("5.00"), Stock: 5}}},
	}
	withShop, useShop := shopWith(t, shop)
	withSuggestions := func(d *dialog.Deps) {
		withShop(d)
		d.Recommend = suggests{shop[1]}
	}
	s := script{
		"packing cubes": intent("add_to_cart", ent("product", "cubes", "packing cubes")),
		"plus the clear toiletry bags for liquids": intent("product_info", ent("product", "clear-bag", "liquids")),
		"and the toiletry bag that goes with it":   intent("add_to_cart", ent("category", "toiletry_bags", "toiletry bag")),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"the other title named", []string{"packing cubes", "plus the clear toiletry bags for liquids"}, map[string]int{"CUBE-4": 1, "CLEAR-2": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, withSuggestions, useShop, tt.said, tt.want)
		})
	}
}
