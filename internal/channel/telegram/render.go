package telegram

import (
	"encoding/json"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// Limits of the Bot API (core.telegram.org/bots/api), and our own for
// what reads well on a phone.
const (
	maxText         = 4096 // sendMessage text, characters
	maxCaption      = 1024 // sendPhoto caption, characters
	maxCallbackData = 64   // callback_data, bytes
	// maxButtonText is the width (a Chinese character counts two) where
	// Telegram's apps start cutting a button's label in the middle; we cut
	// at the end instead, so the start stays readable.
	maxButtonText = 32
	// pairWidth: two buttons share a row when both labels are this short.
	pairWidth = 16
	// maxButtons keeps a keyboard well under the Bot API's 100 buttons and
	// on one screen.
	maxButtons = 24
	// MaxItems is how many product cards one products message sends: one
	// photo each, so more would flood the chat (the dialogue shows five a
	// page and offers "more").
	MaxItems = 5
	// maxVariantButtons: a product with more sizes in stock than this gets
	// one button to pick it, and the dialogue asks for the size.
	maxVariantButtons = 8
)

type button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

type markup struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

// sendMessage and sendPhoto are the request bodies. No parse_mode is ever
// set: shop and shopper text is sent as plain text, so a "*" or "<" in a
// product title can never be read as markup (or fail the request).
type sendMessage struct {
	ChatID      json.RawMessage `json:"chat_id"`
	Text        string          `json:"text"`
	ReplyMarkup *markup         `json:"reply_markup,omitempty"`
}

type sendPhoto struct {
	ChatID      json.RawMessage `json:"chat_id"`
	Photo       string          `json:"photo"`
	Caption     string          `json:"caption,omitempty"`
	ReplyMarkup *markup         `json:"reply_markup,omitempty"`
}

// Render turns one message into Bot API calls: text first, then its cards
// and buttons. Telegram has no reply window, so every purpose renders the
// same way.
func (p *Provider) Render(m conversation.Message, rc channel.RenderContext) []channel.Outgoing {
	r := renderer{rc: rc, chat: chatID(rc.To)}
	text := strings.TrimSpace(m.Text)
	if m.From == conversation.FromAgent && m.Author != "" && text != "" {
		// A person speaks: say who, as the widget does.
		text = r.t("telegram.agent", "name", m.Author, "text", text)
	}
	switch m.Type {
	case conversation.TypeProducts:
		return r.products(m, text)
	case conversation.TypeLink:
		return r.link(m, text)
	case conversation.TypeImage:
		if photographic(m.URL) {
			return []channel.Outgoing{r.photo(m.URL, clip(text, maxCaption), r.keyboard(nil, m.Options))}
		}
		// A picture Telegram cannot fetch goes as a link.
		return r.link(conversation.Message{URL: m.URL, Options: m.Options}, text)
	}
	if text == "" {
		if len(m.Options) == 0 {
			return nil // nothing the shopper could see
		}
		text = r.t("telegram.choose")
	}
	return []channel.Outgoing{r.message(clip(text, maxText), r.keyboard(nil, m.Options))}
}

type renderer struct {
	rc   channel.RenderContext
	chat json.RawMessage
}

func (r renderer) t(key string, args ...any) string {
	if r.rc.T == nil {
		return key
	}
	return r.rc.T(key, args...)
}

func (r renderer) message(text string, kb *markup) channel.Outgoing {
	b, _ := json.Marshal(sendMessage{ChatID: r.chat, Text: text, ReplyMarkup: kb})
	return channel.Outgoing{Method: MethodSendMessage, Body: b}
}

func (r renderer) photo(url, caption string, kb *markup) channel.Outgoing {
	b, _ := json.Marshal(sendPhoto{ChatID: r.chat, Photo: url, Caption: caption, ReplyMarkup: kb})
	return channel.Outgoing{Method: MethodSendPhoto, Body: b}
}

// link sends the text with the address written out (so it can always be
// opened and copied) and a button that opens it.
func (r renderer) link(m conversation.Message, text string) []channel.Outgoing {
	if m.URL == "" {
		if text == "" {
			return nil
		}
		return []channel.Outgoing{r.message(clip(text, maxText), r.keyboard(nil, m.Options))}
	}
	var first []button
	if linkable(m.URL) {
		label := r.t("telegram.link." + m.Purpose)
		// The catalogue answers an unknown key with the key itself.
		if label == "telegram.link."+m.Purpose || label == "" || m.Purpose == "" {
			label = r.t("telegram.link.open")
		}
		first = []button{{Text: clipWidth(label, maxButtonText), URL: m.URL}}
	}
	// The address is never cut: the text gives way to it.
	room := maxText - units(m.URL) - 1
	body := m.URL
	if text != "" && room > 1 {
		body = clip(text, room) + "\n" + m.URL
	}
	return []channel.Outgoing{r.message(body, r.keyboard(first, m.Options))}
}

// linkable reports whether Telegram will take url on a button: an http(s)
// address on a named host. Telegram refuses buttons to localhost or a bare
// IP address with BUTTON_URL_INVALID, which would lose the whole message
// (a payment link in the demo); the address in the text still works there.
func linkable(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return false
	}
	h := u.Hostname()
	return strings.Contains(h, ".") && net.ParseIP(h) == nil && !strings.HasSuffix(h, ".localhost")
}

