package catalog

import "testing"

// loanShop is a made-up shop whose product words no vocabulary lists
// (flurbation, zantronic, shorvanic, cenciral).
func loanShop() []Product {
	v := func(sku string) []Variant { return []Variant{{SKU: sku, Price: eur("12.00"), Stock: 3}} }
	return []Product{
		{ID: 1, Handle: "flurbation-kit", Title: "Flurbation Kit", Type: "Kits", Status: StatusActive, Variants: v("L1")},
		{ID: 2, Handle: "zantronic-dial", Title: "Zantronic Dial", Type: "Dials", Status: StatusActive, Variants: v("L2")},
		{ID: 3, Handle: "shorvanic-oil", Title: "Shorvanic Oil", Type: "Oils", Status: StatusActive, Variants: v("L3")},
		{ID: 4, Handle: "cenciral-lamp", Title: "Cenciral Lamp", Type: "Lamps", Status: StatusActive, Variants: v("L4")},
		{ID: 5, Handle: "plain-dial", Title: "Brass Dial", Type: "Dials", Status: StatusActive, Variants: v("L5")},
		{ID: 6, Handle: "gooseneck-kettle", Title: "Gooseneck Kettle", Type: "Kettles", Status: StatusActive, Variants: v("L6")},
		{ID: 7, Handle: "stoneware-mug", Title: "Stoneware Mug", Type: "Mugs", Status: StatusActive, Variants: v("L7")},
		{ID: 8, Handle: "camera-strap", Title: "Camera Strap", Type: "Straps", Status: StatusActive, Variants: v("L8")},
		{ID: 9, Handle: "guitar-strap", Title: "Woven Guitar Strap", Type: "Straps", Status: StatusActive, Variants: v("L9")},
		{ID: 10, Handle: "kids-backpack", Title: "Kids Backpack 10 l", Type: "Backpacks", Status: StatusActive, Variants: v("L10")},
		{ID: 11, Handle: "tote", Title: "Canvas Tote", Type: "Bags", Status: StatusActive, Variants: v("L11")},
		{ID: 12, Handle: "shorvanisation-set", Title: "Shorvanisation Set", Type: "Sets", Status: StatusActive, Variants: v("L12")},
	}
}

// A wrong reading is worse than none: a word nothing reads finds nothing.
func TestSearch_UnreadOwnLanguageWordsOfferNothing(t *testing.T) {
	ix := BuildIndex(loanShop(), 1)
	for _, tt := range []struct{ why, text string }{
		{"a made-up word with no catalogue word near it", "blorpvasi"},
		{"two loan rules and an edit away is too far", "zontranisk"},
		{"a genitive beside a word nothing reads", "kitari uzhegacucich"},
		{"Chinese characters ending in no head", "咕噜机"},
	} {
		if hits, _ := ix.Search(Query{Text: tt.text, Limit: 5}); len(hits) != 0 {
			t.Errorf("%s: %q found %v", tt.why, tt.text, ids(hits))
		}
	}
}
