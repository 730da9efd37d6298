package preference

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

func TestOf_SizePerProductTypeColourAndBrand(t *testing.T) {
	tests := []struct {
		name string
		p    catalog.Product
		v    catalog.Variant
		want []Preference
	}{
		{"shoe with size and colour", catalog.Product{Type: "Running Shoes", Vendor: "Noordkaap"},
			catalog.Variant{Options: map[string]string{"Size": "43", "Colour": "Black"}},
			[]Preference{{Kind: Size, Scope: "Running Shoes", Value: "43"}, {Kind: Colour, Value: "Black"}, {Kind: Brand, Value: "Noordkaap"}}},
		{"Dutch option names", catalog.Product{Type: "Jassen"},
			catalog.Variant{Options: map[string]string{"Maat": "M", "Kleur": "Rood"}},
			[]Preference{{Kind: Size, Scope: "Jassen", Value: "M"}, {Kind: Colour, Value: "Rood"}}},
		{"a size without a product type says nothing", catalog.Product{Vendor: " "},
			catalog.Variant{Options: map[string]string{"Size": "43"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Of(&tt.p, tt.v)
			if len(got) != len(tt.want) {
				t.Fatalf("Of = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Of[%d] = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestClean_TrimsAndCaps(t *testing.T) {
	long := ""
	for range 100 {
		long += "é"
	}
	if got := clean("  43 "); got != "43" {
		t.Errorf("clean = %q", got)
	}
	if got := []rune(clean(long)); len(got) != 64 {
		t.Errorf("clean kept %d runes, want 64", len(got))
	}
}
