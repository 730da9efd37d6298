package nlu

import (
	"strings"
	"testing"
)

func bodyOf(text string) string {
	toks := tokenize(text)
	lo, hi := letterFrame(toks)
	var ws []string
	for _, t := range toks[lo:hi] {
		if t.kind != tokPunct {
			ws = append(ws, t.fold)
		}
	}
	return strings.Join(ws, " ")
}

func TestLetterFrame_BodyWithoutGreetingAndSignOff(t *testing.T) {
	for _, c := range []struct{ text, body string }{
		{"Hei, kan dere bekrefte om vitamin D3 er tilgjengelig nå? Mvh R. Hansen", "kan dere bekrefte om vitamin d3 er tilgjengelig na"},
		{"Goedemiddag, is de verpakking van 60 capsules leverbaar? Alvast bedankt, R. Bakker", "is de verpakking van 60 capsules leverbaar"},
		{"Tuan/Puan, saya dicaj dua kali untuk pesanan saya. Sekian, {{Customer Name}}", "saya dicaj dua kali untuk pesanan saya"},
		{"Հարգելի թիմ, ցանկանում եմ վերադարձնել լամպը։ Հարգանքով՝ Դ. Մարտիրոսյան", "ցանկանում եմ վերադարձնել լամպը"},
		{"您好，我想取消订单。谢谢", "我 想 取 消 订 单"},
		{"Dear team, where is my order? Kind regards, Margaret Hollis", "where is my order"},
		{"hi can you check my order status", "can you check my order status"},
	} {
		if got := bodyOf(c.text); got != c.body {
			t.Errorf("%q: body %q, want %q", c.text, got, c.body)
		}
	}
}

func TestLetterFrame_ShortOrFrameOnlyMessagesStayWhole(t *testing.T) {
	for _, text := range []string{
		"hi there, good morning!",
		"Hi {{Customer Name}} here",
		"Thank you for your time. Kind regards, Margaret Hollis", // a goodbye: all frame
		"Takk for hjelpen. Med vennlig hilsen, Kari Nordmann",
		"thanks, that was quick",
		"Can you help me? Thanks, but why is it late?", // a question after "thanks" is not a signature
	} {
		toks := tokenize(text)
		if lo, hi := letterFrame(toks); lo != 0 || hi != len(toks) {
			t.Errorf("%q: body %q, want the whole message", text, bodyOf(text))
		}
	}
}

func TestChatWords_ShorthandReadAsTheWord(t *testing.T) {
	a := classifierText(tokenize("sy nk tukar saiz yg lain"), nil, false, chatWords["ms"])
	b := classifierText(tokenize("saya nak tukar saiz yang lain"), nil, false, chatWords["ms"])
	if a != b {
		t.Errorf("shorthand %q, full %q: want the same classifier text", a, b)
	}
}

func TestArmenianMark_InsideWordKeepsWordAndSentence(t *testing.T) {
	if got := classifierText(tokenize("կարո՞ղ եք"), nil, false, nil); got != "կարող եք" {
		t.Errorf("classifier text %q, want %q", got, "կարող եք")
	}
	toks := tokenize("Բարև։ կարո՞ղ եք ասել, երբ կգա պատվերս")
	lo, _ := requestClause(toks)
	if toks[lo].text != "կարո" {
		t.Errorf("request clause starts at %q, want the whole question from կարո՞ղ", toks[lo].text)
	}
}

func TestArmenianStem_InflectedFormsMeet(t *testing.T) {
	for _, c := range [][2]string{
		{"bazmocy", "bazmoc"}, {"bazmocneric", "bazmoc"}, {"eresnery", "eres"},
		{armenianCanon("բազմոցը", true), "bazmoc"}, {"veradardznel", "veradardz"}, {"veradardznum", "veradardz"},
		{"gin", "gin"}, // too short to cut
	} {
		if got := armenianStem(c[0]); got != c[1] {
			t.Errorf("armenianStem(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func FuzzLetterFrame(f *testing.F) {
	f.Add("Hei, kan dere hjelpe? Mvh Ola")
	f.Add("Բարև Ձեզ, {{Customer Name}}-ն եմ")
	f.Add("谢谢")
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize(cleanText(s))
		lo, hi := letterFrame(toks)
		if lo < 0 || hi > len(toks) || lo > hi {
			t.Fatalf("frame [%d, %d) of %d tokens", lo, hi, len(toks))
		}
		intentFeatures(nil, toks, nil, "hy")
	})
}
