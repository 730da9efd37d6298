package recommend_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

func product(handle, typ, vendor, price string, tags ...string) catalog.Product {
	return catalog.Product{Handle: handle, Title: handle, Type: typ, Vendor: vendor, Tags: tags, Status: catalog.StatusActive,
		Variants: []catalog.Variant{{SKU: handle + "-1", Price: money.MustParse(price, "EUR"), Stock: 5}}}
}

func baskets(orders ...[]string) []recommend.Basket {
	var out []recommend.Basket
	for i, hs := range orders {
		out = append(out, recommend.Basket{OrderID: int64(i + 1), CustomerID: int64(i%3 + 1), At: time.Unix(int64(i)*3600, 0), Handles: hs})
	}
	return out
}

func repeat(n int, hs ...string) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = hs
	}
	return out
}

// A pair counts as bought together only with enough shared orders and a
// lift above 1; a pair that is merely two popular products does not.
func TestMine_KeepsPairsWithSupportAndLift(t *testing.T) {
	var orders [][]string
	orders = append(orders, repeat(3, "boots", "socks")...)  // 3 together
	orders = append(orders, repeat(1, "tent", "stove")...)   // support 1
	orders = append(orders, repeat(6, "bottle")...)          // popular alone
	orders = append(orders, repeat(2, "bottle", "cap")...)   // cap only with the bottle: lift > 1
	orders = append(orders, repeat(2, "bottle", "boots")...) // the bottle is in most orders: lift < 1 with boots
	m := recommend.Mine(baskets(orders...), recommend.Options{})
	tests := []struct {
		a, b    string
		related bool
	}{
		{"boots", "socks", true},
		{"socks", "boots", true},
		{"tent", "stove", false},   // one shared order is chance
		{"bottle", "cap", true},    // lift 2·14/(10·2) = 1.4: the cap comes with the bottle
		{"bottle", "boots", false}, // lift 2·14/(10·5) = 0.56
		{"boots", "tent", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"+"+tt.b, func(t *testing.T) {
			got := m.Confidence(tt.a, tt.b) > 0
			if got != tt.related {
				t.Errorf("related = %v (lift %.2f), want %v", got, m.Lift(tt.a, tt.b), tt.related)
			}
			if tt.related && m.Lift(tt.a, tt.b) <= 1 {
				t.Errorf("kept with lift %.2f", m.Lift(tt.a, tt.b))
			}
		})
	}
	if m.Baskets() != len(orders) {
		t.Errorf("baskets = %d, want %d", m.Baskets(), len(orders))
	}
}

// What is bought together ranks first; products without history are
// ranked by their attributes; the seeds, products Keep refuses and drafts
// never appear; a customer's past orders move alike products up.
func TestRank_BoughtTogetherThenSimilarity(t *testing.T) {
	ps := []catalog.Product{
		product("boots", "Hiking Boots", "Nordvik", "150", "hiking", "waterproof"),
		product("socks", "Socks", "Bergfoss", "20", "socks", "wool"),
		product("poles", "Trekking Poles", "Alpenwerk", "60", "hiking", "trekking"),
		product("sandals", "Sandals", "Kestrel", "50", "summer", "water"),
		product("boots2", "Hiking Boots", "Nordvik", "140", "hiking", "waterproof"),
		product("draft", "Gloves", "Nordvik", "150", "hiking", "waterproof"),
		product("womens-fleece", "Fleece", "Tindra", "70", "fleece", "women"),
		product("mens-fleece", "Fleece", "Tindra", "70", "fleece", "men"),
	}
	ps[5].Status = catalog.StatusDraft
	m := recommend.Mine(baskets(repeat(3, "boots", "socks")...), recommend.Options{})
	otherKind := func(p *catalog.Product) bool { return p.Type != "Hiking Boots" }
	tests := []struct {
		name  string
		model *recommend.Model
		req   recommend.Request
		first string
		never []string
	}{
		{"bought together first", m, recommend.Request{Seeds: []string{"boots"}, Keep: otherKind}, "socks", []string{"boots", "boots2", "draft"}},
		{"similar without history", recommend.Mine(nil, recommend.Options{}), recommend.Request{Seeds: []string{"boots"}, Keep: otherKind}, "poles", []string{"boots", "draft"}},
		{"same kind when allowed", recommend.Mine(nil, recommend.Options{}), recommend.Request{Seeds: []string{"boots"}}, "boots2", []string{"boots"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := recommend.Rank(tt.model, ps, tt.req)
			if len(got) == 0 || got[0].Product.Handle != tt.first {
				t.Fatalf("ranked %v, want %s first", names(got), tt.first)
			}
			for _, h := range tt.never {
				if slices.Contains(names(got), h) {
					t.Errorf("ranked %s: %v", h, names(got))
				}
			}
		})
	}
	// Customer 2 bought the women's fleece before: the alike women's items rank
	// above the men's for them, not for a stranger.
	pm := recommend.Mine([]recommend.Basket{{OrderID: 1, CustomerID: 2, At: time.Unix(1, 0), Handles: []string{"womens-fleece"}}}, recommend.Options{})
	cands := []catalog.Product{
		product("womens-tee", "Tees", "Other", "30", "women", "tee"),
		product("mens-tee", "Tees", "Other", "30", "men", "tee"),
		ps[6],
	}
	got := names(recommend.Rank(pm, cands, recommend.Request{Customer: 2, Keep: func(p *catalog.Product) bool { return p.Type == "Tees" }}))
	if len(got) == 0 || got[0] != "womens-tee" {
		t.Errorf("for the customer: %v, want womens-tee first", got)
	}
}

