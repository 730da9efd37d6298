package catalog

import (
	"html"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/pack"
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
	// ByFit orders products that fit Text alike (kind, constraints met,
	// named in a title or only described) as a listing does, in stock
	// first and then in the catalogue's order,
	// not by how often and where each has the words: for a kind named in
	// a word of its own ("kattenbak" in a type "Cat Litter") the words tell
	// the box from the litter, and the catalogue's order says more than a
	// shorter title does of which litter to show first.
	ByFit  bool
	Limit  int
	Offset int

	only map[int64]bool // product ids the search is limited to (Relevance)
}

// Results is one page of matching products and how many match in all.
type Results struct {
	Products []Product
	Total    int
	// Confidence is how surely the first product is what the text asked
	// for, from 0 to 1 (1 without text): the share of the shopper's words
	// the catalogue could read, times the share of those the first product
	// meets, less when a kind was named and the first product is not of it.
	// In a trade the vocabulary does not know, a low figure says the chat
	// should rather ask than show unrelated products.
	Confidence float64
}

// Below LowConfidence the first product meets too little of what was
// asked to be offered as the answer without a question.
const LowConfidence = 0.6

// Hit is a matching product's id and score.
type Hit struct {
	ID    int64
	Score float64
	doc   int32
	// Hits rank by whether they are of the kind asked for (2), of a
	// neighbouring kind (1: ankle boots for rain boots) or of another (0), then
	// by how many of the query's constraints they meet, then by Score.
	kind    uint8
	matched int
	// far is set, for a query asking for a cheap one, on a hit scoring well
	// below the best of those of its kind meeting as many constraints: the
	// price orders only the ones that fit about as well.
	far bool
	// named is set when the words name the product in its title, type,
	// tags or options, not only in its description (ByFit).
	named bool
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
	docs     []docInfo
	types    map[string]string // folded product type → as the catalogue names it
	strong   map[string]bool   // terms of titles, types, brands, tags and options
	// Concepts of the product vocabulary found in each product (and their
	// broader concepts), so words of any language find an English catalogue.
	voc          *vocab.Vocabulary
	concepts     map[vocab.ID][]posting
	typeConcepts map[string][]vocab.ID // catalogue type → the concepts its name says
	scratch      *sync.Pool
	// Facts about the whole catalogue that the dialogue asks on many turns,
	// worked out once per index (text.go).
	kindsOnce  sync.Once
	kindTerms  map[string]bool // words of the catalogue's product types
	bigTypes   []string        // types by how many products are in stock
	hasSale    bool
	titlesOnce sync.Once
	titles     []string // folded titles, for "is this name shared?"
	skelOnce   sync.Once
	skel       map[string][]string // skeleton → index terms (rank.go)
	skelKeys   []string
	// keyWords remembers KeyWords per text: the dialogue asks it of the
	// same message five to ten times a turn (issue #17). An index is never
	// changed once built, so what it remembers holds as long as it does.
	keyWords textMemo
}

// docInfo is what filters read, folded once at build time so a query does
// not fold the same catalogue words again.
type docInfo struct {
	active    bool
	inStock   bool
	minPrice  int64
	typ       string
	typeTerms []string // the index terms of the type, for words naming it
	vendor    string
	tags      []string
	variants  []variantInfo
	// own are the kinds the product is, as its title's head and its type
	// name them ("Canvas Yoga Mat Bag" is a bag, not a yoga mat), nil when
	// neither names a kind the vocabulary knows.
	own []vocab.ID
	// kids is set for a product made for children (title, type or tags):
	// a shopper who does not say so is seldom shopping for a child.
	kids bool
}

type variantInfo struct {
	opts  map[string]string // canonical option name → folded value
	price int64
	stock int
}

// BuildIndex indexes products with the shipped vocabulary; version is the
// catalogue version they came from.
func BuildIndex(ps []Product, version int64) *Index {
	return BuildIndexWith(ps, version, vocab.Default())
}

// wLiteral is what the shopper's own words found in a product add to the
// concept they name, as a share of the smaller of the two.
const wLiteral = 0.5

// Weights of a concept found in a product: a broader concept counts a little
// less than the one named ("shoes" prefers a product called a shoe to a
// sneaker, but finds both).
const wBroader = 0.8

