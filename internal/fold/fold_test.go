package fold

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café", "cafe"},
		{"Blåbær", "blabaer"},
		{"ＳＮＥＡＫＥＲＳ", "sneakers"},
		{"Սև", "սեւ"}, // the ligature և folds to ե+ւ, so both spellings match
		{"黑色", "黑色"},
		{"Ünïcödé", "unicode"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Heeft u deze sneakers in maat 42?", []string{"heeft", "u", "deze", "sneakers", "in", "maat", "42"}},
		{"这双鞋有42码的吗", []string{"这", "双", "鞋", "有", "42", "码", "的", "吗"}},
		{"regnjakke—str. M", []string{"regnjakke", "str", "m"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWords_OneListAtItsLength checks that the list of words is made once
// and not grown: Words runs many times a chat turn (issue #17). A CJK
// character is a piece of the text, not a new string.
func TestWords_OneListAtItsLength(t *testing.T) {
	for _, s := range []string{"do you have running shoes in size 42", "有黑色的跑鞋吗", "maat 42 有黑色"} {
		if n := testing.AllocsPerRun(100, func() { Words(s) }); n != 1 {
			t.Errorf("Words(%q): %v allocations, want 1", s, n)
		}
		if w := Words(s); len(w) != cap(w) {
			t.Errorf("Words(%q): %d words in a list of %d", s, len(w), cap(w))
		}
	}
}

func TestSqueeze(t *testing.T) {
	tests := []struct{ in, want string }{
		{"heyyyy", "hey"},
		{"sooo good", "so good"},
		{"boots", "boots"},
		{"aaa", "a"},
	}
	for _, tt := range tests {
		if got := Squeeze(tt.in); got != tt.want {
			t.Errorf("Squeeze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestIsCJK_NothingBelowHangulJamo guards the fast path of IsCJK: no letter
// of the four scripts lies below U+1100.
func TestIsCJK_NothingBelowHangulJamo(t *testing.T) {
	for r := rune(0); r < firstCJK; r++ {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
			unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) {
			t.Fatalf("%U is CJK but below firstCJK", r)
		}
	}
	if !IsCJK(0x1100) || !IsCJK('跑') {
		t.Error("IsCJK misses Hangul Jamo or Han")
	}
}

// TestString_ASCIIFastPathMatchesFullFold checks that plain ASCII folds the
// same with and without the fast path, for every printable ASCII letter.
func TestString_ASCIIFastPathMatchesFullFold(t *testing.T) {
	var all strings.Builder
	for c := byte(0x20); c < 0x7f; c++ {
		all.WriteByte(c)
	}
	for _, s := range []string{all.String(), "Do you have Running Shoes in size 42?", "already lower", ""} {
		if got, want := String(s), slowString(s); got != want {
			t.Errorf("String(%q) = %q, full fold says %q", s, got, want)
		}
	}
}

// slowString is String without its ASCII fast path.
func slowString(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func BenchmarkWords(b *testing.B) {
	for _, s := range []string{"Do you have running shoes in size 42?", "有黑色的跑鞋吗", "har dere regnjakke i str M"} {
		b.Run(s[:3], func(b *testing.B) {
			for b.Loop() {
				Words(s)
			}
		})
	}
}

func TestLines_OfIsWordsJoinedWithSpacesAround(t *testing.T) {
	var l Lines
	for _, s := range []string{"Do you have Running-Shoes?", "有黑色的跑鞋吗", "", "  ", "Blåbær   Café"} {
		want := " " + strings.Join(Words(s), " ") + " "
		for range 2 { // the second time from memory
			if got := l.Of(s); got != want {
				t.Errorf("Of(%q) = %q, want %q", s, got, want)
			}
			if got := l.Get(s); got.Folded != String(s) || got.CJK != strings.ContainsFunc(s, IsCJK) {
				t.Errorf("Get(%q) = %+v, want folded %q", s, got, String(s))
			}
		}
	}
}

func TestSpellArmenian_ReadsUAsOneVowelAndKeepsWhatTheTableLacks(t *testing.T) {
	table := map[rune]string{'ո': "o", 'ւ': "v", 'ս': "s", 'կ': "k", 'ն': "n"}
	for _, tt := range []struct{ in, want string }{
		{"կուն", "kun"},
		{"սոկ", "sok"},
		{"սօկ5", "sօk5"},
	} {
		if got := SpellArmenian(tt.in, table); got != tt.want {
			t.Errorf("SpellArmenian(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzString_SameAsFullFold checks String's shortcuts (plain ASCII, text
// folded already) against the full fold, invalid UTF-8 included.
func FuzzString_SameAsFullFold(f *testing.F) {
	for _, s := range []string{"有黑色的跑鞋吗", "Blåbær", "ունե՞ք", "Ｂｌåbær Café", "\xff有", "ø", "e\u0301", "Ունեք"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := String(s), slowString(s); got != want {
			t.Errorf("String(%q) = %q, full fold says %q", s, got, want)
		}
	})
}
