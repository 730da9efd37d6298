// Package vocab is the product vocabulary the catalogue matches shoppers'
// words against: kinds of product, materials, features, fits, patterns,
// colours and audiences, each a concept with terms in the six launch
// languages (data/*.tsv, embedded at build). A concept may be narrower than
// others (ankle boots are boots are footwear), so a search for a broad kind
// finds the narrow ones.
package vocab

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/pack"
)

//go:embed data/*.tsv
var files embed.FS

// Facets, named for what a concept describes. A product's kind weighs most
// in ranking; the others are constraints a shopper adds.
const (
	Kind     = "kind"
	Material = "material"
	Feature  = "feature"
	Fit      = "fit"
	Pattern  = "pattern"
	Colour   = "colour"
	Audience = "audience"
)

// Languages are the launch languages every concept has terms in.
var Languages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

var facetOfFile = map[string]string{
	"kinds.tsv": Kind, "materials.tsv": Material, "features.tsv": Feature, "fits.tsv": Fit,
	"patterns.tsv": Pattern, "colours.tsv": Colour, "audiences.tsv": Audience, "stop.tsv": "",
}

// facetOf names the facet of a data file. A facet may be split over several
// files (kinds.tsv, kinds-hobby.tsv) so that shops of one trade keep their
// words together; lines of one concept in several files are merged.
func facetOf(file string) (string, bool) {
	base := strings.TrimSuffix(file, ".tsv")
	if i := strings.IndexByte(base, '-'); i > 0 {
		base = base[:i]
	}
	facet, ok := facetOfFile[base+".tsv"]
	return facet, ok
}

// ID identifies a concept within one Vocabulary.
type ID int32

// stop marks a phrase that contains a concept's term but means something
// else (包邮 is free shipping, not a bag): matched, then dropped.
const stop ID = -1

// Concept is one thing shoppers name: a kind, material, feature, fit,
// pattern, colour or audience.
type Concept struct {
	Name    string              // e.g. "ankle_boots"
	Facet   string              // Kind, Material, …
	Broader []string            // names of the broader concepts
	Terms   map[string][]string // language → terms as written in the data
}

// Vocabulary matches text to concepts. It is immutable once built; With
// returns a copy with the retailer's own words applied.
type Vocabulary struct {
	concepts  []Concept
	byName    map[string]ID
	ancestors [][]ID // transitive, nearest first, without the concept itself
	parents   [][]ID // the direct broader concepts
	plain     idMap
	hy        idMap // Armenian terms in one Latin spelling (see armenian.go)
	// indexOnly holds terms read in catalogue text but not in shoppers'
	// messages, where they are too often a word of another language: "men"
	// is Norwegian for "but", "heel" Dutch for "very", "orang" Malay for a
	// person (and the stem of "orange"). A shopper's own word still finds
	// the catalogue's by its letters.
	indexOnly idMap
	rewrite   map[string]string // retailer synonyms whose value is not a concept
	firstLen  map[string]int    // longest phrase (in tokens) starting with a key token
	// baseFirstLen is the shipped vocabulary's firstLen under a shop's copy
	// (With), whose own firstLen holds only what its words lengthened.
	baseFirstLen map[string]int
}

// longest is the length in tokens of the longest phrase that starts with tok.
func (v *Vocabulary) longest(tok string) int {
	return max(v.firstLen[tok], v.baseFirstLen[tok])
}

var (
	defaultOnce sync.Once
	defaultVoc  *Vocabulary
	defaultErr  error
)

// Default returns the shipped vocabulary, loaded once.
func Default() *Vocabulary {
	defaultOnce.Do(func() { defaultVoc, defaultErr = Load() })
	if defaultErr != nil {
		// The data is embedded and checked by tests: it cannot be broken in a
		// built binary.
		panic(defaultErr)
	}
	return defaultVoc
}

