package dialog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// Ordinals as shoppers type them beyond the lexicon's words: Armenian with
// its article or a case ending ("երկրորդը", "erkrordy", "առաջինից"), and a
// position written as a number ("第2个", "nr. 2", "nummer 2", "#2").

// hyOrdinalEndings are the Armenian article and the case endings an ordinal
// takes when it stands for the product ("the second", "of the second").
var hyOrdinalEndings = []string{"ը", "ն", "ի", "ից", "ով", "y", "n", "i", "ic", "ov"}

// numberedPlace reads a position given as a number after a word that says so.
// ("no 2" and Armenian "համար 2" are left out: "no, two" and "for 2").
var numberedPlace = regexp.MustCompile(`(?i)(?:第\s*|\b(?:nr|nummer|number|nombor|nomor)\.?\s*|#\s*)([1-9])(?:\s*[个款件种号]|\b|$)`)

// ordinalInflected returns the position an inflected or numbered ordinal
// names, or -1.
func ordinalInflected(text string) int {
	if m := numberedPlace.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n - 1
	}
	words := strings.FieldsFunc(fold.String(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '@' })
	for i, words2 := range lexicon.Ordinals {
		for _, o := range words2 {
			o = fold.String(o)
			if strings.Contains(o, " ") {
				continue
			}
			for _, w := range words {
				w = strings.TrimSuffix(w, "@")
				rest, ok := strings.CutPrefix(w, o)
				if !ok || rest == "" {
					continue
				}
				for _, e := range hyOrdinalEndings {
					if rest == e && hyWord(o) {
						return i
					}
				}
			}
		}
	}
	return -1
}

// hyWord reports whether an ordinal of the lexicon is Armenian, in its
// letters or the Latin ones the lexicon lists (arajin, erkrord).
func hyWord(o string) bool {
	for _, r := range o {
		if r >= 0x0531 && r <= 0x058F {
			return true
		}
	}
	return strings.HasSuffix(o, "rord") || o == "arajin" || strings.HasSuffix(o, "rrord")
}
