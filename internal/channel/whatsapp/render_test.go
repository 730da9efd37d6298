package whatsapp_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

var (
	catalog = i18n.MustLoad("en")
	now     = time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
)

// rcIn is a render context inside the 24-hour window, with the real
// catalogues and a Shorten like the core's (a short code for a long payload).
func rcIn(lang string) channel.RenderContext {
	return channel.RenderContext{
		To: "31612345678", Language: lang, LastInbound: now.Add(-time.Hour), Now: now,
		T: func(key string, args ...any) string { return catalog.T(lang, key, args...) },
		Shorten: func(p string) string {
			h := sha256.Sum256([]byte(p))
			return "~" + hex.EncodeToString(h[:6])
		},
	}
}

// renderAndSend renders m, sends every request through the stand-in (which
// refuses anything over WhatsApp's limits) and returns the decoded bodies.
func renderAndSend(t *testing.T, m conversation.Message, rc channel.RenderContext) []map[string]any {
	t.Helper()
	s, p := standIn(t)
	outs := p.Render(m, rc)
	for i, o := range outs {
		if _, err := p.Send(context.Background(), rc.To, o); err != nil {
			t.Fatalf("request %d refused: %v\n%s", i, err, o.Body)
		}
		if strings.Contains(string(o.Body), `whatsapp.`) {
			t.Errorf("request %d shows a catalogue key: %s", i, o.Body)
		}
	}
	return s.Sent()
}

// get walks a decoded body: get(m, "interactive", "action", "buttons", 0, "reply", "id").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := get(v, path...).(string); return s }

func rows(m map[string]any) []map[string]any {
	var out []map[string]any
	secs, _ := get(m, "interactive", "action", "sections").([]any)
	for _, s := range secs {
		rs, _ := get(s, "rows").([]any)
		for _, r := range rs {
			out = append(out, r.(map[string]any))
		}
	}
	return out
}

func buttons(m map[string]any) []map[string]any {
	var out []map[string]any
	bs, _ := get(m, "interactive", "action", "buttons").([]any)
	for _, b := range bs {
		out = append(out, b.(map[string]any)["reply"].(map[string]any))
	}
	return out
}

func options(titles ...string) []conversation.Option {
	var os []conversation.Option
	for i, t := range titles {
		os = append(os, conversation.Option{Title: t, Payload: fmt.Sprintf("search:type=%d", i)})
	}
	return os
}

