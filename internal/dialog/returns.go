package dialog

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// returnFlow marks the questions of a return in state.After, so their
// answers come here rather than to the cart's size or quantity questions.
const returnFlow = "return_flow"

// returnState is a return being put together, one question at a time.
type returnState struct {
	Kind   string `json:"kind"`
	Order  string `json:"order"`
	SKU    string `json:"sku,omitempty"`
	Qty    int    `json:"qty,omitempty"`
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
	NewSKU string `json:"new_sku,omitempty"`
	Method string `json:"method,omitempty"`
	Slot   int64  `json:"slot,omitempty"` // pickup start, Unix seconds
}

func init() {
	orderSkills["return_item"] = orderSkill{run: (*Bot).startReturn, eligible: returnable}
	orderSkills["exchange_item"] = orderSkill{run: (*Bot).startExchange, eligible: returnable}
	orderSkills["refund_status"] = orderSkill{run: (*Bot).refundStatus, eligible: hasReturns}
}

// returnable offers orders that have left the warehouse: a shipped order
// gets a clear "not delivered yet" rather than silence.
func returnable(o *order.Order) bool {
	return o.Status == order.StatusDelivered || o.Status == order.StatusShipped
}

func hasReturns(o *order.Order) bool {
	return len(o.Returns) > 0 || o.PaymentStatus == order.PaymentRefunded
}

// returnIntent starts a return or exchange. A known customer none of whose
// orders has left the warehouse hears so instead of an empty list.
func (b *Bot) returnIntent(t *turn, skill string) error {
	if b.returnsPolicyAsked(t) { // resume.go: "can I send it back?" while buying
		return b.faq(t, "store_policy")
	}
	if b.Returns == nil {
		b.notYet(t)
		return nil
	}
	if t.c.CustomerID != 0 && b.orderNumber(t) == "" {
		os, err := b.Orders.List(t.ctx, order.Filter{CustomerID: t.c.CustomerID, Limit: 100})
		if err != nil {
			return err
		}
		some := false
		for i := range os {
			some = some || returnable(&os[i])
		}
		if !some && len(os) > 0 {
			b.say(t, "returns.none_delivered")
			return nil
		}
	}
	return b.withOrder(t, skill)
}

// refundIntent answers "where is my refund?" from the returns as they are.
func (b *Bot) refundIntent(t *turn) error {
	if b.Returns == nil {
		b.notYet(t)
		return nil
	}
	if t.c.CustomerID != 0 && b.orderNumber(t) == "" {
		os, err := b.Orders.List(t.ctx, order.Filter{CustomerID: t.c.CustomerID, Limit: 100})
		if err != nil {
			return err
		}
		some := false
		for i := range os {
			some = some || hasReturns(&os[i])
		}
		if !some {
			m := b.say(t, "returns.status_none_any")
			if len(os) > 0 {
				m.Options = []conversation.Option{b.option(t, "returns.option_start", "ret:start")}
			}
			return nil
		}
	}
	return b.withOrder(t, "refund_status")
}

func (b *Bot) startReturn(t *turn, o *order.Order) error {
	return b.beginReturn(t, o, returns.KindReturn)
}

func (b *Bot) startExchange(t *turn, o *order.Order) error {
	return b.beginReturn(t, o, returns.KindExchange)
}

func (b *Bot) beginReturn(t *turn, o *order.Order, kind string) error {
	t.st.Return = &returnState{Kind: kind, Order: o.Number}
	e, err := b.Returns.Eligibility(t.ctx, o)
	if err != nil {
		return err
	}
	if len(e.Returnable()) == 0 {
		b.refuse(t, o, e)
		t.st.Return = nil
		return nil
	}
	// "I want to return the shoes": the item may be named already.
	if sku := b.matchReturnLine(t, e.Returnable()); sku != "" {
		t.st.Return.SKU = sku
	}
	if n, ok := t.res.First("quantity"); ok && t.st.Return.SKU != "" {
		t.st.Return.Qty, _ = strconv.Atoi(valueString(n.Value))
	}
	// "exchange them for a 43": the replacement may be named already.
	_, size := t.res.First("size")
	_, color := t.res.First("color")
	if kind == returns.KindExchange && t.st.Return.SKU != "" && (size || color) {
		t.st.Return.NewSKU = b.matchVariant(t, t.st.Return)
	}
	return b.returnNext(t)
}

