package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// LineError is a problem found in an imported file, at the physical line
// where the offending record starts.
type LineError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// Column names of a Shopify product CSV export, as Shopify spells them.
const (
	colHandle         = "Handle"
	colTitle          = "Title"
	colBody           = "Body (HTML)"
	colVendor         = "Vendor"
	colCategory       = "Product Category"
	colType           = "Type"
	colTags           = "Tags"
	colPublished      = "Published"
	colSKU            = "Variant SKU"
	colGrams          = "Variant Grams"
	colTracker        = "Variant Inventory Tracker"
	colQty            = "Variant Inventory Qty"
	colPolicy         = "Variant Inventory Policy"
	colFulfillment    = "Variant Fulfillment Service"
	colPrice          = "Variant Price"
	colCompareAt      = "Variant Compare At Price"
	colRequiresShip   = "Variant Requires Shipping"
	colTaxable        = "Variant Taxable"
	colBarcode        = "Variant Barcode"
	colImageSrc       = "Image Src"
	colImagePosition  = "Image Position"
	colImageAlt       = "Image Alt Text"
	colGiftCard       = "Gift Card"
	colSEOTitle       = "SEO Title"
	colSEODescription = "SEO Description"
	colVariantImage   = "Variant Image"
	colWeightUnit     = "Variant Weight Unit"
	colTaxCode        = "Variant Tax Code"
	colCost           = "Cost per item"
	colStatus         = "Status"
)

// maxOptions is Shopify's limit of option names per product.
const maxOptions = 3

// maxLineErrors bounds the report so a file of garbage cannot produce an
// answer larger than itself; parsing goes on so no bad product slips through.
const maxLineErrors = 1000

// maxStock rejects quantities that can only be typing accidents and would
// overflow sums of stock elsewhere.
const maxStock = 1_000_000_000

var (
	optionNames  = [maxOptions]string{"Option1 Name", "Option2 Name", "Option3 Name"}
	optionValues = [maxOptions]string{"Option1 Value", "Option2 Value", "Option3 Value"}
)

func optionName(i int) string  { return optionNames[i] }
func optionValue(i int) string { return optionValues[i] }

// exportColumns is the header WriteShopifyCSV writes: Shopify's own order, so
// the export can also be imported into Shopify.
var exportColumns = []string{
	colHandle, colTitle, colBody, colVendor, colCategory, colType, colTags, colPublished,
	"Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
	colSKU, colGrams, colTracker, colQty, colPolicy, colFulfillment, colPrice, colCompareAt,
	colRequiresShip, colTaxable, colBarcode, colImageSrc, colImagePosition, colImageAlt, colGiftCard,
	colSEOTitle, colSEODescription, colVariantImage, colWeightUnit, colTaxCode, colCost, colStatus,
}

// variantColumns mark a row as a variant; a later row of a product without
// any of them only adds images.
var variantColumns = []string{colSKU, colPrice, colCompareAt, colQty, colGrams, colBarcode, colVariantImage,
	"Option1 Value", "Option2 Value", "Option3 Value"}

// defaultTitle is the value Shopify gives the one variant of a product
// without options, under the option name "Title".
const defaultTitle = "Default Title"

// header finds columns by name, so exports from any Shopify version (and
// spreadsheets that reorder or drop columns) read the same.
type header struct {
	index map[string]int // column name as this package spells it → field index
	names []string       // column names as the file spells them
	extra []int          // OptionN Name/Value columns beyond Shopify's three
	width int
}

