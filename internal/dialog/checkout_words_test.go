package dialog

import (
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

func TestNameFrom_IntroductionsInSixLanguagesAreCut(t *testing.T) {
	for _, tt := range []struct{ lang, in, want string }{
		{"en", "my name is Tom Kerr", "Tom Kerr"},
		{"en", "it's Tom Kerr.", "Tom Kerr"},
		{"en", "Tom Kerr", "Tom Kerr"},
		{"nl", "mijn naam is Jan de Vries", "Jan de Vries"},
		{"nl", "op naam van Jan de Vries", "Jan de Vries"},
		{"ms", "nama saya Siti Aminah", "Siti Aminah"},
		{"zh", "我叫李娜", "李娜"},
		{"zh", "收件人：王芳", "王芳"},
		{"nb", "jeg heter Kari Nordmann", "Kari Nordmann"},
		{"hy", "իմ անունը Անի Հակոբյան է", "Անի Հակոբյան"},
		{"hy", "anuns Ani Hakobyan e", "Ani Hakobyan"},
		// A name that starts like an introduction stays whole.
		{"en", "Forbes Macleod", "Forbes Macleod"},
		{"nb", "Tilde Olsen", "Tilde Olsen"},
	} {
		if got := nameFrom(tt.in); got != tt.want {
			t.Errorf("%s: nameFrom(%q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestNameShaped_OnlyNamesBesideAnotherAnswer(t *testing.T) {
	for in, want := range map[string]bool{
		"Tom Kerr": true, "Siti Aminah": true, "李娜": true, "Անի Հակոբյան": true, "Kari": true,
		"thanks": false, "here you go": false, "我的邮箱是": false, "ok": false, "Keizersgracht 12": false,
	} {
		if got := nameShaped(in); got != want {
			t.Errorf("nameShaped(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestPhoneIn_ANumberIsTakenOutOfTheAnswer(t *testing.T) {
	for _, tt := range []struct{ in, phone, rest string }{
		{"+31 6 12345678", "+31 6 12345678", ""},
		{"my number is 06-12345678", "06-12345678", "my number is"},
		{"13812345678 上海市浦东新区世纪大道100号", "13812345678", "上海市浦东新区世纪大道100号"},
		{"Keizersgracht 12, 1015 CS Amsterdam", "", "Keizersgracht 12, 1015 CS Amsterdam"},
		{"12 Jalan Bukit Bintang 55100 Kuala Lumpur", "", "12 Jalan Bukit Bintang 55100 Kuala Lumpur"},
	} {
		phone, rest := phoneIn(tt.in)
		if phone != tt.phone || rest != tt.rest {
			t.Errorf("phoneIn(%q) = %q, %q; want %q, %q", tt.in, phone, rest, tt.phone, tt.rest)
		}
	}
}

// The delivery options as the shopper names them in each language: by a
// word only that option has, by what it is, or by its place.
func TestMatchShippingWords_OptionsNamedTheShoppersWay(t *testing.T) {
	rules, err := fulfilment.DefaultRules("", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	b := &Bot{Deps: Deps{Messages: i18n.MustLoad("en"), Shipping: rules, Now: func() time.Time { return now }}}
	nl := rules.Options("NL", money.New(1000, "EUR"), now) // standard, pickup, express
	my := rules.Options("MY", money.New(1000, "EUR"), now) // standard, express
	for _, tt := range []struct {
		lang, text string
		options    []fulfilment.Option
		want       string
	}{
		{"en", "the fastest one", nl, "express"},
		{"en", "cheapest please", my, "standard"},
		{"en", "the second one", nl, "standard"}, // as listed: pickup (free), standard, express
		{"nl", "expres graag", nl, "express"},
		{"nl", "de snelste", nl, "express"},
		{"nl", "ophalen", nl, "pickup"},
		{"ms", "biasa", my, "standard"},
		{"ms", "ekspres", my, "express"},
		{"ms", "yang paling murah", my, "standard"},
		{"zh", "标准", my, "standard"},
		{"zh", "最快的", my, "express"},
		{"nb", "ekspress", my, "express"},
		{"nb", "den billigste", my, "standard"},
		{"hy", "ամենաարագը", my, "express"},
		{"hy", "ստանդարտ", my, "standard"},
		// Words every option shares name none of them.
		{"ms", "penghantaran", my, ""},
		{"en", "hello", nl, ""},
	} {
		tr := &turn{lang: tt.lang}
		if got := b.matchShippingWords(tr, tt.text, tt.options); got != tt.want {
			t.Errorf("%s %q = %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestIntroducedName_OnlyAfterAClearIntroduction(t *testing.T) {
	for in, want := range map[string]string{
		"I'd like to pay, and my name is Tom Kerr":     "Tom Kerr",
		"ik wil afrekenen, mijn naam is Jan de Vries.": "Jan de Vries",
		"nak bayar, nama saya Siti Aminah":             "Siti Aminah",
		"我要付款，我叫李娜":                                    "李娜",
		"jeg vil betale, jeg heter Kari Nordmann":      "Kari Nordmann",
		"ուզում եմ վճարել, իմ անունը Անի Հակոբյան է":   "Անի Հակոբյան",
		"I'd like to pay for this":                     "",
		"checkout please":                              "",
		"my surname is rare":                           "",
	} {
		if got := introducedName(in); got != want {
			t.Errorf("introducedName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The readers of typed checkout answers take any text without panicking,
// and what they return comes from the text.
func FuzzCheckoutAnswerReaders(f *testing.F) {
	for _, s := range []string{"my name is Tom Kerr", "我叫李娜", "իմ անունը Անի է", "+31 6 12345678", "İstanbul my name is Ş", "", "，，", "my name is"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := nameFrom(s); len(n) > len(s) {
			t.Fatalf("nameFrom(%q) = %q, longer than the text", s, n)
		}
		squeeze := func(x string) string { return strings.Join(strings.Fields(x), " ") }
		if n := introducedName(s); n != "" && !strings.Contains(squeeze(s), squeeze(n)) {
			t.Fatalf("introducedName(%q) = %q, not in the text", s, n)
		}
		if phone, _ := phoneIn(s); phone != "" && !strings.Contains(s, phone) {
			t.Fatalf("phoneIn(%q) = %q, not in the text", s, phone)
		}
	})
}
