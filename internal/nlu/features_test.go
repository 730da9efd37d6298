package nlu

import (
	"strings"
	"testing"
)

func TestClassifierText_TemplateFieldsBecomeClassWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"where is order {{Order Number}}?", "where is order qorderq ?"},
		{"waar is bestelling {{Order Number}}", "waar is bestelling qorderq"},
		{"refund of {{Refund Amount}} for <order_id>", "refund of qmoneyq for qorderq"},
		{"sent on [date] to {{Delivery City}}", "sent on qdateq to qaddrq"},
		{"{{Product Name}} kapan ready", "qprodq kapan ready"},
		{"hi {{Person Name}}, {{template}}", "hi qnameq qslotq"},
		{"invoice {{Invoice Number}} please", "invoice qinvoiceq please"},
		// not a field: unclosed, too long, or no words inside
		{"size <42 please", "size 0 please"},
		{"[this is far too long to be a field name] ok", "this is far too long to be a field name ok"},
		{"a {} b", "a b"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		if got := classifierText(toks, nil, false, nil); got != tt.want {
			t.Errorf("classifierText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequestClause_FindsTheSentenceThatAsks(t *testing.T) {
	tests := []struct{ in, want string }{
		// one sentence: all of it
		{"where is my order", "where is my order"},
		{"Order 45.90 euro, not yet here", "Order 45.90 euro, not yet here"},
		// the last question wins over what follows it
		{"Good afternoon. I ordered a kettle last week. Can I still cancel it? Thanks in advance.", "Can I still cancel it?"},
		// no question: the last sentence of three words or more
		{"Long story short: my husband bought the same one. I want to send mine back. Regards, Anna", "I want to send mine back."},
		{"我老公买了同款。我想把我这台退了。谢谢", "我想把我这台退了。"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		lo, hi := requestClause(toks)
		var b strings.Builder
		for _, tk := range toks[lo:hi] {
			b.WriteString(tk.text)
			if tk.spaceAfter {
				b.WriteByte(' ')
			}
		}
		if got := strings.TrimSpace(b.String()); got != tt.want {
			t.Errorf("requestClause(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKNN_NearestExamplesVoteForTheirIntent(t *testing.T) {
	// features 0–2 are shared by intent 0's examples, 3–5 by intent 1's;
	// 6 is in every example and says nothing.
	samples := []sample{
		{feats: []int32{0, 1, 6}, y: 0}, {feats: []int32{0, 2, 6}, y: 0}, {feats: []int32{1, 2, 6}, y: 0},
		{feats: []int32{3, 4, 6}, y: 1}, {feats: []int32{3, 5, 6}, y: 1}, {feats: []int32{4, 5, 6}, y: 1},
	}
	k := newKNN(samples, 7)
	for _, tt := range []struct {
		feats []int32
		want  int
	}{
		{[]int32{0, 1, -1}, 0},
		{[]int32{4, 5, 6}, 1},
		{[]int32{3, 0, 4}, 1},
	} {
		z := make([]float64, 2)
		k.vote(z, tt.feats)
		if z[tt.want] <= z[1-tt.want] {
			t.Errorf("vote(%v) = %v, want intent %d ahead", tt.feats, z, tt.want)
		}
	}
	z := make([]float64, 2)
	k.vote(z, []int32{6, -1})
	if z[0] != 0 || z[1] != 0 {
		t.Errorf("a message with only uninformative features got votes %v", z)
	}
}

func TestParse_GibberishWithOneKnownWordStaysNotUnderstood(t *testing.T) {
	// The neighbour vote must not let one known word ("again" → reorder)
	// outvote three words nobody ever wrote.
	e := testEngine(t)
	for _, text := range []string{"blorp zingle wafflecat now", "blorp zingle wafflecat please", "blorp zingle wafflecat again"} {
		if r := e.Parse(text, ParseParams{Lang: "en"}); r.Intent.Name != outOfScope {
			t.Errorf("Parse(%q) = %s %.2f, want out_of_scope", text, r.Intent.Name, r.Intent.Confidence)
		}
	}
}
