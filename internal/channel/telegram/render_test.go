package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/telegram/telegramtest"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

var catalog = i18n.MustLoad("en")

// shortener stands in for the core's short codes: it remembers what each
// code stands for, so a test can resolve a tap as the core would.
type shortener struct{ codes map[string]string }

func (s *shortener) Shorten(payload string) string {
	if s.codes == nil {
		s.codes = map[string]string{}
	}
	code := fmt.Sprintf("~%d", len(s.codes)+1)
	s.codes[code] = payload
	return code
}

// resolve is what the core does with a tapped callback_data.
func (s *shortener) resolve(data string) string {
	if p, ok := s.codes[data]; ok {
		return p
	}
	return data
}

func renderContext(lang string, sh *shortener) channel.RenderContext {
	rc := channel.RenderContext{
		To:       "987654321",
		Language: lang,
		T:        func(key string, args ...any) string { return catalog.T(lang, key, args...) },
	}
	if sh != nil {
		rc.Shorten = sh.Shorten
	}
	return rc
}

// rendered is one Outgoing decoded.
type rendered struct {
	Method      string
	ChatID      json.Number `json:"chat_id"`
	Text        string      `json:"text"`
	Photo       string      `json:"photo"`
	Caption     string      `json:"caption"`
	ParseMode   *string     `json:"parse_mode"`
	ReplyMarkup *struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
			URL          string `json:"url"`
		} `json:"inline_keyboard"`
	} `json:"reply_markup"`
}

func (r rendered) buttons() (texts, data, urls []string) {
	if r.ReplyMarkup == nil {
		return
	}
	for _, row := range r.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			texts = append(texts, b.Text)
			if b.CallbackData != "" {
				data = append(data, b.CallbackData)
			}
			if b.URL != "" {
				urls = append(urls, b.URL)
			}
		}
	}
	return
}

func decode(t *testing.T, outs []channel.Outgoing) []rendered {
	t.Helper()
	var rs []rendered
	for _, o := range outs {
		var r rendered
		if err := json.Unmarshal(o.Body, &r); err != nil {
			t.Fatalf("body %s: %v", o.Body, err)
		}
		r.Method = o.Method
		if r.ParseMode != nil {
			t.Errorf("parse_mode %q set: shop text must go out as plain text", *r.ParseMode)
		}
		if r.ChatID != "987654321" {
			t.Errorf("chat_id %q, want 987654321", r.ChatID)
		}
		rs = append(rs, r)
	}
	return rs
}

// withinLimits checks the Bot API's limits on every rendered call.
func withinLimits(t *testing.T, rs []rendered) {
	t.Helper()
	for _, r := range rs {
		switch r.Method {
		case MethodSendMessage:
			if n := units(r.Text); n == 0 || n > 4096 {
				t.Errorf("text of %d units", n)
			}
		case MethodSendPhoto:
			if units(r.Caption) > 1024 || r.Photo == "" {
				t.Errorf("photo %q with caption of %d units", r.Photo, units(r.Caption))
			}
		default:
			t.Errorf("method %q", r.Method)
		}
		for _, s := range []string{r.Text, r.Caption} {
			if !utf8.ValidString(s) {
				t.Errorf("text split inside a character: %q", s)
			}
		}
		if r.ReplyMarkup == nil {
			continue
		}
		n := 0
		for _, row := range r.ReplyMarkup.InlineKeyboard {
			if len(row) == 0 || len(row) > 2 {
				t.Errorf("row of %d buttons", len(row))
			}
			for _, b := range row {
				n++
				if b.Text == "" || width(b.Text) > maxButtonText || !utf8.ValidString(b.Text) {
					t.Errorf("button text %q", b.Text)
				}
				if (b.CallbackData == "") == (b.URL == "") {
					t.Errorf("button %q needs exactly one of callback_data and url", b.Text)
				}
				if len(b.CallbackData) > 64 {
					t.Errorf("callback_data of %d bytes", len(b.CallbackData))
				}
			}
		}
		if n > maxButtons {
			t.Errorf("%d buttons", n)
		}
	}
}

