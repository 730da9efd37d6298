package vocab

import (
	"slices"
	"testing"
)

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

func TestWith_CopyReadsTheShippedKeysItDoesNotOverride(t *testing.T) {
	v := Default()
	socks, _ := v.Lookup("socks")
	bags, _ := v.Lookup("bags")
	o := v.With([]Override{{Text: "zorbly", Concepts: []ID{socks}}, {Text: "joggers", Concepts: []ID{bags}}})
	// a phrase whose first word starts no shipped phrase, longer than any
	// the copy's base has for it
	oo := o.With([]Override{{Text: "flim flam zwibbet", Concepts: []ID{bags}}})
	for key, ids := range v.plain.all() {
		_, inCopy := o.plain.at[key]
		_, inCopyOfCopy := oo.plain.at[key]
		if inCopy || inCopyOfCopy {
			continue // the overrides' own keys, as folded
		}
		if got := oo.plain.ids(key); !slices.Equal(got, ids) {
			t.Fatalf("copy of a copy reads %q as %v, the shipped vocabulary as %v", key, got, ids)
		}
	}
	for text, want := range map[string]string{"zorbly": "socks", "joggers": "bags", "flim flam zwibbet": "bags"} {
		if got := names(oo, oo.Match(text, false)); !slices.Equal(got, []string{want}) {
			t.Errorf("copy of a copy reads %q as %v, want %s", text, got, want)
		}
	}
	if got := names(o, o.Match("flim flam zwibbet", false)); len(got) != 0 {
		t.Errorf("the copy took its copy's words: %v", got)
	}
}
