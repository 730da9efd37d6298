package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

func parseString(t *testing.T, s string) ([]Product, []LineError) {
	t.Helper()
	ps, errs, err := ParseShopifyCSV(strings.NewReader(s), "EUR")
	if err != nil {
		t.Fatalf("ParseShopifyCSV: %v", err)
	}
	return ps, errs
}

func parseFile(t *testing.T, name string) ([]Product, []LineError) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return parseString(t, string(b))
}

func handles(ps []Product) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Handle)
	}
	return out
}

func errLines(errs []LineError) []int {
	out := []int{}
	for _, e := range errs {
		out = append(out, e.Line)
	}
	return out
}

func byHandle(t *testing.T, ps []Product, h string) Product {
	t.Helper()
	for _, p := range ps {
		if p.Handle == h {
			return p
		}
	}
	t.Fatalf("no product %q among %v", h, handles(ps))
	return Product{}
}

// shopify_40.csv holds 40 products with 204 variants: 8 products without
// options (Default Title), 19 with one option, 13 with two; 38 active, 1
// draft, 1 archived; 3 products without Variant SKUs.
func TestParseShopifyCSV_ReadsTheWholeExport(t *testing.T) {
	ps, errs := parseFile(t, "shopify_40.csv")
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	variants, byOptions, statuses := 0, map[int]int{}, map[string]int{}
	for _, p := range ps {
		variants += len(p.Variants)
		byOptions[len(p.Options)]++
		statuses[p.Status]++
	}
	if len(ps) != 40 || variants != 204 {
		t.Fatalf("got %d products, %d variants; want 40, 204", len(ps), variants)
	}
	if !reflect.DeepEqual(byOptions, map[int]int{0: 8, 1: 19, 2: 13}) {
		t.Errorf("products by option count = %v", byOptions)
	}
	if !reflect.DeepEqual(statuses, map[string]int{StatusActive: 38, StatusDraft: 1, StatusArchived: 1}) {
		t.Errorf("statuses = %v", statuses)
	}

	jacket := byHandle(t, ps, "aurora-rain-jacket")
	if jacket.Line != 2 || jacket.Title != "Aurora Rain Jacket" || jacket.Vendor != "Noordkaap" || jacket.Type != "Rain Jackets" {
		t.Errorf("jacket = %+v", jacket)
	}
	if !strings.Contains(jacket.BodyHTML, "\n<ul>") || !strings.Contains(jacket.BodyHTML, `a "helmet-ready" hood`) {
		t.Errorf("body lost its lines or quotes: %q", jacket.BodyHTML)
	}
	if !slices.Equal(jacket.Tags, []string{"waterproof", "hiking", "women"}) || !slices.Equal(jacket.Options, []string{"Size", "Color"}) {
		t.Errorf("tags %q options %q", jacket.Tags, jacket.Options)
	}
	if len(jacket.Images) != 3 || !strings.HasSuffix(jacket.Images[0], "aurora-rain-jacket-1.jpg") || !strings.HasSuffix(jacket.Images[2], "-3.jpg") {
		t.Errorf("images = %q", jacket.Images)
	}
	v := jacket.Variants[1]
	if v.SKU != "AUR-RJ-S-MOSS" || v.Position != 2 || v.Options["Size"] != "S" || v.Options["Color"] != "Moss" ||
		v.Price != money.MustParse("149.00", "EUR") || v.CompareAtPrice == nil || v.CompareAtPrice.Decimal() != "179.00" {
		t.Errorf("second variant = %+v", v)
	}

	// One variant row plus image-only rows: the images count, the rows do not.
	hat := byHandle(t, ps, "blabaer-lue")
	if len(hat.Variants) != 1 || len(hat.Options) != 0 || len(hat.Variants[0].Options) != 0 || len(hat.Images) != 2 || hat.Title != "Blåbær Lue" {
		t.Errorf("Default Title product = %+v", hat)
	}
	hoodie := byHandle(t, ps, "summit-fleece-hoodie")
	if got := hoodie.Variants[0].SKU; got != "summit-fleece-hoodie-xs-grey" {
		t.Errorf("derived SKU = %q", got)
	}
	if got := byHandle(t, ps, "camp-mug").Variants[0].SKU; got != "camp-mug" {
		t.Errorf("derived SKU without options = %q", got)
	}
}