// refuse explains why nothing of o can come back.
func (b *Bot) refuse(t *turn, o *order.Order, e returns.Eligibility) {
	days := b.Returns.Policy().WindowDays
	said := map[string]bool{}
	for _, l := range e.Lines {
		switch l.Refusal {
		case returns.RefuseNotDelivered, returns.RefuseWindowClosed, returns.RefuseNotPaid:
			if !said[l.Refusal] {
				said[l.Refusal] = true
				b.say(t, "returns.refused_"+l.Refusal, "number", o.Number, "days", days,
					"date", dayFormat(t.lang, e.Deadline.In(b.Returns.Policy().Location())))
			}
		case returns.RefuseExcluded:
			b.say(t, "returns.refused_excluded", "item", l.Title)
		case returns.RefuseReturned:
			b.say(t, "returns.refused_already_returned", "item", l.Title, "qty", l.Bought)
		}
	}
	if len(said) == 0 && len(t.out) == 0 {
		b.say(t, "returns.nothing_returnable", "number", o.Number)
	}
}

// returnNext asks for the next missing piece of the return, or creates it
// once nothing is missing.
func (b *Bot) returnNext(t *turn) error {
	rs := t.st.Return
	t.st.Ask, t.st.Misses = "", 0
	if rs == nil {
		b.fallback(t)
		return nil
	}
	o, ok := b.verified(t, rs.Order)
	if !ok {
		t.st.Return = nil
		b.fallback(t)
		return nil
	}
	e, err := b.Returns.Eligibility(t.ctx, o)
	if err != nil {
		return err
	}
	lines := e.Returnable()
	if len(lines) == 0 {
		t.st.Return = nil
		b.refuse(t, o, e)
		return nil
	}
	if rs.SKU == "" {
		if len(lines) == 1 {
			rs.SKU = lines[0].SKU
		} else {
			key := "returns.ask_item"
			if rs.Kind == returns.KindExchange {
				key = "returns.ask_item_exchange"
			}
			m := b.say(t, key, "number", o.Number)
			for _, l := range lines {
				m.Options = append(m.Options, conversation.Option{Title: l.Title, Payload: "ret:item:" + l.SKU})
			}
			b.askReturn(t, "return_item")
			return nil
		}
	}
	line, _ := e.Line(rs.SKU)
	if line.Returnable == 0 {
		b.refuseLine(t, o, e, line)
		rs.SKU, rs.Qty = "", 0
		if len(lines) > 0 {
			return b.returnNext(t)
		}
		return nil
	}
	if rs.Qty > line.Returnable {
		b.say(t, "returns.too_many", "item", line.Title, "max", line.Returnable)
		rs.Qty = 0
	}
	if rs.Qty <= 0 {
		if line.Returnable == 1 {
			rs.Qty = 1
		} else {
			b.say(t, "returns.ask_quantity", "item", line.Title, "max", line.Returnable)
			b.askReturn(t, "quantity")
			return nil
		}
	}
	if rs.Reason == "" {
		m := b.say(t, "returns.ask_reason")
		for _, r := range returns.Reasons {
			m.Options = append(m.Options, b.option(t, "returns.reason."+r, "ret:reason:"+r))
		}
		b.askReturn(t, "return_reason")
		return nil
	}
	if rs.Kind == returns.KindExchange && rs.NewSKU == "" {
		return b.askVariant(t, o, line)
	}
	pol := b.Returns.Policy()
	if rs.Method == "" {
		if !pol.Pickup.Enabled {
			rs.Method = returns.MethodLabel
		} else {
			m := b.say(t, "returns.ask_method")
			m.Options = []conversation.Option{
				b.option(t, "returns.method.label", "ret:method:label"),
				b.option(t, "returns.method.pickup", "ret:method:pickup"),
			}
			b.askReturn(t, "return_method")
			return nil
		}
	}
	var slot *returns.Window
	if rs.Method == returns.MethodPickup {
		slot = b.pickupSlot(t, rs.Slot)
		if slot == nil {
			if rs.Slot != 0 {
				b.say(t, "returns.slot_gone")
			}
			rs.Slot = 0
			m := b.say(t, "returns.ask_slot")
			for _, w := range b.openSlots(t) {
				m.Options = append(m.Options, conversation.Option{Title: b.slotTitle(t, w), Payload: "ret:slot:" + strconv.FormatInt(w.Start.Unix(), 10)})
			}
			b.askReturn(t, "pickup_slot")
			return nil
		}
	}
	return b.createReturn(t, o, line, slot)
}

