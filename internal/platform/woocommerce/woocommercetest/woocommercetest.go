// Package woocommercetest is a stand-in WooCommerce for tests: an httptest
// server answering the REST API v3 calls the adapter makes (products and
// variations paged, orders searched and created) in WooCommerce's shapes,
// recording created orders, plus builders of correctly signed webhooks.
package woocommercetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce"
)

// Server is a stand-in shop.
type Server struct {
	*httptest.Server
	Key, Secret string

	mu         sync.Mutex
	products   []woocommerce.Product
	variations map[int64][]woocommerce.Variation
	orders     []Order
}

// Order is an order created through POST /orders, as received.
type Order struct {
	ID            int64
	TransactionID string         `json:"transaction_id"`
	SetPaid       bool           `json:"set_paid"`
	LineItems     []LineItem     `json:"line_items"`
	MetaData      []MetaDataItem `json:"meta_data"`
}

// LineItem is one line of a created order.
type LineItem struct {
	ProductID   int64  `json:"product_id"`
	VariationID int64  `json:"variation_id"`
	Quantity    int    `json:"quantity"`
	SKU         string `json:"sku"`
	Total       string `json:"total"`
}

// MetaDataItem is an order meta entry.
type MetaDataItem struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// New starts a stand-in accepting the consumer key and secret.
func New(key, secret string) *Server {
	s := &Server{Key: key, Secret: secret, variations: map[int64][]woocommerce.Variation{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddProduct adds (or replaces) a product with its variations.
func (s *Server) AddProduct(p woocommerce.Product, vs ...woocommerce.Variation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vs {
		p.Variations = append(p.Variations, v.ID)
	}
	s.variations[p.ID] = vs
	for i := range s.products {
		if s.products[i].ID == p.ID {
			s.products[i] = p
			return
		}
	}
	s.products = append(s.products, p)
}

// Orders returns the orders created so far.
func (s *Server) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Order(nil), s.orders...)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	k, sec, ok := r.BasicAuth()
	if !ok || k != s.Key || sec != s.Secret {
		writeJSON(w, 401, map[string]any{"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": map[string]int{"status": 401}})
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/wp-json/wc/v3")
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodGet && path == "/products":
		per, _ := strconv.Atoi(q.Get("per_page"))
		if per <= 0 {
			per = 10
		}
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		start, end := min((page-1)*per, len(s.products)), min(page*per, len(s.products))
		w.Header().Set("X-WP-Total", strconv.Itoa(len(s.products)))
		w.Header().Set("X-WP-TotalPages", strconv.Itoa(int(math.Ceil(float64(len(s.products))/float64(per)))))
		writeJSON(w, 200, s.products[start:end])
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/products/") && strings.HasSuffix(path, "/variations"):
		id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(path, "/products/"), "/variations"), 10, 64)
		vs := s.variations[id]
		if vs == nil {
			vs = []woocommerce.Variation{}
		}
		if q.Get("page") != "" && q.Get("page") != "1" {
			vs = []woocommerce.Variation{}
		}
		writeJSON(w, 200, vs)
	case r.Method == http.MethodGet && path == "/orders":
		out := []map[string]any{}
		for _, o := range s.orders {
			if search := q.Get("search"); search == "" || o.TransactionID == search {
				out = append(out, map[string]any{"id": o.ID, "transaction_id": o.TransactionID, "status": "processing"})
			}
		}
		writeJSON(w, 200, out)
	case r.Method == http.MethodPost && path == "/orders":
		var o Order
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil || len(o.LineItems) == 0 {
			writeJSON(w, 400, map[string]any{"code": "woocommerce_rest_invalid_order", "message": "Invalid order."})
			return
		}
		o.ID = int64(727 + len(s.orders))
		for i, li := range o.LineItems {
			for _, p := range s.products {
				if p.ID != li.ProductID {
					continue
				}
				if li.VariationID == 0 {
					o.LineItems[i].SKU = p.SKU
				}
				for vi, v := range s.variations[p.ID] {
					if v.ID == li.VariationID {
						o.LineItems[i].SKU = v.SKU
						if v.StockQuantity != nil {
							n := *v.StockQuantity - li.Quantity
							s.variations[p.ID][vi].StockQuantity = &n
						}
					}
				}
			}
		}
		s.orders = append(s.orders, o)
		writeJSON(w, 201, map[string]any{"id": o.ID, "status": "processing", "transaction_id": o.TransactionID})
	default:
		writeJSON(w, 404, map[string]any{"code": "rest_no_route", "message": "No route was found matching the URL and request method."})
	}
}

// Webhook builds a signed webhook request to /webhooks/woocommerce.
func Webhook(secret, topic string, deliveryID int, payload any) *http.Request {
	body, err := json.Marshal(payload)
	if err != nil {
		panic(err)
	}
	return SignedRequest(secret, topic, deliveryID, body)
}

// SignedRequest is Webhook with a raw body.
func SignedRequest(secret, topic string, deliveryID int, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/woocommerce", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-WC-Webhook-Source", "https://stand-in.example/")
	r.Header.Set("X-WC-Webhook-Topic", topic)
	resource, event, _ := strings.Cut(topic, ".")
	r.Header.Set("X-WC-Webhook-Resource", resource)
	r.Header.Set("X-WC-Webhook-Event", event)
	r.Header.Set("X-WC-Webhook-Signature", platform.SignBase64(secret, body))
	r.Header.Set("X-WC-Webhook-ID", "12")
	r.Header.Set("X-WC-Webhook-Delivery-ID", strconv.Itoa(deliveryID))
	return r
}

// Simple builds a simple product with managed stock.
func Simple(id int64, slug, name, category, price string, stock int) woocommerce.Product {
	return woocommerce.Product{ID: id, Name: name, Slug: slug, Type: "simple", Status: "publish",
		Description: "<p>" + name + "</p>", SKU: strings.ToUpper(slug), Price: price, RegularPrice: price,
		ManageStock: true, StockQuantity: &stock, StockStatus: stockStatus(stock),
		Categories: []woocommerce.Term{{ID: 9, Name: category, Slug: strings.ToLower(category)}}}
}

// Variable builds a variable product with one variation per size.
func Variable(id int64, slug, name, category, price string, stock int, sizes ...string) (woocommerce.Product, []woocommerce.Variation) {
	p := woocommerce.Product{ID: id, Name: name, Slug: slug, Type: "variable", Status: "publish", Price: price,
		Categories: []woocommerce.Term{{ID: 9, Name: category, Slug: strings.ToLower(category)}},
		Attributes: []woocommerce.Attribute{{ID: 1, Name: "Size", Variation: true, Options: sizes}}}
	var vs []woocommerce.Variation
	for i, sz := range sizes {
		n := stock
		v := woocommerce.Variation{ID: id*100 + int64(i), SKU: fmt.Sprintf("%s-%s", strings.ToUpper(slug), strings.ToUpper(sz)),
			Price: price, RegularPrice: price, ManageStock: true, StockQuantity: &n, StockStatus: stockStatus(n)}
		v.Attributes = append(v.Attributes, struct {
			ID     int64  `json:"id"`
			Name   string `json:"name"`
			Option string `json:"option"`
		}{1, "Size", sz})
		vs = append(vs, v)
	}
	return p, vs
}

func stockStatus(n int) string {
	if n > 0 {
		return "instock"
	}
	return "outofstock"
}
