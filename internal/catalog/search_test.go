package catalog

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

func eur(s string) money.Money { return money.MustParse(s, "EUR") }

func testCatalog() []Product {
	return []Product{
		{ID: 1, Handle: "aurora-trail-runner", Title: "Aurora Trail Runner", Type: "Running Shoes", Vendor: "Noordkaap", Tags: []string{"trail", "waterproof"}, Status: StatusActive,
			BodyHTML: "<p>A <b>waterproof</b> trail shoe.</p>",
			Variants: []Variant{
				{SKU: "AUR-42-BLK", Options: map[string]string{"Size": "42", "Color": "Black"}, Price: eur("89.95"), Stock: 3},
				{SKU: "AUR-43-BLK", Options: map[string]string{"Size": "43", "Color": "Black"}, Price: eur("89.95"), Stock: 0},
				{SKU: "AUR-42-RED", Options: map[string]string{"Size": "42", "Color": "Red"}, Price: eur("89.95"), Stock: 0},
			}},
		{ID: 2, Handle: "fjord-rain-jacket", Title: "Fjord Shell Rain Jacket", Type: "Rain Jackets", Vendor: "Havblikk", Tags: []string{"waterproof"}, Status: StatusActive,
			Variants: []Variant{{SKU: "FJ-M-NVY", Options: map[string]string{"Size": "M", "Colour": "Navy"}, Price: eur("149.00"), Stock: 5}}},
		{ID: 3, Handle: "city-sneaker", Title: "City Court Sneaker", Type: "Sneakers", Vendor: "Noordkaap", Status: StatusActive,
			Variants: []Variant{{SKU: "CS-42-WHT", Options: map[string]string{"Size": "42", "Color": "White"}, Price: eur("59.00"), Stock: 0}}},
		{ID: 4, Handle: "tea-shirt", Title: "茶色棉质T恤", Type: "T-Shirts", Vendor: "Lotus", Status: StatusActive,
			Variants: []Variant{{SKU: "TS-1", Options: map[string]string{"Size": "L"}, Price: eur("19.00"), Stock: 9}}},
		{ID: 5, Handle: "old-boot", Title: "Old Draft Boot", Type: "Hiking Boots", Status: StatusDraft,
			Variants: []Variant{{SKU: "OB-1", Price: eur("10.00"), Stock: 1}}},
		{ID: 6, Handle: "blabaer-lue", Title: "Blåbær Lue", Type: "Beanies", Vendor: "Havblikk", Status: StatusActive,
			Variants: []Variant{{SKU: "BL-1", Price: eur("25.00"), Stock: 4}}},
	}
}

func ids(hits []Hit) []int64 {
	var out []int64
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func TestIndexSearch(t *testing.T) {
	ix := BuildIndex(testCatalog(), 1)
	tests := []struct {
		name  string
		q     Query
		first int64
		count int
	}{
		{"title word", Query{Text: "aurora"}, 1, 1},
		{"case and plural", Query{Text: "RAIN JACKETS"}, 2, 1},
		{"typo", Query{Text: "jakcet"}, 2, 1},
		{"prefix", Query{Text: "sneak"}, 3, 2}, // the vocabulary knows running shoes are sneakers too
		{"tag shared by two, title decides", Query{Text: "waterproof trail"}, 1, 2},
		{"accents folded", Query{Text: "blabaer"}, 6, 1},
		{"accents in query", Query{Text: "Blåbær"}, 6, 1},
		{"chinese without spaces", Query{Text: "棉质"}, 4, 1},
		{"type filter", Query{Type: "running shoes"}, 1, 1},
		{"size and colour together", Query{Options: map[string]string{"Size": "42", "Color": "black"}, InStock: true}, 1, 1},
		{"size and colour not in stock together", Query{Options: map[string]string{"Size": "42", "Color": "Red"}, InStock: true}, 0, 0},
		{"colour spelled Colour in the catalogue", Query{Options: map[string]string{"Color": "navy"}}, 2, 1},
		{"price ceiling", Query{MaxPrice: ptr(eur("60.00"))}, 4, 3},
		{"in stock only", Query{Text: "noordkaap", InStock: true}, 1, 1},
		{"drafts hidden", Query{Text: "draft boot"}, 0, 0},
		{"drafts for admin", Query{Text: "draft boot", IncludeInactive: true}, 5, 1},
		{"unknown words find nothing", Query{Text: "xylophone"}, 0, 0},
		{"vendor filter", Query{Vendor: "havblikk"}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, total := ix.Search(tt.q)
			if total != tt.count {
				t.Fatalf("total = %d (%v), want %d", total, ids(hits), tt.count)
			}
			if tt.count > 0 && hits[0].ID != tt.first {
				t.Errorf("first = %d (%v), want %d", hits[0].ID, ids(hits), tt.first)
			}
		})
	}
}

