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
