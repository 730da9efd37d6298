package catalog

import (
	"testing"
)

// rankShop is a made-up shop where the right answer differs from the
// naive one: a kids' version of each thing, an accessory named after what
// it carries, a shoe that says it is not waterproof.
func rankShop() []Product {
	v := func(sku string) []Variant {
		return []Variant{{SKU: sku, Price: eur("20.00"), Stock: 3, Options: map[string]string{"Size": "M"}}}
	}
	return []Product{
		{ID: 1, Handle: "kids-lantern-hat", Title: "Kids Lantern Beanie", Type: "Beanies", Tags: []string{"kids", "wool"}, Status: StatusActive, Variants: v("A1")},
		{ID: 2, Handle: "rib-hat", Title: "Harbour Rib Beanie", Type: "Beanies", Tags: []string{"wool"}, Status: StatusActive, Variants: v("A2"),
			BodyHTML: "<p>A warm beanie in a fine rib, folded brim, one size for grown-ups and older teens alike.</p>"},
		{ID: 3, Handle: "mesh-walker", Title: "Meadow Hiking Shoe", Type: "Hiking Shoes", Tags: []string{"mesh", "not waterproof"}, Status: StatusActive, Variants: v("A3"),
			BodyHTML: "<p>Airy mesh. Not waterproof.</p>"},
		{ID: 4, Handle: "membrane-walker", Title: "Tarn Membrane Hiking Shoe", Type: "Hiking Shoes", Tags: []string{"waterproof", "membrane"}, Status: StatusActive, Variants: v("A4"),
			BodyHTML: "<p>A waterproof membrane keeps feet dry on wet trails, with a grippy sole and a padded collar for long days.</p>"},
		{ID: 5, Handle: "mat-bag", Title: "Canvas Yoga Mat Bag", Type: "Bags", Tags: []string{"yoga mat", "yoga"}, Status: StatusActive, Variants: v("A5")},
		{ID: 6, Handle: "cork-mat", Title: "Cork Yoga Mat 4 mm", Type: "Yoga Mats", Tags: []string{"yoga", "cork"}, Status: StatusActive, Variants: v("A6"),
			BodyHTML: "<p>Natural cork on a rubber base, grippy when wet, rolls up small and comes with a strap for carrying it to class.</p>"},
		{ID: 7, Handle: "cargo-tights", Title: "Stride Pocket Leggings", Type: "Leggings", Tags: []string{"pockets"}, Status: StatusActive, Variants: v("A7")},
		{ID: 8, Handle: "zip-tote", Title: "Market Tote with Zip Pocket", Type: "Bags", Tags: []string{"pockets"}, Status: StatusActive, Variants: v("A8")},
	}
}

