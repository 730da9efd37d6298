package nlu

import "testing"

// Questions about saved preferences and loyalty points are account
// questions in every language, phrased otherwise than the training files
// (data/train/preferences) put them; the dialogue tells them apart within
// the intent.
func TestIntent_SavedPreferencesAndPointsAreAccountQuestions(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ lang, text string }{
		{"en", "which sizes are saved for me"},
		{"en", "please forget my sizes"},
		{"en", "how many points have I got?"},
		{"nl", "welke maten zijn voor mij bewaard"},
		{"nl", "vergeet alsjeblieft mijn maten"},
		{"nl", "hoeveel punten heb ik nog?"},
		{"ms", "saiz apa yang disimpan untuk saya"},
		{"ms", "tolong lupakan saiz saya"},
		{"ms", "berapa banyak mata saya?"},
		{"zh", "你们给我保存了哪些尺码"},
		{"zh", "请忘记我的尺码"},
		{"zh", "我现在有多少积分"},
		{"nb", "hvilke størrelser er lagret på meg"},
		{"nb", "vær så snill og glem størrelsene mine"},
		{"nb", "hvor mange poeng har jeg nå?"},
		{"hy", "Ինչ չափսեր են պահպանված ինձ համար"},
		{"hy", "Խնդրում եմ մոռացեք իմ չափսերը"},
		{"hy", "Քանի միավոր ունեմ հիմա"},
	}
	for _, tt := range tests {
		r := e.Parse(tt.text, ParseParams{Prior: tt.lang})
		if r.Intent.Name != "account" {
			t.Errorf("%s %q = %s (%.2f), want account", tt.lang, tt.text, r.Intent.Name, r.Intent.Confidence)
		}
	}
}
