package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// A made-up stationery shop: pencils sold by the pack ("Pack of 6", an
// option value with a function word in it), an ink refill in sizes that
// are words and a measure ("Blue 30 ml"), and a notebook and a ruler.
func stationeryShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "pencils", Title: "Graphite Drawing Pencils", Type: "Pencils", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "PEN-6", Options: map[string]string{"Size": "Pack of 6"}, Price: eur("4.00"), Stock: 30},
				{SKU: "PEN-12", Options: map[string]string{"Size": "Pack of 12"}, Price: eur("7.00"), Stock: 30},
			}},
		{Handle: "ink", Title: "Fountain Pen Ink", Type: "Ink", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "INK-B30", Options: map[string]string{"Size": "Blue 30 ml"}, Price: eur("6.00"), Stock: 30},
				{SKU: "INK-B50", Options: map[string]string{"Size": "Blue 50 ml"}, Price: eur("8.00"), Stock: 30},
			}},
		{Handle: "notebook", Title: "Dotted Notebook A5", Type: "Notebooks", Status: "active",
			Variants: []catalog.Variant{{SKU: "NB-A5", Price: eur("9.00"), Stock: 30}}},
		{Handle: "ruler", Title: "Steel Ruler 30 cm", Type: "Rulers", Status: "active",
			Variants: []catalog.Variant{{SKU: "RUL-30", Price: eur("3.00"), Stock: 30}}},
	}
}

func sure(r nlu.Result, conf float64) nlu.Result {
	r.Intent.Confidence = conf
	return r
}

// Quantities said about the line just added: a restated number sets it
// even when the classifier hears a removal ("actually 3 of them", and the
// "of" of a "Pack of 6" names no product); "take one out" takes one out of
// the line, never sets it to one; "no, just one" sets it back; and a size
// answered with a measure in it ("Blue 30 ml") is no count of 30.
func TestCart_QuantitiesAboutTheLineJustAdded(t *testing.T) {
	shop, useShop := shopWith(t, stationeryShop())
	s := script{
		"2 packs of the drawing pencils, pack of 12": intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "pencils", "drawing pencils")),
		"2 dotted notebooks":                         intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "notebook", "dotted notebooks")),
		"actually 3 of them":                         sure(intent("remove_from_cart", ent("quantity", 3, "3 of them")), 0.99),
		"hmm make it three, one is for my sister":    sure(intent("remove_from_cart", ent("quantity", 3, "three")), 0.52),
		"take one out":                               sure(intent("remove_from_cart", ent("quantity", 1, "one")), 0.99),
		"remove 2 of them":                           sure(intent("remove_from_cart", ent("quantity", 2, "2")), 0.99),
		"no, just one":                               sure(intent("remove_from_cart", ent("quantity", 1, "one")), 0.98),
		"the fountain pen ink":                       intent("product_search", ent("product", "ink", "fountain pen ink")),
		"two please":                                 intent("add_to_cart", ent("quantity", 2, "two")),
		"Blue 30 ml":                                 sure(intent("product_info", ent("quantity", 30, "30")), 0.34),
	}
	for _, tt := range []struct {
		name  string
		texts []string
		want  map[string]int
	}{
		{"restated, heard as a removal", []string{"2 dotted notebooks", "actually 3 of them"}, map[string]int{"NB-A5": 3}},
		{"make it three, said at length", []string{"2 dotted notebooks", "hmm make it three, one is for my sister"}, map[string]int{"NB-A5": 3}},
		{"one taken out of three", []string{"2 packs of the drawing pencils, pack of 12", "actually 3 of them", "take one out"}, map[string]int{"PEN-12": 2}},
		{"as many taken out as there are", []string{"2 packs of the drawing pencils, pack of 12", "remove 2 of them"}, map[string]int{}},
		{"no, just one", []string{"2 packs of the drawing pencils, pack of 12", "no, just one"}, map[string]int{"PEN-12": 1}},
		{"a size with a measure is no count", []string{"the fountain pen ink", "two please", "Blue 30 ml"}, map[string]int{"INK-B30": 2}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.texts, tt.want) })
	}
}

