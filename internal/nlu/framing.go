package nlu

// Letters to a shop open with a greeting and close with a sign-off ("Hei,
// kan dere bekrefte … Mvh R. Hansen", "Հարգելի թիմ, … Հարգանքով՝ Դ.
// Մարտիրոսյան"). Their words are the same whatever is asked, yet they count
// as much as the request: "Alvast bedankt, R. Bakker" pulled a stock question
// towards thanks, and a sign-off of three words was taken for the request
// clause (features.go). The request clause is therefore looked for in the
// body of a letter only. (Taking the frame out of the ordinary features too,
// with its words as features of their own, was measured and lost on the
// development sets: docs/benchmarks-nlu.md, model round 3.)

// letterOpeners start a letter, in every language (folded, words split by
// spaces; Chinese characters are words of their own). An addressee may
// follow ("Dear support team,", "Բարև Ձեզ,").
var letterOpeners = framePhrases(
	// en
	"hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening", "greetings", "hiya",
	// nl
	"hoi", "hallo", "beste", "goedemorgen", "goedemiddag", "goedenavond", "goedendag", "geachte", "dag", "hee", "hai",
	// ms
	"salam", "assalamualaikum", "helo", "tuan", "puan", "selamat pagi", "selamat petang", "selamat tengah hari", "selamat malam",
	// zh
	"你好", "您好", "嗨", "亲", "在吗", "尊敬的", "哈喽", "早上好", "下午好", "晚上好",
	// nb
	"hei", "heisann", "hallo", "god morgen", "god dag", "god ettermiddag", "god kveld", "kjære",
	// hy, in both scripts
	"բարև", "բարեւ", "բարի օր", "բարի լույս", "բարի երեկո", "հարգելի", "ողջույն", "ողջույններ",
	"barev", "bari or", "bari luys", "bari yereko", "hargeli", "voxjuyn", "voghjuyn", "barevner",
)

// letterClosers start a sign-off: a closing formula, maybe followed by a
// name or a template field ("Met vriendelijke groet, Simone", "Sekian,
// {{Customer Name}}").
var letterClosers = framePhrases(
	// en
	"regards", "kind regards", "best regards", "warm regards", "best wishes", "best", "cheers", "sincerely",
	"yours sincerely", "yours faithfully", "thanks in advance", "thank you in advance", "many thanks",
	"thanks", "thank you", "thx", "ty", "br",
	// nl
	"met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
	"mvg", "groet", "groeten", "groetjes", "alvast bedankt", "alvast dank", "bedankt", "dank je", "dank u",
	"dank je wel", "dank u wel", "dank", "hartelijke groet",
	// ms
	"terima kasih", "sekian", "yang benar", "yang ikhlas", "salam hormat", "tq", "tqvm", "ribuan terima kasih",
	// zh
	"谢谢", "多谢", "此致", "此致敬礼", "感谢", "祝好", "谢谢你", "谢谢您",
	// nb
	"mvh", "hilsen", "vennlig hilsen", "med vennlig hilsen", "beste hilsen", "takk", "takk på forhånd",
	"tusen takk", "på forhånd takk",
	// hy, in both scripts
	"հարգանքով", "շնորհակալություն", "շնորհակալ եմ", "նախապես շնորհակալություն", "մերսի",
	"harganqov", "harganköv", "shnorhakalutyun", "shnorhakal em", "merci", "mersi", "nakhapes shnorhakalutyun",
)

// framePhrases folds phrases and splits them into the words tokenize makes.
func framePhrases(phrases ...string) map[string][][]string {
	m := map[string][][]string{}
	for _, p := range phrases {
		var ws []string
		for _, t := range tokenize(p) {
			ws = append(ws, t.fold)
		}
		m[ws[0]] = append(m[ws[0]], ws)
	}
	return m
}

// framePhraseAt returns the length in tokens of the longest phrase of set
// that starts at toks[i], 0 for none.
func framePhraseAt(set map[string][][]string, toks []token, i int) int {
	best := 0
	for _, ws := range set[toks[i].fold] {
		if len(ws) <= best || i+len(ws) > len(toks) {
			continue
		}
		ok := true
		for k, w := range ws {
			if toks[i+k].fold != w {
				ok = false
				break
			}
		}
		if ok {
			best = len(ws)
		}
	}
	return best
}

// framePause reports whether a punctuation token ends a greeting's line
// ("Hi team," "Բարև Ձեզ՝").
func framePause(t token) bool {
	if t.kind != tokPunct {
		return false
	}
	switch t.text {
	case ",", "，", "、", "!", "！", ".", "。", ":", "：", "՝", "։", ";", "-", "–", "—", "\n":
		return true
	}
	return false
}

// wordCount counts the words of toks; a template field ("{{Customer
// Name}}") is no words, since "Hi, {{Customer Name}} here" is all greeting.
func wordCount(toks []token) int {
	n := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokPunct {
			if _, next := templateSlot(toks, i); next > i {
				i = next - 1
			}
			continue
		}
		n++
	}
	return n
}

// minBody is the fewest words a letter's body must keep for the frame to be
// taken apart from it: shorter messages ("hi there, good morning") are all
// frame, and the frame is what they say.
const minBody = 3

// letterFrame returns the token range of a message's body, without an
// opening greeting (with its addressee) and a closing sign-off (with the
// name after it). lo is 0 and hi len(toks) when there is no frame.
func letterFrame(toks []token) (lo, hi int) {
	lo, hi = 0, len(toks)
	// opening: a greeting, at most four more words, a pause
	if len(toks) > 0 {
		if n := framePhraseAt(letterOpeners, toks, 0); n > 0 {
			j, words := n, 0
			for j < len(toks) && !framePause(toks[j]) && words <= 4 {
				if toks[j].kind != tokPunct {
					words++
				}
				j++
			}
			switch {
			case j < len(toks) && framePause(toks[j]) && words <= 4:
				lo = j + 1
			case n < len(toks) && toks[n].kind == tokPunct:
				lo = n + 1
			default:
				lo = n // "hi can you …": the greeting word alone
			}
			if wordCount(toks[lo:]) < minBody {
				lo = 0
			}
		}
	}
	// closing: after a pause, a sign-off and at most four more words
	// (a name, initials, a template field), no question among them
	for i := lo + 1; i < len(toks); i++ {
		if !(toks[i].kind == tokWord || toks[i].kind == tokCJK) || !framePause(toks[i-1]) && toks[i-1].text != "?" && toks[i-1].text != "？" {
			continue
		}
		n := framePhraseAt(letterClosers, toks, i)
		if n == 0 {
			continue
		}
		tail := toks[i+n:]
		if wordCount(tail) > 4 || wordCount(toks[lo:i]) < minBody {
			continue
		}
		q := false
		for _, t := range tail {
			q = q || t.text == "?" || t.text == "？" || t.text == "՞"
		}
		if !q {
			hi = i
			break
		}
	}
	// A body that itself opens with a greeting or a thank-you ("Thank you
	// for your time. Kind regards, Margaret") is a message about the frame:
	// leave it whole.
	if lo < hi && hi < len(toks) && framePhraseAt(letterClosers, toks, firstWord(toks, lo, hi)) > 0 {
		hi = len(toks)
	}
	return lo, hi
}

// firstWord is the index of the first word in toks[lo:hi], lo if none.
func firstWord(toks []token, lo, hi int) int {
	for i := lo; i < hi; i++ {
		if toks[i].kind == tokWord || toks[i].kind == tokCJK {
			return i
		}
	}
	return lo
}

// letterFraming switches the above on (a variable so the measurement can
// compare).
var letterFraming = true
