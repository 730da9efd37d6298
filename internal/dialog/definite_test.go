package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A made-up garden shop: two pairs of gardening gloves alike but for the
// season, a watering can and a trowel.
func gloveShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "light-gloves", Title: "Light Garden Gloves", Type: "Gloves", Status: "active",
			Variants: []catalog.Variant{{SKU: "GLV-LIGHT", Price: eur("8.00"), Stock: 30}}},
		{Handle: "thorn-gloves", Title: "Thornproof Garden Gloves", Type: "Gloves", Status: "active",
			Variants: []catalog.Variant{{SKU: "GLV-THORN", Price: eur("15.00"), Stock: 30}}},
		{Handle: "watering-can", Title: "Zinc Watering Can", Type: "Watering Cans", Status: "active",
			Variants: []catalog.Variant{{SKU: "CAN-ZNC", Price: eur("22.00"), Stock: 10}}},
		{Handle: "trowel", Title: "Steel Hand Trowel", Type: "Trowels", Status: "active",
			Variants: []catalog.Variant{{SKU: "TRW-STL", Price: eur("9.00"), Stock: 10}}},
	}
}

// "put the gloves in as well" right after the light gloves went in means
// those gloves, not a new search that asks which pair; the count restated
// next sets their line, though the NLU hears a removal.
func TestAddToCart_TheKindJustAddedIsTheOneMeant(t *testing.T) {
	shop, useShop := shopWith(t, gloveShop())
	s := script{
		"a watering can":                        intent("add_to_cart", ent("product", "watering can", "watering can")),
		"and light garden gloves":               intent("add_to_cart", ent("product", "light garden gloves", "light garden gloves")),
		"put the gloves in my cart as well":     intent("add_to_cart", ent("product", "gloves", "gloves")),
		"actually I want 3 pairs of the gloves": sure(intent("remove_from_cart", ent("quantity", 3, "3"), ent("product", "gloves", "gloves")), 0.95),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"a watering can", "and light garden gloves", "put the gloves in my cart as well"},
		map[string]int{"CAN-ZNC": 1, "GLV-LIGHT": 1})
	cartAfterSaying(t, s, shop, useShop, []string{"a watering can", "and light garden gloves", "put the gloves in my cart as well", "actually I want 3 pairs of the gloves"},
		map[string]int{"CAN-ZNC": 1, "GLV-LIGHT": 3})
}

// A count restated for a line that is not the last one added ("make the
// can 2" after the trowel went in) sets that line: it neither counts the
// trowel nor adds another line.
func TestEditLine_ACountNamingAnotherLineSetsThatLine(t *testing.T) {
	shop, useShop := shopWith(t, gloveShop())
	s := script{
		"a watering can":      intent("add_to_cart", ent("product", "watering can", "watering can")),
		"also a hand trowel":  intent("add_to_cart", ent("product", "trowel", "hand trowel")),
		"make the can 2":      sure(intent("remove_from_cart", ent("quantity", 2, "2")), 0.6),
		"2 thornproof gloves": intent("add_to_cart", ent("quantity", 2, "2"), ent("product", "thornproof gloves", "thornproof gloves")),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"a watering can", "also a hand trowel", "make the can 2"},
		map[string]int{"CAN-ZNC": 2, "TRW-STL": 1})
	cartAfterSaying(t, s, shop, useShop, []string{"a watering can", "also a hand trowel", "2 thornproof gloves"},
		map[string]int{"CAN-ZNC": 1, "TRW-STL": 1, "GLV-THORN": 2})
}
