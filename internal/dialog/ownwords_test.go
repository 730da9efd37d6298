package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A shopper's own word for a kind finds that kind, not every product of
// the broad family it belongs to: "kjøkkenhåndkle" is a tea towel, not the
// apron beside it, and Chinese and Armenian kind words are read too.
func TestSearch_OwnLanguageKindWordFindsTheNarrowKind(t *testing.T) {
	stock := func(sku string) []catalog.Variant {
		return []catalog.Variant{{SKU: sku, Price: eur("12.00"), Stock: 5}}
	}
	more := []catalog.Product{
		{Handle: "weave-apron", Title: "Weave Cotton Apron", Type: "Kitchen Textiles", Status: "active", Variants: stock("WA-1")},
		{Handle: "weave-towels", Title: "Weave Tea Towels", Type: "Kitchen Textiles", Status: "active", Variants: stock("WT-1")},
		{Handle: "weave-mitt", Title: "Weave Oven Glove", Type: "Kitchen Textiles", Status: "active", Variants: stock("WG-1")},
		{Handle: "pour-press", Title: "Pour French Press", Type: "Coffee", Status: "active", Variants: stock("PP-1")},
		{Handle: "pour-pot", Title: "Pour Glass Teapot", Type: "Tea", Status: "active", Variants: stock("PT-1")},
		{Handle: "pour-kettle", Title: "Pour Glass Kettle", Type: "Kettles", Status: "active", Variants: stock("PK-1")},
		{Handle: "tin-tray", Title: "Bakewise Baking Tray", Type: "Bakeware", Status: "active", Variants: stock("BT-1")},
		{Handle: "tin-muffin", Title: "Bakewise Muffin Tin", Type: "Bakeware", Status: "active", Variants: stock("BM-1")},
	}
	tests := []struct{ text, first string }{
		{"har dere kjøkkenhåndkle?", "weave-towels"},
		{"厨房毛巾", "weave-towels"},
		{"ջեռոցի ձեռնոց ունե՞ք", "weave-mitt"},
		{"ջեռոցի ձեռնոցների զույգ եմ ուզում", "weave-mitt"}, // genitive plural
		{"forkle", "weave-apron"},
		{"法压壶", "pour-press"},
		{"玻璃水壶", "pour-kettle"}, // 玻璃 + 水壶, not 玻璃水 (screenwash) + 壶
		{"tekanne i glass", "pour-pot"},
		{"ser etter en bakeplate", "tin-tray"},
		{"muffinsform", "tin-muffin"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			h := newHarnessWith(t, script{tt.text: intent("product_search")}, more)
			out := h.say(tt.text)
			if got := firstShown(out); got != tt.first {
				t.Errorf("%q: first product %q, want %q: %s", tt.text, got, tt.first, texts(out))
			}
		})
	}
}

// A material the shopper names by its own narrow word finds products the
// catalogue describes by the broader one: the English "nylon" is read as
// synthetic, the Armenian "նեյլոնե" as nylon.
func TestSearch_NarrowMaterialWordFindsTheCataloguesBroaderOne(t *testing.T) {
	stock := func(sku string) []catalog.Variant {
		return []catalog.Variant{{SKU: sku, Price: eur("9.00"), Stock: 5}}
	}
	more := []catalog.Product{
		{Handle: "tug-leather", Title: "Tug Leather Collar", Type: "Collars", Status: "active", Variants: stock("TL-1")},
		{Handle: "tug-nylon", Title: "Tug Nylon Collar", Type: "Collars", Status: "active", Variants: stock("TN-1")},
		{Handle: "tug-chain", Title: "Tug Chain Collar", Type: "Collars", Status: "active", Variants: stock("TC-1")},
	}
	for _, text := range []string{"նեյլոնե վզկապ", "neylone vzkap"} {
		t.Run(text, func(t *testing.T) {
			h := newHarnessWith(t, script{text: intent("product_search")}, more)
			out := h.say(text)
			if got := firstShown(out); got != "tug-nylon" {
				t.Errorf("%q: first product %q, want tug-nylon: %s", text, got, texts(out))
			}
		})
	}
}
