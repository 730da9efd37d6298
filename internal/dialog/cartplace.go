package dialog

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// withoutCartPlace takes out of a message the words that name the cart as
// the place things go ("put it in my basket", "doe maar in het mandje"):
// read as product words they found the shop's wicker basket or hanging
// basket and bought it. The text comes back folded when a place was taken
// out, as it was otherwise.
func withoutCartPlace(text string) string {
	s := fold.String(text)
	changed := false
	for _, p := range cartPlaces() {
		for from := 0; ; {
			i := strings.Index(s[from:], p)
			if i < 0 {
				break
			}
			i += from
			j := i + len(p)
			if !wordEdge(s, i, j) {
				from = i + 1
				continue
			}
			s = s[:i] + " " + s[j:]
			changed = true
			from = i + 1
		}
	}
	if !changed {
		return text
	}
	return s
}

// wordEdge reports whether s[i:j] stands as whole words: no letter or
// digit touches it, except in scripts written without spaces.
func wordEdge(s string, i, j int) bool {
	before, after := ' ', ' '
	if i > 0 {
		before = finalRune(s[:i])
	}
	if j < len(s) {
		after = []rune(s[j:])[0]
	}
	inWord := func(r rune) bool {
		return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Han, r)
	}
	first, last := []rune(s[i:j])[0], finalRune(s[i:j])
	return !(inWord(before) && inWord(first)) && !(inWord(after) && inWord(last))
}

func finalRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// cartPlaces are the lexicon's cart places folded, longest first, so that
// "into my basket" goes whole before "my basket" could.
var cartPlaces = sync.OnceValue(func() []string {
	out := make([]string, 0, len(lexicon.CartPlace))
	for _, p := range lexicon.CartPlace {
		out = append(out, fold.String(p))
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
})

// cartPlaceOnly reports whether the message's first entity of that kind was
// read from the cart's place alone ("in het mandje" tagged as a basket).
func cartPlaceOnly(res nlu.Result, kind string) bool {
	e, ok := res.First(kind)
	if !ok {
		return false
	}
	word := fold.String(e.Text)
	return strings.Contains(fold.String(res.Text), word) && !strings.Contains(fold.String(withoutCartPlace(res.Text)), word)
}
