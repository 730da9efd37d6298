package dialog

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// A number that says how many pieces a set or pack holds names the variant,
// not how many to buy; a number of packs still counts.
func TestQuantity_PackSizeIsNoQuantity(t *testing.T) {
	for _, c := range []struct {
		text, num string
		want      int
		span      string // the entity's text when the NLU takes in more than the number ("5个")
	}{
		{"换5个一套的", "5", 0, ""},
		{"换5个一套的", "5", 0, "5个"},
		{"要10个装的收纳盒", "10", 0, "10个"},
		{"3个装进购物车", "3", 3, "3个"},
		{"3 pakker", "3", 3, "3 pakker"},
		{"要10个装的收纳盒", "10", 0, ""},
		{"不锈钢五件套锅", "五", 0, ""},
		{"ok da 4-pakken rødrutet", "4", 0, ""},
		{"6 stk settet", "6", 0, ""},
		{"the set of 6 please", "6", 0, ""},
		{"the 3-pack of sponges", "3", 0, ""},
		{"5 հատանոցը", "5", 0, ""},
		{"uzum em spitak bajakneri havaqacu 6-anoc", "6", 0, ""},
		{"het 12-delige pannenset", "12", 0, ""},
		{"2 packs of the sponges", "2", 2, ""},
		{"3 个杯子", "3", 3, ""},
		{"3个装进购物车", "3", 3, ""},
		{"ta 8", "8", 8, ""},
		{"two of the big ones", "two", 2, ""},
	} {
		i := strings.Index(c.text, c.num)
		start := len([]rune(c.text[:i]))
		span := c.num
		if c.span != "" {
			span = c.span
		}
		res := nlu.Result{Text: c.text, Entities: []nlu.Entity{{Entity: "quantity", Value: max(c.want, 2), Start: start, End: start + len([]rune(span))}}}
		if n, _ := quantitySaid(res); n != c.want {
			t.Errorf("quantitySaid(%q) = %d, want %d", c.text, n, c.want)
		}
	}
}

// With a pack size and a count in one message, the count is the count:
// "the 10-piece pack, three of them" buys three packs of ten.
func TestQuantity_TheCountAfterAPackSizeCounts(t *testing.T) {
	ent := func(text, span string, v int) nlu.Entity {
		i := len([]rune(text[:strings.Index(text, span)]))
		return nlu.Entity{Entity: "quantity", Value: v, Start: i, End: i + len([]rune(span))}
	}
	for _, c := range []struct {
		text, pack, count string
		n                 int
	}{
		{"粘蝇板10片装来三包", "10", "三包", 3},
		{"the 10-pack, 3 of them", "10", "3", 3},
		{"de verpakking van 25 stuks", "25 stuks", "", 0},
	} {
		es := []nlu.Entity{ent(c.text, c.pack, 10)}
		if c.count != "" {
			es = append(es, ent(c.text, c.count, c.n))
		}
		if n, _ := quantitySaid(nlu.Result{Text: c.text, Entities: es}); n != c.n {
			t.Errorf("quantitySaid(%q) = %d, want %d", c.text, n, c.n)
		}
	}
}