func TestRender_QuickRepliesBecomeButtonsOrAList(t *testing.T) {
	many := make([]string, 14)
	for i := range many {
		many[i] = fmt.Sprintf("Choice %d", i+1)
	}
	tests := []struct {
		name     string
		opts     []conversation.Option
		wantType string // button or list
		wantN    int
		check    func(t *testing.T, m map[string]any)
	}{
		{"two", options("Jackets", "Shoes"), "button", 2, func(t *testing.T, m map[string]any) {
			if b := buttons(m); b[0]["id"] != "search:type=0" || b[1]["title"] != "Shoes" {
				t.Errorf("buttons %v", b)
			}
		}},
		{"three long Chinese", options("防水透气轻量户外冲锋衣男女同款加绒加厚", "保暖羽绒服长款过膝加厚连帽女装冬季新品", "登山鞋"), "button", 3, func(t *testing.T, m map[string]any) {
			for _, b := range buttons(m) {
				title := b["title"].(string)
				if n := utf8.RuneCountInString(title); n > 20 || !utf8.ValidString(title) {
					t.Errorf("title %q: %d runes", title, n)
				}
			}
			if got := buttons(m)[0]["title"]; got != "防水透气轻量户外冲锋衣男女同款加绒加厚" && !strings.HasSuffix(got.(string), "…") {
				t.Errorf("cut title without an ellipsis: %q", got)
			}
		}},
		{"three the same once cut", options("Waterproof jacket, size small", "Waterproof jacket, size medium", "Waterproof jacket, size large"), "list", 3, func(t *testing.T, m map[string]any) {
			r := rows(m)
			if r[1]["description"] != "Waterproof jacket, size medium" {
				t.Errorf("whole title not kept in the description: %v", r[1])
			}
		}},
		{"seven", options("a", "b", "c", "d", "e", "f", "g"), "list", 7, func(t *testing.T, m map[string]any) {
			if got := str(m, "interactive", "action", "button"); got != "Choose" {
				t.Errorf("list button %q", got)
			}
		}},
		{"fourteen", options(many...), "list", 10, func(t *testing.T, m map[string]any) {
			body := str(m, "interactive", "body", "text")
			if !strings.Contains(body, "Choice 11, Choice 12, Choice 13, Choice 14") || strings.Contains(body, "Choice 10,") {
				t.Errorf("body does not name the rest: %q", body)
			}
		}},
		{"Armenian list", options("Անջրանցիկ բաճկոն կանանց համար", "Ձմեռային կոշիկներ տղամարդկանց համար", "Գլխարկ", "Ձեռնոցներ"), "list", 4, func(t *testing.T, m map[string]any) {
			for _, r := range rows(m) {
				if n := utf8.RuneCountInString(r["title"].(string)); n > 24 {
					t.Errorf("row title %q: %d", r["title"], n)
				}
			}
			if rows(m)[1]["description"] != "Ձմեռային կոշիկներ տղամարդկանց համար" {
				t.Errorf("row %v", rows(m)[1])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := renderAndSend(t, conversation.Message{Type: conversation.TypeText, Text: "What are you looking for?", Options: tt.opts}, rcIn("en"))
			if len(sent) != 1 {
				t.Fatalf("%d messages, want 1 (text in the body)", len(sent))
			}
			m := sent[0]
			if str(m, "interactive", "type") != tt.wantType {
				t.Fatalf("type %q, want %q", str(m, "interactive", "type"), tt.wantType)
			}
			if n := len(buttons(m)) + len(rows(m)); n != tt.wantN {
				t.Fatalf("%d choices, want %d", n, tt.wantN)
			}
			if !strings.HasPrefix(str(m, "interactive", "body", "text"), "What are you looking for?") {
				t.Errorf("body %q", str(m, "interactive", "body", "text"))
			}
			tt.check(t, m)
		})
	}
}

func TestRender_TapReturnsTheOptionsPayload(t *testing.T) {
	long := "search:q=" + strings.Repeat("x", 300)
	rc := rcIn("en")
	tests := []struct {
		name string
		opts []conversation.Option
		want []string
	}{
		{"buttons", []conversation.Option{{Title: "Check out", Payload: "checkout"}, {Title: "More", Payload: "more"}}, []string{"checkout", "more"}},
		{"list", options("a", "b", "c", "d"), []string{"search:type=0", "search:type=1", "search:type=2", "search:type=3"}},
		{"too long for an id", []conversation.Option{{Title: "Search", Payload: long}}, []string{rc.Shorten(long)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := renderAndSend(t, conversation.Message{Type: conversation.TypeText, Text: "?", Options: tt.opts}, rc)
			var ids []string
			for _, b := range append(buttons(sent[0]), rows(sent[0])...) {
				ids = append(ids, b["id"].(string))
			}
			if strings.Join(ids, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestRender_TextTooLongForTheBodyGoesFirst(t *testing.T) {
	text := strings.Repeat("Լավ հարց է։ ", 120) // 1,440 characters of Armenian
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeText, Text: text, Options: options("Այո", "Ոչ")}, rcIn("hy"))
	if len(sent) != 2 || sent[0]["type"] != "text" || sent[1]["type"] != "interactive" {
		t.Fatalf("got %v", sent)
	}
	if str(sent[0], "text", "body") != strings.TrimSpace(text) {
		t.Error("text changed")
	}
	if got := str(sent[1], "interactive", "body", "text"); got != catalog.T("hy", "whatsapp.choose_prompt") {
		t.Errorf("body %q", got)
	}
}

func TestRender_VeryLongTextIsCutAtARune(t *testing.T) {
	text := strings.Repeat("我们的外套", 1000) // 5,000 characters
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeText, Text: text}, rcIn("zh"))
	body := str(sent[0], "text", "body")
	if n := utf8.RuneCountInString(body); n != whatsapp.MaxText || !utf8.ValidString(body) || !strings.HasSuffix(body, "…") {
		t.Fatalf("%d runes, valid %v", n, utf8.ValidString(body))
	}
}

func TestRender_TextWithALinkAsksForAPreview(t *testing.T) {
	for text, want := range map[string]bool{"See https://shop.example/faq": true, "No link here": false} {
		sent := renderAndSend(t, conversation.Message{Type: conversation.TypeText, Text: text}, rcIn("en"))
		if got := get(sent[0], "text", "preview_url"); got != want {
			t.Errorf("%q: preview_url %v", text, got)
		}
	}
}

func eur(cents int64) money.Money { return money.New(cents, "EUR") }

func jacket() conversation.Item {
	was := eur(11900)
	return conversation.Item{SKU: "AUR-S", Handle: "aurora-jacket", Title: "Aurora Jacket", Price: eur(8995), CompareAtPrice: &was,
		ImageURL: "https://shop.example/img/aurora.jpg", InStock: true, Variants: []conversation.ItemVariant{
			{SKU: "AUR-S", Options: map[string]string{"size": "S"}, InStock: false, Stock: 0, Price: eur(8995)},
			{SKU: "AUR-M", Options: map[string]string{"size": "M"}, InStock: true, Stock: 2, Price: eur(8995)},
			{SKU: "AUR-L", Options: map[string]string{"size": "L"}, InStock: true, Stock: 40, Price: eur(8995)},
		}}
}

func TestRender_ProductsAreCardsAndAListOfVariantsInStock(t *testing.T) {
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeProducts, Text: "Here is the Aurora:", Items: []conversation.Item{jacket()}}, rcIn("en"))
	if len(sent) != 3 || sent[0]["type"] != "text" || sent[1]["type"] != "image" || sent[2]["type"] != "interactive" {
		t.Fatalf("want text, card, list; got %v", sent)
	}
	if str(sent[1], "image", "link") != "https://shop.example/img/aurora.jpg" {
		t.Errorf("image %v", sent[1])
	}
	caption := str(sent[1], "image", "caption")
	for _, want := range []string{"*Aurora Jacket*", "€89.95", "(was €119.00)", "In stock: M (only 2 left), L"} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption %q lacks %q", caption, want)
		}
	}
	if strings.Contains(caption, "S,") || strings.Contains(caption, ": S") {
		t.Errorf("caption shows the sold-out size: %q", caption)
	}
	var ids []string
	for _, r := range rows(sent[2]) {
		ids = append(ids, r["id"].(string))
	}
	if strings.Join(ids, ",") != "add:AUR-M,add:AUR-L" {
		t.Fatalf("rows %v: want only the variants in stock", ids)
	}
	if d := rows(sent[2])[0]["description"]; d != "€89.95 · only 2 left" {
		t.Errorf("row description %q", d)
	}
	if got := str(sent[2], "interactive", "action", "button"); got != "Add to cart" {
		t.Errorf("list button %q", got)
	}
}

