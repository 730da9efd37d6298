package dialog

import (
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/memo"
)

// String splits the dialogue makes on every product it weighs, without the
// list of pieces strings.Fields and strings.SplitN make (issue #17).

// hasField is slices.Contains(strings.Fields(s), w): whether w is one of
// the space-separated words of s.
func hasField(s, w string) bool {
	for {
		s = strings.TrimLeftFunc(s, isSpace)
		if s == "" {
			return false
		}
		end := strings.IndexFunc(s, isSpace)
		if end < 0 {
			return s == w
		}
		if s[:end] == w {
			return true
		}
		s = s[end:]
	}
}

// isSpace is what strings.Fields splits at.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// beforeDash is strings.SplitN(s, "-", 2)[0]: s up to its first "-".
func beforeDash(s string) string {
	before, _, _ := strings.Cut(s, "-")
	return before
}

var foldedNames memo.Map[string]

// foldedName is fold.String of an option's name, remembered: a shop has a
// few ("Size", "Color"), asked about for every variant weighed.
func foldedName(name string) string {
	return foldedNames.Get(name, func() string { return fold.String(name) })
}
