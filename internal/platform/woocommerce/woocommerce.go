// Package woocommerce follows a WooCommerce shop: signed webhooks in
// (POST /webhooks/woocommerce), the catalogue read and paid chat orders
// created through the REST API v3 (/wp-json/wc/v3) with the shop's consumer
// key and secret. WooCommerce disables a webhook after repeated failed
// deliveries, so the reconciliation poll is what keeps the shop right.
package woocommerce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// Name is the platform's key.
const Name = "woocommerce"

// untracked is the stock of a product whose stock WooCommerce does not
// manage but calls in stock: enough never to refuse a sale.
const untracked = 9999

// WooCommerce is the adapter for one shop.
type WooCommerce struct {
	Config   config.WooCommerce
	Currency string
	HTTP     *http.Client
	PerPage  int
}

// New makes the adapter.
func New(cfg config.WooCommerce, currency string) *WooCommerce {
	return &WooCommerce{Config: cfg, Currency: currency, HTTP: &http.Client{Timeout: 30 * time.Second}, PerPage: 100}
}

// Name is "woocommerce".
func (w *WooCommerce) Name() string { return Name }

// Product is a product in the REST API's and the webhooks' shape.
type Product struct {
	ID               int64       `json:"id"`
	Name             string      `json:"name"`
	Slug             string      `json:"slug"`
	Type             string      `json:"type"`   // simple, variable, grouped, external
	Status           string      `json:"status"` // publish, draft, pending, private
	Description      string      `json:"description"`
	SKU              string      `json:"sku"`
	Price            string      `json:"price"`
	RegularPrice     string      `json:"regular_price"`
	SalePrice        string      `json:"sale_price"`
	ManageStock      bool        `json:"manage_stock"`
	StockQuantity    *int        `json:"stock_quantity"`
	StockStatus      string      `json:"stock_status"` // instock, outofstock, onbackorder
	Categories       []Term      `json:"categories"`
	Tags             []Term      `json:"tags"`
	Images           []Image     `json:"images"`
	Attributes       []Attribute `json:"attributes"`
	Variations       []int64     `json:"variations"`
	VariationDetails []Variation `json:"-"` // read from /products/{id}/variations
}

// Term is a category or tag.
type Term struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Image is a product image.
type Image struct {
	ID  int64  `json:"id"`
	Src string `json:"src"`
}

// Attribute is a product attribute; Variation ones are the options.
type Attribute struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Position  int      `json:"position"`
	Variation bool     `json:"variation"`
	Options   []string `json:"options"`
}

// Variation is a variation of a variable product.
type Variation struct {
	ID            int64  `json:"id"`
	SKU           string `json:"sku"`
	Price         string `json:"price"`
	RegularPrice  string `json:"regular_price"`
	SalePrice     string `json:"sale_price"`
	ManageStock   any    `json:"manage_stock"` // true, false or "parent"
	StockQuantity *int   `json:"stock_quantity"`
	StockStatus   string `json:"stock_status"`
	Image         *Image `json:"image"`
	Attributes    []struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Option string `json:"option"`
	} `json:"attributes"`
}

func (w *WooCommerce) do(ctx context.Context, method, path string, query url.Values, body any, out any) (http.Header, error) {
	u := strings.TrimRight(w.Config.URL, "/") + "/wp-json/wc/v3" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	// HTTP Basic with the consumer key and secret: what WooCommerce
	// accepts over HTTPS.
	req.SetBasicAuth(w.Config.Key, w.Config.Secret)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("woocommerce %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Code, Message string
		}
		json.Unmarshal(raw, &e)
		return nil, fmt.Errorf("woocommerce %s %s: HTTP %d %s", method, path, resp.StatusCode, e.Code)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return nil, fmt.Errorf("read woocommerce answer: %w", err)
		}
	}
	return resp.Header, nil
}

// Catalogue reads every product page by page, with the variations of
// variable products.
func (w *WooCommerce) Catalogue(ctx context.Context, page func([]platform.Product) error) error {
	for n := 1; ; n++ {
		var ps []Product
		h, err := w.do(ctx, http.MethodGet, "/products", url.Values{"per_page": {strconv.Itoa(w.PerPage)}, "page": {strconv.Itoa(n)}}, nil, &ps)
		if err != nil {
			return err
		}
		out := make([]platform.Product, 0, len(ps))
		for _, p := range ps {
			if err := w.complete(ctx, &p); err != nil {
				return err
			}
			mp, err := p.model(w.Currency)
			if err != nil {
				return fmt.Errorf("product %d: %w", p.ID, err)
			}
			out = append(out, mp)
		}
		if len(out) > 0 {
			if err := page(out); err != nil {
				return err
			}
		}
		total, _ := strconv.Atoi(h.Get("X-WP-TotalPages"))
		if len(ps) < w.PerPage || (total > 0 && n >= total) {
			return nil
		}
	}
}

