package messenger_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

var catalog = i18n.MustLoad("en")

// rc is a render context in lang, the shopper having written `ago` before
// now (a negative ago: never).
func rc(lang string, ago time.Duration) channel.RenderContext {
	c := channel.RenderContext{To: psid, Language: lang, Now: t0,
		T:       func(key string, args ...any) string { return catalog.T(lang, key, args...) },
		Shorten: func(p string) string { return fmt.Sprintf("s:%d", len(p)) }}
	if ago >= 0 {
		c.LastInbound = t0.Add(-ago)
	}
	return c
}

// sent decodes rendered requests the way the stand-in reads them.
type sent struct {
	Recipient     struct{ ID string } `json:"recipient"`
	MessagingType string              `json:"messaging_type"`
	Tag           string              `json:"tag"`
	Message       messengertest.Message
}

func decode(t *testing.T, outs []channel.Outgoing) []sent {
	t.Helper()
	var ss []sent
	for _, o := range outs {
		var s sent
		if err := json.Unmarshal(o.Body, &s); err != nil {
			t.Fatalf("rendered body is not JSON: %v\n%s", err, o.Body)
		}
		if s.Recipient.ID != psid {
			t.Errorf("recipient %q, want %q", s.Recipient.ID, psid)
		}
		ss = append(ss, s)
	}
	return ss
}

// acceptedByStandIn sends every rendered request to the stand-in, which
// refuses anything beyond Messenger's limits.
func acceptedByStandIn(t *testing.T, outs []channel.Outgoing) {
	t.Helper()
	srv := messengertest.New("page-token", secret)
	defer srv.Close()
	p := messenger.New(srv.Config("v"), srv.Client())
	for i, o := range outs {
		if _, err := p.Send(context.Background(), psid, o); err != nil {
			t.Errorf("request %d refused: %v\n%s", i, err, o.Body)
		}
	}
}

func TestMessagingType_FollowsMessengersWindows(t *testing.T) {
	p := messenger.New(cfg, nil)
	reply := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Here you are"}
	agent := conversation.Message{From: conversation.FromAgent, Type: conversation.TypeText, Text: "Hi, Anna here"}
	order := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Shipped", Proactive: "order_update"}
	cart := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Still want it?", Proactive: "cart_recovery"}
	stock := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Back!", Proactive: "back_in_stock"}
	cases := []struct {
		name     string
		m        conversation.Message
		ago      time.Duration
		typ, tag string // "" type: not sendable
	}{
		{"reply inside 24h", reply, time.Hour, "RESPONSE", ""},
		{"agent inside 24h", agent, time.Hour, "RESPONSE", ""},
		{"order update inside 24h", order, time.Hour, "UPDATE", ""},
		{"cart recovery inside 24h", cart, 23 * time.Hour, "UPDATE", ""},
		{"back in stock inside 24h", stock, time.Minute, "UPDATE", ""},
		{"reply outside 24h", reply, 25 * time.Hour, "", ""},
		{"reply exactly at 24h", reply, 24 * time.Hour, "", ""},
		{"agent outside 24h within 7 days", agent, 6 * 24 * time.Hour, "MESSAGE_TAG", "HUMAN_AGENT"},
		{"agent after 7 days", agent, 7*24*time.Hour + time.Minute, "", ""},
		{"order update outside 24h", order, 30 * 24 * time.Hour, "MESSAGE_TAG", "POST_PURCHASE_UPDATE"},
		{"cart recovery outside 24h", cart, 25 * time.Hour, "", ""},
		{"back in stock outside 24h", stock, 48 * time.Hour, "", ""},
		{"order update to a shopper who never wrote", order, -1, "MESSAGE_TAG", "POST_PURCHASE_UPDATE"},
		{"agent to a shopper who never wrote", agent, -1, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outs := p.Render(c.m, rc("en", c.ago))
			if c.typ == "" {
				if outs != nil {
					t.Fatalf("rendered %d requests, want none (not sendable)", len(outs))
				}
				return
			}
			ss := decode(t, outs)
			if len(ss) != 1 || ss[0].MessagingType != c.typ || ss[0].Tag != c.tag {
				t.Fatalf("got %+v, want messaging_type %s tag %q", ss, c.typ, c.tag)
			}
			acceptedByStandIn(t, outs)
		})
	}
}

func options(n int, title func(i int) string) []conversation.Option {
	var os []conversation.Option
	for i := range n {
		os = append(os, conversation.Option{Title: title(i), Payload: fmt.Sprintf("search:type=kind-%d", i)})
	}
	return os
}

