// Package shopify follows a Shopify store: signed webhooks in
// (POST /webhooks/shopify), the catalogue read and paid chat orders created
// through the Admin GraphQL API (the REST Admin API is legacy).
package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// Name is the platform's key.
const Name = "shopify"

// Shopify is the adapter for one store.
type Shopify struct {
	Config   config.Shopify
	Currency string // the shop's currency (prices in payloads carry none)
	HTTP     *http.Client
	// PageSize is how many products one catalogue query asks for; with
	// VariantsPerProduct it keeps a query under Shopify's cost limit of 1,000.
	PageSize           int
	VariantsPerProduct int
}

// New makes the adapter.
func New(cfg config.Shopify, currency string) *Shopify {
	return &Shopify{Config: cfg, Currency: currency, HTTP: &http.Client{Timeout: 30 * time.Second},
		PageSize: 25, VariantsPerProduct: 30}
}

// Name is "shopify".
func (s *Shopify) Name() string { return Name }

// Decode reads a stored webhook event.
func (s *Shopify) Decode(_ context.Context, topic string, payload []byte) (platform.Change, error) {
	return decode(topic, payload, s.Currency)
}

// gqlError is one error of a GraphQL answer.
type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// query runs one GraphQL request and decodes its data into out. Throttled
// requests are retried after a short wait.
func (s *Shopify) query(ctx context.Context, q string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Config.APIURL, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Shopify-Access-Token", s.Config.Token)
		resp, err := s.HTTP.Do(req)
		if err != nil {
			return fmt.Errorf("shopify graphql: %w", err)
		}
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("read shopify answer: %w", err)
		}
		var ans struct {
			Data   json.RawMessage `json:"data"`
			Errors []gqlError      `json:"errors"`
		}
		jsonErr := json.Unmarshal(raw, &ans)
		throttled := resp.StatusCode == http.StatusTooManyRequests ||
			(len(ans.Errors) > 0 && ans.Errors[0].Extensions.Code == "THROTTLED")
		if throttled && attempt < 5 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt+1) * time.Second):
			}
			continue
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("shopify graphql: HTTP %d", resp.StatusCode)
		}
		if jsonErr != nil {
			return fmt.Errorf("read shopify answer: %w", jsonErr)
		}
		if len(ans.Errors) > 0 {
			return fmt.Errorf("shopify graphql: %s", ans.Errors[0].Message)
		}
		return json.Unmarshal(ans.Data, out)
	}
}

// ProductsQuery pages through the catalogue (cursor paging).
const ProductsQuery = `query Products($first: Int!, $after: String, $variants: Int!) {
  products(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id handle title descriptionHtml vendor productType tags status
      options { name position }
      media(first: 5) { nodes { ... on MediaImage { image { url } } } }
      variants(first: $variants) {
        nodes { id sku price compareAtPrice position inventoryQuantity selectedOptions { name value } inventoryItem { id } }
      }
    }
  }
}`

// GQLProduct is a product as the GraphQL API answers.
type GQLProduct struct {
	ID              string   `json:"id"`
	Handle          string   `json:"handle"`
	Title           string   `json:"title"`
	DescriptionHTML string   `json:"descriptionHtml"`
	Vendor          string   `json:"vendor"`
	ProductType     string   `json:"productType"`
	Tags            []string `json:"tags"`
	Status          string   `json:"status"` // ACTIVE, DRAFT, ARCHIVED
	Options         []struct {
		Name     string `json:"name"`
		Position int    `json:"position"`
	} `json:"options"`
	Media struct {
		Nodes []struct {
			Image *struct {
				URL string `json:"url"`
			} `json:"image"`
		} `json:"nodes"`
	} `json:"media"`
	Variants struct {
		Nodes []GQLVariant `json:"nodes"`
	} `json:"variants"`
}

