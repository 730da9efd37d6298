package web

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var languages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

// loadCatalog reads widget-i18n.js, whose exported object is strict JSON.
func loadCatalog(t *testing.T) map[string]map[string]string {
	t.Helper()
	src, err := fs.ReadFile(files, "static/widget-i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "export const messages = "
	_, body, ok := strings.Cut(string(src), marker)
	if !ok {
		t.Fatalf("widget-i18n.js: no %q", marker)
	}
	body = strings.TrimSuffix(strings.TrimSpace(body), ";")
	var cat map[string]map[string]string
	if err := json.Unmarshal([]byte(body), &cat); err != nil {
		t.Fatalf("widget-i18n.js: the messages object is not strict JSON: %v", err)
	}
	return cat
}

var placeholder = regexp.MustCompile(`\{\w+\}`)

func placeholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return slices.Compact(p)
}

func TestCatalog_EveryLanguageHasEveryStringWithItsPlaceholders(t *testing.T) {
	cat := loadCatalog(t)
	en := cat["en"]
	if len(en) == 0 {
		t.Fatal("no English strings")
	}
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			table, ok := cat[lang]
			if !ok {
				t.Fatalf("no strings for %s", lang)
			}
			for key, want := range en {
				got, ok := table[key]
				switch {
				case !ok:
					t.Errorf("%s lacks %q", lang, key)
				case strings.TrimSpace(got) == "":
					t.Errorf("%s.%s is empty", lang, key)
				case !slices.Equal(placeholders(got), placeholders(want)):
					t.Errorf("%s.%s has placeholders %v, English has %v", lang, key, placeholders(got), placeholders(want))
				}
			}
			for key := range table {
				if _, ok := en[key]; !ok {
					t.Errorf("%s has %q, which English lacks", lang, key)
				}
			}
		})
	}
	for lang := range cat {
		if !slices.Contains(languages, lang) {
			t.Errorf("strings for %q, which is not a launch language", lang)
		}
	}
}

func TestCatalog_HasEveryStringTheScriptsAskFor(t *testing.T) {
	en := loadCatalog(t)["en"]
	want := map[string]bool{}
	literal := regexp.MustCompile(`\b(t|plural)\('([a-z_]+)'`)
	for _, name := range []string{"static/widget.js", "static/storefront.js"} {
		src, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "plural" {
				want[m[2]+"_one"], want[m[2]+"_other"] = true, true
			} else {
				want[m[2]] = true
			}
		}
	}
	// Keys the widget builds at run time from the contract's link purposes
	// and input types.
	for _, p := range []string{"payment", "tracking", "label", "invoice", "article", "other"} {
		want["link_"+p] = true
	}
	for _, typ := range []string{"text", "email", "phone", "address", "number", "choice"} {
		want["input_"+typ] = true
	}
	if len(want) < 20 {
		t.Fatalf("found only %d keys in the scripts; has the call syntax changed?", len(want))
	}
	for key := range want {
		if _, ok := en[key]; !ok {
			t.Errorf("the scripts ask for %q, which the catalogue lacks", key)
		}
	}
}