// Load reads the embedded data files.
func Load() (*Vocabulary, error) {
	v := &Vocabulary{byName: map[string]ID{}, plain: newIDMap(), hy: newIDMap(), indexOnly: newIDMap(),
		firstLen: map[string]int{}}
	entries, err := files.ReadDir("data")
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	type termLine struct {
		id    ID
		lang  string
		terms []string
	}
	var lines []termLine
	for _, e := range entries {
		facet, ok := facetOf(e.Name())
		if !ok {
			return nil, fmt.Errorf("vocabulary file %s: unknown facet", e.Name())
		}
		// The whole file in one string, of which names and terms are
		// pieces: a string per line, kept by the terms cut from it, lay
		// scattered among the parse's garbage and held half-empty pages
		// of the heap after start-up (issue #17).
		b, err := files.ReadFile(path.Join("data", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Name(), err)
		}
		n := 0
		for line := range strings.Lines(string(b)) {
			n++
			line = strings.TrimRight(line, "\r\n")
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) != 3 {
				return nil, fmt.Errorf("%s:%d: want 3 tab-separated columns", e.Name(), n)
			}
			name, lang := strings.TrimSpace(cols[0]), strings.TrimSpace(cols[1])
			var terms []string
			for _, t := range strings.Split(cols[2], "|") {
				if t = strings.TrimSpace(t); t != "" {
					terms = append(terms, t)
				}
			}
			if facet == "" {
				lines = append(lines, termLine{id: stop, lang: lang, terms: terms})
				continue
			}
			id, ok := v.byName[name]
			if !ok {
				id = ID(len(v.concepts))
				v.byName[name] = id
				v.concepts = append(v.concepts, Concept{Name: name, Facet: facet, Terms: map[string][]string{}})
			}
			c := &v.concepts[id]
			if c.Facet != facet {
				return nil, fmt.Errorf("%s:%d: concept %s is already a %s", e.Name(), n, name, c.Facet)
			}
			switch {
			case lang == "in":
				c.Broader = append(c.Broader, terms...)
			case slices.Contains(Languages, lang):
				c.Terms[lang] = append(c.Terms[lang], terms...)
				lines = append(lines, termLine{id: id, lang: lang, terms: terms})
			default:
				return nil, fmt.Errorf("%s:%d: unknown language %q", e.Name(), n, lang)
			}
		}
	}
	for _, c := range v.concepts {
		for _, b := range c.Broader {
			if _, ok := v.byName[b]; !ok {
				return nil, fmt.Errorf("concept %s: broader concept %s is not defined", c.Name, b)
			}
		}
	}
	v.ancestors = make([][]ID, len(v.concepts))
	v.parents = make([][]ID, len(v.concepts))
	for i, c := range v.concepts {
		v.ancestors[i] = v.walkUp(ID(i))
		for _, b := range c.Broader {
			v.parents[i] = append(v.parents[i], v.byName[b])
		}
	}
	for _, l := range lines {
		for _, t := range l.terms {
			v.addTerm(l.id, l.lang, t)
			if l.id == stop || v.concepts[l.id].Facet == Kind {
				continue
			}
			// A variety filed as a feature under a kind ("jasmine green
			// tea" under green tea) names the kind as well: a catalogue
			// title that says only the variety is still of the kind, and
			// a shopper who says only the variety still asks for it.
			for _, p := range v.parents[l.id] {
				if v.concepts[p].Facet == Kind {
					v.addTerm(p, l.lang, t)
				}
			}
		}
	}
	v.plain.compact()
	v.hy.compact()
	v.indexOnly.compact()
	v.firstLen = pack.Keys(v.firstLen)
	v.packConcepts()
	return v, nil
}

// packConcepts moves the concepts' lists of terms, broader concepts and
// ancestors into one array of each kind. Built line by line, each was a
// small object of its own among the garbage of reading the files, and after
// start-up such objects hold heap pages that are otherwise empty: the
// vocabulary's small objects held more than their own size in pages the
// idle server kept (issue #17). The lists are clipped, so an append by a
// caller never writes into a neighbour's.
func (v *Vocabulary) packConcepts() {
	nTerms, nIDs := 0, 0
	for i, c := range v.concepts {
		for _, ts := range c.Terms {
			nTerms += len(ts)
		}
		nTerms += len(c.Broader)
		nIDs += len(v.ancestors[i]) + len(v.parents[i])
	}
	terms := make([]string, 0, nTerms)
	ids := make([]ID, 0, nIDs)
	for i := range v.concepts {
		c := &v.concepts[i]
		byLang := make(map[string][]string, len(c.Terms))
		for lang, ts := range c.Terms {
			byLang[lang], terms = pack.AppendClipped(terms, ts)
		}
		c.Terms = byLang
		if c.Broader != nil {
			c.Broader, terms = pack.AppendClipped(terms, c.Broader)
		}
		if v.ancestors[i] != nil {
			v.ancestors[i], ids = pack.AppendClipped(ids, v.ancestors[i])
		}
		if v.parents[i] != nil {
			v.parents[i], ids = pack.AppendClipped(ids, v.parents[i])
		}
	}
}

// walkUp lists the broader concepts of id, breadth first, each once.
func (v *Vocabulary) walkUp(id ID) []ID {
	var out []ID
	queue := []ID{id}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, b := range v.concepts[c].Broader {
			bid := v.byName[b]
			if bid != id && !slices.Contains(out, bid) {
				out = append(out, bid)
				queue = append(queue, bid)
			}
		}
	}
	return out
}

