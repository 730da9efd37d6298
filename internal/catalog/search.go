package catalog

import (
	"html"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Query describes a product search. Text is free text in any language;
// the other fields filter. A variant must satisfy every variant filter at once
// (size 42 AND black AND in stock AND under the price).
type Query struct {
	Text     string
	Type     string            // product type, compared folded
	Vendor   string            // brand, compared folded
	Tags     []string          // every tag must be present
	Options  map[string]string // option name → value, e.g. {"Size": "42"}; names "Color"/"Colour" are one
	MinPrice *money.Money
	MaxPrice *money.Money
	InStock  bool
	// Sort is "" (relevance) or "price_asc" / "price_desc".
	Sort            string
	IncludeInactive bool // admin searches see drafts and archived products
	Limit           int
	Offset          int
}

// Results is one page of matching products and how many match in all.
type Results struct {
	Products []Product
	Total    int
}

// Hit is a matching product's id and score.
type Hit struct {
	ID    int64
	Score float64
}

// Field weights: a word in the title says more than a word in the description.
const (
	wTitle  = 3.0
	wType   = 2.5
	wVendor = 2.0
	wTags   = 1.5
	wOption = 1.0
	wBody   = 0.4
)

type posting struct {
	doc    int32
	weight float32
}

// Index is an immutable in-memory search index over a catalogue snapshot.
type Index struct {
	Version  int64
	built    bool
	products []Product
	postings map[string][]posting
	terms    []string // sorted, for prefix expansion
	norms    []float64
	avgNorm  float64
}

// BuildIndex indexes products; version is the catalogue version they came from.
func BuildIndex(ps []Product, version int64) *Index {
	ix := &Index{Version: version, built: ps != nil, products: ps, postings: map[string][]posting{}}
	ix.norms = make([]float64, len(ps))
	total := 0.0
	for d, p := range ps {
		w := map[string]float64{}
		add := func(text string, weight float64) {
			for _, t := range Terms(text) {
				w[t] += weight
			}
		}
		add(p.Title, wTitle)
		add(p.Type, wType)
		add(p.Vendor, wVendor)
		add(strings.Join(p.Tags, " "), wTags)
		add(stripHTML(p.BodyHTML), wBody)
		seen := map[string]bool{}
		for _, v := range p.Variants {
			for _, val := range v.Options {
				if !seen[val] {
					seen[val] = true
					add(val, wOption)
				}
			}
		}
		n := 0.0
		for t, weight := range w {
			ix.postings[t] = append(ix.postings[t], posting{doc: int32(d), weight: float32(weight)})
			n += weight
		}
		ix.norms[d] = n
		total += n
	}
	if len(ps) > 0 {
		ix.avgNorm = total / float64(len(ps))
	}
	ix.terms = make([]string, 0, len(ix.postings))
	for t := range ix.postings {
		ix.terms = append(ix.terms, t)
	}
	sort.Strings(ix.terms)
	return ix
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripHTML(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, " ")) }