func TestRender_QuickRepliesWithinLimits(t *testing.T) {
	p := messenger.New(cfg, nil)
	long := strings.Repeat("x", 1500)
	cases := []struct {
		name    string
		lang    string
		opts    []conversation.Option
		count   int
		titles  []string // first titles expected, if given
		payload string   // payload of the first, if given
	}{
		{"fourteen cut to thirteen", "en", options(14, func(i int) string { return fmt.Sprintf("Kind %d", i) }), 13, []string{"Kind 0", "Kind 1"}, "search:type=kind-0"},
		{"long english title", "en", []conversation.Option{{Title: "Talk to a person about my order please", Payload: "handoff:order"}}, 1, []string{"Talk to a person ab…"}, "handoff:order"},
		{"chinese title", "zh", []conversation.Option{{Title: "我想和客服人员谈谈我的订单问题以及退货的事情", Payload: "handoff:order"}}, 1, []string{"我想和客服人员谈谈我的订单问题以及退货…"}, ""},
		{"armenian title", "hy", []conversation.Option{{Title: "Ցանկանում եմ խոսել աշխատակցի հետ", Payload: "handoff:x"}}, 1, []string{"Ցանկանում եմ խոսել…"}, ""},
		{"payload over 1000 is shortened", "en", []conversation.Option{{Title: "Go", Payload: long}}, 1, nil, "s:1500"},
		{"empty title or payload dropped", "en", []conversation.Option{{Title: "", Payload: "x"}, {Title: "y", Payload: ""}, {Title: "ok", Payload: "ok"}}, 1, []string{"ok"}, "ok"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "Pick one", Options: c.opts}
			outs := p.Render(m, rc(c.lang, time.Minute))
			ss := decode(t, outs)
			if len(ss) != 1 {
				t.Fatalf("%d requests, want 1", len(ss))
			}
			qr := ss[0].Message.QuickReplies
			if ss[0].Message.Text != "Pick one" || len(qr) != c.count {
				t.Fatalf("text %q with %d quick replies, want %q with %d", ss[0].Message.Text, len(qr), "Pick one", c.count)
			}
			for i, want := range c.titles {
				if qr[i].Title != want {
					t.Errorf("title %d = %q, want %q", i, qr[i].Title, want)
				}
			}
			for _, q := range qr {
				if !utf8.ValidString(q.Title) || utf8.RuneCountInString(q.Title) > 20 {
					t.Errorf("title %q is not 20 whole characters at most", q.Title)
				}
			}
			if c.payload != "" && qr[0].Payload != c.payload {
				t.Errorf("payload %q, want %q", qr[0].Payload, c.payload)
			}
			acceptedByStandIn(t, outs)
		})
	}
}

func eur(minor int64) money.Money { return money.New(minor, "EUR") }

func shoe(handle string, variants ...conversation.ItemVariant) conversation.Item {
	it := conversation.Item{Handle: handle, Title: "Aurora Runner " + handle, Price: eur(8995), ImageURL: "https://shop.example/img/" + handle + ".jpg", Variants: variants}
	for _, v := range variants {
		it.InStock = it.InStock || v.InStock
	}
	return it
}

func size(sku, s string, stock int) conversation.ItemVariant {
	return conversation.ItemVariant{SKU: sku, Options: map[string]string{"size": s}, InStock: stock > 0, Stock: stock, Price: eur(8995)}
}

