package messenger

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// Messenger's limits (Send API, quick replies, generic and button
// templates, postback and URL buttons).
const (
	MaxText           = 2000 // characters of a text message
	MaxButtonText     = 640  // characters of a button template's text
	MaxQuickReplies   = 13
	MaxQuickReplyText = 20 // characters of a quick reply's title
	MaxPayload        = 1000
	MaxElements       = 10 // generic templates in one carousel
	MaxElementText    = 80 // characters of an element's title and subtitle
	MaxButtons        = 3  // buttons on one element or button template
	MaxButtonTitle    = 20
)

// Messaging windows: the standard window after the shopper's last
// message, and the longer one in which a person may still answer with the
// HUMAN_AGENT tag.
const (
	Window      = 24 * time.Hour
	AgentWindow = 7 * 24 * time.Hour
)

// Messaging types and tags of the Send API.
const (
	TypeResponse = "RESPONSE"
	TypeUpdate   = "UPDATE"
	TypeTag      = "MESSAGE_TAG"

	TagHumanAgent   = "HUMAN_AGENT"
	TagPostPurchase = "POST_PURCHASE_UPDATE"
)

// The Send API's request, as rendered once into the outbox.
type sendRequest struct {
	Recipient     recipient `json:"recipient"`
	MessagingType string    `json:"messaging_type"`
	Tag           string    `json:"tag,omitempty"`
	Message       message   `json:"message"`
}

type recipient struct {
	ID string `json:"id"`
}

type message struct {
	Text         string       `json:"text,omitempty"`
	Attachment   *attachment  `json:"attachment,omitempty"`
	QuickReplies []quickReply `json:"quick_replies,omitempty"`
}

type attachment struct {
	Type    string `json:"type"` // template, image
	Payload any    `json:"payload"`
}

type templatePayload struct {
	TemplateType string    `json:"template_type"` // generic, button
	Text         string    `json:"text,omitempty"`
	Elements     []element `json:"elements,omitempty"`
	Buttons      []button  `json:"buttons,omitempty"`
}

type mediaPayload struct {
	URL        string `json:"url"`
	IsReusable bool   `json:"is_reusable"`
}

type element struct {
	Title    string   `json:"title"`
	Subtitle string   `json:"subtitle,omitempty"`
	ImageURL string   `json:"image_url,omitempty"`
	Buttons  []button `json:"buttons,omitempty"`
}

type button struct {
	Type    string `json:"type"` // postback, web_url
	Title   string `json:"title"`
	Payload string `json:"payload,omitempty"`
	URL     string `json:"url,omitempty"`
}

type quickReply struct {
	ContentType string `json:"content_type"`
	Title       string `json:"title"`
	Payload     string `json:"payload"`
}

// MessagingType decides how a message of this purpose may be sent now:
// within 24 hours of the shopper's last message a reply (or a person's
// answer) is RESPONSE and anything the shop sends on its own is UPDATE.
// Outside that window a person's answer carries the HUMAN_AGENT tag up to 7
// days after the shopper's last message, an order update carries
// POST_PURCHASE_UPDATE, and nothing else may be sent (ok is false).
func MessagingType(purpose string, rc channel.RenderContext) (messagingType, tag string, ok bool) {
	now := rc.Now
	if now.IsZero() {
		now = time.Now()
	}
	since := now.Sub(rc.LastInbound)
	wrote := !rc.LastInbound.IsZero()
	if wrote && since < Window {
		if purpose == channel.PurposeReply || purpose == channel.PurposeAgent {
			return TypeResponse, "", true
		}
		return TypeUpdate, "", true
	}
	switch purpose {
	case channel.PurposeAgent:
		if wrote && since < AgentWindow {
			return TypeTag, TagHumanAgent, true
		}
	case "order_update":
		return TypeTag, TagPostPurchase, true
	}
	return "", "", false
}