func TestRender_QuickRepliesComeBackAsTheirExactPayload(t *testing.T) {
	sh := &shortener{}
	long := "search:" + strings.Repeat("跑鞋", 20)       // 127 bytes, 47 characters
	armenian := "search:" + strings.Repeat("կոշիկ", 8) // 87 bytes
	exact := "search:" + strings.Repeat("x", 57)       // exactly 64 bytes
	opts := []conversation.Option{
		{Title: "Running shoes", Payload: "search:type=Running shoes"},
		{Title: "Sale", Payload: "search:tag=sale"},
		{Title: "跑鞋", Payload: long},
		{Title: "Կոշիկներ", Payload: armenian},
		{Title: "Exactly sixty-four", Payload: exact},
	}
	m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "What are you looking for?", Options: opts}
	rs := decode(t, testProvider("").Render(m, renderContext("en", sh)))
	withinLimits(t, rs)
	if len(rs) != 1 || rs[0].Method != MethodSendMessage || rs[0].Text != m.Text {
		t.Fatalf("rendered %+v", rs)
	}
	texts, data, _ := rs[0].buttons()
	if len(data) != len(opts) {
		t.Fatalf("%d buttons for %d options: %v", len(data), len(opts), texts)
	}
	for i, o := range opts {
		if texts[i] != o.Title {
			t.Errorf("button %d text %q, want %q", i, texts[i], o.Title)
		}
		if got := sh.resolve(data[i]); got != o.Payload {
			t.Errorf("tapping %q returns %q, want %q", o.Title, got, o.Payload)
		}
	}
	if len(sh.codes) != 2 {
		t.Errorf("shortened %d payloads (%v), want the two over 64 bytes", len(sh.codes), sh.codes)
	}
	if data[4] != exact {
		t.Errorf("a 64-byte payload was shortened to %q", data[4])
	}
}

func TestRender_PayloadTooLongWithoutShortenerLeavesTheButtonOut(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeText, Text: "Pick one", Options: []conversation.Option{
		{Title: "Short", Payload: "checkout"},
		{Title: "Long", Payload: "search:" + strings.Repeat("ունե՞ք", 10)},
		{Title: "Empty", Payload: ""},
	}}
	rs := decode(t, testProvider("").Render(m, renderContext("hy", nil)))
	withinLimits(t, rs)
	texts, data, _ := rs[0].buttons()
	if len(data) != 1 || data[0] != "checkout" || texts[0] != "Short" {
		t.Fatalf("buttons %v %v, want only the one Telegram can carry", texts, data)
	}
}

func TestRender_ShortenerAnswerOverTheLimitIsNotSent(t *testing.T) {
	rc := renderContext("en", nil)
	rc.Shorten = func(p string) string { return p } // a broken shortener
	m := conversation.Message{Type: conversation.TypeText, Text: "Pick", Options: []conversation.Option{
		{Title: "Long", Payload: strings.Repeat("a", 65)}}}
	rs := decode(t, testProvider("").Render(m, rc))
	withinLimits(t, rs)
	if rs[0].ReplyMarkup != nil {
		t.Fatalf("sent a keyboard Telegram would refuse: %+v", rs[0].ReplyMarkup)
	}
}

func TestRender_LongTextIsCutOnCharacterBoundaries(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"chinese", strings.Repeat("有黑色的跑鞋吗", 700)},                 // 4900 characters
		{"armenian", strings.Repeat("ունե՞ք վազքի կոշիկներ ", 250)}, // 5500
		{"emoji take two units", strings.Repeat("👟", 2100) + "end"},
		{"mixed", strings.Repeat("a", 4095) + "中文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := conversation.Message{Type: conversation.TypeText, Text: tt.text}
			rs := decode(t, testProvider("").Render(m, renderContext("en", nil)))
			withinLimits(t, rs)
			got := rs[0].Text
			if !strings.HasSuffix(got, "…") {
				t.Fatalf("cut text does not end in an ellipsis: …%q", got[len(got)-20:])
			}
			if !strings.HasPrefix(tt.text, strings.TrimSuffix(got, "…")) {
				t.Fatalf("cut text is not the start of the text")
			}
			if n := units(got); n < 4090 {
				t.Errorf("cut to %d units, far below 4096", n)
			}
		})
	}
}

