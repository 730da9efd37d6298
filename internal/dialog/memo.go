package dialog

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/memo"
)

// Pure functions of catalogue text, remembered (issue #17). Every turn
// that picks among the products on screen read each shown product's whole
// description into stemmed terms, and every size or colour comparison
// normalised the same option values again with regular expressions: the
// same work for the same few hundred strings, turn after turn. Results
// are shared and must never be changed by their readers.

var productTermMemo memo.Map[[]textTerm]

// productTerms is termsWithPolarity(negatedTerms(productText(p)), false),
// remembered per product text.
func productTerms(p *catalog.Product) []textTerm {
	var k strings.Builder
	k.Grow(len(p.Title) + len(p.BodyHTML) + len(p.Type) + 16*len(p.Tags) + 4)
	k.WriteString(p.Title)
	k.WriteByte(0)
	k.WriteString(p.BodyHTML)
	k.WriteByte(0)
	k.WriteString(p.Type)
	for _, t := range p.Tags {
		k.WriteByte(0)
		k.WriteString(t)
	}
	return productTermMemo.Get(k.String(), func() []textTerm {
		return termsWithPolarity(negatedTerms(productText(p)), false)
	})
}

var normValueMemo memo.Map[string]

// normValue is normalValue(v), remembered.
func normValue(v string) string {
	return normValueMemo.Get(v, func() string { return normalValue(v) })
}