// A number said with or before the product is kept until the product is
// chosen: after a comma, where the NLU finds no count ("blue ink for my
// pen, 2 bottles"); across the answer to "did you mean …?", which names the
// product but no number; and across a size answer whose own numbers are a
// dimension and a pack size ("4x40mm (200 pcs)"), which count nothing. A
// number after a comma that the product's title carries ("a toaster, 2
// slices" for the 2-Slice Toaster) or before a measure word names, not
// counts.
func TestCart_EarlyQuantityIsKeptUntilTheProductIsChosen(t *testing.T) {
	shop, useShop := shopWith(t, append(append(stationeryShop(), apiary()...), catalog.Product{Handle: "screws", Title: "Brass Wood Screws", Type: "Screws", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "SCR-440", Options: map[string]string{"Size": "4x40mm (200 pcs)"}, Price: eur("5.00"), Stock: 30},
			{SKU: "SCR-560", Options: map[string]string{"Size": "5x60mm (100 pcs)"}, Price: eur("6.00"), Stock: 30},
		}}, catalog.Product{Handle: "mat", Title: "Self-Healing Cutting Mat", Type: "Cutting Mats", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "MAT-3020", Options: map[string]string{"Size": "30 x 20 cm"}, Price: eur("9.00"), Stock: 30},
			{SKU: "MAT-4530", Options: map[string]string{"Size": "45 x 30 cm"}, Price: eur("14.00"), Stock: 30},
		}}, catalog.Product{Handle: "binder", Title: "Lever Arch 3-Ring Binder", Type: "Binders", Status: "active",
		Variants: []catalog.Variant{{SKU: "BND-3", Price: eur("4.00"), Stock: 30}}}))
	s := script{
		"I need the dotted notebook, 2 pieces":        intent("product_search", ent("product", "notebook", "dotted notebook")),
		"add it":                                      intent("add_to_cart"),
		"copper excluder, 3 pieces":                   intent("product_search"),
		"copper excluder, 12 volt":                    intent("product_search"),
		"fountain pen ink blue 50 ml x2":              intent("add_to_cart", ent("product", "ink", "fountain pen ink"), entAt("quantity", 50, "50", 22, 24), entAt("quantity", 2, "x2", 28, 30)),
		"30 x 20 cm":                                  sure(intent("product_info", entAt("quantity", 30, "30 x", 0, 4), entAt("quantity", 20, "20", 5, 7)), 0.6),
		"a cutting mat 30 x 20 and a dotted notebook": sure(intent("add_to_cart", entAt("quantity", 30, "30 x", 14, 18), entAt("quantity", 20, "20", 19, 21)), 0.9),
		"2x pack of 6 graphite pencils":               intent("add_to_cart", ent("product", "pencils", "graphite pencils"), entAt("quantity", 2, "2x", 0, 2), entAt("size", "Pack of 6", "pack of 6", 3, 12)),
		"een ordner, 3 ringen":                        intent("add_to_cart", ent("product", "binder", "ordner")),
		"the queen excluder":                          intent("product_search"),
		"4 boxes of brass wood screws 4x40":           intent("add_to_cart", ent("quantity", 4, "4 boxes"), ent("product", "screws", "brass wood screws")),
		"4x40mm (200 pcs)":                            sure(intent("add_to_cart", ent("quantity", 200, "200 pcs")), 0.69),
	}
	for _, tt := range []struct {
		name  string
		texts []string
		want  map[string]int
	}{
		{"a count after a comma", []string{"I need the dotted notebook, 2 pieces", "add it"}, map[string]int{"NB-A5": 2}},
		{"across the answer to did you mean", []string{"copper excluder, 3 pieces", "the queen excluder", "add it"}, map[string]int{"B2": 3}},
		{"a measure, then the count", []string{"fountain pen ink blue 50 ml x2"}, map[string]int{"INK-B50": 2}},
		{"a dimension in one of two things is no count", []string{"a cutting mat 30 x 20 and a dotted notebook", "30 x 20 cm"}, map[string]int{"MAT-3020": 1, "NB-A5": 1}},
		{"a number of the title after a comma is no count", []string{"een ordner, 3 ringen"}, map[string]int{"BND-3": 1}},
		{"a measure after a comma is no count", []string{"copper excluder, 12 volt", "the queen excluder", "add it"}, map[string]int{"B2": 1}},
		{"across a size with a dimension and a pack", []string{"4 boxes of brass wood screws 4x40", "4x40mm (200 pcs)"}, map[string]int{"SCR-440": 4}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.texts, tt.want) })
	}
}

