// Package magento follows a Magento / Adobe Commerce store through its REST
// API (/rest/V1) with an integration access token: the catalogue and its
// stock (Inventory source items) are polled, since Magento Open Source
// sends no webhooks, and paid chat orders are created with POST
// /rest/V1/orders under an increment id of ours, which is how a retry finds
// an order made before.
package magento

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
const Name = "magento"

// Magento is the adapter for one store.
type Magento struct {
	Config   config.Magento
	Currency string
	HTTP     *http.Client
	PageSize int
	// MediaURL is where catalogue images live: base URL + /media/catalog/product.
	MediaURL string
}

// New makes the adapter.
func New(cfg config.Magento, currency string) *Magento {
	base := strings.TrimRight(cfg.URL, "/")
	return &Magento{Config: cfg, Currency: currency, HTTP: &http.Client{Timeout: 30 * time.Second}, PageSize: 200,
		MediaURL: base + "/media/catalog/product"}
}

// Name is "magento".
func (m *Magento) Name() string { return Name }

// Decode: Magento sends no webhooks; everything comes by polling.
func (m *Magento) Decode(context.Context, string, []byte) (platform.Change, error) {
	return platform.Change{}, platform.ErrUnknownTopic
}

// Product is a product as GET /rest/V1/products lists it.
type Product struct {
	ID                  int64             `json:"id"`
	SKU                 string            `json:"sku"`
	Name                string            `json:"name"`
	Price               json.Number       `json:"price"`
	Status              int               `json:"status"`     // 1 enabled, 2 disabled
	Visibility          int               `json:"visibility"` // 1 not visible individually
	TypeID              string            `json:"type_id"`    // simple, configurable, …
	ExtensionAttributes ProductExtensions `json:"extension_attributes"`
	MediaGalleryEntries []struct {
		File     string `json:"file"`
		Position int    `json:"position"`
		Disabled bool   `json:"disabled"`
	} `json:"media_gallery_entries"`
	CustomAttributes []CustomAttribute `json:"custom_attributes"`
}

// ProductExtensions are the extension attributes we read.
type ProductExtensions struct {
	ConfigurableProductOptions []struct {
		AttributeID string `json:"attribute_id"`
		Label       string `json:"label"`
		Position    int    `json:"position"`
	} `json:"configurable_product_options"`
	ConfigurableProductLinks []int64 `json:"configurable_product_links"`
}

// CustomAttribute is one of a product's EAV attributes.
type CustomAttribute struct {
	Code  string `json:"attribute_code"`
	Value any    `json:"value"`
}

func (p Product) attr(code string) string {
	for _, a := range p.CustomAttributes {
		if a.Code == code {
			if s, ok := a.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}

func (m *Magento) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	u := strings.TrimRight(m.Config.URL, "/") + "/rest/V1" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+m.Config.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := m.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("magento %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e struct{ Message string }
		json.Unmarshal(raw, &e)
		return fmt.Errorf("magento %s %s: HTTP %d %s", method, path, resp.StatusCode, e.Message)
	}
	if out != nil {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(out); err != nil {
			return fmt.Errorf("read magento answer: %w", err)
		}
	}
	return nil
}

// page adds Magento's paging to a search.
func page(n, size int) url.Values {
	return url.Values{"searchCriteria[currentPage]": {strconv.Itoa(n)}, "searchCriteria[pageSize]": {strconv.Itoa(size)}}
}

// Catalogue reads every product and every stock figure, then hands the
// sellable products over in pages: a configurable product's variants are
// its child products, which may be listed on any page.
func (m *Magento) Catalogue(ctx context.Context, hand func([]platform.Product) error) error {
	var all []Product
	for n := 1; ; n++ {
		var res struct {
			Items      []Product `json:"items"`
			TotalCount int       `json:"total_count"`
		}
		if err := m.do(ctx, http.MethodGet, "/products", page(n, m.PageSize), nil, &res); err != nil {
			return fmt.Errorf("read products: %w", err)
		}
		all = append(all, res.Items...)
		if len(res.Items) < m.PageSize || len(all) >= res.TotalCount {
			break
		}
	}
	stock, err := m.stock(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]Product, len(all))
	for _, p := range all {
		byID[p.ID] = p
	}
	labels := attributeLabels{m: m, cache: map[string]attribute{}}
	var out []platform.Product
	for _, p := range all {
		if p.Visibility == 1 {
			continue // a child of a configurable product, sold through it
		}
		mp, err := m.model(ctx, p, byID, stock, &labels)
		if err != nil {
			return fmt.Errorf("product %s: %w", p.SKU, err)
		}
		out = append(out, mp)
		if len(out) == 100 {
			if err := hand(out); err != nil {
				return err
			}
			out = nil
		}
	}
	if len(out) > 0 {
		return hand(out)
	}
	return nil
}

