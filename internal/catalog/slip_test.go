package catalog

import "testing"

// The search forgives a slip of the fingers in a shopper's word, not
// another word one letter away: "lantenr" finds the lantern, "handle" is no
// candle.
func TestSearch_ASlipIsForgivenAnotherWordIsNot(t *testing.T) {
	ix := BuildIndex([]Product{
		{ID: 1, Handle: "beeswax-candle", Title: "Beeswax Candle", Type: "Candles", Status: "active",
			Variants: []Variant{{SKU: "C-1", Stock: 3}}},
		{ID: 2, Handle: "storm-lantern", Title: "Storm Lantern", Type: "Lanterns", Status: "active",
			Variants: []Variant{{SKU: "L-1", Stock: 3}}},
	}, 1)
	if hits, _ := ix.Search(Query{Text: "lantenr"}); len(hits) == 0 || hits[0].ID != 2 {
		t.Errorf("lantenr: hits %v, want the lantern first", hits)
	}
	if hits, _ := ix.Search(Query{Text: "handle"}); len(hits) != 0 {
		t.Errorf("handle: hits %v, want none", hits)
	}
}