func TestRender_ProductsWithinLimits(t *testing.T) {
	manyVariants := func(handle string, n int) conversation.Item {
		it := conversation.Item{Handle: handle, Title: "超轻防水透气户外冲锋衣（男女同款）" + handle, Price: eur(12900), InStock: true, ImageURL: "https://shop.example/" + handle + ".jpg"}
		for i := range n {
			it.Variants = append(it.Variants, conversation.ItemVariant{SKU: fmt.Sprintf("%s-%d", handle, i),
				Options: map[string]string{"size": fmt.Sprint(36 + i), "colour": "深蓝色"}, InStock: i%3 != 0, Stock: i, Price: eur(12900)})
		}
		return it
	}
	soldOut := jacket()
	soldOut.InStock = false
	for i := range soldOut.Variants {
		soldOut.Variants[i].InStock, soldOut.Variants[i].Stock = false, 0
	}
	single := conversation.Item{Handle: "cap", Title: "Cap", Price: eur(1500), InStock: true,
		Variants: []conversation.ItemVariant{{SKU: "CAP", Options: map[string]string{}, InStock: true, Stock: 9, Price: eur(1500)}}}
	var twelve []conversation.Item
	for i := range 12 {
		twelve = append(twelve, manyVariants(fmt.Sprint("p", i), 4))
	}
	tests := []struct {
		name      string
		items     []conversation.Item
		wantCards int
		wantRows  []string // prefixes of the row ids, in order; nil for no list
	}{
		{"one product, many variants", []conversation.Item{manyVariants("a", 20)}, 1, []string{"add:", "add:", "add:", "add:", "add:", "add:", "add:", "add:", "add:", "add:"}},
		{"several, too many variants for rows", []conversation.Item{manyVariants("a", 9), manyVariants("b", 9), single}, 3, []string{"focus:a", "focus:b", "add:CAP"}},
		{"all sold out", []conversation.Item{soldOut}, 1, nil},
		{"twelve products", twelve, 10, []string{"focus:", "focus:", "focus:", "focus:", "focus:", "focus:", "focus:", "focus:", "focus:", "focus:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := renderAndSend(t, conversation.Message{Type: conversation.TypeProducts, Items: tt.items}, rcIn("zh"))
			cards := 0
			var list map[string]any
			for _, m := range sent {
				switch m["type"] {
				case "image", "text":
					cards++
				case "interactive":
					list = m
				}
			}
			if cards != tt.wantCards {
				t.Errorf("%d cards, want %d", cards, tt.wantCards)
			}
			if tt.wantRows == nil {
				if list != nil {
					t.Fatalf("a list for nothing to buy: %v", list)
				}
				return
			}
			rs := rows(list)
			if len(rs) != len(tt.wantRows) {
				t.Fatalf("%d rows, want %d", len(rs), len(tt.wantRows))
			}
			for i, r := range rs {
				if !strings.HasPrefix(r["id"].(string), tt.wantRows[i]) {
					t.Errorf("row %d id %q, want %q…", i, r["id"], tt.wantRows[i])
				}
			}
			// Every add: row is a variant in stock.
			inStock := map[string]bool{}
			for _, it := range tt.items {
				for _, v := range it.Variants {
					inStock[v.SKU] = v.InStock
				}
			}
			for _, r := range rs {
				if sku, ok := strings.CutPrefix(r["id"].(string), "add:"); ok && !inStock[sku] {
					t.Errorf("sold-out variant %s is tappable", sku)
				}
			}
		})
	}
}

