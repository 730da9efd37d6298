package woocommerce

import "testing"

// FuzzProduct feeds product payloads (as webhooks and the REST API send
// them) to the parser: never a panic, and an accepted product is storable.
func FuzzProduct(f *testing.F) {
	for _, s := range []string{
		`{"id":794,"name":"Premium Quality","slug":"premium-quality-19","type":"simple","status":"publish","description":"<p>x</p>","sku":"","price":"21.99","regular_price":"21.99","sale_price":"","manage_stock":false,"stock_quantity":null,"stock_status":"instock","categories":[{"id":9,"name":"Clothing","slug":"clothing"}],"tags":[],"images":[{"id":792,"src":"https://example.com/T_2_front-4.jpg"}],"attributes":[],"variations":[]}`,
		`{"id":799,"name":"Ship Your Idea","slug":"ship-your-idea-22","type":"variable","status":"publish","price":"","attributes":[{"id":6,"name":"Color","position":0,"visible":false,"variation":true,"options":["Black","Green"]}],"variations":[732,733]}`,
		`{"id":1,"name":"x","price":"-3","manage_stock":true,"stock_quantity":-2}`,
		`{"id":0}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParseProduct(body)
		if err != nil {
			return
		}
		p.VariationDetails = nil // read from the API, not the payload
		mp, err := p.model("EUR")
		if err != nil {
			return
		}
		if mp.Handle == "" || mp.Title == "" || mp.ExternalID == "" || len(mp.Items) != len(mp.Variants) {
			t.Fatalf("unstorable product %+v", mp)
		}
		for _, v := range mp.Variants {
			if v.SKU == "" {
				t.Fatalf("variant without SKU: %+v", v)
			}
		}
	})
}