func normColumn(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func newHeader(fields []string) header {
	h := header{index: map[string]int{}, width: len(fields)}
	found := make(map[string]int, len(fields))
	for i, f := range fields {
		if i == 0 {
			f = strings.TrimPrefix(f, "\ufeff")
		}
		h.names = append(h.names, strings.TrimSpace(f))
		name := normColumn(f)
		if _, dup := found[name]; !dup {
			found[name] = i
		}
		var n int
		var kind string
		if _, err := fmt.Sscanf(name, "option%d %s", &n, &kind); err == nil && n > maxOptions && (kind == "name" || kind == "value") {
			h.extra = append(h.extra, i)
		}
	}
	// Spellings differ between Shopify versions and spreadsheet edits only in
	// case and spacing; resolving them once keeps lookups per row cheap.
	for _, c := range exportColumns {
		if i, ok := found[normColumn(c)]; ok {
			h.index[c] = i
		}
	}
	for alias, c := range columnAliases {
		if i, ok := found[alias]; ok && !h.has(c) {
			h.index[c] = i
		}
	}
	return h
}

// columnAliases are the names of Shopify's 2024 product template, read the
// same as the classic export's columns they replaced.
var columnAliases = map[string]string{
	"url handle":                colHandle,
	"description":               colBody,
	"published on online store": colPublished,
	"sku":                       colSKU,
	"barcode":                   colBarcode,
	"price":                     colPrice,
	"compare-at price":          colCompareAt,
	"inventory quantity":        colQty,
	"product image url":         colImageSrc,
	"variant image url":         colVariantImage,
}

func (h header) has(col string) bool { _, ok := h.index[col]; return ok }

// row is one record read through its header.
type row struct {
	h      *header
	fields []string
	line   int
}

// get returns the cell of a column as one tidy line, "" when the column is
// absent. Line breaks and runs of spaces in a title or option value are
// spreadsheet accidents; tidying them also makes a re-export read back the same.
func (r row) get(col string) string {
	s := strings.TrimSpace(r.raw(col))
	if strings.ContainsAny(s, "\r\n\t") || strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// raw returns a cell untrimmed, for the HTML body whose whitespace is the
// retailer's to keep.
func (r row) raw(col string) string {
	i, ok := r.h.index[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return r.fields[i]
}

func (r row) empty() bool {
	for _, f := range r.fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func (r row) validUTF8() bool {
	for _, f := range r.fields {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}

func (r row) isVariant() bool {
	for _, c := range variantColumns {
		if r.get(c) != "" {
			return true
		}
	}
	return false
}

// image is a product image with the position the file gave it, if any.
type image struct {
	src string
	pos int // 0 when the file gave none
}

// draft is a product being assembled from its rows.
type draft struct {
	p         Product
	bad       bool
	isDefault bool           // Option1 Name "Title" with "Default Title": no options
	combos    map[string]int // option values key → line of the variant
	images    []image
	seenImg   map[string]bool
	derive    []int // indexes of variants whose SKU must be derived
}

// parser holds the state of one ParseShopifyCSV call.
type parser struct {
	currency string
	h        header
	drafts   map[string]*draft
	order    []*draft
	skus     map[string]int // explicit Variant SKU → line of first use
	errs     []LineError
	dropped  int // errors not reported beyond maxLineErrors
}

func (ps *parser) report(line int, format string, args ...any) {
	if len(ps.errs) >= maxLineErrors {
		ps.dropped++
		return
	}
	ps.errs = append(ps.errs, LineError{Line: line, Message: fmt.Sprintf(format, args...)})
}

// fail reports a problem of product d; the product is then left out whole.
func (ps *parser) fail(d *draft, line int, format string, args ...any) {
	d.bad = true
	ps.report(line, "product %q: %s", d.p.Handle, fmt.Sprintf(format, args...))
}

// ParseShopifyCSV reads a Shopify product CSV export. Products with any bad
// line are left out whole and reported; the others are returned complete.
// A file that breaks as CSV (an unterminated quote, say) is read up to the
// break: what follows a break cannot be trusted to start on a record boundary.
// The error is only for failures to read r.
func ParseShopifyCSV(r io.Reader, currency string) ([]Product, []LineError, error) {
	ps := &parser{
		currency: strings.ToUpper(strings.TrimSpace(currency)),
		drafts:   map[string]*draft{},
		skus:     map[string]int{},
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked against the header, with a clearer message
	first, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, []LineError{{Line: 1, Message: "the file is empty; a Shopify product export starts with a header row (Handle,Title,…)"}}, nil
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, []LineError{{Line: pe.StartLine, Message: "the header row is not valid CSV: " + csvProblem(pe)}}, nil
		}
		return nil, nil, fmt.Errorf("read CSV header: %w", err)
	}
	ps.h = newHeader(first)
	if !ps.h.has(colHandle) {
		line, _ := cr.FieldPos(0)
		return nil, []LineError{{Line: line, Message: `the header row has no "Handle" column; is this a Shopify product export?`}}, nil
	}

	var last *draft // the product of the latest record, unfinished if the file breaks
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("read CSV: %w", err)
			}
			ps.report(pe.StartLine, "the file is not valid CSV from here on, so nothing after this line was read: %s", csvProblem(pe))
			// The fields before the break are whole; when they name a new
			// handle, the product above is complete. Otherwise the broken
			// record may have been a row of that product (or of an earlier
			// one with the same handle).
			broken := last
			if i, ok := ps.h.index[colHandle]; ok && i < len(fields) {
				if h := strings.TrimSpace(fields[i]); h != "" && (last == nil || h != last.p.Handle) {
					broken = ps.drafts[h]
				}
			}
			if broken != nil && !broken.bad {
				ps.fail(broken, broken.p.Line, "left out because the file breaks at line %d, before its rows are known to be complete", pe.StartLine)
			}
			break
		}
		line, _ := cr.FieldPos(0)
		rw := row{h: &ps.h, fields: fields, line: line}
		if rw.empty() {
			continue
		}
		if d := ps.readRow(rw, last); d != nil {
			last = d
		}
	}
	return ps.finish()
}

// csvProblem says in plain words what broke the CSV.
func csvProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		// An opening quote without its closing one runs to the end of the
		// file, so the position may be far below the mistake.
		return fmt.Sprintf("a quoted value is not closed properly (noticed at line %d, column %d); a quote inside a value must be doubled (\"\") and every opening quote needs its closing one", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("a quote in the middle of an unquoted value (column %d); wrap the value in quotes and double the quote inside", pe.Column)
	}
	return pe.Error()
}