// "Just the trowel", heard as a removal, keeps the trowel: the other lines
// go, the trowel stays; with the trowel the only line nothing changes; the
// Malay "je" (only) is read in Malay.
func TestRemoveFromCart_JustTheOneKeepsItAndDropsTheRest(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	s := script{
		"just the trowel": sure(intent("remove_from_cart"), 0.98),
		"ya, trowel je":   sure(intent("remove_from_cart"), 0.85),
	}
	for _, tt := range []struct {
		name, lang, say string
		taps            []string
		want            map[string]int
	}{
		{"the others go", "en", "just the trowel", []string{"add:TW-JUTE", "add:TRW-1"}, map[string]int{"TRW-1": 1}},
		{"the only line stays", "en", "just the trowel", []string{"add:TRW-1"}, map[string]int{"TRW-1": 1}},
		{"in Malay", "ms", "ya, trowel je", []string{"add:TRW-1"}, map[string]int{"TRW-1": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, s, tt.lang, nil, shop)
			useShop(h)
			for _, p := range tt.taps {
				h.tap(p)
			}
			out := texts(h.say(tt.say))
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, out)
			}
		})
	}
}

// "Which one do you mean?" left unanswered chooses none: "and also a
// holder for the garden twine" (words that fit both twines) adds no guess
// among them, and "and also a grey kneeling pad" adds the pad alone.
func TestAddToCart_AnUnansweredWhichAddsNoGuessBesideTheNextThing(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	s := script{
		"add the garden twine":                   intent("add_to_cart"),
		"and also a holder for the garden twine": sure(intent("product_search"), 0.46),
		"and also a grey kneeling pad":           intent("add_to_cart", ent("color", "grey", "grey")),
	}
	for _, tt := range []struct {
		say  string
		want map[string]int
	}{
		{"and also a holder for the garden twine", map[string]int{}},
		{"and also a grey kneeling pad", map[string]int{"KN-GRY": 1}},
	} {
		t.Run(tt.say, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil, shop)
			useShop(h)
			if out := h.say("add the garden twine"); lastInput(out) != "product" {
				t.Fatalf("two twines, no question: %s", texts(out))
			}
			out := texts(h.say(tt.say))
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, out)
			}
		})
	}
}

// entAt is an entity at code points start–end of the message.
func entAt(kind string, v any, text string, start, end int) nlu.Entity {
	e := ent(kind, v, text)
	e.Start, e.End = start, end
	return e
}

// Right after an add, "and also a steel ruler", guessed a product question,
// is one more thing for the cart; "and do you also have a steel ruler?"
// stays a question.
func TestAddToCart_AlsoAfterAnAddAddsTheNextThing(t *testing.T) {
	shop, useShop := shopWith(t, stationeryShop())
	s := script{
		"2 dotted notebooks":                  intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "notebook", "dotted notebooks")),
		"and also a steel ruler":              sure(intent("product_info"), 0.98),
		"and do you also have a steel ruler?": sure(intent("product_info"), 0.98),
	}
	for _, tt := range []struct {
		say  string
		want map[string]int
	}{
		{"and also a steel ruler", map[string]int{"NB-A5": 2, "RUL-30": 1}},
		{"and do you also have a steel ruler?", map[string]int{"NB-A5": 2}},
	} {
		t.Run(tt.say, func(t *testing.T) {
			h := checkoutHarness(t, s, "en", nil, shop)
			useShop(h)
			h.say("2 dotted notebooks")
			out := texts(h.say(tt.say))
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, out)
			}
		})
	}
}

