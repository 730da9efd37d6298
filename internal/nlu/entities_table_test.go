package nlu

import (
	"slices"
	"strings"
	"testing"
)

func TestEntities_SixLanguages(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"en", "black running shoes in size 10 under 80 euro", []string{"category=running shoes", "color=black", "money=80:EUR:max", "size=10"}},
		{"en", "two pairs of white socks", []string{"category=socks", "color=white", "quantity=2"}},
		{"en", "track order #1042", []string{"order_number=1042"}},
		{"nl", "heeft u deze sneakers in maat 42?", []string{"category=sneakers", "size=42"}},
		{"nl", "zwarte hardloopschoenen onder de 50 euro", []string{"category=running shoes", "color=black", "money=50:EUR:max"}},
		{"nl", "2 stuks graag, bestelling 3321", []string{"order_number=3321", "quantity=2"}},
		{"ms", "ada kasut lari hitam saiz 42 bawah RM200?", []string{"category=running shoes", "color=black", "money=200:MYR:max", "size=42"}},
		{"ms", "nak dua helai baju hud merah", []string{"category=hoodies", "color=red", "quantity=2"}},
		{"ms", "pesanan 1042 saya di mana", []string{"order_number=1042"}},
		{"zh", "有没有500元以内的黑色跑鞋", []string{"category=running shoes", "color=black", "money=500:CNY:max"}},
		{"zh", "我要两件XL的卫衣", []string{"category=hoodies", "quantity=2", "size=XL"}},
		{"zh", "订单1042到哪了", []string{"order_number=1042"}},
		{"zh", "42码的运动鞋有吗", []string{"category=sneakers", "size=42"}},
		{"nb", "har dere svarte løpesko i str 43 under 500 kr?", []string{"category=running shoes", "color=black", "money=500:NOK:max", "size=43"}},
		{"nb", "jeg vil ha to hettegensere", []string{"category=hoodies", "quantity=2"}},
		{"nb", "hvor er ordre 1042", []string{"order_number=1042"}},
		{"hy", "ունե՞ք սև վազքի կոշիկներ 42 չափսի", []string{"category=running shoes", "color=black", "size=42"}},
		{"hy", "30000 դրամից պակաս սվիտեր", []string{"category=sweaters", "money=30000:AMD:max"}},
		{"hy", "uneq ays koshiknery 42 chapsi?", []string{"size=42"}},
		{"hy", "sev vazqi koshikner", []string{"category=running shoes", "color=black"}},
	}
	for _, tt := range tests {
		got := entityStrings(e.Parse(tt.text, ParseParams{Lang: tt.lang}).Entities)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s %q:\n got  %v\n want %v", tt.lang, tt.text, got, want)
		}
	}
}

func TestEntities_OffsetsAreCodePoints(t *testing.T) {
	r := testEngine(t).Parse("heeft u deze sneakers in maat 42?", ParseParams{Lang: "nl"})
	want := []Entity{
		{Entity: "category", Value: "sneakers", Start: 13, End: 21, Text: "sneakers"},
		{Entity: "size", Value: "42", Start: 25, End: 32, Text: "maat 42"},
	}
	if !slices.Equal(r.Entities, want) {
		t.Errorf("entities = %+v, want %+v", r.Entities, want)
	}
	r = testEngine(t).Parse("我要黑色的", ParseParams{})
	if c, ok := r.First("color"); !ok || c.Start != 2 || c.End != 4 {
		t.Errorf("color in Chinese = %+v, want runes 2–4", c)
	}
}

func TestEntities_Money(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ lang, text, want string }{
		{"en", "under 50 euro", "50:EUR:max"},
		{"en", "below $40", "40:USD:max"},
		{"en", "over 150 EUR", "150:EUR:min"},
		{"en", "I paid 89.99 euro", "89.99:EUR:exact"},
		{"en", "at least £30", "30:GBP:min"},
		{"nl", "onder de 50 euro", "50:EUR:max"},
		{"nl", "vanaf €25,50", "25.5:EUR:min"},
		{"ms", "bawah RM200", "200:MYR:max"},
		{"ms", "RM1,299 ke bawah", "1299:MYR:max"},
		{"zh", "500元以内", "500:CNY:max"},
		{"zh", "300块以上", "300:CNY:min"},
		{"nb", "under 500 kr", "500:NOK:max"},
		{"nb", "mer enn 1 000 kroner", "1000:NOK:min"},
		{"hy", "30000 դրամից պակաս", "30000:AMD:max"},
		{"hy", "30 000 դրամ", "30000:AMD:exact"},
	}
	for _, tt := range tests {
		r := e.Parse(tt.text, ParseParams{Lang: tt.lang})
		m, ok := r.First("money")
		if !ok || valueString(m.Value) != tt.want {
			t.Errorf("%s %q: money = %v (found %v), want %s", tt.lang, tt.text, m.Value, ok, tt.want)
		}
	}
}

