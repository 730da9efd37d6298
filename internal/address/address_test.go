package address

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, def string
		want    Address
		missing bool
	}{
		{"Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL", "NL", Address{Name: "Ana de Vries", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}, false},
		{"Keizersgracht 12, 1015cs Amsterdam", "NL", Address{Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}, true},
		{"Siti Aminah, 12 Jalan Ampang, 50450 Kuala Lumpur, Malaysia", "NL", Address{Name: "Siti Aminah", Line1: "12 Jalan Ampang", PostalCode: "50450", City: "Kuala Lumpur", Country: "MY"}, false},
		{"Ola Nordmann, Karl Johans gate 5, 0154 Oslo, Norge", "NL", Address{Name: "Ola Nordmann", Line1: "Karl Johans gate 5", PostalCode: "0154", City: "Oslo", Country: "NO"}, false},
		{"Armen Petrosyan, Abovyan 10, 0001 Yerevan, Armenia", "NL", Address{Name: "Armen Petrosyan", Line1: "Abovyan 10", PostalCode: "0001", City: "Yerevan", Country: "AM"}, false},
		{"Jan Peeters, Meir 50, 2000 Antwerpen, België", "NL", Address{Name: "Jan Peeters", Line1: "Meir 50", PostalCode: "2000", City: "Antwerpen", Country: "BE"}, false},
		{"上海市黄浦区南京东路100号 200001 王伟", "NL", Address{Name: "王伟", Line1: "黄浦区南京东路100号", PostalCode: "200001", City: "上海市", Country: "CN"}, false},
		{"Bob Smith, 10 Downing Street, SW1A 2AA London, UK", "NL", Address{Name: "Bob Smith", Line1: "10 Downing Street", PostalCode: "SW1A 2AA", City: "London", Country: "GB"}, false},
		{"Aoife Byrne, 5 Shop Street, Galway H91 X2C3, Ireland", "NL", Address{Name: "Aoife Byrne", Line1: "5 Shop Street", PostalCode: "H91 X2C3", City: "Galway", Country: "IE"}, false},
		// The postal code in a part of its own, the city before it.
		{"22 Shop Street, Galway, H91 F2KT, IE", "NL", Address{Line1: "22 Shop Street", PostalCode: "H91 F2KT", City: "Galway", Country: "IE"}, true},
		{"40 Ranelagh Road, Dublin 6, D06 E3F8, IE", "NL", Address{Line1: "40 Ranelagh Road", PostalCode: "D06 E3F8", City: "Dublin 6", Country: "IE"}, true},
		{"51 Main Street, Bray, Co. Wicklow, A98 K7W2, IE", "NL", Address{Line1: "51 Main Street", Line2: "Co. Wicklow", PostalCode: "A98 K7W2", City: "Bray", Country: "IE"}, true},
		{"6 Market Place, Keswick, CA12 5BY, United Kingdom", "NL", Address{Line1: "6 Market Place", PostalCode: "CA12 5BY", City: "Keswick", Country: "GB"}, true},
		{"hello there", "NL", Address{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in, tt.def)
			if tt.missing {
				if !errors.Is(err, ErrIncomplete) {
					t.Fatalf("err = %v, want ErrIncomplete", err)
				}
				if tt.want.City != "" && (got.City != tt.want.City || got.PostalCode != tt.want.PostalCode || got.Line1 != tt.want.Line1) {
					t.Errorf("partial = %+v, want %+v", got, tt.want)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestValidate_PostalCodeShape(t *testing.T) {
	a := Address{Name: "A", Line1: "B 1", PostalCode: "ABC", City: "C", Country: "NL"}
	if !errors.Is(a.Validate(), ErrIncomplete) {
		t.Error("accepted a Dutch postal code ABC")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Keizersgracht 12, 1015 CS Amsterdam, NL", "上海市黄浦区南京东路100号 200001", ",,,", "12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s, "NL")
		if err == nil && len(a.Missing()) > 0 {
			t.Fatalf("no error but missing %v", a.Missing())
		}
	})
}
