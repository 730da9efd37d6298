package nlu

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/pack"
)

// Options configure an Engine.
type Options struct {
	DefaultLanguage string // the shop's default language; breaks ties in language identification
}

// ParseParams carry what the conversation knows besides the text.
type ParseParams struct {
	Lang  string // forced language (the parse API's "lang"); "" = identify
	Prior string // the conversation's current language: kept unless the text clearly switches
}

// Engine understands messages. Parse is safe for concurrent use; the model
// behind it is swapped atomically when the vocabulary or the examples change.
type Engine struct {
	opts  Options
	mu    sync.Mutex // serialises writers (SetVocabulary, AddExamples)
	cur   atomic.Pointer[model]
	base  []lexLine // the shipped lexicons, kept to rebuild with a vocabulary
	cal   []Example // the calibration messages, kept to refit after retraining
	added []Example // the retailer's examples (AddExamples), each three times
}

// model is everything one Parse reads; it is never modified once published.
type model struct {
	clf     *classifier
	cal     *calibration // nil: the classifier's own temperature
	lang    *langModel
	lex     *lexicon
	known   map[string]bool   // words of the training data: never "typo-corrected"
	common  map[string]bool   // words in many training examples: never a product's short name
	words   map[string]bool   // every token of the training data and lexicons, CJK included
	hyWords map[string]bool   // Armenian training words by hyWordKey: Western spellings of known words are known
	catMap  map[string]string // category concept → the catalogue's own type name
	vocab   Vocabulary
}

type lexLine struct{ kind, value, lang, phrase string }

// lines lists the lexicon's entries so that a copy can be rebuilt with the
// catalogue's vocabulary added.
func (l *lexicon) lines() []lexLine {
	var out []lexLine
	for key, es := range l.phrases {
		for _, e := range es {
			out = append(out, lexLine{e.kind, e.value, e.lang, key})
		}
	}
	slices.SortFunc(out, func(a, b lexLine) int {
		return strings.Compare(a.kind+a.value+a.lang+a.phrase, b.kind+b.value+b.lang+b.phrase)
	})
	return out
}

// New loads the embedded training data and lexicons and trains the models.
func New(opts Options) (*Engine, error) {
	if opts.DefaultLanguage != "" && !validLang(opts.DefaultLanguage) {
		return nil, fmt.Errorf("nlu: unknown default language %q", opts.DefaultLanguage)
	}
	lex := newLexicon()
	if err := loadLexicons(data, lex); err != nil {
		return nil, fmt.Errorf("nlu: load lexicons: %w", err)
	}
	examples, err := loadTraining(data)
	if err != nil {
		return nil, fmt.Errorf("nlu: %w", err)
	}
	if len(examples) == 0 {
		return nil, errors.New("nlu: no training examples")
	}
	cal, err := loadCalibration(data)
	if err != nil {
		return nil, fmt.Errorf("nlu: %w", err)
	}
	e := &Engine{opts: opts, base: lex.lines(), cal: cal}
	m := train(examples, lex)
	m.catMap = map[string]string{}
	m.calibrate(cal, opts.DefaultLanguage)
	e.cur.Store(m)
	return e, nil
}