func TestRender_ProductsAsACarousel(t *testing.T) {
	p := messenger.New(cfg, nil)
	var twelve []conversation.Item
	for i := range 12 {
		twelve = append(twelve, shoe(fmt.Sprintf("s%d", i), size(fmt.Sprintf("S%d-42", i), "42", 5)))
	}
	cases := []struct {
		name     string
		lang     string
		items    []conversation.Item
		elements int
		check    func(t *testing.T, els []messengertest.Element)
	}{
		{"twelve cut to ten", "en", twelve, 10, func(t *testing.T, els []messengertest.Element) {
			if els[9].Buttons[0].Payload != "add:S9-42" {
				t.Errorf("tenth card's button %+v", els[9].Buttons)
			}
		}},
		{"out-of-stock variants never offered", "en", []conversation.Item{shoe("a", size("A-41", "41", 0), size("A-42", "42", 2), size("A-43", "43", 0))}, 1,
			func(t *testing.T, els []messengertest.Element) {
				bs := els[0].Buttons
				if len(bs) != 1 || bs[0].Payload != "add:A-42" || bs[0].Title != "42" {
					t.Errorf("buttons %+v, want only 42 (add:A-42)", bs)
				}
				if els[0].Subtitle != "€89.95 · In stock: 42" {
					t.Errorf("subtitle %q", els[0].Subtitle)
				}
			}},
		{"up to three sizes as buttons", "en", []conversation.Item{shoe("b", size("B-41", "41", 1), size("B-42", "42", 9), size("B-43", "43", 4))}, 1,
			func(t *testing.T, els []messengertest.Element) {
				var got []string
				for _, b := range els[0].Buttons {
					got = append(got, b.Title+"="+b.Payload)
				}
				if strings.Join(got, " ") != "41=add:B-41 42=add:B-42 43=add:B-43" {
					t.Errorf("buttons %v", got)
				}
			}},
		{"more sizes than buttons: choose the product", "en", []conversation.Item{shoe("c", size("C-40", "40", 1), size("C-41", "41", 1), size("C-42", "42", 1), size("C-43", "43", 1))}, 1,
			func(t *testing.T, els []messengertest.Element) {
				if bs := els[0].Buttons; len(bs) != 1 || bs[0].Payload != "focus:c" || bs[0].Title != "Choose" {
					t.Errorf("buttons %+v, want Choose (focus:c)", bs)
				}
			}},
		{"nothing in stock: details only", "en", []conversation.Item{shoe("d", size("D-41", "41", 0))}, 1,
			func(t *testing.T, els []messengertest.Element) {
				if bs := els[0].Buttons; len(bs) != 1 || bs[0].Payload != "focus:d" {
					t.Errorf("buttons %+v, want Details (focus:d)", bs)
				}
				if !strings.HasSuffix(els[0].Subtitle, "Out of stock") {
					t.Errorf("subtitle %q", els[0].Subtitle)
				}
			}},
		{"one variant, few left", "nl", []conversation.Item{shoe("e", conversation.ItemVariant{SKU: "E-1", InStock: true, Stock: 2, Price: eur(1250)})}, 1,
			func(t *testing.T, els []messengertest.Element) {
				if els[0].Subtitle != "€ 12,50 · Nog maar 2" {
					t.Errorf("subtitle %q", els[0].Subtitle)
				}
				if bs := els[0].Buttons; len(bs) != 1 || bs[0].Payload != "add:E-1" || bs[0].Title != "In winkelwagen" {
					t.Errorf("buttons %+v", bs)
				}
			}},
		{"chinese title cut at 80 characters", "zh", []conversation.Item{{Handle: "z", Title: strings.Repeat("轻盈透气跑步鞋", 20), Price: eur(100), InStock: true,
			Variants: []conversation.ItemVariant{{SKU: "Z-1", InStock: true, Stock: 9, Price: eur(100)}}}}, 1,
			func(t *testing.T, els []messengertest.Element) {
				if n := utf8.RuneCountInString(els[0].Title); n != 80 || !strings.HasSuffix(els[0].Title, "…") || !utf8.ValidString(els[0].Title) {
					t.Errorf("title %q (%d characters)", els[0].Title, n)
				}
			}},
		{"armenian title and sizes cut at 80 characters", "hy", []conversation.Item{{Handle: "h", Title: strings.Repeat("Վազքի թեթև կոշիկներ ", 8), Price: eur(100),
			Variants: []conversation.ItemVariant{size("H-1", "Շատ մեծ չափս առաջին տարբերակ", 3), size("H-2", "Շատ մեծ չափս երկրորդ տարբերակ", 3), size("H-3", "Շատ մեծ չափս երրորդ տարբերակ", 3)}}}, 1,
			func(t *testing.T, els []messengertest.Element) {
				for _, s := range []string{els[0].Title, els[0].Subtitle} {
					if utf8.RuneCountInString(s) > 80 || !utf8.ValidString(s) || !strings.HasSuffix(s, "…") {
						t.Errorf("%q is not cut cleanly at 80", s)
					}
				}
				for _, b := range els[0].Buttons {
					if utf8.RuneCountInString(b.Title) > 20 || !utf8.ValidString(b.Title) {
						t.Errorf("button title %q", b.Title)
					}
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Text: "Here are a few:", Items: c.items,
				Options: []conversation.Option{{Title: "More", Payload: "more"}}}
			outs := p.Render(m, rc(c.lang, time.Minute))
			ss := decode(t, outs)
			if len(ss) != 2 || ss[0].Message.Text != "Here are a few:" || ss[1].Message.Attachment == nil {
				t.Fatalf("want the text, then the carousel; got %+v", ss)
			}
			if len(ss[0].Message.QuickReplies) != 0 || len(ss[1].Message.QuickReplies) != 1 {
				t.Errorf("quick replies belong on the last request")
			}
			pl := ss[1].Message.Attachment.Payload
			if pl.TemplateType != "generic" || len(pl.Elements) != c.elements {
				t.Fatalf("template %q with %d elements, want generic with %d", pl.TemplateType, len(pl.Elements), c.elements)
			}
			for _, el := range pl.Elements {
				if len(el.Buttons) > 3 || el.ImageURL == "" && c.lang == "en" {
					t.Errorf("element %+v", el)
				}
			}
			c.check(t, pl.Elements)
			acceptedByStandIn(t, outs)
		})
	}
}

