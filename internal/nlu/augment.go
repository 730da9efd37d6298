package nlu

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Style augmentation (model round 4, issue #18). Every training round so far
// lifted the style it was written for and not the next one: the model leaned
// on the exact words and the tidy shape of our own phrasing. At start-up each
// training line therefore gets a copy in a rougher style, made by code from
// the line itself — a greeting or filler before it, a sign-off after it,
// fast-thumb typos, stop words dropped, no punctuation — and the copies count
// for less than the lines they come from (augWeight). Nothing here is
// hand-written data: only the wrappers and filler words per language, which
// are the same for every intent, so that the model learns they carry
// nothing.

// augOn switches the augmentation on (a variable so the measurement can
// compare).
var augOn = true

// augWeight is the weight of an augmented copy against its original's 1.
var augWeight = float32(0.5)

// augModes masks the transformations (bit 0 typos, 1 keyword-only, 2
// wrappers, 3 bare), for the measurement.
var augModes = 0xF

// augPerceptron lets the perceptron see the copies too; without it only
// the naive Bayes half counts them.
var augPerceptron = false

// augCopies is how many copies each training line gets.
var augCopies = 1

// augFrac is the share of training lines that get a copy.
var augFrac = 1.0

// augMinCount is how often a feature must be seen to be kept, counting a
// training line augMinCount-1 times and an augmented copy once: with 3 a
// feature of two training lines is kept as before, one only the copies
// have needs three of them.
var augMinCount = uint8(2)

// augSeed fixes the augmentation: the model must be the same at every start.
const augSeed = 0x2545F4914F6CDD1D

// augSkip are intents whose messages are themselves greetings, thanks and
// yes/no: wrapping them in a greeting or a thank-you would teach the model
// that those words mean nothing there, where they are the message.
var augSkip = map[string]bool{
	"greet": true, "goodbye": true, "thanks": true, "affirm": true, "deny": true, "out_of_scope": true,
}

// augWrap are per-language openers (fillers, greetings, politeness before
// the request) and closers (sign-offs, "please", emoji), as phone-chat,
// dictated and polite letters put them around a request.
var augWrap = map[string]struct{ pre, post []string }{
	"en": {
		pre:  []string{"hi", "hello", "hey there", "good morning", "um", "so", "ok so", "sorry to bother you", "quick question", "hiya", "excuse me", "erm", "right so", "hello again"},
		post: []string{"thanks", "thx", "cheers", "please", "pls", "thanks in advance", "if that's possible", "asap", "lol", "🙏", "😊", "many thanks", "ty"},
	},
	"nl": {
		pre:  []string{"hoi", "hallo", "goedemiddag", "eh", "dus", "ok dus", "sorry dat ik stoor", "even een vraag", "hey", "hee", "nou", "goedendag"},
		post: []string{"bedankt", "dank je", "groetjes", "alvast bedankt", "graag", "als dat kan", "aub", "😊", "🙏", "dankjewel", "thx", "mvg"},
	},
	"ms": {
		pre:  []string{"hai", "salam", "selamat pagi", "erm", "jadi", "ok jadi", "maaf mengganggu", "nak tanya", "hello", "assalamualaikum", "tumpang tanya", "hmm"},
		post: []string{"terima kasih", "tq", "ya", "tolong", "kalau boleh", "cepat sikit", "😊", "hehe", "🙏", "thanks", "ye", "terima kasih banyak"},
	},
	"zh": {
		pre:  []string{"你好", "您好", "嗯", "那个", "请问", "打扰一下", "哈喽", "在吗", "亲", "嗯嗯"},
		post: []string{"谢谢", "谢啦", "麻烦了", "拜托", "可以吗", "😊", "哈哈", "🙏", "谢谢你", "辛苦了"},
	},
	"nb": {
		pre:  []string{"hei", "hallo", "god morgen", "eh", "altså", "ok så", "beklager at jeg forstyrrer", "et spørsmål", "heisann", "hei hei", "øh", "ja hei"},
		post: []string{"takk", "tusen takk", "mvh", "på forhånd takk", "hvis det går", "😊", "🙏", "hehe", "takk skal du ha", "fort"},
	},
	"hy": {
		pre:  []string{"բարև", "բարև ձեզ", "barev", "ըը", "լավ", "ներողություն", "harc unem", "barev dzez", "ինձ ասեք", "hmm"},
		post: []string{"շնորհակալություն", "merci", "shnorhakalutyun", "խնդրում եմ", "եթե հնարավոր է", "😊", "🙏", "mersi", "xndrum em", "շնորհակալ եմ"},
	},
}

// augmentExamples returns one rougher copy of each example, in order, or
// nil with augmentation off. Each copy's randomness depends only on its
// example's index, so the copies are the same however training is split.
func augmentExamples(examples []Example) []Example {
	if !augOn {
		return nil
	}
	out := make([]Example, 0, augCopies*len(examples))
	for c := range augCopies {
		for i, ex := range examples {
			rng := rand.New(rand.NewPCG(augSeed+uint64(c), uint64(i)))
			if rng.Float64() >= augFrac {
				continue
			}
			t := augmentText(ex.Text, ex.Lang, ex.Intent, rng)
			if t == "" || t == ex.Text {
				continue
			}
			out = append(out, Example{Lang: ex.Lang, Intent: ex.Intent, Text: t})
		}
	}
	return out
}

// augmentText makes one rougher copy of a training line: one or two of the
// transformations, chosen at random.
func augmentText(text, lang, intent string, rng *rand.Rand) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return ""
	}
	steps := 1 + rng.IntN(2)
	for range steps {
		m := rng.IntN(4)
		if augModes&(1<<m) == 0 {
			continue
		}
		switch m {
		case 0: // fast thumbs: a letter swapped, dropped or doubled
			words = augTypo(words, rng)
		case 1: // keyword-only: short words dropped
			words = dropShort(words, rng)
		case 2: // wrapped in an opener or a closer
			if !augSkip[intent] {
				words = wrap(words, lang, rng)
			} else {
				words = augTypo(words, rng)
			}
		default: // no punctuation, lower case
			words = bare(words)
		}
	}
	return strings.Join(words, " ")
}

