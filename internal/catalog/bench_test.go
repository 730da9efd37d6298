package catalog

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// retailCatalog makes n products the way an imported fashion and outdoor
// catalogue reads: a brand-like name, materials, features and a kind in the
// title, a sentence or two of description, colour and size options.
func retailCatalog(n int) []Product {
	r := rand.New(rand.NewSource(2))
	names := []string{"Aurora", "Fjord", "Storm", "Harbor", "Ridge", "Nordic", "Coastal", "Summit", "Urban", "Arctic", "Meridian", "Granite", "Lofoten", "Pace"}
	mods := []string{"Merino", "Waterproof", "Hooded", "Organic Cotton", "Leather", "Insulated", "Slim", "Relaxed", "Wireless", "Striped", "Lightweight", "Women's", "Men's", "Kids'", ""}
	kinds := []string{"Rain Jacket", "Down Jacket", "Hoodie", "Sneakers", "Ankle Boots", "Hiking Boots", "T-Shirt", "Leggings", "Beanie", "Backpack", "Socks", "Crossbody Bag", "Jeans", "Sweater", "Headphones", "Sandals", "Dress", "Scarf", "Water Bottle", "Tent"}
	types := []string{"Jackets", "Jackets", "Hoodies", "Sneakers", "Boots", "Boots", "T-Shirts", "Leggings", "Hats", "Bags", "Socks", "Bags", "Jeans", "Knitwear", "Audio", "Sandals", "Dresses", "Accessories", "Outdoor", "Camping"}
	sentences := []string{"Made to last through every season.", "A recycled nylon shell with taped seams.", "Soft brushed lining keeps you warm.", "Pairs well with our wool socks.",
		"Machine washable at 30 degrees.", "Adjustable straps and a padded back panel.", "Breathable mesh for long days on the trail.", "True to size; size up for a loose fit."}
	colors := []string{"Black", "White", "Navy", "Red", "Olive", "Grey", "Sand", "Burgundy"}
	ps := make([]Product, n)
	for i := range ps {
		k := r.Intn(len(kinds))
		p := Product{ID: int64(i + 1), Handle: fmt.Sprintf("r-%d", i), Status: StatusActive,
			Title: fmt.Sprintf("%s %s %s", names[r.Intn(len(names))], mods[r.Intn(len(mods))], kinds[k]), Type: types[k],
			Vendor: names[r.Intn(4)] + " Outfitters", Tags: []string{mods[r.Intn(len(mods))], "sku" + fmt.Sprint(r.Intn(500))},
			BodyHTML: "<p>" + sentences[r.Intn(len(sentences))] + " " + sentences[r.Intn(len(sentences))] + "</p>"}
		for s := 0; s < 4; s++ {
			p.Variants = append(p.Variants, Variant{SKU: fmt.Sprintf("%d-%d", i, s), Price: money.New(int64(1000+r.Intn(20000)), "EUR"),
				Stock: r.Intn(5), Options: map[string]string{"Size": []string{"S", "M", "L", "XL"}[s], "Color": colors[r.Intn(len(colors))]}})
		}
		ps[i] = p
	}
	return ps
}

// retailQueries are what shoppers type, in the six languages.
var retailQueries = []struct{ name, text string }{
	{"en-kind", "rain jacket"},
	{"en-3constraints", "women's waterproof hooded jacket"},
	{"en-typo", "jakcet"},
	{"nb-compound", "ullsokker"},
	{"nl-compound", "regenjas"},
	{"zh", "黑色斜挎包"},
	{"ms", "kasut hiking"},
	{"hy-latin", "kisachtqavor koshikner"},
	{"unknown", "xylophone"},
	{"unknown-compound", "solbrilleetui"},
	{"goes-with", "socks for hiking boots"},
}

func BenchmarkRetailSearch10k(b *testing.B) {
	ix := BuildIndex(retailCatalog(10000), 1)
	for _, q := range retailQueries {
		b.Run(q.name, func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				ix.Search(Query{Text: q.text})
			}
		})
	}
}

func BenchmarkRetailBuildIndex10k(b *testing.B) {
	ps := retailCatalog(10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		BuildIndex(ps, 1)
	}
}