// addTerm indexes one term under its token key. Armenian terms, in either
// script, go under their canonical Latin spelling.
func (v *Vocabulary) addTerm(id ID, lang, term string) {
	weak := strings.HasPrefix(term, "~")
	toks := tokenize(strings.TrimPrefix(term, "~"))
	if len(toks) == 0 {
		return
	}
	m, keyOf := &v.plain, func(t token) string { return t.plain }
	if weak {
		m = &v.indexOnly
	}
	if lang == "hy" && !weak {
		m, keyOf = &v.hy, func(t token) string { return t.hy }
		for _, t := range toks {
			if t.hy == "" { // a Chinese character in an Armenian term: keep it plain
				m, keyOf = &v.plain, func(t token) string { return t.plain }
				break
			}
		}
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = keyOf(t)
	}
	key := strings.Join(parts, " ")
	// A stop phrase says the words are not a concept, so it wins over any
	// concept whose term folds to the same key ("customs" and "custom"):
	// a key holding stop next to concepts would hand stop to callers as one.
	had, _ := m.get(key)
	switch {
	case id == stop:
		m.set(key, []ID{stop})
	case slices.Contains(had, stop):
	case !slices.Contains(had, id):
		m.set(key, v.narrowest(had, id))
	}
	if len(toks) > v.firstLen[parts[0]] {
		v.firstLen[parts[0]] = len(toks)
	}
}

// narrowest adds id to the concepts a term names, keeping only the
// narrowest of any that are related: a term a broad concept lists beside
// its narrower one ("baking tray" under bakeware and under baking tins)
// means the narrower, and the broader still finds it through its ancestors.
// Reading it as both made every product of the broad concept (an apron
// for "tea towel") as good a match as the one named.
//
// Only kinds: a material, colour or feature keeps both readings, because
// the broader one often holds a language's only word for the narrower (the
// English "nylon" is listed under synthetic alone), and a catalogue in that
// language would then not name the narrower at all.
func (v *Vocabulary) narrowest(ids []ID, id ID) []ID {
	if int(id) >= len(v.concepts) || v.concepts[id].Facet != Kind {
		return append(ids, id)
	}
	for _, e := range ids {
		// Only a narrower kind hides the kind: a variety that is a feature
		// ("earl grey", a black tea) keeps the kind beside it, or the
		// shopper's word would name no kind at all.
		if v.concepts[e].Facet == Kind && slices.Contains(v.ancestors[e], id) {
			return ids // a narrower concept already holds the term
		}
	}
	out := ids[:0:0]
	for _, e := range ids {
		if !slices.Contains(v.ancestors[id], e) {
			out = append(out, e)
		}
	}
	return append(out, id)
}

// Len is the number of concepts.
func (v *Vocabulary) Len() int { return len(v.concepts) }

// Concept returns a concept by id.
func (v *Vocabulary) Concept(id ID) Concept { return v.concepts[id] }

// Lookup finds a concept by name.
func (v *Vocabulary) Lookup(name string) (ID, bool) {
	id, ok := v.byName[name]
	return id, ok
}

// Ancestors are the broader concepts of id, nearest first.
func (v *Vocabulary) Ancestors(id ID) []ID { return v.ancestors[id] }

// Parents are the concepts directly broader than id (boots for ankle boots).
func (v *Vocabulary) Parents(id ID) []ID { return v.parents[id] }

// Related reports whether a and b are the same concept or one is broader
// than the other.
func (v *Vocabulary) Related(a, b ID) bool {
	return a == b || slices.Contains(v.ancestors[a], b) || slices.Contains(v.ancestors[b], a)
}

// IsKind reports whether id is a kind of product.
func (v *Vocabulary) IsKind(id ID) bool { return v.concepts[id].Facet == Kind }

// Override is a retailer's own word: Text stands for the Concepts, or, when
// it names no concept, is searched as Rewrite (a catalogue's own words).
type Override struct {
	Text     string
	Concepts []ID
	Rewrite  string
}

// With returns a copy of v in which the overrides replace what the
// vocabulary says about their texts.
func (v *Vocabulary) With(overrides []Override) *Vocabulary {
	if len(overrides) == 0 {
		return v
	}
	c := *v
	c.plain, c.hy = v.plain.clone(), v.hy.clone()
	c.firstLen, c.baseFirstLen = map[string]int{}, v.firstLen
	if v.baseFirstLen != nil {
		// a copy of a copy: the lengths of both come first
		c.firstLen, c.baseFirstLen = clone(v.firstLen), v.baseFirstLen
	}
	c.rewrite = map[string]string{}
	for k, r := range v.rewrite {
		c.rewrite[k] = r
	}
	for _, o := range overrides {
		toks := tokenize(o.Text)
		if len(toks) == 0 {
			continue
		}
		parts := make([]string, len(toks))
		for i, t := range toks {
			parts[i] = t.plain
		}
		key := strings.Join(parts, " ")
		if len(o.Concepts) == 0 {
			// present and empty: the vocabulary's reading is overridden
			c.rewrite[key] = o.Rewrite
		}
		c.plain.set(key, o.Concepts)
		c.hy.del(key)
		if len(toks) > c.longest(parts[0]) {
			c.firstLen[parts[0]] = len(toks)
		}
	}
	return &c
}

func clone[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