// BuildIndexWith indexes products with a vocabulary (the shipped one with
// the retailer's synonyms applied).
func BuildIndexWith(ps []Product, version int64, voc *vocab.Vocabulary) *Index {
	ix := &Index{Version: version, built: ps != nil, products: ps, postings: map[string][]posting{},
		types: map[string]string{}, strong: map[string]bool{}, voc: voc, concepts: map[vocab.ID][]posting{},
		typeConcepts: map[string][]vocab.ID{}, scratch: &sync.Pool{New: func() any { return new(scratch) }}}
	ix.norms = make([]float64, len(ps))
	ix.docs = make([]docInfo, len(ps))
	total := 0.0
	matcher := voc.NewMatcher()
	kids, ok := voc.Lookup("kids")
	if !ok {
		kids = -1
	}
	cw := map[vocab.ID]float64{}    // the product's concepts and their weights
	found := map[vocab.ID]float64{} // the current field's
	for d, p := range ps {
		di := docInfo{active: p.Status == "" || p.Status == StatusActive, inStock: p.InStock(), minPrice: p.MinPrice().Amount,
			typ: fold.String(strings.TrimSpace(p.Type)), vendor: fold.String(strings.TrimSpace(p.Vendor))}
		for _, t := range p.Tags {
			di.tags = append(di.tags, fold.String(strings.TrimSpace(t)))
		}
		for _, v := range p.Variants {
			vi := variantInfo{opts: make(map[string]string, len(v.Options)), price: v.Price.Amount, stock: v.Stock}
			for k, val := range v.Options {
				vi.opts[canonicalOption(k)] = fold.String(strings.TrimSpace(val))
			}
			di.variants = append(di.variants, vi)
		}
		w := map[string]float64{}
		extra := 0.0 // weight of measures written the other way, not part of the length
		addTerms := func(words []string, weight float64) {
			ts := termsOf(words)
			plain := len(ts)
			for i, t := range withMeasures(ts) {
				w[t] += weight
				if i >= plain {
					extra += weight
				}
				if weight >= wOption {
					ix.strong[t] = true
				}
			}
		}
		clear(cw)
		clear(found)
		addConcepts := func(words []string, weight float64, compounds bool) {
			for _, m := range matcher.MatchWords(words, compounds) {
				for _, c := range m.Concepts {
					if weight >= wTags && kids >= 0 && (c == kids || slices.Contains(voc.Ancestors(c), kids)) {
						di.kids = true
					}
					found[c] = weight
					for _, a := range voc.Ancestors(c) {
						found[a] = max(found[a], weight*wBroader)
					}
				}
			}
		}
		// A concept counts once per field ("Black" in four variants is one
		// colour), and more in a title than in a description.
		endField := func() {
			for c, fw := range found {
				cw[c] += fw
			}
			clear(found)
		}
		field := func(text string, weight float64, compounds bool) {
			words := withoutNegated(fold.Words(text))
			addTerms(words, weight)
			addConcepts(words, weight, compounds)
			endField()
		}
		di.typeTerms = Terms(p.Type)
		if p.Type != "" {
			folded := fold.String(strings.TrimSpace(p.Type))
			ix.types[folded] = p.Type
			if _, done := ix.typeConcepts[folded]; !done {
				ix.typeConcepts[folded] = ownConcepts(p.Type, voc.Match(p.Type, true))
			}
		}
		field(p.Title, wTitle, true)
		field(p.Type, wType, true)
		addTerms(fold.Words(p.Vendor), wVendor)
		for _, t := range p.Tags {
			words := withoutNegated(fold.Words(t))
			addTerms(words, wTags)
			addConcepts(words, wTags, true)
		}
		endField()
		di.own = ownKinds(voc, matcher, p.Title, p.Type)
		field(stripHTML(p.BodyHTML), wBody, false) // prose: no compound guessing
		seen := map[string]bool{}
		for _, v := range p.Variants {
			for _, val := range v.Options {
				if !seen[val] {
					seen[val] = true
					words := fold.Words(val)
					addTerms(words, wOption)
					addConcepts(words, wOption, true)
				}
			}
		}
		endField()
		ix.docs[d] = di
		for c, weight := range cw {
			ix.concepts[c] = append(ix.concepts[c], posting{doc: int32(d), weight: float32(weight)})
		}
		n := 0.0
		for t, weight := range w {
			ix.postings[t] = append(ix.postings[t], posting{doc: int32(d), weight: float32(weight)})
			n += weight
		}
		n -= extra
		ix.norms[d] = n
		total += n
	}
	if len(ps) > 0 {
		ix.avgNorm = total / float64(len(ps))
	}
	ix.pack()
	return ix
}

// pack lays the index's terms side by side in one string and its posting
// lists in one array each: grown by appending, product by product, each was
// a small object among the build's garbage, and after start-up such objects
// hold heap pages that are otherwise empty (about a megabyte of the idle demo
// shop's; issue #17). The lists are clipped: an append by a reader never
// writes into the next list. It also lists the terms in order (ix.terms).
func (ix *Index) pack() {
	ix.terms, ix.postings = pack.Lists(ix.postings)
	nPost := 0
	for _, ps := range ix.concepts {
		nPost += len(ps)
	}
	lists := make([]posting, 0, nPost)
	concepts := make(map[vocab.ID][]posting, len(ix.concepts))
	for c, ps := range ix.concepts {
		concepts[c], lists = pack.AppendClipped(lists, ps)
	}
	ix.concepts = concepts
	strong := make(map[string]bool, len(ix.strong))
	for t := range ix.strong {
		if i, ok := slices.BinarySearch(ix.terms, t); ok {
			t = ix.terms[i]
		}
		strong[t] = true
	}
	ix.strong = strong
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripHTML(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, " ")) }

// Terms splits text into index terms: folded words, lightly stemmed, and for
// runs of CJK characters each character and each pair of neighbours, since
// Chinese is written without spaces.
func Terms(text string) []string { return termsOf(fold.Words(text)) }

