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
		{ID: 9, Handle: "escape-cone", Title: "Bee Escape Cone", Type: "Escapes", Status: StatusActive, Variants: v("B9")},
		{ID: 10, Handle: "spare-bellows", Title: "Spare Bellows", Type: "Spares", Status: StatusActive, Variants: v("B10")},
		{ID: 11, Handle: "smoker-nozzle", Title: "Brass Nozzle Smoker Spare", Type: "Nozzles", Status: StatusActive, Variants: v("B11")},
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
		{"a thing of the type it goes with comes after, even when its own word is unknown", "dyse for smoker", 11},
		{"the thing itself is still found by its name", "copper smoker", 2},
		{"a short word by its sound", "kone", 9},
		{"a loanword in Armenian letters", "սմոքեր", 2},
		{"a compound by its last part, the head", "leerbellows", 10},
		{"a compound's head spelt by its sound", "bijenexkluder", 7},
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

func TestSearch_ConfidenceSaysWhenTheFirstProductIsAGuess(t *testing.T) {
	ix := BuildIndex(apiaryShop(), 1)
	tests := []struct {
		name, text string
		sure       bool
	}{
		{"every word read and met by the first product", "copper smoker", true},
		{"a word the shop cannot read beside one it can", "ramku copper", false},
		{"the first product meets one of two words", "copper excluder", false},
		{"no text is a plain listing", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, c := ix.SearchSure(Query{Text: tt.text, Limit: 5})
			if (c >= LowConfidence) != tt.sure {
				t.Errorf("%q: confidence %.2f, want sure=%v", tt.text, c, tt.sure)
			}
		})
	}
}

func TestKeyWords_KeepsWhatSearchReadsInAnUnknownTrade(t *testing.T) {
	ix := BuildIndex(apiaryShop(), 1)
	tests := []struct {
		name, text, want string
	}{
		{"'for' between the thing and what it goes with", "I need a waxed sheath for my hive tool please", "waxed sheath for hive tool"},
		{"no 'for' left dangling at the end", "a waxed sheath for me", "waxed sheath"},
		{"a word the catalogue spells otherwise", "do you have a kone", "kone"},
		{"a compound whose head the catalogue has", "har dere leerbellows", "leerbellow"},
		{"a short word of the sentence is not taken for a product's", "dikke sheath", "sheath"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.KeyWords(tt.text); got != tt.want {
				t.Errorf("KeyWords(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
