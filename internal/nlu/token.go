package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// maxRunes caps the work done on one message: nobody asks a shop assistant
// something that needs more than the first thousand characters to understand.
const maxRunes = 1000

type tokenKind uint8

const (
	tokWord  tokenKind = iota // letters, maybe with digits (SAVE10)
	tokNum                    // digits only
	tokCJK                    // one Han/kana/Hangul character
	tokPunct                  // any other visible character: # € $ + @ . ,
)

// token is a piece of the shopper's text with its place in code points.
type token struct {
	text       string // as typed
	fold       string // folded for matching
	start, end int    // rune offsets in the (capped) text
	kind       tokenKind
	script     byte // 'l' Latin, 'a' Armenian, 'h' Han/CJK, 'o' other
	spaceAfter bool
}

// cleanText makes arbitrary input safe to work on: invalid UTF-8 replaced,
// capped to maxRunes.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	n := 0
	for i := range s {
		if n == maxRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// isCJK is fold.IsCJK with a fast path: most text is below the first CJK
// block (Hangul Jamo, U+1100), and unicode.Is is slow in hot loops.
func isCJK(r rune) bool { return r >= 0x1100 && fold.IsCJK(r) }

func isArmenian(r rune) bool { return r >= 0x0531 && r <= 0x058F || r >= 0xFB13 && r <= 0xFB17 }

// tokenize splits text into words, numbers, single CJK characters and
// punctuation. A number glued to letters stays one token ("SAVE10", "RM200")
// so coupons survive; money and size matchers split such tokens themselves.
func tokenize(text string) []token {
	var toks []token
	rs := []rune(text)
	i := 0
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			if len(toks) > 0 {
				toks[len(toks)-1].spaceAfter = true
			}
			i++
		case isCJK(r):
			toks = append(toks, token{text: string(r), start: i, end: i + 1, kind: tokCJK, script: 'h'})
			i++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			j := i
			digits := true
			script := byte('o')
			for j < len(rs) && !isCJK(rs[j]) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || unicode.Is(unicode.Mn, rs[j]) ||
				// keep apostrophes inside words ("what's", "I'll")
				(rs[j] == '\'' || rs[j] == '’') && j > i && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				if !unicode.IsDigit(rs[j]) {
					digits = false
				}
				if script == 'o' && unicode.IsLetter(rs[j]) {
					switch {
					case isArmenian(rs[j]):
						script = 'a'
					case rs[j] < 0x250 || rs[j] >= 0x1E00 && rs[j] <= 0x1EFF || rs[j] >= 0xFF21 && rs[j] <= 0xFF5A:
						script = 'l'
					}
				}
				j++
			}
			kind := tokWord
			if digits {
				kind = tokNum
			}
			toks = append(toks, token{text: string(rs[i:j]), start: i, end: j, kind: kind, script: script})
			i = j
		default:
			toks = append(toks, token{text: string(r), start: i, end: i + 1, kind: tokPunct, script: 'o'})
			i++
		}
	}
	for k := range toks {
		t := &toks[k]
		switch t.kind {
		case tokNum:
			t.fold = foldDigits(t.text)
		case tokCJK, tokPunct:
			t.fold = t.text
			if t.kind == tokPunct {
				t.fold = fold.String(t.text)
			}
		default:
			f := fold.String(t.text)
			f = strings.ReplaceAll(f, "’", "'")
			t.fold = foldDigits(f)
		}
	}
	return toks
}

// foldDigits turns full-width and other Unicode digits into ASCII.
func foldDigits(s string) string {
	ascii := true
	for _, r := range s {
		if r >= 0x80 && unicode.IsDigit(r) {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 && unicode.IsDigit(r) {
			if d := digitValue(r); d >= 0 {
				b.WriteByte(byte('0' + d))
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r >= '０' && r <= '９' {
		return int(r - '０')
	}
	for _, z := range []rune{0x0660, 0x06F0, 0x0966} {
		if r >= z && r <= z+9 {
			return int(r - z)
		}
	}
	return -1
}

// runeSlice returns the text between two rune offsets.
func runeSlice(rs []rune, start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(rs) {
		end = len(rs)
	}
	if start >= end {
		return ""
	}
	return string(rs[start:end])
}