func TestParseShopifyCSV_ReportsEachRule(t *testing.T) {
	const head = "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price\n"
	const ok = "ok-tee,OK Tee,Size,M,,,OK-M,1,10.00\n" // a good product that must survive its neighbours
	tests := []struct {
		name     string
		csv      string
		products []string
		lines    []int
		message  string
	}{
		{"missing handle", head + ok + ",Lost Cap,,,,,LC-1,1,5.00\n", []string{"ok-tee"}, []int{3}, "missing Handle"},
		{"missing handle on a continuation row leaves out the product above", head + ok + ",,Size,L,,,OK-L,1,10.00\n", []string{}, []int{3}, "missing Handle"},
		{"missing title on the first row", head + "no-title,,Size,M,,,NT-M,1,10.00\n" + ok, []string{"ok-tee"}, []int{2}, "missing Title"},
		{"negative stock", head + ok + "neg,Neg Tee,Size,M,,,N-M,1,10.00\nneg,,,L,,,N-L,-2,10.00\n", []string{"ok-tee"}, []int{4}, `Variant Inventory Qty "-2" is negative`},
		{"non-numeric stock", head + ok + "nan,Nan Tee,Size,M,,,N-M,lots,10.00\n", []string{"ok-tee"}, []int{3}, `Variant Inventory Qty "lots" is not a whole number`},
		{"fractional stock", head + ok + "half,Half Tee,Size,M,,,H-M,1.5,10.00\n", []string{"ok-tee"}, []int{3}, "not a whole number"},
		{"bad price", head + ok + "bad,Bad Tee,Size,M,,,B-M,1,ten\n", []string{"ok-tee"}, []int{3}, `Variant Price "ten" is not a price`},
		{"price with thousands separator", head + ok + "big,Big Tent,Size,M,,,B-M,1,\"1,299.00\"\n", []string{"ok-tee"}, []int{3}, "is not a price"},
		{"negative price", head + ok + "neg,Neg Tee,Size,M,,,N-M,1,-1.00\n", []string{"ok-tee"}, []int{3}, `Variant Price "-1.00" is negative`},
		{"missing price", head + ok + "free,Free Tee,Size,M,,,F-M,1,\n", []string{"ok-tee"}, []int{3}, "missing Variant Price"},
		{"too many fraction digits", head + ok + "sub,Sub Tee,Size,M,,,S-M,1,9.999\n", []string{"ok-tee"}, []int{3}, "more decimal places than EUR allows"},
		{"duplicate SKU within a product", head + ok + "dup,Dup Tee,Size,M,,,D-1,1,10.00\ndup,,,L,,,D-1,1,10.00\n", []string{"ok-tee"}, []int{4}, `duplicate Variant SKU "D-1": already used on line 3`},
		{"duplicate SKU across products", head + ok + "dup,Dup Tee,Size,M,,,OK-M,1,10.00\n", []string{"ok-tee"}, []int{3}, `duplicate Variant SKU "OK-M": already used on line 2`},
		{"duplicate option combination", head + ok + "dup,Dup Tee,Size,M,Color,Red,D-1,1,10.00\ndup,,,m,,red,D-2,1,10.00\n", []string{"ok-tee"}, []int{4}, `duplicate variant: Size "m" / Color "red" is already on line 3`},
		{"two variants without options", head + ok + "two,Two Caps,,,,,T-1,1,10.00\ntwo,,,,,,T-2,1,10.00\n", []string{"ok-tee"}, []int{4}, "second variant of a product without options"},
		{"option values without option names", head + ok + "bare,Bare Tee,,M,,,B-M,1,10.00\n", []string{"ok-tee"}, []int{3}, `Option1 Value is "M" but the product has no option names`},
		{"option value beyond the option names", head + ok + "one,One Tee,Size,M,,Red,O-M,1,10.00\n", []string{"ok-tee"}, []int{3}, `Option2 Value is "Red" but the product has only 1 option`},
		{"missing option value", head + ok + "gap,Gap Tee,Size,M,Color,Red,G-1,1,10.00\ngap,,,,,Blue,G-2,1,10.00\n", []string{"ok-tee"}, []int{4}, `missing Option1 Value for option "Size"`},
		{"option renamed on a later row", head + ok + "ren,Ren Tee,Size,M,,,R-M,1,10.00\nren,,Colour,L,,,R-L,1,10.00\n", []string{"ok-tee"}, []int{4}, `names it "Size"`},
		{"option name used twice", head + ok + "twice,Twice Tee,Size,M,size,L,T-1,1,10.00\n", []string{"ok-tee"}, []int{3}, `option name "size" is used twice`},
		{"second option name without the first", head + ok + "hole,Hole Tee,,,Color,Red,H-1,1,10.00\n", []string{"ok-tee"}, []int{3, 3}, "Option2 Name is \"Color\" but Option1 Name is empty"},
		{"handle with a space", head + ok + "bad handle,Bad,Size,M,,,BH-1,1,10.00\n", []string{"ok-tee"}, []int{3}, "must not contain spaces"},
		{"too many values on a line", head + ok + "wide,Wide,Size,M,,,W-1,1,10,00\n", []string{"ok-tee"}, []int{3}, "the line has 10 values but the header has 9 columns"},
		{"product without a variant row", "Handle,Title,Image Src\nbare,Bare,https://x.test/a.jpg\nok,OK,\n", []string{}, []int{2, 3}, "no variants"},
		{"not UTF-8", head + ok + "latin,Caf\xe9 Tee,Size,M,,,L-M,1,10.00\n", []string{"ok-tee"}, []int{3}, "not valid UTF-8"},
		{"no Handle column", "Title,Variant Price\nTee,10.00\n", []string{}, []int{1}, `no "Handle" column`},
		{"empty file", "", []string{}, []int{1}, "the file is empty"},
		{"unterminated quote", head + ok + "br,\"Broken Tee,Size,M,,,B-M,1,10.00\n", []string{"ok-tee"}, []int{3}, "a quoted value is not closed properly (noticed at line 3"},
		{"bare quote", head + ok + "br,Broken \"Tee\",Size,M,,,B-M,1,10.00\n", []string{"ok-tee"}, []int{3}, "a quote in the middle of an unquoted value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, errs := parseString(t, tt.csv)
			if got := handles(ps); !slices.Equal(got, tt.products) {
				t.Errorf("products = %v; want %v", got, tt.products)
			}
			if got := errLines(errs); !slices.Equal(got, tt.lines) {
				t.Errorf("error lines = %v; want %v (%v)", got, tt.lines, errs)
			}
			if len(errs) == 0 || !strings.Contains(errs[0].Message, tt.message) {
				t.Errorf("errors = %v; want one saying %q", errs, tt.message)
			}
		})
	}
}

