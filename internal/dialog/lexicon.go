package dialog

import (
	_ "embed"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// lexicon holds the few words the dialogue itself listens for, in the six
// languages: refinements of a search, ordinals, and the aspect a product
// question is about. Intents and entities come from the NLU.
//
//go:embed lexicon.json
var lexiconJSON []byte

var lexicon struct {
	Refine   map[string][]string `json:"refine"`
	Ordinals [][]string          `json:"ordinals"`
	Aspects  map[string][]string `json:"aspects"`
	Other    []string            `json:"other"`
	// MoreOf marks a quantity added on top of what is in the cart ("one
	// more", "2 more", "nog een"): strong phrases say so alone, weak words
	// only beside a number.
	MoreOf struct {
		Strong []string `json:"strong"`
		Weak   []string `json:"weak"`
	} `json:"more_of"`
	LastAdded []string `json:"last_added"`
	SetTo     []string `json:"set_to"` // "make it 2", "改成2件": a number that replaces, never adds
	// Compare marks a question that weighs products against each other
	// ("the difference between those three pans"): its numbers count
	// products, never a quantity to buy.
	Compare []string            `json:"compare"`
	Facts   map[string][]string `json:"facts"` // what a policy question is about (shopfacts.go)
	// Buy marks a message that wants a product in the cart ("can I get",
	// "masuk troli", "我要"); Negation a value the shopper does not want
	// ("41, not 40").
	Buy []string `json:"buy"`
	// CartPlace names the cart as the place things go ("in my basket",
	// "in het mandje", "ke dalam troli"): never a product asked for, even in
	// a shop that sells baskets (cartplace.go).
	CartPlace []string `json:"cart_place"`
	// Wish opens a message that wants a product ("I want the …", "ik wil",
	// "我要"); WishNot is a verb after it that wants to see or know instead
	// (wish.go).
	Wish    []string `json:"wish"`
	WishNot []string `json:"wish_not"`
	Also    []string `json:"also"`
	ThisOne []string `json:"this_one"` // "that one", "就它了": the product on screen
	// Definite points at a thing already talked about ("the gloves",
	// "die handschoenen", "sarung tangan tu", "那副手套"); Norwegian and
	// Armenian say so with an ending instead (definite.go).
	Definite        []string `json:"definite"`
	PayMethods      []string `json:"pay_methods"` // a way to pay named in a question
	PayNow          []string `json:"pay_now"`     // "betale", "付款": the shopper wants to pay (context.go)
	TakeOut         []string `json:"take_out"`    // "take it out", "haal eruit": a removal, though "take" buys
	And             []string `json:"and"`         // "and" between two things asked for (multi.go)
	Each            []string `json:"each"`        // "one of each", "both"
	OrderWords      []string `json:"order_words"` // an order, a parcel: after-sale talk
	Negation        []string `json:"negation"`
	PrivacyWarranty []string `json:"privacy_warranty"`
	// SizeWords spell clothing sizes out ("medium", "sedang", "中号"),
	// folded, to the letter the catalogue uses (lower-case).
	SizeWords map[string]string `json:"size_words"`
	// ColourFamilies names the catalogue colours a plain colour covers
	// ("green" → emerald, sage, olive), for catalogues that name colours
	// their own way.
	ColourFamilies map[string][]string `json:"colour_families"`
}

func init() {
	if err := json.Unmarshal(lexiconJSON, &lexicon); err != nil {
		panic("dialog lexicon: " + err.Error()) // embedded data: a bug, caught by every test
	}
	var all any
	json.Unmarshal(lexiconJSON, &all)
	lexiconLines = map[string]fold.Line{}
	collectLines(all)
}

// lexiconLines holds every phrase of the lexicon folded, built once and
// never changed, so that matching a message against a hundred phrases reads
// them without taking foldedLines' lock (issue #17).
var lexiconLines map[string]fold.Line

// collectLines folds every string in v (the lexicon, decoded generically).
func collectLines(v any) {
	switch v := v.(type) {
	case string:
		lexiconLines[v] = fold.MakeLine(v)
	case []any:
		for _, e := range v {
			collectLines(e)
		}
	case map[string]any:
		for _, e := range v {
			collectLines(e)
		}
	}
}

// foldedLines folds each text and phrase once, not once per phrase matched.
var foldedLines fold.Lines

// contains reports whether phrase occurs in text as whole words (or, for
// CJK, as a substring).
func contains(text, phrase string) bool {
	return containsLine(foldedLines.Get(text), phrase)
}

// containsLine is contains of a text folded already: anyOf folds (or finds)
// the text once for all its phrases.
func containsLine(t fold.Line, phrase string) bool {
	return containsFolded(t, phraseLine(phrase))
}

// phraseLine is phrase folded: from the lexicon's table, else remembered.
func phraseLine(phrase string) fold.Line {
	if p, ok := lexiconLines[phrase]; ok {
		return p
	}
	return foldedLines.Get(phrase)
}

// containsFolded is containsLine of a phrase folded already.
func containsFolded(t fold.Line, p fold.Line) bool {
	if p.Words == "  " {
		return false
	}
	if strings.Contains(t.Words, p.Words) {
		return true
	}
	if p.CJK {
		return strings.Contains(t.Folded, p.Folded)
	}
	return false
}

// refinement returns "more", "cheaper" or "in_stock" when the text asks to
// change the last search that way.
func refinement(text string) string {
	for _, how := range []string{"in_stock", "cheaper", "more"} {
		for _, p := range lexicon.Refine[how] {
			if contains(text, p) {
				return how
			}
		}
	}
	return ""
}

// ordinal returns 0 for "the first one", 1 for "the second", …, or -1.
func ordinal(text string) int {
	for i, words := range lexicon.Ordinals {
		for _, w := range words {
			if contains(text, w) {
				return i
			}
		}
	}
	return ordinalInflected(text)
}

// aspectOf returns what a product question is about: material, fit, care,
// weather, price, or "".
func aspectOf(text string) string {
	for _, a := range []string{"price", "material", "fit", "care", "weather"} {
		for _, w := range lexicon.Aspects[a] {
			if contains(text, w) {
				return a
			}
		}
	}
	return ""
}

// meansOther reports "no, the other one".
func meansOther(text string) bool {
	for _, p := range lexicon.Other {
		if contains(text, p) {
			return true
		}
	}
	return false
}

// anyOf reports whether text contains one of the phrases.
func anyOf(text string, phrases []string) bool {
	if len(phrases) == 0 {
		return false
	}
	t := foldedLines.Get(text)
	for _, p := range phraseLines(phrases) {
		if containsFolded(t, p) {
			return true
		}
	}
	return false
}

// phraseSets remembers the folded lines of each list of phrases anyOf was
// given, by the address of the list's first element: a turn matched the
// message against some fifty lists, looking each phrase up by its text
// again (issue #17). A list is known again only if it still holds the very
// same strings (the same bytes at the same address, which the copy kept
// here holds alive), so a list built for one call and another later at the
// same address are never confused.
var phraseSets struct {
	mu sync.RWMutex
	m  map[*string]*phraseSet
}

type phraseSet struct {
	phrases []string // a copy of the list as it was folded
	lines   []fold.Line
}

// maxPhraseSets bounds phraseSets: past it, it starts again empty.
const maxPhraseSets = 1024

func phraseLines(phrases []string) []fold.Line {
	key := &phrases[0]
	phraseSets.mu.RLock()
	s := phraseSets.m[key]
	phraseSets.mu.RUnlock()
	if s != nil && sameStrings(s.phrases, phrases) {
		return s.lines
	}
	s = &phraseSet{phrases: slices.Clone(phrases), lines: make([]fold.Line, len(phrases))}
	for i, p := range phrases {
		s.lines[i] = phraseLine(p)
	}
	phraseSets.mu.Lock()
	if phraseSets.m == nil || len(phraseSets.m) >= maxPhraseSets {
		phraseSets.m = make(map[*string]*phraseSet, 64)
	}
	phraseSets.m[key] = s
	phraseSets.mu.Unlock()
	return s.lines
}

// sameStrings reports whether a and b hold the same strings, by address
// and length: strings are never changed, so the same bytes.
func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) || unsafe.StringData(a[i]) != unsafe.StringData(b[i]) {
			return false
		}
	}
	return true
}