// cartAfterSaying plays texts to a fresh English conversation of the shop
// and fails unless the cart then holds exactly want (SKU → quantity).
func cartAfterSaying(t *testing.T, s script, shop func(*dialog.Deps), useShop func(*harness), said []string, want map[string]int) {
	t.Helper()
	h := checkoutHarness(t, s, "en", nil, shop)
	useShop(h)
	var out string
	for _, m := range said {
		out = texts(h.say(m))
	}
	if got := h.cartLines(); !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, out)
	}
}

// A size that is a model with a number ("Phone 15", "Tab 11") answers the
// size question and counts nothing: one protector, not fifteen. A count
// said with it still counts.
func TestAddToCart_ANumberInsideTheChosenSizeIsNoCount(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "glass", Title: "Tempered Glass Screen Guard", Type: "Screen Protectors", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "GL-P15", Options: map[string]string{"Size": "Pixo 15"}, Price: eur("9.00"), Stock: 40},
				{SKU: "GL-P15M", Options: map[string]string{"Size": "Pixo 15 Max"}, Price: eur("10.00"), Stock: 40},
				{SKU: "GL-T11", Options: map[string]string{"Size": "Tab 11"}, Price: eur("12.00"), Stock: 40},
			}},
	})
	s := script{
		"the glass screen guard": intent("add_to_cart", ent("product", "screen protector", "glass screen guard")),
		"Pixo 15":                sure(intent("add_to_cart", entAt("quantity", 15, "15", 5, 7)), 0.39),
		"tab 11 please":          sure(intent("add_to_cart", entAt("quantity", 11, "11", 4, 6)), 0.5),
		"2 for the Pixo 15 Max":  sure(intent("add_to_cart", entAt("quantity", 2, "2", 0, 1), entAt("quantity", 15, "15", 16, 18)), 0.6),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"a model number", []string{"the glass screen guard", "Pixo 15"}, map[string]int{"GL-P15": 1}},
		{"in other words around it", []string{"the glass screen guard", "tab 11 please"}, map[string]int{"GL-T11": 1}},
		{"a count before the model", []string{"the glass screen guard", "2 for the Pixo 15 Max"}, map[string]int{"GL-P15M": 2}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.said, tt.want) })
	}
}

// Sizes that are bare numbers keep the count said beside them: "2 in size
// 4" is two of size 4.
func TestAddToCart_ACountBesideABareNumberSizeStillCounts(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "romper", Title: "Cotton Baby Romper", Type: "Rompers", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "RMP-2", Options: map[string]string{"Size": "2"}, Price: eur("9.00"), Stock: 40},
				{SKU: "RMP-4", Options: map[string]string{"Size": "4"}, Price: eur("9.00"), Stock: 40},
			}},
	})
	s := script{
		"the cotton romper": intent("add_to_cart", ent("product", "romper", "cotton romper")),
		"2 in size 4":       sure(intent("add_to_cart", entAt("quantity", 2, "2", 0, 1), ent("size", "4", "size 4")), 0.6),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"the cotton romper", "2 in size 4"}, map[string]int{"RMP-4": 2})
}

