package catalog

import "testing"

// apiaryShop is a made-up beekeeping shop: a trade the vocabulary has no
// words for, so only the catalogue's own words can tell its kinds apart.
func apiaryShop() []Product {
	v := func(sku string) []Variant {
		return []Variant{{SKU: sku, Price: eur("15.00"), Stock: 4}}
	}
	return []Product{
		{ID: 1, Handle: "hive-tool", Title: "Stainless Hive Tool", Type: "Hive Tools", Status: StatusActive, Variants: v("B1")},
		{ID: 2, Handle: "copper-smoker", Title: "Copper Smoker", Type: "Smokers", Status: StatusActive, Variants: v("B2"),
			BodyHTML: "<p>A copper smoker with a heat shield and leather bellows.</p>"},
		{ID: 3, Handle: "smoker-pellets", Title: "Smoker Fuel Pellets for Copper Smoker", Type: "Smoker Fuel", Status: StatusActive, Variants: v("B3")},
		{ID: 4, Handle: "cedar-hive", Title: "Cedar Langstroth Hive", Type: "Hives", Status: StatusActive, Variants: v("B4")},
		{ID: 5, Handle: "capo-hook", Title: "Frame Capo Hook", Type: "Frame Hooks", Status: StatusActive, Variants: v("B5")},
		{ID: 6, Handle: "uncapping-fork", Title: "Uncapping Fork", Type: "Uncapping Tools", Status: StatusActive, Variants: v("B6")},
		{ID: 8, Handle: "tool-sheath", Title: "Waxed Sheath for Hive Tool", Type: "Accessories", Status: StatusActive, Variants: v("B8")},
		{ID: 7, Handle: "queen-excluder", Title: "Queen Excluder", Type: "Excluders", Status: StatusActive, Variants: v("B7")},
	}
}

func TestSearch_UnknownTradeFindsByTheCatalogueWords(t *testing.T) {
	ix := BuildIndex(apiaryShop(), 1)
	tests := []struct {
		name, text string
		first      int64
	}{
		{"what a thing goes with, after 'for', does not say which kind is wanted", "fuel for the copper smoker", 3},
		{"the same when what it goes with is a kind of the shop", "waxed sheath for hive tool", 8},
		{"the same in Dutch", "sheath voor hive tool", 8},
		{"the thing itself is still found by its name", "copper smoker", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, _ := ix.Search(Query{Text: tt.text, Limit: 5})
			if len(hits) == 0 || hits[0].ID != tt.first {
				t.Errorf("%q: got %v, want %d first", tt.text, ids(hits), tt.first)
			}
		})
	}
}