func TestParseShopifyCSV_RejectsMoreThanThreeOptions(t *testing.T) {
	ps, errs := parseFile(t, "too_many_options.csv")
	if !slices.Equal(handles(ps), []string{"headlamp"}) || !slices.Equal(errLines(errs), []int{2}) ||
		!strings.Contains(errs[0].Message, `Option4 Name is "Pole" but a product can have at most 3 options`) {
		t.Errorf("products %v, errors %v", handles(ps), errs)
	}
}

func TestParseShopifyCSV_BrokenFilesKeepTheGoodProducts(t *testing.T) {
	tests := []struct {
		file     string
		products []string
		lines    []int
		message  string
	}{
		{"broken_quote.csv", []string{"harbour-beanie", "storm-rain-hat"}, []int{6}, "not valid CSV from here on"},
		{"negative_stock.csv", []string{"camp-mug"}, []int{3}, `product "trail-sock": Variant Inventory Qty "-3" is negative`},
		{"duplicate_sku.csv", []string{"rain-cap"}, []int{5}, `duplicate Variant SKU "CAP-1": already used on line 2`},
		{"bad_price.csv", []string{}, []int{3, 4, 5}, `Variant Price "59.999" has more decimal places than EUR allows`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ps, errs := parseFile(t, tt.file)
			if got := handles(ps); !slices.Equal(got, tt.products) {
				t.Errorf("products = %v; want %v", got, tt.products)
			}
			if got := errLines(errs); !slices.Equal(got, tt.lines) {
				t.Errorf("error lines = %v; want %v (%v)", got, tt.lines, errs)
			}
			if len(errs) == 0 || !strings.Contains(errs[0].Message, tt.message) {
				t.Errorf("errors = %v; want one saying %q", errs, tt.message)
			}
		})
	}
}

