// Package dialog decides what the shop says in each turn: it reads what the
// NLU understood, picks a skill, calls the domain services and writes replies
// from the message catalogues. This is the first, small policy: greet, find
// products, tell availability, and say clearly when it did not understand.
// Later skills (cart, checkout, orders, returns, hand-off) plug in here.
package dialog

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// Understand is the NLU as the dialogue sees it: text and the conversation's
// language in, understanding out.
type Understand func(text, prior string) nlu.Result

// Searcher is the catalogue as the dialogue needs it.
type Searcher interface {
	Search(ctx context.Context, q catalog.Query) (catalog.Results, error)
}

// Bot is the dialogue engine; it implements conversation.Responder.
type Bot struct {
	understand Understand
	catalog    Searcher
	msgs       *i18n.Catalog
	shop       string
	currency   string
	// MinConfidence is the intent confidence below which the bot says it
	// did not understand rather than guess.
	MinConfidence float64
}

// New makes the dialogue engine.
func New(u Understand, cat Searcher, msgs *i18n.Catalog, shopName, currency string) *Bot {
	return &Bot{understand: u, catalog: cat, msgs: msgs, shop: shopName, currency: currency, MinConfidence: 0.35}
}

// state is what the dialogue remembers between turns.
type state struct {
	LastQuery *savedQuery `json:"last_query,omitempty"`
}

type savedQuery struct {
	Text     string            `json:"text,omitempty"`
	Type     string            `json:"type,omitempty"`
	Options  map[string]string `json:"options,omitempty"`
	MaxPrice int64             `json:"max_price,omitempty"`
	MinPrice int64             `json:"min_price,omitempty"`
	Sort     string            `json:"sort,omitempty"`
	Offset   int               `json:"offset,omitempty"`
	InStock  bool              `json:"in_stock,omitempty"`
}

// Greet opens a conversation in its language.
func (b *Bot) Greet(ctx context.Context, c *conversation.Conversation) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.msgs.T(c.Language, "greeting", "shop", b.shop), Options: b.starters(c.Language)}}
}

func (b *Bot) starters(lang string) []conversation.Option {
	return []conversation.Option{
		{Title: b.msgs.T(lang, "option.running_shoes"), Payload: "search:type=Running Shoes"},
		{Title: b.msgs.T(lang, "option.rain_jackets"), Payload: "search:type=Rain Jackets"},
		{Title: b.msgs.T(lang, "option.sale"), Payload: "search:tag=sale"},
	}
}

// Respond handles one shopper message.
func (b *Bot) Respond(ctx context.Context, c *conversation.Conversation, in conversation.Inbound) ([]conversation.Message, error) {
	var st state
	if len(c.State) > 0 {
		json.Unmarshal(c.State, &st) // an unreadable state starts afresh
	}
	shopper := conversation.Message{From: conversation.FromShopper, Type: conversation.TypeText, Text: in.Text, Payload: in.Payload}
	var replies []conversation.Message
	var err error
	if in.Payload != "" {
		replies, err = b.payload(ctx, c, &st, in.Payload)
	} else {
		res := b.understand(in.Text, c.Language)
		if res.Language != "" {
			c.Language = res.Language
		}
		shopper.NLU = &conversation.NLU{Intent: res.Intent.Name, Confidence: res.Intent.Confidence, Language: res.Language}
		replies, err = b.intent(ctx, c, &st, res)
	}
	if err != nil {
		return nil, err
	}
	c.State, _ = json.Marshal(st)
	return append([]conversation.Message{shopper}, replies...), nil
}

func (b *Bot) intent(ctx context.Context, c *conversation.Conversation, st *state, res nlu.Result) ([]conversation.Message, error) {
	lang := c.Language
	if res.Intent.Confidence < b.MinConfidence {
		return b.fallback(lang), nil
	}
	switch res.Intent.Name {
	case "greet":
		return b.Greet(ctx, c), nil
	case "thanks":
		return b.text(lang, "thanks.reply"), nil
	case "goodbye":
		return b.text(lang, "goodbye.reply", "shop", b.shop), nil
	case "affirm":
		return b.text(lang, "affirm.reply"), nil
	case "deny":
		return b.text(lang, "deny.reply"), nil
	case "product_search", "recommendation", "product_info", "promotions":
		q := queryFrom(res, b.currency)
		if res.Intent.Name == "promotions" {
			q.Tags = []string{"sale"}
		}
		return b.search(ctx, lang, st, q)
	case "product_availability":
		return b.availability(ctx, lang, st, res)
	case "out_of_scope":
		return b.fallback(lang), nil
	}
	return b.notYet(lang), nil
}

