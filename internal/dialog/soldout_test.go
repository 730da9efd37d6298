package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// "Navy" to "which colour for the quilted coat?" when the coat has no navy
// is answered with the coats of the same kind that have it (in the size
// chosen), not with the same question again; "yes, that one" then takes
// the offer in the size chosen before.
func TestSoldOut_AValueTheProductLacksOffersTheSameKindThatHasIt(t *testing.T) {
	coat := func(handle, title, sku string, colours ...string) catalog.Product {
		p := catalog.Product{Handle: handle, Title: title, Type: "Dog Coats", Status: "active", Options: []string{"Size", "Color"}}
		for _, c := range colours {
			for _, s := range []string{"S", "M"} {
				p.Variants = append(p.Variants, catalog.Variant{SKU: sku + "-" + s + "-" + strings.ToUpper(c[:3]),
					Options: map[string]string{"Size": s, "Color": c}, Price: eur("29.95"), Stock: 4})
			}
		}
		return p
	}
	for _, tt := range []struct {
		name string
		then string
		res  nlu.Result
	}{
		{"yes, that one", "yes, that one", intent("affirm")},
		{"the value said again", "navy then", intent("add_to_cart", ent("color", "navy", "navy"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			shop, useShop := shopWith(t, []catalog.Product{
				coat("quilted-coat", "Quilted Dog Coat", "QC", "Red", "Green"),
				coat("rain-coat", "Rain Dog Coat", "RC", "Yellow", "Navy"),
				// One colour only, no option: it has no navy to offer.
				{Handle: "plain-coat", Title: "Plain Dog Coat", Type: "Dog Coats", Status: "active",
					Variants: []catalog.Variant{{SKU: "PC-1", Price: eur("29.95"), Stock: 4}}},
			})
			h := checkoutHarness(t, script{
				"quilted dog coat in M": intent("add_to_cart", ent("product", "quilted-coat", "quilted dog coat"), ent("size", "M", "M")),
				"navy":                  intent("product_search", ent("color", "navy", "navy")),
				tt.then:                 tt.res,
			}, "en", nil, shop)
			useShop(h)
			if out := h.say("quilted dog coat in M"); lastInput(out) != "color" {
				t.Fatalf("want the colour asked: %s", texts(out))
			}
			out := h.say("navy")
			if lastInput(out) != "" || !strings.Contains(texts(out), "doesn't come in navy") {
				t.Fatalf("want no question asked again, the lack said: asks %q: %s", lastInput(out), texts(out))
			}
			if m := find(out, "products"); m == nil || len(m.Items) != 1 || m.Items[0].Handle != "rain-coat" {
				t.Fatalf("want the rain coat offered: %+v", out)
			}
			out = h.say(tt.then)
			if got, want := h.cartLines(), map[string]int{"RC-M-NAV": 1}; !sameLines(got, want) {
				t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
			}
		})
	}
}

// "M" to "which size? S or L" when the M is sold out is answered with the
// products of the same kind that have an M in stock, not the question again;
// "ok, that one" then takes the offer in M.
func TestSoldOut_TheSoldOutValueSaidToTheQuestionOffersTheSameKind(t *testing.T) {
	coat := func(handle, title, sku string, outM bool) catalog.Product {
		p := catalog.Product{Handle: handle, Title: title, Type: "Dog Coats", Status: "active", Options: []string{"Size", "Color"}}
		for _, s := range []string{"S", "M", "L"} {
			stock := 4
			if s == "M" && outM {
				stock = 0
			}
			p.Variants = append(p.Variants, catalog.Variant{SKU: sku + "-" + s, Options: map[string]string{"Size": s, "Color": "Red"}, Price: eur("29.95"), Stock: stock})
		}
		return p
	}
	shop, useShop := shopWith(t, []catalog.Product{coat("quilted-coat", "Quilted Dog Coat", "QC", true), coat("rain-coat", "Rain Dog Coat", "RC", false)})
	h := checkoutHarness(t, script{
		"quilted dog coat please": intent("add_to_cart", ent("product", "quilted-coat", "quilted dog coat")),
		"M":                       intent("add_to_cart", ent("size", "M", "M")),
		"ok, that one":            intent("affirm"),
	}, "en", nil, shop)
	useShop(h)
	if out := h.say("quilted dog coat please"); lastInput(out) != "size" {
		t.Fatalf("want the size asked: %s", texts(out))
	}
	out := h.say("M")
	if lastInput(out) != "" || !strings.Contains(texts(out), "sold out") {
		t.Fatalf("want the M said sold out and no question: asks %q: %s", lastInput(out), texts(out))
	}
	if m := find(out, "products"); m == nil || len(m.Items) != 1 || m.Items[0].Handle != "rain-coat" {
		t.Fatalf("want the rain coat offered: %s", texts(out))
	}
	out = h.say("ok, that one")
	if got, want := h.cartLines(), map[string]int{"RC-M": 1}; !sameLines(got, want) {
		t.Fatalf("cart = %v, want %v: %s", got, want, texts(out))
	}
}
