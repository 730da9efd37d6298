package knowledge

import (
	"testing"
)

func demoIndex(t testing.TB) *Index {
	t.Helper()
	as, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	return BuildIndex(as, 1)
}

// Questions written for this test, apart from the articles' keywords: the
// right article must come first and score above MinScore.
func TestSearch_RanksTheRightArticleFirstInEveryLanguage(t *testing.T) {
	ix := demoIndex(t)
	cases := []struct {
		lang, q, want string
		boost         []string
	}{
		{"en", "how long does delivery take to Germany?", "shipping-and-delivery", []string{"shipping"}},
		{"en", "can I pay with PayPal", "payment-methods", []string{"payment"}},
		{"en", "what is your return policy?", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"en", "when will I get my refund", "refunds", nil},
		{"en", "my shoe sole came off after two months, is that under warranty?", "warranty", []string{"returns", "warranty", "privacy"}},
		{"en", "please delete my personal data", "privacy-and-your-data", []string{"account", "privacy"}},
		{"en", "what size shoe should I take if my foot is 27 cm", "size-guide-shoes", nil},
		{"en", "I forgot my password", "account-and-password", []string{"account", "privacy"}},
		{"nl", "hoe lang duurt de levering", "shipping-and-delivery", []string{"shipping"}},
		{"nl", "wat kost verzending naar België?", "shipping-and-delivery", []string{"shipping"}},
		{"nl", "kan ik met iDEAL betalen?", "payment-methods", []string{"payment"}},
		{"nl", "hoe kan ik iets retourneren", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"nl", "wanneer krijg ik mijn geld terug?", "refunds", nil},
		{"nl", "ik ben mijn wachtwoord vergeten", "account-and-password", []string{"account", "privacy"}},
		{"nl", "welke maat jas moet ik nemen", "size-guide-clothing", nil},
		{"ms", "boleh bayar guna FPX?", "payment-methods", []string{"payment"}},
		{"ms", "berapa lama penghantaran ke Malaysia", "shipping-and-delivery", []string{"shipping"}},
		{"ms", "macam mana nak pulangkan barang", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"ms", "bila saya dapat bayaran balik?", "refunds", nil},
		{"ms", "saya lupa kata laluan akaun", "account-and-password", []string{"account", "privacy"}},
		{"ms", "ada waranti untuk kasut ini?", "warranty", []string{"returns", "warranty", "privacy"}},
		{"zh", "退货政策是什么", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"zh", "寄到上海要几天？", "shipping-and-delivery", []string{"shipping"}},
		{"zh", "可以用支付宝付款吗", "payment-methods", []string{"payment"}},
		{"zh", "退款什么时候到账", "refunds", nil},
		{"zh", "我忘记密码了", "account-and-password", []string{"account", "privacy"}},
		{"zh", "鞋子偏小吗，我该穿多大的鞋码", "size-guide-shoes", nil},
		{"nb", "hvor lang er returfristen", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"nb", "hva koster frakt til Norge?", "shipping-and-delivery", []string{"shipping"}},
		{"nb", "kan jeg betale med kort?", "payment-methods", []string{"payment"}},
		{"nb", "når får jeg pengene tilbake", "refunds", nil},
		{"nb", "jeg har glemt passordet mitt", "account-and-password", []string{"account", "privacy"}},
		{"nb", "slett personopplysningene mine", "privacy-and-your-data", []string{"account", "privacy"}},
		{"hy", "ինչպես վերադարձնել", "returns-policy", []string{"returns", "warranty", "privacy"}},
		{"hy", "քանի օր է տևում առաքումը Երևան", "shipping-and-delivery", []string{"shipping"}},
		{"hy", "կարող եմ վճարել քարտով?", "payment-methods", []string{"payment"}},
		{"hy", "երբ կստանամ գումարը", "refunds", nil},
		{"hy", "մոռացել եմ գաղտնաբառը", "account-and-password", []string{"account", "privacy"}},
		{"hy", "ուզում եմ ջնջել իմ տվյալները", "privacy-and-your-data", []string{"account", "privacy"}},
	}
	for _, c := range cases {
		t.Run(c.lang+"/"+c.q, func(t *testing.T) {
			hits := ix.Search(c.lang, c.q, c.boost)
			if len(hits) == 0 {
				t.Fatalf("no hits; want %s", c.want)
			}
			if h := hits[0]; h.Slug != c.want || !(Match{Score: h.Score, Coverage: h.Coverage}).Answers() {
				t.Errorf("first = %s (%.2f, %.2f); want %s answering; all: %v", h.Slug, h.Score, h.Coverage, c.want, top(hits, 3))
			}
		})
	}
}

func top(hs []Hit, n int) []Hit {
	if len(hs) > n {
		return hs[:n]
	}
	return hs
}

// Out-of-scope messages are answered only by an article scoring StrongScore.
func TestSearch_UnrelatedQuestionsScoreBelowTheStrongThreshold(t *testing.T) {
	ix := demoIndex(t)
	for _, c := range []struct{ lang, q string }{
		{"en", "what's the weather tomorrow?"},
		{"en", "who won the football match"},
		{"en", "is there a student discount policy?"},
		{"nl", "wat is de hoofdstad van Frankrijk"},
		{"ms", "siapa perdana menteri"},
		{"zh", "明天天气怎么样"},
		{"nb", "hvem vant fotballkampen i går"},
		{"hy", "ինչ եղանակ կլինի վաղը"},
	} {
		hits := ix.Search(c.lang, c.q, nil)
		if len(hits) > 0 && (Match{Score: hits[0].Score, Coverage: hits[0].Coverage}).Strong() {
			t.Errorf("%s %q: %s scored %.2f, above %.1f", c.lang, c.q, hits[0].Slug, hits[0].Score, StrongScore)
		}
	}
}