// train builds a model from examples with the given lexicon.
func train(examples []Example, lex *lexicon) *model {
	m := &model{lex: lex, known: map[string]bool{}, common: map[string]bool{}, words: map[string]bool{}, hyWords: map[string]bool{}, catMap: map[string]string{}}
	intentIdx := map[string]int{}
	var intents []string
	for _, ex := range examples {
		if _, ok := intentIdx[ex.Intent]; !ok {
			intentIdx[ex.Intent] = len(intents)
			intents = append(intents, ex.Intent)
		}
	}
	if _, ok := intentIdx[outOfScope]; !ok {
		intentIdx[outOfScope] = len(intents)
		intents = append(intents, outOfScope)
	}
	// Language texts: training utterances plus the lexicons' own words.
	langTexts := map[string][]string{}
	toksOf := make([][]token, len(examples))
	for i, ex := range examples {
		toksOf[i] = tokenize(cleanText(ex.Text))
		for _, t := range toksOf[i] {
			switch t.kind {
			case tokWord:
				m.known[t.fold] = true
				m.words[t.fold] = true
				if hyKnownDevoiced && ex.Lang == "hy" {
					m.hyWords[hyWordKey(t)] = true
				}
			case tokCJK:
				m.words[t.fold] = true
			}
		}
		langTexts[ex.Lang] = append(langTexts[ex.Lang], ex.Text)
	}
	for key, es := range lex.phrases {
		for _, e := range es {
			if e.lang != "*" && e.kind != "currency" {
				langTexts[e.lang] = append(langTexts[e.lang], key)
			}
		}
	}
	df := map[string]int{}
	for _, toks := range toksOf {
		for _, t := range toks {
			df[t.fold]++
		}
	}
	for w, n := range df {
		if n >= 25 { // "the", "my", "order": hundreds; a product name: a few
			m.common[w] = true
		}
	}
	for k := range m.known {
		if lex.words[k] {
			delete(m.known, k) // lexicon words stay open to typo matching
		}
	}
	langDone := make(chan *langModel, 1)
	go func() { langDone <- trainLangModel(langTexts) }()
	// The augmented copies (augment.go) come after the originals; they
	// teach the classifier only, not the vocabulary or language models.
	aug := augmentExamples(examples)
	all := append(slices.Clip(examples), aug...)
	xs := make([][]uint32, len(all))
	ys := make([]int, len(all))
	// Reading the examples is independent per example: split it over two
	// goroutines (the machines we run on have at least two cores).
	var wg sync.WaitGroup
	half := len(all) / 2
	for _, part := range [][2]int{{0, half}, {half, len(all)}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := part[0]; i < part[1]; i++ {
				ex := all[i]
				rs := []rune(cleanText(ex.Text))
				var toks []token
				if i < len(toksOf) {
					toks = toksOf[i]
				} else {
					toks = tokenize(string(rs))
				}
				norm := lex.normalize(toks, ex.Lang, m.known)
				ents := m.extract(rs, toks, norm, lex.match(norm), ex.Lang)
				xs[i], _ = intentFeatures(nil, toks, ents, ex.Lang)
				ys[i] = intentIdx[ex.Intent]
			}
		}()
	}
	wg.Wait()
	m.clf = trainClassifier(intents, xs, ys, len(examples))
	m.lang = <-langDone
	m.known, m.common, m.words, m.hyWords = pack.Keys(m.known), pack.Keys(m.common), pack.Keys(m.words), pack.Keys(m.hyWords)
	return m
}

const outOfScope = "out_of_scope"

// rankingSize is how many intents Result.IntentRanking lists.
const rankingSize = 5

// Parse reads one message. It never fails: empty or unreadable text is
// out_of_scope with a low confidence. Only the first 1,000 code points are
// read; Result.Text is that part, with invalid UTF-8 replaced, so that entity
// offsets always index it.
func (e *Engine) Parse(text string, p ParseParams) Result {
	return e.cur.Load().parse(text, p, e.opts.DefaultLanguage, nil)
}

// rawScore is the classifier's view of a message before a confidence is put
// on it: what the calibration is fitted on.
type rawScore struct {
	z      []float64 // logits, index-aligned with the classifier's intents
	lang   string    // the language the message was read in
	unseen float64   // share of the message the model does not know (calibration.msgTemperature)
	forced bool      // the ranking was overridden (no letters, gibberish)
}

