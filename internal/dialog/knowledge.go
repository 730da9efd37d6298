package dialog

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/knowledge"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Knowledge is the knowledge base as the dialogue uses it (knowledge.Service).
type Knowledge interface {
	Find(ctx context.Context, lang, question string, boost []string, limit int) ([]knowledge.Match, error)
	First(ctx context.Context, topics []string) (knowledge.Article, bool, error)
	Get(ctx context.Context, slug string) (knowledge.Article, error)
}

// faqTopics are the article topics each question intent is about: the
// NLU says what kind of question it is, retrieval finds the article.
var faqTopics = map[string][]string{
	"shipping_info":   {"shipping"},
	"store_policy":    {"returns", "warranty", "privacy", "sizing", "orders"},
	"payment_methods": {"payment"},
	"account":         {"account", "privacy"},
}

// sureOfKind is the intent confidence above which a question the words
// cannot place still gets the first article of its kind: "shipping?" is
// answered by the shipping article rather than "I don't know".
const sureOfKind = 0.5

// faq answers a question about the shop from the knowledge base: the
// article's short answer in the shopper's language and a link to it, or an
// honest "I don't know" with the offer of a colleague.
func (b *Bot) faq(t *turn, intent string) error {
	if b.Knowledge == nil {
		if !b.shopFacts(t, intent) {
			b.notYet(t)
		}
		return nil
	}
	boost := faqTopics[intent]
	ms, err := b.findArticles(t, boost)
	if err != nil {
		return err
	}
	if len(ms) > 0 && ms[0].Answers() {
		b.tellArticle(t, ms[0].Article, others(ms))
		return nil
	}
	if t.res.Intent.Confidence >= sureOfKind && len(boost) > 0 {
		if m, ok := aboutTopic(ms, boost); ok {
			b.tellArticle(t, m.Article, nil)
			return nil
		}
		if vague(t.res.Text) {
			a, ok, err := b.Knowledge.First(t.ctx, boost)
			if err != nil {
				return err
			}
			if ok {
				b.tellArticle(t, a, nil)
				return nil
			}
		}
	}
	if b.shopFacts(t, intent) {
		return nil
	}
	b.dontKnow(t)
	return nil
}

// vague is a question of one or two words ("shipping?", "delivery cost",
// "运费多少"): its kind is all there is to go by. Chinese counts two
// characters as a word.
func vague(text string) bool {
	words, han := 0, 0
	for _, w := range knowledge.ContentWords(text) {
		r, size := utf8.DecodeRuneInString(w)
		switch {
		case !fold.IsCJK(r):
			words++
		case size == len(w):
			han++ // a pair of characters is counted through its two halves
		}
	}
	return words+(han+1)/2 <= 2
}

// aboutTopic finds the best article of the intent's topics that matched
// the words at least a little: a fair answer when the NLU is sure of the
// kind of question, where a question about something the shop never wrote
// about ("may I bring my dog?") deserves an honest "I don't know".
func aboutTopic(ms []knowledge.Match, topics []string) (knowledge.Match, bool) {
	for _, m := range ms {
		if m.Score >= knowledge.MinScore/3 && m.Coverage >= knowledge.MinCoverage && slices.Contains(topics, m.Article.Topic) {
			return m, true
		}
	}
	return knowledge.Match{}, false
}

// strongArticle answers a message the NLU did not take for a question about
// the shop (out of scope, or unsure) when one article fits it very well.
func (b *Bot) strongArticle(t *turn) (bool, error) {
	if b.Knowledge == nil || t.res.Text == "" {
		return false, nil
	}
	ms, err := b.findArticles(t, nil)
	if err != nil || len(ms) == 0 || !ms[0].Strong() {
		return false, err
	}
	b.tellArticle(t, ms[0].Article, others(ms))
	return true, nil
}

// findArticles ranks articles in the conversation's language, and in the
// language the message was written in if that differs and did better.
func (b *Bot) findArticles(t *turn, boost []string) ([]knowledge.Match, error) {
	ms, err := b.Knowledge.Find(t.ctx, t.lang, t.res.Text, boost, 3)
	if err != nil {
		return nil, err
	}
	if l := t.res.Language; l != "" && l != t.lang && (len(ms) == 0 || !ms[0].Answers()) {
		alt, err := b.Knowledge.Find(t.ctx, l, t.res.Text, boost, 3)
		if err != nil {
			return nil, err
		}
		if len(alt) > 0 && (len(ms) == 0 || alt[0].Score > ms[0].Score) {
			ms = alt
		}
	}
	return ms, nil
}

// others are the runners-up worth offering as "did you mean" buttons.
func others(ms []knowledge.Match) []knowledge.Article {
	var as []knowledge.Article
	for i, m := range ms {
		if i == 0 || len(as) == 2 {
			continue
		}
		if m.Score >= knowledge.MinScore*0.6 && m.Coverage >= knowledge.MinCoverage {
			as = append(as, m.Article)
		}
	}
	return as
}