func termsOf(words []string) []string {
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
func (ix *Index) expand(q string, fuzzy bool) map[string]float64 {
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
	if len(m) == 0 && n == 4 && fuzzy {
		for _, t := range ix.soundsLike(q) {
			m[t] = 0.6
		}
	}
	if len(m) == 0 && n >= 5 {
		for _, t := range ix.terms {
			// One edit that is no slip of the fingers is another word:
			// "shame" is no misspelt "shape" (fold.Slip).
			if d := len(t) - len(q); d <= 4 && d >= -4 && withinOneEdit(q, t) && fold.Slip(q, t) {
				m[t] = 0.6
			}
		}
		if len(m) == 0 && fuzzy {
			for _, t := range ix.soundsLike(q) {
				m[t] = 0.6
			}
		}
	}
	return m
}

// scratch is one search's working memory, kept in a pool so a busy shop
// does not allocate and collect it for every query.
type scratch struct {
	scores, best, word, phrase []float64
	matched, flags             []uint8
	termsHit                   []uint8 // per product, words of one slot it has (zeroed after use)
}

// Per-product flags of one search.
const (
	flagStrong uint8 = 1 << iota // the current kind named in a title, type, tag or option
	flagKind                     // of a kind asked for
	flagNear                     // of the kind just above one asked for
	flagNeg                      // has what the shopper said they do not want
	flagWith                     // its type is what the thing asked for goes with ("guitar" in "case for guitar")
	flagHead                     // names the thing asked for (not what it goes with) in a title, type, tag or option
)

func (s *scratch) reset(n int) {
	if cap(s.scores) < n {
		*s = scratch{scores: make([]float64, n), best: make([]float64, n), matched: make([]uint8, n), flags: make([]uint8, n)}
		return
	}
	s.scores, s.best, s.matched, s.flags = s.scores[:n], s.best[:n], s.matched[:n], s.flags[:n]
	clear(s.scores)
	clear(s.matched)
	clear(s.flags)
	// best, word and phrase are zeroed as they are used.
}

func (s *scratch) phraseArrays(n int) ([]float64, []float64) {
	if cap(s.word) < n {
		s.word, s.phrase = make([]float64, n), make([]float64, n)
	}
	return s.word[:n], s.phrase[:n]
}

// slot is one constraint of a query: a concept the shopper named (in any
// language) together with the words that named it, or a plain word the
// vocabulary does not know. A product meets the slot when any of them
// matches it.
type slot struct {
	terms    []string
	concepts []vocab.ID
	kind     bool // names a kind of product
	neg      bool // the shopper does not want it ("zonder vulling")
	// with is set for words after "for" or "with" that follow the thing
	// asked for ("hard case for electric guitar"): they name what it goes
	// with, so they narrow but do not say which kind is wanted.
	with bool
}

// slots reads query text as constraints: the vocabulary's phrases, longest
// first, then each remaining word as before (with CJK bigrams).
func (ix *Index) slots(text string) []slot {
	words := fold.Words(text)
	var out []slot
	next := 0
	at, from := withAt(words), -1 // the word that starts what the thing goes with; its first slot
	mark := func(i int) {
		if i >= at && from < 0 {
			from = len(out)
		}
	}
	rest := func(end int) {
		for i := next; i < end; i++ {
			mark(i)
			if r, _ := utf8.DecodeRuneInString(words[i]); fold.IsCJK(r) {
				// A run of Chinese characters the vocabulary does not know is
				// one constraint, met best by a product with the whole run:
				// "双人" is not the two constraints 双 and 人.
				j := i + 1
				for j < end {
					if r, _ := utf8.DecodeRuneInString(words[j]); !fold.IsCJK(r) {
						break
					}
					j++
				}
				var ts []string
				for _, t := range Terms(strings.Join(words[i:j], " ")) {
					if !stopWords[t] {
						ts = append(ts, t)
					}
				}
				if len(ts) > 0 {
					out = append(out, slot{terms: ts})
				}
				i = j - 1
				continue
			}
			for _, t := range Terms(words[i]) {
				// A stop word is read as nothing else: "something" is not
				// the compound some|thing, nor sounds like "setting".
				if !ix.knownTerm(t) && !stopWords[t] {
					if l := stem(vocab.ArmenianLoanword(t)); l != t {
						// "ուկուլելե": a loanword in Armenian letters is
						// the catalogue's Latin word, spelt by its sound.
						t = l
						if ix.knownTerm(t) {
							out = append(out, slot{terms: []string{t}})
							continue
						}
					}
					// "yogabolster": the catalogue's words run together.
					l, r, ok := ix.splitWord(t)
					if ok && r != "" {
						out = append(out, slot{terms: []string{l}}, slot{terms: []string{r}})
						continue
					}
					if ok {
						// "keyboardstativ": the head of a compound is its
						// last part; a known first part only says what the
						// thing goes with, not that it is one.
						out = append(out, slot{terms: []string{t}}, slot{terms: []string{l}, with: true})
						continue
					}
					if head, ok := ix.compoundHead(t); ok && len(ix.expand(t, true)) == 0 {
						// "elgitar": a head the catalogue spells its own way.
						out = append(out, slot{terms: []string{head}})
						continue
					}
				}
				out = append(out, slot{terms: []string{t}})
			}
		}
	}
	for _, m := range ix.voc.Match(text, true) {
		rest(m.Start)
		mark(m.Start)
		next = m.End
		if m.Rewrite != "" {
			// A retailer's synonym for the catalogue's own words.
			for _, t := range Terms(m.Rewrite) {
				out = append(out, slot{terms: []string{t}})
			}
			continue
		}
		var literal []string
		for _, t := range Terms(strings.Join(words[m.Start:m.End], " ")) {
			// The "s" of "women's" would match every "men's" and "kids'".
			if utf8.RuneCountInString(t) > 1 || fold.IsCJK([]rune(t)[0]) {
				literal = append(literal, t)
			}
		}
		if !m.Compound {
			sl := slot{terms: literal, concepts: m.Concepts}
			for _, c := range m.Concepts {
				sl.kind = sl.kind || ix.voc.IsKind(c)
			}
			out = append(out, sl)
			continue
		}
		// "ullsokker": the kind (socks) and each modifier (wool) are
		// separate constraints; the whole word still finds a Norwegian title.
		head := slot{terms: literal, kind: true}
		modified := 0
		for _, c := range m.Concepts {
			if ix.voc.IsKind(c) {
				head.concepts = append(head.concepts, c)
			} else {
				out = append(out, slot{concepts: []vocab.ID{c}})
				modified++
			}
		}
		if m.End == m.Start+1 {
			// A modifier the vocabulary does not know may be the catalogue's
			// own word: "softshell" in "softshellbukse". When the vocabulary
			// read a modifier there, it may have read a shorter word ("soft")
			// than the catalogue's: either meets the constraint.
			if l, _, ok := ix.splitWord(words[m.Start]); ok {
				switch {
				case modified == 0:
					out = append(out, slot{terms: []string{l}})
				case modified == 1 && ix.strong[l]:
					out[len(out)-1].terms = []string{l}
				}
			}
		}
		out = append(out, head)
	}
	rest(len(words))
	if from >= 0 && from < len(out) {
		for i := range out[from:] {
			out[from+i].with = true
		}
	}
	return ix.dropCommon(out)
}

// withAt is the index of the word that starts what a wish goes with ("for"
// in "hard case for electric guitar", "til" in "pensler til oljemaling"),
// when a word that is not a stop word comes before it; len(words) when
// there is none.
func withAt(words []string) int {
	named := false
	for i, w := range words {
		if headStops[w] && named && i+1 < len(words) {
			return i
		}
		named = named || !stopWords[stem(w)]
	}
	return len(words)
}

// Search ranks the products matching q and returns one page of hits and the
// number of matches in all. Every constraint the shopper stated counts: a
// product of the kind asked for ranks above one of another kind, then one
// meeting more of the constraints (material, feature, colour, audience)
// above one meeting fewer, then by relevance.
func (ix *Index) Search(q Query) ([]Hit, int) {
	hits, total, _ := ix.search(q)
	return hits, total
}

// SearchSure is Search with the confidence of its first hit (Results).
func (ix *Index) SearchSure(q Query) ([]Hit, int, float64) { return ix.search(q) }

// confidence is how surely the first of hits answers a query of slots
// constraints of which known were read: see Results.Confidence.
func confidence(slots, known, kinds int, hits []Hit) float64 {
	if slots == 0 {
		return 1
	}
	if len(hits) == 0 || known == 0 {
		return 0
	}
	c := float64(known) / float64(slots) * float64(hits[0].matched) / float64(known)
	if kinds > 0 && hits[0].kind < 2 {
		c *= 0.5
	}
	return min(max(c, 0), 1)
}

func (ix *Index) search(q Query) ([]Hit, int, float64) {
	n := len(ix.products)
	f := compileFilter(q)
	var slots []slot
	cheap := false // the shopper asked for a cheap one (rank.go)
	if strings.TrimSpace(q.Text) != "" {
		var text string
		text, cheap = withoutPriceWords(q.Text)
		slots = ix.readQuery(text)
	}
	forKids := ix.asksForKids(slots)
	var scores []float64
	var matched, flags []uint8
	known, kinds := 0, 0
	if len(slots) > 0 {
		sc := ix.scratch.Get().(*scratch)
		defer ix.scratch.Put(sc)
		sc.reset(n)
		scores, matched, flags = sc.scores, sc.matched, sc.flags
		best := sc.best
		var touched []int32
		N := float64(n)
		// score keeps each product's best score for one word or concept in
		// into, listing the products it touches first in *list.
		score := func(into []float64, list *[]int32, ps []posting, quality float64, kind vocab.ID, head bool) {
			idf := math.Log(1 + (N-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
			for _, p := range ps {
				// BM25-style saturation of the field-weighted term frequency.
				tf := float64(p.weight)
				norm := 0.25 + 0.75*ix.norms[p.doc]/math.Max(ix.avgNorm, 1)
				sc := quality * idf * (tf * 2.2) / (tf + 1.2*norm)
				if into[p.doc] == 0 {
					*list = append(*list, p.doc)
				}
				if sc > into[p.doc] {
					into[p.doc] = sc
				}
				// A kind named only in a description ("pairs well with wool
				// socks") does not make a boot a sock.
				// Nor does a yoga mat in the title make a mat bag a mat.
				if kind >= 0 && p.weight >= wOption && ix.owns(p.doc, kind) {
					flags[p.doc] |= flagStrong
				}
				if head && p.weight >= wOption {
					flags[p.doc] |= flagHead
				}
			}
		}
		var present []searched
		var word, phrase []float64 // for the words of a phrase, each counting its share
		var wordList, phraseList []int32
		var partial []int32 // products meeting a slot's words only in part
		for _, sl := range slots {
			touched = touched[:0]
			hit, typeKind := false, false
			present = ix.present(sl, present)
			for _, pc := range present {
				if ps := ix.concepts[pc.c]; len(ps) > 0 {
					hit = true
					k := vocab.ID(-1)
					if sl.kind && !sl.neg && !sl.with && ix.voc.IsKind(pc.c) && pc.quality == 1 {
						k = pc.c // a stand-in kind ranks as near (below), never as the kind asked for
					}
					score(best, &touched, ps, pc.quality, k, !sl.with && !sl.neg)
				}
			}
			for _, c := range sl.concepts {
				if sl.kind && !sl.neg && !sl.with && ix.voc.IsKind(c) {
					// Products of the kind just above (boots, for rain boots) are
					// the next best thing; they do not score, they only rank. A
					// top-level kind (clothing, footwear) is too broad to be near.
					for _, b := range ix.voc.Parents(c) {
						if len(ix.voc.Parents(b)) == 0 {
							continue
						}
						for _, p := range ix.concepts[b] {
							if p.weight >= wOption {
								flags[p.doc] |= flagNear
							}
						}
					}
				}
			}
			if len(sl.terms) > 0 {
				// "rain jacket" in the catalogue's own words: a product with
				// both words beats one with only "jacket".
				if word == nil {
					word, phrase = sc.phraseArrays(n)
				}
				phraseList = phraseList[:0]
				plain := len(sl.concepts) == 0 && !sl.neg
				// For a concept named in several Latin words ("electric
				// guitar"), how many of them each product has: one word of
				// them ("guitar" on acoustic strings) does not meet it.
				var termsHit []uint8
				if len(sl.concepts) > 0 && len(sl.terms) > 1 && !sl.neg && latin(sl.terms) {
					if cap(sc.termsHit) < n {
						sc.termsHit = make([]uint8, n)
					}
					termsHit = sc.termsHit[:n]
				}
				for _, qt := range sl.terms {
					wordList = wordList[:0]
					for t, quality := range ix.expand(qt, plain) {
						hit = true
						score(word, &wordList, ix.postings[t], quality, -1, !sl.with && !sl.neg)
						if sl.with && quality == 1 { // "drums", not the "drumsticks" it starts
							for _, p := range ix.postings[t] {
								if slices.Contains(ix.docs[p.doc].typeTerms, t) {
									flags[p.doc] |= flagWith
								}
							}
						}
						if plain && !sl.with {
							// A word the vocabulary does not know that the
							// catalogue's type has ("mixer" in Mixers) names
							// the kind as well as a concept would.
							for _, p := range ix.postings[t] {
								if slices.Contains(ix.docs[p.doc].typeTerms, t) {
									flags[p.doc] |= flagStrong
									typeKind = true
								}
							}
						}
					}
					for _, d := range wordList {
						if termsHit != nil {
							termsHit[d]++
						}
						if phrase[d] == 0 {
							phraseList = append(phraseList, d)
						}
						phrase[d] += word[d]
						word[d] = 0
					}
				}
				share := 1 / float64(len(sl.terms))
				for _, d := range phraseList {
					if best[d] == 0 {
						touched = append(touched, d)
						if termsHit != nil && int(termsHit[d]) < len(sl.terms) {
							partial = append(partial, d)
						}
					}
					if termsHit != nil {
						termsHit[d] = 0
					}
					// The shopper's own words in the product say more on top
					// of the concept they name ("kasut kanvas": canvas
					// sneakers before white leather ones).
					lit := phrase[d] * share
					best[d] = max(best[d], lit) + wLiteral*min(best[d], lit)
					phrase[d] = 0
				}
			}
			if !hit {
				continue // a word the catalogue does not know constrains nothing
			}
			if sl.neg {
				// "ikke vanntette": what has it goes after what has not.
				for _, d := range touched {
					flags[d] = flags[d]&^flagStrong | flagNeg
					best[d] = 0
				}
				continue
			}
			known++
			if sl.kind && !sl.with || typeKind {
				kinds++
			}
			for _, d := range partial {
				// Its score counts; the constraint is not met.
				scores[d] += best[d]
				best[d] = 0
				flags[d] &^= flagStrong
			}
			partial = partial[:0]
			for _, d := range touched {
				if best[d] == 0 {
					continue // met only in part (above)
				}
				scores[d] += best[d]
				matched[d]++
				best[d] = 0
				if flags[d]&flagStrong != 0 {
					flags[d] = flags[d]&^flagStrong | flagKind
				}
			}
		}
		if known == 0 {
			return nil, 0, 0 // words the catalogue does not know: nothing matches
		}
	}
	hits := make([]Hit, 0, 64)
	for d := 0; d < n; d++ {
		s := 0.0
		h := Hit{ID: ix.products[d].ID, doc: int32(d), kind: 2}
		if known > 0 {
			if matched[d] == 0 {
				continue
			}
			// Every query word that the catalogue knows should count: a product
			// matching all of them beats one matching a single common word.
			cover := float64(matched[d]) / float64(known)
			s = scores[d] * cover * cover
			h.matched = int(matched[d])
			h.named = flags[d]&flagHead != 0
			switch {
			case flags[d]&flagKind != 0:
			case kinds == 0 && flags[d]&flagWith != 0 && flags[d]&flagHead == 0:
				// A guitar is seldom what "strings for a guitar" asks for;
				// "Cavity Anchors" of the type Wall Plugs still are what
				// "anchors for plasterboard walls" asks for.
				h.kind = 1
			case kinds == 0:
			case flags[d]&flagNear != 0:
				h.kind = 1
			default:
				h.kind = 0
			}
		}
		di := &ix.docs[d]
		if f.only != nil && !f.only[ix.products[d].ID] || !f.matches(di, q.IncludeInactive) {
			continue
		}
		if di.kids && !forKids {
			s *= kidsFactor
		}
		if known > 0 && flags[d]&flagNeg != 0 {
			h.matched--
			s *= negFactor
		}
		if di.inStock {
			s += 0.001 // among equals, what can be bought comes first
		}
		h.Score = s
		hits = append(hits, h)
	}
	less := func(a, b Hit) bool {
		// Even sorted by price, the kind asked for comes first: the cheapest
		// boots, not a cheap black sock.
		if a.kind != b.kind {
			return a.kind > b.kind
		}
		switch q.Sort {
		case "price_asc", "price_desc":
			pa, pb := ix.docs[a.doc].minPrice, ix.docs[b.doc].minPrice
			if pa != pb {
				return (pa < pb) == (q.Sort == "price_asc")
			}
		}
		if a.matched != b.matched {
			return a.matched > b.matched
		}
		if cheap && q.Sort == "" {
			// "cheap strings": of the products that fit about as well, the
			// cheapest first.
			if a.far != b.far {
				return !a.far
			}
			if pa, pb := ix.docs[a.doc].minPrice, ix.docs[b.doc].minPrice; !a.far && pa != pb {
				return pa < pb
			}
		}
		if q.ByFit {
			if a.named != b.named {
				return a.named
			}
			if sa, sb := ix.docs[a.doc].inStock, ix.docs[b.doc].inStock; sa != sb {
				return sa
			}
			return a.ID < b.ID
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.ID < b.ID
	}
	if cheap && q.Sort == "" {
		markFar(hits)
	}
	total := len(hits)
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	if q.Offset >= total {
		return nil, total, 0
	}
	top := topK(hits, q.Offset+limit, less)
	asked := 0 // what the shopper wants, not what they rule out
	for _, sl := range slots {
		if !sl.neg {
			asked++
		}
	}
	return top[q.Offset:], total, confidence(asked, known, kinds, top)
}

// topK returns the k best hits in order without sorting all of them.
func topK(hits []Hit, k int, less func(a, b Hit) bool) []Hit {
	if k >= len(hits) {
		sort.Slice(hits, func(i, j int) bool { return less(hits[i], hits[j]) })
		return hits
	}
	top := make([]Hit, 0, k+1)
	for _, h := range hits {
		if len(top) == k && !less(h, top[k-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return less(h, top[i]) })
		top = append(top, Hit{})
		copy(top[i+1:], top[i:])
		top[i] = h
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// filter is a Query's filters with the query's words folded once.
type filter struct {
	only        map[int64]bool // when set, just these products (Relevance)
	typ, vendor string
	tags        []string
	opts        map[string]string
	min, max    *int64
	inStock     bool
}

func compileFilter(q Query) filter {
	f := filter{only: q.only, typ: fold.String(strings.TrimSpace(q.Type)), vendor: fold.String(strings.TrimSpace(q.Vendor)), inStock: q.InStock}
	for _, t := range q.Tags {
		f.tags = append(f.tags, fold.String(strings.TrimSpace(t)))
	}
	if len(q.Options) > 0 {
		f.opts = map[string]string{}
		for k, v := range q.Options {
			f.opts[canonicalOption(k)] = fold.String(strings.TrimSpace(v))
		}
	}
	if q.MinPrice != nil {
		f.min = &q.MinPrice.Amount
	}
	if q.MaxPrice != nil {
		f.max = &q.MaxPrice.Amount
	}
	return f
}

func (f *filter) matches(d *docInfo, includeInactive bool) bool {
	if !includeInactive && !d.active {
		return false
	}
	if f.typ != "" && d.typ != f.typ {
		return false
	}
	if f.vendor != "" && d.vendor != f.vendor {
		return false
	}
	for _, t := range f.tags {
		found := false
		for _, dt := range d.tags {
			if dt == t {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(f.opts) == 0 && f.min == nil && f.max == nil && !f.inStock {
		return true
	}
	for _, v := range d.variants {
		if f.inStock && v.stock <= 0 || f.max != nil && v.price > *f.max || f.min != nil && v.price < *f.min {
			continue
		}
		ok := true
		for k, want := range f.opts {
			if !optionSays(v.opts[k], want) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// filterVariants returns the variants that satisfy all of q's variant filters.
// The dialogue asks it of every product it weighs, many times a turn: the
// values wanted are folded once, not per variant, a variant's values are
// compared without a folded copy when they are ASCII, and the list returned
// is made once at its length (issue #17).
func filterVariants(vs []Variant, q Query) []Variant {
	var wantBuf [4]wantedOption
	wants := wantBuf[:0]
	for name, want := range q.Options {
		wants = append(wants, wantedOption{name, fold.String(strings.TrimSpace(want))})
	}
	// What each variant is: 0 not wanted, 1 wanted, 2 wanted with exactly
	// the values said.
	var kindBuf [64]uint8
	kinds := kindBuf[:0]
	if len(vs) > len(kindBuf) {
		kinds = make([]uint8, 0, len(vs))
	}
	nOut, nExact := 0, 0
	for i := range vs {
		kind := variantKind(&vs[i], q, wants)
		kinds = append(kinds, kind)
		if kind > 0 {
			nOut++
		}
		if kind == 2 {
			nExact++
		}
	}
	// "S" means the S variant when there is one, not also "S/M".
	least, n := uint8(1), nOut
	if nExact > 0 {
		least, n = 2, nExact
	}
	if n == 0 {
		return nil
	}
	out := make([]Variant, 0, n)
	for i, k := range kinds {
		if k >= least {
			out = append(out, vs[i])
		}
	}
	return out
}

// wantedOption is an option a query asks for, its value folded.
type wantedOption struct{ name, value string }

// variantKind is 0 when v fails one of q's filters, 2 when it has exactly
// every value wanted, 1 when it has them with detail after ("S/M" for "s").
func variantKind(v *Variant, q Query, wants []wantedOption) uint8 {
	if q.InStock && !v.InStock() {
		return 0
	}
	if q.MaxPrice != nil && v.Price.Amount > q.MaxPrice.Amount {
		return 0
	}
	if q.MinPrice != nil && v.Price.Amount < q.MinPrice.Amount {
		return 0
	}
	kind := uint8(2)
	for _, w := range wants {
		got, found := OptionValue(v.Options, w.name)
		if !found {
			return 0
		}
		says, same := foldedSays(strings.TrimSpace(got), w.value)
		if !says {
			return 0
		}
		if !same {
			kind = 1
		}
	}
	return kind
}

// foldedSays is optionSays(fold.String(got), want) and whether the folded
// got is want, without folding got when it is ASCII (lower case is all
// fold.String would change).
func foldedSays(got, want string) (says, same bool) {
	for i := 0; i < len(got); i++ {
		if got[i] >= utf8.RuneSelf {
			g := fold.String(got)
			return optionSays(g, want), g == want
		}
	}
	if len(got) < len(want) {
		return false, false
	}
	for i := 0; i < len(want); i++ {
		c := got[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false, false
		}
	}
	if len(got) == len(want) {
		return true, true
	}
	// want is a proper prefix: optionSays looks at what follows, which
	// case does not change.
	return want != "" && strings.IndexByte(" (/,;[", got[len(want)]) >= 0, false
}

// optionSays reports whether a variant's folded option value got is the
// folded value want a shopper named: the same, or want followed by detail
// the catalogue adds ("M 900 ml", "L (42-44)", "S/M" for "s"), which shops
// of every kind write after a size letter or number.
func optionSays(got, want string) bool {
	if got == want {
		return true
	}
	if want == "" || !strings.HasPrefix(got, want) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(got[len(want):])
	return strings.ContainsRune(" (/,;[", r)
}

// MatchingVariants returns the variants of p that satisfy q's variant filters.
func MatchingVariants(p Product, q Query) []Variant { return filterVariants(p.Variants, q) }

// OptionValue finds an option by name, treating "Color" and "Colour" as one
// and ignoring case.
func OptionValue(opts map[string]string, name string) (string, bool) {
	// Callers mostly ask with the catalogue's own spelling of the name
	// (p.Options): found without folding any name (issue #17).
	if v, ok := opts[name]; ok {
		return v, true
	}
	canon := canonicalOption(name)
	for k, v := range opts {
		if canonicalOption(k) == canon {
			return v, true
		}
	}
	return "", false
}

// canonNames remembers canonicalOption of the few option names a shop
// has: every turn compared them for every variant of every product shown,
// folding the same "Size" and "Color" thousands of times (issue #17).
var canonNames textMemo

func canonicalOption(name string) string { return canonNames.get(name, foldOptionName) }

// foldOptionName is canonicalOption without the memory: "Colour" and
// "kleur" are "color", "Maat" is "size" (option_names.json), any other
// name its folded self.
func foldOptionName(name string) string {
	n := fold.String(strings.TrimSpace(name))
	if kind := optionKinds[n]; kind != "" {
		return kind
	}
	return n
}

func sameFolded(a, b string) bool {
	return fold.String(strings.TrimSpace(a)) == fold.String(strings.TrimSpace(b))
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or transposition of neighbours.
func withinOneEdit(a, b string) bool {
	if ascii(a) && ascii(b) {
		// Bytes are letters: the same test without converting both to
		// runes, which every term of the index paid when a misspelt word
		// was looked up (issue #17).
		return withinOneEditASCII(a, b)
	}
	return withinOneEditRunes([]rune(a), []rune(b))
}

// withinOneEditRunes is withinOneEdit of any two texts, as runes.
func withinOneEditRunes(ra, rb []rune) bool {
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

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// withinOneEditASCII is withinOneEdit of two ASCII strings.
func withinOneEditASCII(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	if i == la && i == lb {
		return true
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// ownConcepts lists the concepts a phrase names, without broader ones,
// or nil when some of its words name none (then it is not just concepts).
func ownConcepts(text string, ms []vocab.Match) []vocab.ID {
	covered := 0
	var out []vocab.ID
	for _, m := range ms {
		if m.Rewrite != "" {
			return nil
		}
		covered += m.End - m.Start
		for _, c := range m.Concepts {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	if covered != len(fold.Words(text)) {
		return nil
	}
	slices.Sort(out)
	return out
}

// TypeName returns the catalogue's own name for a product type, compared
// folded ("running shoes" → "Running Shoes"), or named in another language
// ("løpesko" → "Running Shoes") when exactly one of the catalogue's types
// means the same, and whether there is one.
func (ix *Index) TypeName(name string) (string, bool) {
	folded := fold.String(strings.TrimSpace(name))
	if t, ok := ix.types[folded]; ok {
		return t, true
	}
	want := ownConcepts(name, ix.voc.Match(name, true))
	if len(want) == 0 {
		return "", false
	}
	found := ""
	for typ, cs := range ix.typeConcepts {
		if slices.Equal(cs, want) {
			if found != "" {
				return "", false // two types mean the same: let the words search both
			}
			found = typ
		}
	}
	if found == "" {
		return "", false
	}
	// A type holding only some of the kind is not the kind: where the
	// vocabulary's garden tools are one concept, the shop's "Wheelbarrows"
	// are not the hedge shears it sells as "Power Tools", and a filter by
	// that type would hide them.
	for _, c := range want {
		for _, p := range ix.concepts[c] {
			if p.weight >= wOption && ix.docs[p.doc].typ != found {
				return "", false
			}
		}
	}
	return ix.types[found], true
}

// KeyWords keeps the words of text that name something in the catalogue
// (titles, types, brands, tags, option values), dropping the rest of a chat
// sentence ("I'm looking for", "do you have") in any language. Words of the
// product vocabulary are kept as written when the catalogue has what they
// name, so "ullsokker" or "斜挎包" reach Search, which reads them again.
func (ix *Index) KeyWords(text string) string {
	return ix.keyWords.get(text, ix.strictKeyWords)
}

func (ix *Index) strictKeyWords(text string) string { return ix.keyWordsOf(text, false) }

// keyWordsOf is KeyWords; loose also keeps the words and vocabulary concepts
// the catalogue has only in descriptions (SearchWords).
func (ix *Index) keyWordsOf(text string, loose bool) string {
	words := fold.Words(text)
	var kept []string
	negated := ix.negatedWords(text, words)
	next := 0
	keep := func(ws []string) {
		for _, t := range Terms(strings.Join(ws, " ")) {
			if stopWords[t] && !headStops[t] {
				// "of" of an option value "Set of 5" names no product:
				// "actually 3 of them" holds no product words.
				continue
			}
			if (ix.strong[t] || loose && (ix.describes(t) || priceWords[t])) && (utf8.RuneCountInString(t) > 1 || fold.IsCJK([]rune(t)[0])) {
				kept = append(kept, t)
			} else if l := stem(vocab.ArmenianLoanword(t)); l != t && utf8.RuneCountInString(l) >= 4 && ix.strong[l] {
				// "ամիգուրումի", "ուկուլելե": a loanword or a name written
				// in Armenian letters is the catalogue's Latin word.
				kept = append(kept, l)
			} else if headStops[t] && len(kept) > 0 && !headStops[kept[len(kept)-1]] {
				// "case for guitar": what follows is what it goes with,
				// for Search to read as such.
				kept = append(kept, t)
			} else if ix.readsBySound(t) {
				// "kapo", "elgitar": the catalogue's word in the shopper's
				// spelling, for Search to read again.
				kept = append(kept, t)
			}
		}
	}
	rest := func(end int) {
		if next >= end {
			return
		}
		if len(negated) == 0 {
			keep(words[next:end])
			return
		}
		// "not waterproof" stays a wish against, for Search to read.
		for i := next; i < end; i++ {
			n := len(kept)
			keep(words[i : i+1])
			if neg, ok := negated[i]; ok && len(kept) > n {
				kept = slices.Insert(kept, n, words[neg])
			}
		}
	}
	for _, m := range ix.voc.Match(text, true) {
		has := m.Rewrite != ""
		for _, c := range m.Concepts {
			has = has || ix.hasConcept(c) || loose && ix.describesConcept(c) || ix.coarser(c)
		}
		if !has {
			continue // left to the plain words below
		}
		rest(m.Start)
		next = m.End
		if neg, ok := negated[m.Start]; ok {
			kept = append(kept, words[neg])
		}
		kept = append(kept, joinWords(words[m.Start:m.End]))
	}
	rest(len(words))
	if len(kept) > 0 && headStops[kept[len(kept)-1]] {
		kept = kept[:len(kept)-1]
	}
	return strings.Join(kept, " ")
}

// CategoryWord is a word shoppers use for a kind of product the catalogue
// has, in one language, with the name the catalogue search understands for
// it: its own type name when one type means exactly that kind, else the
// kind's English name.
type CategoryWord struct {
	Lang, Text, Value string
}

// CategoryWords lists the vocabulary's words for every kind of product the
// catalogue has, so the NLU can recognise "斜挎包" or "enkellaarsjes" as a
// product category and tell a question about products from small talk.
func (ix *Index) CategoryWords() []CategoryWord {
	var out []CategoryWord
	for i := 0; i < ix.voc.Len(); i++ {
		id := vocab.ID(i)
		if !ix.voc.IsKind(id) || !ix.hasConcept(id) {
			continue
		}
		c := ix.voc.Concept(id)
		value := ""
		for _, t := range c.Terms["en"] {
			if !strings.HasPrefix(t, "~") {
				value = t
				break
			}
		}
		if name, ok := ix.TypeName(value); ok {
			value = name
		}
		if value == "" {
			continue
		}
		for _, lang := range vocab.Languages {
			for _, t := range c.Terms[lang] {
				if !strings.HasPrefix(t, "~") {
					out = append(out, CategoryWord{Lang: lang, Text: t, Value: value})
				}
			}
		}
	}
	return out
}

// hasConcept reports whether a product names c (or something narrower) in
// its title, type, tags or options.
func (ix *Index) hasConcept(c vocab.ID) bool {
	for _, p := range ix.concepts[c] {
		if p.weight >= wOption {
			return true
		}
	}
	return false
}

// coarser reports whether the catalogue names a material, feature or
// colour the catalogue lacks by a broader one (nylon as synthetic).
func (ix *Index) coarser(c vocab.ID) bool {
	if ix.voc.IsKind(c) {
		return false
	}
	for _, b := range ix.voc.Parents(c) {
		if ix.hasConcept(b) {
			return true
		}
	}
	return false
}

// joinWords writes folded words back as one phrase: Chinese characters
// without spaces, other words with.
func joinWords(ws []string) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			r1, _ := utf8.DecodeLastRuneInString(ws[i-1])
			r2, _ := utf8.DecodeRuneInString(w)
			if !fold.IsCJK(r1) || !fold.IsCJK(r2) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
	}
	return b.String()
}