// photographic reports whether Telegram can fetch raw as a photo: a
// public http(s) address (see linkable) of a raster picture. Telegram
// downloads the picture itself, so a relative address (the demo's
// /demo/images/…) or an SVG would fail the whole card; such a card goes as
// text instead.
func photographic(raw string) bool {
	if !linkable(raw) {
		return false
	}
	u, _ := url.Parse(raw)
	return !strings.HasSuffix(strings.ToLower(u.Path), ".svg")
}

// products sends the text, then one photo card per item (at most
// MaxItems), then the message's own quick replies.
func (r renderer) products(m conversation.Message, text string) []channel.Outgoing {
	var out []channel.Outgoing
	if text != "" {
		out = append(out, r.message(clip(text, maxText), nil))
	}
	items := m.Items
	if len(items) > MaxItems {
		items = items[:MaxItems]
	}
	for _, it := range items {
		caption := r.caption(it)
		var kb *markup
		if rows := layout(r.cardButtons(it), maxButtons); len(rows) > 0 {
			kb = &markup{InlineKeyboard: rows}
		}
		if photographic(it.ImageURL) {
			out = append(out, r.photo(it.ImageURL, clip(caption, maxCaption), kb))
		} else {
			out = append(out, r.message(clip(caption, maxText), kb))
		}
	}
	var tail []string
	if n := len(m.Items) - len(items); n > 0 {
		tail = append(tail, r.t("telegram.more_items", "count", n))
	}
	if kb := r.keyboard(nil, m.Options); kb != nil || len(tail) > 0 {
		if len(tail) == 0 {
			tail = append(tail, r.t("telegram.choose"))
		}
		out = append(out, r.message(clip(strings.Join(tail, "\n"), maxText), kb))
	}
	return out
}

// caption is a card's text: title, price, and which variants are in stock
// (with the few left where stock is low) and which are sold out.
func (r renderer) caption(it conversation.Item) string {
	lang := r.rc.Language
	var lines []string
	if t := strings.TrimSpace(it.Title); t != "" {
		lines = append(lines, t)
	}
	price := i18n.Money(lang, it.Price)
	if it.CompareAtPrice != nil && it.CompareAtPrice.Amount > it.Price.Amount {
		price = r.t("telegram.price_was", "price", price, "was", i18n.Money(lang, *it.CompareAtPrice))
	}
	lines = append(lines, price)
	var in, out []string
	for _, v := range it.Variants {
		l := variantLabel(v)
		if l == "" {
			continue
		}
		switch {
		case !v.InStock:
			out = append(out, l)
		case v.Stock > 0 && v.Stock <= 3:
			in = append(in, r.t("telegram.few_left", "variant", l, "count", v.Stock))
		default:
			in = append(in, l)
		}
	}
	sep := r.t("telegram.list_separator") // "、" in Chinese
	if len(in) > 0 {
		lines = append(lines, r.t("telegram.in_stock", "variants", strings.Join(in, sep)))
	}
	if len(out) > 0 {
		lines = append(lines, r.t("telegram.sold_out_variants", "variants", strings.Join(out, sep)))
	}
	if len(in) == 0 && len(out) == 0 && !inStock(it) {
		lines = append(lines, r.t("telegram.sold_out"))
	}
	return strings.Join(lines, "\n")
}

