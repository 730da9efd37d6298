package httpapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Product is a product as the admin API shows it.
type Product struct {
	ID       int64       `json:"id"`
	Handle   string      `json:"handle"`
	Title    string      `json:"title"`
	BodyHTML string      `json:"body_html"`
	Vendor   string      `json:"vendor"`
	Type     string      `json:"type"`
	Tags     []string    `json:"tags"`
	Status   string      `json:"status"`
	Options  []string    `json:"options"`
	Images   []string    `json:"images"`
	Price    money.Money `json:"price"`
	InStock  bool        `json:"in_stock"`
	Variants []Variant   `json:"variants"`
}

// Variant is a variant as the API shows it.
type Variant struct {
	SKU            string            `json:"sku"`
	Options        map[string]string `json:"options"`
	Price          money.Money       `json:"price"`
	CompareAtPrice *money.Money      `json:"compare_at_price,omitempty"`
	Stock          int               `json:"stock"`
	InStock        bool              `json:"in_stock"`
}

func productJSON(p catalog.Product) Product {
	out := Product{ID: p.ID, Handle: p.Handle, Title: p.Title, BodyHTML: p.BodyHTML, Vendor: p.Vendor, Type: p.Type,
		Tags: nonNil(p.Tags), Status: p.Status, Options: nonNil(p.Options), Images: nonNil(p.Images),
		Price: p.MinPrice(), InStock: p.InStock(), Variants: []Variant{}}
	for _, v := range p.Variants {
		opts := v.Options
		if opts == nil {
			opts = map[string]string{}
		}
		out.Variants = append(out.Variants, Variant{SKU: v.SKU, Options: opts, Price: v.Price, CompareAtPrice: v.CompareAtPrice, Stock: v.Stock, InStock: v.InStock()})
	}
	return out
}

// PublicProduct is a product as the storefront sees it: no stock counts
// beyond in/out, no drafts.
type PublicProduct struct {
	Handle         string          `json:"handle"`
	Title          string          `json:"title"`
	Type           string          `json:"type"`
	Vendor         string          `json:"vendor"`
	Price          money.Money     `json:"price"`
	CompareAtPrice *money.Money    `json:"compare_at_price,omitempty"`
	ImageURL       string          `json:"image_url"`
	InStock        bool            `json:"in_stock"`
	Variants       []PublicVariant `json:"variants"`
}

// PublicVariant is a variant on the storefront.
type PublicVariant struct {
	SKU     string            `json:"sku"`
	Options map[string]string `json:"options"`
	InStock bool              `json:"in_stock"`
	Price   money.Money       `json:"price"`
}

func publicJSON(p catalog.Product) PublicProduct {
	out := PublicProduct{Handle: p.Handle, Title: p.Title, Type: p.Type, Vendor: p.Vendor, Price: p.MinPrice(), InStock: p.InStock(), Variants: []PublicVariant{}}
	if len(p.Images) > 0 {
		out.ImageURL = p.Images[0]
	}
	for i, v := range p.Variants {
		if i == 0 {
			out.CompareAtPrice = v.CompareAtPrice
		}
		out.Variants = append(out.Variants, PublicVariant{SKU: v.SKU, Options: v.Options, InStock: v.InStock(), Price: v.Price})
	}
	return out
}

func (s *Server) shop(w http.ResponseWriter, r *http.Request) {
	on := s.ContinueOn
	if on == nil {
		on = []string{}
	}
	writeJSON(w, 200, map[string]any{"name": s.ShopName, "currency": s.Currency, "default_language": s.DefaultLanguage, "languages": s.Languages,
		"continue_on": on})
}

func (s *Server) publicProducts(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 24, 100)
	if err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.Catalog.Search(r.Context(), catalog.Query{Text: r.URL.Query().Get("q"), Type: r.URL.Query().Get("type"), Limit: limit})
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := make([]PublicProduct, 0, len(res.Products))
	for _, p := range res.Products {
		out = append(out, publicJSON(p))
	}
	writeJSON(w, 200, map[string]any{"products": out, "total": res.Total})
}

// adminProducts lists products; with q it searches (cursor = offset), without
// q it pages by id (cursor = last id), both opaque to the caller.
func (s *Server) adminProducts(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, 50, 1000)
	if err != nil {
		writeError(w, r, err)
		return
	}
	cur, err := cursorParam(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var ps []catalog.Product
	next := ""
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		res, err := s.Catalog.Search(r.Context(), catalog.Query{Text: q, IncludeInactive: true, Limit: limit, Offset: int(cur)})
		if err != nil {
			writeError(w, r, err)
			return
		}
		ps = res.Products
		if int(cur)+len(ps) < res.Total {
			next = encodeCursor(cur + int64(len(ps)))
		}
	} else {
		ps, err = s.Catalog.List(r.Context(), cur, limit+1)
		if err != nil {
			writeError(w, r, err)
			return
		}
		if len(ps) > limit {
			ps = ps[:limit]
			next = encodeCursor(ps[len(ps)-1].ID)
		}
	}
	out := make([]Product, 0, len(ps))
	for _, p := range ps {
		out = append(out, productJSON(p))
	}
	body := map[string]any{"products": out}
	if next != "" {
		body["next_cursor"] = next
	}
	writeJSON(w, 200, body)
}

func (s *Server) adminProduct(w http.ResponseWriter, r *http.Request) {
	p, err := s.Catalog.Product(r.Context(), r.PathValue("handle"))
	if errors.Is(err, catalog.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no product with handle %q", r.PathValue("handle")))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, productJSON(*p))
}

// importCatalog takes a Shopify product CSV export.
func (s *Server) importCatalog(w http.ResponseWriter, r *http.Request) {
	if err := requireType(r, "text/csv"); err != nil {
		writeError(w, r, err)
		return
	}
	body := http.MaxBytesReader(w, r.Body, maxImportBody)
	res, err := s.Catalog.ImportCSV(r.Context(), body, s.Currency, nil)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, "payload_too_large", "the file is larger than %d bytes", tooBig.Limit))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Products == 0 && len(res.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, res)
}

func limitParam(r *http.Request, def, max int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, errorf(http.StatusBadRequest, "invalid_limit", "limit must be a number from 1 to %d", max)
	}
	return n, nil
}

func cursorParam(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("cursor")
	if v == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err == nil {
		if n, err := strconv.ParseInt(string(b), 10, 64); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, errorf(http.StatusBadRequest, "invalid_cursor", "cursor must be a next_cursor value from an earlier page")
}

func encodeCursor(n int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(n, 10)))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
