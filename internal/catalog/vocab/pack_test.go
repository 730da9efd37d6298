package vocab

import (
	"maps"
	"slices"
	"testing"
)

func TestPackKeys_KeepsEveryEntry(t *testing.T) {
	m := map[string]int{"zwobble": 1, "glim glam": 2, "": 3, "ք": 4}
	got := packKeys(m)
	if !maps.Equal(got, m) {
		t.Errorf("packKeys = %v, want %v", got, m)
	}
}

func TestPackConcepts_AppendToATermListLeavesTheNextConceptAlone(t *testing.T) {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// Two neighbours in the packed array: growing the first must not write
	// into the second.
	a, b := v.Concept(0), v.Concept(1)
	before := slices.Clone(b.Terms["en"])
	_ = append(a.Terms["en"], "flurbish")
	_ = append(v.Ancestors(0), 12345)
	if !slices.Equal(b.Terms["en"], before) {
		t.Errorf("concept %s's terms changed to %v", b.Name, b.Terms["en"])
	}
	if slices.Contains(v.Ancestors(1), 12345) {
		t.Errorf("concept %s's ancestors changed", b.Name)
	}
}
