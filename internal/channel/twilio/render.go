package twilio

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// Limits of the numbered choices. Ten keeps the list readable on a phone
// and the reply one or two digits.
const (
	maxChoices     = 10
	maxTitle       = 60 // runes of a choice's title
	maxVariants    = 8  // in-stock variants named under a product
	ellipsis       = "..."
	choiceSep      = " "
	variantJoin    = ", "
	detailIndent   = "   "
	partSeparation = "\n\n"
)

// Choices returns the options Render numbered for m, in order: choice n is
// Choices(m)[n-1]. SMS carries no payloads, so the core keeps the last
// numbered choices of each conversation and reads a reply that is a bare
// number ("2", " 2. ") as that option's Payload (Choose does the reading).
// When one turn sends several messages with choices, the last one's count.
func Choices(m conversation.Message) []conversation.Option {
	var out []conversation.Option
	if m.Type == conversation.TypeProducts {
		for _, it := range m.Items {
			out = append(out, conversation.Option{Title: it.Title, Payload: itemPayload(it)})
		}
	}
	out = append(out, m.Options...)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out
}

// itemPayload is what choosing a product does: add it when exactly one
// variant can be bought, otherwise pick the product so the dialogue asks
// for the size or tells when it is back.
func itemPayload(it conversation.Item) string {
	var sku string
	n := 0
	for _, v := range it.Variants {
		if v.InStock {
			sku = v.SKU
			n++
		}
	}
	if len(it.Variants) == 0 && it.InStock && it.SKU != "" {
		sku, n = it.SKU, 1
	}
	if n == 1 && sku != "" {
		return "add:" + sku
	}
	return "focus:" + it.Handle
}

// Render turns a message into one SMS, or several when its text is longer
// than Twilio's 1,600 characters: the text first, the numbered choices last
// and whole. Links and images are sent as plain URLs (MMS does not reach
// most of the shop's countries).
func (p *Provider) Render(m conversation.Message, rc channel.RenderContext) []channel.Outgoing {
	t := rc.T
	if t == nil {
		t = func(key string, _ ...any) string { return key }
	}
	head := strings.TrimSpace(m.Text)
	switch m.Type {
	case conversation.TypeLink:
		if m.URL != "" {
			head = joinParts(head, linkLabel(t, m.Purpose)+": "+m.URL, "\n")
		}
	case conversation.TypeImage:
		if m.URL != "" {
			head = joinParts(head, m.URL, "\n")
		}
	}
	block := choiceBlock(m, rc.Language, t, true)
	if Length(block) > MaxBody {
		block = choiceBlock(m, rc.Language, t, false)
	}
	var bodies []string
	if whole := joinParts(head, block, partSeparation); Length(whole) <= MaxBody {
		bodies = []string{whole}
	} else {
		bodies = split(head, MaxBody)
		if last := joinParts(bodies[len(bodies)-1], block, partSeparation); Length(last) <= MaxBody {
			bodies[len(bodies)-1] = last
		} else if block != "" {
			bodies = append(bodies, block)
		}
	}
	var out []channel.Outgoing
	for _, b := range bodies {
		if strings.TrimSpace(b) == "" {
			continue
		}
		out = append(out, channel.Outgoing{Body: []byte(url.Values{"Body": {b}}.Encode())})
	}
	return out
}

// choiceBlock is the numbered list and the "Reply 1, 2 or 3" line; with
// details, products say their price and the variants in stock.
func choiceBlock(m conversation.Message, lang string, t func(string, ...any) string, details bool) string {
	choices := Choices(m)
	if len(choices) == 0 {
		return ""
	}
	var b strings.Builder
	items := 0
	if m.Type == conversation.TypeProducts {
		items = len(m.Items)
	}
	for i, c := range choices {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(choiceSep)
		b.WriteString(Truncate(oneLine(c.Title), maxTitle))
		if i < items {
			it := m.Items[i]
			b.WriteString(" - ")
			b.WriteString(i18n.Money(lang, it.Price))
			if details {
				b.WriteByte('\n')
				b.WriteString(detailIndent)
				b.WriteString(stockLine(it, t))
			}
		}
	}
	b.WriteByte('\n')
	b.WriteString(replyLine(len(choices), t))
	return b.String()
}