func TestRender_SoldOutCardSaysSo(t *testing.T) {
	it := jacket()
	it.InStock = false
	for i := range it.Variants {
		it.Variants[i].InStock = false
	}
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{it}}, rcIn("nl"))
	if len(sent) != 1 || !strings.Contains(str(sent[0], "image", "caption"), "Uitverkocht") {
		t.Fatalf("got %v", sent)
	}
	if !strings.Contains(str(sent[0], "image", "caption"), "€ 89,95") {
		t.Errorf("price not in Dutch form: %q", str(sent[0], "image", "caption"))
	}
}

func TestRender_LinksAreTextWithTheWholeURL(t *testing.T) {
	url := "https://shop.example/pay/ord_123?lang=en"
	tests := []struct {
		name, lang, purpose, text, want string
	}{
		{"payment with text", "en", "payment", "Order #1001: €89.95.", "Order #1001: €89.95.\n\nPay here:\n" + url},
		{"tracking without text", "nb", "tracking", "", "Spor pakken din:\n" + url},
		{"unknown purpose", "en", "survey", "", "Open this link:\n" + url},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := renderAndSend(t, conversation.Message{Type: conversation.TypeLink, Purpose: tt.purpose, URL: url, Text: tt.text}, rcIn(tt.lang))
			if len(sent) != 1 || str(sent[0], "text", "body") != tt.want || get(sent[0], "text", "preview_url") != true {
				t.Fatalf("got %v", sent)
			}
		})
	}
	// A very long text is cut; the URL never is.
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeLink, Purpose: "invoice", URL: url, Text: strings.Repeat("é", 5000)}, rcIn("en"))
	if !strings.HasSuffix(str(sent[0], "text", "body"), url) {
		t.Fatal("URL cut")
	}
}

