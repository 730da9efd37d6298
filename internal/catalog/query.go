package catalog

import (
	"context"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog/vocab"
	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// SearchWords keeps the words of a chat message that Search can use to find
// and order products: KeyWords, and also the words and vocabulary concepts
// the catalogue has only in its descriptions ("rechargeable", "particulate
// filter", "høy hals"), which a shopper uses to say which of several similar
// products they mean. KeyWords leaves those out because the dialogue reads
// it as "does the message name something the shop sells"; a query needs them.
func (s *Service) SearchWords(ctx context.Context, text string) string {
	return s.fresh(ctx).SearchWords(text)
}

// SearchWords is Service.SearchWords on this index.
func (ix *Index) SearchWords(text string) string { return ix.keyWordsOf(text, true) }

// describes reports whether a term the catalogue has only in descriptions
// still says something about a product: not a stop word, not a word most
// products have, and long enough not to be a fragment.
func (ix *Index) describes(t string) bool {
	ps, ok := ix.postings[t]
	if !ok || stopWords[t] || chatWords[t] {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t); !fold.IsCJK(r) && utf8.RuneCountInString(t) < 3 {
		return false
	}
	n := len(ix.products)
	return n < 20 || len(ps) <= n/2
}

// describesConcept reports whether some product's description names c, a
// concept that is not a kind: a feature, material or colour a shopper
// states is a constraint even when no title carries it, while a kind named
// only in a description ("pairs well with wool socks") is not what it is.
//
// A kind the catalogue does not carry counts when the kind just above it
// does, as Search reads it (present): "pemegang telefon kereta" (car phone
// holders) in a shop of phone holders.
func (ix *Index) describesConcept(c vocab.ID) bool {
	if !ix.voc.IsKind(c) {
		return len(ix.concepts[c]) > 0
	}
	for _, b := range ix.voc.Parents(c) {
		if len(ix.voc.Parents(b)) > 0 && ix.hasConcept(b) {
			return true
		}
	}
	return false
}

// chatWords are words of a shopper's sentence that a description may also
// have but that say nothing about the product wanted ("I'm looking for
// something nice", "can you help me"), in English, the language of most
// descriptions; the other languages' fillers do not occur in an English
// catalogue's descriptions, and stopWords has their commonest.
var chatWords = map[string]bool{}

func init() {
	for _, t := range Terms(`looking look find buy buying order ordering would like could can help thanks thank
		hey hello nice good great best perfect really just also too maybe think know tell show give see
		there what which where when who how why much many one ones thing things kind sort type
		should shall will way got getting going make sure sell selling stock available price cost`) {
		chatWords[t] = true
	}
}
