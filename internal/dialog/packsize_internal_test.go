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
