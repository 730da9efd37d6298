package vocab

import (
	"slices"
	"testing"
)

// Words the vocabulary does not list, read by the structure of their
// language. The words before the head are made up (咕噜, flapper), so only
// the rule can read them.
func TestMatch_OwnLanguageWordsWithoutAnEntry(t *testing.T) {
	v := Default()
	tests := []struct {
		name, text string
		want       []string // concept names, in order
		genitive   bool     // the last match is a genitive
	}{
		{"a Chinese word is the kind its last character names", "咕噜壶", []string{"kettles", "teapots", "water_bottles"}, false},
		{"a lone head character after a word the vocabulary read ends a compound with it", "木架",
			[]string{"wood", "instrument_stands", "mic_stands", "music_stands", "laptop_stands", "tablet_stands", "headset_stands",
				"phone_holders", "shoe_racks", "coat_racks", "drying_racks", "dish_racks", "spice_racks", "wine_racks", "bike_racks"}, false},
		{"a Chinese word shares its first character with the word before", "羊毛线", []string{"wool", "yarn"}, false},
		{"a Dutch diminutive is its kind", "bekertje", []string{"mugs"}, false},
		{"a Dutch diminutive in the plural is its kind", "bekertjes", []string{"mugs"}, false},
		{"a Dutch diminutive heads a compound whose first part is unknown", "flapperbekertje", []string{"mugs"}, false},
		{"an Armenian genitive in Armenian letters is its noun", "կիթառի", []string{"guitars"}, true},
		{"an Armenian genitive typed in Latin is its noun", "kitari", []string{"guitars"}, true},
		{"an Armenian genitive of a loanword is its noun", "akvariumi", []string{"aquariums"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := v.Match(tt.text, true)
			if got := names(v, ms); !slices.Equal(got, tt.want) {
				t.Fatalf("%q: %v, want %v", tt.text, got, tt.want)
			}
			if g := ms[len(ms)-1].Genitive; g != tt.genitive {
				t.Errorf("%q: genitive %v, want %v", tt.text, g, tt.genitive)
			}
		})
	}
}

// A fallback reads nothing where its rule does not hold: a wrong kind is
// worse than none.
func TestMatch_FallbacksReadNothingOutsideTheirRule(t *testing.T) {
	v := Default()
	for _, tt := range []struct{ why, text string }{
		{"Chinese characters that end in no head", "咕噜"},
		{"机 ends headphones, phones and cameras alike: not a head", "咕噜机"},
		{"a head character alone, after nothing read", "架"},
		{"a short Latin word ending in i is as often Malay (lari, running)", "lari"},
		{"a made-up Latin word ending in i", "flonkari"},
		{"a made-up word ending in -je whose stem is no kind", "flonkje"},
		{"the fallbacks are only tried where compounds are", "bekertje"},
	} {
		compounds := tt.why != "the fallbacks are only tried where compounds are"
		if ms := v.Match(tt.text, compounds); len(ms) != 0 {
			t.Errorf("%s: %q read as %v", tt.why, tt.text, names(v, ms))
		}
	}
}

// A word the vocabulary lists is read as it lists it, never by a fallback.
func TestMatch_KnownWordsAreReadAsListed(t *testing.T) {
	v := Default()
	for _, text := range []string{"双肩包", "背包", "毛线", "rugzak", "tas", "kitar", "կիթառ", "ullsokker", "hundeseng"} {
		for _, m := range v.Match(text, true) {
			if m.Genitive {
				t.Errorf("%q read as a genitive", text)
			}
		}
		if a, b := names(v, v.Match(text, true)), names(v, v.Match(text, false)); text != "ullsokker" && text != "hundeseng" && !slices.Equal(a, b) {
			t.Errorf("%q: %v with fallbacks, %v without", text, a, b)
		}
	}
}

// The head table names kinds the vocabulary has: a concept renamed in the
// data must be renamed here too.
func TestZhHeads_NameKindsOfTheVocabulary(t *testing.T) {
	v := Default()
	for char, kinds := range zhHeads {
		if got := v.zhHead(char); len(got) != len(kinds) {
			t.Errorf("%s: %d of %v are kinds of the vocabulary", char, len(got), kinds)
		}
		if ms := v.Match(char, false); len(ms) > 0 {
			t.Errorf("%s is read on its own (%v): it needs no head entry", char, names(v, ms))
		}
	}
}

// Malay names the thing first: a kind after a Malay-only word for a kind
// says what the thing goes with. A word other languages share ("kit",
// "kabel") does not say the phrase is Malay.
func TestMatch_MalayHeadComesFirst(t *testing.T) {
	v := Default()
	for _, tt := range []struct {
		text     string
		modifier []bool // per match
	}{
		{"beg ukulele", []bool{false, true}},
		{"ukulele bag", []bool{false, false}},
		{"ukulele beg", []bool{false, false}},
	} {
		var got []bool
		for _, m := range v.Match(tt.text, true) {
			got = append(got, m.Modifier)
		}
		if !slices.Equal(got, tt.modifier) {
			t.Errorf("%q: modifiers %v, want %v", tt.text, got, tt.modifier)
		}
	}
	for _, w := range []string{"kit", "kabel", "set"} {
		if v.malayKinds()[w] {
			t.Errorf("%q is read as Malay only", w)
		}
	}
	if !v.malayKinds()["beg"] {
		t.Error(`"beg" is not read as Malay only`)
	}
}
