// Command catalog writes a synthetic Shopify product CSV of N products (four
// size/colour variants each) for import and search benchmarks.
//
//	go run ./bench/catalog -n 10000 > /tmp/catalog-10k.csv
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand"
	"os"
)

func main() {
	n := flag.Int("n", 10000, "number of products")
	flag.Parse()
	r := rand.New(rand.NewSource(1))
	adj := []string{"Aurora", "Fjord", "Storm", "Trail", "City", "Nordic", "Coastal", "Summit", "Urban", "Arctic", "Breeze", "Granite", "Lotus", "Tulip", "Monsoon", "Kampung"}
	kinds := []string{"Runner", "Jacket", "Hoodie", "Sneaker", "Boot", "Tee", "Legging", "Cap", "Backpack", "Sock"}
	types := []string{"Running Shoes", "Rain Jackets", "Hoodies", "Sneakers", "Hiking Boots", "T-Shirts", "Leggings", "Caps", "Backpacks", "Socks"}
	colors := []string{"Black", "White", "Navy", "Red", "Green", "Grey"}
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU", "Variant Inventory Qty", "Variant Price", "Status"})
	for i := 0; i < *n; i++ {
		k := r.Intn(len(kinds))
		handle := fmt.Sprintf("bench-%d", i)
		title := fmt.Sprintf("%s %s %s %d", adj[r.Intn(len(adj))], adj[r.Intn(len(adj))], kinds[k], i)
		for s := 0; s < 4; s++ {
			row := []string{handle, "", "", "", "", "", "", fmt.Sprint(38 + s), "", colors[(i+s)%len(colors)], fmt.Sprintf("B-%d-%d", i, s), fmt.Sprint(r.Intn(6)), fmt.Sprintf("%d.%02d", 10+r.Intn(190), r.Intn(100)), ""}
			if s == 0 {
				row[1], row[2], row[3], row[4], row[5] = title, "<p>Soft, durable and made to last. Recycled fabric, true to size.</p>", adj[r.Intn(4)]+" Co", types[k], fmt.Sprintf("tag%d, sale", r.Intn(50))
				row[6], row[8], row[13] = "Size", "Color", "active"
			}
			w.Write(row)
		}
	}
	w.Flush()
}
