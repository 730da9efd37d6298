package shoppersim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeShop is a tiny shop that speaks the public contract (api.md) with a
// keyword bot, enough to test the simulator against: it shows products with
// their variants' stock, asks for size, quantity, e-mail, address and a
// delivery option with input hints, sends a test-gateway payment link,
// confirms the payment in the chat and lists orders on the admin API.
type fakeShop struct {
	t        *testing.T
	srv      *httptest.Server
	adminKey string
	// ignoreQuantity is a planted bug: every line is put in the cart once.
	ignoreQuantity bool

	mu       sync.Mutex
	products []Product
	convs    map[string]*fakeConv
	orders   map[string]*fakeOrder // by number
	nextID   int
}

type fakeConv struct {
	id, token string
	msgs      []Message
	focus     *Product
	sku       string // the chosen variant
	qty       int
	cart      map[string]int
	awaiting  string
	email     string
}

type fakeOrder struct {
	Number        string
	Conv          *fakeConv
	Email         string
	PaymentStatus string
	Items         map[string]int
}

func newFakeShop(t *testing.T) *fakeShop {
	f := &fakeShop{t: t, adminKey: "fake-admin-key-0123456789", convs: map[string]*fakeConv{}, orders: map[string]*fakeOrder{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /api/v1/conversations", f.create)
	mux.HandleFunc("POST /api/v1/conversations/{id}/messages", f.message)
	mux.HandleFunc("GET /api/v1/conversations/{id}/messages", f.after)
	mux.HandleFunc("POST /pay/{number}", f.pay)
	mux.HandleFunc("POST /api/v1/admin/catalog/import", f.admin(f.importCSV))
	mux.HandleFunc("GET /api/v1/admin/products", f.admin(f.search))
	mux.HandleFunc("GET /api/v1/admin/orders", f.admin(f.listOrders))
	mux.HandleFunc("GET /api/v1/admin/conversations/{id}", f.admin(f.transcript))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeShop) client() *Client { return NewClient(f.srv.URL, f.adminKey) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": code}})
}

func (f *fakeShop) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+f.adminKey {
			fail(w, 401, "unauthorized")
			return
		}
		h(w, r)
	}
}

func (f *fakeShop) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Locale string `json:"locale"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, 400, "bad_json")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	c := &fakeConv{id: fmt.Sprintf("c_%d", f.nextID), token: fmt.Sprintf("tok%d", f.nextID), cart: map[string]int{}}
	f.convs[c.id] = c
	greet := c.add(Message{From: "bot", Type: "text", Text: "Hi! How can I help?"})
	writeJSON(w, 201, map[string]any{"id": c.id, "token": c.token, "messages": greet})
}

func (f *fakeShop) conv(w http.ResponseWriter, r *http.Request) *fakeConv {
	c, ok := f.convs[r.PathValue("id")]
	if !ok || r.Header.Get("Authorization") != "Bearer "+c.token {
		fail(w, 404, "not_found")
		return nil
	}
	return c
}

func (c *fakeConv) add(ms ...Message) []Message {
	for i := range ms {
		ms[i].Seq = int64(len(c.msgs) + 1)
		c.msgs = append(c.msgs, ms[i])
	}
	return ms
}

func (f *fakeShop) after(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.conv(w, r)
	if c == nil {
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	out := []Message{}
	for _, m := range c.msgs {
		if m.Seq > after {
			m.Fallback, m.NLU = false, nil // admin-only fields
			out = append(out, m)
		}
	}
	writeJSON(w, 200, map[string]any{"messages": out})
}

func (f *fakeShop) message(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text    string `json:"text"`
		Payload string `json:"payload"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, 400, "bad_json")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.conv(w, r)
	if c == nil {
		return
	}
	text := in.Text
	if in.Payload != "" {
		text = in.Payload
	}
	shopper := Message{From: "shopper", Type: "text", Text: text, NLU: &NLUTrace{Intent: "fake", Confidence: 1}}
	c.add(shopper)
	replies := c.add(f.reply(c, in.Text, in.Payload)...)
	for i := range replies {
		replies[i].Fallback = false
	}
	writeJSON(w, 200, map[string]any{"messages": replies})
}

