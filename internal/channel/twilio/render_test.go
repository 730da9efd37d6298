package twilio_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/twilio"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

var catalog = i18n.MustLoad("en")

func rc(lang string) channel.RenderContext {
	return channel.RenderContext{To: "+31612345678", Language: lang,
		T: func(key string, args ...any) string { return catalog.T(lang, key, args...) }}
}

// bodies renders m and returns each SMS body, checking every one is a form
// with a Body within Twilio's limit and valid UTF-8.
func bodies(t *testing.T, m conversation.Message, lang string) []string {
	t.Helper()
	var out []string
	for _, o := range twilio.New(cfg(""), public, nil).Render(m, rc(lang)) {
		f, err := url.ParseQuery(string(o.Body))
		if err != nil {
			t.Fatalf("body %q is not a form: %v", o.Body, err)
		}
		b := f.Get("Body")
		if twilio.Length(b) > twilio.MaxBody || !utf8.ValidString(b) || b == "" {
			t.Fatalf("SMS of %d characters (valid UTF-8 %v): %q", twilio.Length(b), utf8.ValidString(b), b)
		}
		out = append(out, b)
	}
	return out
}

func TestRender_NumbersQuickRepliesAndChoicesSaysWhichPayload(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeText, Text: "What are you looking for?", Options: []conversation.Option{
		{Title: "Sneakers", Payload: "search:type=sneakers"}, {Title: "Boots", Payload: "search:type=boots"}, {Title: "Sandals", Payload: "search:type=sandals"},
	}}
	got := bodies(t, m, "en")
	want := "What are you looking for?\n\n1 Sneakers\n2 Boots\n3 Sandals\nReply 1, 2 or 3"
	if len(got) != 1 || got[0] != want {
		t.Errorf("SMS = %q, want %q", got, want)
	}
	ch := twilio.Choices(m)
	for i, o := range m.Options {
		if ch[i] != o {
			t.Errorf("choice %d = %+v, want %+v", i+1, ch[i], o)
		}
	}
	if nl := bodies(t, m, "nl")[0]; !strings.HasSuffix(nl, "Antwoord 1, 2 of 3") {
		t.Errorf("Dutch SMS = %q", nl)
	}
}

func TestRender_ReplyLineFitsTheNumberOfChoices(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "Reply 1"}, {2, "Reply 1 or 2"}, {4, "Reply with a number from 1 to 4"}, {25, "Reply with a number from 1 to 10"}} {
		var opts []conversation.Option
		for i := range tc.n {
			opts = append(opts, conversation.Option{Title: fmt.Sprint("Option ", i), Payload: fmt.Sprint("p", i)})
		}
		m := conversation.Message{Type: conversation.TypeText, Text: "Pick", Options: opts}
		got := bodies(t, m, "en")
		last := got[len(got)-1]
		if !strings.HasSuffix(last, "\n"+tc.want) {
			t.Errorf("%d options: SMS ends %q, want %q", tc.n, last, tc.want)
		}
		if n := len(twilio.Choices(m)); n != min(tc.n, 10) {
			t.Errorf("%d options: %d choices", tc.n, n)
		}
		if tc.n > 10 && strings.Contains(last, "\n11 ") {
			t.Errorf("an 11th choice was shown: %q", last)
		}
	}
}

func item(handle, title string, cents int64, variants ...conversation.ItemVariant) conversation.Item {
	it := conversation.Item{Handle: handle, Title: title, Price: money.Money{Amount: cents, Currency: "EUR"}, Variants: variants}
	for _, v := range variants {
		it.InStock = it.InStock || v.InStock
	}
	return it
}

func size(sku, s string, stock int) conversation.ItemVariant {
	return conversation.ItemVariant{SKU: sku, Options: map[string]string{"size": s}, Stock: stock, InStock: stock > 0}
}

func TestRender_ProductsAreNumberedChoicesWithPriceAndStock(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeProducts, Text: "Here are our boots:", Items: []conversation.Item{
		item("aurora", "Aurora boot", 8995, size("AU-41", "41", 2), size("AU-42", "42", 0), size("AU-43", "43", 5)),
		item("borealis", "Borealis boot", 12900, size("BO-40", "40", 0), size("BO-41", "41", 1)),
		item("comet", "Comet boot", 5000, size("CO-40", "40", 0)),
	}, Options: []conversation.Option{{Title: "Show more", Payload: "more"}}}
	got := bodies(t, m, "en")
	want := "Here are our boots:\n\n" +
		"1 Aurora boot - €89.95\n   In stock: 41, 43\n" +
		"2 Borealis boot - €129.00\n   In stock: 41\n" +
		"3 Comet boot - €50.00\n   Out of stock\n" +
		"4 Show more\n" +
		"Reply with a number from 1 to 4"
	if len(got) != 1 || got[0] != want {
		t.Errorf("SMS =\n%s\nwant\n%s", strings.Join(got, "\n---\n"), want)
	}
	wantPayloads := []string{"focus:aurora", "add:BO-41", "focus:comet", "more"}
	ch := twilio.Choices(m)
	if len(ch) != len(wantPayloads) {
		t.Fatalf("choices = %+v", ch)
	}
	for i, p := range wantPayloads {
		if ch[i].Payload != p {
			t.Errorf("choice %d payload = %q, want %q", i+1, ch[i].Payload, p)
		}
	}
	if nb := bodies(t, m, "nb")[0]; !strings.Contains(nb, "1 Aurora boot - 89,95 €\n   På lager: 41, 43") {
		t.Errorf("Norwegian SMS = %q", nb)
	}
}

func TestRender_ManyLongProductsStayWithinOneSMSOfChoices(t *testing.T) {
	var items []conversation.Item
	for i := range 12 {
		var vs []conversation.ItemVariant
		for s := range 30 {
			vs = append(vs, size(fmt.Sprintf("SKU-%d-%d", i, s), fmt.Sprintf("EU %d extra wide fit", 30+s), 1))
		}
		items = append(items, item(fmt.Sprint("p", i), strings.Repeat("Hiking boot with a very long name ", 4), 9900, vs...))
	}
	m := conversation.Message{Type: conversation.TypeProducts, Text: strings.Repeat("Boots! ", 300), Items: items}
	got := bodies(t, m, "en")
	last := got[len(got)-1]
	if !strings.HasPrefix(last, "1 ") && !strings.Contains(last, "\n1 ") {
		t.Errorf("choices are not whole in the last SMS: %q", last)
	}
	if !strings.Contains(last, "\n10 ") || !strings.HasSuffix(last, "Reply with a number from 1 to 10") {
		t.Errorf("last SMS = %q", last)
	}
	if strings.Join(got, "")[:7] != "Boots! " {
		t.Errorf("text does not come first: %q", got[0][:20])
	}
}

func TestRender_LongTextIsSplitWithoutBreakingRunes(t *testing.T) {
	for _, lang := range []string{"zh", "hy", "en"} {
		text := map[string]string{
			"zh": strings.Repeat("我们的靴子很暖和，适合冬天穿。", 150),
			"hy": strings.Repeat("Մեր կոշիկները շատ տաք են։ ", 100),
			"en": strings.Repeat("x", 3300),
		}[lang]
		m := conversation.Message{Type: conversation.TypeText, Text: text, Options: []conversation.Option{{Title: "好的 Լավ", Payload: "ok"}}}
		got := bodies(t, m, lang)
		if len(got) < 2 {
			t.Errorf("%s: %d SMS for %d characters", lang, len(got), twilio.Length(text))
		}
		joined := strings.Join(got, "")
		if strings.Count(joined, "\uFFFD") != 0 {
			t.Errorf("%s: a rune was broken", lang)
		}
		if !strings.HasSuffix(got[len(got)-1], "\n"+catalog.T(lang, "twilio.reply_one")) {
			t.Errorf("%s: the last SMS does not end with the reply line: %q", lang, got[len(got)-1])
		}
	}
}

