package catalog

import "testing"

// A shopper's word in another language names a concept whose terms list
// neighbouring things too (cat litter, litter scoops and litter boxes are one
// concept): the products saying what the concept is named for come first, as
// an English shopper's own words in their titles would put them.
func TestSearch_OwnLanguageWordPrefersWhatTheConceptIsNamedFor(t *testing.T) {
	p := func(id int64, title string) Product {
		return Product{ID: id, Handle: title, Title: title, Type: "Pet Supplies", Status: StatusActive,
			Variants: []Variant{{SKU: title, Price: eur("12.00"), Stock: 4}}}
	}
	ix := BuildIndex([]Product{p(1, "Bamboo Litter Scoop"), p(2, "Pinewood Cat Litter 10 L"), p(3, "Corner Litter Tray")}, 1)
	for _, q := range []string{"kattenbakvulling", "kattesand", "猫砂", "katvi avaz"} {
		hits, _ := ix.Search(Query{Text: q, Limit: 3})
		if len(hits) == 0 || hits[0].ID != 2 {
			t.Errorf("%q: hits %v, want the cat litter first", q, hits)
		}
	}
}
