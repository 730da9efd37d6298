package nlu

import (
	"math"
	"slices"
)

// A second reading, clause by clause, where the model is unsure (model
// round 4, issue #18). Strangers put the request in one clause of a longer
// message and something else around it: a quoted line of ours before the
// answer ("> shall we send it to the same address? yep"), an aside after it
// ("…suitable for a north facing garden, I'm not terribly knowledgeable"),
// a greeting in front ("Good afternoon, I was hoping you might help me
// locate…"). The words around it outvote the request. When the whole
// message leaves the model unsure, each clause is read on its own, and the
// clause the model is surest of is averaged into the whole message's
// logits. Messages the model is sure of are not touched, so our own styles
// (the old held-out sets) keep their figures and parsing stays fast.

var (
	clauseOn   = true
	clauseTau  = 0.7 // re-read when the top confidence is below this
	clauseMix  = 0.3 // weight of the surest clause against the whole
	clauseMaxN = 6   // clauses read at most (the last ones)
	clauseMinW = 6   // words a message needs to be re-read: short chat replies in a dialogue ("yes, the blue one") are left alone
)

// clauseBreak reports whether a punctuation token separates clauses: the
// sentence ends, commas, colons, dashes and the ">" of a quoted line.
func clauseBreak(t token) bool {
	if sentenceEnd(t) {
		return true
	}
	switch t.text {
	case ",", "，", "、", ":", "：", "—", "–", "-", ">", "»", "՝":
		return !(t.text == "-" && !t.spaceAfter)
	}
	return false
}

// clauses returns the token ranges of the clauses of a message with at
// least one word each; nil when there is only one.
func clauses(toks []token) [][2]int {
	var out [][2]int
	lo, words := 0, 0
	for i, t := range toks {
		switch {
		case t.kind == tokPunct && clauseBreak(t):
			if words > 0 {
				out = append(out, [2]int{lo, i})
			}
			lo, words = i+1, 0
		case t.kind == tokWord || t.kind == tokCJK:
			words++
		}
	}
	if words > 0 {
		out = append(out, [2]int{lo, len(toks)})
	}
	total := 0
	for _, t := range toks {
		if t.kind == tokWord || t.kind == tokCJK {
			total++
		}
	}
	if len(out) < 2 || total < clauseMinW {
		return nil
	}
	if len(out) > clauseMaxN {
		out = out[len(out)-clauseMaxN:]
	}
	return out
}

// rereadClauses mixes the logits z of the whole message with those of its
// surest clause when the whole leaves the model unsure.
func (m *model) rereadClauses(z []float64, toks []token, ents []Entity, lang string, temp float64) {
	if !clauseOn {
		return
	}
	top := topProb(z, temp)
	if top >= clauseTau {
		return
	}
	cs := clauses(toks)
	if cs == nil {
		return
	}
	var buf [512]uint32
	zc := make([]float64, len(z))
	best := make([]float64, len(z))
	bestP := top
	for _, c := range cs {
		feats, _ := intentFeatures(buf[:0], toks[c[0]:c[1]], ents, lang)
		m.clf.logits(zc, feats)
		if p := topProb(zc, temp); p > bestP {
			bestP = p
			copy(best, zc)
		}
	}
	if bestP == top {
		return
	}
	// The mixture is of probabilities, not logits: a confident clause
	// moves the answer without making it surer than either reading was.
	pz, pb := slices.Clone(z), best
	softmax(pz, temp)
	softmax(pb, temp)
	for j := range z {
		z[j] = temp * math.Log(max((1-clauseMix)*pz[j]+clauseMix*pb[j], 1e-300))
	}
}

// topProb is the highest softmax probability of logits z at temperature t.
func topProb(z []float64, t float64) float64 {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = max(mx, v)
	}
	sum := 0.0
	for _, v := range z {
		sum += math.Exp((v - mx) / t)
	}
	return 1 / sum
}
