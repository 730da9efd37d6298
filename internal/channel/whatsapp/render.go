package whatsapp

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// WhatsApp's limits (Cloud API reference: text, interactive reply buttons,
// interactive list and image messages). Lengths are counted in UTF-16 code
// units, which is never less than the characters Meta counts, so an emoji
// cannot push a title over.
const (
	MaxText         = 4096 // text.body
	MaxBody         = 1024 // interactive body.text (reply buttons; lists allow more, we keep one limit)
	MaxCaption      = 1024 // image.caption
	MaxButtons      = 3    // reply buttons
	MaxButtonTitle  = 20   // reply.title, and a list's action.button
	MaxButtonID     = 256  // reply.id
	MaxRows         = 10   // rows of a list, all sections together
	MaxRowTitle     = 24
	MaxRowDesc      = 72
	MaxRowID        = 200
	MaxSectionTitle = 24
	MaxParam        = 1024 // a template body parameter
	// Window is how long after the shopper's last message the shop may
	// write freely; after it only approved templates.
	Window = 24 * time.Hour
	// lowStock is the stock at or under which a card says how many are left.
	lowStock = 3
)

// message is the Cloud API's send body; field order follows Meta's examples.
type message struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type"`
	To               string       `json:"to"`
	Type             string       `json:"type"`
	Text             *textBody    `json:"text,omitempty"`
	Image            *imageBody   `json:"image,omitempty"`
	Interactive      *interactive `json:"interactive,omitempty"`
	Template         *template    `json:"template,omitempty"`
}

type textBody struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

type imageBody struct {
	Link    string `json:"link"`
	Caption string `json:"caption,omitempty"`
}

type interactive struct {
	Type string `json:"type"` // button or list
	Body struct {
		Text string `json:"text"`
	} `json:"body"`
	Action action `json:"action"`
}

type action struct {
	Button   string    `json:"button,omitempty"` // a list's button label
	Buttons  []button  `json:"buttons,omitempty"`
	Sections []section `json:"sections,omitempty"`
}

