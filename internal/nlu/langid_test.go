package nlu

import "testing"

func TestIdentify_ByScriptAndCharacterModel(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ text, want string }{
		{"我想退货", "zh"},
		{"这双鞋有42码吗", "zh"},
		{"hello hello 在不在", "zh"},
		{"բարև", "hy"},
		{"ունե՞ք սև վազքի կոշիկներ", "hy"},
		{"I want to return these shoes", "en"},
		{"where is my order?", "en"},
		{"heeft u deze sneakers in maat 42?", "nl"},
		{"waar blijft mijn bestelling", "nl"},
		{"ada kasut lari saiz 42?", "ms"},
		{"saya nak pulangkan barang ini", "ms"},
		{"har dere regnjakker på lager?", "nb"},
		{"hvor er pakken min", "nb"},
	}
	for _, tt := range tests {
		if got := e.Parse(tt.text, ParseParams{}).Language; got != tt.want {
			t.Errorf("language of %q = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestIdentify_PriorKeptUnlessTextClearlySwitches(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ text, prior, want string }{
		{"ok", "nl", "nl"},
		{"ok", "nb", "nb"},
		{"thx", "zh", "zh"},
		{"42", "ms", "ms"},
		{"👍", "hy", "hy"},
		{"hi", "ms", "ms"},
		{"I would like to speak to a human please", "nl", "en"},
		{"我想退货", "en", "zh"},
		{"waar is mijn bestelling gebleven?", "en", "nl"},
	}
	for _, tt := range tests {
		if got := e.Parse(tt.text, ParseParams{Prior: tt.prior}).Language; got != tt.want {
			t.Errorf("language of %q with prior %s = %s, want %s", tt.text, tt.prior, got, tt.want)
		}
	}
}

func TestIdentify_ForcedLanguageWins(t *testing.T) {
	if got := testEngine(t).Parse("hello", ParseParams{Lang: "nb"}).Language; got != "nb" {
		t.Errorf("forced language = %s, want nb", got)
	}
}

func TestIdentify_DefaultLanguageBreaksTies(t *testing.T) {
	e, err := New(Options{DefaultLanguage: "ms"})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", "👍", "12345"} {
		if got := e.Parse(text, ParseParams{}).Language; got != "ms" {
			t.Errorf("language of %q = %s, want the default ms", text, got)
		}
	}
}