func (b *Bot) askReturn(t *turn, field string) {
	t.st.Ask, t.st.After = field, returnFlow
}

func (b *Bot) refuseLine(t *turn, o *order.Order, e returns.Eligibility, l returns.LineEligibility) {
	b.refuse(t, o, returns.Eligibility{Lines: []returns.LineEligibility{l}, Deadline: e.Deadline, DeliveredAt: e.DeliveredAt})
}

// askVariant offers the product's other sizes and colours in stock; with
// none, a refund instead.
func (b *Bot) askVariant(t *turn, o *order.Order, line returns.LineEligibility) error {
	var price = o.Total
	for _, it := range o.Items {
		if it.SKU == line.SKU {
			price = it.UnitPrice
		}
	}
	p, vs, err := b.Returns.ExchangeOptions(t.ctx, line.SKU, price)
	if err != nil {
		return err
	}
	if p == nil || len(vs) == 0 {
		m := b.say(t, "returns.exchange_none", "item", line.Title)
		m.Options = []conversation.Option{
			b.option(t, "returns.option_refund", "ret:refund"),
			b.option(t, "returns.option_stop", "ret:stop"),
		}
		return nil
	}
	m := b.say(t, "returns.ask_variant", "item", line.Title)
	if len(vs) > maxVariantButtons {
		vs = vs[:maxVariantButtons] // typing another size still works
	}
	for _, v := range vs {
		m.Options = append(m.Options, conversation.Option{Title: variantLabel(p, v), Payload: "ret:var:" + v.SKU})
	}
	field := "color"
	for _, name := range p.Options {
		if canonicalField(name) == "size" {
			field = "size"
		}
	}
	b.askReturn(t, field)
	return nil
}

// maxVariantButtons keeps the replacement choice readable on a phone.
const maxVariantButtons = 12

// variantLabel names a variant by its option values: "43 / Black".
func variantLabel(p *catalog.Product, v catalog.Variant) string {
	var vals []string
	for _, name := range p.Options {
		if val := v.Options[name]; val != "" {
			vals = append(vals, val)
		}
	}
	if len(vals) == 0 {
		return v.SKU
	}
	return strings.Join(vals, " / ")
}

func (b *Bot) pickupSlot(t *turn, start int64) *returns.Window {
	if start == 0 {
		return nil
	}
	for _, w := range b.openSlots(t) {
		if w.Start.Unix() == start {
			return &w
		}
	}
	return nil
}

func (b *Bot) slotTitle(t *turn, w returns.Window) string {
	return b.Messages.T(t.lang, "returns.slot", "day", dayFormat(t.lang, w.Start), "from", w.Start.Format("15:04"), "to", w.End.Format("15:04"))
}

// createReturn registers the return and hands over the label.
func (b *Bot) createReturn(t *turn, o *order.Order, line returns.LineEligibility, slot *returns.Window) error {
	rs := t.st.Return
	r, err := b.Returns.Create(t.ctx, returns.Request{Order: o, Kind: rs.Kind, SKU: rs.SKU, Quantity: rs.Qty, Reason: rs.Reason,
		Note: rs.Note, ExchangeSKU: rs.NewSKU, Method: rs.Method, Pickup: slot, ConversationID: t.c.ID, Language: t.lang})
	switch {
	case errors.Is(err, catalog.ErrOutOfStock):
		// Someone bought the last one of the chosen replacement meanwhile.
		rs.NewSKU = ""
		b.say(t, "returns.exchange_sold_out")
		return b.returnNext(t)
	case errors.Is(err, returns.ErrRefused):
		if max, ok := returns.TooMany(err); ok {
			rs.Qty = max + 1 // says "at most max" and asks again
		} else {
			rs.SKU, rs.Qty = "", 0
		}
		return b.returnNext(t)
	case errors.Is(err, returns.ErrSlotFull):
		// Someone took the slot's last place while the shopper chose:
		// offer the slots that still have room.
		rs.Slot = -1
		return b.returnNext(t)
	case errors.Is(err, returns.ErrInvalid) && (rs.Method == returns.MethodPickup || rs.NewSKU != ""):
		// The slot passed while the shopper chose, or a stale button named
		// a replacement that is not offered: ask that again.
		if rs.Method == returns.MethodPickup {
			rs.Slot = -1
		}
		rs.NewSKU = ""
		return b.returnNext(t)
	case err != nil:
		return err
	}
	t.st.Return, t.st.Ask, t.st.After = nil, "", ""
	args := []any{"id", r.ID, "qty", rs.Qty, "item", line.Title, "number", o.Number}
	if slot != nil {
		b.say(t, "returns.confirmed_pickup", append(args, "slot", b.slotTitle(t, *slot))...)
	} else {
		b.say(t, "returns.confirmed_label", args...)
	}
	if r.Kind == returns.KindExchange {
		title := rs.NewSKU
		if v, err := b.Catalog.Variant(t.ctx, rs.NewSKU); err == nil {
			if p, err := b.Catalog.ProductByID(t.ctx, v.ProductID); err == nil {
				title = catalog.VariantTitle(p, v)
			}
		}
		b.say(t, "returns.confirmed_exchange", "item", title)
	} else {
		b.say(t, "returns.refund_note", "amount", b.money(t, b.Returns.RefundAmount(o, r)))
	}
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "label",
		URL: b.LabelURL(t.ctx, r.LabelToken), Text: b.Messages.T(t.lang, "returns.label_link")})
	return nil
}