// Render turns a message into Send API requests: its text first (split at
// Messenger's 2000 characters), then its cards, link or image, with the
// quick replies on the last one. It returns nothing when Messenger's
// windows do not allow the message now.
func (p *Provider) Render(m conversation.Message, rc channel.RenderContext) []channel.Outgoing {
	mt, tag, ok := MessagingType(channel.Purpose(m), rc)
	if !ok {
		return nil
	}
	r := renderer{rc: rc}
	var msgs []message
	switch m.Type {
	case conversation.TypeProducts:
		msgs = r.texts(m.Text)
		if c := r.carousel(m.Items); c != nil {
			msgs = append(msgs, *c)
		}
	case conversation.TypeLink:
		msgs = r.link(m)
	case conversation.TypeImage:
		msgs = r.texts(m.Text)
		if httpURL(m.URL) {
			msgs = append(msgs, message{Attachment: &attachment{Type: "image", Payload: mediaPayload{URL: m.URL, IsReusable: true}}})
		}
	default:
		msgs = r.texts(m.Text)
	}
	if qr := r.quickReplies(m.Options); len(qr) > 0 {
		if len(msgs) == 0 {
			msgs = append(msgs, message{Text: r.t("messenger.choose")})
		}
		msgs[len(msgs)-1].QuickReplies = qr
	}
	outs := make([]channel.Outgoing, 0, len(msgs))
	for _, msg := range msgs {
		body, err := marshal(sendRequest{Recipient: recipient{ID: rc.To}, MessagingType: mt, Tag: tag, Message: msg})
		if err != nil {
			continue // plain structs of strings: cannot happen
		}
		outs = append(outs, channel.Outgoing{Body: body})
	}
	return outs
}

// marshal encodes without HTML escaping, so URLs stay readable in the
// outbox (the Graph API reads either form).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

type renderer struct {
	rc channel.RenderContext
}

func (r renderer) t(key string, args ...any) string {
	if r.rc.T == nil {
		return key
	}
	return r.rc.T(key, args...)
}

// payload keeps a button's payload within Messenger's 1000 characters,
// standing a short code in for a longer one; "" when it cannot.
func (r renderer) payload(p string) string {
	if p == "" || length(p) <= MaxPayload {
		return p
	}
	if r.rc.Shorten == nil {
		return ""
	}
	if s := r.rc.Shorten(p); s != "" && length(s) <= MaxPayload {
		return s
	}
	return ""
}

func (r renderer) texts(s string) []message {
	var msgs []message
	for _, part := range split(s, MaxText) {
		msgs = append(msgs, message{Text: part})
	}
	return msgs
}

func (r renderer) quickReplies(opts []conversation.Option) []quickReply {
	var qr []quickReply
	for _, o := range opts {
		if len(qr) == MaxQuickReplies {
			break
		}
		title := truncate(strings.TrimSpace(o.Title), MaxQuickReplyText)
		payload := r.payload(o.Payload)
		if title == "" || payload == "" {
			continue
		}
		qr = append(qr, quickReply{ContentType: "text", Title: title, Payload: payload})
	}
	return qr
}

// carousel shows up to ten products as generic templates. Each card's
// buttons add an in-stock variant (add:<sku>) or pick the product
// (focus:<handle>) when it has more variants than buttons or none in
// stock; an out-of-stock variant is never offered.
func (r renderer) carousel(items []conversation.Item) *message {
	var els []element
	for _, it := range items {
		if len(els) == MaxElements {
			break
		}
		title := strings.TrimSpace(it.Title)
		if title == "" {
			title = it.Handle
		}
		el := element{Title: truncate(title, MaxElementText), Subtitle: truncate(r.subtitle(it), MaxElementText), Buttons: r.buttons(it)}
		if httpURL(it.ImageURL) {
			el.ImageURL = it.ImageURL
		}
		if el.Title == "" {
			continue
		}
		els = append(els, el)
	}
	if len(els) == 0 {
		return nil
	}
	return &message{Attachment: &attachment{Type: "template", Payload: templatePayload{TemplateType: "generic", Elements: els}}}
}

func inStock(it conversation.Item) []conversation.ItemVariant {
	var vs []conversation.ItemVariant
	for _, v := range it.Variants {
		if v.InStock && v.SKU != "" {
			vs = append(vs, v)
		}
	}
	return vs
}

// subtitle is the price (from the cheapest in-stock variant when prices
// differ) and what is in stock.
func (r renderer) subtitle(it conversation.Item) string {
	lang := r.rc.Language
	vs := inStock(it)
	price := i18n.Money(lang, it.Price)
	if len(vs) > 0 {
		low, varied := vs[0].Price, false
		for _, v := range vs[1:] {
			if v.Price.Currency != low.Currency || v.Price.Amount != low.Amount {
				varied = true
				if v.Price.Currency == low.Currency && v.Price.Amount < low.Amount {
					low = v.Price
				}
			}
		}
		if low.Currency != "" {
			price = i18n.Money(lang, low)
		}
		if varied {
			price = r.t("messenger.price_from", "price", price)
		}
	}
	var stock string
	switch {
	case len(vs) == 0 && len(it.Variants) == 0 && it.InStock:
		stock = r.t("messenger.stock_in")
	case len(vs) == 0:
		stock = r.t("messenger.stock_out")
	case len(it.Variants) > 1:
		// A product with choices: say which are in stock ("S, M").
		labels := make([]string, 0, len(vs))
		for _, v := range vs {
			if l := variantLabel(v); l != "" {
				labels = append(labels, l)
			}
		}
		stock = r.t("messenger.stock_in")
		if len(labels) > 0 {
			stock = r.t("messenger.stock_options", "options", strings.Join(labels, ", "))
		}
	case vs[0].Stock > 0 && vs[0].Stock <= 3:
		stock = r.t("messenger.stock_few", "count", vs[0].Stock)
	default:
		stock = r.t("messenger.stock_in")
	}
	return price + " · " + stock
}