func TestRender_ButtonTitlesAreCutCleanly(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeText, Text: "Which one?", Options: []conversation.Option{
		{Title: "Նոր ձմեռային վազքի կոշիկներ՝ ջրակայուն և տաք", Payload: "focus:a"},
		{Title: "防水保暖的冬季越野跑鞋，黑色和红色都有货，欢迎选购", Payload: "focus:b"},
	}}
	rs := decode(t, testProvider("").Render(m, renderContext("hy", nil)))
	withinLimits(t, rs)
	texts, _, _ := rs[0].buttons()
	if w := width(texts[1]); w < maxButtonText-2 {
		t.Errorf("Chinese title cut to width %d, want close to %d", w, maxButtonText)
	}
	for i, o := range m.Options {
		if !strings.HasPrefix(o.Title, strings.TrimSuffix(texts[i], "…")) || !strings.HasSuffix(texts[i], "…") {
			t.Errorf("title %q became %q", o.Title, texts[i])
		}
	}
}

func TestRender_ManyOptionsStayOnOneKeyboardWithinLimits(t *testing.T) {
	var opts []conversation.Option
	for i := range 150 {
		opts = append(opts, conversation.Option{Title: fmt.Sprintf("Size %d", i), Payload: fmt.Sprintf("opt:size=%d", i)})
	}
	m := conversation.Message{Type: conversation.TypeText, Text: "Which size?", Options: opts}
	rs := decode(t, testProvider("").Render(m, renderContext("en", nil)))
	withinLimits(t, rs)
	_, data, _ := rs[0].buttons()
	if len(data) != maxButtons || data[0] != "opt:size=0" {
		t.Fatalf("%d buttons starting %v, want the first %d", len(data), data[:1], maxButtons)
	}
	if rows := len(rs[0].ReplyMarkup.InlineKeyboard); rows != maxButtons/2 {
		t.Errorf("%d rows: short labels should pair up", rows)
	}
}

func TestRender_OptionsWithoutTextGetAPrompt(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeText, Options: []conversation.Option{{Title: "Yes", Payload: "yes"}}}
	rs := decode(t, testProvider("").Render(m, renderContext("zh", nil)))
	if len(rs) != 1 || rs[0].Text != "请选择：" {
		t.Fatalf("rendered %+v", rs)
	}
	if out := testProvider("").Render(conversation.Message{Type: conversation.TypeText, Text: "  "}, renderContext("en", nil)); out != nil {
		t.Fatalf("an empty message rendered as %s", out[0].Body)
	}
}

func TestRender_MarkupIsSentAsPlainText(t *testing.T) {
	text := "*Bold* <b>shoes</b> _x_ [link](http://evil.test)"
	rs := decode(t, testProvider("").Render(conversation.Message{Type: conversation.TypeText, Text: text}, renderContext("en", nil)))
	if rs[0].Text != text {
		t.Fatalf("text %q, want it unchanged", rs[0].Text)
	}
}

func TestRender_AgentMessageSaysWhoWrites(t *testing.T) {
	m := conversation.Message{From: conversation.FromAgent, Author: "Ana", Type: conversation.TypeText, Text: "Hoi! Ik kijk even mee."}
	rs := decode(t, testProvider("").Render(m, renderContext("nl", nil)))
	if rs[0].Text != "Ana: Hoi! Ik kijk even mee." {
		t.Fatalf("text %q", rs[0].Text)
	}
}

func eur(minor int64) money.Money { return money.New(minor, "EUR") }

func shoe(handle string, img string, variants ...conversation.ItemVariant) conversation.Item {
	it := conversation.Item{SKU: handle + "-1", Handle: handle, Title: "Aurora trail shoe " + handle, Price: eur(8995), ImageURL: img, Variants: variants}
	for _, v := range variants {
		it.InStock = it.InStock || v.InStock
	}
	return it
}

func size(sku, s string, stock int) conversation.ItemVariant {
	return conversation.ItemVariant{SKU: sku, Options: map[string]string{"size": s}, InStock: stock > 0, Stock: stock, Price: eur(8995)}
}

func TestRender_ProductsAreOnePhotoEachWithButtonsForStockOnly(t *testing.T) {
	was := eur(11995)
	sale := shoe("aurora", "https://cdn.shop.test/aurora.jpg", size("AUR-41", "41", 0), size("AUR-42", "42", 2), size("AUR-43", "43", 12))
	sale.CompareAtPrice = &was
	soldOut := shoe("borealis", "https://cdn.shop.test/borealis.jpg", size("BOR-42", "42", 0))
	var many []conversation.ItemVariant
	for i := range 12 {
		many = append(many, size(fmt.Sprintf("MANY-%d", i), fmt.Sprint(36+i), 5))
	}
	wide := shoe("cirrus", "", many...)
	five := shoe("five", "https://cdn.shop.test/five.jpg", many[:5]...)
	m := conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{sale, soldOut, wide, five},
		Options: []conversation.Option{{Title: "More", Payload: "more"}, {Title: "Cheaper", Payload: "cheaper"}}}
	rs := decode(t, testProvider("").Render(m, renderContext("nl", nil)))
	withinLimits(t, rs)
	if len(rs) != 5 {
		t.Fatalf("%d calls, want 4 cards and the options", len(rs))
	}

	if rs[0].Method != MethodSendPhoto || rs[0].Photo != sale.ImageURL {
		t.Fatalf("first card %+v", rs[0])
	}
	for _, want := range []string{"Aurora trail shoe aurora", "€ 89,95, was € 119,95", "Op voorraad: 42 (nog maar 2), 43", "Uitverkocht: 41"} {
		if !strings.Contains(rs[0].Caption, want) {
			t.Errorf("caption %q lacks %q", rs[0].Caption, want)
		}
	}
	texts, data, _ := rs[0].buttons()
	if strings.Join(data, " ") != "add:AUR-42 add:AUR-43" || strings.Join(texts, " ") != "42 43" {
		t.Errorf("buttons %v %v, want sizes in stock only", texts, data)
	}

	if !strings.Contains(rs[1].Caption, "Uitverkocht: 42") {
		t.Errorf("sold-out caption %q", rs[1].Caption)
	}
	if _, data, _ := rs[1].buttons(); strings.Join(data, " ") != "focus:borealis" {
		t.Errorf("sold-out buttons %v, want only one to ask about it", data)
	}

	if rs[2].Method != MethodSendMessage || !strings.HasPrefix(rs[2].Text, "Aurora trail shoe cirrus") {
		t.Errorf("a card without an image should be text: %+v", rs[2])
	}
	if texts, data, _ := rs[2].buttons(); strings.Join(data, " ") != "focus:cirrus" || texts[0] != "Alle opties bekijken" {
		t.Errorf("12 sizes in stock: buttons %v %v, want one to pick the product", texts, data)
	}

	if _, data, _ := rs[3].buttons(); len(data) != 5 || len(rs[3].ReplyMarkup.InlineKeyboard) != 3 {
		t.Errorf("5 sizes in stock: %v in %d rows, want 5 buttons two to a row", data, len(rs[3].ReplyMarkup.InlineKeyboard))
	}
	if _, data, _ := rs[4].buttons(); strings.Join(data, " ") != "more cheaper" {
		t.Errorf("the message's quick replies should come last: %v", data)
	}
}

func TestRender_ProductsAreCappedAndSaySo(t *testing.T) {
	var items []conversation.Item
	for i := range 8 {
		items = append(items, shoe(fmt.Sprintf("p%d", i), "https://cdn.shop.test/p.jpg", size(fmt.Sprintf("P%d-42", i), "42", 4)))
	}
	m := conversation.Message{Type: conversation.TypeProducts, Text: "Here are 8 trail shoes:", Items: items}
	rs := decode(t, testProvider("").Render(m, renderContext("en", nil)))
	withinLimits(t, rs)
	if len(rs) != 1+MaxItems+1 {
		t.Fatalf("%d calls, want text, %d cards and a note", len(rs), MaxItems)
	}
	if rs[0].Text != m.Text || rs[0].ReplyMarkup != nil {
		t.Errorf("the text should come first, alone: %+v", rs[0])
	}
	if last := rs[len(rs)-1]; last.Text != "3 more products not shown here." {
		t.Errorf("note %q", last.Text)
	}
}

