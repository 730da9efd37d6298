package shoppersim

import (
	"context"
	"math"
	"sort"
)

// K is the depth of the retrieval metrics (nDCG@5).
const K = 5

// QueryResult is how the shop's search and its chat answered one query.
type QueryResult struct {
	ID         string   `json:"id"`
	Catalog    string   `json:"catalog"`
	Language   string   `json:"language"`
	Query      string   `json:"query"`
	Search     []string `json:"search"` // handles, best first
	Chat       []string `json:"chat"`   // handles of the chat's first products message
	SearchTop1 bool     `json:"search_success_at_1"`
	ChatTop1   bool     `json:"chat_success_at_1"`
	SearchNDCG float64  `json:"search_ndcg_at_5"`
	ChatNDCG   float64  `json:"chat_ndcg_at_5"`
	Error      string   `json:"error,omitempty"`
}

// Retrieve asks the shop's search (the admin product list) and a fresh chat
// the query and scores both answers against the graded handles.
func Retrieve(ctx context.Context, c *Client, catalog string, q Query) QueryResult {
	r := QueryResult{ID: q.ID, Catalog: catalog, Language: q.Language, Query: q.Query}
	hits, err := c.Search(ctx, q.Query, K)
	if err != nil {
		r.Error = "search: " + err.Error()
	}
	r.Search = topK(hits)
	chat, err := chatProducts(ctx, c, q)
	if err != nil && r.Error == "" {
		r.Error = "chat: " + err.Error()
	}
	r.Chat = topK(chat)
	r.SearchTop1 = SuccessAt1(r.Search, q.Relevant)
	r.ChatTop1 = SuccessAt1(r.Chat, q.Relevant)
	r.SearchNDCG = NDCG(r.Search, q.Relevant, K)
	r.ChatNDCG = NDCG(r.Chat, q.Relevant, K)
	return r
}

// chatProducts says the query in a new conversation and returns the handles
// of the first products message of the reply.
func chatProducts(ctx context.Context, c *Client, q Query) ([]string, error) {
	conv, _, err := c.Start(ctx, q.Language)
	if err != nil {
		return nil, err
	}
	msgs, err := c.Say(ctx, conv, q.Query)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Type != "products" {
			continue
		}
		var hs []string
		for _, it := range m.Items {
			hs = append(hs, it.Handle)
		}
		return hs, nil
	}
	return nil, nil
}

// topK keeps the first K distinct handles: a list that shows one product
// twice (two variants as two cards) must not earn its gain twice.
func topK(hs []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, h := range hs {
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, h)
		if len(out) == K {
			break
		}
	}
	return out
}

// SuccessAt1 says whether the first hit is exactly what was asked (grade 2).
func SuccessAt1(hits []string, rel map[string]int) bool {
	return len(hits) > 0 && rel[hits[0]] >= 2
}

// NDCG is the normalised discounted cumulative gain of the first k hits,
// with gain 2^grade-1 (2 → 3, 1 → 1) and discount log2(rank+1).
func NDCG(hits []string, rel map[string]int, k int) float64 {
	dcg := 0.0
	for i, h := range hits {
		if i >= k {
			break
		}
		dcg += gain(rel[h]) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range rel {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	idcg := 0.0
	for i, g := range grades {
		if i >= k {
			break
		}
		idcg += gain(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func gain(g int) float64 {
	if g <= 0 {
		return 0
	}
	return math.Pow(2, float64(g)) - 1
}
