package dialog

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

func TestCards_DressedInTheShoppersLanguageWithOnlyStockOffered(t *testing.T) {
	b := &Bot{Deps: Deps{Messages: i18n.MustLoad("en")}}
	item := func() conversation.Item {
		return conversation.Item{Handle: "aurora", Title: "Aurora", Price: money.New(8995, "EUR"), Variants: []conversation.ItemVariant{
			{SKU: "A-42-BLK", Options: map[string]string{"Size": "42", "Color": "Black"}, InStock: true, Stock: 2},
			{SKU: "A-43-BLK", Options: map[string]string{"Size": "43", "Color": "Black"}, InStock: false},
			{SKU: "A-42-RED", Options: map[string]string{"Size": "42", "Color": "Red"}, InStock: true, Stock: 1},
		}}
	}
	for _, c := range []struct{ lang, size, colour, black, details string }{
		{"en", "Size", "Colour", "Black", "Details"},
		{"nl", "Maat", "Kleur", "zwart", "Details"},
		{"nb", "Størrelse", "Farge", "svart", "Detaljer"},
		{"zh", "尺码", "颜色", "黑", "详情"},
	} {
		it := item()
		b.DressItem(c.lang, &it)
		if it.OptionLabels["Size"] != c.size || it.OptionLabels["Color"] != c.colour {
			t.Errorf("%s: labels %v", c.lang, it.OptionLabels)
		}
		if got := it.Variants[0].Display["Color"]; got != c.black {
			t.Errorf("%s: Black shown as %q, want %q", c.lang, got, c.black)
		}
		if it.Variants[0].Payload != "variant:A-42-BLK" || it.Variants[1].Payload != "" {
			t.Errorf("%s: chips %q %q: the sold-out combination must carry no payload", c.lang, it.Variants[0].Payload, it.Variants[1].Payload)
		}
		if len(it.Options) != 2 || it.Options[0].Title != c.details || it.Options[0].Payload != "details:aurora" || it.Options[1].Payload != "pick:aurora" {
			t.Errorf("%s: card buttons %+v", c.lang, it.Options)
		}
	}

	one := conversation.Item{Handle: "cap", Price: money.New(0, "EUR"), Variants: []conversation.ItemVariant{
		{SKU: "CAP", Options: map[string]string{}, InStock: true, Stock: 1},
		{SKU: "CAP-2", Options: map[string]string{}, InStock: false}}}
	b.DressItem("nl", &one)
	if one.PriceText != "Gratis" {
		t.Errorf("a zero price reads %q, want Gratis", one.PriceText)
	}
	if len(one.Options) != 2 || one.Options[1].Payload != "add:CAP" {
		t.Errorf("one variant in stock: buttons %+v, want Add to cart", one.Options)
	}
}

func TestCards_OneDayIsNotARange(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Express — €9.95, Tue 8/12 – Tue 8/12", "Express — €9.95, Tue 8/12"},
		{"Standard — Free, Tue 8/12 – Wed 9/12", "Standard — Free, Tue 8/12 – Wed 9/12"},
		{"加急配送 — €9.95，12月8日 周二 – 12月8日 周二", "加急配送 — €9.95，12月8日 周二"},
		{"Forventet levering: tir 8/12 – tir 8/12.", "Forventet levering: tir 8/12."},
	} {
		if got := collapseRanges(c.in); got != c.want {
			t.Errorf("collapseRanges(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCards_OneItemIsSingular(t *testing.T) {
	m := i18n.MustLoad("en")
	for _, c := range []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "1 item,"}, {"en", 2, "2 items,"}, {"nl", 1, "1 artikel,"}, {"nl", 3, "3 artikelen,"}, {"nb", 1, "1 vare,"},
	} {
		if got := m.T(c.lang, "cart.added", "qty", 1, "item", "Sock", "count", c.count, "subtotal", "€5"); !strings.Contains(got, c.want) {
			t.Errorf("%s %d: %q, want %q", c.lang, c.count, got, c.want)
		}
	}
}

// TestDressItem_RedressedCardKeepsTheCataloguesValues checks that a card's
// Display, which is the variant's own option map when nothing is translated,
// is never written into: a card dressed in English, then Dutch, then English
// again shows the shop's values, and the options stay as the catalogue has
// them (they are the cached product's, shared).
func TestDressItem_RedressedCardKeepsTheCataloguesValues(t *testing.T) {
	b := &Bot{Deps: Deps{Messages: i18n.MustLoad("en")}}
	opts := map[string]string{"Size": "42", "Color": "Black"}
	it := conversation.Item{Handle: "aurora", Variants: []conversation.ItemVariant{{SKU: "A-42-BLK", Options: opts, InStock: true}}}
	for _, c := range []struct{ lang, black string }{{"en", "Black"}, {"nl", "zwart"}, {"en", "Black"}, {"nl", "zwart"}} {
		b.DressItem(c.lang, &it)
		if got := it.Variants[0].Display["Color"]; got != c.black {
			t.Errorf("%s: Black shown as %q, want %q", c.lang, got, c.black)
		}
		if opts["Color"] != "Black" || opts["Size"] != "42" || len(opts) != 2 {
			t.Fatalf("%s: dressing changed the variant's options: %v", c.lang, opts)
		}
	}
}

// TestDressItem_SKUWhoseValuesChangedIsShownAfresh checks that a display
// remembered for a SKU is used only while its values are the same: a shop
// that re-imports a SKU as another colour has it shown in that colour.
func TestDressItem_SKUWhoseValuesChangedIsShownAfresh(t *testing.T) {
	b := &Bot{Deps: Deps{Messages: i18n.MustLoad("en")}}
	for _, c := range []struct{ colour, want string }{{"Black", "zwart"}, {"Red", "rood"}, {"Black", "zwart"}} {
		it := conversation.Item{Handle: "aurora", Variants: []conversation.ItemVariant{{SKU: "A-42-X", Options: map[string]string{"Size": "42", "Color": c.colour}, InStock: true}}}
		b.DressItem("nl", &it)
		if got := it.Variants[0].Display["Color"]; got != c.want || it.Variants[0].Display["Size"] != "42" {
			t.Errorf("%s shown as %v, want %s", c.colour, it.Variants[0].Display, c.want)
		}
	}
}
