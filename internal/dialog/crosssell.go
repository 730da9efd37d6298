package dialog

import (
	"context"
	_ "embed"
	"encoding/json"
	"slices"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// Recommender ranks products that go with others (internal/recommend).
type Recommender interface {
	Rank(ctx context.Context, req recommend.Request) []recommend.Scored
}

// recoState is what selling remembers between turns: the products already
// given a cross-sell (never twice for one product), and the bundle on
// screen with the ones shown before (bundle.go).
type recoState struct {
	CrossSold []string     `json:"cross_sold,omitempty"`
	Bundle    *bundleState `json:"bundle,omitempty"`
	// Last are the handles and skus of the last products message that
	// sold, while it is the last one shown, and its reason (recoevents.go).
	Last       []string `json:"last,omitempty"`
	LastReason string   `json:"last_reason,omitempty"`
}

func (t *turn) reco() *recoState {
	if t.st.Reco == nil {
		t.st.Reco = &recoState{}
	}
	return t.st.Reco
}

//go:embed recommend.json
var recommendJSON []byte

// recoWords are the words selling listens for, in the six languages:
// "goes with", a gift, "another one", and the words for an activity or a
// recipient that a catalogue's tags use (running, men).
var recoWords struct {
	GoesWith   []string
	Gift       []string
	Another    []string
	Activities map[string][]string
	Audiences  map[string][]string
}

func init() {
	var raw struct {
		GoesWith   map[string][]string `json:"goes_with"`
		Gift       map[string][]string `json:"gift"`
		Another    map[string][]string `json:"another"`
		Activities map[string][]string `json:"activities"`
		Audiences  map[string][]string `json:"audiences"`
	}
	if err := json.Unmarshal(recommendJSON, &raw); err != nil {
		panic("dialog recommendation words: " + err.Error()) // embedded data: a bug, caught by every test
	}
	flat := func(m map[string][]string) []string {
		var out []string
		for _, ws := range m {
			out = append(out, ws...)
		}
		return out
	}
	recoWords.GoesWith, recoWords.Gift, recoWords.Another = flat(raw.GoesWith), flat(raw.Gift), flat(raw.Another)
	recoWords.Activities, recoWords.Audiences = raw.Activities, raw.Audiences
}

// crossSellMax is how many things a cross-sell shows: a suggestion, not a
// second search.
const crossSellMax = 3

// crossSell follows an add-to-cart with a few things of other kinds that
// go with what was added, in stock (in the shopper's sizes when known) —
// once per product per conversation, and only when something fits well
// enough. The cart's own reply stays first; its buttons are repeated on
// the suggestion, which is now the last message.
func (b *Bot) crossSell(t *turn, added *catalog.Product, opts []conversation.Option) {
	if b.Recommend == nil || t.st.MultiAdding || len(t.st.Multi) > 0 {
		return
	}
	r := t.reco()
	if slices.Contains(r.CrossSold, added.Handle) {
		return
	}
	for _, m := range t.out {
		if m.Reason == "cross_sell" {
			return // one suggestion a turn, even when one message adds two things
		}
	}
	c, err := b.cartOf(t)
	if err != nil {
		return
	}
	sizes := b.knownSizes(t)
	kinds := map[string]bool{fold.String(added.Type): true}
	ranked := b.Recommend.Rank(t.ctx, recommend.Request{
		Seeds:    []string{added.Handle},
		Customer: t.c.CustomerID,
		Keep: func(p *catalog.Product) bool {
			if kinds[fold.String(p.Type)] || inCart(c, p) {
				return false
			}
			_, ok := sizeFit(p, sizes)
			return ok
		},
		Limit: crossSellMax * 3,
	})
	var ps []catalog.Product
	for _, s := range ranked {
		if !recommend.GoesWith(s) || kinds[fold.String(s.Product.Type)] {
			continue
		}
		// The ranking read the index, whose stock may be a little old: the
		// few shown are read again.
		p, err := b.Catalog.Product(t.ctx, s.Product.Handle)
		if err != nil {
			continue
		}
		if _, ok := sizeFit(p, sizes); !ok {
			continue
		}
		kinds[fold.String(p.Type)] = true // one of each kind
		ps = append(ps, *p)
		if len(ps) == crossSellMax {
			break
		}
	}
	if len(ps) == 0 {
		return
	}
	r.CrossSold = append(r.CrossSold, added.Handle)
	b.say(t, "recommend.cross_sell")
	m := b.cards(t, ps)
	m.Reason = "cross_sell"
	m.Options = append([]conversation.Option(nil), opts...)
}

// knownSizes are the sizes the shopper has given: asked for now or before,
// or chosen for what is in the cart.
func (b *Bot) knownSizes(t *turn) []string {
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if v, ok := entity(t.res, "size"); ok {
		add(v)
	}
	if v, ok := catalog.OptionValue(t.st.Want, "Size"); ok {
		add(v)
	}
	if c, err := b.cartOf(t); err == nil {
		for _, it := range c.Items {
			if v, err := b.Catalog.Variant(t.ctx, it.SKU); err == nil {
				if s, ok := catalog.OptionValue(v.Options, "Size"); ok {
					add(s)
				}
			}
		}
	}
	return out
}

// sizeFit picks the variant of p to offer: in stock and in one of the
// shopper's sizes when p comes in sizes of that scale (a shoe size says
// nothing about a shirt), else the first in stock.
func sizeFit(p *catalog.Product, sizes []string) (catalog.Variant, bool) {
	var first *catalog.Variant
	scale := false
	for i, v := range p.Variants {
		val, ok := catalog.OptionValue(v.Options, "Size")
		if ok && slices.ContainsFunc(sizes, func(s string) bool { return fold.String(s) == fold.String(val) }) {
			scale = true
			if v.InStock() {
				return p.Variants[i], true
			}
		}
		if first == nil && v.InStock() {
			first = &p.Variants[i]
		}
	}
	if scale || first == nil {
		return catalog.Variant{}, false // their size is sold out, or everything is
	}
	return *first, true
}