// complete reads a variable product's variations.
func (w *WooCommerce) complete(ctx context.Context, p *Product) error {
	if p.Type != "variable" {
		return nil
	}
	for n := 1; ; n++ {
		var vs []Variation
		if _, err := w.do(ctx, http.MethodGet, fmt.Sprintf("/products/%d/variations", p.ID),
			url.Values{"per_page": {"100"}, "page": {strconv.Itoa(n)}}, nil, &vs); err != nil {
			return err
		}
		p.VariationDetails = append(p.VariationDetails, vs...)
		if len(vs) < 100 {
			return nil
		}
	}
}

// Decode reads a stored webhook event.
func (w *WooCommerce) Decode(ctx context.Context, topic string, payload []byte) (platform.Change, error) {
	var c platform.Change
	switch topic {
	case "product.created", "product.updated", "product.restored":
		p, err := ParseProduct(payload)
		if err != nil {
			return c, err
		}
		if err := w.complete(ctx, &p); err != nil {
			return c, err
		}
		mp, err := p.model(w.Currency)
		if err != nil {
			return c, err
		}
		c.Products = []platform.Product{mp}
	case "product.deleted":
		p, err := ParseProduct(payload)
		if err != nil {
			return c, err
		}
		c.Deleted = []string{strconv.FormatInt(p.ID, 10)}
	case "order.updated":
		var o struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(payload, &o); err != nil {
			return c, fmt.Errorf("read order: %w", err)
		}
		id := strconv.FormatInt(o.ID, 10)
		switch o.Status {
		case "completed":
			c.Fulfilments = []platform.Fulfilment{{OrderID: id, Company: "WooCommerce"}}
		case "refunded":
			c.Refunds = []platform.Refund{{OrderID: id}}
		}
	default:
		return c, platform.ErrUnknownTopic
	}
	return c, nil
}

// ParseProduct reads a product payload.
func ParseProduct(b []byte) (Product, error) {
	var p Product
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("read product: %w", err)
	}
	if p.ID <= 0 {
		return p, fmt.Errorf("product without id")
	}
	return p, nil
}

func (p Product) model(currency string) (platform.Product, error) {
	id := strconv.FormatInt(p.ID, 10)
	out := platform.Product{ExternalID: id}
	cp := &out.Product
	cp.Handle = strings.TrimSpace(p.Slug)
	if cp.Handle == "" {
		cp.Handle = "woo-" + id
	}
	cp.Title, cp.BodyHTML = p.Name, p.Description
	if strings.TrimSpace(cp.Title) == "" {
		return out, fmt.Errorf("product without name")
	}
	switch p.Status {
	case "publish":
		cp.Status = catalog.StatusActive
	case "trash":
		cp.Status = catalog.StatusArchived
	default:
		cp.Status = catalog.StatusDraft
	}
	if len(p.Categories) > 0 {
		cp.Type = p.Categories[0].Name
	}
	for _, t := range p.Tags {
		cp.Tags = append(cp.Tags, t.Name)
	}
	for _, im := range p.Images {
		cp.Images = append(cp.Images, im.Src)
	}
	if p.Type != "variable" {
		v, err := variant(currency, p.SKU, "woo-"+id, p.Price, p.RegularPrice, p.ManageStock, p.StockQuantity, p.StockStatus)
		if err != nil {
			return out, err
		}
		v.Position = 1
		cp.Variants = []catalog.Variant{v}
		out.Items = []platform.Item{{ProductID: id}}
		return out, nil
	}
	for _, a := range p.Attributes {
		if a.Variation {
			cp.Options = append(cp.Options, a.Name)
		}
	}
	for i, vv := range p.VariationDetails {
		vid := strconv.FormatInt(vv.ID, 10)
		manage := vv.ManageStock == true || vv.ManageStock == "parent"
		qty := vv.StockQuantity
		if vv.ManageStock == "parent" {
			qty = p.StockQuantity
		}
		v, err := variant(currency, vv.SKU, "woo-"+vid, vv.Price, vv.RegularPrice, manage, qty, vv.StockStatus)
		if err != nil {
			return out, fmt.Errorf("variation %d: %w", vv.ID, err)
		}
		v.Position = i + 1
		v.Options = map[string]string{}
		for _, a := range vv.Attributes {
			v.Options[a.Name] = a.Option
		}
		if vv.Image != nil {
			v.Image = vv.Image.Src
		}
		cp.Variants = append(cp.Variants, v)
		out.Items = append(out.Items, platform.Item{ProductID: id, VariantID: vid})
	}
	return out, nil
}

