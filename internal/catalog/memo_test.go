package catalog

import (
	"strings"
	"testing"
)

func TestOptionValue_FindsAnySpellingOfTheName(t *testing.T) {
	opts := map[string]string{"Size": "42", "Colour": "Black"}
	for _, c := range []struct {
		name, want string
		found      bool
	}{
		{"Size", "42", true}, {"size", "42", true}, {" MAAT ", "42", true}, {"尺码", "42", true},
		{"Colour", "Black", true}, {"Color", "Black", true}, {"kleur", "Black", true}, {"farge", "Black", true},
		{"Material", "", false}, {"", "", false},
	} {
		// Twice: the second answer comes from what canonicalOption remembers.
		for range 2 {
			if got, found := OptionValue(opts, c.name); got != c.want || found != c.found {
				t.Errorf("OptionValue(%q) = %q, %v; want %q, %v", c.name, got, found, c.want, c.found)
			}
		}
	}
}

// KeyWords is remembered per index: asked again it answers as the first
// time, a new index (another catalogue) answers for its own products, and
// a text too long to remember is worked out as before.
func TestKeyWords_RememberedPerIndex(t *testing.T) {
	ix := BuildIndex(testCatalog(), 1)
	texts := []string{"do you have running shoes in size 42?", "show me black rain jackets", "hello", "not waterproof boots", strings.Repeat("jacket ", 100)}
	var first []string
	for _, text := range texts {
		first = append(first, ix.strictKeyWords(text))
	}
	for range 2 {
		for i, text := range texts {
			if got := ix.KeyWords(text); got != first[i] {
				t.Errorf("KeyWords(%.30q) = %q, want %q", text, got, first[i])
			}
		}
	}
	other := BuildIndex(nil, 2)
	for _, text := range texts {
		if got, want := other.KeyWords(text), other.strictKeyWords(text); got != want {
			t.Errorf("empty catalogue: KeyWords(%.30q) = %q, want %q", text, got, want)
		}
	}
	if first[0] == "" || first[0] == other.KeyWords(texts[0]) {
		t.Fatalf("the test catalogue names nothing in %q (%q): the test shows nothing", texts[0], first[0])
	}
}