// Terms splits text into index terms: folded words, lightly stemmed, and for
// runs of CJK characters each character and each pair of neighbours, since
// Chinese is written without spaces.
func Terms(text string) []string {
	words := fold.Words(text)
	out := make([]string, 0, len(words)*2)
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if fold.IsCJK(r) {
			out = append(out, w)
			if i+1 < len(words) {
				if r2, _ := utf8.DecodeRuneInString(words[i+1]); fold.IsCJK(r2) {
					out = append(out, w+words[i+1])
				}
			}
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips a plural "s" so "jackets" finds "jacket"; longer plurals
// ("schoenen", "jakker") are found by prefix matching instead.
func stem(w string) string {
	if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// expand finds the index terms a query term matches, with a quality factor:
// exact 1, the query as a prefix 0.8, one edit away 0.6.
func (ix *Index) expand(q string) map[string]float64 {
	m := map[string]float64{}
	if _, ok := ix.postings[q]; ok {
		m[q] = 1
	}
	n := utf8.RuneCountInString(q)
	if n >= 3 {
		i := sort.SearchStrings(ix.terms, q)
		for j := i; j < len(ix.terms) && j < i+50 && strings.HasPrefix(ix.terms[j], q); j++ {
			if ix.terms[j] != q {
				m[ix.terms[j]] = 0.8
			}
		}
		// A term that is a prefix of the query ("schoen" for "schoenen").
		for k := n - 1; k >= 4 && k >= n-3; k-- {
			p := string([]rune(q)[:k])
			if _, ok := ix.postings[p]; ok {
				if _, have := m[p]; !have {
					m[p] = 0.7
				}
			}
		}
	}
	if len(m) == 0 && n >= 5 {
		for _, t := range ix.terms {
			if withinOneEdit(q, t) {
				m[t] = 0.6
			}
		}
	}
	return m
}

// Search ranks the products matching q and returns one page of hits and the
// number of matches in all.
func (ix *Index) Search(q Query) ([]Hit, int) {
	scores := map[int32]float64{}
	terms := Terms(q.Text)
	known := 0
	matched := map[int32]int{}
	N := float64(len(ix.products))
	for _, qt := range terms {
		exp := ix.expand(qt)
		if len(exp) == 0 {
			continue
		}
		known++
		best := map[int32]float64{}
		for t, quality := range exp {
			ps := ix.postings[t]
			idf := math.Log(1 + (N-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
			for _, p := range ps {
				// BM25-style saturation of the field-weighted term frequency.
				tf := float64(p.weight)
				norm := 0.25 + 0.75*ix.norms[p.doc]/math.Max(ix.avgNorm, 1)
				s := quality * idf * (tf * 2.2) / (tf + 1.2*norm)
				if s > best[p.doc] {
					best[p.doc] = s
				}
			}
		}
		for d, s := range best {
			scores[d] += s
			matched[d]++
		}
	}
	var cands []int32
	if known == 0 {
		if strings.TrimSpace(q.Text) != "" && len(terms) > 0 {
			return nil, 0 // words the catalogue does not know: nothing matches
		}
		cands = make([]int32, len(ix.products))
		for i := range cands {
			cands[i] = int32(i)
		}
	} else {
		for d := range scores {
			// Every query word that the catalogue knows should count: a product
			// matching all of them beats one matching a single common word.
			cover := float64(matched[d]) / float64(known)
			scores[d] *= cover * cover
			cands = append(cands, d)
		}
	}
	hits := make([]Hit, 0, len(cands))
	for _, d := range cands {
		p := &ix.products[d]
		if !q.IncludeInactive && p.Status != "" && p.Status != StatusActive {
			continue
		}
		if !productMatches(p, q) {
			continue
		}
		s := scores[d]
		if p.InStock() {
			s += 0.001 // among equals, what can be bought comes first
		}
		hits = append(hits, Hit{ID: p.ID, Score: s})
	}
	priceOf := func(id int64) int64 { return 0 }
	if q.Sort != "" {
		prices := make(map[int64]int64, len(hits))
		for _, d := range cands {
			p := &ix.products[d]
			prices[p.ID] = p.MinPrice().Amount
		}
		priceOf = func(id int64) int64 { return prices[id] }
	}
	sort.SliceStable(hits, func(i, j int) bool {
		switch q.Sort {
		case "price_asc":
			if priceOf(hits[i].ID) != priceOf(hits[j].ID) {
				return priceOf(hits[i].ID) < priceOf(hits[j].ID)
			}
		case "price_desc":
			if priceOf(hits[i].ID) != priceOf(hits[j].ID) {
				return priceOf(hits[i].ID) > priceOf(hits[j].ID)
			}
		}
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	total := len(hits)
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	if q.Offset >= len(hits) {
		return nil, total
	}
	hits = hits[q.Offset:]
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, total
}

func productMatches(p *Product, q Query) bool {
	if q.Type != "" && !sameFolded(p.Type, q.Type) {
		return false
	}
	if q.Vendor != "" && !sameFolded(p.Vendor, q.Vendor) {
		return false
	}
	for _, t := range q.Tags {
		found := false
		for _, pt := range p.Tags {
			if sameFolded(pt, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(q.Options) == 0 && q.MinPrice == nil && q.MaxPrice == nil && !q.InStock {
		return true
	}
	return len(filterVariants(p.Variants, q)) > 0
}

// filterVariants returns the variants that satisfy all of q's variant filters.
func filterVariants(vs []Variant, q Query) []Variant {
	var out []Variant
	for _, v := range vs {
		if q.InStock && !v.InStock() {
			continue
		}
		if q.MaxPrice != nil && v.Price.Amount > q.MaxPrice.Amount {
			continue
		}
		if q.MinPrice != nil && v.Price.Amount < q.MinPrice.Amount {
			continue
		}
		ok := true
		for name, want := range q.Options {
			if got, found := OptionValue(v.Options, name); !found || !sameFolded(got, want) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, v)
		}
	}
	return out
}

// MatchingVariants returns the variants of p that satisfy q's variant filters.
func MatchingVariants(p Product, q Query) []Variant { return filterVariants(p.Variants, q) }

// OptionValue finds an option by name, treating "Color" and "Colour" as one
// and ignoring case.
func OptionValue(opts map[string]string, name string) (string, bool) {
	canon := canonicalOption(name)
	for k, v := range opts {
		if canonicalOption(k) == canon {
			return v, true
		}
	}
	return "", false
}

func canonicalOption(name string) string {
	n := fold.String(strings.TrimSpace(name))
	switch n {
	case "colour", "color", "kleur", "farge", "warna", "颜色", "գույն":
		return "color"
	case "size", "maat", "storrelse", "saiz", "尺码", "չափս":
		return "size"
	}
	return n
}

func sameFolded(a, b string) bool {
	return fold.String(strings.TrimSpace(a)) == fold.String(strings.TrimSpace(b))
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or transposition of neighbours.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && ra[i] == rb[i] {
		i++
	}
	if i == la && i == lb {
		return true
	}
	switch {
	case la == lb:
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true
		}
		return i+1 < la && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	case la > lb:
		return string(ra[i+1:]) == string(rb[i:])
	default:
		return string(ra[i:]) == string(rb[i+1:])
	}
}
