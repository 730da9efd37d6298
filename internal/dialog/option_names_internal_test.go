package dialog

import (
	"strings"
	"testing"
)

// "size M" in any language names a size and no product: the option's name
// is dropped before the words are read as a description.
func TestWithoutOptionNames_TheNameOfAnOptionInEveryLanguageIsDropped(t *testing.T) {
	tests := []struct{ text, want string }{
		{"size M please", "M please"},
		{"maat M graag", "M graag"},
		{"saiz M", "M"},
		{"størrelse M", "M"},
		{"չափսը M", "M"},
		{"chapsy M", "M"},
		{"要M的尺码", "要M的"},
		{"kleur zwart", "zwart"},
		{"գույնը սև", "սև"},
		{"颜色要黑", "要黑"},
		{"the big kettle", "the big kettle"},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(withoutOptionNames(tt.text)), " "); got != tt.want {
			t.Errorf("withoutOptionNames(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestCanonicalField_SizeAndColourAreKnownInSixLanguages(t *testing.T) {
	for _, n := range []string{"Size", "Maat", "Saiz", "尺码", "Størrelse", "Չափս"} {
		if got := canonicalField(n); got != "size" {
			t.Errorf("canonicalField(%q) = %q, want size", n, got)
		}
	}
	for _, n := range []string{"Colour", "Kleur", "Warna", "颜色", "Farge", "Գույն"} {
		if got := canonicalField(n); got != "color" {
			t.Errorf("canonicalField(%q) = %q, want color", n, got)
		}
	}
}
