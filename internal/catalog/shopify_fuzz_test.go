package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func FuzzParseShopifyCSV(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\na,A,Size,M,,1\na,,,m,,1\nb,B,,,a-m,2\n"))
	f.Add([]byte("\ufeffhandle,TITLE,variant price,Image Src\nx,X,1,u\nx,,,v\n"))
	f.Add([]byte("Handle,Title,Variant Price\n\"x\n,\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, errs, err := ParseShopifyCSV(bytes.NewReader(data), "EUR")
		if err != nil {
			t.Fatalf("a bytes.Reader cannot fail, yet: %v", err)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Message == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
		skus, hs := map[string]bool{}, map[string]bool{}
		for _, p := range ps {
			if len(p.Variants) == 0 {
				t.Fatalf("product %q has no variants", p.Handle)
			}
			if p.Handle == "" || p.Title == "" || hs[p.Handle] {
				t.Fatalf("product handle %q title %q (seen before: %v)", p.Handle, p.Title, hs[p.Handle])
			}
			hs[p.Handle] = true
			for _, v := range p.Variants {
				if v.SKU == "" || skus[v.SKU] {
					t.Fatalf("SKU %q of %q is empty or not unique", v.SKU, p.Handle)
				}
				skus[v.SKU] = true
				if v.Stock < 0 || v.Price.Amount < 0 {
					t.Fatalf("variant %q has stock %d, price %d", v.SKU, v.Stock, v.Price.Amount)
				}
			}
		}
		// What the parser accepts, the writer must give back unchanged.
		var buf bytes.Buffer
		if err := WriteShopifyCSV(&buf, ps); err != nil {
			t.Fatalf("WriteShopifyCSV: %v", err)
		}
		back, errs, err := ParseShopifyCSV(&buf, "EUR")
		if err != nil || len(errs) != 0 {
			t.Fatalf("re-reading the export: %v %v\n%s", err, errs, buf.String())
		}
		if len(ps) > 0 && !reflect.DeepEqual(withoutLines(back), withoutLines(ps)) {
			t.Fatalf("round trip changed the products:\n got %+v\nwant %+v", back, ps)
		}
	})
}