// "Add both" after two products were settled one after the other (a 1 m
// cable found, then a black charger added) puts in the one not yet in the
// cart, one of it, and leaves the other line as it is: "dua-dua" (both)
// is no count of two. A question with "both" in it buys nothing.
func TestAddToCart_BothTakesTheProductSettledBefore(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "cable", Title: "Braided Lightning Cable", Type: "Cables", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "CB-1M", Options: map[string]string{"Size": "1 m"}, Price: eur("9.00"), Stock: 40},
				{SKU: "CB-2M", Options: map[string]string{"Size": "2 m"}, Price: eur("11.00"), Stock: 40},
			}},
		{Handle: "charger", Title: "Compact Wall Charger 20W", Type: "Chargers", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "CH-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("13.00"), Stock: 40},
				{SKU: "CH-WHT", Options: map[string]string{"Color": "White"}, Price: eur("13.00"), Stock: 40},
			}},
	})
	s := script{
		"a lightning cable, 1 metre":     intent("product_search", ent("product", "cable", "lightning cable")),
		"and a black wall charger":       intent("add_to_cart", ent("product", "charger", "wall charger"), ent("color", "Black", "black")),
		"masukkan dua-dua":               sure(intent("add_to_cart", ent("quantity", 2, "dua")), 1),
		"add both":                       intent("add_to_cart"),
		"do both come in white as well?": intent("product_info"),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"both", []string{"a lightning cable, 1 metre", "and a black wall charger", "add both"}, map[string]int{"CB-1M": 1, "CH-BLK": 1}},
		{"both in Malay, a number in the word", []string{"a lightning cable, 1 metre", "and a black wall charger", "masukkan dua-dua"}, map[string]int{"CB-1M": 1, "CH-BLK": 1}},
		{"a question about both", []string{"a lightning cable, 1 metre", "and a black wall charger", "do both come in white as well?"}, map[string]int{"CH-BLK": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.said, tt.want) })
	}
}

// "One of each" after a product was only looked at (its size still open)
// and a second one was added: the second stays one line, and the first is
// asked for and put in once its size is said — it is not "already in the
// cart" about the second. A count of one, read as a removal by the NLU but
// with no word of taking out, is the same request.
func TestAddToCart_OneOfEachAsksTheSizeOfTheProductLookedAtBefore(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "tray", Title: "Ovenware Roasting Tray", Type: "Bakeware", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "TR-30", Options: map[string]string{"Size": "30 cm"}, Price: eur("12.00"), Stock: 40},
				{SKU: "TR-40", Options: map[string]string{"Size": "40 cm"}, Price: eur("15.00"), Stock: 40},
			}},
		{Handle: "whisk", Title: "Balloon Whisk Steel", Type: "Kitchen Tools", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "WH-SLV", Options: map[string]string{"Color": "Silver"}, Price: eur("6.00"), Stock: 40},
			}},
	})
	s := script{
		"a roasting tray":         intent("product_search", ent("product", "roasting tray", "roasting tray")),
		"and add a balloon whisk": intent("add_to_cart", ent("product", "whisk", "balloon whisk")),
		"1 of both":               intent("add_to_cart", ent("quantity", 1, "1")),
		"1 of each one":           sure(intent("remove_from_cart", ent("quantity", 1, "1")), 0.7),
		"40 cm":                   sure(intent("product_info", ent("size", "40 cm", "40 cm")), 0.5),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"one of each, then the size", []string{"a roasting tray", "and add a balloon whisk", "1 of both", "40 cm"}, map[string]int{"TR-40": 1, "WH-SLV": 1}},
		{"read as a removal", []string{"a roasting tray", "and add a balloon whisk", "1 of each one", "40 cm"}, map[string]int{"TR-40": 1, "WH-SLV": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.said, tt.want) })
	}
}