// cardButtons are a card's taps: one per variant in stock ("add:<sku>"),
// or one to pick the product ("focus:<handle>") when it has too many to
// list, none in stock, or no variants given. Sold-out variants get none.
func (r renderer) cardButtons(it conversation.Item) []button {
	var stocked []conversation.ItemVariant
	for _, v := range it.Variants {
		if v.InStock && v.SKU != "" {
			stocked = append(stocked, v)
		}
	}
	if len(it.Variants) == 0 && it.InStock && it.SKU != "" {
		stocked = []conversation.ItemVariant{{SKU: it.SKU, InStock: true}}
	}
	var bs []button
	if len(stocked) > 0 && len(stocked) <= maxVariantButtons {
		for _, v := range stocked {
			label := variantLabel(v)
			if label == "" || len(stocked) == 1 && len(it.Variants) <= 1 {
				label = r.t("telegram.add")
			}
			if b, ok := r.callback(label, "add:"+v.SKU); ok {
				bs = append(bs, b)
			}
		}
		return bs
	}
	if it.Handle == "" {
		return nil
	}
	key := "telegram.product.details"
	if len(stocked) > 0 {
		key = "telegram.product.options"
	}
	if b, ok := r.callback(r.t(key), "focus:"+it.Handle); ok {
		bs = append(bs, b)
	}
	return bs
}

func inStock(it conversation.Item) bool {
	if it.InStock {
		return true
	}
	for _, v := range it.Variants {
		if v.InStock {
			return true
		}
	}
	return false
}

// variantLabel names a variant by its option values in a fixed order
// (color before size: by option name), e.g. "black · 42".
func variantLabel(v conversation.ItemVariant) string {
	names := make([]string, 0, len(v.Options))
	for k := range v.Options {
		names = append(names, k)
	}
	sort.Strings(names)
	vals := make([]string, 0, len(names))
	for _, k := range names {
		if s := strings.TrimSpace(v.Options[k]); s != "" {
			vals = append(vals, s)
		}
	}
	return strings.Join(vals, " · ")
}

// keyboard lays out first (a row of its own, e.g. a link) and then the
// quick replies, two to a row when both labels are short. It returns nil
// when there is nothing to tap.
func (r renderer) keyboard(first []button, opts []conversation.Option) *markup {
	var bs []button
	for _, o := range opts {
		if b, ok := r.callback(o.Title, o.Payload); ok {
			bs = append(bs, b)
		}
	}
	var rows [][]button
	if len(first) > 0 {
		rows = append(rows, first)
	}
	rows = append(rows, layout(bs, maxButtons-len(first))...)
	if len(rows) == 0 {
		return nil
	}
	return &markup{InlineKeyboard: rows}
}

// layout puts buttons in rows of one or two, at most max buttons.
func layout(bs []button, max int) [][]button {
	if len(bs) > max {
		bs = bs[:max]
	}
	var rows [][]button
	for i := 0; i < len(bs); i++ {
		if i+1 < len(bs) && short(bs[i].Text) && short(bs[i+1].Text) {
			rows = append(rows, []button{bs[i], bs[i+1]})
			i++
			continue
		}
		rows = append(rows, []button{bs[i]})
	}
	return rows
}

func short(s string) bool { return width(s) <= pairWidth }

// width is how wide s shows: East Asian wide characters and emoji take
// two columns, everything else one.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1FAFF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// clipWidth cuts s to at most max columns, never inside a character, and
// marks the cut with an ellipsis.
func clipWidth(s string, max int) string {
	if width(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > max-1 {
			return strings.TrimRightFunc(s[:i], isSpace) + "…"
		}
		n += runeWidth(r)
	}
	return s
}

// callback makes a button that returns payload when tapped. A payload
// Telegram cannot carry (over 64 bytes, or empty) is replaced by the
// core's short code; without one the button is left out rather than
// sending a tap that would come back as something else.
func (r renderer) callback(title, payload string) (button, bool) {
	title = clipWidth(strings.TrimSpace(title), maxButtonText)
	if title == "" {
		return button{}, false
	}
	data := payload
	if len(data) == 0 || len(data) > maxCallbackData {
		if r.rc.Shorten == nil || payload == "" {
			return button{}, false
		}
		data = r.rc.Shorten(payload)
		if len(data) == 0 || len(data) > maxCallbackData {
			return button{}, false
		}
	}
	return button{Text: title, CallbackData: data}, true
}

// units counts s as Telegram counts text length: in UTF-16 code units (a
// Chinese or Armenian letter is one, an emoji two), so a text within the
// count is within the limit however Telegram measures it.
func units(s string) int {
	n := 0
	for _, r := range s { // invalid UTF-8 ranges as U+FFFD, one unit, as it is sent
		n += utf16.RuneLen(r)
	}
	return n
}

// clip cuts s to at most max UTF-16 units, never inside a character, and
// marks the cut with an ellipsis.
func clip(s string, max int) string {
	if units(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if n+w > max-1 { // keep one unit for "…"
			return strings.TrimRightFunc(s[:i], isSpace) + "…"
		}
		n += w
	}
	return s
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }
