package dialog

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// Pure functions of catalogue text, remembered (issue #17). Every turn
// that picks among the products on screen read each shown product's whole
// description into stemmed terms, and every size or colour comparison
// normalised the same option values again with regular expressions: the
// same work for the same few hundred strings, turn after turn. Results
// are shared and must never be changed by their readers.

// memo is a bounded map from a string to what a pure function made of it;
// when full it starts again empty.
type memo[V any] struct {
	m atomic.Pointer[sync.Map]
	n atomic.Int64
}

const memoSize = 8192

func (c *memo[V]) get(key string, f func() V) V {
	m := c.m.Load()
	if m == nil {
		m = new(sync.Map)
		if !c.m.CompareAndSwap(nil, m) {
			m = c.m.Load()
		}
	}
	if v, ok := m.Load(key); ok {
		return v.(V)
	}
	v := f()
	if c.n.Add(1) > memoSize {
		c.m.Store(new(sync.Map))
		c.n.Store(0)
		return v
	}
	m.Store(key, v)
	return v
}

var productTermMemo memo[[]textTerm]

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
	return productTermMemo.get(k.String(), func() []textTerm {
		return termsWithPolarity(negatedTerms(productText(p)), false)
	})
}

var normValueMemo memo[string]

// normValue is normalValue(v), remembered.
func normValue(v string) string {
	return normValueMemo.get(v, func() string { return normalValue(v) })
}