func variant(currency, sku, fallback, price, regular string, manage bool, qty *int, status string) (catalog.Variant, error) {
	var v catalog.Variant
	v.SKU = strings.TrimSpace(sku)
	if v.SKU == "" {
		v.SKU = fallback
	}
	if price == "" {
		price = regular
	}
	if price == "" {
		price = "0"
	}
	pm, err := money.Parse(price, currency)
	if err != nil {
		return v, fmt.Errorf("price %q: %w", price, err)
	}
	v.Price = pm
	if regular != "" {
		if r, err := money.Parse(regular, currency); err == nil && r.Amount > pm.Amount {
			v.CompareAtPrice = &r
		}
	}
	switch {
	case manage && qty != nil:
		v.Stock = *qty
	case status == "instock" || status == "onbackorder":
		v.Stock = untracked
	}
	return v, nil
}

// OrderMetaKey marks an order as ours, with our number.
const OrderMetaKey = "_shopkeeper_order"

// OrderReference is what a retry searches for to find an order made before.
func OrderReference(number string) string { return "shopkeeper-" + number }

// CreateOrder creates a paid chat order, or finds the one a lost answer
// left there.
func (w *WooCommerce) CreateOrder(ctx context.Context, o *order.Order, lines []platform.Line) (string, error) {
	ref := OrderReference(o.Number)
	var found []struct {
		ID            int64  `json:"id"`
		TransactionID string `json:"transaction_id"`
	}
	if _, err := w.do(ctx, http.MethodGet, "/orders", url.Values{"search": {ref}, "per_page": {"5"}}, nil, &found); err != nil {
		return "", fmt.Errorf("look for order %s: %w", o.Number, err)
	}
	for _, f := range found {
		if f.TransactionID == ref {
			return strconv.FormatInt(f.ID, 10), nil
		}
	}
	var items []map[string]any
	for _, l := range lines {
		it := map[string]any{"quantity": l.Quantity, "total": l.UnitPrice.Mul(l.Quantity).Decimal()}
		pid, _ := strconv.ParseInt(l.Upstream.ProductID, 10, 64)
		if pid == 0 {
			it["name"], it["sku"] = l.Title, l.SKU
		} else {
			it["product_id"] = pid
			if vid, _ := strconv.ParseInt(l.Upstream.VariantID, 10, 64); vid != 0 {
				it["variation_id"] = vid
			}
		}
		items = append(items, it)
	}
	a := o.ShippingAddress
	first, last := splitName(a.Name)
	addr := map[string]any{"first_name": first, "last_name": last, "address_1": a.Line1, "address_2": a.Line2,
		"city": a.City, "postcode": a.PostalCode, "country": a.Country}
	billing := map[string]any{"first_name": first, "last_name": last, "email": o.Email, "address_1": a.Line1,
		"city": a.City, "postcode": a.PostalCode, "country": a.Country}
	body := map[string]any{
		"payment_method": "shopkeeper", "payment_method_title": "Paid in chat", "set_paid": true,
		"transaction_id": ref, "currency": o.Total.Currency, "billing": billing, "shipping": addr, "line_items": items,
		"customer_note": "Chat order " + o.Number,
		"meta_data":     []map[string]any{{"key": OrderMetaKey, "value": o.Number}},
	}
	if !o.Shipping.IsZero() || o.ShippingOption != "" {
		body["shipping_lines"] = []map[string]any{{"method_id": "flat_rate", "method_title": o.ShippingOption, "total": o.Shipping.Decimal()}}
	}
	var created struct {
		ID int64 `json:"id"`
	}
	if _, err := w.do(ctx, http.MethodPost, "/orders", nil, body, &created); err != nil {
		return "", fmt.Errorf("create order %s: %w", o.Number, err)
	}
	if created.ID == 0 {
		return "", fmt.Errorf("create order %s: WooCommerce returned no id", o.Number)
	}
	return strconv.FormatInt(created.ID, 10), nil
}

func splitName(n string) (string, string) {
	n = strings.TrimSpace(n)
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		return n[:i], n[i+1:]
	}
	return n, ""
}
