package recommend

import (
	"math"
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
	tags, colours map[string]bool
	band          int
}

func featuresOf(p *catalog.Product) features {
	return features{typ: fold.String(p.Type), vendor: fold.String(p.Vendor), tags: tagSet(p), colours: colours(p), band: priceBand(p)}
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

func tagSet(p *catalog.Product) map[string]bool {
	out := map[string]bool{}
	for _, t := range p.Tags {
		if t = fold.String(strings.TrimSpace(t)); t != "" && !generic[t] {
			out[t] = true
		}
	}
	return out
}

func colours(p *catalog.Product) map[string]bool {
	out := map[string]bool{}
	for _, v := range p.Variants {
		for k, val := range v.Options {
			switch fold.String(k) {
			case "color", "colour", "kleur", "warna", "farge":
				out[fold.String(val)] = true
			}
		}
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
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
