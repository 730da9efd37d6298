package demo

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// productTypes are the types the demo catalogue promises to cover; the NLU
// and discovery tests lean on them.
var productTypes = []string{
	"Running Shoes", "Sneakers", "Hiking Boots", "Football Boots", "Sandals", "Rain Jackets",
	"Down Jackets", "Fleece Jackets", "Hoodies", "T-Shirts", "Polo Shirts", "Shirts", "Sweaters",
	"Jeans", "Trousers", "Shorts", "Leggings", "Track Pants", "Dresses", "Skirts", "Sports Bras",
	"Swimwear", "Socks", "Caps", "Beanies", "Backpacks", "Gym Bags", "Gloves", "Scarves", "Belts",
}

var colorNames = []string{
	"Black", "White", "Grey", "Navy", "Blue", "Red", "Green", "Yellow", "Orange", "Pink", "Purple",
	"Brown", "Beige", "Off-White", "Olive", "Burgundy", "Khaki", "Teal",
}

// demoProduct is a product as read straight from the CSV, independent of
// the catalogue package's parser.
type demoProduct struct {
	handle, title, body, vendor, typ, tags string
	options                                []string
	variants                               []demoVariant
	images                                 []string
}

type demoVariant struct {
	sku, price, compareAt, image string
	values                       []string
	qty                          int
}

func readDemoCSV(t *testing.T) []*demoProduct {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(CatalogCSV())).ReadAll()
	if err != nil {
		t.Fatalf("read shop.csv: %v", err)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	for _, name := range []string{"Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Status",
		"Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU",
		"Variant Inventory Qty", "Variant Price", "Variant Compare At Price", "Image Src", "Image Position"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("shop.csv has no %q column", name)
		}
	}
	var ps []*demoProduct
	byHandle := map[string]*demoProduct{}
	for line, rec := range recs[1:] {
		get := func(name string) string { return rec[col[name]] }
		p := byHandle[get("Handle")]
		if p == nil {
			if get("Title") == "" {
				t.Fatalf("record %d starts product %q without a Title", line+2, get("Handle"))
			}
			p = &demoProduct{handle: get("Handle"), title: get("Title"), body: get("Body (HTML)"),
				vendor: get("Vendor"), typ: get("Type"), tags: get("Tags")}
			for _, n := range []string{"Option1 Name", "Option2 Name"} {
				if v := get(n); v != "" {
					p.options = append(p.options, v)
				}
			}
			byHandle[p.handle] = p
			ps = append(ps, p)
		}
		if src := get("Image Src"); src != "" {
			p.images = append(p.images, src)
		}
		if get("Variant SKU") == "" {
			continue
		}
		qty, err := strconv.Atoi(get("Variant Inventory Qty"))
		if err != nil {
			t.Fatalf("record %d: stock %q: %v", line+2, get("Variant Inventory Qty"), err)
		}
		v := demoVariant{sku: get("Variant SKU"), price: get("Variant Price"),
			compareAt: get("Variant Compare At Price"), qty: qty}
		if col, ok := col["Variant Image"]; ok {
			v.image = rec[col]
		}
		for _, n := range []string{"Option1 Value", "Option2 Value"} {
			if val := get(n); val != "" {
				v.values = append(v.values, val)
			}
		}
		p.variants = append(p.variants, v)
	}
	return ps
}

func TestCatalogCSV_HasEnoughProductsOfEveryType(t *testing.T) {
	ps := readDemoCSV(t)
	if len(ps) < 150 {
		t.Errorf("got %d products, want at least 150", len(ps))
	}
	perType := map[string]int{}
	vendors := map[string]bool{}
	for _, p := range ps {
		perType[p.typ]++
		vendors[p.vendor] = true
		if !slices.Contains(productTypes, p.typ) {
			t.Errorf("%s: type %q is not one of the demo types", p.handle, p.typ)
		}
	}
	for _, typ := range productTypes {
		if perType[typ] < 3 {
			t.Errorf("type %q has %d products, want at least 3", typ, perType[typ])
		}
	}
	if len(vendors) < 8 || len(vendors) > 12 {
		t.Errorf("got %d vendors, want 8 to 12", len(vendors))
	}
}

func TestCatalogCSV_StockLooksLikeARealShop(t *testing.T) {
	var variants, soldOut, lastFew, fullySoldOut, onSale int
	for _, p := range readDemoCSV(t) {
		inStock := false
		for _, v := range p.variants {
			variants++
			switch {
			case v.qty < 0:
				t.Errorf("%s: negative stock %d", v.sku, v.qty)
			case v.qty == 0:
				soldOut++
			case v.qty <= 3:
				lastFew++
			}
			inStock = inStock || v.qty > 0
		}
		if !inStock {
			fullySoldOut++
		}
		if p.variants[0].compareAt != "" {
			onSale++
		}
	}
	share := float64(soldOut) / float64(variants)
	if share < 0.05 || share > 0.2 {
		t.Errorf("%d of %d variants sold out (%.0f%%), want about 10%%", soldOut, variants, share*100)
	}
	if lastFew == 0 {
		t.Error("no variant is down to its last 1–3 units")
	}
	if fullySoldOut < 2 {
		t.Errorf("%d products sold out in every variant, want a few", fullySoldOut)
	}
	if onSale < 10 {
		t.Errorf("%d products on sale, want at least 10", onSale)
	}
}

