package shopify

import (
	"testing"
)

// FuzzDecode feeds webhook bodies of every topic to the parser: it must
// never panic, and a product it accepts must be storable (a handle, a
// title, a SKU and a non-negative price per variant).
func FuzzDecode(f *testing.F) {
	topics := []string{"products/create", "products/update", "products/delete", "inventory_levels/update",
		"fulfillments/create", "orders/fulfilled", "refunds/create", "app/uninstalled"}
	seeds := []string{
		`{"id":788032119674292922,"title":"Example T-Shirt","body_html":"An example","vendor":"Acme","product_type":"Shirts","handle":"example-t-shirt","status":"active","tags":"example, mens, t-shirt","variants":[{"id":642667041472713922,"product_id":788032119674292922,"title":"Small","price":"19.99","sku":"example-shirt-s","position":1,"compare_at_price":"24.99","option1":"Small","option2":null,"option3":null,"inventory_item_id":1,"inventory_quantity":75}],"options":[{"id":1,"product_id":788032119674292922,"name":"Title","position":1,"values":["Small"]}],"images":[]}`,
		`{"id":788032119674292922}`,
		`{"inventory_item_id":271878346596884015,"location_id":24826418,"available":6,"updated_at":"2021-12-31T19:00:00-05:00"}`,
		`{"id":123456,"order_id":820982911946154508,"status":"success","tracking_company":"UPS","tracking_number":"1Z2345","tracking_numbers":["1Z2345"],"tracking_url":"https://ups.com/1Z2345"}`,
		`{"id":820982911946154508,"fulfillments":[{"id":1,"status":"success","tracking_number":"X"}]}`,
		`{"id":929361462,"order_id":820982911946154508,"transactions":[{"kind":"refund","status":"success","amount":"41.94","currency":"USD"}]}`,
		`{"id":1,"title":"x","variants":[{"id":2,"price":"1e400","sku":null}]}`,
	}
	for i, s := range seeds {
		f.Add(topics[i%len(topics)], []byte(s))
	}
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		c, err := decode(topic, body, "EUR")
		if err != nil {
			return
		}
		for _, p := range c.Products {
			if p.Handle == "" || p.Title == "" || p.ExternalID == "" || len(p.Items) != len(p.Variants) {
				t.Fatalf("unstorable product %+v", p)
			}
			for _, v := range p.Variants {
				if v.SKU == "" || v.Price.Currency != "EUR" {
					t.Fatalf("unstorable variant %+v", v)
				}
			}
		}
		for _, l := range c.Stock {
			if l.InventoryItemID == "" {
				t.Fatalf("stock level without item: %+v", l)
			}
		}
	})
}
