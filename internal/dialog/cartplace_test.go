package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A made-up home shop that sells a basket: the cart named as the place
// things go ("in my basket", "in het mandje") must not buy it.
func basketShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "rattan-basket", Title: "Rattan Storage Basket", Type: "Baskets", Status: "active",
			Variants: []catalog.Variant{{SKU: "BSK-RAT", Price: eur("24.00"), Stock: 10}}},
		{Handle: "desk-lamp", Title: "Brass Desk Lamp", Type: "Lamps", Status: "active",
			Variants: []catalog.Variant{{SKU: "LMP-BRS", Price: eur("59.00"), Stock: 10}}},
	}
}

func TestAddToCart_TheCartNamedAsAPlaceIsNoProduct(t *testing.T) {
	for _, tc := range []struct{ name, add string }{
		{"en", "put it in my basket"},
		{"nl", "doe maar in het mandje"},
		{"ms", "masukkan ke dalam bakul"},
		{"zh", "放进购物篮吧"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop, useShop := shopWith(t, basketShop())
			s := script{
				"a brass desk lamp": intent("product_search", ent("product", "lamp", "desk lamp")),
				tc.add:              intent("add_to_cart"),
			}
			cartAfterSaying(t, s, shop, useShop, []string{"a brass desk lamp", tc.add}, map[string]int{"LMP-BRS": 1})
		})
	}
}

func TestAddToCart_TheBasketAskedForIsStillBought(t *testing.T) {
	shop, useShop := shopWith(t, basketShop())
	s := script{
		"add the rattan basket to my cart": intent("add_to_cart", ent("product", "basket", "rattan basket")),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"add the rattan basket to my cart"}, map[string]int{"BSK-RAT": 1})
}