// tellArticle says an article's short answer and links to its page; other
// articles that may be what was meant follow as quick replies.
func (b *Bot) tellArticle(t *turn, a knowledge.Article, more []knowledge.Article) {
	if a.Topic == "shipping" {
		b.shippingTo(t)
	}
	tr, _ := a.In(t.lang, "en")
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: tr.Answer})
	link := conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "article",
		URL:  b.articleURL(t, a.Slug),
		Text: b.Messages.T(t.lang, "knowledge.read_more", "title", tr.Title)}
	for _, o := range more {
		if o.Slug == a.Slug {
			continue
		}
		otr, _ := o.In(t.lang, "en")
		link.Options = append(link.Options, conversation.Option{Title: otr.Title, Payload: "article:" + o.Slug})
	}
	t.out = append(t.out, link)
}

func (b *Bot) articleURL(t *turn, slug string) string {
	base := ""
	if b.BaseURL != nil {
		base = b.BaseURL(t.ctx)
	}
	return base + "/help/" + url.PathEscape(slug) + "?lang=" + url.QueryEscape(t.lang)
}

// dontKnow admits that no article fits and offers a colleague. The yes
// button's payload is the hand-off's ("handoff:faq"); without a hand-off
// skill it is a stale button and gets the ordinary fallback.
func (b *Bot) dontKnow(t *turn) {
	m := b.say(t, "knowledge.unknown")
	m.Fallback = true
	m.Options = []conversation.Option{
		b.option(t, "knowledge.option_yes", "handoff:faq"),
		b.option(t, "knowledge.option_no", "faq:no"),
	}
}

// articlePayload shows the article a quick reply names.
func (b *Bot) articlePayload(t *turn, slug string) bool {
	if b.Knowledge == nil {
		return false
	}
	a, err := b.Knowledge.Get(t.ctx, slug)
	if err != nil {
		return false
	}
	b.tellArticle(t, a, nil)
	return true
}

// countryNames are the launch countries as shoppers name them (folded; the
// country or its biggest city), for "how much is shipping to Germany?".
var countryNames = map[string][]string{
	"NL": {"netherlands", "holland", "nederland", "belanda", "amsterdam", "荷兰", "阿姆斯特丹", "նիդեռլանդներ", "հոլանդիա"},
	"BE": {"belgium", "belgie", "belgia", "belgique", "brussels", "brussel", "比利时", "բելգիա"},
	"DE": {"germany", "duitsland", "jerman", "tyskland", "deutschland", "berlin", "德国", "գերմանիա"},
	"NO": {"norway", "noorwegen", "norge", "noreg", "oslo", "挪威", "奥斯陆", "նորվեգիա"},
	"MY": {"malaysia", "maleisie", "kuala lumpur", "马来西亚", "吉隆坡", "մալայզիա"},
	"CN": {"china", "kina", "shanghai", "beijing", "中国", "国内", "上海", "北京", "չինաստան"},
	"AM": {"armenia", "armenie", "yerevan", "jerevan", "亚美尼亚", "埃里温", "հայաստան", "երևան", "երեւան"},
}

// countryIn finds the launch country a message names.
func countryIn(text string) (string, bool) {
	words := " " + strings.Join(fold.Words(text), " ") + " "
	folded := fold.String(text)
	for _, code := range []string{"NL", "BE", "DE", "NO", "MY", "CN", "AM"} { // a fixed order: the first named wins
		for _, n := range countryNames[code] {
			if isLatin(n) && strings.Contains(words, " "+n+" ") || !isLatin(n) && strings.Contains(folded, n) {
				return code, true
			}
		}
	}
	return "", false
}

// shippingTo answers a shipping question about one country with that
// country's options from the shipping rules, with the dates an order
// placed now would arrive: the facts the checkout itself will offer.
func (b *Bot) shippingTo(t *turn) {
	code, ok := countryIn(t.res.Text)
	if !ok || b.Shipping == nil {
		return
	}
	var lines []string
	for _, o := range b.Shipping.Options(code, money.New(0, b.Currency), b.Now()) {
		lines = append(lines, b.Messages.T(t.lang, "shipping.option", "name", b.Messages.T(t.lang, "shipping."+o.Code),
			"price", b.money(t, o.Price), "from", dayFormat(t.lang, o.EarliestDay), "to", dayFormat(t.lang, o.LatestDay)))
	}
	if len(lines) > 0 {
		b.say(t, "knowledge.shipping_to", "country", b.Messages.T(t.lang, "knowledge.country."+code), "options", strings.Join(lines, "\n"))
	}
}