// payload handles a tapped quick reply.
func (b *Bot) payload(ctx context.Context, c *conversation.Conversation, st *state, p string) ([]conversation.Message, error) {
	lang := c.Language
	switch {
	case strings.HasPrefix(p, "search:type="):
		return b.search(ctx, lang, st, catalog.Query{Type: strings.TrimPrefix(p, "search:type=")})
	case strings.HasPrefix(p, "search:tag="):
		return b.search(ctx, lang, st, catalog.Query{Tags: []string{strings.TrimPrefix(p, "search:tag=")}})
	case p == "more" && st.LastQuery != nil:
		q := st.LastQuery.query(b.currency)
		q.Offset += 5
		return b.search(ctx, lang, st, q)
	case p == "cheaper" && st.LastQuery != nil:
		q := st.LastQuery.query(b.currency)
		q.Sort, q.Offset = "price_asc", 0
		return b.search(ctx, lang, st, q)
	case p == "in_stock" && st.LastQuery != nil:
		q := st.LastQuery.query(b.currency)
		q.InStock, q.Offset = true, 0
		return b.search(ctx, lang, st, q)
	}
	return b.fallback(lang), nil
}

// queryFrom turns what the NLU found into a catalogue query.
func queryFrom(res nlu.Result, currency string) catalog.Query {
	q := catalog.Query{Options: map[string]string{}}
	rest := res.Text
	for _, e := range res.Entities {
		switch e.Entity {
		case "category":
			q.Type = ""
			q.Text = strings.TrimSpace(q.Text + " " + str(e.Value))
		case "brand":
			q.Vendor = str(e.Value)
		case "color":
			q.Options["Color"] = str(e.Value)
		case "size":
			q.Options["Size"] = str(e.Value)
		case "money":
			if mv, ok := e.Value.(nlu.MoneyValue); ok {
				cur := mv.Currency
				if cur == "" {
					cur = currency
				}
				if m, err := money.Parse(mv.Amount, cur); err == nil && (cur == currency) {
					switch mv.Bound {
					case "max":
						q.MaxPrice = &m
					case "min":
						q.MinPrice = &m
					}
				}
			}
		}
		rest = strings.Replace(rest, e.Text, " ", 1)
	}
	if q.Text == "" {
		// No catalogue word recognised: search the shopper's own words.
		q.Text = rest
	}
	return q
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (b *Bot) search(ctx context.Context, lang string, st *state, q catalog.Query) ([]conversation.Message, error) {
	q.Limit = 5
	res, err := b.catalog.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	st.LastQuery = save(q)
	if len(res.Products) == 0 && q.Offset > 0 {
		return b.text(lang, "search.more_none"), nil
	}
	if len(res.Products) == 0 && len(q.Options) > 0 {
		// Nothing in that exact size or colour: show the closest in stock.
		relaxed := q
		relaxed.Options, relaxed.InStock = nil, true
		alt, err := b.catalog.Search(ctx, relaxed)
		if err == nil && len(alt.Products) > 0 {
			return []conversation.Message{
				{From: conversation.FromBot, Type: conversation.TypeText, Text: b.msgs.T(lang, "search.none_in_stock")},
				b.cards(alt.Products, nil),
			}, nil
		}
	}
	if len(res.Products) == 0 {
		return b.fallbackWith(lang, "search.none", false), nil
	}
	head := b.msgs.T(lang, "search.found", "count", res.Total)
	if res.Total == 1 {
		head = b.msgs.T(lang, "search.found_one")
	}
	cards := b.cards(res.Products, q.Options)
	var opts []conversation.Option
	if res.Total > q.Offset+len(res.Products) {
		opts = append(opts, conversation.Option{Title: b.msgs.T(lang, "option.more"), Payload: "more"})
	}
	if len(res.Products) > 1 && q.Sort != "price_asc" {
		opts = append(opts, conversation.Option{Title: b.msgs.T(lang, "option.cheaper"), Payload: "cheaper"})
	}
	if !q.InStock {
		opts = append(opts, conversation.Option{Title: b.msgs.T(lang, "option.in_stock_only"), Payload: "in_stock"})
	}
	cards.Options = opts
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: head}, cards}, nil
}

