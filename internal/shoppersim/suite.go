// Package shoppersim plays simulated shoppers against a running Shopkeeper
// through its public REST API only, as an outside test suite would, and
// scores what really happened: the paid order, the availability answers, the
// answers to shop questions and the search results. The suite format is
// described in docs/shoppers.md.
//
// The package knows nothing of the server's internals on purpose: a score
// that the dialogue code could see would end up tuned to.
package shoppersim

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Kinds of shoppers.
const (
	KindPurchase     = "purchase"
	KindAvailability = "availability"
	KindQuestion     = "question"
)

// Shopper is one simulated shopper of a suite file.
type Shopper struct {
	ID       string            `json:"id"`
	Catalog  string            `json:"catalog"`
	Language string            `json:"language"`
	Kind     string            `json:"kind"`
	Covers   []string          `json:"covers,omitempty"`
	Steps    []Step            `json:"steps"`
	Answers  map[string]Answer `json:"answers,omitempty"`
	Checkout []string          `json:"checkout,omitempty"`
	Expect   ShopperExpect     `json:"expect"`
}

// Step is one thing the shopper says (one of Say, picked per run) or taps.
type Step struct {
	Say    []string    `json:"say,omitempty"`
	Tap    string      `json:"tap,omitempty"`
	Expect *StepExpect `json:"expect,omitempty"`
}

// StepExpect is what the bot must do in answer to a step.
type StepExpect struct {
	Available  *Availability `json:"available,omitempty"`
	NoFallback bool          `json:"no_fallback,omitempty"`
	Mentions   []string      `json:"mentions,omitempty"`
}

// Availability: the step's products messages list this variant with this
// in_stock value.
type Availability struct {
	SKU     string `json:"sku"`
	InStock bool   `json:"in_stock"`
}

// ShopperExpect is the expected end state of a shopper.
type ShopperExpect struct {
	Order []OrderLine `json:"order,omitempty"`
}

// OrderLine is one line of an expected order.
type OrderLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Answer is how the shopper answers a field the bot asks for: one of Say, or
// tapping the first quick reply when First is set (the JSON string "first").
type Answer struct {
	Say   []string
	First bool
}

// UnmarshalJSON reads either a list of paraphrases or the string "first".
func (a *Answer) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s == "first" {
			a.First = true
			return nil
		}
		// A single string other than "first" is one paraphrase; being lenient
		// here costs nothing and saves a suite author a confusing error.
		a.Say = []string{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return fmt.Errorf("answer: want a list of strings or \"first\": %w", err)
	}
	a.Say = l
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (a Answer) MarshalJSON() ([]byte, error) {
	if a.First {
		return json.Marshal("first")
	}
	return json.Marshal(a.Say)
}

// Query is one retrieval query with the graded handles that answer it.
type Query struct {
	ID       string         `json:"id"`
	Language string         `json:"language"`
	Query    string         `json:"query"`
	Relevant map[string]int `json:"relevant"`
}

// Catalog is a product catalogue of a suite, as read from its CSV.
type Catalog struct {
	Name     string
	Path     string
	CSV      []byte
	Products []Product
}

// Product is one product of a catalogue CSV with its variants.
type Product struct {
	Handle   string
	Title    string
	Type     string
	Tags     string
	Variants []Variant
}

// Variant is one row of a catalogue CSV.
type Variant struct {
	SKU     string
	Options map[string]string
	Qty     int
	Price   string
}

// SKU finds a variant by SKU.
func (c *Catalog) SKU(sku string) (*Product, *Variant) {
	for i := range c.Products {
		for j := range c.Products[i].Variants {
			if strings.EqualFold(c.Products[i].Variants[j].SKU, sku) {
				return &c.Products[i], &c.Products[i].Variants[j]
			}
		}
	}
	return nil, nil
}

// Suite is what one run reads from a suite folder.
type Suite struct {
	Dir       string
	Batch     string
	Catalogs  map[string]*Catalog
	Shoppers  []Shopper          // sorted by catalogue, language, id
	Retrieval map[string][]Query // by catalogue
	// Articles are help articles (bodies of POST /api/v1/admin/articles)
	// from the suite's optional articles.json, put into every shop before
	// its shoppers play: a shop started without --demo knows no answers to
	// shop questions until it is given some. An extension of format v1.
	Articles []json.RawMessage
}