func TestParseShopifyCSV_BrokenRecordOfTheOpenProductLeavesItOut(t *testing.T) {
	in := "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n" +
		"done,Done,Size,M,D-M,10.00\n" +
		"open,Open,Size,M,O-M,10.00\n" +
		"open,\"unterminated,,L,O-L,10.00\n"
	ps, errs := parseString(t, in)
	if !slices.Equal(handles(ps), []string{"done"}) || !slices.Equal(errLines(errs), []int{3, 4}) ||
		!strings.Contains(errs[0].Message, "file breaks at line 4") {
		t.Errorf("products %v, errors %v", handles(ps), errs)
	}
}

func TestParseShopifyCSV_ReadsColumnsByNameWithBOMAndCRLF(t *testing.T) {
	ps, errs := parseFile(t, "excel_bom_crlf.csv")
	if len(errs) != 0 || len(ps) != 1 {
		t.Fatalf("products %v, errors %v", handles(ps), errs)
	}
	p := ps[0]
	if p.Handle != "bamboo-tee" || p.Title != "Bamboo Tee" || len(p.Variants) != 2 || p.Status != StatusActive {
		t.Fatalf("product = %+v", p)
	}
	if v := p.Variants[1]; v.Stock != 0 || v.Options["Size"] != "L" || v.Price.Decimal() != "12.50" || v.SKU != "bamboo-tee-l" || v.Position != 2 {
		t.Errorf("second variant = %+v", v)
	}
}

func TestParseShopifyCSV_ReadsThe2024TemplateNames(t *testing.T) {
	in := "URL handle,Title,Description,Published on online store,Option1 name,Option1 value,SKU,Price,Compare-at price,Inventory quantity,Product image URL,Variant image URL\n" +
		"sun-hat,Sun Hat,<p>Wide brim.</p>,FALSE,Size,M,SH-M,25.00,30.00,6,https://x.test/h.jpg,https://x.test/m.jpg\n"
	ps, errs := parseString(t, in)
	if len(errs) != 0 || len(ps) != 1 {
		t.Fatalf("products %v, errors %v", handles(ps), errs)
	}
	p, v := ps[0], ps[0].Variants[0]
	if p.Handle != "sun-hat" || p.BodyHTML != "<p>Wide brim.</p>" || p.Status != StatusDraft || !slices.Equal(p.Images, []string{"https://x.test/h.jpg"}) ||
		v.SKU != "SH-M" || v.Price.Amount != 2500 || v.CompareAtPrice == nil || v.Stock != 6 || v.Options["Size"] != "M" || v.Image != "https://x.test/m.jpg" {
		t.Errorf("product = %+v", p)
	}
}

func TestParseShopifyCSV_LineNumbersArePhysical(t *testing.T) {
	in := "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price\n" +
		"long,Long,\"<p>one,\n\"\"two\"\"\n\nthree</p>\",Size,M,L-M,1,10.00\n" + // lines 2–5
		"long,,,,L,L-L,x,10.00\n" // line 6
	ps, errs := parseString(t, in)
	if len(ps) != 0 || !slices.Equal(errLines(errs), []int{6}) {
		t.Errorf("products %v, errors %v", handles(ps), errs)
	}
}