// stockLine names the variants in stock ("In stock: 41, 42") or says there
// are none.
func stockLine(it conversation.Item, t func(string, ...any) string) string {
	var names []string
	for _, v := range it.Variants {
		if v.InStock {
			names = append(names, variantName(v))
		}
	}
	if len(it.Variants) == 0 {
		if it.InStock {
			return t("twilio.in_stock_plain")
		}
		return t("twilio.out_of_stock")
	}
	if len(names) == 0 {
		return t("twilio.out_of_stock")
	}
	more := len(names) > maxVariants
	if more {
		names = names[:maxVariants]
	}
	list := strings.Join(names, variantJoin)
	if more {
		list += variantJoin + ellipsis
	}
	return t("twilio.in_stock", "variants", Truncate(list, 2*maxTitle))
}

// variantName is a variant's option values in a stable order ("42",
// "black / 42"), or its SKU when it has none.
func variantName(v conversation.ItemVariant) string {
	if len(v.Options) == 0 {
		return v.SKU
	}
	keys := make([]string, 0, len(v.Options))
	for k := range v.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := make([]string, 0, len(keys))
	for _, k := range keys {
		vals = append(vals, oneLine(v.Options[k]))
	}
	return strings.Join(vals, " / ")
}

// replyLine asks for the number: "Reply 1", "Reply 1, 2 or 3", "Reply a
// number from 1 to 8".
func replyLine(n int, t func(string, ...any) string) string {
	switch {
	case n == 1:
		return t("twilio.reply_one")
	case n <= 3:
		nums := make([]string, n-1)
		for i := range nums {
			nums[i] = strconv.Itoa(i + 1)
		}
		return t("twilio.reply_list", "list", strings.Join(nums, ", "), "last", strconv.Itoa(n))
	}
	return t("twilio.reply_range", "first", "1", "last", strconv.Itoa(n))
}

func linkLabel(t func(string, ...any) string, purpose string) string {
	switch purpose {
	case "payment", "tracking", "label", "invoice", "article":
		return t("twilio.link." + purpose)
	}
	return t("twilio.link.open")
}

func joinParts(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// oneLine keeps a title on its line: the numbering is read line by line.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// Truncate cuts s to at most n runes, ending in "..." when cut, never
// inside a rune. Three dots rather than "…": one character outside GSM-7
// would make the whole SMS UCS-2 and halve its length.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := n - len(ellipsis)
	if cut < 0 {
		cut = 0
	}
	return strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + ellipsis
}

// split cuts text into pieces of at most limit characters, at a line break
// or a space when there is one in the second half of the piece, never
// inside a rune.
func split(text string, limit int) []string {
	var out []string
	for Length(text) > limit {
		r := []rune(text)
		// The longest prefix within the limit (Length counts UTF-16 units).
		end, units := 0, 0
		for end < len(r) {
			u := 1
			if r[end] > 0xFFFF {
				u = 2
			}
			if units+u > limit {
				break
			}
			units += u
			end++
		}
		cut := end
		for i := end; i > end/2; i-- {
			if r[i-1] == '\n' || r[i-1] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace))
		text = strings.TrimLeftFunc(string(r[cut:]), unicode.IsSpace)
	}
	if text != "" || len(out) == 0 {
		out = append(out, text)
	}
	return out
}

// Length is a body's length as Twilio counts it against its 1,600
// character limit (UTF-16 code units: an emoji counts two).
func Length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// GSM 03.38: the basic set costs one septet, the extension set two (after
// an escape). Anything else makes the whole SMS UCS-2.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "^{}\\[~]|€\f"
)

// Segments is how many SMS a body costs and whether it goes as UCS-2
// (Chinese, Armenian, an emoji): 160 GSM-7 septets or 70 UCS-2 units in one
// SMS, 153 or 67 per part when concatenated.
func Segments(body string) (segments int, ucs2 bool) {
	septets := 0
	for _, r := range body {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			septets++
		case strings.ContainsRune(gsmExtension, r):
			septets += 2
		default:
			ucs2 = true
		}
	}
	if body == "" {
		return 0, false
	}
	if ucs2 {
		units := Length(body)
		if units <= 70 {
			return 1, true
		}
		return (units + 66) / 67, true
	}
	if septets <= 160 {
		return 1, false
	}
	return (septets + 152) / 153, false
}

// Choose reads a reply to numbered choices: when the whole SMS is a number
// of one of them ("2", " 2. ", "#2", full-width "２" from a Chinese
// keyboard), it returns that choice's payload. The core calls it with the
// conversation's last Choices before running a turn.
func Choose(body string, choices []conversation.Option) (payload string, ok bool) {
	s := strings.TrimSpace(body)
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimRight(s, ".)")
	if s == "" || len(s) > 12 {
		return "", false
	}
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return "", false
		}
	}
	if n < 1 || n > len(choices) {
		return "", false
	}
	return choices[n-1].Payload, true
}
