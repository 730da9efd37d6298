package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestImport_SummarisesAndReimportChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	file := "../catalog/testdata/shopify_40.csv"
	code, out, errs := run("import", "--db", db, file)
	if code != 0 || !strings.Contains(out, "imported ") || !strings.Contains(out, " 0 errors") {
		t.Fatalf("import = %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run("import", "--db", db, file)
	if code != 0 || !strings.Contains(out, "(0 new, 0 updated,") {
		t.Fatalf("re-import = %d %s", code, out)
	}
}

func TestImport_ReportsLineErrorsAndExitsNonZero(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "bad.csv")
	writeFile(t, csv, "Handle,Title,Variant SKU,Variant Inventory Qty,Variant Price\nx,X,X-1,-2,10.00\n")
	code, _, errs := run("import", "--db", filepath.Join(dir, "s.db"), csv)
	if code != 1 || !strings.Contains(errs, "bad.csv:2:") {
		t.Fatalf("import of a bad file = %d %q", code, errs)
	}
}

func TestCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"version"}, 0, "shopkeeper "},
		{[]string{"migrate", "--db", db}, 0, "schema version"},
		{[]string{"nope"}, 2, ""},
		{[]string{"import"}, 2, ""},
		{[]string{"serve", "--addr", "bad"}, 2, ""},
	}
	for _, tt := range tests {
		code, out, _ := run(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("%v = %d %q; want %d containing %q", tt.args, code, out, tt.code, tt.out)
		}
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServe_RefusesToStartWithoutWhatATrustedShopNeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--db", db}, "--public-url"},
		{[]string{"serve", "--db", db, "--public-url", "https://shop.example.com", "--admin-key", "short-key"}, "--admin-key"},
		{[]string{"serve", "--db", db, "--demo", "--trusted-proxies", "not-a-cidr"}, "--trusted-proxies"},
	}
	for _, tt := range tests {
		code, _, errs := run(tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v = %d %q; want exit 2 naming %s", tt.args, code, errs, tt.want)
		}
	}
}