func TestRender_LinksOpenable(t *testing.T) {
	p := messenger.New(cfg, nil)
	pay := "https://shop.example/pay/abc?lang=en"
	cases := []struct {
		name  string
		m     conversation.Message
		check func(t *testing.T, ss []sent)
	}{
		{"payment as a button template", conversation.Message{Type: conversation.TypeLink, Purpose: "payment", URL: pay, Text: "Order 1042: €89.95. Pay within 30 minutes."},
			func(t *testing.T, ss []sent) {
				a := ss[0].Message.Attachment
				if len(ss) != 1 || a == nil || a.Payload.TemplateType != "button" || a.Payload.Text != "Order 1042: €89.95. Pay within 30 minutes." {
					t.Fatalf("got %+v", ss)
				}
				if b := a.Payload.Buttons; len(b) != 1 || b[0].Type != "web_url" || b[0].URL != pay || b[0].Title != "Pay now" {
					t.Errorf("button %+v", b)
				}
			}},
		{"label titled in the shopper's language", conversation.Message{Type: conversation.TypeLink, Purpose: "label", URL: "https://shop.example/l/1.pdf"},
			func(t *testing.T, ss []sent) {
				if b := ss[0].Message.Attachment.Payload; b.Buttons[0].Title != "Return label" || b.Text != "Return label" {
					t.Errorf("got %+v", b)
				}
			}},
		{"text too long for a button template: plain text with the address", conversation.Message{Type: conversation.TypeLink, Purpose: "invoice", URL: "https://shop.example/i/9.pdf", Text: strings.Repeat("Invoice details. ", 50)},
			func(t *testing.T, ss []sent) {
				if len(ss) != 1 || !strings.HasSuffix(ss[0].Message.Text, "\nhttps://shop.example/i/9.pdf") {
					t.Errorf("got %+v", ss)
				}
			}},
		{"not a web address: only the text", conversation.Message{Type: conversation.TypeLink, Purpose: "tracking", URL: "javascript:alert(1)", Text: "Your parcel"},
			func(t *testing.T, ss []sent) {
				if len(ss) != 1 || ss[0].Message.Text != "Your parcel" || ss[0].Message.Attachment != nil {
					t.Errorf("got %+v", ss)
				}
			}},
		{"image with a caption", conversation.Message{Type: conversation.TypeImage, URL: "https://shop.example/size-chart.png", Text: "Our size chart"},
			func(t *testing.T, ss []sent) {
				if len(ss) != 2 || ss[0].Message.Text != "Our size chart" || ss[1].Message.Attachment.Type != "image" || ss[1].Message.Attachment.Payload.URL != "https://shop.example/size-chart.png" {
					t.Errorf("got %+v", ss)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.m.From = conversation.FromBot
			outs := p.Render(c.m, rc("en", time.Minute))
			c.check(t, decode(t, outs))
			acceptedByStandIn(t, outs)
		})
	}
}

func TestRender_LongTextSplitWithoutBreakingCharacters(t *testing.T) {
	p := messenger.New(cfg, nil)
	cases := []struct {
		name, text string
		parts      int
	}{
		{"english", strings.Repeat("Lorem ipsum dolor sit amet. ", 100), 2},
		{"chinese", strings.Repeat("我们的退货政策允许您在三十天内退货。", 150), 2},
		{"armenian", strings.Repeat("Վերադարձի քաղաքականություն ", 100), 2},
		{"emoji", strings.Repeat("👟", 1500), 2},
		{"short", "Hi!", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ss := decode(t, p.Render(conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: c.text}, rc("en", time.Minute)))
			if len(ss) != c.parts {
				t.Fatalf("%d parts, want %d", len(ss), c.parts)
			}
			var joined []rune
			for _, s := range ss {
				if !utf8.ValidString(s.Message.Text) || len([]rune(s.Message.Text)) > 2000 {
					t.Errorf("part of %d characters (valid %v)", len([]rune(s.Message.Text)), utf8.ValidString(s.Message.Text))
				}
				joined = append(joined, []rune(strings.ReplaceAll(s.Message.Text, " ", ""))...)
			}
			if string(joined) != strings.ReplaceAll(strings.TrimSpace(c.text), " ", "") {
				t.Errorf("text lost in splitting")
			}
		})
	}
}
