// Package fold brings text to one comparable form for matching shoppers' words
// against catalogue and training words: lower case, no accents, full-width
// characters narrowed, runs of one letter squeezed, CJK split into characters.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that have no decomposition into a base letter.
var special = map[rune]string{
	'ø': "o", 'æ': "ae", 'å': "a", 'ß': "ss", 'đ': "d", 'ł': "l", 'œ': "oe", 'ı': "i",
}

// String returns s in lower case with diacritics removed and width folded
// ("Ｂｌåbær Café" → "blabaer cafe"). Armenian and CJK letters are kept as
// they are (lower-cased where the script has case).
func String(s string) string {
	if ascii, upper := asciiCase(s); ascii {
		// Plain ASCII has no accents, widths or special letters: only case
		// to fold. Most shoppers' messages are ASCII, and folding runs many
		// times a turn (issue #17).
		if !upper {
			return s
		}
		return strings.ToLower(s)
	}
	d := norm.NFKD.String(s)
	if d == s && folded(s) {
		// Already in its folded form (Chinese, lower-case Armenian): the
		// text itself, not a copy (issue #17).
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent
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

// folded reports whether String leaves s, decomposed already, as it is: no
// combining accent, no upper case, no special letter, nothing but UTF-8.
func folded(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unicode.Is(unicode.Mn, r) || unicode.ToLower(r) != r {
			// RuneError: a byte that is not UTF-8 is written as U+FFFD.
			return false
		}
		if _, ok := special[r]; ok {
			return false
		}
	}
	return true
}

// asciiCase reports whether s is all ASCII, and whether it has upper case.
func asciiCase(s string) (ascii, upper bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false, false
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	return true, upper
}

// firstCJK is below the first letter of the four scripts (Hangul Jamo,
// U+1100): the common case of a Latin, Cyrillic or Armenian letter is
// answered without the table look-ups.
const firstCJK = 0x1100

// IsCJK reports whether r is a Han, Hiragana, Katakana or Hangul letter:
// scripts written without spaces between words.
func IsCJK(r rune) bool {
	if r < firstCJK {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// Words splits folded text into words: runs of letters and digits. Each CJK
// character is a word of its own, so callers can build bigrams from them.
func Words(s string) []string {
	return words(String(s))
}

// words splits text folded already. The words are counted first and the
// list made once at its length: grown by appending, it was some eighty
// allocations a chat turn (issue #17). A CJK character is a piece of s, as
// every word is, not a string of its own.
func words(s string) []string {
	n := split(s, nil)
	if n == 0 {
		return nil
	}
	words := make([]string, 0, n)
	split(s, func(w string) { words = append(words, w) })
	return words
}

// split calls each (when not nil) with every word of s in order, and
// returns how many there are.
func split(s string, each func(string)) int {
	n, start := 0, -1
	word := func(w string) {
		n++
		if each != nil {
			each(w)
		}
	}
	for i, r := range s {
		switch {
		case IsCJK(r):
			if start >= 0 {
				word(s[start:i])
				start = -1
			}
			word(s[i : i+utf8.RuneLen(r)])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				word(s[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		word(s[start:])
	}
	return n
}

// Squeeze shortens runs of three or more equal letters to one ("sooooo" →
// "so", "heyyy" → "hey"), which shoppers type for emphasis.
func Squeeze(s string) string {
	var b strings.Builder
	var prev rune
	run := 0
	rs := []rune(s)
	for i, r := range rs {
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		if run == 1 {
			// Look ahead: a run of 3+ collapses to a single letter.
			b.WriteRune(r)
			continue
		}
		if run == 2 {
			n := 2
			for j := i + 1; j < len(rs) && rs[j] == r; j++ {
				n++
			}
			if n >= 3 {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SpellArmenian writes each Armenian letter of w as table spells it, with ու
// read as one vowel (u); runes the table lacks stay. The NLU and the product
// vocabulary spell Armenian words in Latin letters by their own tables.
func SpellArmenian(w string, table map[rune]string) string {
	var b strings.Builder
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 'ո' && i+1 < len(rs) && rs[i+1] == 'ւ' {
			b.WriteByte('u')
			i++
			continue
		}
		if s, ok := table[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