// LabelURL is the label's unguessable address, signed to expire: asking
// again gives a fresh one.
func (b *Bot) LabelURL(ctx context.Context, token string) string {
	base := ""
	if b.BaseURL != nil {
		base = b.BaseURL(ctx)
	}
	return base + b.signed("/documents/labels/"+token+".pdf")
}

// signed is path with the link signature, when links are signed.
func (b *Bot) signed(path string) string {
	if b.SignLink == nil {
		return path
	}
	return b.SignLink(path)
}

// returnPayload handles the return's buttons: ret:<what>:<value>.
func (b *Bot) returnPayload(t *turn, arg string) error {
	what, val, _ := strings.Cut(arg, ":")
	if what == "start" {
		return b.returnIntent(t, "return_item")
	}
	rs := t.st.Return
	if rs == nil || b.Returns == nil {
		b.fallback(t) // a button of a return that is done or abandoned
		return nil
	}
	switch what {
	case "item":
		rs.SKU, rs.Qty = val, 0
	case "reason":
		if !validReason(val) {
			b.fallback(t)
			return nil
		}
		rs.Reason = val
	case "var":
		rs.NewSKU = val
	case "method":
		if val != returns.MethodLabel && val != returns.MethodPickup {
			b.fallback(t)
			return nil
		}
		rs.Method = val
	case "slot":
		rs.Slot, _ = strconv.ParseInt(val, 10, 64)
	case "refund":
		rs.Kind, rs.NewSKU = returns.KindReturn, ""
	case "stop":
		t.st.Return, t.st.Ask, t.st.After = nil, "", ""
		b.say(t, "deny.reply")
		return nil
	default:
		b.fallback(t)
		return nil
	}
	return b.returnNext(t)
}

func validReason(r string) bool {
	for _, x := range returns.Reasons {
		if x == r {
			return true
		}
	}
	return false
}

// answerReturn takes a typed answer to one of the return's questions.
func (b *Bot) answerReturn(t *turn) (bool, error) {
	rs := t.st.Return
	text := strings.TrimSpace(t.res.Text)
	switch t.st.Ask {
	case "return_item":
		o, ok := b.verified(t, rs.Order)
		if !ok {
			break
		}
		e, err := b.Returns.Eligibility(t.ctx, o)
		if err != nil {
			return true, err
		}
		lines := e.Returnable()
		if i := ordinal(text); i >= 0 && i < len(lines) {
			rs.SKU = lines[i].SKU
			return true, b.returnNext(t)
		}
		if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(lines) {
			rs.SKU = lines[n-1].SKU
			return true, b.returnNext(t)
		}
		if sku := b.matchReturnLine(t, lines); sku != "" {
			rs.SKU = sku
			return true, b.returnNext(t)
		}
	case "quantity":
		n := 0
		if q, ok := t.res.First("quantity"); ok {
			n, _ = strconv.Atoi(valueString(q.Value))
		} else if m := numberRE.FindStringSubmatch(text); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if n > 0 {
			rs.Qty = n
			return true, b.returnNext(t)
		}
	case "return_reason":
		reason := matchReason(text)
		if reason == "other" && t.res.Intent.Name == "deny" && len([]rune(text)) < 12 {
			break // a bare "no": the shopper drops the return (below)
		}
		if text != "" {
			rs.Reason = reason
			if rs.Reason == "other" {
				rs.Note = text
			}
			return true, b.returnNext(t)
		}
	case "size", "color":
		if sku := b.matchVariant(t, rs); sku != "" {
			rs.NewSKU = sku
			return true, b.returnNext(t)
		}
	case "return_method":
		if m := matchMethod(text); m != "" {
			rs.Method = m
			return true, b.returnNext(t)
		}
	case "pickup_slot":
		slots := b.openSlots(t)
		i := ordinal(text)
		if n, err := strconv.Atoi(text); err == nil {
			i = n - 1
		}
		if i >= 0 && i < len(slots) {
			rs.Slot = slots[i].Start.Unix()
			return true, b.returnNext(t)
		}
	}
	handled, err := b.missed(t)
	if t.st.Ask == "" {
		t.st.Return = nil // the shopper moved on
		if t.st.After == returnFlow {
			t.st.After = ""
		}
	}
	return handled, err
}