// readRow adds one record to its product and returns that product, or nil
// when the row belongs to none.
func (ps *parser) readRow(rw row, last *draft) *draft {
	handle := rw.get(colHandle)
	if len(rw.fields) != ps.h.width {
		msg := fmt.Sprintf("the line has %d values but the header has %d columns (a comma inside a value needs quotes)", len(rw.fields), ps.h.width)
		if d := ps.drafts[handle]; d != nil && handle != "" {
			ps.fail(d, rw.line, "%s", msg)
			return d
		}
		if handle == "" {
			ps.report(rw.line, "%s", msg)
			return nil
		}
		d := ps.newDraft(handle, rw.line)
		ps.fail(d, rw.line, "%s", msg)
		return d
	}
	if !rw.validUTF8() {
		// Excel saves "CSV" in the Windows code page unless told otherwise.
		if d := ps.drafts[handle]; d != nil && handle != "" {
			ps.fail(d, rw.line, "the line is not valid UTF-8; save the file as \"CSV UTF-8\"")
			return d
		}
		ps.report(rw.line, "the line is not valid UTF-8; save the file as \"CSV UTF-8\"")
		return nil
	}
	if handle == "" {
		// A row without a Title can only continue a product, so it is most
		// likely a variant of the one above: leave that out rather than
		// import it short of a variant.
		if rw.get(colTitle) == "" && last != nil {
			ps.fail(last, rw.line, "missing Handle (the row follows product %q; each of its rows needs the Handle)", last.p.Handle)
			return last
		}
		ps.report(rw.line, "missing Handle")
		return nil
	}
	d := ps.drafts[handle]
	if d == nil {
		d = ps.newDraft(handle, rw.line)
		if msg := badHandle(handle); msg != "" {
			ps.fail(d, rw.line, "%s", msg)
		}
		ps.readProduct(d, rw)
	} else {
		ps.checkOptionNames(d, rw)
	}
	for _, i := range ps.h.extra {
		if i < len(rw.fields) && strings.TrimSpace(rw.fields[i]) != "" {
			ps.fail(d, rw.line, "%s is %q but a product can have at most %d options", ps.h.names[i], strings.TrimSpace(rw.fields[i]), maxOptions)
			break
		}
	}
	if src := rw.get(colImageSrc); src != "" {
		pos := 0
		if s := rw.get(colImagePosition); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				ps.fail(d, rw.line, "Image Position %q is not a whole number from 1 up", s)
			}
			pos = n
		}
		if !d.seenImg[src] {
			d.seenImg[src] = true
			d.images = append(d.images, image{src: src, pos: pos})
		}
	}
	if rw.isVariant() {
		ps.readVariant(d, rw)
	}
	return d
}

func (ps *parser) newDraft(handle string, line int) *draft {
	d := &draft{
		p:       Product{Handle: handle, Line: line, Status: StatusActive},
		combos:  map[string]int{},
		seenImg: map[string]bool{},
	}
	ps.drafts[handle] = d
	ps.order = append(ps.order, d)
	return d
}

