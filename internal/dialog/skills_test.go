package dialog

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// The contract's intents (../shared/contract/intents.md): each has a row
// in the skills table, so none falls to "not yet".
var contractIntents = []string{"greet", "goodbye", "thanks", "affirm", "deny", "product_search",
	"product_availability", "product_info", "recommendation", "add_to_cart", "remove_from_cart",
	"view_cart", "checkout", "apply_coupon", "back_in_stock", "promotions", "order_status",
	"cancel_order", "change_order", "return_item", "exchange_item", "refund_status", "reorder",
	"invoice", "payment_issue", "shipping_info", "payment_methods", "store_policy", "store_locator",
	"account", "human_agent", "complaint", "feedback", "unsubscribe", "out_of_scope"}

func TestSkills_EveryContractIntentHasARow(t *testing.T) {
	for _, name := range contractIntents {
		if _, ok := skills[name]; !ok {
			t.Errorf("intent %q has no skill", name)
		}
	}
}

func TestPartialValue_ColourFamiliesMeetCatalogueNames(t *testing.T) {
	p := &catalog.Product{Options: []string{"Color"}, Variants: []catalog.Variant{
		{SKU: "a", Options: map[string]string{"Color": "Emerald"}},
		{SKU: "b", Options: map[string]string{"Color": "Rust"}},
		{SKU: "c", Options: map[string]string{"Color": "Speckled White"}},
	}}
	for asked, want := range map[string]string{"green": "Emerald", "white": "Speckled White", "red": "Rust", "blue": "blue"} {
		if got := partialValue(p, "Color", asked, asked); got != want {
			t.Errorf("%s → %q, want %q", asked, got, want)
		}
	}
}

func TestNormValue_SpellingsOfOneSizeMeet(t *testing.T) {
	for _, c := range [][2]string{{"250ml", "250 ml"}, {"EU 42", "42"}, {"medium", "M"}, {"2-3 tahun", "2-3Y"}, {"45x45 cm", "45 x 45 cm"},
		{"120 by 90 cm", "120 x 90 cm"}, {"120 bij 90", "120x90"}, {"120 kali 90 cm", "120 x 90 cm"}, {"120 ganger 90 cm", "120 x 90 cm"},
		{"120乘90厘米", "120 x 90 cm"}, {"120×90 cm", "120 x 90 cm"}} {
		if normValue(c[0]) != normValue(c[1]) {
			t.Errorf("%q and %q should meet: %q vs %q", c[0], c[1], normValue(c[0]), normValue(c[1]))
		}
	}
}
