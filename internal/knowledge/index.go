package knowledge

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/pack"
)

// Field weights: the words an editor chose (title, keywords) say more about
// what an article answers than the words of its body.
const (
	wTitle    = 3.0
	wKeywords = 3.0
	wAnswer   = 1.5
	wBody     = 0.6
)

// BM25 parameters (the usual ones) and the boost for articles of the topic
// the shopper's intent implies.
const (
	k1        = 1.2
	bLen      = 0.6
	topicGain = 1.6
)

// Hit is an article that matches a question, with its score and the share
// of the question's words it matched (Chinese counted by character).
type Hit struct {
	Slug     string
	Topic    string
	Score    float64
	Coverage float64
}

// Index ranks articles for questions. One index per language: a question
// in Dutch is matched against the Dutch text of the articles.
type Index struct {
	Version int64
	langs   map[string]*langIndex
}

type langIndex struct {
	docs     []docEntry
	postings map[string][]posting
	terms    []string // sorted, for prefix matches
	avgLen   float64
}

type docEntry struct {
	slug, topic string
	length      float64
}

type posting struct {
	doc int
	tf  float64 // field-weighted frequency
}

// BuildIndex indexes every translation of the articles.
func BuildIndex(as []Article, version int64) *Index {
	ix := &Index{Version: version, langs: map[string]*langIndex{}}
	for _, a := range as {
		for lang, tr := range a.Translations {
			li := ix.langs[lang]
			if li == nil {
				li = &langIndex{postings: map[string][]posting{}}
				ix.langs[lang] = li
			}
			tf := map[string]float64{}
			add := func(text string, w float64) {
				for _, t := range Terms(text) {
					tf[t] += w
				}
			}
			add(tr.Title, wTitle)
			add(strings.Join(tr.Keywords, " ; "), wKeywords)
			add(tr.Answer, wAnswer)
			add(tr.Body, wBody)
			d := len(li.docs)
			n := 0.0
			for t, f := range tf {
				li.postings[t] = append(li.postings[t], posting{doc: d, tf: f})
				n += f
			}
			li.docs = append(li.docs, docEntry{slug: a.Slug, topic: a.Topic, length: n})
		}
	}
	for _, li := range ix.langs {
		total := 0.0
		for _, d := range li.docs {
			total += d.length
		}
		li.avgLen = total / float64(len(li.docs))
		li.pack()
	}
	return ix
}

// pack lists the terms in order, side by side in one string, and lays the
// posting lists in one array: built article by article, each was a small
// object among the build's garbage, and such objects hold heap pages that
// are otherwise empty after start-up (issue #17). The lists are clipped, so
// an append never writes into the next.
func (li *langIndex) pack() {
	li.terms, li.postings = pack.Lists(li.postings)
}

// Search ranks the articles of lang for question, best first. Articles of
// the boosted topics count topicGain times as much: the NLU's intent says
// what kind of question it is, the words say which article answers it.
func (ix *Index) Search(lang, question string, boost []string) []Hit {
	li := ix.langs[lang]
	if li == nil {
		return nil
	}
	scores := make([]float64, len(li.docs))
	matched := make([]int, len(li.docs))
	words := 0
	for _, q := range ContentWords(question) {
		// A pair of Chinese characters adds to the score, but coverage
		// counts characters, as most pairs of a sentence are no word.
		counts := !isPair(q)
		if counts {
			words++
		}
		// One question word counts once per article, through its best
		// matching index word.
		best := map[int]float64{}
		for t, quality := range li.expand(q) {
			ps := li.postings[t]
			n := float64(len(ps))
			idf := math.Log(1 + (float64(len(li.docs))-n+0.5)/(n+0.5))
			for _, p := range ps {
				norm := k1 * (1 - bLen + bLen*li.docs[p.doc].length/li.avgLen)
				best[p.doc] = math.Max(best[p.doc], quality*idf*p.tf*(k1+1)/(p.tf+norm))
			}
		}
		for d, s := range best {
			scores[d] += s
			if counts && s > 0 {
				matched[d]++
			}
		}
	}
	var hits []Hit
	for d, s := range scores {
		if s <= 0 {
			continue
		}
		for _, b := range boost {
			if li.docs[d].topic == b {
				s *= topicGain
				break
			}
		}
		hits = append(hits, Hit{Slug: li.docs[d].slug, Topic: li.docs[d].topic, Score: s, Coverage: float64(matched[d]) / float64(max(words, 1))})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Slug < hits[j].Slug
	})
	return hits
}

