package catalog

import "context"

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
// products fits it. Products the text does not touch are left out.
func (s *Service) Relevance(ctx context.Context, text string, handles []string) map[string]Fit {
	ix := s.fresh(ctx)
	want := map[int64]string{}
	for _, p := range ix.products {
		for _, h := range handles {
			if p.Handle == h {
				want[p.ID] = h
			}
		}
	}
	out := map[string]Fit{}
	if len(want) == 0 || text == "" {
		return out
	}
	hits, _ := ix.Search(Query{Text: text, Limit: len(ix.products)})
	for _, h := range hits {
		if handle, ok := want[h.ID]; ok {
			out[handle] = Fit{Kind: int(h.kind), Matched: h.matched, Score: h.Score}
		}
	}
	return out
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
	kinds := map[string]bool{}
	for typ := range ix.types {
		for _, w := range Terms(typ) {
			kinds[w] = true
		}
	}
	for _, w := range Terms(text) {
		if kinds[w] {
			return true
		}
	}
	return false
}