func TestCatalogCSV_VariantsAreWellFormed(t *testing.T) {
	skuRE := regexp.MustCompile(`^NK-[A-Z]{2}-[A-Z0-9]+(-[0-9A-Z]+)*$`)
	priceRE := regexp.MustCompile(`^[1-9][0-9]*\.[0-9]{2}$`)
	clothing := []string{"XS", "S", "M", "L", "XL", "XXL"}
	skus := map[string]string{}
	handles := map[string]bool{}
	for _, p := range readDemoCSV(t) {
		if handles[p.handle] {
			t.Errorf("duplicate handle %q", p.handle)
		}
		handles[p.handle] = true
		shoes := strings.Contains(p.tags, "shoes")
		for _, v := range p.variants {
			if prev, dup := skus[v.sku]; dup {
				t.Errorf("SKU %s used by %s and %s", v.sku, prev, p.handle)
			}
			skus[v.sku] = p.handle
			if !skuRE.MatchString(v.sku) {
				t.Errorf("%s: SKU %q is not of the form NK-XX-NAME-…", p.handle, v.sku)
			}
			if !priceRE.MatchString(v.price) {
				t.Errorf("%s: price %q is not a EUR amount like 19.95", v.sku, v.price)
			}
			if v.compareAt != "" {
				was, _ := strconv.ParseFloat(v.compareAt, 64)
				now, _ := strconv.ParseFloat(v.price, 64)
				if was <= now {
					t.Errorf("%s: compare-at %s is not above the price %s", v.sku, v.compareAt, v.price)
				}
			}
			for i, name := range p.options {
				val := v.values[i]
				switch {
				case name == "Color" && !slices.Contains(colorNames, val):
					t.Errorf("%s: colour %q is not a plain colour name", v.sku, val)
				case name == "Size" && shoes:
					if n, err := strconv.Atoi(val); err != nil || n < 36 || n > 46 {
						t.Errorf("%s: shoe size %q is not an EU size 36–46", v.sku, val)
					}
				case name == "Size" && p.typ != "Socks" && !slices.Contains(clothing, val):
					t.Errorf("%s: size %q is not XS–XXL", v.sku, val)
				}
			}
		}
		if len(p.variants) == 0 {
			t.Errorf("%s has no variants", p.handle)
		}
		if shoes && (len(p.options) != 2 || p.options[0] != "Size" || p.options[1] != "Color") {
			t.Errorf("%s: shoe options %v, want Size and Color", p.handle, p.options)
		}
	}
}

func TestCatalogCSV_DescriptionsSayMaterialFitAndCare(t *testing.T) {
	sentenceEnd := regexp.MustCompile(`[.!?](\s|<|$)`)
	for _, p := range readDemoCSV(t) {
		n := len(sentenceEnd.FindAllString(p.body, -1))
		if n < 2 || n > 4 {
			t.Errorf("%s: body has %d sentences, want 2–4: %s", p.handle, n, p.body)
		}
		if !strings.Contains(p.body, "made from") && !strings.Contains(p.body, "Made from") {
			t.Errorf("%s: body does not say what it is made from", p.handle)
		}
	}
}

func TestCatalogCSV_ImagesAreServed(t *testing.T) {
	srv := httptest.NewServer(http.StripPrefix("/demo/images/", Images()))
	defer srv.Close()
	seen := map[string]bool{}
	for _, p := range readDemoCSV(t) {
		if len(p.images) == 0 {
			t.Errorf("%s has no image", p.handle)
		}
		srcs := slices.Clone(p.images)
		for _, v := range p.variants {
			if v.image != "" {
				srcs = append(srcs, v.image)
			}
		}
		for _, src := range srcs {
			if seen[src] {
				continue
			}
			seen[src] = true
			if !strings.HasPrefix(src, "/demo/images/") || !strings.HasSuffix(src, ".svg") {
				t.Errorf("%s: image %q is not a /demo/images/*.svg URL", p.handle, src)
				continue
			}
			resp, err := http.Get(srv.URL + src)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: GET %s answered %d", p.handle, src, resp.StatusCode)
			}
		}
	}
}

func TestCatalogCSV_ImportsWithoutErrors(t *testing.T) {
	ps, errs, err := catalog.ParseShopifyCSV(bytes.NewReader(CatalogCSV()), Currency)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("line %d: %s", e.Line, e.Message)
	}
	raw := readDemoCSV(t)
	if len(ps) != len(raw) {
		t.Fatalf("parser read %d products, the file has %d", len(ps), len(raw))
	}
	for i, p := range ps {
		if len(p.Variants) != len(raw[i].variants) {
			t.Errorf("%s: parser read %d variants, the file has %d", p.Handle, len(p.Variants), len(raw[i].variants))
		}
		if p.Status != catalog.StatusActive {
			t.Errorf("%s: status %q, want active", p.Handle, p.Status)
		}
		if got := p.MinPrice().Currency; got != Currency {
			t.Errorf("%s: price currency %q, want %q", p.Handle, got, Currency)
		}
	}
}

func TestCatalogCSV_ReturnsACopy(t *testing.T) {
	a := CatalogCSV()
	a[0] = 'X'
	if b := CatalogCSV(); b[0] == 'X' {
		t.Error("changing one result of CatalogCSV changed the next")
	}
}