func names(ss []recommend.Scored) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Product.Handle)
	}
	return out
}

// Similarity reads kind, tags, brand, price band and colour.
func TestSimilarity_ReadsTheCatalogueAttributes(t *testing.T) {
	base := product("a", "Socks", "Bergfoss", "20", "wool", "hiking")
	tests := []struct {
		name string
		b    catalog.Product
		more bool // more alike than an unrelated product
	}{
		{"same kind and tags", product("b", "Socks", "Bergfoss", "22", "wool", "hiking"), true},
		{"shared tags", product("c", "Beanies", "Other", "200", "wool"), true},
		{"same brand", product("d", "Tents", "Bergfoss", "400"), true},
		{"nothing shared", product("e", "Tents", "Other", "400", "camping"), false},
	}
	unrelated := product("z", "Stoves", "Nobody", "900", "cooking")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, u := recommend.Similarity(&base, &tt.b), recommend.Similarity(&base, &unrelated)
			if (s > u) != tt.more || s < 0 || s > 1 {
				t.Errorf("similarity %.2f vs unrelated %.2f, want more alike: %v", s, u, tt.more)
			}
		})
	}
}

// The bundle search finds the best summed score within the budget with
// distinct products of distinct types, the same as trying every
// combination, and lists the next best ones after it.
func TestBundles_BestWithinBudgetLikeBruteForce(t *testing.T) {
	c := func(h, typ string, price int64, score float64) recommend.Choice {
		return recommend.Choice{Handle: h, Type: typ, SKU: h + "-1", Price: price, Score: score}
	}
	shoes := []recommend.Choice{c("s1", "Shoes", 12000, 1), c("s2", "Shoes", 9000, 0.8), c("s3", "Shoes", 6000, 0.5)}
	shirts := []recommend.Choice{c("t1", "Shirts", 5000, 1), c("t2", "Shirts", 3000, 0.7), c("tee", "T-Shirts", 2500, 0.6)}
	socks := []recommend.Choice{c("k1", "Socks", 2000, 1), c("k2", "Socks", 1000, 0.9)}
	tests := []struct {
		name   string
		slots  [][]recommend.Choice
		budget int64
		want   int // bundles expected at least
	}{
		{"roomy budget", [][]recommend.Choice{shoes, shirts, socks}, 50000, 3},
		{"tight budget", [][]recommend.Choice{shoes, shirts, socks}, 15000, 1},
		{"too tight", [][]recommend.Choice{shoes, shirts, socks}, 9000, 0},
		{"two kinds", [][]recommend.Choice{shirts, socks}, 6000, 2},
		{"same type twice is refused", [][]recommend.Choice{shirts, shirts}, 50000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := recommend.Bundles(tt.slots, tt.budget, 3)
			all := brute(tt.slots, tt.budget)
			if len(got) < min(tt.want, 3) {
				t.Fatalf("%d bundles, want at least %d", len(got), tt.want)
			}
			if len(all) == 0 {
				if len(got) != 0 {
					t.Fatalf("found %v where none fits", got)
				}
				return
			}
			if got[0].Score != all[0] {
				t.Errorf("best score %.2f, brute force %.2f", got[0].Score, all[0])
			}
			seen := map[string]bool{}
			for i, b := range got {
				if b.Total > tt.budget {
					t.Errorf("bundle %d total %d over %d", i, b.Total, tt.budget)
				}
				if i > 0 && b.Score > got[i-1].Score {
					t.Errorf("bundle %d better than the one before", i)
				}
				if i < len(all) && b.Score != all[i] {
					t.Errorf("bundle %d score %.2f, brute force %.2f", i, b.Score, all[i])
				}
				if seen[b.Key()] {
					t.Errorf("bundle %s twice", b.Key())
				}
				seen[b.Key()] = true
				types := map[string]bool{}
				for j, it := range b.Items {
					if types[it.Type] {
						t.Errorf("bundle %s has two of %s", b.Key(), it.Type)
					}
					types[it.Type] = true
					if !slices.ContainsFunc(tt.slots[j], func(c recommend.Choice) bool { return c.Handle == it.Handle }) {
						t.Errorf("item %d (%s) is not from its slot", j, it.Handle)
					}
				}
			}
		})
	}
}