// Two things added together with "and … too" after a search whose clear
// best fit has its size said ("the citrus bike wash, 1 litre", a list of
// three): the bike wash is presumed taken, as with one thing added after
// it, so the cart holds all three rather than only the two named last.
func TestMultiAdd_AndTooAfterASearchTakesTheProductSearchedFirst(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "citrus-wash", Title: "Citrus Bike Wash", Type: "Bike Cleaners", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "CW-500", Options: map[string]string{"Size": "500ml"}, Price: eur("7.00"), Stock: 40},
				{SKU: "CW-1L", Options: map[string]string{"Size": "1L"}, Price: eur("12.00"), Stock: 40},
			}},
		{Handle: "bike-wash-brush", Title: "Bike Wash Brush Set", Type: "Brushes", Status: "active",
			Variants: []catalog.Variant{{SKU: "BR-SET", Price: eur("15.00"), Stock: 40}}},
		{Handle: "chain-lube", Title: "Dry Chain Lube", Type: "Lubricants", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "CL-RED", Options: map[string]string{"Color": "Red"}, Price: eur("8.00"), Stock: 40},
				{SKU: "CL-BLU", Options: map[string]string{"Color": "Blue"}, Price: eur("8.00"), Stock: 40},
			}},
		{Handle: "frame-cloth", Title: "Microfibre Frame Cloth", Type: "Cloths", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "FC-GRY", Options: map[string]string{"Color": "Grey"}, Price: eur("4.00"), Stock: 40},
				{SKU: "FC-YLW", Options: map[string]string{"Color": "Yellow"}, Price: eur("4.00"), Stock: 40},
			}},
		{Handle: "tote", Title: "Canvas Tote Bag", Type: "Bags", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "TB-RED", Options: map[string]string{"Color": "Red"}, Price: eur("11.00"), Stock: 40},
				{SKU: "TB-BLK", Options: map[string]string{"Color": "Black"}, Price: eur("11.00"), Stock: 40},
			}},
	})
	s := script{
		"I want the citrus bike wash, 1 litre":          sure(intent("product_info", ent("product", "bike wash", "citrus bike wash"), ent("size", "1L", "1 litre")), 0.43),
		"I want the citrus bike wash, 1 litre please":   sure(intent("product_info", ent("product", "bike wash", "citrus bike wash")), 0.43),
		"and the red chain lube + grey frame cloth too": intent("add_to_cart", ent("color", "Red", "red"), ent("color", "Grey", "grey")),
	}
	s["and the red tote bag + grey frame cloth too"] = intent("add_to_cart", ent("color", "Red", "red"), ent("color", "Grey", "grey"))
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"two things together", []string{"I want the citrus bike wash, 1 litre", "and the red chain lube + grey frame cloth too"},
			map[string]int{"CW-1L": 1, "CL-RED": 1, "FC-GRY": 1}},
		// The size in the request's words only, no entity read for it:
		// the request still settles the product searched.
		{"the size in the words only", []string{"I want the citrus bike wash, 1 litre please", "and the red tote bag + grey frame cloth too"},
			map[string]int{"CW-1L": 1, "TB-RED": 1, "FC-GRY": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) { cartAfterSaying(t, s, shop, useShop, tt.said, tt.want) })
	}
}

// A new value of the line just added, read as a removal ("nee wacht, doe toch
// maar 12 kilo" at 0.94) but with no word that takes anything out, changes
// the line; a removal that names the line's own value still removes it.
func TestCart_ANewValueReadAsARemovalChangesTheLine(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "weight", Title: "Cast Iron Swing Weight", Type: "Swing Weights", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "W-8", Options: map[string]string{"Size": "8 kg"}, Price: eur("30.00"), Stock: 9},
				{SKU: "W-12", Options: map[string]string{"Size": "12 kg"}, Price: eur("40.00"), Stock: 9},
			}},
	})
	s := script{
		"the cast iron swing weight, 8 kg": intent("add_to_cart", ent("product", "weight", "cast iron swing weight")),
		"no wait, make it 12 kg after all": sure(intent("remove_from_cart"), 0.94),
		"take the 8 kg out":                sure(intent("remove_from_cart"), 0.97),
	}
	for _, tt := range []struct {
		name string
		said []string
		want map[string]int
	}{
		{"a new value", []string{"the cast iron swing weight, 8 kg", "no wait, make it 12 kg after all"}, map[string]int{"W-12": 1}},
		{"the line's own value taken out", []string{"the cast iron swing weight, 8 kg", "take the 8 kg out"}, map[string]int{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cartAfterSaying(t, s, shop, useShop, tt.said, tt.want)
		})
	}
}
