package dialog

import (
	"slices"
	"testing"
)

// Within the account intent the words tell a saved-preferences question, a
// request to forget, and a points question from a help question, in all
// six languages (Armenian in both scripts).
func TestAccountWords_PreferencesForgetAndPointsInSixLanguages(t *testing.T) {
	tests := []struct {
		text   string
		kind   string // the preference kind named; "all" for preferences as a whole; "" none
		forget bool
		saved  bool
		points bool
	}{
		{text: "what sizes do you have saved for me?", kind: "size", saved: true},
		{text: "forget my sizes", kind: "size", forget: true},
		{text: "clear my preferences", kind: "all", forget: true},
		{text: "how many points do I have?", points: true},
		{text: "welke maten heb je voor mij opgeslagen?", kind: "size", saved: true},
		{text: "vergeet mijn kleuren", kind: "colour", forget: true},
		{text: "hoeveel spaarpunten heb ik", points: true},
		{text: "saiz apa yang anda simpan untuk saya?", kind: "size", saved: true},
		{text: "lupakan jenama saya", kind: "brand", forget: true},
		{text: "berapa mata ganjaran saya", points: true},
		{text: "你们保存了我的什么尺码？", kind: "size", saved: true},
		{text: "忘记我的颜色", kind: "colour", forget: true},
		{text: "我有多少积分？", points: true},
		{text: "hvilke størrelser har dere lagret for meg?", kind: "size", saved: true},
		{text: "glem merkene mine", kind: "brand", forget: true},
		{text: "hvor mange poeng har jeg?", points: true},
		{text: "Ի՞նչ չափսեր եք պահպանել ինձ համար", kind: "size", saved: true},
		{text: "Մոռացիր իմ գույները", kind: "colour", forget: true},
		{text: "Քանի՞ միավոր ունեմ", points: true},
		{text: "moracir im chapsery", kind: "size", forget: true},
		{text: "how do I reset my password?"},
		{text: "delete my account"},
	}
	for _, tt := range tests {
		kinds, all := prefTopics(tt.text)
		switch {
		case tt.kind == "all" && !all, tt.kind == "" && (all || len(kinds) > 0),
			tt.kind != "" && tt.kind != "all" && !slices.Contains(kinds, tt.kind):
			t.Errorf("%q: kinds %v, all %v; want %q", tt.text, kinds, all, tt.kind)
		}
		if tt.kind != "" && anyOf(tt.text, prefWords.Forget) != tt.forget {
			t.Errorf("%q: forget = %v, want %v", tt.text, !tt.forget, tt.forget)
		}
		if tt.saved && !anyOf(tt.text, prefWords.Saved) {
			t.Errorf("%q: not read as a question about what is saved", tt.text)
		}
		if got := anyOf(tt.text, prefWords.Points); got != tt.points {
			t.Errorf("%q: points = %v, want %v", tt.text, got, tt.points)
		}
	}
}
