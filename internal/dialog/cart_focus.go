package dialog

import (
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// This file keeps a line already in the cart safe from a message about
// another product: "加一个最便宜的玻璃胶枪" (add the cheapest caulk gun)
// right after the sealant went in counts one caulk gun, not one sealant,
// even when the shop cannot read the gun's name.

// hanParticles are Chinese words that say how or how many, never what: the
// measure words, pronouns and particles of a request to buy.
var hanParticles = []string{
	"便宜", "贵", "最", "的", "了", "个", "吧", "呢", "吗", "啊", "呀", "我", "你", "您", "这", "那", "就", "好", "也", "还",
	"把", "给", "帮", "请", "一", "二", "两", "三", "四", "五", "件", "支", "副", "只", "瓶", "盒", "包", "卷", "条", "套",
	"双", "对", "些", "点", "很", "都", "下", "上", "放", "加", "要", "买", "来", "再", "多", "少", "和", "跟", "起", "一起",
	"购物车", "车", "里", "吧", "嗯", "哦", "对了", "另", "外", "换", "成", "改", "拿", "想", "需", "需要", "可以", "能",
}

// unreadHan counts the Chinese characters of the message that nothing
// reads: not the shop's words, not the NLU's values, not the dialogue's own
// phrases, not a particle. Three or more are a name the shop does not know.
func (b *Bot) unreadHan(t *turn) int {
	text := t.res.Text
	han := false
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			han = true
			break
		}
	}
	if !han {
		return 0
	}
	rs := []rune(text)
	for _, e := range t.res.Entities {
		if e.Start >= 0 && e.End <= len(rs) && e.Start < e.End {
			for i := e.Start; i < e.End; i++ {
				rs[i] = ' '
			}
		}
	}
	text = string(rs)
	for _, w := range catalog.Terms(b.Catalog.KeyWords(t.ctx, t.res.Text)) {
		text = strings.ReplaceAll(text, w, " ")
	}
	for phrase := range lexiconLines {
		if len([]rune(phrase)) > 1 && strings.ContainsFunc(phrase, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			text = strings.ReplaceAll(text, phrase, " ")
		}
	}
	for _, w := range hanParticles {
		text = strings.ReplaceAll(text, w, " ")
	}
	n := 0
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// namesOtherThan reports a message whose words are about another product
// than p: the shop's words fit another product better, or it holds a name
// the shop cannot read. A line of p in the cart is then no place for its
// number, and p no answer to what it asks for.
func (b *Bot) namesOtherThan(t *turn, p *catalog.Product) bool {
	if b.unreadHan(t) >= 3 {
		return true
	}
	kw := b.Catalog.KeyWords(t.ctx, t.res.Text)
	if kw == "" {
		return false
	}
	if f := b.Catalog.Relevance(t.ctx, kw, []string{p.Handle})[p.Handle]; f.Matched > 0 {
		return false // "2 of the orange ones", "the 600mm": words of p itself
	}
	return b.namesBetter(t, kw, p)
}

// focusBought reports the product in focus with a line in the cart.
func (b *Bot) focusBought(t *turn, p *catalog.Product) bool {
	c, err := b.cartOf(t)
	return err == nil && inCart(c, p)
}

// otherNamed is the product an NLU product entity names beside the focus
// p, when there is one; else none, and the skill asks.
func (b *Bot) otherNamed(t *turn, p *catalog.Product) (*catalog.Product, bool, error) {
	for _, e := range t.res.Entities {
		if e.Entity != "product" || valueString(e.Value) == p.Handle {
			continue
		}
		if q, err := b.Catalog.Product(t.ctx, valueString(e.Value)); err == nil {
			return q, true, nil
		}
	}
	return nil, false, nil
}

// unitOfFocusValue reports a product name the NLU found in the unit of a
// measure the product in focus, or one product on screen, comes in: "the 3
// metre one" with the tape measure in 3m and 5m on screen chooses its 3m;
// it names no "Laser Distance Meter". The name is one word right after a
// number, and the product has a value the message states.
func (b *Bot) unitOfFocusValue(t *turn, p *catalog.Product, e nlu.Entity) bool {
	return b.valueOwner(t, p.Handle, e) != nil
}

// valueOwner is the product in focus or on screen, other than the one the
// entity names, that comes in the value the entity is the unit of; nil
// when the entity is no unit of such a value.
func (b *Bot) valueOwner(t *turn, named string, e nlu.Entity) *catalog.Product {
	if len(fold.Words(e.Text)) != 1 {
		return nil
	}
	rs := []rune(t.res.Text)
	if e.Start <= 0 || e.Start > len(rs) {
		return nil
	}
	before := []rune(strings.TrimRight(string(rs[:e.Start]), " "))
	if len(before) == 0 || !unicode.IsDigit(before[len(before)-1]) {
		return nil
	}
	seen := map[string]bool{named: true}
	for _, h := range append([]string{t.st.Focus}, t.st.Shown...) {
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		if q, err := b.Catalog.Product(t.ctx, h); err == nil && len(productValues(q, t.res.Text)) > 0 {
			return q
		}
	}
	return nil
}

// measuredFocus is the product whose value a number and unit state when
// the NLU read the unit as another product's name ("det på 3 meter" with
// the tape measure in focus), or nil.
func (b *Bot) measuredFocus(t *turn) *catalog.Product {
	for _, e := range t.res.Entities {
		if e.Entity == "product" {
			if q := b.valueOwner(t, valueString(e.Value), e); q != nil {
				return q
			}
		}
	}
	return nil
}

// numberedHit is the one hit whose title carries a measure the message
// states ("320l", "18V"), or nil with none or several.
func numberedHit(t *turn, hits []catalog.Product) *catalog.Product {
	nums := measureNumbers(t.res)
	if len(nums) == 0 || len(hits) < 2 {
		return nil
	}
	var found *catalog.Product
	for i := range hits {
		if sharesNumber(hits[i].Title, nums) {
			if found != nil {
				return nil
			}
			found = &hits[i]
		}
	}
	return found
}