func TestIndexSearch_SortAndPage(t *testing.T) {
	ix := BuildIndex(testCatalog(), 1)
	hits, total := ix.Search(Query{Sort: "price_asc", Limit: 2, Offset: 1})
	if total != 5 || len(hits) != 2 || hits[0].ID != 6 || hits[1].ID != 3 {
		t.Fatalf("page = %v of %d", ids(hits), total)
	}
}

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"jacket", "jacket", true}, {"jakcet", "jacket", true}, {"jacke", "jacket", true},
		{"jackets", "jacket", true}, {"jxcket", "jacket", true}, {"jkcaet", "jacket", false}, {"sko", "jacket", false},
		{"skjørt", "skjort", true}, {"skjørter", "skjort", false}, {"跑鞋子", "跑鞋", true}, {"跑鞋子", "鞋", false},
	}
	for _, tt := range tests {
		if got := withinOneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("withinOneEdit(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func ptr(m money.Money) *money.Money { return &m }

// bigCatalog makes n products with words drawn from a fixed vocabulary.
func bigCatalog(n int) []Product {
	r := rand.New(rand.NewSource(1))
	adj := []string{"Aurora", "Fjord", "Storm", "Trail", "City", "Nordic", "Coastal", "Summit", "Urban", "Arctic", "Breeze", "Granite"}
	kinds := []string{"Runner", "Jacket", "Hoodie", "Sneaker", "Boot", "Tee", "Legging", "Cap", "Backpack", "Sock"}
	types := []string{"Running Shoes", "Rain Jackets", "Hoodies", "Sneakers", "Hiking Boots", "T-Shirts", "Leggings", "Caps", "Backpacks", "Socks"}
	colors := []string{"Black", "White", "Navy", "Red", "Green", "Grey"}
	ps := make([]Product, n)
	for i := range ps {
		k := r.Intn(len(kinds))
		p := Product{ID: int64(i + 1), Handle: fmt.Sprintf("p-%d", i), Status: StatusActive,
			Title: fmt.Sprintf("%s %s %s %d", adj[r.Intn(len(adj))], adj[r.Intn(len(adj))], kinds[k], i), Type: types[k],
			Vendor: adj[r.Intn(4)] + " Co", Tags: []string{"tag" + fmt.Sprint(r.Intn(50))},
			BodyHTML: "<p>Soft, durable and made to last. Recycled fabric, true to size.</p>"}
		for s := 0; s < 4; s++ {
			p.Variants = append(p.Variants, Variant{SKU: fmt.Sprintf("%d-%d", i, s), Price: money.New(int64(1000+r.Intn(20000)), "EUR"),
				Stock: r.Intn(5), Options: map[string]string{"Size": fmt.Sprint(38 + s), "Color": colors[r.Intn(len(colors))]}})
		}
		ps[i] = p
	}
	return ps
}

func BenchmarkIndexSearch10k(b *testing.B) {
	ix := BuildIndex(bigCatalog(10000), 1)
	queries := []Query{
		{Text: "trail runner"},
		{Text: "black jacket", InStock: true},
		{Text: "nordic hoodie", MaxPrice: ptr(eur("80.00"))},
		{Type: "Sneakers", Options: map[string]string{"Size": "40"}, InStock: true},
		{Text: "jakcet"},
	}
	names := []string{"words", "words+instock", "words+price", "filters", "typo"}
	for i, q := range queries {
		b.Run(names[i], func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				ix.Search(q)
			}
		})
	}
}

func BenchmarkBuildIndex10k(b *testing.B) {
	ps := bigCatalog(10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		BuildIndex(ps, 1)
	}
}

// FuzzWithinOneEdit_ASCIIPathAgreesWithRunes checks the byte-wise fast path
// against the rune-wise test it stands in for (issue #17).
func FuzzWithinOneEdit_ASCIIPathAgreesWithRunes(f *testing.F) {
	for _, s := range [][2]string{{"jacket", "jakcet"}, {"jacke", "jacket"}, {"sko", "jacket"}, {"", "a"}, {"ab", "ba"}, {"abc", "acb"}, {"abcd", "abdc"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !ascii(a) || !ascii(b) {
			return
		}
		if got, want := withinOneEditASCII(a, b), withinOneEditRunes([]rune(a), []rune(b)); got != want {
			t.Fatalf("withinOneEdit(%q, %q): bytes %v, runes %v", a, b, got, want)
		}
	})
}
