package catalog

import "testing"

func TestOptionValue_TheNamesOfSizeAndColourInEveryLanguageAreOne(t *testing.T) {
	opts := map[string]string{"Størrelse": "M", "颜色": "Slate"}
	for _, name := range []string{"Size", "maat", "saiz", "尺码", "չափս", "Størrelse"} {
		if v, ok := OptionValue(opts, name); !ok || v != "M" {
			t.Errorf("OptionValue(%q) = %q, %v; want M", name, v, ok)
		}
	}
	for _, name := range []string{"Colour", "kleur", "warna", "farge", "Գույն", "guyn"} {
		if v, ok := OptionValue(opts, name); !ok || v != "Slate" {
			t.Errorf("OptionValue(%q) = %q, %v; want Slate", name, v, ok)
		}
	}
	if k := OptionKind("Material"); k != "" {
		t.Errorf("OptionKind(Material) = %q, want none", k)
	}
}
