package dialog_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// "I want the pH-neutral hand soap, 1 litre", read by the classifier as a
// question about the product, is a wish to buy the one product that fits:
// it goes into the cart in the size said, rather than a list to choose
// from again. A wish that fits two products as well, or a question, stays
// a search and buys nothing.
func TestAddToCart_AWishForOneProductIsBoughtNotListed(t *testing.T) {
	soap := func(handle, title, sku string) catalog.Product {
		return catalog.Product{Handle: handle, Title: title, Type: "Hand Soap", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: sku + "-500", Options: map[string]string{"Size": "500ml"}, Price: eur("4.95"), Stock: 9},
				{SKU: sku + "-1L", Options: map[string]string{"Size": "1L"}, Price: eur("7.95"), Stock: 9},
			}}
	}
	products := []catalog.Product{
		soap("fennel-ph-soap", "Fennel pH-Neutral Hand Soap", "FPH"),
		soap("fennel-lav-soap", "Fennel Lavender Hand Soap", "FLV"),
		{Handle: "quay-mat", Title: "Quay Door Mat", Type: "Door Mats", Status: "active",
			Variants: []catalog.Variant{{SKU: "QM-1", Price: eur("19.00"), Stock: 5}}},
		{Handle: "pier-mat", Title: "Pier Door Mat", Type: "Door Mats", Status: "active",
			Variants: []catalog.Variant{{SKU: "PM-1", Price: eur("21.00"), Stock: 5}}},
	}
	unsure := func(name string) nlu.Result {
		r := intent(name)
		r.Intent.Confidence = 0.43
		return r
	}
	tests := []struct {
		name, text string
		res        nlu.Result
		want       map[string]int
	}{
		{"a wish read as a product question, one product and size fit", "I want the pH-neutral hand soap, 1 litre", unsure("product_info"), map[string]int{"FPH-1L": 1}},
		{"a wish read as a search, in Dutch", "ik wil de ph-neutral hand soap 1L", unsure("product_search"), map[string]int{"FPH-1L": 1}},
		{"a wish that fits two products as well stays a search", "I want a door mat", unsure("product_search"), map[string]int{}},
		{"a wish with the size still open stays a search", "I want the pH-neutral hand soap", unsure("product_info"), map[string]int{}},
		{"a question is no wish", "I'd like the pH-neutral hand soap, is it 1 litre?", unsure("product_info"), map[string]int{}},
		{"a wish to see is no wish to buy", "I want to see the pH-neutral hand soap", unsure("product_search"), map[string]int{}},
		{"buy one, in Chinese, read as a search", "买个quay door mat", unsure("product_search"), map[string]int{"QM-1": 1}},
		{"one of, in Chinese, read as a search", "来一个pier door mat", unsure("product_search"), map[string]int{"PM-1": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shop, useShop := shopWith(t, products)
			h := checkoutHarness(t, script{tt.text: tt.res}, "en", nil, shop)
			useShop(h)
			out := h.say(tt.text)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Errorf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
			if ask := lastInput(out); ask != "" {
				t.Errorf("the reply asks %q, want the add or the list: %s", ask, texts(out))
			}
		})
	}
}