func TestParseShopifyCSV_ImageOnlyRowsAddImagesNotVariants(t *testing.T) {
	in := "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Image Position,Image Alt Text\n" +
		"cap,Cap,Title,Default Title,C-1,10.00,https://x.test/2.jpg,2,side\n" +
		"cap,,,,,,https://x.test/3.jpg,,back\n" +
		"cap,,,,,,https://x.test/1.jpg,1,front\n" +
		"cap,,,,,,https://x.test/2.jpg,2,again\n"
	ps, errs := parseString(t, in)
	if len(errs) != 0 || len(ps) != 1 {
		t.Fatalf("products %v, errors %v", handles(ps), errs)
	}
	want := []string{"https://x.test/1.jpg", "https://x.test/2.jpg", "https://x.test/3.jpg"}
	if len(ps[0].Variants) != 1 || !slices.Equal(ps[0].Images, want) {
		t.Errorf("variants %d, images %q; want 1, %q", len(ps[0].Variants), ps[0].Images, want)
	}
}

func TestParseShopifyCSV_ProductFields(t *testing.T) {
	tests := []struct {
		name    string
		columns string
		values  string
		check   func(Product) bool
	}{
		{"tags are split and trimmed", "Tags", `" rain ,wool,, rain,Blå "`, func(p Product) bool { return slices.Equal(p.Tags, []string{"rain", "wool", "Blå"}) }},
		{"status defaults to active", "Status", "", func(p Product) bool { return p.Status == StatusActive }},
		{"status is read in any case", "Status", "Draft", func(p Product) bool { return p.Status == StatusDraft }},
		{"archived", "Status", "archived", func(p Product) bool { return p.Status == StatusArchived }},
		{"unpublished without Status is a draft", "Published", "FALSE", func(p Product) bool { return p.Status == StatusDraft }},
		{"published without Status is active", "Published", "TRUE", func(p Product) bool { return p.Status == StatusActive }},
		{"Status wins over Published", "Published,Status", "FALSE,active", func(p Product) bool { return p.Status == StatusActive }},
		{"type falls back to the category's last level", "Product Category", "Apparel & Accessories > Clothing > Outerwear", func(p Product) bool { return p.Type == "Outerwear" }},
		{"type wins over category", "Type,Product Category", "Rain Jackets,Apparel", func(p Product) bool { return p.Type == "Rain Jackets" }},
		{"title spaces are tidied", "Title2", "", func(p Product) bool { return p.Title == "Rain Cap" }},
		{"stock defaults to 0", "Variant Inventory Qty", "", func(p Product) bool { return p.Variants[0].Stock == 0 }},
		{"stock is read", "Variant Inventory Qty", " 7 ", func(p Product) bool { return p.Variants[0].Stock == 7 }},
		{"comma decimal price", "Variant Price", `"19,99"`, func(p Product) bool { return p.Variants[0].Price.Amount == 1999 }},
		{"whole price", "Variant Price", "20", func(p Product) bool { return p.Variants[0].Price.Amount == 2000 }},
		{"trailing zeros are harmless", "Variant Price", "19.990", func(p Product) bool { return p.Variants[0].Price.Amount == 1999 }},
		{"compare-at above price is a sale", "Variant Price,Variant Compare At Price", "10.00,12.50", func(p Product) bool {
			return p.Variants[0].CompareAtPrice != nil && p.Variants[0].CompareAtPrice.Amount == 1250
		}},
		{"compare-at not above price is no sale", "Variant Price,Variant Compare At Price", "10.00,10.00", func(p Product) bool { return p.Variants[0].CompareAtPrice == nil }},
		{"variant image", "Variant Image", "https://x.test/v.jpg", func(p Product) bool { return p.Variants[0].Image == "https://x.test/v.jpg" }},
		{"currency comes from the caller", "Variant Price", "5", func(p Product) bool { return p.Variants[0].Price.Currency == "EUR" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, vals := tt.columns, tt.values
			title := "Rain Cap"
			if cols == "Title2" {
				cols, vals, title = "Vendor", "Havblikk", "\" Rain \n  Cap \""
			}
			in := "Handle,Title,Variant SKU," + cols + "\n" + "rain-cap," + title + ",RC-1," + vals + "\n"
			if !strings.Contains(cols, "Variant Price") {
				in = "Handle,Title,Variant SKU,Variant Price," + cols + "\n" + "rain-cap," + title + ",RC-1,10.00," + vals + "\n"
			}
			ps, errs := parseString(t, in)
			if len(errs) != 0 || len(ps) != 1 {
				t.Fatalf("products %v, errors %v", handles(ps), errs)
			}
			if !tt.check(ps[0]) {
				t.Errorf("product = %+v", ps[0])
			}
		})
	}
}