var (
	numberWords = map[string]int{"one": 1, "two": 2, "three": 3}
	wordRe      = regexp.MustCompile(`[\p{L}\p{N}@.+-]+`)
)

func bot(text string) Message { return Message{From: "bot", Type: "text", Text: text} }

// reply is the fake's whole dialogue: keyword rules, in order.
func (f *fakeShop) reply(c *fakeConv, text, payload string) []Message {
	low := strings.ToLower(text)
	words := wordRe.FindAllString(low, -1)
	switch {
	case strings.HasPrefix(payload, "ship:"):
		return f.checkoutLink(c)
	case strings.HasPrefix(payload, "sku:"):
		c.sku = strings.TrimPrefix(payload, "sku:")
		return []Message{f.showProducts("availability", *c.focus)}
	case c.awaiting == "email" && strings.Contains(low, "@"):
		c.email = strings.Trim(text, " .")
		c.awaiting = "shipping_address"
		m := bot("Where should we send it?")
		m.Input = &Input{Type: "address", Field: "shipping_address"}
		return []Message{m}
	case c.awaiting == "shipping_address" && strings.Contains(text, ","):
		c.awaiting = "shipping_option"
		m := bot("How should we deliver it?")
		m.Options = []Option{{Title: "Standard (4.95)", Payload: "ship:standard"}, {Title: "Express (9.95)", Payload: "ship:express"}}
		m.Input = &Input{Type: "choice", Field: "shipping_option"}
		return []Message{m}
	case strings.Contains(low, "shipping") || strings.Contains(low, "delivery"):
		return []Message{bot("Standard delivery costs 4.95 EUR and takes 2-3 working days.")}
	case strings.Contains(low, "pay") || strings.Contains(low, "checkout"):
		if len(c.cart) == 0 {
			return []Message{bot("Your cart is empty.")}
		}
		c.awaiting = "email"
		m := bot("What's your e-mail address?")
		m.Input = &Input{Type: "email", Field: "email"}
		return []Message{m}
	case strings.Contains(low, "cart") || strings.Contains(low, "basket") || strings.Contains(low, "add"):
		if c.sku == "" {
			return f.askSize(c)
		}
		q := c.qty
		if q == 0 || f.ignoreQuantity {
			q = 1
		}
		c.cart[c.sku] += q
		return []Message{bot(fmt.Sprintf("Added %d × %s to your cart.", q, c.sku))}
	}
	if p := f.productIn(low); p != nil {
		c.focus, c.sku = p, ""
	}
	if c.focus != nil {
		if v := variantIn(c.focus, words); v != nil {
			c.sku = v.SKU
			out := []Message{f.showProducts("availability", *c.focus)}
			if v.Qty == 0 {
				m := bot(fmt.Sprintf("Sorry, %s is sold out.", v.SKU))
				for _, o := range c.focus.Variants {
					if o.Qty > 0 {
						for _, val := range o.Options {
							m.Options = append(m.Options, Option{Title: val, Payload: "sku:" + o.SKU})
						}
					}
				}
				out = append(out, m)
			} else if c.qty == 0 {
				m := bot("How many would you like?")
				m.Input = &Input{Type: "number", Field: "quantity"}
				out = append(out, m)
			}
			return out
		}
	}
	for _, w := range words {
		n, ok := numberWords[w]
		if !ok {
			n, _ = strconv.Atoi(w)
		}
		if n > 0 && n < 100 && c.focus != nil {
			c.qty = n
			return []Message{bot(fmt.Sprintf("Got it: %d.", n))}
		}
	}
	if p := f.productIn(low); p != nil {
		return append([]Message{f.showProducts("search", *p)}, f.askSize(c)...)
	}
	m := bot("Sorry, I didn't understand that.")
	m.Fallback = true
	return []Message{m}
}

func (f *fakeShop) askSize(c *fakeConv) []Message {
	if c.focus == nil {
		return []Message{bot("Which product?")}
	}
	m := bot("Which size?")
	for _, v := range c.focus.Variants {
		if s, ok := v.Options["Size"]; ok {
			m.Options = append(m.Options, Option{Title: s, Payload: "sku:" + v.SKU})
		}
	}
	if len(m.Options) == 0 {
		return nil
	}
	m.Input = &Input{Type: "choice", Field: "size"}
	return []Message{m}
}