// availability answers "do you have X in size 42 / in black".
func (b *Bot) availability(ctx context.Context, lang string, st *state, res nlu.Result) ([]conversation.Message, error) {
	q := queryFrom(res, b.currency)
	want := q.Options
	q.Options = nil
	if len(want) == 0 && q.Text == "" && st.LastQuery != nil {
		q = st.LastQuery.query(b.currency)
	}
	q.Limit = 1
	found, err := b.catalog.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(found.Products) == 0 || len(want) == 0 {
		q.Options = want
		return b.search(ctx, lang, st, q)
	}
	p := found.Products[0]
	st.LastQuery = save(q)
	match := catalog.MatchingVariants(p, catalog.Query{Options: want})
	item := p.Title + " (" + joinValues(want) + ")"
	var msgs []conversation.Message
	stock := 0
	for _, v := range match {
		stock += v.Stock
	}
	switch {
	case len(match) > 0 && stock > 0 && stock <= 3:
		msgs = b.text(lang, "availability.low", "item", item, "count", stock)
	case stock > 0:
		msgs = b.text(lang, "availability.in_stock", "item", item)
	default:
		msgs = b.text(lang, "availability.sold_out", "item", item)
		if vals := inStockValues(p, want); len(vals) > 0 {
			msgs = append(msgs, b.text(lang, "availability.other_sizes", "values", strings.Join(vals, ", "))...)
		}
	}
	msgs = append(msgs, b.cards([]catalog.Product{p}, want))
	return msgs, nil
}

// inStockValues lists the in-stock values of the option the shopper asked about.
func inStockValues(p catalog.Product, want map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for name := range want {
		for _, v := range p.Variants {
			if val, ok := catalog.OptionValue(v.Options, name); ok && v.InStock() && !seen[val] {
				seen[val] = true
				out = append(out, val)
			}
		}
	}
	return out
}

func joinValues(m map[string]string) string {
	var vals []string
	for _, k := range []string{"Size", "Color"} {
		if v, ok := m[k]; ok {
			vals = append(vals, v)
		}
	}
	return strings.Join(vals, ", ")
}

// cards renders products as a products message; every variant is listed with
// its stock so every channel and test can read the facts.
func (b *Bot) cards(ps []catalog.Product, _ map[string]string) conversation.Message {
	m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts}
	for _, p := range ps {
		m.Items = append(m.Items, Card(p))
	}
	return m
}

// Card is a product as a card.
func Card(p catalog.Product) conversation.Item {
	it := conversation.Item{Handle: p.Handle, Title: p.Title, Price: p.MinPrice(), InStock: p.InStock()}
	if len(p.Images) > 0 {
		it.ImageURL = p.Images[0]
	}
	for i, v := range p.Variants {
		if i == 0 {
			it.SKU = v.SKU
			it.CompareAtPrice = v.CompareAtPrice
		}
		it.Variants = append(it.Variants, conversation.ItemVariant{SKU: v.SKU, Options: v.Options, InStock: v.InStock(), Stock: v.Stock, Price: v.Price})
	}
	return it
}

func (b *Bot) text(lang, key string, args ...any) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: b.msgs.T(lang, key, args...)}}
}

func (b *Bot) fallback(lang string) []conversation.Message {
	return b.fallbackWith(lang, "fallback", true)
}

func (b *Bot) notYet(lang string) []conversation.Message {
	return b.fallbackWith(lang, "not_yet", true)
}

func (b *Bot) fallbackWith(lang, key string, fallback bool) []conversation.Message {
	return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText,
		Text: b.msgs.T(lang, key), Options: b.starters(lang), Fallback: fallback}}
}

func save(q catalog.Query) *savedQuery {
	s := &savedQuery{Text: q.Text, Type: q.Type, Options: q.Options, Sort: q.Sort, Offset: q.Offset, InStock: q.InStock}
	if q.MaxPrice != nil {
		s.MaxPrice = q.MaxPrice.Amount
	}
	if q.MinPrice != nil {
		s.MinPrice = q.MinPrice.Amount
	}
	return s
}

func (s *savedQuery) query(currency string) catalog.Query {
	q := catalog.Query{Text: s.Text, Type: s.Type, Options: s.Options, Sort: s.Sort, Offset: s.Offset, InStock: s.InStock}
	if s.MaxPrice > 0 {
		m := money.New(s.MaxPrice, currency)
		q.MaxPrice = &m
	}
	if s.MinPrice > 0 {
		m := money.New(s.MinPrice, currency)
		q.MinPrice = &m
	}
	return q
}
