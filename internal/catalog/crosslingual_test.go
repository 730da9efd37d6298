package catalog

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
)

// outdoorShop is a small English catalogue written for these tests (not the
// demo's), with similar products side by side.
func outdoorShop() []Product {
	p := func(id int64, title, typ string, tags []string, body string, colours ...string) Product {
		pr := Product{ID: id, Handle: fmt.Sprintf("p%d", id), Title: title, Type: typ, Tags: tags, BodyHTML: body, Status: StatusActive}
		for i, c := range colours {
			pr.Variants = append(pr.Variants, Variant{SKU: fmt.Sprintf("%d-%d", id, i), Options: map[string]string{"Color": c, "Size": "M"}, Price: eur("49.00"), Stock: 3})
		}
		return pr
	}
	return []Product{
		p(1, "Meridian Crossbody Bag", "Bags", []string{"leather"}, "<p>A compact bag with an adjustable strap.</p>", "Black", "Tan"),
		p(2, "Harbor Canvas Tote", "Bags", nil, "<p>Roomy everyday tote.</p>", "Natural"),
		p(3, "Lofoten Merino Wool Socks", "Socks", []string{"hiking"}, "<p>Cushioned socks for long days in boots.</p>", "Grey"),
		p(4, "Everyday Cotton Socks 3-Pack", "Socks", nil, "<p>Soft and breathable.</p>", "White", "Black"),
		p(5, "Ridge Suede Ankle Boots", "Boots", nil, "<p>Chelsea-style with elastic sides.</p>", "Brown"),
		p(6, "Summit Waterproof Hiking Boots", "Boots", []string{"hiking", "waterproof"}, "<p>Leather uppers, grippy sole.</p>", "Brown"),
		p(7, "Trailhead Low Hiking Shoe", "Hiking Shoes", nil, "<p>Light and fast on the trail.</p>", "Grey"),
		p(8, "Pace Runner", "Sneakers", nil, "<p>Everyday running comfort.</p>", "White"),
		p(9, "Storm Hooded Rain Jacket", "Jackets", []string{"waterproof"}, "<p>Taped seams keep the rain out.</p>", "Navy", "Yellow"),
		p(10, "Alpine Down Jacket", "Jackets", []string{"insulated"}, "<p>Warm 650-fill goose down.</p>", "Black"),
		p(11, "Classic Wool Sweater", "Sweaters", nil, "<p>A crew-neck knit.</p>", "Navy"),
		p(12, "Women's High-Rise Loose Jeans", "Jeans", []string{"women"}, "<p>Relaxed through the leg.</p>", "Blue"),
		p(13, "Men's Slim Jeans", "Jeans", []string{"men"}, "<p>Stretch denim.</p>", "Black"),
		p(14, "Women's Skinny Jeans", "Jeans", []string{"women"}, "<p>Stretch denim, mid rise.</p>", "Black"),
		p(15, "Midnight Black Sneakers", "Sneakers", nil, "<p>All black, all day.</p>", "Black"),
		p(16, "Quiet Wireless Noise Cancelling Headphones", "Headphones", nil, "<p>30 hours of battery.</p>", "Black"),
		p(17, "Puddle Kids Rain Boots", "Boots", []string{"kids"}, "<p>Easy pull-on handles.</p>", "Yellow"),
		p(18, "Daypack 20L Backpack", "Backpacks", nil, "<p>Padded laptop sleeve.</p>", "Green"),
		p(19, "Black Leather Belt", "Belts", nil, "<p>Full-grain leather.</p>", "Black"),
		p(20, "Drizzle Shell", "Jackets", []string{"rain"}, "<p>A thin layer for showers.</p>", "Red"),
	}
}