func TestRender_LongTitlesAreCutCleanly(t *testing.T) {
	title := strings.Repeat("Կոշիկ ", 40)
	m := conversation.Message{Type: conversation.TypeText, Text: "?", Options: []conversation.Option{{Title: title + "\nsecond line", Payload: "x"}}}
	got := bodies(t, m, "hy")[0]
	line := strings.Split(got, "\n")[2]
	if n := utf8.RuneCountInString(line); n > 62 || !strings.HasSuffix(line, "...") {
		t.Errorf("choice line of %d runes: %q", n, line)
	}
}

func TestRender_LinksAndImagesArePlainURLsWithALabel(t *testing.T) {
	for _, tc := range []struct {
		m    conversation.Message
		want string
	}{
		{conversation.Message{Type: conversation.TypeLink, Text: "Your order is ready to pay.", URL: "https://pay.example/x?a=1&b=2", Purpose: "payment"},
			"Your order is ready to pay.\nPay here: https://pay.example/x?a=1&b=2"},
		{conversation.Message{Type: conversation.TypeLink, URL: "https://track.example/1", Purpose: "tracking"},
			"Track your parcel: https://track.example/1"},
		{conversation.Message{Type: conversation.TypeLink, Text: "Your label", URL: "https://shop.example/l.pdf", Purpose: "something new"},
			"Your label\nOpen: https://shop.example/l.pdf"},
		{conversation.Message{Type: conversation.TypeImage, Text: "The Aurora in black", URL: "https://img.example/a.jpg"},
			"The Aurora in black\nhttps://img.example/a.jpg"},
	} {
		if got := bodies(t, tc.m, "en"); len(got) != 1 || got[0] != tc.want {
			t.Errorf("SMS = %q, want %q", got, tc.want)
		}
	}
}

func TestRender_EmptyMessageSendsNothing(t *testing.T) {
	if got := twilio.New(cfg(""), public, nil).Render(conversation.Message{Type: conversation.TypeText}, rc("en")); len(got) != 0 {
		t.Errorf("rendered %d SMS for an empty message", len(got))
	}
}

func TestSegments_CountsGSM7AndUCS2(t *testing.T) {
	for _, tc := range []struct {
		body string
		n    int
		ucs2 bool
	}{
		{"", 0, false},
		{strings.Repeat("a", 160), 1, false},
		{strings.Repeat("a", 161), 2, false},
		{strings.Repeat("€", 80), 1, false}, // two septets each
		{strings.Repeat("€", 81), 2, false},
		{"Hei, på lager: æøå", 1, false},
		{strings.Repeat("靴", 70), 1, true},
		{strings.Repeat("靴", 71), 2, true},
		{strings.Repeat("a", 159) + "…", 3, true},
		{"Բարև", 1, true},
	} {
		n, u := twilio.Segments(tc.body)
		if n != tc.n || u != tc.ucs2 {
			t.Errorf("Segments(%d runes %.10q) = %d, %v; want %d, %v", utf8.RuneCountInString(tc.body), tc.body, n, u, tc.n, tc.ucs2)
		}
	}
}

func TestRender_LatinLanguagesStayGSM7(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeProducts, Text: "Boots", Items: []conversation.Item{
		item("aurora", strings.Repeat("Aurora ", 20), 8995, size("AU-41", "41", 2), size("AU-42", "42", 2)),
	}}
	for _, lang := range []string{"en", "nl", "ms", "nb"} {
		for _, b := range bodies(t, m, lang) {
			if _, ucs2 := twilio.Segments(b); ucs2 {
				t.Errorf("%s: SMS went UCS-2: %q", lang, b)
			}
		}
	}
}

func TestChoose_ReadsABareNumberAsTheChoicePayload(t *testing.T) {
	choices := []conversation.Option{{Title: "Sneakers", Payload: "search:type=sneakers"}, {Title: "Boots", Payload: "search:type=boots"}}
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{"2", "search:type=boots", true}, {" 1. ", "search:type=sneakers", true}, {"#2", "search:type=boots", true},
		{"２", "search:type=boots", true}, {"1)", "search:type=sneakers", true},
		{"3", "", false}, {"0", "", false}, {"2 please", "", false}, {"", "", false}, {"-1", "", false},
		{"99999999999999999999", "", false}, {"boots", "", false},
	} {
		got, ok := twilio.Choose(tc.body, choices)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Choose(%q) = %q, %v; want %q, %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}