// CatalogNames lists the catalogues that have shoppers or queries, sorted.
func (s *Suite) CatalogNames() []string {
	seen := map[string]bool{}
	for _, sh := range s.Shoppers {
		seen[sh.Catalog] = true
	}
	for c, q := range s.Retrieval {
		if len(q) > 0 {
			seen[c] = true
		}
	}
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// ShoppersOf lists the shoppers of one catalogue.
func (s *Suite) ShoppersOf(catalog string) []Shopper {
	var out []Shopper
	for _, sh := range s.Shoppers {
		if sh.Catalog == catalog {
			out = append(out, sh)
		}
	}
	return out
}

// Load reads a suite folder: catalogs/*.csv, the batch folder's
// <catalog>-<lang>.json files (batch may be empty: no shoppers) and
// retrieval/*.json. langs, when not empty, keeps only those languages.
// Every SKU an expectation names must be in its catalogue: a typo in a suite
// would otherwise read as a failure of the shop.
func Load(dir, batch string, langs []string) (*Suite, error) {
	s := &Suite{Dir: dir, Batch: batch, Catalogs: map[string]*Catalog{}, Retrieval: map[string][]Query{}}
	keep := func(lang string) bool {
		if len(langs) == 0 {
			return true
		}
		for _, l := range langs {
			if l == lang {
				return true
			}
		}
		return false
	}
	csvs, err := filepath.Glob(filepath.Join(dir, "catalogs", "*.csv"))
	if err != nil {
		return nil, err
	}
	if len(csvs) == 0 {
		return nil, fmt.Errorf("load suite %s: no catalogs/*.csv", dir)
	}
	for _, p := range csvs {
		c, err := LoadCatalog(p)
		if err != nil {
			return nil, err
		}
		s.Catalogs[c.Name] = c
	}
	if batch != "" {
		files, err := filepath.Glob(filepath.Join(dir, batch, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("load suite %s: batch %q has no <catalog>-<lang>.json files", dir, batch)
		}
		for _, p := range files {
			base := strings.TrimSuffix(filepath.Base(p), ".json")
			i := strings.LastIndex(base, "-")
			if i < 0 {
				return nil, fmt.Errorf("%s: want the name <catalog>-<lang>.json", p)
			}
			cat, lang := base[:i], base[i+1:]
			if !keep(lang) {
				continue
			}
			var shoppers []Shopper
			if err := readJSON(p, &shoppers); err != nil {
				return nil, err
			}
			for i := range shoppers {
				sh := &shoppers[i]
				if sh.Catalog == "" {
					sh.Catalog = cat
				}
				if sh.Language == "" {
					sh.Language = lang
				}
				if err := s.check(sh); err != nil {
					return nil, fmt.Errorf("%s: shopper %s: %w", p, sh.ID, err)
				}
			}
			s.Shoppers = append(s.Shoppers, shoppers...)
		}
	}
	sort.SliceStable(s.Shoppers, func(i, j int) bool {
		a, b := s.Shoppers[i], s.Shoppers[j]
		if a.Catalog != b.Catalog {
			return a.Catalog < b.Catalog
		}
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		return a.ID < b.ID
	})
	if p := filepath.Join(dir, "articles.json"); fileExists(p) {
		if err := readJSON(p, &s.Articles); err != nil {
			return nil, err
		}
	}
	rfiles, _ := filepath.Glob(filepath.Join(dir, "retrieval", "*.json"))
	for _, p := range rfiles {
		cat := strings.TrimSuffix(filepath.Base(p), ".json")
		if _, ok := s.Catalogs[cat]; !ok {
			return nil, fmt.Errorf("%s: no catalogue catalogs/%s.csv", p, cat)
		}
		var qs []Query
		if err := readJSON(p, &qs); err != nil {
			return nil, err
		}
		for _, q := range qs {
			if keep(q.Language) {
				s.Retrieval[cat] = append(s.Retrieval[cat], q)
			}
		}
	}
	return s, nil
}

func (s *Suite) check(sh *Shopper) error {
	if sh.ID == "" {
		return errors.New("no id")
	}
	c, ok := s.Catalogs[sh.Catalog]
	if !ok {
		return fmt.Errorf("catalogue %q not in catalogs/", sh.Catalog)
	}
	switch sh.Kind {
	case KindPurchase, KindAvailability, KindQuestion:
	default:
		return fmt.Errorf("kind %q: want purchase, availability or question", sh.Kind)
	}
	if len(sh.Steps) == 0 {
		return errors.New("no steps")
	}
	for i, st := range sh.Steps {
		if len(st.Say) == 0 && st.Tap == "" {
			return fmt.Errorf("step %d: neither say nor tap", i+1)
		}
		if st.Expect != nil && st.Expect.Available != nil {
			if _, v := c.SKU(st.Expect.Available.SKU); v == nil {
				return fmt.Errorf("step %d: expected SKU %s is not in catalogue %s", i+1, st.Expect.Available.SKU, sh.Catalog)
			}
		}
	}
	if sh.Kind == KindPurchase && len(sh.Expect.Order) == 0 {
		return errors.New("a purchase shopper needs expect.order")
	}
	for _, l := range sh.Expect.Order {
		if _, v := c.SKU(l.SKU); v == nil {
			return fmt.Errorf("order SKU %s is not in catalogue %s", l.SKU, sh.Catalog)
		}
		if l.Quantity <= 0 {
			return fmt.Errorf("order SKU %s: quantity %d", l.SKU, l.Quantity)
		}
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// LoadCatalog reads a Shopify product CSV (the columns of the suite format).
func LoadCatalog(path string) (*Catalog, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ParseCatalog(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	c.Name = strings.TrimSuffix(filepath.Base(path), ".csv")
	c.Path = path
	return c, nil
}

// ParseCatalog reads the products and variants of a Shopify product CSV.
func ParseCatalog(b []byte) (*Catalog, error) {
	r := csv.NewReader(strings.NewReader(string(b)))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, need := range []string{"Handle", "Title", "Variant SKU"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("header: no column %q", need)
		}
	}
	get := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	c := &Catalog{CSV: b}
	index := map[string]int{}
	optNames := map[string][2]string{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		h := get(rec, "Handle")
		if h == "" {
			continue
		}
		i, ok := index[h]
		if !ok {
			c.Products = append(c.Products, Product{Handle: h, Title: get(rec, "Title"), Type: get(rec, "Type"), Tags: get(rec, "Tags")})
			i = len(c.Products) - 1
			index[h] = i
			optNames[h] = [2]string{get(rec, "Option1 Name"), get(rec, "Option2 Name")}
		}
		names := optNames[h]
		v := Variant{SKU: get(rec, "Variant SKU"), Price: get(rec, "Variant Price"), Options: map[string]string{}}
		v.Qty, _ = strconv.Atoi(get(rec, "Variant Inventory Qty"))
		if names[0] != "" && names[0] != "Title" {
			v.Options[names[0]] = get(rec, "Option1 Value")
		}
		if names[1] != "" {
			v.Options[names[1]] = get(rec, "Option2 Value")
		}
		c.Products[i].Variants = append(c.Products[i].Variants, v)
	}
	return c, nil
}