func (r renderer) buttons(it conversation.Item) []button {
	vs := inStock(it)
	var bs []button
	switch {
	case len(vs) == 0:
		if it.Handle != "" {
			bs = append(bs, button{Type: "postback", Title: r.t("messenger.button_details"), Payload: "focus:" + it.Handle})
		}
	case len(vs) == 1:
		title := r.t("messenger.button_add")
		if len(it.Variants) > 1 {
			if l := variantLabel(vs[0]); l != "" {
				title = l
			}
		}
		bs = append(bs, button{Type: "postback", Title: title, Payload: "add:" + vs[0].SKU})
	case len(vs) <= MaxButtons:
		for _, v := range vs {
			title := variantLabel(v)
			if title == "" {
				title = r.t("messenger.button_add")
			}
			bs = append(bs, button{Type: "postback", Title: title, Payload: "add:" + v.SKU})
		}
	default:
		// More variants in stock than buttons: the dialogue asks which.
		if it.Handle != "" {
			bs = append(bs, button{Type: "postback", Title: r.t("messenger.button_choose"), Payload: "focus:" + it.Handle})
		}
	}
	out := bs[:0]
	for _, b := range bs {
		b.Title = truncate(strings.TrimSpace(b.Title), MaxButtonTitle)
		if b.Payload = r.payload(b.Payload); b.Payload != "" && b.Title != "" {
			out = append(out, b)
		}
	}
	return out
}

// variantLabel names a variant by its option values in a stable order
// ("Blue / M").
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
	return strings.Join(vals, " / ")
}

// link sends the page, label, invoice or tracking address as a button
// template (text and one web_url button) when it fits, and as plain text
// with the address otherwise: either way a link the shopper can open.
func (r renderer) link(m conversation.Message) []message {
	text := strings.TrimSpace(m.Text)
	title := r.linkTitle(m.Purpose)
	if !httpURL(m.URL) {
		return r.texts(text)
	}
	if text == "" {
		text = title
	}
	if length(text) <= MaxButtonText {
		return []message{{Attachment: &attachment{Type: "template", Payload: templatePayload{TemplateType: "button", Text: text,
			Buttons: []button{{Type: "web_url", Title: truncate(title, MaxButtonTitle), URL: m.URL}}}}}}
	}
	if length(text)+1+length(m.URL) <= MaxText {
		return []message{{Text: text + "\n" + m.URL}}
	}
	return append(r.texts(text), r.texts(m.URL)...)
}

func (r renderer) linkTitle(purpose string) string {
	switch purpose {
	case "payment", "tracking", "label", "invoice", "article":
		return r.t("messenger.link_" + purpose)
	}
	return r.t("messenger.link_open")
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// length counts characters as Messenger's limits do. Meta does not say
// whether a character outside the Basic Multilingual Plane (most emoji)
// counts once or twice; counting UTF-16 units keeps within the limit
// either way, and Chinese and Armenian letters count once.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate cuts s to at most max characters on a rune boundary, ending
// in "…" when anything was cut.
func truncate(s string, max int) string {
	if length(s) <= max {
		return s
	}
	n, cut := 0, 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > max-1 { // room for the ellipsis
			cut = i
			break
		}
		n += utf16.RuneLen(r)
	}
	return strings.TrimRightFunc(s[:cut], isSpace) + "…"
}

// split cuts a long text into parts of at most max characters, at a line
// break, a space or a full stop of Chinese text where one is near the end
// of a part, and on a rune boundary otherwise.
func split(s string, max int) []string {
	s = strings.TrimSpace(s)
	var parts []string
	for s != "" {
		if length(s) <= max {
			parts = append(parts, s)
			break
		}
		n, end, brk := 0, len(s), -1
		for i, r := range s {
			if n+utf16.RuneLen(r) > max {
				end = i
				break
			}
			n += utf16.RuneLen(r)
			switch r {
			case '\n', ' ':
				brk = i // cut before the space
			case '。', '！', '？', '，', '；':
				brk = i + utf8.RuneLen(r) // keep the punctuation
			}
		}
		if brk > end/2 {
			end = brk
		}
		parts = append(parts, strings.TrimSpace(s[:end]))
		s = strings.TrimSpace(s[end:])
	}
	return parts
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }
