package dialog_test

import (
	"strings"
	"testing"
)

func TestShopFacts_AnswerFromSettingsWithoutArticles(t *testing.T) {
	h := newHarness(t, script{
		"how much is shipping to malaysia?": intent("shipping_info"),
		"how long does delivery take?":      intent("shipping_info"),
		"berapa kos penghantaran?":          {Language: "ms", Intent: intent("shipping_info").Intent},
		"can I pay with card?":              intent("payment_methods"),
	})
	cases := []struct {
		say  string
		want []string
	}{
		{"how much is shipping to malaysia?", []string{"Malaysia", "€19.95", "6–10 business days", "€34.95"}},
		// No country named: the shop's home country, with the free-shipping threshold.
		{"how long does delivery take?", []string{"Netherlands", "€4.95 (free over €50.00)", "1–2 business days"}},
		{"can I pay with card?", []string{"test payment page"}},
		// Written in Malay: Malaysia's rules first, in Malay.
		{"berapa kos penghantaran?", []string{"Malaysia", "hari bekerja"}},
	}
	for _, c := range cases {
		out := h.say(c.say)
		got := texts(out)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: answer lacks %q: %s", c.say, w, got)
			}
		}
		for _, m := range out {
			if m.Fallback {
				t.Errorf("%q: answered with a fallback: %s", c.say, got)
			}
		}
	}
}
