// Package shopifytest is a stand-in Shopify for tests: an httptest server
// answering the Admin GraphQL queries the adapter sends (products with
// cursor paging, orders by tag, orderCreate) in Shopify's shapes, recording
// the orders created, plus builders of correctly signed webhooks.
package shopifytest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/shopify"
)

// Server is a stand-in store.
type Server struct {
	*httptest.Server
	Token string

	mu       sync.Mutex
	products []shopify.Product
	orders   []Order
	failNext int
	requests int
}

// Order is an order created through orderCreate, as received.
type Order struct {
	ID               string
	SourceIdentifier string
	Tags             []string
	Email            string
	Currency         string
	LineItems        []LineItem
}

// LineItem is one line of a created order.
type LineItem struct {
	VariantID string `json:"variantId"`
	SKU       string `json:"sku"` // the variant's SKU when variantId is given
	Title     string `json:"title"`
	Quantity  int    `json:"quantity"`
	Price     string
}

// New starts a stand-in that accepts the access token.
func New(token string) *Server {
	s := &Server{Token: token}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the GraphQL endpoint, for config.Shopify.APIURL.
func (s *Server) APIURL() string { return s.URL + "/admin/api/2025-10/graphql.json" }

// AddProduct adds (or replaces, by id) a product.
func (s *Server) AddProduct(p shopify.Product) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.products {
		if s.products[i].ID == p.ID {
			s.products[i] = p
			return
		}
	}
	s.products = append(s.products, p)
}

// RemoveProduct deletes a product.
func (s *Server) RemoveProduct(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.products {
		if s.products[i].ID == id {
			s.products = append(s.products[:i], s.products[i+1:]...)
			return
		}
	}
}

// Orders returns the orders created so far.
func (s *Server) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Order(nil), s.orders...)
}

// FailNext makes the next n GraphQL requests answer HTTP 503.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.failNext = n
	s.mu.Unlock()
}

