// Package magentotest is a stand-in Magento for tests: an httptest server
// answering the REST calls the adapter makes (products and Inventory
// source items paged with searchCriteria, product attributes, orders
// searched by increment id and created) in Magento's shapes, recording
// created orders.
package magentotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/shopkeeper/shopkeeper/internal/platform/magento"
)

// Server is a stand-in store.
type Server struct {
	*httptest.Server
	Token string

	mu         sync.Mutex
	products   []magento.Product
	stock      map[string]int
	attributes map[string]Attribute // by attribute id
	orders     []Order
}

// Attribute is a product attribute with its options.
type Attribute struct {
	Code    string
	Options map[string]string // value → label
}

// Order is an order created through POST /rest/V1/orders, as received.
type Order struct {
	EntityID    int64
	IncrementID string `json:"increment_id"`
	Email       string `json:"customer_email"`
	Items       []struct {
		SKU        string `json:"sku"`
		QtyOrdered int    `json:"qty_ordered"`
		ProductID  int64  `json:"product_id"`
		Price      string `json:"price"`
	} `json:"items"`
}

// New starts a stand-in that accepts the integration token.
func New(token string) *Server {
	s := &Server{Token: token, stock: map[string]int{}, attributes: map[string]Attribute{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddProduct adds a product with its stock (one source, "default").
func (s *Server) AddProduct(p magento.Product, stock int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.products = append(s.products, p)
	s.stock[p.SKU] = stock
}

// AddAttribute adds a product attribute (a configurable option).
func (s *Server) AddAttribute(id string, a Attribute) {
	s.mu.Lock()
	s.attributes[id] = a
	s.mu.Unlock()
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

func paged[T any](r *http.Request, all []T) []T {
	q := r.URL.Query()
	size, _ := strconv.Atoi(q.Get("searchCriteria[pageSize]"))
	cur, _ := strconv.Atoi(q.Get("searchCriteria[currentPage]"))
	if size <= 0 {
		return all
	}
	cur = max(cur, 1)
	start, end := min((cur-1)*size, len(all)), min(cur*size, len(all))
	return all[start:end]
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeJSON(w, 401, map[string]any{"message": "The consumer isn't authorized to access %resources.", "parameters": map[string]string{"resources": "Magento_Catalog::products"}})
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/rest/V1")
	q := r.URL.Query()
	filter := q.Get("searchCriteria[filter_groups][0][filters][0][value]")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && path == "/products":
		writeJSON(w, 200, map[string]any{"items": paged(r, s.products), "search_criteria": map[string]any{}, "total_count": len(s.products)})
	case r.Method == http.MethodGet && path == "/inventory/source-items":
		var items []map[string]any
		for _, p := range s.products {
			items = append(items, map[string]any{"sku": p.SKU, "source_code": "default", "quantity": fmt.Sprintf("%d.0000", s.stock[p.SKU]), "status": 1})
		}
		writeJSON(w, 200, map[string]any{"items": paged(r, items), "total_count": len(items)})
	case r.Method == http.MethodGet && path == "/products/attributes":
		items := []any{}
		if a, ok := s.attributes[filter]; ok {
			var opts []map[string]string
			for v, l := range a.Options {
				opts = append(opts, map[string]string{"label": l, "value": v})
			}
			id, _ := strconv.Atoi(filter)
			items = append(items, map[string]any{"attribute_id": id, "attribute_code": a.Code, "options": opts})
		}
		writeJSON(w, 200, map[string]any{"items": items, "total_count": len(items)})
	case r.Method == http.MethodGet && path == "/orders":
		items := []any{}
		for _, o := range s.orders {
			if o.IncrementID == filter {
				items = append(items, map[string]any{"entity_id": o.EntityID, "increment_id": o.IncrementID})
			}
		}
		writeJSON(w, 200, map[string]any{"items": items, "total_count": len(items)})
	case r.Method == http.MethodPost && path == "/orders":
		var body struct{ Entity Order }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Entity.Items) == 0 {
			writeJSON(w, 400, map[string]any{"message": "The order is invalid."})
			return
		}
		o := body.Entity
		o.EntityID = int64(3000 + len(s.orders))
		for _, it := range o.Items {
			s.stock[it.SKU] -= it.QtyOrdered
		}
		s.orders = append(s.orders, o)
		writeJSON(w, 200, map[string]any{"entity_id": o.EntityID, "increment_id": o.IncrementID, "state": "processing"})
	default:
		writeJSON(w, 404, map[string]any{"message": "Request does not match any route."})
	}
}

// Simple builds a visible simple product.
func Simple(id int64, sku, urlKey, name, price string) magento.Product {
	return magento.Product{ID: id, SKU: sku, Name: name, Price: json.Number(price), Status: 1, Visibility: 4, TypeID: "simple",
		CustomAttributes: []magento.CustomAttribute{{Code: "url_key", Value: urlKey}, {Code: "description", Value: "<p>" + name + "</p>"}}}
}

// Configurable builds a configurable product varying by one attribute
// (id attrID, code attrCode, label label) and its children, one per value
// (option value index → label given in values, in order).
func Configurable(id int64, sku, urlKey, name, price, attrID, attrCode, label string, values ...string) (magento.Product, []magento.Product, Attribute) {
	parent := Simple(id, sku, urlKey, name, price)
	parent.TypeID = "configurable"
	parent.ExtensionAttributes.ConfigurableProductOptions = append(parent.ExtensionAttributes.ConfigurableProductOptions, struct {
		AttributeID string `json:"attribute_id"`
		Label       string `json:"label"`
		Position    int    `json:"position"`
	}{attrID, label, 0})
	a := Attribute{Code: attrCode, Options: map[string]string{}}
	var kids []magento.Product
	for i, v := range values {
		cid := id*100 + int64(i) + 1
		val := strconv.Itoa(160 + i)
		a.Options[val] = v
		kid := Simple(cid, sku+"-"+strings.ToUpper(v), urlKey+"-"+strings.ToLower(v), name+"-"+v, price)
		kid.Visibility = 1
		kid.CustomAttributes = append(kid.CustomAttributes, magento.CustomAttribute{Code: attrCode, Value: val})
		kids = append(kids, kid)
		parent.ExtensionAttributes.ConfigurableProductLinks = append(parent.ExtensionAttributes.ConfigurableProductLinks, cid)
	}
	return parent, kids, a
}