func TestRender_ImageWithCaptionThenOptions(t *testing.T) {
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeImage, URL: "https://shop.example/size-chart.png", Text: "Size chart", Options: options("S", "M")}, rcIn("en"))
	if len(sent) != 2 || str(sent[0], "image", "caption") != "Size chart" || sent[1]["type"] != "interactive" {
		t.Fatalf("got %v", sent)
	}
}

func TestRender_TwentyFourHourWindow(t *testing.T) {
	tpl := &channel.Template{Channel: "whatsapp", Purpose: "cart_recovery", Language: "en", Name: "cart_reminder", Code: "en_US", Parameters: []string{"text", "url"}}
	msg := conversation.Message{Type: conversation.TypeLink, Proactive: "cart_recovery", Purpose: "cart",
		Text: "Your cart is waiting:\n\tAurora Jacket      M", URL: "https://shop.example/cart/abc", Options: options("Check out")}
	tests := []struct {
		name         string
		last         time.Time
		template     *channel.Template
		wantTemplate bool
		wantN        int
	}{
		{"open", now.Add(-23 * time.Hour), tpl, false, 2},
		{"exactly 24 hours", now.Add(-24 * time.Hour), nil, false, 2},
		{"closed, no template", now.Add(-25 * time.Hour), nil, false, 0},
		{"closed, template", now.Add(-25 * time.Hour), tpl, true, 1},
		{"never wrote, template", time.Time{}, tpl, true, 1},
		{"never wrote, no template", time.Time{}, nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := rcIn("en")
			rc.LastInbound, rc.Template = tt.last, tt.template
			s, p := standIn(t)
			outs := p.Render(msg, rc)
			if len(outs) != tt.wantN {
				t.Fatalf("%d requests, want %d", len(outs), tt.wantN)
			}
			for _, o := range outs {
				if o.Template != tt.wantTemplate {
					t.Errorf("Template = %v", o.Template)
				}
				if _, err := p.Send(context.Background(), rc.To, o); err != nil {
					t.Fatalf("refused: %v", err)
				}
			}
			if !tt.wantTemplate {
				return
			}
			got := string(s.Requests()[0].Body)
			want := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"template","template":{"name":"cart_reminder","language":{"code":"en_US"},` +
				`"components":[{"type":"body","parameters":[{"type":"text","text":"Your cart is waiting: Aurora Jacket M"},{"type":"text","text":"https://shop.example/cart/abc"}]}]}}`
			if got != want {
				t.Fatalf("template body\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestRender_TemplateParameterIsCut(t *testing.T) {
	rc := rcIn("zh")
	rc.LastInbound = time.Time{}
	rc.Template = &channel.Template{Name: "back_in_stock", Code: "zh_CN", Parameters: []string{"text"}}
	_, p := standIn(t)
	outs := p.Render(conversation.Message{Type: conversation.TypeText, Text: strings.Repeat("到货啦", 500)}, rc)
	var m map[string]any
	if err := json.Unmarshal(outs[0].Body, &m); err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(str(m, "template", "components", 0, "parameters", 0, "text")); n != whatsapp.MaxParam {
		t.Fatalf("parameter of %d runes", n)
	}
}

// Every message type the dialogue produces, in every language, passes the
// stand-in's checks of WhatsApp's limits.
func TestRender_EveryLanguageWithinLimits(t *testing.T) {
	msgs := []conversation.Message{
		{Type: conversation.TypeText, Text: "Hi", Options: options("Jackets", "Shoes", "Sale", "Talk to a person")},
		{Type: conversation.TypeProducts, Items: []conversation.Item{jacket()}, Options: options("More", "Cheaper")},
		{Type: conversation.TypeLink, Purpose: "label", URL: "https://shop.example/label.pdf"},
	}
	for _, lang := range []string{"en", "nl", "ms", "zh", "nb", "hy"} {
		for _, m := range msgs {
			if sent := renderAndSend(t, m, rcIn(lang)); len(sent) == 0 {
				t.Errorf("%s %s: nothing sent", lang, m.Type)
			}
		}
	}
	_ = whatsapptest.Version
}

// The dialogue may show one product twice (a search and its bundle): the
// list still has each variant once, as Meta refuses repeated row ids.
func TestRender_ProductShownTwiceIsOneRowPerVariant(t *testing.T) {
	sent := renderAndSend(t, conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{jacket(), jacket()}}, rcIn("en"))
	list := sent[len(sent)-1]
	if n := len(rows(list)); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
}

// Whatever the titles and texts, what Render produces passes WhatsApp's
// limits (the stand-in's checks) and cuts no rune.
func FuzzRender(f *testing.F) {
	f.Add("Which one?", "防水透气轻量户外冲锋衣男女同款加绒加厚", "Ձմեռային կոշիկներ տղամարդկանց համար", uint8(3), uint8(0))
	f.Add(strings.Repeat("😀", 600), "👩‍👩‍👧‍👦 family pack of four", "x", uint8(12), uint8(1))
	f.Add("", "", "same", uint8(5), uint8(2))
	f.Add("a\tb\n\n   c", strings.Repeat("é", 30), strings.Repeat("y", 300), uint8(1), uint8(3))
	s := whatsapptest.New(f, config.WhatsApp{})
	p := whatsapp.New(s.Config(), s.Client())
	langs := []string{"en", "nl", "ms", "zh", "nb", "hy"}
	f.Fuzz(func(t *testing.T, text, a, b string, n, kind uint8) {
		if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			t.Skip() // the dialogue never offers a blank title
		}
		var opts []conversation.Option
		for i := range int(n % 16) {
			title := a
			if i%2 == 1 {
				title = b
			}
			opts = append(opts, conversation.Option{Title: title, Payload: fmt.Sprintf("p%d:%s", i, title)})
		}
		it := jacket()
		it.Title = a
		it.Variants[1].Options = map[string]string{"size": b}
		m := conversation.Message{Type: conversation.TypeText, Text: text, Options: opts}
		switch kind % 4 {
		case 1:
			m.Type, m.Items = conversation.TypeProducts, []conversation.Item{it, it}
		case 2:
			m.Type, m.URL, m.Purpose = conversation.TypeLink, "https://shop.example/p/"+fmt.Sprint(n), "payment"
		case 3:
			m.Type, m.URL = conversation.TypeImage, "https://shop.example/i.png"
		}
		rc := rcIn(langs[int(n)%len(langs)])
		if kind%8 >= 4 {
			rc.LastInbound = time.Time{}
			rc.Template = &channel.Template{Name: "t", Code: "en", Parameters: []string{"text", "url"}}
		}
		for _, o := range p.Render(m, rc) {
			if !utf8.Valid(o.Body) {
				t.Fatalf("invalid UTF-8: %q", o.Body)
			}
			if _, err := p.Send(context.Background(), rc.To, o); err != nil {
				t.Fatalf("refused: %v\n%s", err, o.Body)
			}
		}
	})
}
