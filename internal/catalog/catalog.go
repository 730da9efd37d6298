// Package catalog owns the shop's products, their variants and stock, the
// import of product files and the search over them.
package catalog

import (
	"errors"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Product statuses, as Shopify names them.
const (
	StatusActive   = "active"
	StatusDraft    = "draft"
	StatusArchived = "archived"
)

// Product is one item of the catalogue with its variants.
type Product struct {
	ID        int64
	Handle    string // unique, URL-safe key (Shopify's Handle)
	Title     string
	BodyHTML  string
	Vendor    string
	Type      string // product type, e.g. "Running Shoes"
	Tags      []string
	Status    string
	Options   []string // option names in order, e.g. ["Size", "Color"]
	Images    []string // image URLs, first is the main image
	Variants  []Variant
	UpdatedAt time.Time
	Line      int // where the product starts in an imported file, for error reports
}

// Variant is one buyable combination of a product's options.
type Variant struct {
	ID             int64
	ProductID      int64
	SKU            string
	Options        map[string]string // option name → value, e.g. {"Size": "42", "Color": "Black"}
	Price          money.Money
	CompareAtPrice *money.Money // the "was" price, nil when not on sale
	Stock          int          // units on hand that can be sold
	Position       int
	Image          string
}

// InStock reports whether at least one unit can be sold.
func (v Variant) InStock() bool { return v.Stock > 0 }

// InStock reports whether any variant of the product can be sold.
func (p Product) InStock() bool {
	for _, v := range p.Variants {
		if v.InStock() {
			return true
		}
	}
	return false
}

// MinPrice is the lowest variant price, the "from" price shown on a card.
func (p Product) MinPrice() money.Money {
	var m money.Money
	for i, v := range p.Variants {
		if i == 0 || v.Price.Amount < m.Amount {
			m = v.Price
		}
	}
	return m
}

// Sentinel errors callers branch on.
var (
	ErrNotFound   = errors.New("product not found")
	ErrOutOfStock = errors.New("not enough stock")
)

// ErrConflict is returned when a write collides with other data, such as a
// SKU that belongs to another product.
var ErrConflict = errors.New("conflict")

// Upsert says what storing a product did.
type Upsert int

// Outcomes of storing a product.
const (
	Unchanged Upsert = iota
	Created
	Updated
)

// VariantTitle names a variant the way a cart or order line shows it:
// "Aurora Trail Runner — 42 / Black".
func VariantTitle(p *Product, v Variant) string {
	var vals []string
	for _, name := range p.Options {
		if val, ok := v.Options[name]; ok && val != "" {
			vals = append(vals, val)
		}
	}
	if len(vals) == 0 {
		return p.Title
	}
	return p.Title + " — " + strings.Join(vals, " / ")
}
