// Command gen writes the demo shop's Shopify product CSV from the
// hand-written product list in products.go. Run it through go generate in
// internal/demo; the CSV it writes is what the binary embeds.
//
// Everything it derives (SKUs, stock, body text) comes from a hash of the
// product's own data, never from a shared random stream, so adding or editing
// one product leaves every other row of the CSV unchanged.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"unicode"
)

// columns is Shopify's own export order, so the file also imports into Shopify.
var columns = []string{
	"Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
	"Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
	"Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
	"Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
	"Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src", "Image Position",
	"Image Alt Text", "Gift Card", "SEO Title", "SEO Description", "Variant Image", "Variant Weight Unit",
	"Variant Tax Code", "Cost per item", "Status",
}

// kind groups product types by how they are sized.
type kind int

const (
	shoes kind = iota
	clothing
	socks
	accessory // gloves and belts: S–XL
	oneSize
)

type typeInfo struct {
	code  string // SKU segment
	kind  kind
	grams int
	tags  string // tags every product of the type gets
}

var types = map[string]typeInfo{
	"Running Shoes":  {"RS", shoes, 640, "shoes,running shoes"},
	"Sneakers":       {"SN", shoes, 820, "shoes,sneakers"},
	"Hiking Boots":   {"HB", shoes, 1250, "shoes,boots"},
	"Football Boots": {"FB", shoes, 560, "shoes,football boots"},
	"Sandals":        {"SD", shoes, 480, "shoes,sandals"},
	"Rain Jackets":   {"RJ", clothing, 420, "jackets,outerwear"},
	"Down Jackets":   {"DJ", clothing, 650, "jackets,outerwear,puffer"},
	"Fleece Jackets": {"FJ", clothing, 480, "jackets,fleece"},
	"Hoodies":        {"HD", clothing, 560, "hoodie,sweatshirt"},
	"T-Shirts":       {"TS", clothing, 180, "t-shirt,tops"},
	"Polo Shirts":    {"PL", clothing, 240, "polo,tops"},
	"Shirts":         {"SH", clothing, 280, "shirt,tops"},
	"Sweaters":       {"SW", clothing, 520, "sweater,jumper,knitwear"},
	"Jeans":          {"JN", clothing, 650, "jeans,denim,bottoms"},
	"Trousers":       {"TR", clothing, 480, "trousers,pants,bottoms"},
	"Shorts":         {"ST", clothing, 220, "shorts,bottoms"},
	"Leggings":       {"LG", clothing, 230, "leggings,tights,bottoms"},
	"Track Pants":    {"TP", clothing, 380, "track pants,joggers,bottoms"},
	"Dresses":        {"DR", clothing, 340, "dress"},
	"Skirts":         {"SK", clothing, 260, "skirt"},
	"Sports Bras":    {"SB", clothing, 120, "sports bra,activewear"},
	"Swimwear":       {"SM", clothing, 160, "swimwear"},
	"Socks":          {"SO", socks, 80, "socks"},
	"Caps":           {"CP", oneSize, 90, "cap,hat,accessories"},
	"Beanies":        {"BN", oneSize, 90, "beanie,hat,accessories"},
	"Backpacks":      {"BP", oneSize, 900, "backpack,bags"},
	"Gym Bags":       {"GB", oneSize, 700, "bags,gym bag"},
	"Gloves":         {"GL", accessory, 120, "gloves,accessories"},
	"Scarves":        {"SC", oneSize, 200, "scarf,accessories"},
	"Belts":          {"BL", accessory, 180, "belt,accessories"},
}

// colorCodes are the SKU segments of the shop's colour names.
var colorCodes = map[string]string{
	"Black": "BLK", "White": "WHT", "Grey": "GRY", "Navy": "NVY", "Blue": "BLU", "Red": "RED",
	"Green": "GRN", "Yellow": "YEL", "Orange": "ORG", "Pink": "PNK", "Purple": "PUR", "Brown": "BRN",
	"Beige": "BGE", "Off-White": "OWH", "Olive": "OLV", "Burgundy": "BUR", "Khaki": "KHK", "Teal": "TEA",
}

func sizes(k kind, aud string) []string {
	switch k {
	case shoes:
		switch aud {
		case "men":
			return seq(40, 46)
		case "women":
			return seq(36, 42)
		case "kids":
			return seq(36, 39)
		}
		return seq(37, 46)
	case clothing:
		switch aud {
		case "men":
			return []string{"S", "M", "L", "XL", "XXL"}
		case "women":
			return []string{"XS", "S", "M", "L", "XL"}
		case "kids":
			return []string{"XS", "S", "M", "L"}
		}
		return []string{"XS", "S", "M", "L", "XL", "XXL"}
	case socks:
		return []string{"36-38", "39-42", "43-46"}
	case accessory:
		if aud == "kids" {
			return []string{"XS", "S", "M"}
		}
		return []string{"S", "M", "L", "XL"}
	}
	return nil
}

func seq(from, to int) []string {
	var s []string
	for n := from; n <= to; n++ {
		s = append(s, fmt.Sprint(n))
	}
	return s
}

func hash(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

// stock gives a believable quantity: together with the sold-out products
// about one variant in ten is at 0, some are down to their last units, and
// the rest spread over 4–40 with middle sizes better stocked than the
// extremes, as a real shop's would be.
func stock(sku string, edge bool) int {
	h := hash(sku)
	switch r := h % 100; {
	case r < 8:
		return 0
	case r < 14:
		return 1 + int(h/100%3)
	}
	n := 4 + int(h/1000%37)
	if edge {
		n = max(2, n/3)
	}
	return n
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '&':
			dash = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

func imageURL(typ, color string) string {
	return "/demo/images/" + slug(typ) + "-" + slug(color) + ".svg"
}

var fitSentences = map[string][]string{
	"true to size": {"Fits true to size, so order your usual size.", "True to size: take the size you always wear."},
	"runs small":   {"It runs small, so we suggest one size up.", "This one runs a little small; size up if you are between sizes."},
	"runs large":   {"It runs large, so consider one size down.", "Roomy cut that runs large; size down if you are between sizes."},
	"slim fit":     {"A slim, close fit; size up if you like to layer underneath.", "Cut slim and close to the body, true to size for that look."},
	"relaxed fit":  {"A relaxed fit with room to layer; take your usual size.", "Loose and easy through the body, true to size."},
	"regular fit":  {"A regular fit that is true to size.", "Regular fit: not tight, not baggy, true to size."},
	"oversized":    {"Oversized on purpose: take your usual size for the boxy look, or one down for a neater fit.", "A deliberately oversized cut; stay with your normal size."},
}

var shoeTypes = map[string]bool{"Running Shoes": true, "Sneakers": true, "Hiking Boots": true, "Football Boots": true, "Sandals": true}

// care picks instructions from what the product is made of, then its type.
func care(d def) string {
	m := strings.ToLower(d.material)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(m, w) {
				return true
			}
		}
		return false
	}
	switch {
	case shoeTypes[d.typ] && has("leather", "suede", "nubuck"):
		return "Brush off dry dirt and treat the leather with a balm now and then; let wet pairs dry away from the heater."
	case shoeTypes[d.typ]:
		return "Wipe clean with a damp cloth and let them dry at room temperature, never on a radiator."
	case has("silk"):
		return "Dry clean, or hand wash cold with a gentle detergent and dry flat in the shade."
	case has("cashmere"):
		return "Hand wash cold with a wool detergent, roll in a towel and dry flat; store folded."
	case has("leather", "lambskin"):
		return "Wipe with a soft dry cloth and feed the leather with a little balm once a season."
	case has("waxed"):
		return "Sponge clean with cold water and re-wax once a year; never machine wash."
	case has("down"):
		return "Machine wash at 30 °C on a gentle cycle and tumble dry low with two tennis balls to bring back the loft."
	case has("merino", "wool"):
		return "Wash on a cold wool cycle and dry flat; wool airs out well, so it rarely needs washing."
	case d.typ == "Swimwear":
		return "Rinse in cold fresh water after every swim and dry in the shade."
	case d.typ == "Rain Jackets" || has("waterproof", "water-repellent") && d.typ != "Backpacks" && d.typ != "Gym Bags":
		return "Wash at 30 °C with a technical detergent and tumble dry low to refresh the water-repellent finish."
	case has("fleece", "sherpa"):
		return "Wash inside out at 30 °C without fabric softener to keep the fleece soft."
	case has("denim"):
		return "Wash inside out at 30 °C, and not too often, to keep the colour deep."
	case has("linen"):
		return "Machine wash at 30 °C and hang to dry; linen gets softer with every wash."
	case d.typ == "Backpacks" || d.typ == "Gym Bags" || d.typ == "Caps" || d.typ == "Belts":
		return "Spot clean with a soft brush and mild soap; do not machine wash."
	}
	if hash(d.name, "care")%2 == 0 {
		return "Machine wash at 30 °C with similar colours and hang to dry."
	}
	return "Machine wash at 40 °C inside out; do not tumble dry."
}

func body(d def) string {
	h := hash(d.name, "body")
	material := "Made from " + d.material + "."
	if h%3 == 1 {
		material = "It is made from " + d.material + "."
	}
	second := care(d)
	if d.fit != "" {
		opts := fitSentences[d.fit]
		fit := opts[int(h/3)%len(opts)]
		if szs := sizes(types[d.typ].kind, d.aud); d.aud == "kids" && !shoeTypes[d.typ] && len(szs) > 0 {
			// Parents think in ages, not letters; one sentence keeps the
			// body within four.
			fit = strings.TrimSuffix(fit, ".") + "; sizes " + szs[0] + " to " + szs[len(szs)-1] + " fit ages 4 to 12."
		}
		second = fit + " " + second
	}
	return "<p>" + d.pitch + " " + material + "</p>\n<p>" + second + "</p>"
}