// Requests counts the GraphQL requests served.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/graphql.json") {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("X-Shopify-Access-Token") != s.Token {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`))
		return
	}
	var req struct {
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if s.failNext > 0 {
		s.failNext--
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	var data any
	switch {
	case strings.Contains(req.Query, "orderCreate("):
		data = s.orderCreate(req.Variables)
	case strings.Contains(req.Query, "orders("):
		data = s.findOrders(req.Variables)
	case strings.Contains(req.Query, "products("):
		data = s.productsPage(req.Variables)
	default:
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": "stand-in: unsupported query"}}})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"data": data})
}

func (s *Server) productsPage(raw json.RawMessage) any {
	var v struct {
		First    int     `json:"first"`
		After    *string `json:"after"`
		Variants int     `json:"variants"`
	}
	json.Unmarshal(raw, &v)
	start := 0
	if v.After != nil {
		b, _ := base64.StdEncoding.DecodeString(*v.After)
		start, _ = strconv.Atoi(string(b))
	}
	end := min(start+max(v.First, 1), len(s.products))
	nodes := []any{}
	for _, p := range s.products[min(start, end):end] {
		nodes = append(nodes, gqlProduct(p, v.Variants))
	}
	cursor := base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	return map[string]any{"products": map[string]any{
		"pageInfo": map[string]any{"hasNextPage": end < len(s.products), "endCursor": cursor},
		"nodes":    nodes,
	}}
}

func gid(kind string, id int64) string {
	return "gid://shopify/" + kind + "/" + strconv.FormatInt(id, 10)
}

func gqlProduct(p shopify.Product, maxVariants int) map[string]any {
	opts := []any{}
	for i, o := range p.Options {
		opts = append(opts, map[string]any{"name": o.Name, "position": i + 1})
	}
	media := []any{}
	for _, im := range p.Images {
		media = append(media, map[string]any{"image": map[string]any{"url": im.Src}})
	}
	vars := []any{}
	for i, v := range p.Variants {
		if maxVariants > 0 && i >= maxVariants {
			break
		}
		sel := []any{}
		for j, val := range []*string{v.Option1, v.Option2, v.Option3} {
			if val != nil && j < len(p.Options) {
				sel = append(sel, map[string]any{"name": p.Options[j].Name, "value": *val})
			}
		}
		vars = append(vars, map[string]any{"id": gid("ProductVariant", v.ID), "sku": v.SKU, "price": v.Price,
			"compareAtPrice": v.CompareAtPrice, "position": v.Position, "inventoryQuantity": v.InventoryQuantity,
			"selectedOptions": sel, "inventoryItem": map[string]any{"id": gid("InventoryItem", v.InventoryItemID)}})
	}
	tags := []string{}
	for _, t := range strings.Split(p.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return map[string]any{"id": gid("Product", p.ID), "handle": p.Handle, "title": p.Title, "descriptionHtml": p.BodyHTML,
		"vendor": p.Vendor, "productType": p.ProductType, "tags": tags, "status": strings.ToUpper(p.Status),
		"options": opts, "media": map[string]any{"nodes": media}, "variants": map[string]any{"nodes": vars}}
}

func (s *Server) findOrders(raw json.RawMessage) any {
	var v struct {
		Query string `json:"query"`
	}
	json.Unmarshal(raw, &v)
	tag := strings.Trim(strings.TrimPrefix(v.Query, "tag:"), `"'`)
	nodes := []any{}
	for _, o := range s.orders {
		for _, t := range o.Tags {
			if t == tag {
				nodes = append(nodes, map[string]any{"id": o.ID, "name": "#" + strings.TrimPrefix(o.ID, "gid://shopify/Order/")})
			}
		}
	}
	return map[string]any{"orders": map[string]any{"nodes": nodes}}
}

func (s *Server) orderCreate(raw json.RawMessage) any {
	var v struct {
		Order struct {
			Currency         string   `json:"currency"`
			Email            string   `json:"email"`
			SourceIdentifier string   `json:"sourceIdentifier"`
			Tags             []string `json:"tags"`
			LineItems        []struct {
				LineItem
				PriceSet struct {
					ShopMoney struct {
						Amount string `json:"amount"`
					} `json:"shopMoney"`
				} `json:"priceSet"`
			} `json:"lineItems"`
		} `json:"order"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return map[string]any{"orderCreate": map[string]any{"order": nil, "userErrors": []any{map[string]any{"field": []string{"order"}, "message": err.Error()}}}}
	}
	if len(v.Order.LineItems) == 0 {
		return map[string]any{"orderCreate": map[string]any{"order": nil, "userErrors": []any{map[string]any{"field": []string{"order", "lineItems"}, "message": "Line items can't be blank"}}}}
	}
	o := Order{ID: gid("Order", int64(820982911946154508+len(s.orders))), SourceIdentifier: v.Order.SourceIdentifier,
		Tags: v.Order.Tags, Email: v.Order.Email, Currency: v.Order.Currency}
	for _, li := range v.Order.LineItems {
		l := li.LineItem
		l.Price = li.PriceSet.ShopMoney.Amount
		if l.VariantID != "" {
			found := false
			for pi := range s.products {
				for vi := range s.products[pi].Variants {
					pv := &s.products[pi].Variants[vi]
					if gid("ProductVariant", pv.ID) == l.VariantID {
						found = true
						if pv.SKU != nil {
							l.SKU = *pv.SKU
						}
						if pv.InventoryQuantity != nil {
							n := *pv.InventoryQuantity - l.Quantity
							pv.InventoryQuantity = &n
						}
					}
				}
			}
			if !found {
				return map[string]any{"orderCreate": map[string]any{"order": nil, "userErrors": []any{map[string]any{"field": []string{"order", "lineItems", "variantId"}, "message": "variant not found"}}}}
			}
		}
		o.LineItems = append(o.LineItems, l)
	}
	s.orders = append(s.orders, o)
	return map[string]any{"orderCreate": map[string]any{"userErrors": []any{}, "order": map[string]any{"id": o.ID, "name": "#1001"}}}
}

// Webhook builds a webhook request for topic with payload (marshalled to
// JSON), signed with secret, to path /webhooks/shopify.
func Webhook(secret, topic, eventID string, payload any) *http.Request {
	body, err := json.Marshal(payload)
	if err != nil {
		panic(err)
	}
	return SignedRequest(secret, topic, eventID, body)
}

// SignedRequest is Webhook with a raw body.
func SignedRequest(secret, topic, eventID string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/shopify", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Shopify-Topic", topic)
	r.Header.Set("X-Shopify-Hmac-Sha256", platform.SignBase64(secret, body))
	r.Header.Set("X-Shopify-Shop-Domain", "stand-in.myshopify.com")
	r.Header.Set("X-Shopify-API-Version", "2025-10")
	r.Header.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
	if eventID != "" {
		r.Header.Set("X-Shopify-Event-Id", eventID)
	}
	return r
}

// InventoryLevel is the inventory_levels/update payload.
func InventoryLevel(itemID, locationID int64, available int) map[string]any {
	return map[string]any{"inventory_item_id": itemID, "location_id": locationID, "available": available,
		"updated_at": "2026-12-06T12:00:00-05:00", "admin_graphql_api_id": fmt.Sprintf("gid://shopify/InventoryLevel/%d?inventory_item_id=%d", locationID, itemID)}
}

// Product builds a Shopify product with one variant per size, ids derived
// from id (variant id*100+i, inventory item id*1000+i).
func Product(id int64, handle, title, productType, price string, stock int, sizes ...string) shopify.Product {
	p := shopify.Product{ID: id, Title: title, Handle: handle, ProductType: productType, Vendor: "Stand-in", Status: "active",
		BodyHTML: "<p>" + title + "</p>", Tags: "stand-in"}
	if len(sizes) == 0 {
		sizes = []string{"Default Title"}
		p.Options = []shopify.Option{{Name: "Title", Position: 1, Values: sizes}}
	} else {
		p.Options = []shopify.Option{{Name: "Size", Position: 1, Values: sizes}}
	}
	for i, sz := range sizes {
		sku := fmt.Sprintf("%s-%s", strings.ToUpper(handle), strings.ToUpper(strings.ReplaceAll(sz, " ", "")))
		if len(sizes) == 1 && sz == "Default Title" {
			sku = strings.ToUpper(handle)
		}
		val, n := sz, stock
		p.Variants = append(p.Variants, shopify.Variant{ID: id*100 + int64(i), ProductID: id, Title: sz, Price: price,
			SKU: &sku, Position: i + 1, Option1: &val, InventoryItemID: id*1000 + int64(i), InventoryQuantity: &n})
	}
	return p
}