type button struct {
	Type  string `json:"type"` // reply
	Reply struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"reply"`
}

type section struct {
	Title string `json:"title,omitempty"`
	Rows  []row  `json:"rows"`
}

type row struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type template struct {
	Name     string `json:"name"`
	Language struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []component `json:"components,omitempty"`
}

type component struct {
	Type       string      `json:"type"` // body
	Parameters []parameter `json:"parameters"`
}

type parameter struct {
	Type string `json:"type"` // text
	Text string `json:"text"`
}

// renderer builds one message's requests.
type renderer struct {
	rc  channel.RenderContext
	out []channel.Outgoing
}

// Render turns a message of the conversation into Cloud API requests:
// text first, then its buttons, cards or list. Outside the 24-hour window
// only the purpose's template goes out, or nothing.
func (p *Provider) Render(m conversation.Message, rc channel.RenderContext) []channel.Outgoing {
	if rc.T == nil {
		rc.T = func(key string, _ ...any) string { return key }
	}
	now := rc.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &renderer{rc: rc}
	if rc.LastInbound.IsZero() || now.Sub(rc.LastInbound) > Window {
		if rc.Template != nil {
			r.template(m, *rc.Template)
		}
		return r.out
	}
	switch m.Type {
	case conversation.TypeProducts:
		r.text(m.Text)
		r.products(m.Items)
		r.options(m.Options, "")
	case conversation.TypeLink:
		r.link(m)
		r.options(m.Options, "")
	case conversation.TypeImage:
		if m.URL == "" {
			r.textWithOptions(m.Text, m.Options)
			break
		}
		caption := m.Text
		if units(caption) > MaxCaption {
			r.text(caption)
			caption = ""
		}
		r.add(message{Type: "image", Image: &imageBody{Link: m.URL, Caption: caption}})
		r.options(m.Options, "")
	default:
		r.textWithOptions(m.Text, m.Options)
	}
	return r.out
}

func (r *renderer) add(m message) {
	m.MessagingProduct, m.RecipientType, m.To = "whatsapp", "individual", r.rc.To
	b, err := json.Marshal(m)
	if err != nil { // plain structs of strings: cannot happen
		return
	}
	r.out = append(r.out, channel.Outgoing{Body: b, Template: m.Type == "template"})
}

// text sends s as a text message (nothing for an empty one).
func (r *renderer) text(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	s = clip(s, MaxText)
	r.add(message{Type: "text", Text: &textBody{PreviewURL: hasLink(s), Body: s}})
}

// textWithOptions puts the text in the buttons' or list's body when it fits
// there, and sends it on its own first when it does not.
func (r *renderer) textWithOptions(text string, opts []conversation.Option) {
	text = strings.TrimSpace(text)
	if len(opts) == 0 {
		r.text(text)
		return
	}
	if units(text) > MaxBody {
		r.text(text)
		text = ""
	}
	r.options(opts, text)
}

// options renders quick replies: up to three as reply buttons, more as a
// list of at most ten rows. Beyond ten, the first ten are rows and the body
// names the rest, which the shopper can type (a list cannot hold them and a
// second list would be out of order with the dialogue).
func (r *renderer) options(opts []conversation.Option, body string) {
	if len(opts) == 0 {
		return
	}
	if body == "" {
		body = r.rc.T("whatsapp.choose_prompt")
	}
	if len(opts) <= MaxButtons && distinctTitles(opts) {
		ia := &interactive{Type: "button"}
		ia.Body.Text = clip(body, MaxBody)
		for _, o := range opts {
			var b button
			b.Type = "reply"
			b.Reply.ID = r.payload(o.Payload, o.Title, MaxButtonID)
			b.Reply.Title = clip(o.Title, MaxButtonTitle)
			ia.Action.Buttons = append(ia.Action.Buttons, b)
		}
		r.add(message{Type: "interactive", Interactive: ia})
		return
	}
	var rows []row
	var rest []string
	seen := map[string]bool{}
	for _, o := range opts {
		id := r.payload(o.Payload, o.Title, MaxRowID)
		if seen[id] { // Meta refuses a list with two rows of one id
			continue
		}
		seen[id] = true
		if len(rows) == MaxRows {
			rest = append(rest, o.Title)
			continue
		}
		rw := row{ID: id, Title: clip(o.Title, MaxRowTitle)}
		if rw.Title != o.Title { // the whole title, where the row has room
			rw.Description = clip(o.Title, MaxRowDesc)
		}
		rows = append(rows, rw)
	}
	if len(rest) > 0 {
		more := "\n\n" + r.rc.T("whatsapp.more_choices", "titles", strings.Join(rest, ", "))
		body = clip(body, MaxBody-units(more)) + more
	}
	r.list(body, r.rc.T("whatsapp.choose"), []section{{Rows: rows}})
}

func (r *renderer) list(body, label string, sections []section) {
	ia := &interactive{Type: "list"}
	ia.Body.Text = clip(body, MaxBody)
	ia.Action.Button = clip(label, MaxButtonTitle)
	if len(sections) > 1 {
		for i := range sections {
			if sections[i].Title == "" { // required once there are several
				sections[i].Title = "-"
			}
		}
	}
	ia.Action.Sections = sections
	r.add(message{Type: "interactive", Interactive: ia})
}

// payload is an option's id at WhatsApp: its payload, or the core's short
// code for one too long for the field. An option without a payload sends
// its title, which the dialogue reads as if typed.
func (r *renderer) payload(p, title string, max int) string {
	if p == "" {
		p = title
	}
	p = strings.ToValidUTF8(p, "\uFFFD")
	if len(p) > max && r.rc.Shorten != nil {
		return r.rc.Shorten(p)
	}
	return p
}

// distinctTitles: reply buttons must have different titles, also once cut
// to twenty characters; when they would not, a list (24, with the whole
// title as description) tells them apart.
func distinctTitles(opts []conversation.Option) bool {
	seen := map[string]bool{}
	for _, o := range opts {
		t := clip(o.Title, MaxButtonTitle)
		if seen[t] || strings.TrimSpace(t) == "" {
			return false
		}
		seen[t] = true
	}
	return true
}

// link sends the link as text with its URL whole, so WhatsApp shows it as
// a link the shopper opens; the text says what it is.
func (r *renderer) link(m conversation.Message) {
	if m.URL == "" {
		r.text(m.Text)
		return
	}
	label := r.rc.T(linkKey(m.Purpose))
	tail := label + "\n" + m.URL
	body := tail
	if t := strings.TrimSpace(m.Text); t != "" {
		body = clip(t, MaxText-units(tail)-2) + "\n\n" + tail
	}
	r.add(message{Type: "text", Text: &textBody{PreviewURL: true, Body: clip(body, MaxText)}})
}

func linkKey(purpose string) string {
	switch purpose {
	case "payment", "tracking", "label", "invoice", "article":
		return "whatsapp.link." + purpose
	}
	return "whatsapp.link.other"
}

// template fills the purpose's approved template: its parameters in order,
// each cleaned of what Meta refuses in a parameter (new lines, tabs, more
// than four spaces in a row) and cut to its limit.
func (r *renderer) template(m conversation.Message, t channel.Template) {
	tp := &template{Name: t.Name}
	tp.Language.Code = t.Code
	if tp.Language.Code == "" {
		tp.Language.Code = t.Language
	}
	if len(t.Parameters) > 0 {
		c := component{Type: "body"}
		for _, kind := range t.Parameters {
			v := m.Text
			if kind == "url" {
				v = m.URL
			}
			v = clip(oneLine(v), MaxParam)
			if v == "" {
				v = "-" // Meta refuses an empty parameter
			}
			c.Parameters = append(c.Parameters, parameter{Type: "text", Text: v})
		}
		tp.Components = []component{c}
	}
	r.add(message{Type: "template", Template: tp})
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// products shows each product as a card (an image with a caption, or text
// when it has no image), then one list whose rows add an in-stock variant
// to the cart with one tap. Sold-out variants are never rows.
func (r *renderer) products(items []conversation.Item) {
	if len(items) > MaxRows {
		items = items[:MaxRows]
	}
	for _, it := range items {
		caption := r.caption(it)
		if sendableImage(it.ImageURL) {
			r.add(message{Type: "image", Image: &imageBody{Link: it.ImageURL, Caption: clip(caption, MaxCaption)}})
		} else {
			r.text(caption)
		}
	}
	sections := r.variantRows(items)
	if len(sections) == 0 {
		return
	}
	r.list(r.rc.T("whatsapp.products.pick"), r.rc.T("whatsapp.products.button"), sections)
}

// caption: the title in bold, the price (and the old one on sale), then the
// sizes and colours in stock, with the count when few are left.
func (r *renderer) caption(it conversation.Item) string {
	lang := r.rc.Language
	var b strings.Builder
	b.WriteString("*" + strings.TrimSpace(it.Title) + "*\n")
	price := i18n.Money(lang, it.Price)
	if it.CompareAtPrice != nil && it.CompareAtPrice.Amount > it.Price.Amount {
		price += " " + r.rc.T("whatsapp.products.was", "price", i18n.Money(lang, *it.CompareAtPrice))
	}
	b.WriteString(price)
	var avail []string
	for _, v := range it.Variants {
		if !v.InStock {
			continue
		}
		name := variantName(v)
		if name == "" {
			if v.Stock > 0 && v.Stock <= lowStock {
				avail = append(avail, r.rc.T("whatsapp.products.only_left", "count", v.Stock))
			}
			continue
		}
		if v.Stock > 0 && v.Stock <= lowStock {
			name += " (" + r.rc.T("whatsapp.products.only_left", "count", v.Stock) + ")"
		}
		avail = append(avail, name)
	}
	switch {
	case !it.InStock || !anyInStock(it):
		b.WriteString("\n" + r.rc.T("whatsapp.products.sold_out"))
	case len(avail) > 0:
		b.WriteString("\n" + r.rc.T("whatsapp.products.in_stock", "variants", strings.Join(avail, ", ")))
	}
	return b.String()
}

func anyInStock(it conversation.Item) bool {
	if len(it.Variants) == 0 {
		return it.InStock
	}
	for _, v := range it.Variants {
		if v.InStock {
			return true
		}
	}
	return false
}

// variantRows: every in-stock variant as an "add:<sku>" row, grouped by
// product, when they fit in ten rows; otherwise one row per product in
// stock: "add:<sku>" when it has one variant in stock, "focus:<handle>"
// (which answers with that product's own list) when it has several.
func (r *renderer) variantRows(items []conversation.Item) []section {
	lang := r.rc.Language
	type inStock struct {
		it conversation.Item
		vs []conversation.ItemVariant
	}
	var stocked []inStock
	total := 0
	for _, it := range items {
		if !it.InStock {
			continue
		}
		var vs []conversation.ItemVariant
		for _, v := range it.Variants {
			if v.InStock && v.SKU != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			stocked = append(stocked, inStock{it, vs})
			total += len(vs)
		}
	}
	if len(stocked) == 0 {
		return nil
	}
	// Meta refuses a list with two rows of one id (a product shown twice).
	seen := map[string]bool{}
	fresh := func(id string) bool {
		if seen[id] {
			return false
		}
		seen[id] = true
		return true
	}
	if total <= MaxRows || len(stocked) == 1 {
		var secs []section
		n := 0
		for _, s := range stocked {
			sec := section{Title: clip(s.it.Title, MaxSectionTitle)}
			for _, v := range s.vs {
				if n == MaxRows {
					break
				}
				id := r.payload("add:"+v.SKU, "", MaxRowID)
				if !fresh(id) {
					continue
				}
				title := variantName(v)
				if title == "" {
					title = s.it.Title
				}
				desc := []string{i18n.Money(lang, v.Price)}
				if v.Stock > 0 && v.Stock <= lowStock {
					desc = append(desc, r.rc.T("whatsapp.products.only_left", "count", v.Stock))
				}
				sec.Rows = append(sec.Rows, row{
					ID:          id,
					Title:       clip(title, MaxRowTitle),
					Description: clip(strings.Join(desc, " · "), MaxRowDesc),
				})
				n++
			}
			if len(sec.Rows) > 0 {
				secs = append(secs, sec)
			}
		}
		return secs
	}
	sec := section{}
	for _, s := range stocked {
		if len(sec.Rows) == MaxRows {
			break
		}
		rw := row{Title: clip(s.it.Title, MaxRowTitle)}
		if len(s.vs) == 1 {
			v := s.vs[0]
			rw.ID = r.payload("add:"+v.SKU, "", MaxRowID)
			desc := i18n.Money(lang, v.Price)
			if name := variantName(v); name != "" {
				desc = name + " · " + desc
			}
			rw.Description = clip(desc, MaxRowDesc)
		} else {
			rw.ID = r.payload("focus:"+s.it.Handle, "", MaxRowID)
			rw.Description = clip(i18n.Money(lang, s.it.Price)+" · "+r.rc.T("whatsapp.products.choose_variant", "count", len(s.vs)), MaxRowDesc)
		}
		if fresh(rw.ID) {
			sec.Rows = append(sec.Rows, rw)
		}
	}
	return []section{sec}
}

// variantName is a variant's option values ("Blue · M"), in the order of
// the option names so it reads the same on every card.
func variantName(v conversation.ItemVariant) string {
	keys := make([]string, 0, len(v.Options))
	for k, val := range v.Options {
		if strings.TrimSpace(val) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = v.Options[k]
	}
	return strings.Join(vals, " · ")
}

func hasLink(s string) bool {
	return strings.Contains(s, "https://") || strings.Contains(s, "http://")
}

// units is s's length in UTF-16 code units.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if utf16.RuneLen(r) == 2 {
		return 2
	}
	return 1
}

// clip cuts s to at most max UTF-16 units at a rune boundary, ending in
// "…" when it cut, so a title never ends in half a character. Bytes that
// are not UTF-8 become U+FFFD here, as JSON would make them, so titles are
// compared as WhatsApp will see them.
func clip(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if units(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	n := 0
	for i, r := range s {
		w := runeUnits(r)
		if n+w > max-1 {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		n += w
	}
	return s
}

// sendableImage reports whether WhatsApp can fetch and show the picture:
// an absolute http(s) address of a JPEG or PNG (the Cloud API takes no
// SVG, and Meta's servers cannot reach a relative or local address). A
// card whose picture cannot go is sent as text rather than refused whole.
func sendableImage(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return false
	}
	p := strings.ToLower(u.Path)
	return !strings.HasSuffix(p, ".svg") && !strings.HasSuffix(p, ".gif") && !strings.HasSuffix(p, ".webp")
}