func tags(d def, ti typeInfo) string {
	seen := map[string]bool{}
	var out []string
	add := func(list string) {
		for t := range strings.SplitSeq(list, ",") {
			t = strings.TrimSpace(t)
			if t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	add(d.aud)
	add(ti.tags)
	add(d.tags)
	if d.was != "" {
		add("sale")
	}
	return strings.Join(out, ", ")
}

func main() {
	out := flag.String("o", "shop.csv", "file to write")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := write(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func write(w io.Writer) error {
	cw := csv.NewWriter(w)
	idx := map[string]int{}
	for i, c := range columns {
		idx[c] = i
	}
	if err := cw.Write(columns); err != nil {
		return err
	}
	handles := map[string]bool{}
	skus := map[string]bool{}
	keys := map[string]bool{} // type code + name key, to keep SKUs short yet unique
	found := map[string]bool{}
	for _, d := range products {
		ti, ok := types[d.typ]
		if !ok {
			return fmt.Errorf("%s: unknown type %q", d.name, d.typ)
		}
		handle := slug(d.name)
		if handles[handle] {
			return fmt.Errorf("%s: duplicate handle %s", d.name, handle)
		}
		handles[handle] = true
		found[d.name] = true

		words := strings.Fields(strings.ToUpper(d.name))
		key := strings.Map(keepAlnum, words[0])
		for i := 1; keys[ti.code+key] && i < len(words); i++ {
			key += strings.Map(keepAlnum, words[i])
		}
		keys[ti.code+key] = true

		colors := strings.Split(d.colors, ",")
		var images []string
		for _, c := range colors {
			if colorCodes[c] == "" {
				return fmt.Errorf("%s: unknown colour %q", d.name, c)
			}
			images = append(images, imageURL(d.typ, c))
		}
		szs := sizes(ti.kind, d.aud)
		type variant struct{ size, color string }
		var vs []variant
		for _, c := range colors {
			if len(szs) == 0 {
				vs = append(vs, variant{"", c})
			}
			for _, s := range szs {
				vs = append(vs, variant{s, c})
			}
		}
		var opt1, opt2 string
		switch {
		case len(szs) > 0:
			opt1, opt2 = "Size", "Color"
		case len(colors) > 1:
			opt1 = "Color"
		default:
			opt1 = "Title" // Shopify's marker for a product without options
		}

		anyInStock := false
		var recs [][]string
		for i, v := range vs {
			rec := make([]string, len(columns))
			set := func(col, val string) { rec[idx[col]] = val }
			set("Handle", handle)
			if i == 0 {
				set("Title", d.name)
				set("Body (HTML)", body(d))
				set("Vendor", d.brand)
				set("Type", d.typ)
				set("Tags", tags(d, ti))
				set("Published", "TRUE")
				set("Status", "active")
				set("Gift Card", "FALSE")
				set("SEO Title", d.name+" | "+d.brand)
				set("SEO Description", d.pitch)
				set("Option1 Name", opt1)
				set("Option2 Name", opt2)
			}
			sku := "NK-" + ti.code + "-" + key
			switch opt1 {
			case "Size":
				set("Option1 Value", v.size)
				set("Option2 Value", v.color)
				sku += "-" + strings.ReplaceAll(v.size, "-", "") + "-" + colorCodes[v.color]
			case "Color":
				set("Option1 Value", v.color)
				sku += "-" + colorCodes[v.color]
			default:
				set("Option1 Value", "Default Title")
			}
			if skus[sku] {
				return fmt.Errorf("%s: duplicate SKU %s", d.name, sku)
			}
			skus[sku] = true
			qty := 0
			if !soldOut[d.name] {
				edge := len(szs) > 2 && (v.size == szs[0] || v.size == szs[len(szs)-1])
				qty = stock(sku, edge)
			}
			anyInStock = anyInStock || qty > 0
			set("Variant SKU", sku)
			set("Variant Grams", fmt.Sprint(ti.grams))
			set("Variant Inventory Tracker", "shopify")
			set("Variant Inventory Qty", fmt.Sprint(qty))
			set("Variant Inventory Policy", "deny")
			set("Variant Fulfillment Service", "manual")
			set("Variant Price", d.price)
			set("Variant Compare At Price", d.was)
			set("Variant Requires Shipping", "TRUE")
			set("Variant Taxable", "TRUE")
			set("Variant Image", imageURL(d.typ, v.color))
			set("Variant Weight Unit", "kg")
			recs = append(recs, rec)
		}
		if !anyInStock && !soldOut[d.name] {
			// A product that the hash happened to empty would read as a
			// deliberate sell-out; keep those to the soldOut list.
			recs[len(recs)/2][idx["Variant Inventory Qty"]] = "7"
		}
		for i, img := range images {
			if i >= len(recs) {
				rec := make([]string, len(columns))
				rec[idx["Handle"]] = handle
				recs = append(recs, rec)
			}
			recs[i][idx["Image Src"]] = img
			recs[i][idx["Image Position"]] = fmt.Sprint(i + 1)
			recs[i][idx["Image Alt Text"]] = d.name + " in " + colors[i]
		}
		if err := cw.WriteAll(recs); err != nil {
			return err
		}
	}
	for name := range soldOut {
		if !found[name] {
			return fmt.Errorf("soldOut names %q, which is not a product", name)
		}
	}
	cw.Flush()
	return cw.Error()
}

func keepAlnum(r rune) rune {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return -1
}