func TestSearch_FindsProductWordsInSixLanguages(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	tests := []struct {
		lang, text string
		first      []int64 // any of these first
	}{
		{"en", "crossbody", []int64{1}},
		{"en", "wool socks", []int64{3}},
		{"en", "ankle boots", []int64{5}},
		{"en", "hiking shoes", []int64{6, 7}},
		{"zh", "斜挎包", []int64{1}},
		{"zh", "我想买一个斜挎包", []int64{1}},
		{"zh", "羊毛袜", []int64{3}},
		{"zh", "短靴", []int64{5}},
		{"zh", "登山鞋", []int64{6, 7}},
		{"zh", "防水夹克", []int64{9}},
		{"zh", "无线耳机", []int64{16}},
		{"zh", "双肩包", []int64{18}},
		{"zh", "女士高腰宽松牛仔裤", []int64{12}},
		{"nb", "ullsokker", []int64{3}},
		{"nb", "vanntett jakke", []int64{9}},
		{"nb", "dunjakke", []int64{10}},
		{"nb", "ankelstøvletter", []int64{5}},
		{"nb", "turstøvler", []int64{6}},
		{"nb", "trådløse hodetelefoner", []int64{16}},
		{"nb", "ullgenser", []int64{11}},
		{"nb", "regnjakke med hette", []int64{9}},
		{"nl", "regenjas", []int64{9}},
		{"nl", "wollen sokken", []int64{3}},
		{"nl", "enkellaarsjes", []int64{5}},
		{"nl", "waterdichte wandelschoenen", []int64{6}},
		{"nl", "donsjas", []int64{10}},
		{"nl", "draadloze koptelefoon", []int64{16}},
		{"nl", "spijkerbroek dames hoge taille wijd", []int64{12}},
		{"nl", "rugzak", []int64{18}},
		{"ms", "kasut hiking", []int64{6, 7}},
		{"ms", "beg galas", []int64{18}},
		{"ms", "beg silang", []int64{1}},
		{"ms", "stoking wul", []int64{3}},
		{"ms", "baju sejuk", []int64{11}},
		{"ms", "jaket hujan berhud", []int64{9}},
		{"ms", "kasut running", []int64{8}},
		{"ms", "seluar jeans wanita pinggang tinggi", []int64{12}},
		{"hy", "կիսաճտքավոր կոշիկներ", []int64{5}},
		{"hy", "kisachtqavor koshikner", []int64{5}},
		{"hy", "բրդյա գուլպաներ", []int64{3}},
		{"hy", "brdya gulpaner", []int64{3}},
		{"hy", "անլար ականջակալներ", []int64{16}},
		{"hy", "anlar akanjakalner", []int64{16}},
		{"hy", "ուսապարկ", []int64{18}},
		{"hy", "usapark", []int64{18}},
		{"hy", "կանացի ջինսեր", []int64{12, 14}},
		{"hy", "kanaci jinser", []int64{12, 14}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			hits, _ := ix.Search(Query{Text: tt.text})
			if len(hits) == 0 || !slices.Contains(tt.first, hits[0].ID) {
				t.Errorf("Search(%q) = %v, want first one of %v", tt.text, ids(hits), tt.first)
			}
		})
	}
}

func TestSearch_RewardsMeetingEveryConstraint(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	tests := []struct {
		text   string
		first  int64
		before []int64 // ranked below first, in this order
	}{
		{"women's high-rise loose jeans", 12, []int64{14, 13}},
		{"waterproof hooded jacket", 9, []int64{10}},
		{"men's slim jeans", 13, []int64{14, 12}}, // skinny is a slim fit
		{"merino hiking socks", 3, []int64{4}},
		{"waterproof hiking boots", 6, []int64{5, 17}},
		{"kids rain boots", 17, []int64{6, 9}},       // other boots before a rain jacket
		{"leather crossbody bag", 1, []int64{2, 19}}, // another bag before a leather belt
		{"insulated down jacket", 10, []int64{9}},
		{"rain jacket", 9, []int64{20, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hits, _ := ix.Search(Query{Text: tt.text, Limit: 50})
			got := ids(hits)
			if len(got) == 0 || got[0] != tt.first {
				t.Fatalf("Search(%q) = %v, want %d first", tt.text, got, tt.first)
			}
			last := 0 // each listed product ranks after the one before it
			for _, b := range tt.before {
				i := slices.Index(got, b)
				if i >= 0 && i <= last {
					t.Errorf("%d ranks at %d in %v, want after %d", b, i, got, got[last])
				}
				last = max(last, i)
			}
		})
	}
}

// A colour word must not lift a product of the wrong kind above one of the
// kind asked for.
func TestSearch_WrongKindWithRightColourRanksBelowRightKind(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	boots := []int64{5, 6, 17}
	for _, text := range []string{"black boots", "黑色靴子", "svarte støvler", "zwarte laarzen", "kasut but hitam", "սև երկարաճիտ կոշիկներ"} {
		t.Run(text, func(t *testing.T) {
			hits, _ := ix.Search(Query{Text: text, Limit: 50})
			got := ids(hits)
			lastBoot, firstOther := -1, len(got)
			for i, id := range got {
				if slices.Contains(boots, id) {
					lastBoot = i
				} else if i < firstOther {
					firstOther = i
				}
			}
			if lastBoot < 0 || lastBoot > firstOther {
				t.Errorf("Search(%q) = %v: every boot (%v) must come before black products of other kinds", text, got, boots)
			}
		})
	}
}

func TestSearch_SortedByPriceTheKindAskedForStillComesFirst(t *testing.T) {
	ps := outdoorShop()
	for i := range ps {
		if ps[i].ID == 15 || ps[i].ID == 19 { // black sneakers and a black belt, cheaper than any boot
			for j := range ps[i].Variants {
				ps[i].Variants[j].Price = eur("5.00")
			}
		}
	}
	ix := BuildIndex(ps, 1)
	hits, _ := ix.Search(Query{Text: "black boots", Sort: "price_asc", Limit: 50})
	got := ids(hits)
	if len(got) < 3 || !slices.Contains([]int64{5, 6, 17}, got[0]) || slices.Index(got, 15) < 3 {
		t.Errorf("cheapest black boots = %v", got)
	}
}

func TestSearch_BroaderKindFindsNarrower(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	for _, text := range []string{"shoes", "鞋", "sko", "schoenen", "kasut", "կոշիկներ"} {
		hits, _ := ix.Search(Query{Text: text, Limit: 50})
		got := ids(hits)
		for _, want := range []int64{5, 6, 7, 8, 15, 17} {
			if !slices.Contains(got, want) {
				t.Errorf("Search(%q) = %v, missing %d", text, got, want)
			}
		}
		// The socks' description mentions boots: found, but after every shoe.
		if i := slices.Index(got, 3); i >= 0 && i < 6 {
			t.Errorf("Search(%q) = %v: socks are not shoes", text, got)
		}
	}
}

func TestKeyWords_KeepsForeignProductWordsTheCatalogueHas(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	tests := []struct{ text, want string }{
		{"我想要一个斜挎包", "斜挎包"},
		{"jeg ser etter ullsokker", "ullsokker"},
		{"do you have wool socks please", "wool socks"},
		{"ada kasut hiking tak?", "kasut hiking"},
		{"ik zoek een regenjas", "regenjas"},
		{"ունե՞ք կիսաճտքավոր կոշիկներ", "կիսաճտքավոր կոշիկներ"},
		{"I want a tent", ""},            // the shop has none
		{"ուզում եմ լոֆոտեն", "lofoten"}, // a name in Armenian letters is the catalogue's Latin word
		{"包邮吗", ""},
	}
	for _, tt := range tests {
		if got := ix.KeyWords(tt.text); got != tt.want {
			t.Errorf("KeyWords(%q) = %q, want %q", tt.text, got, tt.want)
		}
		if tt.want != "" {
			if hits, _ := ix.Search(Query{Text: ix.KeyWords(tt.text)}); len(hits) == 0 {
				t.Errorf("Search(KeyWords(%q)) finds nothing", tt.text)
			}
		}
	}
}

func TestTypeName_MapsAForeignKindToTheCataloguesType(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"jeans", "Jeans", true},
		{"牛仔裤", "Jeans", true},
		{"støvler", "Boots", true},
		{"jakke", "Jackets", true},
		{"ryggsekk", "Backpacks", true},
		{"ականջակալներ", "Headphones", true},
		{"ankle boots", "", false}, // narrower than the shop's "Boots": the words search instead
		{"ullsokker", "", false},   // wool socks: more than the type says
		{"sko", "", false},         // no type means just shoes
	}
	for _, tt := range tests {
		got, ok := ix.TypeName(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TypeName(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCategoryWords_OnlyKindsTheCatalogueHasWithNamesSearchUnderstands(t *testing.T) {
	ix := BuildIndex(outdoorShop(), 1)
	got := map[string]string{}
	for _, w := range ix.CategoryWords() {
		got[w.Lang+" "+w.Text] = w.Value
	}
	for key, want := range map[string]string{
		"zh 斜挎包": "crossbody bag", "nl enkellaarsjes": "ankle boots", "nb jakke": "Jackets",
		"hy ականջակալներ": "Headphones", "ms beg galas": "Backpacks",
	} {
		if got[key] != want {
			t.Errorf("%s → %q, want %q", key, got[key], want)
		}
	}
	for _, absent := range []string{"en tent", "zh 帐篷", "en men"} {
		if v, ok := got[absent]; ok {
			t.Errorf("%s → %q: the shop sells none, or the word is read in catalogues only", absent, v)
		}
	}
	for key, value := range got {
		if _, ok := ix.TypeName(value); !ok {
			if hits, _ := ix.Search(Query{Text: value}); len(hits) == 0 {
				t.Errorf("%s → %q finds nothing", key, value)
			}
		}
	}
}

// memStore is the little of Store the service needs here.
type memStore struct {
	Store
	ps []Product
}

func (m memStore) CatalogVersion(context.Context) (int64, error)  { return 1, nil }
func (m memStore) AllProducts(context.Context) ([]Product, error) { return m.ps, nil }
func (m memStore) ProductsByIDs(_ context.Context, ids []int64) ([]Product, error) {
	var out []Product
	for _, id := range ids {
		for _, p := range m.ps {
			if p.ID == id {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

func TestService_RetailerSynonymsOverrideTheVocabulary(t *testing.T) {
	ctx := context.Background()
	s := NewService(memStore{ps: outdoorShop()})
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	first := func(text string) int64 {
		t.Helper()
		res, err := s.Search(ctx, Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Products) == 0 {
			return 0
		}
		return res.Products[0].ID
	}
	// The shop has no track pants: before the synonym, joggers finds at most
	// the trousers it has as the next best thing, never the sneakers.
	if got := first("joggers"); got == 8 {
		t.Fatalf("before: joggers found the sneakers %d", got)
	}
	s.SetSynonyms([]Synonym{
		{Text: "joggers", Value: "sneakers"},     // the vocabulary says track pants
		{Text: "stompers", Value: "boots"},       // unknown to the vocabulary
		{Text: "quietline", Value: "Quiet"},      // the catalogue's own word
		{Text: "vanntett", Value: "down jacket"}, // overrides the shipped meaning
	})
	for text, want := range map[string]int64{"joggers": 8, "black joggers": 15, "stompers": 5, "quietline": 16, "vanntett": 10} {
		if got := first(text); got != want {
			t.Errorf("after synonyms, %q found %d first, want %d", text, got, want)
		}
	}
	if got, ok := s.TypeName(ctx, "stompers"); got != "Boots" || !ok {
		t.Errorf("TypeName(stompers) = %q, %v", got, ok)
	}
	if kw := s.KeyWords(ctx, "got any joggers"); kw != "joggers" {
		t.Errorf("KeyWords = %q", kw)
	}
	_ = vocab.Default()
}

// Shoppers' words go straight into Search, KeyWords and TypeName.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"ullsokker", "黑色斜挎包", "kisachtqavor koshikner", "women's", "'s", "包邮", "ééé"} {
		f.Add(s)
	}
	ix := BuildIndex(outdoorShop(), 1)
	f.Fuzz(func(t *testing.T, s string) {
		hits, total := ix.Search(Query{Text: s, Limit: 5})
		if len(hits) > total || len(hits) > 5 {
			t.Fatalf("Search(%q): %d hits of %d", s, len(hits), total)
		}
		kw := ix.KeyWords(s)
		if kw != "" {
			if h, _ := ix.Search(Query{Text: kw}); len(h) == 0 {
				t.Fatalf("KeyWords(%q) = %q finds nothing", s, kw)
			}
		}
		ix.TypeName(s)
	})
}

// "Mat" alone is no kind (a yoga mat, a doormat, a bath mat): a material
// with it finds the product that is both, before a cleaner for mats.
func TestSearch_AMaterialWithAnAmbiguousWordFindsTheProductThatIsBoth(t *testing.T) {
	p := func(id int64, title, typ string, tags []string) Product {
		return Product{ID: id, Handle: fmt.Sprintf("p%d", id), Title: title, Type: typ, Tags: tags, Status: StatusActive,
			Variants: []Variant{{SKU: fmt.Sprintf("%d", id), Price: eur("20.00"), Stock: 3}}}
	}
	ix := BuildIndex([]Product{
		p(1, "Mat Cleaner Spray 250 ml", "Accessories", []string{"cleaning"}),
		p(2, "Cork Yoga Mat 4 mm", "Yoga Mat", []string{"cork", "natural rubber"}),
		p(3, "Coir Doormat", "Rugs", nil),
		p(4, "Buckwheat Meditation Cushion (Zafu)", "Meditation", []string{"meditation cushion"}),
		p(5, "Thick Pilates Mat 15 mm", "Yoga Mat", nil),
	}, 1)
	for q, want := range map[string]int64{"cork mat": 2, "kurk mat": 2, "冥想垫": 4, "meditatiekussen": 4} {
		hits, _ := ix.Search(Query{Text: q, Limit: 5})
		if got := ids(hits); len(got) == 0 || got[0] != want {
			t.Errorf("%q = %v, want %d first", q, got, want)
		}
	}
}

// A type that holds only some of the products of a kind is not the kind:
// where the vocabulary's garden tools are one concept and the shop files its
// wheelbarrow under one type and its spades under another, neither type is
// what a word for garden tools names.
func TestTypeName_TypeHoldingOnlySomeOfTheKindIsNotIt(t *testing.T) {
	p := func(id int64, title, typ string) Product {
		return Product{ID: id, Handle: title, Title: title, Type: typ, Status: StatusActive,
			Variants: []Variant{{SKU: title, Price: eur("15.00"), Stock: 2}}}
	}
	ix := BuildIndex([]Product{p(1, "Brass Loppers", "Cutting"), p(2, "Ash Wheelbarrow", "Wheelbarrows"), p(3, "Forged Border Spade", "Digging")}, 1)
	for _, name := range []string{"garden tools", "hagesaks"} {
		if got, ok := ix.TypeName(name); ok {
			t.Errorf("TypeName(%q) = %q: that type holds only some of the shop's garden tools", name, got)
		}
	}
}
