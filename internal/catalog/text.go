package catalog

import (
	"context"
	"sort"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// PlainText is a product description without its HTML, for matching words.
func PlainText(html string) string { return stripHTML(html) }

// Fit is how well one product answers a text, as Search reads it: of the
// kind asked for (2), a neighbouring kind (1) or another (0), how many of
// the text's constraints it meets, and the score that orders the rest.
type Fit struct {
	Kind    int
	Matched int
	Score   float64
}

// Relevance reads text as Search does (catalogue words and the product
// vocabulary, in any of the six languages) and says how each of the given
// products fits it. Products the text does not touch are left out. Only
// those products are ranked, so it costs little however big the catalogue.
func (s *Service) Relevance(ctx context.Context, text string, handles []string) map[string]Fit {
	out := map[string]Fit{}
	if len(handles) == 0 || text == "" {
		return out
	}
	ix := s.fresh(ctx)
	want := map[int64]string{}
	only := map[int64]bool{}
	for _, h := range handles {
		if i, ok := ix.byHandle(h); ok {
			id := ix.products[i].ID
			want[id], only[id] = h, true
		}
	}
	if len(only) == 0 {
		return out
	}
	hits, _ := ix.Search(Query{Text: text, Limit: len(only), only: only})
	for _, h := range hits {
		out[want[h.ID]] = Fit{Kind: int(h.kind), Matched: h.matched, Score: h.Score}
	}
	return out
}

// byHandle finds a product of the index by its handle.
func (ix *Index) byHandle(handle string) (int, bool) {
	for i := range ix.products {
		if ix.products[i].Handle == handle {
			return i, true
		}
	}
	return 0, false
}

// kinds works out, once per index, the words of the catalogue's product
// types and its types by how many products are in stock.
func (ix *Index) kinds() {
	ix.kindsOnce.Do(func() {
		ix.kindTerms = map[string]bool{}
		for typ := range ix.types {
			for _, w := range Terms(typ) {
				ix.kindTerms[w] = true
			}
		}
		count := map[string]int{}
		for _, p := range ix.products {
			if p.Status != "" && p.Status != StatusActive || !p.InStock() {
				continue
			}
			if p.Type != "" {
				count[p.Type]++
			}
			for _, tag := range p.Tags {
				ix.hasSale = ix.hasSale || strings.EqualFold(tag, "sale")
			}
		}
		for t := range count {
			ix.bigTypes = append(ix.bigTypes, t)
		}
		sort.Slice(ix.bigTypes, func(i, j int) bool {
			a, b := ix.bigTypes[i], ix.bigTypes[j]
			if count[a] != count[b] {
				return count[a] > count[b]
			}
			return a < b
		})
	})
}

// NamesKind reports whether text names a kind of product the catalogue
// sells, in any of the six languages: a word of one of its product types
// ("gloves") or a kind of the product vocabulary it carries ("hansker",
// "手套"), as opposed to a word that merely occurs in a title ("pair").
func (s *Service) NamesKind(ctx context.Context, text string) bool {
	ix := s.fresh(ctx)
	for _, m := range ix.voc.Match(text, true) {
		for _, c := range m.Concepts {
			if ix.voc.IsKind(c) && ix.hasConcept(c) {
				return true
			}
		}
	}
	ix.kinds()
	for _, w := range Terms(text) {
		if ix.kindTerms[w] {
			return true
		}
	}
	return false
}

// BiggestTypes are the catalogue's product types with the most products in
// stock, at most n, and whether anything is tagged "sale": what a chat can
// offer to start with, whatever the catalogue.
func (s *Service) BiggestTypes(ctx context.Context, n int) ([]string, bool) {
	ix := s.fresh(ctx)
	ix.kinds()
	return ix.bigTypes[:min(n, len(ix.bigTypes))], ix.hasSale
}

// SharedName reports whether words taken for a product's name occur, as
// words, in the titles of several products ("Storm Shell" names the women's
// and the men's jacket alike).
func (s *Service) SharedName(ctx context.Context, name string) bool {
	ix := s.fresh(ctx)
	ix.titlesOnce.Do(func() {
		ix.titles = make([]string, len(ix.products))
		for i, p := range ix.products {
			ix.titles[i] = " " + strings.Join(fold.Words(p.Title), " ") + " "
		}
	})
	name = " " + strings.Join(fold.Words(name), " ") + " "
	n := 0
	for _, t := range ix.titles {
		if strings.Contains(t, name) {
			if n++; n > 1 {
				return true
			}
		}
	}
	return false
}