func TestParseShopifyCSV_DerivedSKUsAreStableAndUnique(t *testing.T) {
	in := "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Price\n" +
		"Aurora-Rain-Jacket,Aurora,Size,M,Color,Navy Blue,,10.00\n" +
		"Aurora-Rain-Jacket,,,M/L,,Navy,,10.00\n" +
		"Aurora-Rain-Jacket,,,M,,Navy  Blue!,,10.00\n" + // same slug as line 2 once punctuated
		"other,Other,Title,Default Title,,,aurora-rain-jacket-m-navy-blue-2,10.00\n" // explicit, later in the file
	want := []string{"aurora-rain-jacket-m-navy-blue", "aurora-rain-jacket-m-l-navy", "aurora-rain-jacket-m-navy-blue-3"}
	for range 2 {
		ps, errs := parseString(t, in)
		if len(errs) != 0 || len(ps) != 2 {
			t.Fatalf("products %v, errors %v", handles(ps), errs)
		}
		var got []string
		for _, v := range ps[0].Variants {
			got = append(got, v.SKU)
		}
		if !slices.Equal(got, want) {
			t.Errorf("SKUs = %q; want %q", got, want)
		}
	}
}

func TestParseShopifyCSV_MergesRowsOfAHandleThatComesBack(t *testing.T) {
	in := "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n" +
		"tee,Tee,Size,S,T-S,10.00\n" +
		"cap,Cap,Title,Default Title,C-1,5.00\n" +
		"tee,,,M,T-M,10.00\n"
	ps, errs := parseString(t, in)
	if len(errs) != 0 || !slices.Equal(handles(ps), []string{"tee", "cap"}) || len(ps[0].Variants) != 2 || ps[0].Variants[1].Position != 2 {
		t.Errorf("products %+v, errors %v", ps, errs)
	}
}

func TestParseShopifyCSV_ReturnsReadFailures(t *testing.T) {
	boom := errors.New("disk gone")
	r := iotest.DataErrReader(iotest.TimeoutReader(strings.NewReader("Handle,Title\nx,X\n")))
	_, _, err := ParseShopifyCSV(r, "EUR")
	if err == nil {
		t.Fatal("want an error")
	}
	_, _, err = ParseShopifyCSV(iotest.ErrReader(boom), "EUR")
	if !errors.Is(err, boom) {
		t.Errorf("err = %v; want it to wrap %v", err, boom)
	}
}

func TestParseShopifyCSV_CapsTheReport(t *testing.T) {
	var b strings.Builder
	b.WriteString("Handle,Title,Variant Price\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "p%d,,1.00\n", i)
	}
	_, errs := parseString(t, b.String())
	if len(errs) != maxLineErrors+1 || !strings.Contains(errs[len(errs)-1].Message, "500 more problems") {
		t.Errorf("%d errors, last %v", len(errs), errs[len(errs)-1])
	}
}

func withoutLines(ps []Product) []Product {
	out := slices.Clone(ps)
	for i := range out {
		out[i].Line = 0
	}
	return out
}

func roundTrip(t *testing.T, ps []Product) []Product {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteShopifyCSV(&buf, ps); err != nil {
		t.Fatalf("WriteShopifyCSV: %v", err)
	}
	back, errs, err := ParseShopifyCSV(&buf, "EUR")
	if err != nil || len(errs) != 0 {
		t.Fatalf("reading the export back: %v %v", err, errs)
	}
	return back
}

