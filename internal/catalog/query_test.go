package catalog

import (
	"strings"
	"testing"
)

// lampShop is a made-up shop where what tells two similar products apart
// is said only in their descriptions.
func lampShop() []Product {
	v := func(sku string) []Variant {
		return []Variant{{SKU: sku, Price: eur("25.00"), Stock: 4, Options: map[string]string{"Size": "One size"}}}
	}
	return []Product{
		{ID: 1, Handle: "beam-200", Title: "Beam 200 Head Torch", Type: "Head Torches", Status: StatusActive, Variants: v("L1"),
			BodyHTML: "<p>Runs on three AAA cells. Looking good on any helmet, a nice bright beam.</p>"},
		{ID: 2, Handle: "beam-400", Title: "Beam 400 Head Torch", Type: "Head Torches", Status: StatusActive, Variants: v("L2"),
			BodyHTML: "<p>Rechargeable over USB-C, red night light, waterproof to IPX4.</p>"},
		{ID: 3, Handle: "work-light", Title: "Site Work Light 20 W", Type: "Work Lights", Status: StatusActive, Variants: v("L3"),
			BodyHTML: "<p>Folding stand, mains powered.</p>"},
		{ID: 4, Handle: "gloves", Title: "Grip Work Gloves", Type: "Gloves", Status: StatusActive, Variants: v("L4"),
			BodyHTML: "<p>Nitrile palm.</p>"},
	}
}

func TestSearchWords_KeepsWhatOnlyADescriptionSays(t *testing.T) {
	ix := BuildIndex(lampShop(), 1)
	const text = "head torch, rechargeable please"
	if kw := ix.KeyWords(text); strings.Contains(kw, "rechargeable") {
		t.Fatalf("KeyWords(%q) = %q: the test needs a word no title has", text, kw)
	}
	sw := ix.SearchWords(text)
	if !strings.Contains(sw, "rechargeable") || !strings.Contains(sw, "torch") {
		t.Fatalf("SearchWords(%q) = %q, want the kind and the feature", text, sw)
	}
	hits, _ := ix.Search(Query{Text: sw, Limit: 3})
	if len(hits) == 0 || hits[0].ID != 2 {
		t.Errorf("Search(%q) = %v, want the rechargeable torch (2) first", sw, ids(hits))
	}
}

func TestSearchWords_LeavesOutChatWordsADescriptionHappensToHave(t *testing.T) {
	ix := BuildIndex(lampShop(), 1)
	for _, text := range []string{"hello, I'm looking for something nice", "thanks, that looks good"} {
		if sw := ix.SearchWords(text); sw != "" {
			t.Errorf("SearchWords(%q) = %q, want nothing", text, sw)
		}
	}
}

func TestSearchWords_KeepsANarrowerKindTheShopAnswersWithTheKindAbove(t *testing.T) {
	ix := BuildIndex(lampShop(), 1)
	// Cycling gloves are gloves: the shop has gloves, not cycling gloves.
	for _, text := range []string{"sykkelhansker", "骑行手套"} {
		sw := ix.SearchWords(text)
		if sw == "" {
			t.Errorf("SearchWords(%q) is empty, want the word kept for Search", text)
			continue
		}
		if hits, _ := ix.Search(Query{Text: sw, Limit: 3}); len(hits) == 0 || hits[0].ID != 4 {
			t.Errorf("Search(%q) = %v, want the gloves (4) first", sw, ids(hits))
		}
	}
}