// brute lists the scores of every valid set of products, best first.
func brute(slots [][]recommend.Choice, budget int64) []float64 {
	var out []float64
	seen := map[string]bool{}
	var walk func(i int, total int64, score float64, types, handles []string)
	walk = func(i int, total int64, score float64, types, handles []string) {
		if total > budget {
			return
		}
		if i == len(slots) {
			key := slices.Clone(handles)
			slices.Sort(key)
			if k := strings.Join(key, ","); !seen[k] {
				seen[k] = true
				out = append(out, score)
			}
			return
		}
		for _, c := range slots[i] {
			if !slices.Contains(types, c.Type) {
				walk(i+1, total+c.Price, score+c.Score, append(slices.Clone(types), c.Type), append(slices.Clone(handles), c.Handle))
			}
		}
	}
	walk(0, 0, 0, nil, nil)
	slices.SortFunc(out, func(a, b float64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	return out
}

type fakeSource struct{ bs []recommend.Basket }

func (f fakeSource) PaidBaskets(context.Context) ([]recommend.Basket, error) { return f.bs, nil }

// The recommender reads the baskets on Refresh, not on Rank: a turn never
// waits for the mining.
func TestRecommender_RanksWithTheLastMinedModel(t *testing.T) {
	ps := []catalog.Product{product("boots", "Boots", "A", "100"), product("socks", "Socks", "B", "20"), product("tent", "Tents", "C", "300")}
	src := &fakeSource{bs: baskets(append(repeat(3, "boots", "socks"), repeat(3, "tent")...)...)}
	r := recommend.New(src, func() []catalog.Product { return ps }, recommend.Options{})
	before := r.Rank(context.Background(), recommend.Request{Seeds: []string{"boots"}})
	for _, s := range before {
		if s.Bought > 0 {
			t.Fatalf("bought together before any mining: %v", names(before))
		}
	}
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := r.Rank(context.Background(), recommend.Request{Seeds: []string{"boots"}})
	if len(after) == 0 || after[0].Product.Handle != "socks" || after[0].Bought == 0 || !recommend.GoesWith(after[0]) {
		t.Fatalf("after mining: %v, want socks bought together", names(after))
	}
}

// Popularity alone is no reason to say "this goes with it": a cross-sell
// shows nothing rather than the shop's bestseller of an unrelated kind.
func TestGoesWith_NeedsOrdersOrLikeness(t *testing.T) {
	ps := []catalog.Product{
		product("boots", "Boots", "A", "100", "hiking", "outdoor", "leather"),
		product("socks", "Socks", "B", "20", "hiking", "outdoor", "wool"),
		product("stove", "Stoves", "C", "300", "cooking"),
		product("bottle", "Bottles", "D", "15", "drinks"),
	}
	// The stove sells most, always alone.
	m := recommend.Mine(baskets(append(repeat(5, "stove"), repeat(2, "bottle", "boots")...)...), recommend.Options{})
	tests := []struct {
		handle string
		goes   bool
	}{
		{"socks", true},  // alike: a shared activity
		{"bottle", true}, // bought together with the boots (lift 7·2/(2·2) > 1)
		{"stove", false}, // only popular
	}
	got := map[string]bool{}
	for _, s := range recommend.Rank(m, ps, recommend.Request{Seeds: []string{"boots"}}) {
		got[s.Product.Handle] = recommend.GoesWith(s)
	}
	for _, tt := range tests {
		if got[tt.handle] != tt.goes {
			t.Errorf("%s goes with the boots = %v, want %v", tt.handle, got[tt.handle], tt.goes)
		}
	}
}
