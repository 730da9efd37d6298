package catalog

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// withMeasures adds to a product's terms each measure in the other way of
// writing it, "20000mah" as "20000" and "mah" and "35 l" as "35l", so a
// shopper finds it however they type it. Only the catalogue's side is
// widened: a shopper's "1l" must not become a size L.
func withMeasures(ts []string) []string {
	n := len(ts)
	for i := 0; i < n; i++ {
		t := ts[i]
		d := 0
		for d < len(t) && t[d] >= '0' && t[d] <= '9' {
			d++
		}
		switch {
		case d == 0:
		case d < len(t) && len(t)-d <= 4 && isLetters(t[d:]):
			ts = append(ts, t[:d], t[d:])
		case d == len(t) && i+1 < n && len(ts[i+1]) <= 3 && isLetters(ts[i+1]):
			ts = append(ts, t+ts[i+1])
		}
	}
	return ts
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// negators are the words that say a product does not have what follows
// ("not waterproof", "zonder vulling"), in the languages that write them
// as words of their own.
// "non" is left out: "non-slip" is a feature, not its absence.
var negators = map[string]bool{
	"not": true, "no": true, "without": true,
	"niet": true, "geen": true, "zonder": true,
	"ikke": true, "uten": true,
	"tidak": true, "bukan": true, "tanpa": true,
	"առանց": true, "ոչ": true,
	// Not 不 or 无: they start 不锈钢 (stainless steel) and 无线 (wireless).
}

// withoutNegated drops the word after a negator, and the negator, so "Not
// waterproof, dries fast" does not make a shoe waterproof.
func withoutNegated(words []string) []string {
	neg := -1
	for i, w := range words {
		if negators[w] && i+1 < len(words) {
			neg = i
			break
		}
	}
	if neg < 0 {
		return words
	}
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		if negators[words[i]] && i+1 < len(words) {
			i++ // and the word it negates
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// headStops end the part of a title that names what the product is:
// "Replacement Lid for Steel Bottles" is a lid.
var headStops = map[string]bool{
	"for": true, "with": true, "voor": true, "met": true, "til": true, "med": true,
	"untuk": true, "dengan": true, "for's": true,
}

// ownKinds are the kinds a product is: the last kind its title names before
// any "for"/"with" (a title's head: "Yoga Mat Bag" is a bag), and the kinds
// its type names.
func ownKinds(voc *vocab.Vocabulary, m *vocab.Matcher, title, typ string) []vocab.ID {
	var out []vocab.ID
	// What follows a dash or sits in brackets adds detail ("Sports Bra –
	// No Pads", "Cushion (Zafu)"); "for" and "with" start what it goes with.
	if i := strings.IndexAny(title, "(–—|,"); i > 0 {
		title = title[:i]
	}
	if i := strings.Index(title, " - "); i > 0 {
		title = title[:i]
	}
	words := fold.Words(title)
	for i, w := range words {
		if headStops[w] && i > 0 {
			words = words[:i]
			break
		}
	}
	var head []vocab.ID
	headEnd := 0
	described := make([]bool, len(words)) // words a concept of another facet names
	for _, match := range m.MatchWords(words, true) {
		var ks []vocab.ID
		for _, c := range match.Concepts {
			if voc.IsKind(c) {
				ks = append(ks, c)
			}
		}
		if len(ks) > 0 {
			head, headEnd = ks, match.End
			continue
		}
		for i := match.Start; i < match.End; i++ {
			described[i] = true
		}
	}
	// The head is the title's last word that names something ("Luggage
	// Strap" is a strap, whatever the vocabulary knows of straps); after
	// it may come only sizes, numbers, audiences and colours.
	for i := headEnd; i < len(words) && head != nil; i++ {
		if !described[i] && !minorWord(words[i]) {
			head = nil
		}
	}
	out = append(out, head...)
	for _, match := range m.MatchWords(fold.Words(typ), true) {
		for _, c := range match.Concepts {
			if voc.IsKind(c) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// minorWord is a word of a title that does not name what the product is:
// a number, a unit or size of two letters or less, a stop word.
func minorWord(w string) bool {
	if utf8.RuneCountInString(w) <= 2 || stopWords[stem(w)] || packWords[w] {
		return true
	}
	for _, r := range w {
		if (r < '0' || r > '9') && !strings.ContainsRune("xlmkgcw", r) {
			return false
		}
	}
	return true
}

// packWords say how many or in what a product comes, after the words that
// name it: "Coloured Pencils Tin 24" are coloured pencils, "Wall Plug
// Assortment 300" wall plugs. Words the vocabulary knows as kinds ("kit",
// "case") are read by it first and are not these.
var packWords = map[string]bool{
	"set": true, "sets": true, "tin": true, "pcs": true, "pc": true, "pieces": true, "piece": true,
	"assortment": true, "bundle": true, "pair": true, "pairs": true, "multipack": true, "pk": true,
}

// owns reports whether product d can be of kind c: one of its own kinds is
// c, narrower or broader. A product whose title and type say nothing the
// vocabulary knows is given the benefit of the doubt.
func (ix *Index) owns(d int32, c vocab.ID) bool {
	own := ix.docs[d].own
	if len(own) == 0 {
		return true
	}
	for _, o := range own {
		if ix.voc.Related(o, c) {
			return true
		}
	}
	return false
}

// searched is a concept a slot is searched by, and how much a product
// that has it earns.
type searched struct {
	c       vocab.ID
	quality float64
}

// wStandIn is what a product of the kind just above the one asked for
// earns when the catalogue has none of that kind: it is of the right sort,
// and the shopper's other words (and any mention of the kind itself in a
// description) decide among such products.
const wStandIn = 0.3

// wCoarser is what a product earns for the broader material, feature or
// colour when the catalogue does not name the one asked for: likely the
// same thing in the catalogue's coarser words.
const wCoarser = 0.8

// present is the concepts a slot is searched by. A kind the catalogue does
// not carry in any title, type, tag or option is also searched by the kind
// just above it ("treningsbukse", track pants, finds the shop's trousers and
// leggings), unless that is a top-level kind such as clothing, too broad to
// mean anything.
func (ix *Index) present(sl slot, buf []searched) []searched {
	out := buf[:0]
	for _, c := range sl.concepts {
		out = append(out, searched{c, 1})
		if ix.hasConcept(c) {
			continue
		}
		if !ix.voc.IsKind(c) {
			// A material, feature or colour the catalogue names only by
			// the broader word ("nylon" read as synthetic in its English
			// text, 尼龙 read as nylon) is searched by that word.
			for _, b := range ix.voc.Parents(c) {
				if ix.hasConcept(b) {
					out = append(out, searched{b, wCoarser})
				}
			}
			continue
		}
		if !sl.kind {
			continue
		}
		for _, b := range ix.voc.Parents(c) {
			if len(ix.voc.Parents(b)) > 0 && ix.hasConcept(b) {
				out = append(out, searched{b, wStandIn})
			}
		}
	}
	return out
}

// kidsFactor weighs a product made for children when the shopper did not
// ask for one: it still comes, after the grown-ups' of the same fit.
const kidsFactor = 0.7

// asksForKids reports whether a query names children (or babies, teens).
func (ix *Index) asksForKids(slots []slot) bool {
	kids, ok := ix.voc.Lookup("kids")
	if !ok {
		return true
	}
	for _, sl := range slots {
		for _, c := range sl.concepts {
			if c == kids || slices.Contains(ix.voc.Ancestors(c), kids) {
				return true
			}
		}
	}
	return false
}

// knownTerm reports whether the index has w as a term or as the start of
// one.
func (ix *Index) knownTerm(w string) bool {
	if _, ok := ix.postings[w]; ok {
		return true
	}
	i := sort.SearchStrings(ix.terms, w)
	return i < len(ix.terms) && strings.HasPrefix(ix.terms[i], w)
}

// splitWord reads a word the catalogue does not have as the catalogue's
// own words run together, the way Dutch and Norwegian write compounds
// ("yogabolster" is yoga + bolster, "softshellbukse" starts with
// softshell): the longest prefix of at least four letters that is an index
// term, and the rest when that is one too (after a linking s or e).
func (ix *Index) splitWord(w string) (left, right string, ok bool) {
	rs := []rune(w)
	if len(rs) < 7 || len(rs) > 30 {
		return "", "", false
	}
	if r := rs[0]; fold.IsCJK(r) || r >= 0x0531 && r <= 0x058F {
		return "", "", false
	}
	for k := len(rs) - 3; k >= 4; k-- {
		p := string(rs[:k])
		if _, found := ix.postings[p]; !found {
			continue
		}
		rest := rs[k:]
		for _, r := range []string{string(rest), strings.TrimLeft(string(rest[:1]), "se") + string(rest[1:])} {
			if utf8.RuneCountInString(r) >= 3 && ix.knownTerm(stem(r)) {
				return p, stem(r), true
			}
		}
		return p, "", true
	}
	return "", "", false
}

// compoundHead finds the head of a compound the catalogue does not have
// whole, in Dutch and Norwegian its last part: the longest ending of at
// least five letters that is an index term or sounds like one ("elgitar"
// ends in "gitar", the catalogue's "guitar"). The first part is left out:
// it is often too short or too foreign to mean anything to the catalogue.
func (ix *Index) compoundHead(w string) (string, bool) {
	rs := []rune(w)
	if len(rs) < 7 || len(rs) > 30 {
		return "", false
	}
	if r := rs[0]; r < 'a' || r > 'z' {
		return "", false
	}
	for k := 2; k <= len(rs)-5; k++ {
		tail := string(rs[k:])
		if _, found := ix.postings[tail]; found {
			return tail, true
		}
		if _, found := ix.postings[stem(tail)]; found {
			return stem(tail), true
		}
	}
	for k := 2; k <= len(rs)-5; k++ {
		// Not in the middle of a doubled letter ("vul|ling"), nor a tail
		// whose sound is shorter than five letters: too many words end so.
		if rs[k] == rs[k-1] || len(skeleton(string(rs[k:]))) < 5 {
			continue
		}
		if ts := ix.soundsLike(string(rs[k:])); len(ts) > 0 {
			return string(rs[k:]), true
		}
	}
	return "", false
}

// readsBySound reports whether a word the catalogue does not have is one
// of its strong words (titles, types, tags, options) spelt by sound or as
// the head of a compound.
func (ix *Index) readsBySound(t string) bool {
	if utf8.RuneCountInString(t) < 4 || stopWords[t] || ix.knownTerm(t) {
		return false
	}
	// A short word one sound away is as often a word of the sentence
	// ("zonder", "dikke"): only a long one, or the same sound, is read.
	k := skeleton(t)
	for _, s := range ix.soundsLike(t) {
		if ix.strong[s] && (len(k) >= 7 || skeleton(s) == k) {
			return true
		}
	}
	head, ok := ix.compoundHead(t)
	if !ok {
		return false
	}
	if ix.strong[head] {
		return true
	}
	for _, s := range ix.soundsLike(head) {
		if ix.strong[s] {
			return true
		}
	}
	return false
}

// skeleton spells a Latin word the way its sound is usually kept across
// languages, so "mikrofiber" meets "microfibre" and "pasport" "passport":
// c, q and k alike, x as ks ("mikser", "mixer"), ph as f, y as i, z as s,
// no doubled letters, "re" at the end as "er".
func skeleton(w string) string {
	var b strings.Builder
	var last rune
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch r {
		case 'c':
			r = 'k'
		case 'q':
			r = 'k'
		case 'x':
			if last != 'k' {
				b.WriteRune('k')
			}
			r, last = 's', 'k'
		case 'y':
			r = 'i'
		case 'z':
			r = 's'
		case 'p':
			if next == 'h' {
				r = 'f'
				i++
			}
		}
		if r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	s := b.String()
	if strings.HasSuffix(s, "re") && len(s) > 4 {
		s = s[:len(s)-2] + "er"
	}
	return s
}

// soundsLike finds index terms whose skeleton is the query word's or one
// edit from it, for a word nothing else found. The skeletons are worked
// out once per index, on the first such word.
func (ix *Index) soundsLike(q string) []string {
	if utf8.RuneCountInString(q) < 4 {
		return nil
	}
	if r, _ := utf8.DecodeRuneInString(q); fold.IsCJK(r) || r >= 0x0531 && r <= 0x058F || r < 'a' || r > 'z' {
		return nil
	}
	ix.skelOnce.Do(func() {
		ix.skel = map[string][]string{}
		for _, t := range ix.terms {
			if utf8.RuneCountInString(t) >= 4 {
				if r, _ := utf8.DecodeRuneInString(t); r >= 'a' && r <= 'z' {
					k := skeleton(t)
					if len(ix.skel[k]) == 0 {
						ix.skelKeys = append(ix.skelKeys, k)
					}
					ix.skel[k] = append(ix.skel[k], t)
				}
			}
		}
	})
	k := skeleton(q)
	if ts := ix.skel[k]; len(ts) > 0 {
		return ts
	}
	if utf8.RuneCountInString(q) < 5 {
		return nil // a short word only by the same sound ("kapo", "capo"): one edit is too loose
	}
	var out []string
	for _, s := range ix.skelKeys {
		if d := len(s) - len(k); d <= 4 && d >= -4 && withinOneEdit(k, s) && fold.Slip(k, s) {
			out = append(out, ix.skel[s]...)
		}
	}
	return out
}

// stopWords are the words of a shopper's sentence that name nothing a
// product has ("shoes for hiking in the rain"), in the six languages, as
// Terms spells them. Every description has them, so as constraints they
// would favour the longest descriptions.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		i me my you your we our us it its is are am be do does did the a an of to in on at by for from with into and or
		this that these those some something anything any have has get want need looking please hi hello out up so very
		ik mij mijn je jij u uw we wij het is zijn de een van naar in op voor met en of die dat dit er iets wat ook nog graag zoek
		jeg meg min mitt mine du deg vi oss det er en et ei den til pa for med og eller som noe
		saya aku anda kami kita ini itu ada yang di ke dari untuk dengan dan atau sesuatu nak mahu cari
		的 了 吗 呢 我 你 是 在 有 要 和 给 个 没 有没 没有 一个 请 想
		ես իմ դու մենք է են եմ և ու համար ի մի հետ hamar`) {
		for _, t := range Terms(w) {
			stopWords[t] = true
		}
	}
}

// common reports whether a plain word names nothing in particular in this
// catalogue: a stop word, or (in a catalogue big enough to tell) a word
// more than half the products have.
func (ix *Index) common(sl slot) bool {
	if len(sl.concepts) > 0 || len(sl.terms) != 1 {
		return false
	}
	t := sl.terms[0]
	if stopWords[t] {
		return true
	}
	n := len(ix.products)
	return n >= 20 && len(ix.postings[t]) > n/2
}

// dropCommon leaves out the slots that name nothing in particular, unless
// nothing else is left.
func (ix *Index) dropCommon(slots []slot) []slot {
	kept := slots[:0:0]
	for _, sl := range slots {
		if !ix.common(sl) {
			kept = append(kept, sl)
		}
	}
	if len(kept) == 0 {
		return slots
	}
	return kept
}

// negFactor weighs a product that has what the shopper does not want.
const negFactor = 0.5

// queryNegators start a negated wish in a shopper's words; Chinese is left
// out, its 不 and 没有 are as often part of a word or a question (有没有).
var queryNegators = map[string]bool{
	"not": true, "no": true, "without": true,
	"niet": true, "geen": true, "zonder": true,
	"ikke": true, "uten": true, "ingen": true,
	"tidak": true, "bukan": true, "tanpa": true,
	"առանց": true, "ոչ": true, "voch": true, "arants": true,
}

// negatedWords maps the index of each word a negator negates (the first
// after it that is not a stop word) to the negator's index, for negators
// outside the vocabulary's phrases.
func (ix *Index) negatedWords(text string, words []string) map[int]int {
	var out map[int]int
	var inPhrase map[int]bool
	for i := 0; i+1 < len(words); i++ {
		if !queryNegators[words[i]] {
			continue
		}
		if inPhrase == nil {
			inPhrase = map[int]bool{}
			for _, m := range ix.voc.Match(text, false) {
				for k := m.Start; k < m.End; k++ {
					inPhrase[k] = true
				}
			}
		}
		if inPhrase[i] {
			continue
		}
		j := i + 1
		for j < len(words)-1 && stopWords[stem(words[j])] {
			j++
		}
		if out == nil {
			out = map[int]int{}
		}
		out[j] = i
	}
	return out
}

// readQuery reads a shopper's text as constraints, the words after a
// negator ("not waterproof", "zonder vulling", "tanpa hud") as constraints
// the products should not meet.
func (ix *Index) readQuery(text string) []slot {
	words := fold.Words(text)
	at := ix.negatedWords(text, words)
	if len(at) == 0 {
		return ix.slots(text)
	}
	negator := map[int]bool{}
	for _, i := range at {
		negator[i] = true
	}
	var keep, negated []string
	for i := 0; i < len(words); i++ {
		if negator[i] {
			continue
		}
		if _, ok := at[i]; !ok {
			keep = append(keep, words[i])
			continue
		}
		// The vocabulary's phrase there, whole ("tidak kalis air").
		end := i + 1
		if ms := ix.voc.Match(strings.Join(words[i:], " "), false); len(ms) > 0 && ms[0].Start == 0 {
			end = i + ms[0].End
		}
		negated = append(negated, joinWords(words[i:end]))
		i = end - 1
	}
	out := ix.slots(joinWords(keep))
	// Only a negation ("not the 7/8", as a caller ruling a product out
	// passes it): what is negated is what to look for.
	positive := false
	for _, sl := range out {
		positive = positive || !ix.common(sl)
	}
	for _, n := range negated {
		for _, sl := range ix.slots(n) {
			if !ix.common(sl) {
				sl.neg = positive
				out = append(out, sl)
			}
		}
	}
	return out
}

// priceWords ask for the cheaper of the products that fit ("cheap strings",
// "ukulele murah", "便宜的耳机"): they say nothing a product's words have,
// and a description that happens to say "cheap" is not cheaper for it.
var priceWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		cheap cheaper cheapest budget affordable inexpensive
		goedkoop goedkope goedkoper goedkoopste voordelig voordelige
		billig billige billigere billigste rimelig rimelige
		murah termurah lebih-murah
		便宜 便宜的 实惠 平价
		էժան էժանագին ejan`) {
		for _, t := range Terms(w) {
			priceWords[t] = true
		}
	}
}

// withoutPriceWords leaves a query's price words out of the words to match
// and says whether there were any, unless they are all the query says.
func withoutPriceWords(text string) (string, bool) {
	words := fold.Words(text)
	kept := words[:0:0]
	found := false
	for _, w := range words {
		if priceWords[w] || priceWords[stem(w)] {
			found = true
			continue
		}
		kept = append(kept, w)
	}
	if !found {
		return text, false
	}
	for _, w := range kept {
		if !stopWords[stem(w)] {
			return joinWords(kept), true
		}
	}
	return text, false
}

// closeScore is the share of the best score, among hits of one kind meeting
// as many constraints, that a hit needs for its price to order it when the
// shopper asked for a cheap one.
const closeScore = 0.75

// markFar marks the hits that score well below the best of their group
// (same kind, same number of constraints met).
func markFar(hits []Hit) {
	type group struct {
		kind    uint8
		matched int
	}
	best := map[group]float64{}
	for _, h := range hits {
		g := group{h.kind, h.matched}
		best[g] = max(best[g], h.Score)
	}
	for i := range hits {
		hits[i].far = hits[i].Score < closeScore*best[group{hits[i].kind, hits[i].matched}]
	}
}

// latin reports whether none of the terms is Chinese, whose one- and
// two-character terms overlap by design.
func latin(ts []string) bool {
	for _, t := range ts {
		if r, _ := utf8.DecodeRuneInString(t); fold.IsCJK(r) {
			return false
		}
	}
	return true
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouy", r) }
