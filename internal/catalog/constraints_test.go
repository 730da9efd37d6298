package catalog

import "testing"

// stringShop is a made-up shop of near-twin products that differ by price,
// by a compound's first part, and by a type named after what they go with.
func stringShop() []Product {
	p := func(id int64, handle, title, typ, price string, tags ...string) Product {
		return Product{ID: id, Handle: handle, Title: title, Type: typ, Tags: tags, Status: StatusActive,
			Variants: []Variant{{SKU: handle, Price: eur(price), Stock: 5}}}
	}
	return []Product{
		p(1, "coated-e", "Lumen Coated Electric Guitar Strings", "Strings", "14.00"),
		p(2, "nickel-e", "Lumen Nickel Electric Guitar Strings", "Strings", "7.00"),
		p(3, "bronze-a", "Lumen Bronze Acoustic Guitar Strings", "Strings", "6.00"),
		p(4, "guitar", "Lumen Solid Body Electric Guitar", "Electric Guitars", "399.00"),
		p(5, "shell-w", "Fjord Softshell Trousers Women", "Trousers", "89.00"),
		p(6, "shorts-w", "Fjord Trail Shorts Women", "Shorts", "39.00", "soft"),
		p(7, "anchor", "Hollow Wall Spring Anchors", "Wall Plugs", "8.00", "plasterboard"),
		p(8, "roller", "Wall Paint Roller 25 cm", "Painting", "9.00"),
	}
}

func TestSearch_CheapAsksForTheCheapestOfThoseThatFitAsWell(t *testing.T) {
	ix := BuildIndex(stringShop(), 1)
	tests := []struct {
		text  string
		first int64
	}{
		{"cheap strings for electric guitar", 2}, // not the cheaper acoustic set, not the dearer coated one
		{"goedkope snaren voor elektrische gitaar", 2},
		{"strings for electric guitar", 1}, // without the word, relevance alone: the title that reads best
	}
	for _, tt := range tests {
		hits, _ := ix.Search(Query{Text: tt.text, Limit: 4})
		if len(hits) == 0 || hits[0].ID != tt.first {
			t.Errorf("Search(%q) = %v, want %d first", tt.text, ids(hits), tt.first)
		}
	}
	// A price word alone is still searched as a word.
	if got, cheap := withoutPriceWords("cheap"); got != "cheap" || cheap {
		t.Errorf(`withoutPriceWords("cheap") = %q, %v; want the word kept`, got, cheap)
	}
}

func TestSearch_ACompoundsFirstPartTheCatalogueHasMeetsItsModifier(t *testing.T) {
	ix := BuildIndex(stringShop(), 1)
	// The vocabulary may read "soft" in "softshellbukse"; the catalogue's
	// "softshell" is the longer, surer reading of the same part.
	hits, _ := ix.Search(Query{Text: "softshellbukse dame", Limit: 3})
	if len(hits) == 0 || hits[0].ID != 5 {
		t.Errorf("Search(softshellbukse dame) = %v, want the softshell trousers (5) first", ids(hits))
	}
}

func TestSearch_AProductNamingTheThingAskedForIsNotDemotedForItsType(t *testing.T) {
	ix := BuildIndex(stringShop(), 1)
	// "anchors" is a word no vocabulary kind has; the anchors' type names
	// what they go with (walls), yet their title names what was asked.
	hits, _ := ix.Search(Query{Text: "anchors for plasterboard walls", Limit: 3})
	if len(hits) == 0 || hits[0].ID != 7 {
		t.Errorf("Search(anchors for plasterboard walls) = %v, want the anchors (7) first", ids(hits))
	}
}

func TestSearch_APackWordAfterTheNameDoesNotHideWhatTheProductIs(t *testing.T) {
	v := []Variant{{SKU: "x", Price: eur("9.00"), Stock: 5}}
	ix := BuildIndex([]Product{
		// The type names a kind the vocabulary does not relate to coloured
		// pencils; the title's head does, before "Tin 24".
		{ID: 1, Handle: "tin", Title: "Coloured Pencils Tin 24", Type: "Pencils", Status: StatusActive, Variants: v},
		{ID: 2, Handle: "wc", Title: "Watercolour Pencils 36", Type: "Coloured Pencils", Status: StatusActive, Variants: v},
		{ID: 3, Handle: "sharpener", Title: "Pencil Sharpener", Type: "Drawing", Status: StatusActive, Variants: v},
	}, 1)
	hits, _ := ix.Search(Query{Text: "kleurpotloden", Limit: 3})
	if len(hits) < 2 || hits[0].kind != 2 || hits[1].kind != 2 {
		t.Fatalf("Search(kleurpotloden) = %v, want both pencil sets as the kind asked for", ids(hits))
	}
	for _, h := range hits {
		if h.ID == 1 && h.kind != 2 {
			t.Errorf("the pencils in a tin rank as kind %d, want 2", h.kind)
		}
	}
}
