package recommend

import "sort"

// Options tune the mining.
type Options struct {
	// MinSupport is the number of paid orders a pair must share before it
	// counts as bought together: one shared order is chance. Default 2.
	MinSupport int
	// MinLift is the lift a pair must exceed: above 1 means the two are
	// bought together more often than their popularity alone explains.
	// Default 1.
	MinLift float64
}

func (o Options) withDefaults() Options {
	if o.MinSupport <= 0 {
		o.MinSupport = 2
	}
	if o.MinLift <= 0 {
		o.MinLift = 1
	}
	return o
}

// Model is what the paid orders say, mined once and then only read (it is
// shared by every turn without locks).
type Model struct {
	baskets int
	count   map[string]int            // orders holding each product
	pairs   map[string]map[string]int // a → b → orders holding both, only pairs that pass the thresholds
	bought  map[int64][]string        // customer → products bought, most recent first, each once
	max     int
	top     []string // the most bought products, most first (popularPool of them)
}

// Mine counts products and pairs over the baskets and keeps the pairs with
// enough support and a lift above the minimum.
func Mine(baskets []Basket, opts Options) *Model {
	opts = opts.withDefaults()
	m := &Model{count: map[string]int{}, pairs: map[string]map[string]int{}, bought: map[int64][]string{}}
	together := map[[2]string]int{}
	sorted := append([]Basket(nil), baskets...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].At.After(sorted[j].At) })
	seenBy := map[int64]map[string]bool{}
	for _, b := range sorted {
		hs := unique(b.Handles)
		if len(hs) == 0 {
			continue
		}
		m.baskets++
		for i, a := range hs {
			m.count[a]++
			m.max = max(m.max, m.count[a])
			for _, c := range hs[i+1:] {
				together[pairKey(a, c)]++
			}
		}
		if b.CustomerID != 0 {
			if seenBy[b.CustomerID] == nil {
				seenBy[b.CustomerID] = map[string]bool{}
			}
			for _, h := range hs {
				if !seenBy[b.CustomerID][h] {
					seenBy[b.CustomerID][h] = true
					m.bought[b.CustomerID] = append(m.bought[b.CustomerID], h)
				}
			}
		}
	}
	for h := range m.count {
		m.top = append(m.top, h)
	}
	sort.Slice(m.top, func(i, j int) bool {
		a, b := m.count[m.top[i]], m.count[m.top[j]]
		if a != b {
			return a > b
		}
		return m.top[i] < m.top[j]
	})
	m.top = m.top[:min(len(m.top), popularPool)]
	for k, n := range together {
		if n < opts.MinSupport || lift(n, m.count[k[0]], m.count[k[1]], m.baskets) <= opts.MinLift {
			continue
		}
		for _, d := range [][2]string{{k[0], k[1]}, {k[1], k[0]}} {
			if m.pairs[d[0]] == nil {
				m.pairs[d[0]] = map[string]int{}
			}
			m.pairs[d[0]][d[1]] = n
		}
	}
	return m
}

// lift is P(a and b) / (P(a) P(b)), computed in integers until the end.
func lift(nab, na, nb, n int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	return float64(nab) * float64(n) / (float64(na) * float64(nb))
}

// Lift of a pair, 0 when the pair did not pass the thresholds.
func (m *Model) Lift(a, b string) float64 {
	n, ok := m.pairs[a][b]
	if !ok {
		return 0
	}
	return lift(n, m.count[a], m.count[b], m.baskets)
}

// Confidence is the share of orders holding a that also hold b, for pairs
// that passed the thresholds; 0 for the rest.
func (m *Model) Confidence(a, b string) float64 {
	n, ok := m.pairs[a][b]
	if !ok || m.count[a] == 0 {
		return 0
	}
	return float64(n) / float64(m.count[a])
}

// Popularity is how often p is bought, 0 to 1 on a log scale.
func (m *Model) Popularity(handle string) float64 { return logScale(m.count[handle], m.max) }

// Baskets is the number of paid orders mined.
func (m *Model) Baskets() int { return m.baskets }

// Bought are the products a customer bought, most recent first.
func (m *Model) Bought(customer int64) []string { return m.bought[customer] }

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func unique(hs []string) []string {
	seen := make(map[string]bool, len(hs))
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}
