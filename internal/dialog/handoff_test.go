package dialog

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func TestRatingOf(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"5", 5}, {"4 stars", 4}, {"★★★", 3}, {"I'd say 2.", 2}, {"size 42", 0}, {"0", 0}, {"6", 0}, {"great", 0}, {"⭐⭐⭐⭐⭐", 5},
	}
	for _, tt := range tests {
		if got := ratingOf(tt.text); got != tt.want {
			t.Errorf("ratingOf(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// Every language has strong words and words for a person, and they are
// found in a sentence in that language.
func TestHandoffWords_EveryLanguage(t *testing.T) {
	sentences := map[string][2]string{
		"en": {"honestly this is useless", "can I get a human"},
		"nl": {"dit is echt waardeloos", "ik wil een medewerker"},
		"ms": {"bot ini tak guna langsung", "saya mahu manusia"},
		"zh": {"你们真没用", "我要人工"},
		"nb": {"dette er ubrukelig", "jeg vil snakke med et menneske"},
		"hy": {"սա անպետք է", "ուզում եմ աշխատակից"},
	}
	for lang, s := range sentences {
		if len(handoffWords.Strong[lang]) == 0 || len(handoffWords.Person[lang]) == 0 {
			t.Errorf("%s: no hand-off words", lang)
		}
		tr := &turn{lang: lang, res: nlu.Result{Text: s[0], Language: lang}}
		if !saysAny(tr, handoffWords.Strong) {
			t.Errorf("%s: %q has no strong word", lang, s[0])
		}
		tr.res.Text = s[1]
		if !saysAny(tr, handoffWords.Person) {
			t.Errorf("%s: %q names no person", lang, s[1])
		}
		tr.res.Text = "do you have running shoes in size 42"
		if saysAny(tr, handoffWords.Strong) || (lang == "en" && saysAny(tr, handoffWords.Person)) {
			t.Errorf("%s: a shopping question looks like a hand-off", lang)
		}
	}
}

func TestOverlap(t *testing.T) {
	if o := overlap([]string{"where", "is", "my", "order"}, []string{"where", "is", "my", "parcel"}); o < 0.5 {
		t.Errorf("rephrasing overlap %.2f, want >= 0.5", o)
	}
	if o := overlap([]string{"red", "shoes"}, []string{"blue", "jacket"}); o != 0 {
		t.Errorf("unrelated overlap %.2f", o)
	}
}