// stock sums the quantities of enabled source items per SKU (Inventory,
// Magento 2.3 and later).
func (m *Magento) stock(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	seen := 0
	for n := 1; ; n++ {
		var res struct {
			Items []struct {
				SKU      string      `json:"sku"`
				Quantity json.Number `json:"quantity"`
				Status   int         `json:"status"`
			} `json:"items"`
			TotalCount int `json:"total_count"`
		}
		if err := m.do(ctx, http.MethodGet, "/inventory/source-items", page(n, 500), nil, &res); err != nil {
			return nil, fmt.Errorf("read stock: %w", err)
		}
		for _, it := range res.Items {
			if it.Status != 1 {
				continue
			}
			q, _ := it.Quantity.Float64() // quantities may be decimal ("100.0000")
			out[it.SKU] += int(q)
		}
		seen += len(res.Items)
		if len(res.Items) < 500 || seen >= res.TotalCount {
			return out, nil
		}
	}
}

type attribute struct {
	code   string
	values map[string]string // option value → label
}

// attributeLabels reads the attributes configurable products vary by,
// once each.
type attributeLabels struct {
	m     *Magento
	cache map[string]attribute
}

func (l *attributeLabels) get(ctx context.Context, id string) (attribute, error) {
	if a, ok := l.cache[id]; ok {
		return a, nil
	}
	q := url.Values{
		"searchCriteria[filter_groups][0][filters][0][field]":          {"attribute_id"},
		"searchCriteria[filter_groups][0][filters][0][value]":          {id},
		"searchCriteria[filter_groups][0][filters][0][condition_type]": {"eq"},
	}
	var res struct {
		Items []struct {
			Code    string `json:"attribute_code"`
			Options []struct {
				Label string `json:"label"`
				Value string `json:"value"`
			} `json:"options"`
		} `json:"items"`
	}
	if err := l.m.do(ctx, http.MethodGet, "/products/attributes", q, nil, &res); err != nil {
		return attribute{}, fmt.Errorf("read attribute %s: %w", id, err)
	}
	a := attribute{values: map[string]string{}}
	if len(res.Items) > 0 {
		a.code = res.Items[0].Code
		for _, o := range res.Items[0].Options {
			a.values[o.Value] = o.Label
		}
	}
	l.cache[id] = a
	return a, nil
}

func (m *Magento) model(ctx context.Context, p Product, byID map[int64]Product, stock map[string]int, labels *attributeLabels) (platform.Product, error) {
	id := strconv.FormatInt(p.ID, 10)
	out := platform.Product{ExternalID: id}
	cp := &out.Product
	cp.Handle = p.attr("url_key")
	if cp.Handle == "" {
		cp.Handle = "magento-" + id
	}
	cp.Title, cp.BodyHTML = p.Name, p.attr("description")
	cp.Status = catalog.StatusActive
	if p.Status != 1 {
		cp.Status = catalog.StatusDraft
	}
	for _, e := range p.MediaGalleryEntries {
		if !e.Disabled && e.File != "" {
			cp.Images = append(cp.Images, m.MediaURL+e.File)
		}
	}
	if p.TypeID != "configurable" {
		v, err := m.variant(p, stock)
		if err != nil {
			return out, err
		}
		v.Position = 1
		cp.Variants = []catalog.Variant{v}
		out.Items = []platform.Item{{ProductID: id, VariantID: id}}
		return out, nil
	}
	type opt struct{ label, code string }
	var opts []opt
	var attrs []attribute
	for _, o := range p.ExtensionAttributes.ConfigurableProductOptions {
		a, err := labels.get(ctx, o.AttributeID)
		if err != nil {
			return out, err
		}
		opts = append(opts, opt{label: o.Label, code: a.code})
		attrs = append(attrs, a)
		cp.Options = append(cp.Options, o.Label)
	}
	for i, cid := range p.ExtensionAttributes.ConfigurableProductLinks {
		child, ok := byID[cid]
		if !ok {
			continue
		}
		v, err := m.variant(child, stock)
		if err != nil {
			return out, err
		}
		v.Position = i + 1
		v.Options = map[string]string{}
		for j, o := range opts {
			val := child.attr(o.code)
			if l, ok := attrs[j].values[val]; ok {
				val = l
			}
			if val != "" {
				v.Options[o.label] = val
			}
		}
		cp.Variants = append(cp.Variants, v)
		out.Items = append(out.Items, platform.Item{ProductID: id, VariantID: strconv.FormatInt(cid, 10)})
	}
	return out, nil
}

