package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Order is an order as the admin API shows it.
type Order struct {
	Number            string          `json:"number"`
	Status            string          `json:"status"`
	PaymentStatus     string          `json:"payment_status"`
	FulfillmentStatus string          `json:"fulfillment_status"`
	Items             []OrderItem     `json:"items"`
	Subtotal          money.Money     `json:"subtotal"`
	Discount          money.Money     `json:"discount"`
	Shipping          money.Money     `json:"shipping"`
	Total             money.Money     `json:"total"`
	Customer          OrderCustomer   `json:"customer"`
	ShippingAddress   address.Address `json:"shipping_address"`
	Shipments         []Shipment      `json:"shipments"`
	Returns           []ReturnRef     `json:"returns"`
	Source            string          `json:"source"`
	Risk              OrderRisk       `json:"risk"`
	CreatedAt         time.Time       `json:"created_at"`
	// LoyaltyPoints were spent on the order for LoyaltyDiscount off its
	// total (an extension of the contract's order).
	LoyaltyPoints   int64       `json:"loyalty_points"`
	LoyaltyDiscount money.Money `json:"loyalty_discount"`
	// PickupStore is the id of the store the shopper picks the order up
	// in (an extension; left out when it is shipped).
	PickupStore string `json:"pickup_store,omitempty"`
}

// OrderRisk is what the fraud checks made of an order (contract: Trust).
type OrderRisk struct {
	Level   string   `json:"level"`
	Reasons []string `json:"reasons"`
}

// OrderItem is an order line.
type OrderItem struct {
	SKU       string      `json:"sku"`
	Title     string      `json:"title"`
	Quantity  int         `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
}

// OrderCustomer is who ordered.
type OrderCustomer struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Shipment is a shipment event.
type Shipment struct {
	Status         string          `json:"status"`
	Carrier        string          `json:"carrier"`
	TrackingNumber string          `json:"tracking_number"`
	CreatedAt      time.Time       `json:"created_at"`
	Events         []ShipmentEvent `json:"events"` // the carrier's scans, oldest first
}

func (s *Server) orderJSON(o *order.Order) Order {
	out := Order{Number: o.Number, Status: o.Status, PaymentStatus: o.PaymentStatus, FulfillmentStatus: o.FulfillmentStatus,
		Subtotal: o.Subtotal, Discount: o.Discount, Shipping: o.Shipping, Total: o.Total,
		Customer: OrderCustomer{Email: o.Email, Name: o.Name, Phone: o.Phone}, ShippingAddress: o.ShippingAddress,
		Items: []OrderItem{}, Shipments: []Shipment{}, Returns: orderReturns(o, s.docLink), Source: o.Source, CreatedAt: o.CreatedAt,
		Risk: OrderRisk{Level: o.Risk.Level, Reasons: o.Risk.Reasons}}
	out.LoyaltyPoints, out.LoyaltyDiscount = o.LoyaltyPoints, o.LoyaltyDiscount
	out.PickupStore = o.PickupStore
	if out.LoyaltyDiscount.Currency == "" {
		out.LoyaltyDiscount.Currency = o.Total.Currency
	}
	if out.Risk.Level == "" {
		out.Risk.Level = order.RiskLow
	}
	if out.Risk.Reasons == nil {
		out.Risk.Reasons = []string{}
	}
	for _, it := range o.Items {
		out.Items = append(out.Items, OrderItem{SKU: it.SKU, Title: it.Title, Quantity: it.Quantity, UnitPrice: it.UnitPrice})
	}
	for _, sh := range o.Shipments {
		out.Shipments = append(out.Shipments, Shipment{Status: sh.Status, Carrier: sh.Carrier, TrackingNumber: sh.TrackingNumber, CreatedAt: sh.CreatedAt,
			Events: shipmentEvents(sh.Events)})
	}
	return out
}

func (s *Server) adminOrders(w http.ResponseWriter, r *http.Request) {
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
	os, err := s.Orders.List(r.Context(), order.Filter{Email: r.URL.Query().Get("email"), Status: r.URL.Query().Get("status"), AfterID: cur, Limit: limit + 1})
	if err != nil {
		writeError(w, r, err)
		return
	}
	body := map[string]any{}
	if len(os) > limit {
		os = os[:limit]
		body["next_cursor"] = encodeCursor(os[len(os)-1].ID)
	}
	out := make([]Order, 0, len(os))
	for i := range os {
		out = append(out, s.orderJSON(&os[i]))
	}
	body["orders"] = out
	writeJSON(w, 200, body)
}

func (s *Server) adminOrder(w http.ResponseWriter, r *http.Request) {
	o, err := s.Orders.ByNumber(r.Context(), r.PathValue("number"))
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	writeJSON(w, 200, s.orderJSON(o))
}

type createOrderRequest struct {
	Customer struct {
		Email string `json:"email"`
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"customer"`
	Items []struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	} `json:"items"`
	ShippingAddress address.Address `json:"shipping_address"`
	Paid            bool            `json:"paid"`
}