// badHandle says why a handle cannot be a URL key, or "" when it can.
func badHandle(h string) string {
	if len(h) > 255 {
		return "Handle is longer than 255 characters"
	}
	for _, r := range h {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`/?#%\"<>`, r) {
			return fmt.Sprintf("Handle %q must not contain spaces or any of / ? # %% \\ \" < > (it is part of the product's web address)", h)
		}
	}
	return ""
}

// readProduct takes the product's own fields from its first row.
func (ps *parser) readProduct(d *draft, rw row) {
	p := &d.p
	p.Title = rw.get(colTitle)
	if p.Title == "" {
		ps.fail(d, rw.line, "missing Title on the first row of the product")
	}
	// encoding/csv turns only a record's CRLF into LF; a stray CR left
	// inside would not survive a write and read back.
	p.BodyHTML = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(rw.raw(colBody), "\r\n", "\n"), "\r", "\n"))
	p.Vendor = rw.get(colVendor)
	p.Type = rw.get(colType)
	if p.Type == "" {
		// Newer stores often leave Type empty and use Shopify's taxonomy;
		// its last level ("… > Coats & Jackets") is what shoppers ask for.
		if cat := rw.get(colCategory); cat != "" {
			parts := strings.Split(cat, ">")
			p.Type = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	p.Tags = splitTags(rw.get(colTags))
	switch s := strings.ToLower(rw.get(colStatus)); s {
	case StatusActive, StatusDraft, StatusArchived:
		p.Status = s
	case "":
		// Exports from before Shopify had Status say it through Published.
		if strings.EqualFold(rw.get(colPublished), "false") {
			p.Status = StatusDraft
		}
	default:
		ps.fail(d, rw.line, "Status %q must be active, draft or archived", rw.get(colStatus))
	}

	var names []string
	gap := false
	for i := range maxOptions {
		n := rw.get(optionName(i))
		switch {
		case n == "":
			gap = true
		case gap:
			ps.fail(d, rw.line, "%s is %q but %s is empty; option names must fill Option1, Option2, Option3 in order", optionName(i), n, optionName(i-1))
		default:
			for _, prev := range names {
				if strings.EqualFold(prev, n) {
					ps.fail(d, rw.line, "option name %q is used twice", n)
				}
			}
			names = append(names, n)
		}
	}
	if len(names) == 1 && strings.EqualFold(names[0], "Title") && strings.EqualFold(rw.get(optionValue(0)), defaultTitle) {
		d.isDefault = true
		names = nil
	}
	p.Options = names
}

// checkOptionNames catches later rows that rename options, which Shopify
// only reads from a product's first row.
func (ps *parser) checkOptionNames(d *draft, rw row) {
	for i := range maxOptions {
		n := rw.get(optionName(i))
		if n == "" {
			continue
		}
		var want string
		switch {
		case i < len(d.p.Options):
			want = d.p.Options[i]
		case i == 0 && d.isDefault:
			want = "Title"
		}
		if !strings.EqualFold(n, want) {
			if want == "" {
				ps.fail(d, rw.line, "%s is %q but the product's first row (line %d) has no %s", optionName(i), n, d.p.Line, optionName(i))
			} else {
				ps.fail(d, rw.line, "%s is %q but the product's first row (line %d) names it %q", optionName(i), n, d.p.Line, want)
			}
		}
	}
}

// readVariant adds the variant of a row to its product.
func (ps *parser) readVariant(d *draft, rw row) {
	v := Variant{Options: map[string]string{}, Position: len(d.p.Variants) + 1, Image: rw.get(colVariantImage)}
	var key []string
	for i := range maxOptions {
		val := rw.get(optionValue(i))
		switch {
		case i < len(d.p.Options):
			if val == "" {
				ps.fail(d, rw.line, "missing %s for option %q", optionValue(i), d.p.Options[i])
			}
			v.Options[d.p.Options[i]] = val
			key = append(key, strings.ToLower(val))
		case val == "":
		case i == 0 && len(d.p.Options) == 0 && strings.EqualFold(val, defaultTitle):
			// Shopify's value for the only variant of a product without options.
		case len(d.p.Options) == 0:
			ps.fail(d, rw.line, "%s is %q but the product has no option names (set Option1 Name on its first row, line %d)", optionValue(i), val, d.p.Line)
		default:
			ps.fail(d, rw.line, "%s is %q but the product has only %d option name(s)", optionValue(i), val, len(d.p.Options))
		}
	}
	k := strings.Join(key, "\x00")
	if prev, dup := d.combos[k]; dup {
		if len(key) == 0 {
			ps.fail(d, rw.line, "a second variant of a product without options (the first is on line %d); give the product option names to sell several variants", prev)
		} else {
			ps.fail(d, rw.line, "duplicate variant: %s is already on line %d", describeOptions(d.p.Options, v.Options), prev)
		}
	} else {
		d.combos[k] = rw.line
	}

	if s := rw.get(colPrice); s == "" {
		ps.fail(d, rw.line, "missing Variant Price")
	} else if m, msg := ps.parsePrice(colPrice, s); msg != "" {
		ps.fail(d, rw.line, "%s", msg)
	} else {
		v.Price = m
	}
	if s := rw.get(colCompareAt); s != "" {
		if m, msg := ps.parsePrice(colCompareAt, s); msg != "" {
			ps.fail(d, rw.line, "%s", msg)
		} else if m.Amount > v.Price.Amount {
			// A "was" price at or below the price is no sale; showing it
			// would tell the shopper a falsehood.
			v.CompareAtPrice = &m
		}
	}
	if s := rw.get(colQty); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil && errors.Is(err, strconv.ErrRange):
			ps.fail(d, rw.line, "Variant Inventory Qty %q is too large", s)
		case err != nil:
			ps.fail(d, rw.line, "Variant Inventory Qty %q is not a whole number", s)
		case n < 0:
			ps.fail(d, rw.line, "Variant Inventory Qty %q is negative; stock cannot be below 0", s)
		case n > maxStock:
			ps.fail(d, rw.line, "Variant Inventory Qty %q is too large", s)
		default:
			v.Stock = n
		}
	}
	if sku := rw.get(colSKU); sku != "" {
		if prev, dup := ps.skus[sku]; dup {
			ps.fail(d, rw.line, "duplicate Variant SKU %q: already used on line %d", sku, prev)
		} else {
			ps.skus[sku] = rw.line
		}
		v.SKU = sku
	} else {
		d.derive = append(d.derive, len(d.p.Variants))
	}
	d.p.Variants = append(d.p.Variants, v)
}

