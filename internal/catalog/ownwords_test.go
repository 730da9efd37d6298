package catalog

import (
	"fmt"
	"testing"
)

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

// A size the shopper names matches a variant's size written with detail
// after it, and the variant of exactly that size when there is one.
func TestMatchingVariants_SizeWithDetail(t *testing.T) {
	v := func(sku, size string) Variant {
		return Variant{SKU: sku, Options: map[string]string{"Size": size}, Price: eur("5.00"), Stock: 2}
	}
	bowl := Product{Variants: []Variant{v("b-s", "S 450 ml"), v("b-m", "M 900 ml"), v("b-ml", "M/L")}}
	sock := Product{Variants: []Variant{v("s-m", "M"), v("s-ml", "M/L"), v("s-xl", "XL")}}
	for _, c := range []struct {
		p    Product
		size string
		want []string
	}{
		{bowl, "M", []string{"b-m", "b-ml"}},
		{bowl, "m", []string{"b-m", "b-ml"}},
		{sock, "M", []string{"s-m"}},
		{sock, "X", nil},
		{bowl, "L", nil},
	} {
		var got []string
		for _, x := range MatchingVariants(c.p, Query{Options: map[string]string{"Size": c.size}}) {
			got = append(got, x.SKU)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("size %q: %v, want %v", c.size, got, c.want)
		}
	}
}