// parse is Parse on one model; raw, when not nil, receives the raw scores.
func (m *model) parse(text string, p ParseParams, def string, raw *rawScore) Result {
	text = cleanText(text) // offsets refer to what we return
	res := Result{Text: text, Entities: []Entity{}}
	rs := []rune(text)
	toks := tokenize(text)
	lang := p.Lang
	if !validLang(lang) {
		lang = m.identify(toks, p.Prior, def)
	}
	res.Language = lang
	norm := m.lex.normalize(toks, lang, m.known)
	hits := m.lex.match(norm)
	res.Entities = m.extract(rs, toks, norm, hits, lang)

	var buf [512]uint32
	feats, ctext := intentFeatures(buf[:0], toks, res.Entities, lang)
	probs := make([]float64, len(m.clf.intents))
	unseen := m.clf.logits(probs, feats)
	m.rereadClauses(probs, toks, res.Entities, lang, m.cal.temperature(lang, m.clf.temp))
	known := m.knownShare(toks, norm, lang)
	if calUnseenWords {
		unseen = 1 - known
	}
	if raw != nil {
		*raw = rawScore{z: slices.Clone(probs), lang: lang, unseen: unseen}
	}
	softmax(probs, m.cal.msgTemperature(lang, m.clf.temp, unseen))
	ranking := m.clf.ranking(probs, rankingSize+1)

	letters := 0
	for _, r := range ctext {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	forced := true
	switch {
	case letters == 0 && len(res.Entities) == 0 && !strings.ContainsAny(text, "⭐★"):
		// Stars are a rating; other texts without letters are not understood.
		// empty, emoji, punctuation: nothing to understand
		ranking = outOfScopeRanking(ranking, 0.2)
	case known < 0.34 && len(res.Entities) == 0 && ranking[0].Confidence < 0.65:
		// gibberish: most of its words were never seen, even allowing a typo;
		// one known word ("again") may pull a little past .6 on its own
		ranking = outOfScopeRanking(ranking, 0.3)
	default:
		forced = false
	}
	if raw != nil {
		raw.forced = forced
	}
	if len(ranking) > rankingSize {
		ranking = ranking[:rankingSize]
	}
	res.Intent = ranking[0]
	res.IntentRanking = ranking
	if res.Intent.Name == "apply_coupon" {
		res.Entities = m.codeShapedCoupons(rs, toks, res.Entities)
	}
	return res
}

// knownShare is the share of the words of a message that the training data or
// the lexicons know, after typo correction.
func (m *model) knownShare(toks []token, norm []string, lang string) float64 {
	n, k := 0, 0
	for i, t := range toks {
		if t.kind != tokWord && t.kind != tokCJK {
			continue
		}
		n++
		if m.words[norm[i]] || m.lex.words[norm[i]] || m.words[t.fold] ||
			lang == "hy" && m.hyWords[hyWordKey(t)] {
			k++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(k) / float64(n)
}

// outOfScopeRanking puts out_of_scope first with confidence conf and scales
// the others into the rest.
func outOfScopeRanking(r []IntentScore, conf float64) []IntentScore {
	out := make([]IntentScore, 0, len(r))
	out = append(out, IntentScore{Name: outOfScope, Confidence: conf})
	rest := 0.0
	for _, s := range r {
		if s.Name != outOfScope {
			rest += s.Confidence
		}
	}
	for _, s := range r {
		if s.Name == outOfScope {
			continue
		}
		c := 0.0
		if rest > 0 {
			c = s.Confidence / rest * (1 - conf)
		}
		out = append(out, IntentScore{Name: s.Name, Confidence: c})
	}
	return out
}

// codeShapedCoupons finds codes like SAVE10 typed without a code word, once
// the intent says the shopper is applying a coupon.
func (m *model) codeShapedCoupons(rs []rune, toks []token, ents []Entity) []Entity {
	if _, ok := (Result{Entities: ents}).First("coupon"); ok {
		return ents
	}
	for _, t := range toks {
		if t.kind != tokWord || !codeShaped(t.text) {
			continue
		}
		overlap := false
		for _, e := range ents {
			if e.Start < t.end && t.start < e.End {
				overlap = true
			}
		}
		if overlap {
			continue
		}
		ents = append(ents, Entity{Entity: "coupon", Value: strings.ToUpper(t.text), Start: t.start, End: t.end, Text: t.text})
		slices.SortStableFunc(ents, func(a, b Entity) int { return a.Start - b.Start })
		break
	}
	return ents
}

// Intents lists the intents the engine can return, sorted.
func (e *Engine) Intents() []string {
	out := slices.Clone(e.cur.Load().clf.intents)
	slices.Sort(out)
	return out
}

// AddExamples adds retailer-written examples, retrains and swaps the model
// in; parses in flight finish on the old one.
func (e *Engine) AddExamples(ex []Example) error {
	for i, x := range ex {
		switch {
		case !validLang(x.Lang):
			return fmt.Errorf("nlu: example %d: unknown language %q", i, x.Lang)
		case x.Intent == "" || strings.ContainsAny(x.Intent, " \t\n"):
			return fmt.Errorf("nlu: example %d: bad intent name %q", i, x.Intent)
		case strings.TrimSpace(x.Text) == "":
			return fmt.Errorf("nlu: example %d: empty text", i)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.cur.Load()
	// The shipped examples are read again rather than kept: they are 3 MB
	// of the idle server's memory (issue #17), and reading them is a few
	// milliseconds of a retraining's seconds.
	all, err := loadTraining(data)
	if err != nil {
		return fmt.Errorf("nlu: %w", err)
	}
	// A retailer adds a handful of examples to hundreds of shipped ones;
	// repeating them lets the handful count.
	added := slices.Clip(e.added)
	for range 3 {
		added = append(added, ex...)
	}
	all = append(all, added...)
	intents := map[string]bool{outOfScope: true}
	for _, x := range all {
		intents[x.Intent] = true
	}
	if len(intents) > maxIntents {
		return fmt.Errorf("nlu: %d intents, at most %d", len(intents), maxIntents)
	}
	m := train(all, e.baseLexicon())
	e.added = added
	lex := e.buildLexicon(old.vocab, m.common)
	m.lex = lex.lex
	m.catMap = lex.catMap
	m.vocab = old.vocab
	m.calibrate(e.cal, e.opts.DefaultLanguage)
	e.cur.Store(m)
	return nil
}

// SetVocabulary teaches the engine the catalogue's names. It takes effect for
// the next Parse; no retraining is needed.
func (e *Engine) SetVocabulary(v Vocabulary) {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.cur.Load()
	b := e.buildLexicon(v, old.common)
	m := *old
	m.lex, m.catMap, m.vocab = b.lex, b.catMap, v
	e.cur.Store(&m)
}

func (e *Engine) baseLexicon() *lexicon {
	l := newLexicon()
	for _, ln := range e.base {
		l.add(ln.kind, ln.value, ln.lang, ln.phrase)
	}
	return l
}

type builtLexicon struct {
	lex    *lexicon
	catMap map[string]string
}

// buildLexicon adds the catalogue's categories, brands and products to the
// shipped lexicons.
func (e *Engine) buildLexicon(v Vocabulary, common map[string]bool) builtLexicon {
	l := e.baseLexicon()
	catMap := map[string]string{}
	for _, c := range v.Categories {
		name := strings.ToLower(strings.TrimSpace(c))
		if name == "" {
			continue
		}
		key, _ := phraseKey(c)
		concept := ""
		for _, k := range []string{key, key + "s", strings.TrimSuffix(key, "s"), strings.TrimSuffix(key, "es")} {
			for _, en := range l.phrases[k] {
				if en.kind == "category" {
					concept = en.value
					break
				}
			}
			if concept != "" {
				break
			}
		}
		if concept != "" {
			if _, ok := catMap[concept]; !ok {
				catMap[concept] = name
			}
			continue
		}
		l.add("category", name, "*", c)
		if strings.HasSuffix(key, "s") {
			l.add("category", name, "*", strings.TrimSuffix(key, "s"))
		} else {
			l.add("category", name, "*", key+"s")
		}
	}
	for _, b := range v.Brands {
		key, parts := phraseKey(b)
		if key == "" || len(parts) == 1 && common[key] && len(key) <= 4 {
			continue // a brand called "On" must not turn every "on" into a brand
		}
		l.add("brand", strings.TrimSpace(b), "*", b)
	}
	addProducts(l, v, common)
	for _, syn := range v.Synonyms {
		lang := syn.Lang
		if lang == "" {
			lang = "*"
		}
		l.addWord(syn.Entity, strings.ToLower(strings.TrimSpace(syn.Value)), lang, syn.Text, syn.Exact)
	}
	return builtLexicon{lex: l, catMap: catMap}
}

// addProducts indexes product titles and the distinctive words in them
// ("Aurora" in "Aurora Rain Jacket"), which shoppers use as a short name.
func addProducts(l *lexicon, v Vocabulary, common map[string]bool) {
	brandWords := map[string]bool{}
	for _, b := range v.Brands {
		_, parts := phraseKey(b)
		for _, p := range parts {
			brandWords[p] = true
		}
	}
	generic := func(w string) bool {
		if len([]rune(w)) < 3 || brandWords[w] || common[w] || hasDigitOnly(w) {
			return true
		}
		for _, e := range l.phrases[w] {
			if e.kind != "product" && e.kind != "brand" {
				return true
			}
		}
		return false
	}
	uses := map[string]map[string]bool{}
	titles := map[string][]string{}
	for _, p := range v.Products {
		if p.Handle == "" || strings.TrimSpace(p.Title) == "" {
			continue
		}
		_, parts := phraseKey(p.Title)
		titles[p.Handle] = parts
		for _, w := range parts {
			if generic(w) {
				continue
			}
			if uses[w] == nil {
				uses[w] = map[string]bool{}
			}
			uses[w][p.Handle] = true
		}
	}
	for _, p := range v.Products {
		parts, ok := titles[p.Handle]
		if !ok {
			continue
		}
		l.add("product", p.Handle, "*", p.Title)
		for i, w := range parts {
			if len(uses[w]) == 1 {
				l.add("product", p.Handle, "*", w)
				continue
			}
			// a shared distinctive word with its neighbour: "Trail Runner GTX"
			if len(uses[w]) > 1 && i+1 < len(parts) {
				l.add("product", p.Handle, "*", w+" "+parts[i+1])
			}
		}
	}
}

func hasDigitOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// categoryValue maps a category concept to the catalogue's name for it.
func (m *model) categoryValue(concept string) string {
	if v, ok := m.catMap[concept]; ok {
		return v
	}
	return concept
}
