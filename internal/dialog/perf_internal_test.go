package dialog

import (
	"strings"
	"testing"
)

// commonRunesOld is what sameTerm computed before: both texts as runes.
func commonRunesOld(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

func TestCommonRunes_CountsAsRuneSlicesDo(t *testing.T) {
	for _, c := range [][2]string{
		{"", ""}, {"waterproof", "waterproofing"}, {"jacket", "jackets"}, {"flip", "flop"},
		{"vanntett", "vanntette"}, {"անջրանցիկ", "անջրանցիկը"}, {"防水外套", "防水鞋"},
		{"caf\xe9", "caf\xff"}, {"a\uFFFDb", "a\xffb"}, {"\xff\xfe", "\xfe\xff"}, {"naïve", "naive"},
	} {
		if got, want := commonRunes(c[0], c[1]), commonRunesOld(c[0], c[1]); got != want {
			t.Errorf("commonRunes(%q, %q) = %d, want %d", c[0], c[1], got, want)
		}
	}
}

func FuzzCommonRunes(f *testing.F) {
	f.Add("waterproof", "waterproofing")
	f.Add("a\uFFFDb", "a\xffb")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := commonRunes(a, b), commonRunesOld(a, b); got != want {
			t.Fatalf("commonRunes(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

// A list of phrases is folded once and known again by its address, but a
// list changed in place, or another list at the same address, is never
// read as the one folded before.
func TestAnyOf_ListChangedInPlaceIsReadAfresh(t *testing.T) {
	list := []string{"rain jacket", "umbrella"}
	if !anyOf("do you have a rain jacket?", list) {
		t.Fatal("rain jacket not found")
	}
	list[0] = strings.Clone("sun hat")
	if anyOf("do you have a rain jacket?", list) {
		t.Fatal("the phrase replaced in place still matches")
	}
	if !anyOf("a sun hat please", list) {
		t.Fatal("the new phrase does not match")
	}
	short := list[:1]
	if anyOf("an umbrella", short) {
		t.Fatal("a shorter list at the same address matches its old second phrase")
	}
	if !anyOf("an umbrella", list) {
		t.Fatal("the whole list lost its second phrase")
	}
}

// productValues reads the text once for all products: the tokens it
// remembers give the values they gave when read each time.
func TestValueTokens_RememberedAsRead(t *testing.T) {
	for _, text := range []string{"do you have it in 1,7 l?", "要100毫升", "那5B呢", "the 39-ի one", "it's M", "45 x 45 cm please", ""} {
		a, b := valueTokensOf(text), readValueTokens(text)
		if strings.Join(a.raw, "|") != strings.Join(b.raw, "|") || strings.Join(a.norm, "|") != strings.Join(b.norm, "|") {
			t.Errorf("%q: remembered %q/%q, read %q/%q", text, a.raw, a.norm, b.raw, b.norm)
		}
	}
}