// GQLVariant is a product variant as the GraphQL API answers.
type GQLVariant struct {
	ID                string  `json:"id"`
	SKU               *string `json:"sku"`
	Price             string  `json:"price"`
	CompareAtPrice    *string `json:"compareAtPrice"`
	Position          int     `json:"position"`
	InventoryQuantity *int    `json:"inventoryQuantity"`
	SelectedOptions   []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"selectedOptions"`
	InventoryItem struct {
		ID string `json:"id"`
	} `json:"inventoryItem"`
}

// Catalogue reads every product, a page at a time.
func (s *Shopify) Catalogue(ctx context.Context, page func([]platform.Product) error) error {
	var after any
	for {
		var data struct {
			Products struct {
				PageInfo struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Nodes []GQLProduct `json:"nodes"`
			} `json:"products"`
		}
		if err := s.query(ctx, ProductsQuery, map[string]any{"first": s.PageSize, "after": after, "variants": s.VariantsPerProduct}, &data); err != nil {
			return fmt.Errorf("read products: %w", err)
		}
		ps := make([]platform.Product, 0, len(data.Products.Nodes))
		for _, n := range data.Products.Nodes {
			p, err := n.model(s.Currency)
			if err != nil {
				return fmt.Errorf("product %s: %w", n.ID, err)
			}
			ps = append(ps, p)
		}
		if len(ps) > 0 {
			if err := page(ps); err != nil {
				return err
			}
		}
		if !data.Products.PageInfo.HasNextPage {
			return nil
		}
		after = data.Products.PageInfo.EndCursor
	}
}

func (g GQLProduct) model(currency string) (platform.Product, error) {
	out := platform.Product{ExternalID: g.ID}
	p := &out.Product
	id := numericID(g.ID)
	p.Handle, p.Title, p.BodyHTML, p.Vendor, p.Type = g.Handle, g.Title, g.DescriptionHTML, g.Vendor, g.ProductType
	if p.Handle == "" {
		p.Handle = "shopify-" + id
	}
	p.Status = status(g.Status)
	p.Tags = g.Tags
	for _, o := range g.Options {
		p.Options = append(p.Options, o.Name)
	}
	for _, m := range g.Media.Nodes {
		if m.Image != nil && m.Image.URL != "" {
			p.Images = append(p.Images, m.Image.URL)
		}
	}
	for i, v := range g.Variants.Nodes {
		price, err := money.Parse(v.Price, currency)
		if err != nil {
			return out, fmt.Errorf("variant %s price %q: %w", v.ID, v.Price, err)
		}
		var cmp *money.Money
		if v.CompareAtPrice != nil && *v.CompareAtPrice != "" {
			c, err := money.Parse(*v.CompareAtPrice, currency)
			if err != nil {
				return out, fmt.Errorf("variant %s compare-at price: %w", v.ID, err)
			}
			if c.Amount > price.Amount {
				cmp = &c
			}
		}
		opts := map[string]string{}
		for _, so := range v.SelectedOptions {
			opts[so.Name] = so.Value
		}
		sku := ""
		if v.SKU != nil {
			sku = strings.TrimSpace(*v.SKU)
		}
		if sku == "" {
			sku = "shopify-" + numericID(v.ID)
		}
		stock := platform.StockUnknown // null without the read_inventory scope
		if v.InventoryQuantity != nil {
			stock = *v.InventoryQuantity
		}
		pos := v.Position
		if pos == 0 {
			pos = i + 1
		}
		p.Variants = append(p.Variants, catalog.Variant{SKU: sku, Options: opts, Price: price, CompareAtPrice: cmp, Stock: stock, Position: pos})
		out.Items = append(out.Items, platform.Item{ProductID: g.ID, VariantID: v.ID, InventoryItemID: v.InventoryItem.ID})
	}
	dropDefaultTitle(p)
	return out, nil
}

// FindOrderQuery finds an order we created before, by its tag.
const FindOrderQuery = `query FindOrder($query: String!) {
  orders(first: 1, query: $query) { nodes { id name } }
}`

// OrderCreateMutation creates a paid order (API 2024-10 and later).
const OrderCreateMutation = `mutation orderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    userErrors { field message }
    order { id name }
  }
}`

// OrderTag marks an order as ours, with our number: how a retry finds it.
func OrderTag(number string) string { return "shopkeeper-" + number }

// CreateOrder creates a paid chat order in Shopify, or finds the one a
// lost answer left there.
func (s *Shopify) CreateOrder(ctx context.Context, o *order.Order, lines []platform.Line) (string, error) {
	var found struct {
		Orders struct {
			Nodes []struct {
				ID string `json:"id"`
			} `json:"nodes"`
		} `json:"orders"`
	}
	if err := s.query(ctx, FindOrderQuery, map[string]any{"query": fmt.Sprintf("tag:%q", OrderTag(o.Number))}, &found); err != nil {
		return "", fmt.Errorf("look for order %s: %w", o.Number, err)
	}
	if len(found.Orders.Nodes) > 0 {
		return found.Orders.Nodes[0].ID, nil
	}
	cur := o.Total.Currency
	shopMoney := func(m money.Money) map[string]any {
		return map[string]any{"shopMoney": map[string]any{"amount": m.Decimal(), "currencyCode": cur}}
	}
	var items []map[string]any
	for _, l := range lines {
		it := map[string]any{"quantity": l.Quantity, "priceSet": shopMoney(l.UnitPrice)}
		if l.Upstream.VariantID != "" {
			it["variantId"] = l.Upstream.VariantID
		} else {
			// Not a Shopify variant (yet): a custom line with our SKU.
			it["title"], it["sku"] = l.Title, l.SKU
		}
		items = append(items, it)
	}
	in := map[string]any{
		"currency":         cur,
		"lineItems":        items,
		"financialStatus":  "PAID",
		"sourceName":       "shopkeeper",
		"sourceIdentifier": o.Number,
		"tags":             []string{"shopkeeper", OrderTag(o.Number)},
		"note":             "Chat order " + o.Number,
		"transactions": []map[string]any{{"kind": "SALE", "status": "SUCCESS", "gateway": "shopkeeper",
			"amountSet": shopMoney(o.Total)}},
	}
	if o.Email != "" {
		in["email"] = o.Email
	}
	if a := o.ShippingAddress; a.Line1 != "" {
		first, last := splitName(a.Name)
		in["shippingAddress"] = map[string]any{"firstName": first, "lastName": last, "address1": a.Line1, "address2": a.Line2,
			"zip": a.PostalCode, "city": a.City, "countryCode": a.Country}
	}
	if !o.Shipping.IsZero() || o.ShippingOption != "" {
		in["shippingLines"] = []map[string]any{{"title": shippingTitle(o.ShippingOption), "priceSet": shopMoney(o.Shipping)}}
	}
	if !o.Discount.IsZero() {
		in["discountCode"] = map[string]any{"itemFixedDiscountCode": map[string]any{"code": codeOr(o.Coupon), "amountSet": shopMoney(o.Discount)}}
	}
	var res struct {
		OrderCreate struct {
			UserErrors []struct {
				Field   []string `json:"field"`
				Message string   `json:"message"`
			} `json:"userErrors"`
			Order *struct {
				ID string `json:"id"`
			} `json:"order"`
		} `json:"orderCreate"`
	}
	vars := map[string]any{"order": in, "options": map[string]any{"inventoryBehaviour": "DECREMENT_OBEYING_POLICY", "sendReceipt": false}}
	if err := s.query(ctx, OrderCreateMutation, vars, &res); err != nil {
		return "", fmt.Errorf("create order %s: %w", o.Number, err)
	}
	if ue := res.OrderCreate.UserErrors; len(ue) > 0 {
		return "", fmt.Errorf("create order %s: %s (%s)", o.Number, ue[0].Message, strings.Join(ue[0].Field, "."))
	}
	if res.OrderCreate.Order == nil || res.OrderCreate.Order.ID == "" {
		return "", errors.New("create order: Shopify returned no order")
	}
	return res.OrderCreate.Order.ID, nil
}

func splitName(n string) (string, string) {
	n = strings.TrimSpace(n)
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		return n[:i], n[i+1:]
	}
	return "", n
}

func shippingTitle(s string) string {
	if s == "" {
		return "Shipping"
	}
	return s
}

func codeOr(c string) string {
	if c == "" {
		return "CHAT"
	}
	return c
}