// describeOptions writes a variant's options for a message: Size "M" / Color "Navy".
func describeOptions(names []string, vals map[string]string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %q", n, vals[n])
	}
	return strings.Join(parts, " / ")
}

// parsePrice reads a price column; msg says what is wrong with it.
func (ps *parser) parsePrice(col, s string) (money.Money, string) {
	m, err := money.Parse(s, ps.currency)
	if err == nil {
		if m.Amount < 0 {
			return m, fmt.Sprintf("%s %q is negative", col, s)
		}
		return m, ""
	}
	// Tell a price with too many decimals from one that is no number at all:
	// the fix differs.
	t := strings.TrimPrefix(s, "-")
	whole, frac, ok := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	if ok && frac != "" && isDigits(whole) && isDigits(frac) {
		return m, fmt.Sprintf("%s %q has more decimal places than %s allows", col, s, ps.currencyName())
	}
	return m, fmt.Sprintf("%s %q is not a price; write it like 19.99", col, s)
}

func (ps *parser) currencyName() string {
	if ps.currency == "" {
		return "the shop's currency"
	}
	return ps.currency
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func splitTags(s string) []string {
	var tags []string
	seen := map[string]bool{}
	for t := range strings.SplitSeq(s, ",") {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags
}

// finish derives missing SKUs, drops bad products and orders the report.
func (ps *parser) finish() ([]Product, []LineError, error) {
	// SKUs are derived only after every explicit SKU is known, so that a
	// derived one never takes a SKU the file gives a later variant, and the
	// same file always derives the same SKUs.
	taken := make(map[string]bool, len(ps.skus))
	for s := range ps.skus {
		taken[s] = true
	}
	suffix := map[string]int{} // base → last number tried, so many clashes stay linear
	var out []Product
	for _, d := range ps.order {
		for _, i := range d.derive {
			base := deriveSKU(d.p.Handle, d.p.Options, d.p.Variants[i].Options)
			sku := base
			for taken[sku] {
				n := max(suffix[base], 1) + 1
				suffix[base] = n
				sku = base + "-" + strconv.Itoa(n)
			}
			taken[sku] = true
			d.p.Variants[i].SKU = sku
		}
		if len(d.p.Variants) == 0 && !d.bad {
			ps.fail(d, d.p.Line, "no variants: no row of the product has a Variant Price")
		}
		if d.bad {
			continue
		}
		d.p.Images = sortImages(d.images)
		out = append(out, d.p)
	}
	slices.SortStableFunc(ps.errs, func(a, b LineError) int { return a.Line - b.Line })
	if ps.dropped > 0 {
		ps.errs = append(ps.errs, LineError{Line: ps.errs[len(ps.errs)-1].Line,
			Message: fmt.Sprintf("%d more problems not listed; fix the ones above and import again", ps.dropped)})
	}
	return out, ps.errs, nil
}

// sortImages puts images with a position in that order, then the rest in
// file order, as Shopify does.
func sortImages(imgs []image) []string {
	if len(imgs) == 0 {
		return nil
	}
	slices.SortStableFunc(imgs, func(a, b image) int {
		pa, pb := a.pos, b.pos
		if pa == 0 {
			pa = int(^uint(0) >> 1)
		}
		if pb == 0 {
			pb = int(^uint(0) >> 1)
		}
		switch {
		case pa < pb:
			return -1
		case pa > pb:
			return 1
		}
		return 0
	})
	out := make([]string, len(imgs))
	for i, im := range imgs {
		out[i] = im.src
	}
	return out
}

// deriveSKU makes a SKU from the handle and option values,
// "aurora-rain-jacket-m-navy", so a re-import of a file without SKUs matches
// the variants it made before.
func deriveSKU(handle string, names []string, vals map[string]string) string {
	parts := []string{handle}
	for _, n := range names {
		parts = append(parts, vals[n])
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.Join(parts, "-")) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "sku"
	}
	return b.String()
}

// WriteShopifyCSV writes products as a Shopify product CSV export that
// ParseShopifyCSV (and Shopify itself) reads back: a product's first row
// holds its fields and first variant, further variants follow on rows of
// their own, and images beyond the variant rows get image-only rows.
func WriteShopifyCSV(w io.Writer, ps []Product) error {
	cw := csv.NewWriter(w)
	idx := make(map[string]int, len(exportColumns))
	for i, c := range exportColumns {
		idx[c] = i
	}
	if err := cw.Write(exportColumns); err != nil {
		return fmt.Errorf("write CSV header: %w", err)
	}
	for pi := range ps {
		p := &ps[pi]
		if len(p.Options) > maxOptions {
			return fmt.Errorf("write product %q: %d options, Shopify allows %d", p.Handle, len(p.Options), maxOptions)
		}
		rows := max(len(p.Variants), len(p.Images), 1)
		for i := range rows {
			rec := make([]string, len(exportColumns))
			set := func(col, val string) { rec[idx[col]] = val }
			set(colHandle, p.Handle)
			if i == 0 {
				set(colTitle, p.Title)
				set(colBody, p.BodyHTML)
				set(colVendor, p.Vendor)
				set(colType, p.Type)
				set(colTags, strings.Join(p.Tags, ", "))
				status := p.Status
				if status == "" {
					status = StatusActive
				}
				set(colPublished, strings.ToUpper(strconv.FormatBool(status == StatusActive)))
				set(colStatus, status)
				set(colGiftCard, "FALSE")
				for j, n := range p.Options {
					set(optionName(j), n)
				}
				if len(p.Options) == 0 {
					set(optionName(0), "Title")
				}
			}
			if i < len(p.Variants) {
				v := p.Variants[i]
				for j, n := range p.Options {
					set(optionValue(j), v.Options[n])
				}
				if len(p.Options) == 0 {
					set(optionValue(0), defaultTitle)
				}
				set(colSKU, v.SKU)
				set(colTracker, "shopify")
				set(colQty, strconv.Itoa(v.Stock))
				set(colPolicy, "deny")
				set(colFulfillment, "manual")
				set(colPrice, v.Price.Decimal())
				if v.CompareAtPrice != nil {
					set(colCompareAt, v.CompareAtPrice.Decimal())
				}
				set(colRequiresShip, "TRUE")
				set(colTaxable, "TRUE")
				set(colVariantImage, v.Image)
			}
			if i < len(p.Images) {
				set(colImageSrc, p.Images[i])
				set(colImagePosition, strconv.Itoa(i+1))
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write product %q: %w", p.Handle, err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