func (s *Server) adminCreateOrder(w http.ResponseWriter, r *http.Request) {
	var req createOrderRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	n := order.NewOrder{Email: req.Customer.Email, Name: req.Customer.Name, Phone: req.Customer.Phone,
		ShippingAddress: req.ShippingAddress, Paid: req.Paid, Source: "admin",
		IdempotencyKey: strings.TrimSpace(r.Header.Get("Idempotency-Key"))}
	for _, it := range req.Items {
		n.Lines = append(n.Lines, order.Line{SKU: it.SKU, Quantity: it.Quantity})
	}
	o, err := s.Orders.Place(r.Context(), n)
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	writeJSON(w, http.StatusCreated, s.orderJSON(o))
}

func (s *Server) adminFulfil(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Status         string `json:"status"`
		Carrier        string `json:"carrier"`
		TrackingNumber string `json:"tracking_number"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	o, err := s.Orders.Fulfil(r.Context(), r.PathValue("number"), order.Shipment{Status: req.Status, Carrier: req.Carrier, TrackingNumber: req.TrackingNumber})
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	writeJSON(w, 200, s.orderJSON(o))
}

// adminReviewOrder applies a person's decision on an order held by the
// fraud checks; a second decision answers 409 and changes nothing.
func (s *Server) adminReviewOrder(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Decision string `json:"decision"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	noteAudit(r, "decision", req.Decision)
	o, err := s.Orders.Review(r.Context(), r.PathValue("number"), req.Decision)
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	writeJSON(w, 200, s.orderJSON(o))
}

func orderError(err error) error {
	switch {
	case errors.Is(err, order.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no such order")
	case errors.Is(err, catalog.ErrOutOfStock):
		return errorf(http.StatusConflict, "out_of_stock", "%s", err.Error())
	case errors.Is(err, order.ErrInvalid):
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error())
	case errors.Is(err, order.ErrAlreadyShipped):
		return errorf(http.StatusConflict, "already_shipped", "%s", err.Error())
	case errors.Is(err, order.ErrNotOnHold):
		return errorf(http.StatusConflict, "not_on_hold", "%s", err.Error())
	case errors.Is(err, order.ErrNotPaid):
		return errorf(http.StatusConflict, "not_paid", "%s", err.Error())
	}
	return err
}

// agentReviewQueue lists the orders held by the fraud checks, oldest first,
// with the reasons, for the console's review tab.
func (s *Server) agentReviewQueue(w http.ResponseWriter, r *http.Request, _ *inbox.Agent) {
	os, err := s.Orders.List(r.Context(), order.Filter{Status: order.StatusOnHold, Limit: 200})
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := make([]Order, 0, len(os))
	for i := range os {
		out = append(out, s.orderJSON(&os[i]))
	}
	writeJSON(w, 200, map[string]any{"orders": out})
}

// agentReviewOrder lets a console admin decide on a held order; the
// decision is audited under the agent's name.
func (s *Server) agentReviewOrder(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	if a.Role != inbox.RoleAdmin {
		writeError(w, r, inboxError(inbox.ErrForbidden))
		return
	}
	var req struct {
		Decision string `json:"decision"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	o, err := s.Orders.Review(r.Context(), r.PathValue("number"), req.Decision)
	if err != nil {
		writeError(w, r, orderError(err))
		return
	}
	data, _ := json.Marshal(map[string]string{"decision": req.Decision})
	s.Inbox.Record(r.Context(), inbox.AuditEntry{AgentID: a.ID, Actor: a.Name, Action: "order_review", Target: "orders/" + o.Number, Data: data})
	writeJSON(w, 200, s.orderJSON(o))
}
