package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// A made-up tea shop: two loose teas alike enough that "tea" asks which,
// a kettle, and three teapots that a search for teapots lists.
func teaShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "green-tea", Title: "Loose Green Tea Tin", Type: "Tea", Status: "active",
			Variants: []catalog.Variant{{SKU: "TEA-GRN", Price: eur("6.00"), Stock: 40}}},
		{Handle: "black-tea", Title: "Loose Black Tea Tin", Type: "Tea", Status: "active",
			Variants: []catalog.Variant{{SKU: "TEA-BLK", Price: eur("5.00"), Stock: 40}}},
		{Handle: "kettle", Title: "Whistling Stovetop Kettle", Type: "Kettles", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "KET-RED", Options: map[string]string{"Color": "Red"}, Price: eur("30.00"), Stock: 10},
				{SKU: "KET-WHT", Options: map[string]string{"Color": "White"}, Price: eur("30.00"), Stock: 10},
			}},
		{Handle: "glass-teapot", Title: "Glass Teapot", Type: "Teapots", Status: "active",
			Variants: []catalog.Variant{{SKU: "POT-GLS", Price: eur("25.00"), Stock: 10}}},
		{Handle: "clay-teapot", Title: "Clay Teapot", Type: "Teapots", Status: "active",
			Variants: []catalog.Variant{{SKU: "POT-CLY", Price: eur("35.00"), Stock: 10}}},
		{Handle: "iron-teapot", Title: "Cast Iron Teapot", Type: "Teapots", Status: "active",
			Variants: []catalog.Variant{{SKU: "POT-IRN", Price: eur("45.00"), Stock: 10}}},
	}
}

// A count said with a product still to be chosen ("3 tins of tea", then
// "which one?") belongs to that product: when the answer asks for another
// thing instead ("also a red kettle"), one kettle goes in, not three.
func TestAddToCart_CountOfAnOpenChoiceIsNotTheNextProducts(t *testing.T) {
	shop, useShop := shopWith(t, teaShop())
	s := script{
		"3 tins of loose tea":  intent("add_to_cart", ent("quantity", 3, "3"), ent("product", "tea", "loose tea")),
		"also a red kettle":    intent("add_to_cart", ent("product", "kettle", "kettle"), ent("color", "red", "red")),
		"the green one, three": intent("add_to_cart", ent("quantity", 3, "three"), ent("color", "green", "green")),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"3 tins of loose tea", "also a red kettle"}, map[string]int{"KET-RED": 1})
}

// A product the shopper took out of the cart is not bought again by the
// "pay" that follows with the cart empty, nor offered as what to pay for:
// it went out on purpose. The checkout asks among the others shown.
func TestCheckout_NeverBuysBackWhatWasTakenOut(t *testing.T) {
	shop, useShop := shopWith(t, teaShop())
	s := script{
		"teapots please":          intent("product_search", ent("product", "teapot", "teapots")),
		"add the glass teapot":    intent("add_to_cart", ent("product", "glass teapot", "glass teapot")),
		"take the teapot out":     sure(intent("remove_from_cart", ent("product", "teapot", "teapot")), 0.99),
		"ok that's all, I'll pay": sure(intent("checkout"), 0.99),
	}
	h := checkoutHarness(t, s, "en", nil, shop)
	useShop(h)
	var out []conversation.Message
	for _, m := range []string{"teapots please", "add the glass teapot", "take the teapot out", "ok that's all, I'll pay"} {
		out = h.say(m)
	}
	if got := h.cartLines(); len(got) != 0 {
		t.Fatalf("cart = %v, want it empty: %s", got, texts(out))
	}
	for _, m := range out {
		for _, o := range m.Options {
			if strings.Contains(o.Title, "Glass Teapot") {
				t.Fatalf("offered %q to pay for after taking it out: %s", o.Title, texts(out))
			}
		}
	}
}

// The one number of the pack chosen ("then the bag of 30 seeds" for the
// "30 pack" bag) names the bag and counts nothing: one bag goes in, at
// the "pay" too. Said twice ("2 of the 30 seeds bag") one of them counts.
func TestAddToCart_TheNumberOfThePackChosenIsNoCount(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "lavender-seeds", Title: "Lavender Seed Bag", Type: "Seeds", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "LAV-10", Options: map[string]string{"Size": "10 pack"}, Price: eur("2.00"), Stock: 50},
				{SKU: "LAV-30", Options: map[string]string{"Size": "30 pack"}, Price: eur("4.00"), Stock: 50},
			}},
		{Handle: "poppy-seeds", Title: "Poppy Seed Bag", Type: "Seeds", Status: "active",
			Variants: []catalog.Variant{{SKU: "POP-1", Price: eur("2.50"), Stock: 50}}},
	})
	s := script{
		"lavender seeds":                 intent("product_search", ent("product", "lavender seeds", "lavender seeds")),
		"ok, the pack of 30 pieces then": sure(intent("feedback", ent("quantity", 30, "30")), 0.7),
		"I want to pay":                  sure(intent("checkout"), 0.99),
		"2 of the 30 pack of lavender":   intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "lavender seeds", "lavender")),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"lavender seeds", "ok, the pack of 30 pieces then", "I want to pay"}, map[string]int{"LAV-30": 1})
	cartAfterSaying(t, s, shop, useShop, []string{"2 of the 30 pack of lavender"}, map[string]int{"LAV-30": 2})
}

// A bare count restated after an add sets the line just added, though the
// number is also in another product's title ("30", the Steel Ruler 30 cm)
// or the count carries a Chinese measure word: the count's own words name
// no other product.
func TestEditLastLine_ACountsOwnWordsNameNoOtherProduct(t *testing.T) {
	shop, useShop := shopWith(t, stationeryShop())
	s := script{
		"2 dotted notebooks": intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "notebook", "dotted notebooks")),
		"30 lah":             sure(intent("add_to_cart", entAt("quantity", 30, "30", 0, 2)), 0.9),
		"好，三本":               sure(intent("add_to_cart", entAt("quantity", 3, "三本", 2, 4)), 0.6),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"2 dotted notebooks", "30 lah"}, map[string]int{"NB-A5": 30})
	cartAfterSaying(t, s, shop, useShop, []string{"2 dotted notebooks", "好，三本"}, map[string]int{"NB-A5": 3})
}

// A pack size said before the count ("12支装的蜡笔要三盒", three boxes of
// the crayons in twelves) does not hide the count after it: three boxes.
func TestAddToCart_ACountAfterThePackSizeCounts(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "crayons", Title: "Wax Crayons", Type: "Crayons", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "CRY-12", Options: map[string]string{"Size": "12 pcs"}, Price: eur("3.00"), Stock: 40},
				{SKU: "CRY-24", Options: map[string]string{"Size": "24 pcs"}, Price: eur("5.00"), Stock: 40},
			}},
	})
	s := script{
		"12支装的蜡笔要三盒": intent("add_to_cart", entAt("quantity", 12, "12", 0, 2), entAt("quantity", 3, "三盒", 8, 10), ent("product", "crayons", "蜡笔")),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"12支装的蜡笔要三盒"}, map[string]int{"CRY-12": 3})
}
