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
		// An Irish address with a Dublin district and no Eircode.
		{"22 Harbour Road, Howth, Dublin D13, Ireland", "NL", Address{Line1: "22 Harbour Road", Line2: "Howth", City: "Dublin D13", Country: "IE"}, true},
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

// Addresses as shoppers of the six languages type them when nobody told them
// the format: without commas, the city first, the country in their own
// words, no postal code in Chinese, a mobile number alongside.
func TestParseIn_AddressesAsShoppersTypeThem(t *testing.T) {
	tests := []struct {
		lang, in string
		defaults []string
		want     Address
	}{
		{"nl", "Keizersgracht 12 1015CS Amsterdam", []string{"NL", "NL", "BE"}, Address{Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}},
		{"nl", "Rue Neuve 5, 1000 Brussel", []string{"NL", "NL", "BE"}, Address{Line1: "Rue Neuve 5", PostalCode: "1000", City: "Brussel", Country: "BE"}},
		{"ms", "12 Jalan Bukit Bintang 55100 Kuala Lumpur Malaysia", []string{"NL", "MY"}, Address{Line1: "12 Jalan Bukit Bintang", PostalCode: "55100", City: "Kuala Lumpur", Country: "MY"}},
		{"nb", "Storgata 12, 0155 Oslo", []string{"NL", "NO"}, Address{Line1: "Storgata 12", PostalCode: "0155", City: "Oslo", Country: "NO"}},
		{"nb", "Kari Nordmann, Storgata 12, 0155 Oslo, Noreg", []string{"NL", "NO"}, Address{Name: "Kari Nordmann", Line1: "Storgata 12", PostalCode: "0155", City: "Oslo", Country: "NO"}},
		{"hy", "Yerevan, Abovyan poghots 10, 0001", []string{"NL", "AM"}, Address{Line1: "Abovyan poghots 10", PostalCode: "0001", City: "Yerevan", Country: "AM"}},
		{"hy", "Abovyan 10 Yerevan 0001", []string{"NL", "AM"}, Address{Line1: "Abovyan 10", PostalCode: "0001", City: "Yerevan", Country: "AM"}},
		{"hy", "Աբովյան 10, 0001 Երևան, Հայաստան", []string{"NL", "AM"}, Address{Line1: "Աբովյան 10", PostalCode: "0001", City: "Երևան", Country: "AM"}},
		{"zh", "北京朝阳区建国路88号", []string{"NL", "CN"}, Address{Line1: "朝阳区建国路88号", City: "北京市", Country: "CN"}},
		{"zh", "王芳 13812345678 上海市浦东新区世纪大道100号 200120", []string{"NL", "CN"}, Address{Name: "王芳", Line1: "浦东新区世纪大道100号", PostalCode: "200120", City: "上海市", Country: "CN"}},
		{"en", "Tom Kerr, 12 rue de Rivoli, 75001 Paris, France", []string{"NL"}, Address{Name: "Tom Kerr", Line1: "12 rue de Rivoli", PostalCode: "75001", City: "Paris", Country: "FR"}},
		{"nl", "Jan de Vries, Hauptstraße 5, 10115 Berlin, Duitsland", []string{"NL"}, Address{Name: "Jan de Vries", Line1: "Hauptstraße 5", PostalCode: "10115", City: "Berlin", Country: "DE"}},
		{"hy", "Abovyan 10, Yerevan", []string{"NL", "AM"}, Address{Line1: "Abovyan 10", City: "Yerevan", Country: "AM"}},
		{"hy", "Երևան, Աբովյան 10", []string{"NL", "AM"}, Address{Line1: "Աբովյան 10", City: "Երևան", Country: "AM"}},
		{"hy", "Yerevan, Abovyan 10, bnakaran 5", []string{"NL", "AM"}, Address{Line1: "Abovyan 10", Line2: "bnakaran 5", City: "Yerevan", Country: "AM"}},
		{"en", "Keizersgracht 12, Amsterdam", []string{"NL"}, Address{Line1: "Keizersgracht 12", City: "Amsterdam", Country: "NL"}},
		{"zh", "Drottninggatan 5, 114 55 Stockholm, Sweden", []string{"NL", "CN"}, Address{Line1: "Drottninggatan 5", PostalCode: "114 55", City: "Stockholm", Country: "SE"}},
		{"ms", "Ali, 10 Orchard Road, 238841 Singapura", []string{"NL", "MY"}, Address{Name: "Ali", Line1: "10 Orchard Road", PostalCode: "238841", City: "Singapore", Country: "SG"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.in, func(t *testing.T) {
			got, _ := ParseIn(tt.in, tt.defaults...)
			if got != tt.want {
				t.Errorf("= %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestCountryCode_NamesInEveryLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"France": "FR", "Frankrijk": "FR", "Perancis": "FR", "法国": "FR", "Frankrike": "FR", "Ֆրանսիա": "FR",
		"Noorwegen": "NO", "Norge": "NO", "挪威": "NO", "Hayastan": "AM", "Հայաստան": "AM", "belgië": "BE",
		"fr": "FR", "Atlantis": "",
	} {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
	for lang, want := range map[string]string{"en": "Norway", "nl": "Noorwegen", "ms": "Norway", "zh": "挪威", "nb": "Norge", "hy": "Նորվեգիա", "nl@formal": "Noorwegen"} {
		if got := CountryName("NO", lang); got != want {
			t.Errorf("CountryName(NO, %s) = %q, want %q", lang, got, want)
		}
	}
}