// expand finds the index words a question word matches, with a quality
// factor: the word itself 1; a longer index word it begins ("retour" →
// "retourneren") or a shorter one that begins it ("վերադարձնել" →
// "վերադարձ"), as inflection and compounds do, 0.7.
func (li *langIndex) expand(q string) map[string]float64 {
	m := map[string]float64{}
	if _, ok := li.postings[q]; ok {
		m[q] = 1
	}
	n := utf8.RuneCountInString(q)
	if n < 4 {
		return m
	}
	i := sort.SearchStrings(li.terms, q)
	for j := i; j < len(li.terms) && j < i+30 && strings.HasPrefix(li.terms[j], q); j++ {
		if li.terms[j] != q {
			m[li.terms[j]] = 0.7
		}
	}
	rs := []rune(q)
	for k := n - 1; k >= 4 && k >= n-3; k-- {
		p := string(rs[:k])
		if _, ok := li.postings[p]; ok {
			if _, have := m[p]; !have {
				m[p] = 0.7
			}
		}
	}
	return m
}

// ContentWords are the words of a question that can pick an article: its
// terms without question words and lone letters.
func ContentWords(question string) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range Terms(question) {
		if !seen[q] && !stopword[q] && !isLetter(q) {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// isPair reports a pair of CJK characters.
func isPair(q string) bool {
	r, n := utf8.DecodeRuneInString(q)
	return fold.IsCJK(r) && n < len(q)
}

// isLetter reports a lone Latin letter or digit: "s" of "what's" or a
// size "S" says too little to pick an article by.
func isLetter(q string) bool {
	r, n := utf8.DecodeRuneInString(q)
	return n == len(q) && !fold.IsCJK(r)
}

// Terms splits text into index words: folded words, a plural "s" dropped,
// and for Chinese, written without spaces, each character and each pair of
// neighbouring characters.
func Terms(text string) []string {
	// Armenian writes its question, exclamation and emphasis marks on the
	// stressed vowel, inside the word: "որքա՞ն" is "որքան".
	text = armenianMarks.Replace(text)
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
		if len(w) >= 5 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

var armenianMarks = strings.NewReplacer("\u055e", "", "\u055b", "", "\u055c", "")

// stopword are question words that say nothing about which article
// answers: "how", "can", "I", in the launch languages (folded).
var stopword = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		i me my you your we our us it is are am be do does did can could will would should the a an of to in on for with and or
		what how when where which who why there this that these those have has get please hi hello any
		ik mij mijn je jij jullie u uw we wij het is zijn ben de een van naar in op voor met en of wat hoe wanneer waar welke wie
		kan kun kunt mag moet wil er dit dat die heb hebt heeft graag hoi hallo ook nog
		saya aku awak anda kami kita ia ini itu adalah ada yang di ke dari untuk dengan dan atau apa bagaimana macam mana bila
		boleh tak tidak ke kah nak mahu sila hai
		jeg meg min mitt mine du deg dere vi oss det er var en et den til i pa for med og eller hva hvordan nar hvor hvilken hvem
		kan ma skal vil har hei
		的 了 吗 呢 我 你 们 是 在 有 可 以 么 怎 什 请 吧 可以 什么 怎么 我们 你们 我的 吗？ 是否 能否 如何
		ես դու դուք մենք է են եմ ես ինչ ինչպես որտեղ երբ ով որ կարող կարելի ու և թե որքան քանի իմ ձեր ձեզ`) {
		stopword[w] = true
	}
}