// matchReturnLine finds the order line the text names: by the NLU's
// category or product, or by words of the item's title and tags.
func (b *Bot) matchReturnLine(t *turn, lines []returns.LineEligibility) string {
	cat, _ := entity(t.res, "category")
	prod, _ := entity(t.res, "product")
	words := map[string]bool{}
	for _, w := range fold.Words(t.res.Text) {
		if len([]rune(w)) >= 3 || strings.IndexFunc(w, fold.IsCJK) >= 0 {
			words[w] = true
		}
	}
	best, bestScore, tie := "", 0, false
	for _, l := range lines {
		score := 0
		v, err := b.Catalog.Variant(t.ctx, l.SKU)
		var p *catalog.Product
		if err == nil {
			p, _ = b.Catalog.ProductByID(t.ctx, v.ProductID)
		}
		if p != nil {
			if cat != "" && strings.EqualFold(cat, p.Type) {
				score += 3
			}
			if prod != "" && (prod == p.Handle || prod == l.SKU) {
				score += 5
			}
		}
		names := fold.Words(l.Title)
		if p != nil {
			names = append(names, fold.Words(p.Type)...)
			for _, tag := range p.Tags {
				names = append(names, fold.Words(tag)...)
			}
		}
		seen := map[string]bool{}
		for _, n := range names {
			if words[n] && !seen[n] {
				seen[n] = true
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = l.SKU, score, false
		case score == bestScore && score > 0:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// matchVariant finds the replacement the text names among the offers.
func (b *Bot) matchVariant(t *turn, rs *returnState) string {
	o, ok := b.verified(t, rs.Order)
	if !ok {
		return ""
	}
	price := o.Total
	for _, it := range o.Items {
		if it.SKU == rs.SKU {
			price = it.UnitPrice
		}
	}
	p, vs, err := b.Returns.ExchangeOptions(t.ctx, rs.SKU, price)
	if err != nil || p == nil {
		return ""
	}
	if i := ordinal(t.res.Text); i >= 0 && i < len(vs) {
		return vs[i].SKU
	}
	var cands []string
	for _, k := range []string{"size", "color"} {
		if v, ok := entity(t.res, k); ok {
			cands = append(cands, normValue(v))
		}
	}
	for _, w := range fold.Words(t.res.Text) {
		cands = append(cands, normValue(w))
	}
	cands = append(cands, normValue(t.res.Text))
	best, bestN := "", 0
	for _, v := range vs {
		n := 0
		for _, val := range v.Options {
			for _, c := range cands {
				if c != "" && normValue(val) == c {
					n++
					break
				}
			}
		}
		if n > bestN {
			best, bestN = v.SKU, n
		}
	}
	return best
}

// reasonWords are how shoppers put each reason, in the six languages; the
// first reason with a match wins, so the specific ones come first.
var reasonWords = []struct {
	reason string
	words  []string
}{
	{"changed_my_mind", []string{"changed my mind", "change of mind", "don't want", "dont want", "do not want", "no longer need", "don't need", "dont need", "don't like", "dont like", "not needed",
		"bedacht", "van gedachten veranderd", "wil het niet meer", "wil ik niet meer", "niet meer nodig", "vind het niet mooi", "toch niet",
		"ubah fikiran", "tukar fikiran", "berubah fikiran", "tidak mahu", "tak mahu", "tak nak", "tidak perlu", "tak perlu", "tidak suka", "tak suka",
		"改变主意", "改主意", "不想要", "不要了", "不需要", "不喜欢",
		"ombestemt", "ombestemte", "vil ikke ha", "trenger ikke", "liker ikke", "angrer",
		"մտափոխվ", "մտքափոխ", "չեմ ուզում", "պետք չէ", "դուր չի", "դուր չեկավ"}},
	{"not_as_described", []string{"not as described", "not as pictured", "not what i ordered", "wrong item", "looks different", "different from", "not the same",
		"niet zoals beschreven", "niet zoals op de foto", "verkeerd artikel", "ziet er anders uit", "anders dan",
		"tidak seperti", "tak seperti", "berbeza", "barang salah", "salah barang",
		"与描述不符", "描述不符", "不符", "不一样", "发错", "和图片不",
		"ikke som beskrevet", "ikke som på bildet", "feil vare", "ser annerledes ut", "annerledes",
		"նկարագր", "տարբեր", "սխալ ապրանք", "նկարում"}},
	{"damaged", []string{"damaged", "broken", "defect", "faulty", "torn", "ripped", "a hole", "stain", "scratched",
		"beschadigd", "kapot", "defect", "stuk", "gescheurd", "gat", "vlek",
		"rosak", "koyak", "cacat", "berlubang", "kotor",
		"损坏", "坏了", "破了", "破损", "瑕疵", "有洞", "污渍",
		"skadet", "ødelagt", "defekt", "i stykker", "revnet", "hull", "flekk",
		"վնաս", "կոտր", "պատռ", "թերի", "անցք", "բիծ"}},
	{"too_small", []string{"too small", "too tight", "too short", "smaller", "small", "tight",
		"te klein", "te krap", "te kort", "klein", "krap",
		"terlalu kecil", "terlalu ketat", "terlalu pendek", "kecil", "ketat", "sempit",
		"太小", "小了", "偏小", "太紧", "紧",
		"for liten", "for lite", "for små", "for trang", "for kort", "liten", "små", "trang",
		"փոքր", "նեղ", "կարճ"}},
	{"too_big", []string{"too big", "too large", "too loose", "too long", "bigger", "big", "large", "loose",
		"te groot", "te ruim", "te lang", "groot", "ruim",
		"terlalu besar", "terlalu longgar", "terlalu panjang", "besar", "longgar",
		"太大", "大了", "偏大", "太松", "松",
		"for stor", "for store", "for vid", "for lang", "stor", "store", "vid",
		"մեծ", "լայն", "երկար"}},
}

// matchReason reads a typed reason; anything else is "other", with the
// shopper's words kept as the note.
func matchReason(text string) string {
	for _, r := range reasonWords {
		for _, w := range r.words {
			if phraseIn(text, w) {
				return r.reason
			}
		}
	}
	return "other"
}

var methodWords = map[string][]string{
	returns.MethodPickup: {"pick up", "pick it up", "pick them up", "pickup", "pick-up", "collect", "courier", "come and get",
		"ophalen", "ophaal", "koerier", "laten halen",
		"ambil", "kutip", "kurier", "pungut",
		"上门", "取件", "揽收", "快递员",
		"henting", "hente", "hent", "bud",
		"տանել", "վերցն", "առաքիչ", "սուրհանդակ"},
	returns.MethodLabel: {"label", "drop off", "drop-off", "post office", "myself", "print", "send it",
		"zelf", "postkantoor", "afgeven", "wegbrengen", "inleveren", "verzendlabel",
		"sendiri", "pejabat pos", "pos laju", "label",
		"标签", "自己寄", "自己送", "邮局", "寄回",
		"etikett", "selv", "postkontor", "levere", "returlapp",
		"պիտակ", "ինքս", "փոստ"},
}

func matchMethod(text string) string {
	switch strings.TrimSpace(text) {
	case "1":
		return returns.MethodLabel
	case "2":
		return returns.MethodPickup
	}
	for _, m := range []string{returns.MethodPickup, returns.MethodLabel} {
		for _, w := range methodWords[m] {
			if phraseIn(text, w) {
				return m
			}
		}
	}
	return ""
}

// phraseIn matches a phrase on word boundaries; phrases in scripts without
// spaces (Chinese) or with rich endings (Armenian stems) match inside words.
func phraseIn(text, phrase string) bool {
	if contains(text, phrase) {
		return true
	}
	for _, r := range phrase {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Armenian, r) {
			return strings.Contains(fold.String(text), fold.String(phrase))
		}
	}
	return false
}

// refundStatus tells where the money of the order's latest return is.
func (b *Bot) refundStatus(t *turn, o *order.Order) error {
	rs, err := b.Returns.List(t.ctx, returns.Filter{OrderID: o.ID, Limit: 20})
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		if o.PaymentStatus == order.PaymentRefunded {
			b.say(t, "returns.status_order_refunded", "number", o.Number)
			return nil
		}
		m := b.say(t, "returns.status_none", "number", o.Number)
		if returnable(o) {
			m.Options = []conversation.Option{b.option(t, "returns.option_start", "order:"+o.Number+":return_item")}
		}
		return nil
	}
	r := rs[0] // newest first
	args := []any{"id", r.ID, "number", o.Number}
	switch r.Status {
	case returns.StatusRequested, returns.StatusLabelSent, returns.StatusPickupScheduled:
		b.say(t, "returns.status_waiting", args...)
		if r.Pickup != nil {
			b.say(t, "returns.status_pickup", "slot", b.slotTitle(t, returns.Window{
				Start: r.Pickup.Start.In(b.Returns.Policy().Location()), End: r.Pickup.End.In(b.Returns.Policy().Location())}))
		}
	case returns.StatusReceived:
		b.say(t, "returns.status_received", args...)
	case returns.StatusRefunded:
		at := r.UpdatedAt
		if r.RefundedAt != nil {
			at = *r.RefundedAt
		}
		b.say(t, "returns.status_refunded", append(args, "amount", b.money(t, r.Refund), "date", dayFormat(t.lang, at))...)
	case returns.StatusExchanged:
		b.say(t, "returns.status_exchanged", append(args, "item", b.exchangeTitle(t.ctx, &r))...)
	case returns.StatusRejected:
		b.say(t, "returns.status_rejected", args...)
	}
	return nil
}

func (b *Bot) exchangeTitle(ctx context.Context, r *returns.Return) string {
	for _, l := range r.Lines {
		if l.ExchangeSKU == "" {
			continue
		}
		if v, err := b.Catalog.Variant(ctx, l.ExchangeSKU); err == nil {
			if p, err := b.Catalog.ProductByID(ctx, v.ProductID); err == nil {
				return catalog.VariantTitle(p, v)
			}
		}
		return l.ExchangeSKU
	}
	return ""
}

// ReturnDone is the message a shopper gets when their return is refunded,
// exchanged or rejected.
func (b *Bot) ReturnDone(ctx context.Context, c *conversation.Conversation, r *returns.Return) []conversation.Message {
	lang := c.Language
	if r.Language != "" {
		lang = r.Language
	}
	text := ""
	switch r.Status {
	case returns.StatusRefunded:
		text = b.Messages.T(lang, "returns.notify_refunded", "number", r.OrderNumber, "amount", moneyIn(lang, r.Refund))
	case returns.StatusExchanged:
		text = b.Messages.T(lang, "returns.notify_exchanged", "number", r.OrderNumber, "item", b.exchangeTitle(ctx, r))
	case returns.StatusRejected:
		text = b.Messages.T(lang, "returns.notify_rejected", "number", r.OrderNumber, "id", r.ID)
	default:
		return nil
	}
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: text}}
}

// ReplacementShipped tells the shopper the tracking number of an
// exchange's replacement, booked with the shop's carrier.
func (b *Bot) ReplacementShipped(c *conversation.Conversation, r *returns.Return, carrier, tracking string) []conversation.Message {
	lang := c.Language
	if r.Language != "" {
		lang = r.Language
	}
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.Messages.T(lang, "returns.replacement_shipped", "number", r.OrderNumber, "carrier", carrier, "tracking", tracking)}}
}

// openSlots are the pickup slots with a place left; when the bookings
// cannot be read, the policy's slots are offered and the booking itself
// refuses a full one.
func (b *Bot) openSlots(t *turn) []returns.Window {
	slots, err := b.Returns.PickupSlots(t.ctx)
	if err != nil {
		slog.ErrorContext(t.ctx, "pickup slots", "err", err)
		return b.Returns.Policy().PickupSlots(b.Now())
	}
	return slots
}