func (m *Magento) variant(p Product, stock map[string]int) (catalog.Variant, error) {
	price := p.Price.String()
	if price == "" {
		price = "0"
	}
	pm, err := parseDecimal(price, m.Currency)
	if err != nil {
		return catalog.Variant{}, fmt.Errorf("price %q: %w", price, err)
	}
	v := catalog.Variant{SKU: p.SKU, Price: pm, Stock: stock[p.SKU]}
	if sp := p.attr("special_price"); sp != "" {
		if s, err := parseDecimal(sp, m.Currency); err == nil && s.Amount < pm.Amount && s.Amount > 0 {
			was := pm
			v.Price, v.CompareAtPrice = s, &was
		}
	}
	if strings.TrimSpace(v.SKU) == "" {
		return v, fmt.Errorf("product %d has no SKU", p.ID)
	}
	return v, nil
}

// parseDecimal reads Magento's amounts, which carry four decimals
// ("34.0000") or none ("34"), to the currency's minor units.
func parseDecimal(s, currency string) (money.Money, error) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return money.Parse(s, currency)
}

// IncrementID is the number our order gets in Magento.
func IncrementID(number string) string { return "SK-" + number }

// CreateOrder creates a paid chat order, or finds the one a lost answer
// left there (by its increment id).
func (m *Magento) CreateOrder(ctx context.Context, o *order.Order, lines []platform.Line) (string, error) {
	inc := IncrementID(o.Number)
	q := url.Values{
		"searchCriteria[filter_groups][0][filters][0][field]":          {"increment_id"},
		"searchCriteria[filter_groups][0][filters][0][value]":          {inc},
		"searchCriteria[filter_groups][0][filters][0][condition_type]": {"eq"},
	}
	var found struct {
		Items []struct {
			EntityID json.Number `json:"entity_id"`
		} `json:"items"`
	}
	if err := m.do(ctx, http.MethodGet, "/orders", q, nil, &found); err != nil {
		return "", fmt.Errorf("look for order %s: %w", o.Number, err)
	}
	if len(found.Items) > 0 {
		return found.Items[0].EntityID.String(), nil
	}
	cur := o.Total.Currency
	var items []map[string]any
	for _, l := range lines {
		it := map[string]any{"sku": l.SKU, "name": l.Title, "qty_ordered": l.Quantity, "price": l.UnitPrice.Decimal(),
			"base_price": l.UnitPrice.Decimal(), "row_total": l.UnitPrice.Mul(l.Quantity).Decimal(), "product_type": "simple"}
		if pid, _ := strconv.ParseInt(l.Upstream.VariantID, 10, 64); pid != 0 {
			it["product_id"] = pid
		}
		items = append(items, it)
	}
	a := o.ShippingAddress
	first, last := splitName(a.Name)
	addr := func(kind string) map[string]any {
		street := []string{a.Line1}
		if a.Line2 != "" {
			street = append(street, a.Line2)
		}
		return map[string]any{"address_type": kind, "firstname": first, "lastname": last, "street": street, "city": a.City,
			"postcode": a.PostalCode, "country_id": a.Country, "email": o.Email, "telephone": phoneOr(o.Phone)}
	}
	entity := map[string]any{
		"increment_id": inc, "state": "processing", "status": "processing", "store_id": 1,
		"customer_email": o.Email, "customer_firstname": first, "customer_lastname": last, "customer_is_guest": 1,
		"base_currency_code": cur, "order_currency_code": cur, "global_currency_code": cur, "store_currency_code": cur,
		"subtotal": o.Subtotal.Decimal(), "base_subtotal": o.Subtotal.Decimal(),
		"discount_amount": "-" + o.Discount.Decimal(), "shipping_amount": o.Shipping.Decimal(), "base_shipping_amount": o.Shipping.Decimal(),
		"grand_total": o.Total.Decimal(), "base_grand_total": o.Total.Decimal(),
		"total_paid": o.Total.Decimal(), "base_total_paid": o.Total.Decimal(),
		"items": items, "billing_address": addr("billing"),
		"payment": map[string]any{"method": "checkmo", "additional_information": []string{"Paid in chat, order " + o.Number}},
		"extension_attributes": map[string]any{"shipping_assignments": []map[string]any{{
			"shipping": map[string]any{"address": addr("shipping"), "method": "flatrate_flatrate"}, "items": []any{}}}},
	}
	var created struct {
		EntityID json.Number `json:"entity_id"`
	}
	if err := m.do(ctx, http.MethodPost, "/orders", nil, map[string]any{"entity": entity}, &created); err != nil {
		return "", fmt.Errorf("create order %s: %w", o.Number, err)
	}
	if created.EntityID == "" {
		return "", fmt.Errorf("create order %s: Magento returned no id", o.Number)
	}
	return created.EntityID.String(), nil
}

func splitName(n string) (string, string) {
	n = strings.TrimSpace(n)
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		return n[:i], n[i+1:]
	}
	return n, n
}

// phoneOr fills Magento's required telephone when the chat took none.
func phoneOr(p string) string {
	if p == "" {
		return "-"
	}
	return p
}