func augTypo(words []string, rng *rand.Rand) []string {
	// pick a longer word; CJK and very short words are left alone
	var cand []int
	for i, w := range words {
		if utf8.RuneCountInString(w) >= 4 && !strings.ContainsFunc(w, isCJK) && !strings.ContainsAny(w, "{}<>[]") {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return words
	}
	out := append([]string(nil), words...)
	i := cand[rng.IntN(len(cand))]
	rs := []rune(out[i])
	p := 1 + rng.IntN(len(rs)-2) // never the first letter: people rarely miss it
	if !unicode.IsLetter(rs[p]) {
		return out
	}
	switch rng.IntN(3) {
	case 0:
		rs[p], rs[p+1] = rs[p+1], rs[p]
	case 1:
		rs = append(rs[:p], rs[p+1:]...)
	default:
		rs = append(rs[:p+1], rs[p:]...)
	}
	out[i] = string(rs)
	return out
}

func dropShort(words []string, rng *rand.Rand) []string {
	if len(words) < 4 {
		return words
	}
	out := make([]string, 0, len(words))
	for _, w := range words {
		n := utf8.RuneCountInString(strings.TrimFunc(w, unicode.IsPunct))
		if n <= 3 && !strings.ContainsFunc(w, isCJK) && rng.IntN(3) > 0 {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return words
	}
	return out
}

func wrap(words []string, lang string, rng *rand.Rand) []string {
	wl, ok := augWrap[lang]
	if !ok {
		return words
	}
	out := append([]string(nil), words...)
	switch rng.IntN(3) {
	case 0:
		out = append([]string{wl.pre[rng.IntN(len(wl.pre))]}, out...)
	case 1:
		out = append(out, wl.post[rng.IntN(len(wl.post))])
	default:
		out = append([]string{wl.pre[rng.IntN(len(wl.pre))] + ","}, out...)
		out = append(out, wl.post[rng.IntN(len(wl.post))])
	}
	return out
}

func bare(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != '{' && r != '}' }))
		if w != "" {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}
