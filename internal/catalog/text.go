package catalog

import "context"

// PlainText is a product description without its HTML, for matching words.
func PlainText(html string) string { return stripHTML(html) }

// NamesKind reports whether text names a kind of product the catalogue
// sells: a word of one of its product types ("gloves", "backpack"), as
// opposed to a word that merely occurs in a title ("pair", "set").
func (s *Service) NamesKind(ctx context.Context, text string) bool {
	kinds := map[string]bool{}
	for _, p := range s.Snapshot() {
		for _, w := range Terms(p.Type) {
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