func TestRender_SingleVariantProductGetsAnAddButton(t *testing.T) {
	bag := conversation.Item{SKU: "BAG-1", Handle: "bag", Title: "Tote bag", Price: eur(2500), InStock: true,
		Variants: []conversation.ItemVariant{{SKU: "BAG-1", InStock: true, Stock: 40, Price: eur(2500)}}}
	noVariants := conversation.Item{SKU: "CAP-1", Handle: "cap", Title: "Cap", Price: eur(1500), InStock: true}
	sh := &shortener{}
	longSKU := conversation.Item{SKU: "X", Handle: "h", Title: "Long", Price: eur(100), InStock: true,
		Variants: []conversation.ItemVariant{size(strings.Repeat("長", 30), "M", 9)}}
	rs := decode(t, testProvider("").Render(conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{bag, noVariants, longSKU}}, renderContext("ms", sh)))
	withinLimits(t, rs)
	for i, want := range []string{"add:BAG-1", "add:CAP-1", "add:" + strings.Repeat("長", 30)} {
		texts, data, _ := rs[i].buttons()
		if len(data) != 1 || sh.resolve(data[0]) != want {
			t.Errorf("card %d buttons %v %v, want %q", i, texts, data, want)
		}
	}
	if texts, _, _ := rs[0].buttons(); texts[0] != "Tambah ke troli" {
		t.Errorf("button %q", texts[0])
	}
	if strings.Contains(rs[0].Text, "Habis") {
		t.Errorf("in-stock card says sold out: %q", rs[0].Text)
	}
}

func TestRender_LinksOpenFromAButtonAndTheText(t *testing.T) {
	tests := []struct {
		name, purpose, url, label string
		button                    bool
	}{
		{"payment", "payment", "https://shop.example.com/pay/o_123?lang=en", "Pay now", true},
		{"tracking", "tracking", "https://shop.example.com/track/t1", "Track parcel", true},
		{"label", "label", "https://shop.example.com/labels/l1.pdf", "Return label", true},
		{"invoice", "invoice", "https://shop.example.com/documents/invoices/i1.pdf", "Invoice", true},
		{"unknown purpose", "brochure", "https://shop.example.com/b.pdf", "Open link", true},
		{"local address has no button", "payment", "http://127.0.0.1:8080/pay/o_1", "", false},
		{"localhost has no button", "payment", "http://localhost:8080/pay/o_1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := conversation.Message{Type: conversation.TypeLink, Purpose: tt.purpose, URL: tt.url, Text: "Your link for order 1001:",
				Options: []conversation.Option{{Title: "Pay with test card •••• 4242", Payload: "paysaved:7"}}}
			rs := decode(t, testProvider("").Render(m, renderContext("en", nil)))
			withinLimits(t, rs)
			if len(rs) != 1 || rs[0].Text != m.Text+"\n"+tt.url {
				t.Fatalf("rendered %+v", rs)
			}
			texts, data, urls := rs[0].buttons()
			if tt.button && (len(urls) != 1 || urls[0] != tt.url || texts[0] != tt.label) {
				t.Errorf("buttons %v %v, want %q opening the link first", texts, urls, tt.label)
			}
			if !tt.button && len(urls) != 0 {
				t.Errorf("url button %v Telegram would refuse", urls)
			}
			if len(data) != 1 || data[0] != "paysaved:7" {
				t.Errorf("quick replies %v", data)
			}
		})
	}
}

func TestRender_LongLinkTextNeverCutsTheAddress(t *testing.T) {
	u := "https://shop.example.com/help/" + strings.Repeat("a", 300)
	m := conversation.Message{Type: conversation.TypeLink, Purpose: "article", URL: u, Text: strings.Repeat("退货政策", 1200)}
	rs := decode(t, testProvider("").Render(m, renderContext("zh", nil)))
	withinLimits(t, rs)
	if !strings.HasSuffix(rs[0].Text, "…\n"+u) {
		t.Fatalf("text ends %q", rs[0].Text[len(rs[0].Text)-40:])
	}
}

func TestRender_ImageIsAPhoto(t *testing.T) {
	m := conversation.Message{Type: conversation.TypeImage, URL: "https://cdn.shop.test/size-chart.png", Text: strings.Repeat("尺码表", 400)}
	rs := decode(t, testProvider("").Render(m, renderContext("zh", nil)))
	withinLimits(t, rs)
	if len(rs) != 1 || rs[0].Method != MethodSendPhoto || rs[0].Photo != m.URL || units(rs[0].Caption) != maxCaption {
		t.Fatalf("rendered %+v", rs)
	}
}