func TestSearch_RanksRightProductFirst(t *testing.T) {
	ix := BuildIndex(rankShop(), 1)
	tests := []struct {
		name, text string
		first      int64
	}{
		{"a children's product comes after the grown-ups' one when the shopper does not ask for children", "wool beanie", 2},
		{"a children's product comes first when the shopper asks for children", "kids wool beanie", 1},
		{"a product that says it is not waterproof does not meet 'waterproof'", "waterproof hiking shoes", 4},
		{"a shopper's Chinese finds the catalogue's negation too", "防水登山鞋", 4},
		{"an accessory named after what it carries is not that thing", "yoga mat", 6},
		{"a kind the shop lacks is answered with the kind above it, meeting the other words", "treningsbukse med lommer", 7},
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

func TestSearch_AccessoryOfAnotherKindIsNotOfTheKindAsked(t *testing.T) {
	ix := BuildIndex(rankShop(), 1)
	hits, _ := ix.Search(Query{Text: "yoga mat", Limit: 5})
	for _, h := range hits {
		if h.ID == 5 && h.kind == 2 {
			t.Errorf("the mat bag ranks as a yoga mat: %+v", h)
		}
	}
}

func TestSearch_StandInKindRanksAsNearNotAsTheKindAsked(t *testing.T) {
	ix := BuildIndex(rankShop(), 1)
	hits, _ := ix.Search(Query{Text: "treningsbukse", Limit: 5})
	if len(hits) == 0 {
		t.Fatal("no stand-in for track pants in a shop with leggings")
	}
	for _, h := range hits {
		if h.kind == 2 {
			t.Errorf("product %d ranks as track pants", h.ID)
		}
	}
}

func TestWithoutNegated_DropsTheNegatedWord(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"not", "waterproof", "dries", "fast"}, "dries fast"},
		{[]string{"non", "slip"}, "non slip"},
		{[]string{"zonder", "vulling"}, ""},
		{[]string{"waterproof", "not"}, "waterproof not"},
	}
	for _, tt := range tests {
		got := ""
		for i, w := range withoutNegated(tt.in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != tt.want {
			t.Errorf("withoutNegated(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// wordShop is a made-up English catalogue for shoppers' words that are not
// in the vocabulary as written.
func wordShop() []Product {
	v := func(sku string) []Variant {
		return []Variant{{SKU: sku, Price: eur("30.00"), Stock: 2}}
	}
	return []Product{
		{ID: 1, Handle: "bolster", Title: "Oval Pranayama Bolster", Type: "Props", Status: StatusActive, Variants: v("B1")},
		{ID: 2, Handle: "pranayama-strap", Title: "Pranayama Strap", Type: "Props", Status: StatusActive, Variants: v("B2")},
		{ID: 3, Handle: "microfibre-cloth", Title: "Microfibre Lens Cloth", Type: "Care", Status: StatusActive, Variants: v("B3")},
		{ID: 4, Handle: "cotton-cloth", Title: "Cotton Lens Cloth", Type: "Care", Status: StatusActive, Variants: v("B4")},
		{ID: 5, Handle: "passport-sleeve", Title: "Passport Sleeve", Type: "Travel", Status: StatusActive, Variants: v("B5")},
		{ID: 6, Handle: "softshell-trousers", Title: "Kettle Softshell Trousers", Type: "Trousers", Status: StatusActive, Variants: v("B6")},
		{ID: 7, Handle: "chino-trousers", Title: "Kettle Chino Trousers", Type: "Trousers", Status: StatusActive, Variants: v("B7")},
		{ID: 8, Handle: "wool-hat", Title: "Ridge Wool Beanie", Type: "Hats", Status: StatusActive, Variants: v("B8")},
		{ID: 9, Handle: "wool-socks", Title: "Ridge Wool Socks", Type: "Socks", Status: StatusActive, Variants: v("B9")},
	}
}

func TestSearch_FindsWordsTheVocabularyDoesNotHave(t *testing.T) {
	ix := BuildIndex(wordShop(), 1)
	tests := []struct {
		name, text string
		first      int64
	}{
		{"the catalogue's own words run together, as Dutch and Norwegian write them", "pranayamabolster", 1},
		{"a word spelt as another language spells it (k for c, -er for -re)", "mikrofiber", 3},
		{"a transliteration with a doubled letter dropped and an ending added", "pasporti", 5},
		{"a Norwegian compound of a kind and the catalogue's word for what it is made of", "softshellbukse", 6},
		{"a Norwegian compound that writes three equal consonants as two", "ullue", 8},
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

func TestSkeleton_MeetsSpellingsOfOneWord(t *testing.T) {
	for _, pair := range [][2]string{{"mikrofiber", "microfibre"}, {"pasport", "passport"}, {"kanvas", "canvas"}, {"telefon", "telephon"}} {
		if a, b := skeleton(pair[0]), skeleton(pair[1]); a != b {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q", pair[0], a, pair[1], b)
		}
	}
	if skeleton("jacket") == skeleton("jackets") {
		t.Error("skeleton drops a plural s") // stemming is done elsewhere
	}
}

func TestSearch_SentenceWordsDoNotCountAsConstraints(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		// Long prose full of "for", "in" and "the": it must not win on them.
		{ID: 1, Handle: "city-shoe", Title: "Canal City Shoe", Type: "Shoes", Status: StatusActive, Variants: v,
			BodyHTML: "<p>A shoe for the city, for the office and for the evening out in the town, made in the old way for the long haul.</p>"},
		{ID: 2, Handle: "trail-shoe", Title: "Fell Hiking Shoe", Type: "Shoes", Tags: []string{"hiking"}, Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	hits, _ := ix.Search(Query{Text: "shoes for hiking in the hills", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 2 {
		t.Fatalf("got %v, want the hiking shoe first", ids(hits))
	}
	if hits[0].matched != 2 {
		t.Errorf("the hiking shoe meets %d constraints, want 2 (shoes, hiking)", hits[0].matched)
	}
}

func TestSearch_ShoppersOwnWordsInTheProductAddToTheConceptTheyName(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1, Options: map[string]string{"Color": "White"}}}
	ps := []Product{
		{ID: 1, Handle: "leather-sneaker", Title: "Court White Leather Sneakers", Type: "Sneakers", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "canvas-sneaker", Title: "Deck Canvas Sneakers", Type: "Sneakers", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	// "kasut kanvas" is one phrase of the vocabulary (sneakers); its word
	// "kanvas" is the catalogue's "canvas".
	hits, _ := ix.Search(Query{Text: "kasut kanvas putih", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 2 {
		t.Errorf("got %v, want the canvas sneakers first", ids(hits))
	}
}

func TestSearch_MeasuresMatchHoweverTheyAreWritten(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1, Options: map[string]string{"Size": "L"}}}
	ps := []Product{
		{ID: 1, Handle: "bank-20", Title: "Pocket Power Bank 20000mAh", Type: "Power Banks", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "bank-10", Title: "Pocket Power Bank 10000 mAh", Type: "Power Banks", Status: StatusActive, Variants: v},
		{ID: 3, Handle: "flask-half", Title: "Trail Flask 0.5 l", Type: "Bottles", Status: StatusActive, Variants: v},
		{ID: 4, Handle: "flask-1", Title: "Trail Flask 1 l", Type: "Bottles", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	for text, want := range map[string]int64{"20000 mah power bank": 1, "10000mah power bank": 2, "1l flask": 4} {
		hits, _ := ix.Search(Query{Text: text, Limit: 5})
		if len(hits) == 0 || hits[0].ID != want {
			t.Errorf("%q: got %v, want %d first", text, ids(hits), want)
		}
	}
}

func TestWithoutNegated_KeepsChineseWordsThatStartWithNot(t *testing.T) {
	in := []string{"不", "锈", "钢", "保", "温", "杯"}
	if got := withoutNegated(in); len(got) != len(in) {
		t.Errorf("stainless steel lost its letters: %v", got)
	}
}

func TestSearch_WhatTheShopperDoesNotWantGoesLast(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		{ID: 1, Handle: "padded-bra", Title: "Lift Padded Sports Bra", Type: "Sports Bras", Tags: []string{"padded"}, Status: StatusActive, Variants: v},
		{ID: 2, Handle: "plain-bra", Title: "Lift Sports Bra", Type: "Sports Bras", Status: StatusActive, Variants: v},
		{ID: 3, Handle: "shell-boot", Title: "Moor Waterproof Hiking Boot", Type: "Hiking Boots", Tags: []string{"waterproof"}, Status: StatusActive, Variants: v},
		{ID: 4, Handle: "mesh-boot", Title: "Moor Mesh Hiking Boot", Type: "Hiking Boots", Tags: []string{"breathable"}, Status: StatusActive, Variants: v},
		{ID: 5, Handle: "grip-mat", Title: "Non-Slip Yoga Mat", Type: "Yoga Mats", Tags: []string{"non-slip"}, Status: StatusActive, Variants: v},
		{ID: 6, Handle: "cork-mat", Title: "Cork Yoga Mat", Type: "Yoga Mats", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	for text, want := range map[string]int64{
		"sports bra without padding": 2, "sportbeha zonder vulling": 2,
		"hiking boots, not waterproof": 4, "fjellstøvler, ikke vanntette": 4, "kasut hiking tidak kalis air": 4,
		"non slip yoga mat": 5, // "non-slip" is a feature, not a negation
	} {
		hits, _ := ix.Search(Query{Text: text, Limit: 5})
		if len(hits) == 0 || hits[0].ID != want {
			t.Errorf("%q: got %v, want %d first", text, ids(hits), want)
		}
	}
	if kw := ix.KeyWords("hiking boots, not waterproof please"); kw != "hiking boots not waterproof" {
		t.Errorf("KeyWords dropped the negation: %q", kw)
	}
}

func TestSearch_TitleHeadTheVocabularyDoesNotKnowIsNotTheKindBeforeIt(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		// "Strap" and "Tracker" are not in the vocabulary: the suitcase
		// word before them does not make these suitcases.
		{ID: 1, Handle: "strap", Title: "Bright Suitcase Strap", Type: "Electronics", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "tracker", Title: "Suitcase Tracker (2-pack)", Type: "Electronics", Status: StatusActive, Variants: v},
		{ID: 3, Handle: "spinner", Title: "Orbit Spinner 55 cm", Type: "Suitcases", Status: StatusActive, Variants: v,
			BodyHTML: "<p>A hard-shell cabin case on four wheels, with a combination lock and a telescopic handle.</p>"},
		// A head followed only by an audience and a size still counts.
		{ID: 4, Handle: "boot", Title: "Fell Hiking Boot Men 42", Type: "Footwear", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	hits, _ := ix.Search(Query{Text: "suitcase", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 3 {
		t.Errorf("suitcase: got %v, want the spinner first", ids(hits))
	}
	for _, h := range hits {
		if h.ID != 3 && h.kind == 2 {
			t.Errorf("product %d ranks as a suitcase", h.ID)
		}
	}
	hits, _ = ix.Search(Query{Text: "hiking boots", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 4 || hits[0].kind != 2 {
		t.Errorf("hiking boots: got %+v, want the boot as a boot", hits)
	}
}

func TestSearch_ChineseRunIsOneConstraint(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		// Shares single characters of the query with it, many times over.
		{ID: 1, Handle: "camp-chair", Title: "人体工学折叠椅", Type: "露营家具", Status: StatusActive, Variants: v,
			BodyHTML: "<p>双层面料，单人使用，人人都爱。</p>"},
		{ID: 2, Handle: "duo-hammock", Title: "双人吊床", Type: "吊床", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	hits, _ := ix.Search(Query{Text: "有没有双人吊床", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 2 {
		t.Fatalf("got %v, want the hammock first", ids(hits))
	}
	// 吊床 is a kind of the vocabulary; 双人 around it is one run, not 双, 人
	// and 双人 counted apart (有没有 is not asked for at all).
	if hits[0].matched != 2 {
		t.Errorf("the hammock meets %d constraints, want 2 (双人, hammock)", hits[0].matched)
	}
}

func TestSearch_AWordNamingTheCatalogueTypeNamesTheKind(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("30.00"), Stock: 1}}
	ps := []Product{
		{ID: 1, Handle: "board", Title: "Oak Cutting Board", Type: "Cutting Boards", Status: StatusActive, Variants: v},
		// Its line is called Whisk; it is a mixer, as its type says.
		{ID: 2, Handle: "whisk-mixer", Title: "Whisk Hand Mixer", Type: "Mixers", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	// "mikser" is not in the vocabulary; it sounds like the type "Mixers".
	hits, _ := ix.Search(Query{Text: "whisk mikser", Limit: 5})
	if len(hits) == 0 || hits[0].ID != 2 || hits[0].kind != 2 {
		t.Errorf("got %+v, want the mixer first as the kind asked for", hits)
	}
}

func TestRelevance_ANegationAloneNamesWhatItRulesOut(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		{ID: 1, Handle: "tights-78", Title: "Core 7/8 Leggings", Type: "Leggings", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "tights-full", Title: "Core Leggings Full Length", Type: "Leggings", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	// The dialogue asks which shown products "not the 7/8" rules out.
	hits, _ := ix.Search(Query{Text: ix.KeyWords("not the 7/8"), Limit: 5})
	if len(hits) != 1 || hits[0].ID != 1 {
		t.Errorf("got %v, want just the 7/8 leggings", ids(hits))
	}
}

func TestSearch_ANegationWithOnlyStopWordsBesideIsWhatToLookFor(t *testing.T) {
	v := []Variant{{SKU: "S", Price: eur("40.00"), Stock: 1}}
	ps := []Product{
		{ID: 1, Handle: "tights-78", Title: "Core 7/8 Leggings", Type: "Leggings", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "tights-full", Title: "Core Leggings Full Length", Type: "Leggings", Status: StatusActive, Variants: v},
	}
	ix := BuildIndex(ps, 1)
	hits, _ := ix.Search(Query{Text: "the, not the 7/8", Limit: 5})
	if len(hits) != 1 || hits[0].ID != 1 {
		t.Errorf("got %v, want just the 7/8 leggings", ids(hits))
	}
}

// A shop of a hundred products is the common case: every query of
// retailQueries must stay far under a millisecond there.
func BenchmarkRetailSearch100(b *testing.B) {
	ix := BuildIndex(retailCatalog(100), 1)
	for _, q := range retailQueries {
		b.Run(q.name, func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				ix.Search(Query{Text: q.text})
			}
		})
	}
}
