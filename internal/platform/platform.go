// Package platform keeps the shop in step with the commerce platform the
// retailer runs (Shopify, WooCommerce, Magento): products, prices and stock
// come in (the platform is the source of truth for them), paid chat orders go
// out, fulfilments and refunds come back. Each platform is a small adapter
// (internal/platform/shopify, …) behind the Platform interface; the sync
// logic they share lives here.
package platform

import (
	"context"
	"errors"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Platform is one commerce platform as the sync needs it.
type Platform interface {
	// Name is the platform's key: "shopify", "woocommerce", "magento".
	Name() string
	// Catalogue reads the whole upstream catalogue, a page at a time, for
	// the first full sync and for reconciliation.
	Catalogue(ctx context.Context, page func([]Product) error) error
	// Decode reads one stored webhook event into the changes it makes. An
	// adapter may call its API to complete a payload (WooCommerce's
	// variations).
	Decode(ctx context.Context, topic string, payload []byte) (Change, error)
	// CreateOrder creates a paid chat order upstream and returns its
	// upstream id. It must be idempotent by o.Number: a retry after a lost
	// answer finds the order made the first time instead of making another.
	CreateOrder(ctx context.Context, o *order.Order, lines []Line) (string, error)
}

// Product is an upstream product in our model, with the upstream ids of
// its variants in Items (same order as Variants).
type Product struct {
	catalog.Product
	ExternalID string
	Items      []Item
}

// StockUnknown is a variant's Stock when the upstream payload did not say
// (a webhook without inventory figures): the stock we have is kept.
const StockUnknown = -1

// Item says which upstream variant (and inventory item) one of our SKUs is.
type Item struct {
	SKU             string
	ProductID       string
	VariantID       string
	InventoryItemID string
}

// Line is one line of an order to create upstream.
type Line struct {
	order.Item
	Upstream Item // zero when the SKU is not known upstream
}

// Change is what one webhook event does to the shop.
type Change struct {
	Products    []Product    // created or updated upstream
	Deleted     []string     // upstream product ids removed
	Stock       []StockLevel // inventory levels that moved
	Fulfilments []Fulfilment
	Refunds     []Refund
}

// StockLevel is the stock of one inventory item at one location. A level
// with LocationID "" is the item's total.
type StockLevel struct {
	InventoryItemID string
	LocationID      string
	Available       int
}

// Fulfilment is a shipment made upstream for one of our orders.
type Fulfilment struct {
	OrderID        string // upstream order id, as CreateOrder returned it
	Company        string
	TrackingNumber string
	TrackingURL    string
}

// Refund is money given back upstream for one of our orders.
type Refund struct {
	OrderID string
	Amount  int64 // minor units; 0 when the payload does not say
}

// Event is an accepted webhook delivery, stored before it is acknowledged.
type Event struct {
	ID       int64
	Platform string
	EventID  string
	Topic    string
	Payload  []byte
	Attempts int
}

// PendingOrder is a paid order still to be created upstream.
type PendingOrder struct {
	Platform string
	Number   string
	Attempts int
}

// Status is one platform's sync record, as the admin sees it.
type Status struct {
	Platform      string     `json:"platform"`
	LastSyncAt    *time.Time `json:"last_sync_at"`
	LastEventAt   *time.Time `json:"last_event_at"`
	LastError     string     `json:"last_error"`
	LastErrorAt   *time.Time `json:"last_error_at"`
	Products      int        `json:"products"`
	Variants      int        `json:"variants"`
	Archived      int        `json:"archived"`
	EventsApplied int        `json:"events_applied"`
	EventsFailed  int        `json:"events_failed"`
	EventsPending int        `json:"events_pending"`
	OrdersCreated int        `json:"orders_created"`
	OrdersPending int        `json:"orders_pending"`
}

// ErrUnknownTopic is a webhook topic the adapter does not handle; such
// events are acknowledged and dropped.
var ErrUnknownTopic = errors.New("unknown webhook topic")

// ErrRetryLater tells the order queue to try again later without counting
// a failure (an order held for review is not sent upstream until approved).
var ErrRetryLater = errors.New("not ready to send")