// Every kind of message, rendered and sent to the stand-in, is accepted:
// the stand-in applies the Bot API's rules.
func TestRender_EveryMessageIsAcceptedByTheStandIn(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	sh := &shortener{}
	var many []conversation.Option
	for i := range 40 {
		many = append(many, conversation.Option{Title: strings.Repeat("Ծ", i+1), Payload: "search:" + strings.Repeat("ծ", i)})
	}
	msgs := []conversation.Message{
		{Type: conversation.TypeText, Text: strings.Repeat("中", 5000), Options: many},
		{Type: conversation.TypeProducts, Reason: "search", Items: []conversation.Item{
			shoe("a", "https://cdn.shop.test/a.jpg", size("A-1", "42", 3)), shoe("b", "", size("B-1", "42", 0))},
			Options: []conversation.Option{{Title: "More", Payload: "more"}}},
		{Type: conversation.TypeLink, Purpose: "payment", URL: "https://shop.example.com/pay/x", Text: "Pay here"},
		{Type: conversation.TypeLink, Purpose: "label", URL: "http://127.0.0.1:8080/l.pdf"},
		{Type: conversation.TypeImage, URL: "https://cdn.shop.test/c.png"},
		{From: conversation.FromAgent, Author: "Ana", Type: conversation.TypeText, Text: "Hi"},
	}
	n := 0
	for _, m := range msgs {
		for _, out := range p.Render(m, renderContext("hy", sh)) {
			if _, err := p.Send(context.Background(), "987654321", out); err != nil {
				t.Errorf("%s refused: %v\n%s", out.Method, err, out.Body)
			}
			n++
		}
	}
	if got := len(api.Sent()); got != n {
		t.Fatalf("stand-in delivered %d of %d", got, n)
	}
}

func FuzzClip(f *testing.F) {
	for _, s := range []string{"", "abc", "有黑色的跑鞋吗", "ունե՞ք վազքի", "👟👟👟", "a\xffb", "e\u0301"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 5000 {
			return
		}
		got := clip(s, max)
		if units(got) > max {
			t.Fatalf("clip(%q, %d) = %q: %d units", s, max, got, units(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("clip(%q, %d) = %q splits a character", s, max, got)
		}
		if got != s && !strings.HasPrefix(s, strings.TrimRight(strings.TrimSuffix(got, "…"), " \n\t")) {
			t.Fatalf("clip(%q, %d) = %q is not a prefix", s, max, got)
		}
		if w := clipWidth(s, max+1); width(w) > max+1 {
			t.Fatalf("clipWidth(%q, %d) = %q: width %d", s, max+1, w, width(w))
		}
	})
}

func TestRender_PicturesTelegramCannotFetchGoAsText(t *testing.T) {
	for _, img := range []string{"/demo/images/running-shoes-black.svg", "https://shop.example.com/demo/images/a.svg", "http://127.0.0.1:8080/a.jpg", "data:image/png;base64,AAAA"} {
		t.Run(img, func(t *testing.T) {
			m := conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{shoe("a", img, size("A-42", "42", 5))}}
			rs := decode(t, testProvider("").Render(m, renderContext("en", nil)))
			withinLimits(t, rs)
			if len(rs) != 1 || rs[0].Method != MethodSendMessage || !strings.HasPrefix(rs[0].Text, "Aurora trail shoe a\n€89.95") {
				t.Fatalf("card %+v", rs)
			}
			if _, data, _ := rs[0].buttons(); len(data) != 1 || data[0] != "add:A-42" {
				t.Errorf("buttons %v", data)
			}
			img := conversation.Message{Type: conversation.TypeImage, URL: img, Text: "Size chart"}
			rs = decode(t, testProvider("").Render(img, renderContext("en", nil)))
			if len(rs) != 1 || rs[0].Method != MethodSendMessage || rs[0].Text != "Size chart\n"+img.URL {
				t.Fatalf("image %+v", rs)
			}
		})
	}
}
