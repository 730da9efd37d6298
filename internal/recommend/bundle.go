package recommend

import (
	"sort"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// Choice is one product that may fill a slot of a bundle: the variant that
// would go in the cart, its price in minor units and how well it answers.
type Choice struct {
	Handle string
	Type   string
	SKU    string
	Price  int64
	Score  float64
}

// Bundle is one choice per slot.
type Bundle struct {
	Items []Choice
	Total int64
	Score float64
}

// Key names a bundle by its variants, so one shown before can be skipped.
func (b Bundle) Key() string {
	skus := make([]string, len(b.Items))
	for i, it := range b.Items {
		skus[i] = it.SKU
	}
	sort.Strings(skus)
	return strings.Join(skus, ",")
}

// Bundles finds up to k bundles with the best summed score whose total is at
// most budget and whose items are distinct products of distinct types: a
// small knapsack with one item per slot, solved by branch and bound (the
// best score still reachable and the cheapest price still needed prune a
// branch). The best comes first; slots keep their order in each bundle.
func Bundles(slots [][]Choice, budget int64, k int) []Bundle {
	if len(slots) == 0 || k <= 0 {
		return nil
	}
	n := len(slots)
	// Search the slots with fewest choices first: they prune most.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(slots[order[a]]) < len(slots[order[b]]) })
	sorted := make([][]Choice, n)
	for i, s := range order {
		cs := append([]Choice(nil), slots[s]...)
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].Score > cs[b].Score })
		if len(cs) == 0 {
			return nil
		}
		sorted[i] = cs
	}
	// What the slots from i on can add at best, and must cost at least.
	bestRest := make([]float64, n+1)
	cheapRest := make([]int64, n+1)
	for i := n - 1; i >= 0; i-- {
		best, cheap := sorted[i][0].Score, sorted[i][0].Price
		for _, c := range sorted[i] {
			best, cheap = max(best, c.Score), min(cheap, c.Price)
		}
		bestRest[i], cheapRest[i] = bestRest[i+1]+best, cheapRest[i+1]+cheap
	}
	var found []Bundle
	pick := make([]Choice, n)
	var walk func(i int, total int64, score float64)
	walk = func(i int, total int64, score float64) {
		if total+cheapRest[i] > budget {
			return
		}
		if len(found) == k && score+bestRest[i] <= found[k-1].Score {
			return
		}
		if i == n {
			items := make([]Choice, n)
			for j, s := range order {
				items[s] = pick[j]
			}
			bd := Bundle{Items: items, Total: total, Score: score}
			for _, f := range found {
				if f.Key() == bd.Key() {
					return // the same products met in other slots
				}
			}
			found = append(found, bd)
			sort.SliceStable(found, func(a, b int) bool { return found[a].Score > found[b].Score })
			if len(found) > k {
				found = found[:k]
			}
			return
		}
	next:
		for _, c := range sorted[i] {
			for _, p := range pick[:i] {
				if p.Handle == c.Handle || c.Type != "" && fold.String(p.Type) == fold.String(c.Type) {
					continue next
				}
			}
			pick[i] = c
			walk(i+1, total+c.Price, score+c.Score)
		}
	}
	walk(0, 0, 0)
	return found
}
