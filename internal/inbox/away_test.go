package inbox

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var shopLanguages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

func TestParseAwayMessages_PlainTextPerLanguage(t *testing.T) {
	cases := []struct {
		name, body, field string
		want              AwayMessages
	}{
		{"two languages, one blank", `{"en": "  Back Monday. ", "nl": " "}`, "", AwayMessages{"en": "Back Monday."}},
		{"markup is kept as text", `{"zh": "<b>周一</b>见"}`, "", AwayMessages{"zh": "<b>周一</b>见"}},
		{"line breaks allowed", `{"nb": "Stengt.\r\nÅpent mandag."}`, "", AwayMessages{"nb": "Stengt.\nÅpent mandag."}},
		{"unknown language", `{"fr": "Fermé"}`, "fr", nil},
		{"control character", `{"en": "bell\u0007"}`, "en", nil},
		{"too long", `{"hy": "` + strings.Repeat("ա", MaxAwayMessage+1) + `"}`, "hy", nil},
		{"not an object", `["en"]`, "away_message", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseAwayMessages([]byte(c.body), shopLanguages)
			var fe *AwayFieldError
			if c.field != "" {
				if !errors.As(err, &fe) || fe.Field != c.field {
					t.Errorf("error = %v, want one naming %s", err, c.field)
				}
				return
			}
			if err != nil || len(got) != len(c.want) {
				t.Fatalf("= %v, %v; want %v", got, err, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func FuzzParseAwayMessages(f *testing.F) {
	f.Add([]byte(`{"en": "Back Monday.", "hy": "Կվերադառնանք"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseAwayMessages(b, shopLanguages)
		if err != nil {
			return
		}
		for lang, text := range m {
			if text == "" || !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxAwayMessage {
				t.Fatalf("%s: accepted %q", lang, text)
			}
		}
	})
}
