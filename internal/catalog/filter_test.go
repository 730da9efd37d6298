package catalog

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// slowFilterVariants is filterVariants as it was before issue #17's round
// 6: every value folded for every variant, the lists grown by appending.
func slowFilterVariants(vs []Variant, q Query) []Variant {
	var out, exact []Variant
	for _, v := range vs {
		if q.InStock && !v.InStock() {
			continue
		}
		if q.MaxPrice != nil && v.Price.Amount > q.MaxPrice.Amount {
			continue
		}
		if q.MinPrice != nil && v.Price.Amount < q.MinPrice.Amount {
			continue
		}
		ok, same := true, true
		for name, want := range q.Options {
			got, found := OptionValue(v.Options, name)
			g, w := fold.String(strings.TrimSpace(got)), fold.String(strings.TrimSpace(want))
			if !found || !optionSays(g, w) {
				ok = false
				break
			}
			same = same && g == w
		}
		if ok {
			out = append(out, v)
			if same {
				exact = append(exact, v)
			}
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return out
}

// FuzzFilterVariants_SameAsFoldingEveryValue checks filterVariants, which
// folds the values wanted once and compares ASCII values without folding
// them, against folding everything: sizes with detail ("S/M", "M (42-44)"),
// case, accents, CJK, stock and price filters.
func FuzzFilterVariants_SameAsFoldingEveryValue(f *testing.F) {
	f.Add("S", "S/M", "M", "s", "black", 1, 2000)
	f.Add("M (42-44)", "m", "Blåbær", "blabaer", "BLACK", 0, 0)
	f.Add("", "", "黑色", "黑色", "Svart", 3, 100)
	f.Add("L", "l ", " XL", "x", "Černá", 2, 1500)
	f.Fuzz(func(t *testing.T, s1, s2, s3, size, colour string, stock, max int) {
		vs := []Variant{
			{SKU: "1", Options: map[string]string{"Size": s1, "Color": colour}, Stock: stock, Price: money.New(1000, "EUR")},
			{SKU: "2", Options: map[string]string{"Size": s2, "Colour": "Black"}, Stock: stock - 1, Price: money.New(2000, "EUR")},
			{SKU: "3", Options: map[string]string{"size": s3}, Stock: 1, Price: money.New(int64(max), "EUR")},
			{SKU: "4", Stock: 5, Price: money.New(500, "EUR")},
		}
		ceiling := money.New(int64(max), "EUR")
		for _, q := range []Query{
			{},
			{InStock: true},
			{Options: map[string]string{"Size": size}},
			{Options: map[string]string{"size": size, "Color": colour}, InStock: true},
			{Options: map[string]string{"Colour": colour}, MaxPrice: &ceiling},
			{Options: map[string]string{"Size": size}, MinPrice: &ceiling},
		} {
			got, want := filterVariants(vs, q), slowFilterVariants(vs, q)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("query %+v: %v, folding every value gives %v", q, skus(got), skus(want))
			}
		}
	})
}

func skus(vs []Variant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.SKU)
	}
	return out
}

// TestFilterVariants_ManyVariants checks a product with more variants than
// filterVariants keeps its notes of on the stack.
func TestFilterVariants_ManyVariants(t *testing.T) {
	var vs []Variant
	for i := range 150 {
		size := []string{"S", "S/M", "M", "s (36)"}[i%4]
		vs = append(vs, Variant{SKU: size + string(rune('a'+i%26)), Options: map[string]string{"Size": size}, Stock: i % 3})
	}
	for _, q := range []Query{{Options: map[string]string{"size": "s"}}, {Options: map[string]string{"size": "S"}, InStock: true}, {InStock: true}, {Options: map[string]string{"Size": "xl"}}} {
		if got, want := filterVariants(vs, q), slowFilterVariants(vs, q); !reflect.DeepEqual(got, want) {
			t.Errorf("query %+v: %d variants, folding every value gives %d", q, len(got), len(want))
		}
	}
}
