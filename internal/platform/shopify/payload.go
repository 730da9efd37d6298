package shopify

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// The webhook payloads are Shopify's REST shapes (numeric ids, snake_case),
// whatever API the app otherwise uses.

// Product is a product as products/create and products/update send it.
type Product struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	BodyHTML    string    `json:"body_html"`
	Vendor      string    `json:"vendor"`
	ProductType string    `json:"product_type"`
	Handle      string    `json:"handle"`
	Status      string    `json:"status"` // active, draft, archived
	Tags        string    `json:"tags"`   // "a, b, c"
	Variants    []Variant `json:"variants"`
	Options     []Option  `json:"options"`
	Images      []Image   `json:"images"`
}

// Variant is a product variant in a webhook.
type Variant struct {
	ID                int64   `json:"id"`
	ProductID         int64   `json:"product_id"`
	Title             string  `json:"title"`
	Price             string  `json:"price"`
	SKU               *string `json:"sku"`
	Position          int     `json:"position"`
	CompareAtPrice    *string `json:"compare_at_price"`
	Option1           *string `json:"option1"`
	Option2           *string `json:"option2"`
	Option3           *string `json:"option3"`
	ImageID           *int64  `json:"image_id"`
	InventoryItemID   int64   `json:"inventory_item_id"`
	InventoryQuantity *int    `json:"inventory_quantity"` // absent in some API versions' payloads
}

// Option is one of a product's options.
type Option struct {
	Name     string   `json:"name"`
	Position int      `json:"position"`
	Values   []string `json:"values"`
}

// Image is a product image.
type Image struct {
	ID       int64  `json:"id"`
	Src      string `json:"src"`
	Position int    `json:"position"`
}

// InventoryLevel is the inventory_levels/update payload.
type InventoryLevel struct {
	InventoryItemID int64  `json:"inventory_item_id"`
	LocationID      int64  `json:"location_id"`
	Available       *int   `json:"available"`
	UpdatedAt       string `json:"updated_at"`
}

// Fulfillment is the fulfillments/create payload (and an entry of an
// order's fulfillments in orders/fulfilled).
type Fulfillment struct {
	ID              int64    `json:"id"`
	OrderID         int64    `json:"order_id"`
	Status          string   `json:"status"`
	TrackingCompany string   `json:"tracking_company"`
	TrackingNumber  string   `json:"tracking_number"`
	TrackingNumbers []string `json:"tracking_numbers"`
	TrackingURL     string   `json:"tracking_url"`
}

// Order is the part of an order payload (orders/fulfilled) we read.
type Order struct {
	ID           int64         `json:"id"`
	Fulfillments []Fulfillment `json:"fulfillments"`
}

// RefundPayload is the refunds/create payload.
type RefundPayload struct {
	ID           int64         `json:"id"`
	OrderID      int64         `json:"order_id"`
	Transactions []Transaction `json:"transactions"`
}

// Transaction is a money movement of a refund.
type Transaction struct {
	Kind     string `json:"kind"`   // "refund"
	Status   string `json:"status"` // "success"
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// gid is the GraphQL id of a REST numeric id: the form we key everything by,
// since the GraphQL API (sync, order creation) speaks only that.
func gid(kind string, id int64) string {
	return "gid://shopify/" + kind + "/" + strconv.FormatInt(id, 10)
}

// numericID is the numeric tail of a GraphQL id.
func numericID(g string) string { return g[strings.LastIndexByte(g, '/')+1:] }

// decode reads a webhook payload of a topic into the changes it makes.
func decode(topic string, body []byte, currency string) (platform.Change, error) {
	var c platform.Change
	switch topic {
	case "products/create", "products/update":
		var p Product
		if err := json.Unmarshal(body, &p); err != nil {
			return c, fmt.Errorf("read product: %w", err)
		}
		pp, err := p.model(currency)
		if err != nil {
			return c, err
		}
		c.Products = []platform.Product{pp}
	case "products/delete":
		var p struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return c, fmt.Errorf("read deleted product: %w", err)
		}
		if p.ID == 0 {
			return c, fmt.Errorf("deleted product without id")
		}
		c.Deleted = []string{gid("Product", p.ID)}
	case "inventory_levels/update":
		var l InventoryLevel
		if err := json.Unmarshal(body, &l); err != nil {
			return c, fmt.Errorf("read inventory level: %w", err)
		}
		if l.InventoryItemID == 0 || l.LocationID == 0 {
			return c, fmt.Errorf("inventory level without item or location")
		}
		avail := 0
		if l.Available != nil {
			avail = *l.Available
		}
		c.Stock = []platform.StockLevel{{InventoryItemID: gid("InventoryItem", l.InventoryItemID),
			LocationID: strconv.FormatInt(l.LocationID, 10), Available: avail}}
	case "fulfillments/create", "fulfillments/update":
		var f Fulfillment
		if err := json.Unmarshal(body, &f); err != nil {
			return c, fmt.Errorf("read fulfillment: %w", err)
		}
		if f.Status == "" || f.Status == "success" {
			c.Fulfilments = []platform.Fulfilment{f.model()}
		}
	case "orders/fulfilled":
		var o Order
		if err := json.Unmarshal(body, &o); err != nil {
			return c, fmt.Errorf("read order: %w", err)
		}
		for _, f := range o.Fulfillments {
			if f.OrderID == 0 {
				f.OrderID = o.ID
			}
			if f.Status == "" || f.Status == "success" {
				c.Fulfilments = append(c.Fulfilments, f.model())
			}
		}
	case "refunds/create":
		var r RefundPayload
		if err := json.Unmarshal(body, &r); err != nil {
			return c, fmt.Errorf("read refund: %w", err)
		}
		var total int64
		for _, t := range r.Transactions {
			if t.Kind != "refund" || (t.Status != "" && t.Status != "success") {
				continue
			}
			cur := t.Currency
			if cur == "" {
				cur = currency
			}
			m, err := money.Parse(t.Amount, cur)
			if err != nil {
				return c, fmt.Errorf("read refund amount: %w", err)
			}
			total += m.Amount
		}
		c.Refunds = []platform.Refund{{OrderID: gid("Order", r.OrderID), Amount: total}}
	default:
		return c, platform.ErrUnknownTopic
	}
	return c, nil
}