func TestWriteShopifyCSV_RoundTripsTheExport(t *testing.T) {
	ps, _ := parseFile(t, "shopify_40.csv")
	back := roundTrip(t, ps)
	if !reflect.DeepEqual(withoutLines(back), withoutLines(ps)) {
		for i := range min(len(ps), len(back)) {
			if !reflect.DeepEqual(withoutLines(back[i:i+1]), withoutLines(ps[i:i+1])) {
				t.Fatalf("product %d differs:\n got %+v\nwant %+v", i, back[i], ps[i])
			}
		}
		t.Fatalf("got %d products; want %d", len(back), len(ps))
	}
}

func TestWriteShopifyCSV_RoundTripsAwkwardProducts(t *testing.T) {
	sale := money.MustParse("59.00", "EUR")
	ps := []Product{
		{Handle: "three-options", Title: `Tent "Fjell", 2 person`, BodyHTML: "<p>a,b</p>\n<p>\"c\"</p>", Vendor: "Havblikk", Type: "Tents",
			Tags: []string{"camp", "tent"}, Status: StatusDraft, Options: []string{"Size", "Color", "Fly"},
			Images: []string{"https://x.test/1.jpg", "https://x.test/2.jpg", "https://x.test/3.jpg", "https://x.test/4.jpg"},
			Variants: []Variant{
				{SKU: "T-1", Options: map[string]string{"Size": "2P", "Color": "Grønn", "Fly": "Std"}, Price: money.MustParse("49.00", "EUR"), CompareAtPrice: &sale, Stock: 3, Position: 1, Image: "https://x.test/2.jpg"},
				{SKU: "T-2", Options: map[string]string{"Size": "3P", "Color": "绿色", "Fly": "Std"}, Price: money.MustParse("69.00", "EUR"), Stock: 0, Position: 2},
			}},
		{Handle: "plain", Title: "Plain", Status: StatusArchived, Variants: []Variant{{SKU: "P", Options: map[string]string{}, Price: money.MustParse("1.00", "EUR"), Position: 1}}},
	}
	back := roundTrip(t, ps)
	if !reflect.DeepEqual(withoutLines(back), ps) {
		t.Errorf("got  %+v\nwant %+v", back, ps)
	}
}

func TestWriteShopifyCSV_RefusesMoreThanThreeOptions(t *testing.T) {
	p := Product{Handle: "x", Title: "X", Options: []string{"A", "B", "C", "D"}}
	if err := WriteShopifyCSV(&bytes.Buffer{}, []Product{p}); err == nil {
		t.Error("want an error")
	}
}

// BenchmarkParseShopifyCSV reads a generated file of 2,500 products with four
// size/colour variants each (10,000 variants) and reports variants per second.
func BenchmarkParseShopifyCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Status\n")
	colors := []string{"Black", "Navy", "Red", "Grey"}
	for i := range 2500 {
		for s := range 4 {
			if s == 0 {
				fmt.Fprintf(&buf, "bench-%d,Bench Jacket %d,\"<p>Warm, dry and \"\"light\"\".</p>\n<p>Recycled.</p>\",Noordkaap,Rain Jackets,\"rain, hiking\",Size,%d,Color,%s,B-%d-%d,%d,%d.95,,https://x.test/%d.jpg,active\n",
					i, i, 38+s, colors[s], i, s, s+i%5, 50+i%100, i)
				continue
			}
			fmt.Fprintf(&buf, "bench-%d,,,,,,,%d,,%s,B-%d-%d,%d,%d.95,%d.00,,\n", i, 38+s, colors[s], i, s, s+i%5, 50+i%100, 200)
		}
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		ps, errs, err := ParseShopifyCSV(bytes.NewReader(data), "EUR")
		if err != nil || len(errs) != 0 || len(ps) != 2500 {
			b.Fatalf("%d products, %v %v", len(ps), errs, err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "variants/s")
}
