package pack

import (
	"slices"
	"testing"
)

func TestKeys_CopiesEveryEntry(t *testing.T) {
	m := map[string]int{"boot": 1, "sandal": 2, "": 3, "klomp": 4}
	got := Keys(m)
	if len(got) != len(m) {
		t.Fatalf("got %d entries, want %d", len(got), len(m))
	}
	for k, v := range m {
		if got[k] != v {
			t.Errorf("Keys[%q] = %d, want %d", k, got[k], v)
		}
	}
}

func TestLists_KeepsEveryListInOrderedTerms(t *testing.T) {
	m := map[string][]int{"wool": {1, 2}, "cotton": {3}, "linen": nil}
	terms, got := Lists(m)
	if !slices.Equal(terms, []string{"cotton", "linen", "wool"}) {
		t.Errorf("terms = %v, want them sorted", terms)
	}
	for k, l := range m {
		if !slices.Equal(got[k], l) {
			t.Errorf("Lists[%q] = %v, want %v", k, got[k], l)
		}
	}
}

func TestLists_AnAppendNeverWritesIntoTheNextList(t *testing.T) {
	_, got := Lists(map[string][]int{"a": {1}, "b": {2}})
	_ = append(got["a"], 99)
	if got["b"][0] != 2 {
		t.Errorf("appending to one list changed the next: %v", got["b"])
	}
}
