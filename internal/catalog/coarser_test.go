package catalog

import "testing"

// A material the catalogue names only by the broader word is searched by
// that word: merino socks in a shop whose socks say "wool" are the wool
// ones, not the cotton ones.
func TestSearch_NarrowMaterialFindsTheCataloguesBroaderWord(t *testing.T) {
	p := func(id int64, title string) Product {
		return Product{ID: id, Handle: title, Title: title, Type: "Socks", Status: StatusActive,
			Variants: []Variant{{SKU: title, Price: eur("9.00"), Stock: 5}}}
	}
	ix := BuildIndex([]Product{p(1, "Trail Cotton Socks"), p(2, "Trail Wool Socks"), p(3, "Trail Bamboo Socks")}, 1)
	for _, q := range []string{"merino socks", "merinoullsokker", "羊绒袜子"} {
		hits, _ := ix.Search(Query{Text: ix.SearchWords(q), Limit: 3})
		if len(hits) == 0 || hits[0].ID != 2 {
			t.Errorf("%q (searched as %q): hits %v, want the wool socks first", q, ix.SearchWords(q), hits)
		}
	}
}