func (f *fakeShop) productIn(low string) *Product {
	for i := range f.products {
		p := &f.products[i]
		for _, w := range strings.Fields(strings.ToLower(p.Type + " " + p.Tags)) {
			w = strings.Trim(w, ",")
			if len(w) > 3 && strings.Contains(low, strings.TrimSuffix(w, "s")) {
				return p
			}
		}
	}
	return nil
}

var sizeWords = map[string]string{"large": "l", "medium": "m"}

func variantIn(p *Product, words []string) *Variant {
	for i := range p.Variants {
		v := &p.Variants[i]
		for _, val := range v.Options {
			for _, w := range words {
				if sw, ok := sizeWords[w]; ok {
					w = sw
				}
				if w == strings.ToLower(val) {
					return v
				}
			}
		}
	}
	return nil
}

func (f *fakeShop) showProducts(reason string, p Product) Message {
	it := Item{SKU: p.Variants[0].SKU, Handle: p.Handle, Title: p.Title, Price: &Money{Amount: p.Variants[0].Price, Currency: "EUR"}}
	for _, v := range p.Variants {
		it.Variants = append(it.Variants, ItemVariant{SKU: v.SKU, Options: v.Options, InStock: v.Qty > 0})
		it.InStock = it.InStock || v.Qty > 0
	}
	return Message{From: "bot", Type: "products", Items: []Item{it}, Reason: reason}
}

func (f *fakeShop) checkoutLink(c *fakeConv) []Message {
	o := &fakeOrder{Number: strconv.Itoa(1001 + len(f.orders)), Conv: c, Email: c.email, PaymentStatus: "pending", Items: map[string]int{}}
	for k, v := range c.cart {
		o.Items[k] = v
	}
	f.orders[o.Number] = o
	return []Message{
		bot("Here is your payment link."),
		{From: "bot", Type: "link", Purpose: "payment", URL: f.srv.URL + "/pay/" + o.Number},
	}
}

func (f *fakeShop) pay(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[r.PathValue("number")]
	if !ok || r.FormValue("outcome") != "succeeded" {
		fail(w, 404, "not_found")
		return
	}
	o.PaymentStatus = "paid"
	o.Conv.add(bot("Thank you! Order " + o.Number + " is paid."))
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "<p>Paid</p>")
}

func (f *fakeShop) importCSV(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c, err := ParseCatalog(b)
	if err != nil {
		fail(w, 400, "bad_csv")
		return
	}
	f.mu.Lock()
	f.products = c.Products
	f.mu.Unlock()
	n := 0
	for _, p := range c.Products {
		n += len(p.Variants)
	}
	writeJSON(w, 200, map[string]any{"products": len(c.Products), "variants": n, "errors": []any{}})
}

func (f *fakeShop) search(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := strings.ToLower(r.URL.Query().Get("q"))
	out := []map[string]string{}
	for _, p := range f.products {
		hay := strings.ToLower(p.Title + " " + p.Type + " " + p.Tags)
		for _, w := range strings.Fields(q) {
			if strings.Contains(hay, w) {
				out = append(out, map[string]string{"handle": p.Handle, "title": p.Title})
				break
			}
		}
	}
	writeJSON(w, 200, map[string]any{"products": out})
}

func (f *fakeShop) listOrders(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	email := r.URL.Query().Get("email")
	out := []map[string]any{}
	for _, o := range f.orders {
		if o.Email != email {
			continue
		}
		var items []map[string]any
		for sku, q := range o.Items {
			items = append(items, map[string]any{"sku": sku, "quantity": q})
		}
		out = append(out, map[string]any{"number": o.Number, "status": "open", "payment_status": o.PaymentStatus,
			"items": items, "customer": map[string]string{"email": o.Email}})
	}
	writeJSON(w, 200, map[string]any{"orders": out})
}

func (f *fakeShop) transcript(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.convs[r.PathValue("id")]
	if !ok {
		fail(w, 404, "not_found")
		return
	}
	writeJSON(w, 200, map[string]any{"id": c.id, "status": "bot", "language": "en", "transcript": c.msgs})
}