func TestNormalizePhone_SixCountries(t *testing.T) {
	tests := []struct {
		digits string
		plus   bool
		lang   string
		want   string
	}{
		{"31612345678", true, "en", "+31612345678"},
		{"310612345678", true, "nl", "+31612345678"},
		{"0612345678", false, "nl", "+31612345678"},
		{"0123456789", false, "ms", "+60123456789"},
		{"60123456789", true, "ms", "+60123456789"},
		{"13812345678", false, "zh", "+8613812345678"},
		{"8613812345678", true, "zh", "+8613812345678"},
		{"41234567", false, "nb", "+4741234567"},
		{"004741234567", false, "nb", "+4741234567"},
		{"091234567", false, "hy", "+37491234567"},
		{"37491234567", true, "hy", "+37491234567"},
		{"2125550123", false, "en", "+12125550123"},
		{"07700900123", false, "en", "+447700900123"},
		{"447700900123", true, "en", "+447700900123"},
	}
	for _, tt := range tests {
		got, ok := normalizePhone(tt.digits, tt.plus, tt.lang)
		if !ok || got != tt.want {
			t.Errorf("normalizePhone(%q, %v, %s) = %q, %v; want %q", tt.digits, tt.plus, tt.lang, got, ok, tt.want)
		}
	}
}

func TestEntities_PhoneAndEmailInText(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ lang, text, want string }{
		{"en", "call me on +44 7700 900123", "phone=+447700900123"},
		{"nl", "mijn nummer is 06-12345678", "phone=+31612345678"},
		{"ms", "no telefon saya 012-345 6789", "phone=+60123456789"},
		{"zh", "我的电话是138 1234 5678", "phone=+8613812345678"},
		{"nb", "ring meg på 412 34 567", "phone=+4741234567"},
		{"hy", "զանգեք 091 23 45 67", "phone=+37491234567"},
		{"en", "my email is Jane.Doe@Example.com.", "email=jane.doe@example.com"},
	}
	for _, tt := range tests {
		got := entityStrings(e.Parse(tt.text, ParseParams{Lang: tt.lang}).Entities)
		if !slices.Contains(got, tt.want) {
			t.Errorf("%s %q: entities %v, want %s", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestEntities_TyposInLexiconWords(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ lang, text, want string }{
		{"en", "do you have sneekers", "category=sneakers"},
		{"nl", "hardloopschoenn in het zwart", "category=running shoes"},
		{"en", "a yelow hoodie", "color=yellow"},
	}
	for _, tt := range tests {
		got := entityStrings(e.Parse(tt.text, ParseParams{Lang: tt.lang}).Entities)
		if !slices.Contains(got, tt.want) {
			t.Errorf("%s %q: entities %v, want %s", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestEntities_CouponCodes(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ lang, text, want string }{
		{"en", "I have a code save10", "SAVE10"},
		{"nl", "kortingscode ZOMER15 graag", "ZOMER15"},
		{"ms", "guna kod promo raya20", "RAYA20"},
		{"zh", "优惠码SPRING20怎么用", "SPRING20"},
		{"nb", "jeg har kupong VINTER20", "VINTER20"},
		{"hy", "ունեմ կտրոն AREV10", "AREV10"},
	}
	for _, tt := range tests {
		c, ok := e.Parse(tt.text, ParseParams{Lang: tt.lang}).First("coupon")
		if !ok || c.Value != tt.want {
			t.Errorf("%s %q: coupon %v, want %s", tt.lang, tt.text, c.Value, tt.want)
		}
	}
}

func TestSetVocabulary_MapsCatalogueNames(t *testing.T) {
	e, err := New(Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	e.SetVocabulary(Vocabulary{
		Categories: []string{"Running Shoes", "Trail Gaiters"},
		Brands:     []string{"Nordkapp"},
		Products:   []ProductName{{Handle: "aurora-rain-jacket", Title: "Aurora Rain Jacket"}, {Handle: "fjord-fleece", Title: "Fjord Fleece Jacket"}},
	})
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"nl", "hardloopschoenen maat 42", []string{"category=running shoes", "size=42"}},
		{"en", "do you sell trail gaiters?", []string{"category=trail gaiters"}},
		{"en", "anything from nordkapp?", []string{"brand=Nordkapp"}},
		{"en", "is the aurora available in M?", []string{"product=aurora-rain-jacket", "size=M"}},
		{"en", "is the Aurora Rain Jacket waterproof", []string{"category=rain jackets", "product=aurora-rain-jacket"}},
		{"en", "the fjrod one in blue", []string{"color=blue", "product=fjord-fleece"}},
	}
	for _, tt := range tests {
		got := entityStrings(e.Parse(tt.text, ParseParams{Lang: tt.lang}).Entities)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %q:\n got  %v\n want %v", tt.lang, tt.text, got, tt.want)
		}
	}
}

// A word one edit from a product's name is a misspelling of it only when
// the edit is a slip of the fingers: "lantenr" is the lantern, but
// "handle" (another first letter) is no candle and "grove" (r for l, keys
// far apart) no glove.
func TestSetVocabulary_AnOrdinaryWordIsNoMisspeltProductName(t *testing.T) {
	e, err := New(Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	e.SetVocabulary(Vocabulary{Products: []ProductName{
		{Handle: "beeswax-candle", Title: "Beeswax Candle"},
		{Handle: "storm-lantern", Title: "Storm Lantern"},
		{Handle: "garden-glove", Title: "Garden Glove"},
	}})
	tests := []struct {
		text string
		want []string
	}{
		{"a lantenr in green", []string{"color=green", "product=storm-lantern"}},
		{"the one with the long handle, in green", []string{"color=green"}},
		{"we live on Birch Grove, send it there", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range entityStrings(e.Parse(tt.text, ParseParams{Lang: "en"}).Entities) {
			if strings.HasPrefix(s, "product=") || strings.HasPrefix(s, "color=") {
				got = append(got, s)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q:\n got  %v\n want %v", tt.text, got, tt.want)
		}
	}
}
