package recommend

import (
	"math"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// Similarity says, from the catalogue alone, how much two products have in
// common (0 to 1): their kind, tags, brand, price band and colours. It is
// what stands in for order history when a product is new.
func Similarity(a, b *catalog.Product) float64 {
	fa, fb := featuresOf(a), featuresOf(b)
	return similarity(&fa, &fb)
}

// features are a product's attributes as Similarity compares them, folded
// once per catalogue rather than once per comparison.
type features struct {
	typ, vendor   string
	tags, colours []string // folded, sorted, each once
	band          int
}

func featuresOf(p *catalog.Product) features {
	return features{typ: fold.String(p.Type), vendor: fold.String(p.Vendor), tags: tagSet(p), colours: colours(p), band: priceBand(p)}
}

// keys are what a product shares with others in the index's postings.
func (f *features) keys() []string {
	ks := make([]string, 0, len(f.tags)+2)
	for _, t := range f.tags {
		ks = append(ks, "t:"+t)
	}
	if f.vendor != "" {
		ks = append(ks, "v:"+f.vendor)
	}
	if f.typ != "" {
		ks = append(ks, "k:"+f.typ)
	}
	return ks
}

func similarity(a, b *features) float64 {
	var s float64
	if a.typ != "" && a.typ == b.typ {
		s += 0.25
	}
	s += 0.4 * jaccard(a.tags, b.tags)
	if a.vendor != "" && a.vendor == b.vendor {
		s += 0.15
	}
	if a.band == b.band {
		s += 0.1
	}
	s += 0.1 * jaccard(a.colours, b.colours)
	return s
}

// generic tags say nothing about what goes together.
var generic = map[string]bool{"sale": true, "new": true, "gift": true, "unisex": true, "bestseller": true}

func tagSet(p *catalog.Product) []string {
	var out []string
	for _, t := range p.Tags {
		if t = fold.String(strings.TrimSpace(t)); t != "" && !generic[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func colours(p *catalog.Product) []string {
	var out []string
	for _, v := range p.Variants {
		for k, val := range v.Options {
			if catalog.OptionKind(k) == "color" {
				out = append(out, fold.String(val))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard of two sorted sets, by merging them.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// priceBand puts a price into bands that double (in minor units): products
// within about a factor of two of each other share a band.
func priceBand(p *catalog.Product) int {
	amount := p.MinPrice().Amount
	if amount <= 0 {
		return -1
	}
	return int(math.Log2(float64(amount)))
}