func (f Fulfillment) model() platform.Fulfilment {
	n := f.TrackingNumber
	if n == "" && len(f.TrackingNumbers) > 0 {
		n = f.TrackingNumbers[0]
	}
	return platform.Fulfilment{OrderID: gid("Order", f.OrderID), Company: f.TrackingCompany, TrackingNumber: n, TrackingURL: f.TrackingURL}
}

// model turns a webhook product into ours.
func (p Product) model(currency string) (platform.Product, error) {
	if p.ID == 0 || strings.TrimSpace(p.Title) == "" {
		return platform.Product{}, fmt.Errorf("product without id or title")
	}
	out := platform.Product{ExternalID: gid("Product", p.ID)}
	cp := &out.Product
	cp.Handle, cp.Title, cp.BodyHTML, cp.Vendor, cp.Type = handleOr(p.Handle, p.ID), p.Title, p.BodyHTML, p.Vendor, p.ProductType
	cp.Status = status(p.Status)
	cp.Tags = splitTags(p.Tags)
	names := make([]string, 0, len(p.Options))
	for _, o := range p.Options {
		names = append(names, o.Name)
	}
	for _, im := range p.Images {
		cp.Images = append(cp.Images, im.Src)
	}
	imageByID := map[int64]string{}
	for _, im := range p.Images {
		imageByID[im.ID] = im.Src
	}
	for i, v := range p.Variants {
		vals := []*string{v.Option1, v.Option2, v.Option3}
		opts := map[string]string{}
		for j, name := range names {
			if j < 3 && vals[j] != nil {
				opts[name] = *vals[j]
			}
		}
		price, err := money.Parse(v.Price, currency)
		if err != nil {
			return platform.Product{}, fmt.Errorf("variant %d price %q: %w", v.ID, v.Price, err)
		}
		var cmp *money.Money
		if v.CompareAtPrice != nil && *v.CompareAtPrice != "" {
			c, err := money.Parse(*v.CompareAtPrice, currency)
			if err != nil {
				return platform.Product{}, fmt.Errorf("variant %d compare-at price: %w", v.ID, err)
			}
			if c.Amount > price.Amount {
				cmp = &c
			}
		}
		sku := ""
		if v.SKU != nil {
			sku = strings.TrimSpace(*v.SKU)
		}
		pos := v.Position
		if pos == 0 {
			pos = i + 1
		}
		var img string
		if v.ImageID != nil {
			img = imageByID[*v.ImageID]
		}
		stock := platform.StockUnknown
		if v.InventoryQuantity != nil {
			stock = *v.InventoryQuantity
		}
		cp.Variants = append(cp.Variants, catalog.Variant{SKU: skuOr(sku, v.ID), Options: opts, Price: price,
			CompareAtPrice: cmp, Stock: stock, Position: pos, Image: img})
		out.Items = append(out.Items, platform.Item{ProductID: out.ExternalID, VariantID: gid("ProductVariant", v.ID),
			InventoryItemID: inventoryGID(v.InventoryItemID)})
	}
	cp.Options = names
	dropDefaultTitle(cp)
	return out, nil
}

func inventoryGID(id int64) string {
	if id == 0 {
		return ""
	}
	return gid("InventoryItem", id)
}

// skuOr derives a SKU for a variant that has none: ours are keyed by SKU,
// and the variant id is stable upstream.
func skuOr(sku string, variantID int64) string {
	if sku != "" {
		return sku
	}
	return "shopify-" + strconv.FormatInt(variantID, 10)
}

func handleOr(h string, id int64) string {
	if h = strings.TrimSpace(h); h != "" {
		return h
	}
	return "shopify-" + strconv.FormatInt(id, 10)
}

func status(s string) string {
	switch strings.ToLower(s) {
	case catalog.StatusDraft:
		return catalog.StatusDraft
	case catalog.StatusArchived:
		return catalog.StatusArchived
	}
	return catalog.StatusActive
}

func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// dropDefaultTitle removes Shopify's placeholder option of a product
// without options ("Title" = "Default Title"), which a shopper never says.
func dropDefaultTitle(p *catalog.Product) {
	if len(p.Options) != 1 || p.Options[0] != "Title" {
		return
	}
	for _, v := range p.Variants {
		if v.Options["Title"] != "Default Title" {
			return
		}
	}
	p.Options = nil
	for i := range p.Variants {
		p.Variants[i].Options = map[string]string{}
	}
}
