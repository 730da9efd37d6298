package dialog

import (
	"slices"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// withoutCartPlace takes out of a message the words that name the cart as
// the place things go ("put it in my basket", "doe maar in het mandje"):
// read as product words they found the shop's wicker basket or hanging
// basket and bought it. It matches as anyOf does (whole folded words; a
// CJK character is a word of its own), and when a place was taken out the
// text comes back as those folded words, as it was otherwise.
func withoutCartPlace(text string) string {
	t := foldedLines.Get(text)
	s := t.Words
	for _, p := range cartPlaceLines() {
		for containsFolded(fold.Line{Words: s}, p) {
			s = strings.Replace(s, p.Words, " ", 1)
		}
	}
	if s == t.Words {
		return text
	}
	return strings.TrimSpace(s)
}

// cartPlaceLines are the lexicon's cart places folded, longest first, so
// that "into my basket" goes whole before "my basket" could.
var cartPlaceLines = sync.OnceValue(func() []fold.Line {
	out := slices.Clone(phraseLines(lexicon.CartPlace))
	slices.SortFunc(out, func(a, b fold.Line) int { return len(b.Words) - len(a.Words) })
	return out
})

// cartPlaceOnly reports whether the message's first entity of that kind was
// read from the cart's place alone ("in het mandje" tagged as a basket).
func cartPlaceOnly(res nlu.Result, kind string) bool {
	e, ok := res.First(kind)
	if !ok {
		return false
	}
	word := phraseLine(e.Text)
	return containsFolded(foldedLines.Get(res.Text), word) && !containsFolded(foldedLines.Get(withoutCartPlace(res.Text)), word)
}
