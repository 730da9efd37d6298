// Package cart owns shopping carts: what a shopper means to buy, checked
// against stock at every step. A known customer has one cart that follows
// them across conversations; an anonymous shopper's cart belongs to the
// conversation until they say who they are.
package cart

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Sentinel errors callers branch on.
var (
	ErrNotInCart = errors.New("item not in cart")
	ErrQuantity  = errors.New("invalid quantity")
	// ErrNotForSale is a draft or archived product: shoppers cannot buy it,
	// whatever SKU or button they send. It reads as out of stock to callers
	// that only know that.
	ErrNotForSale = fmt.Errorf("not for sale: %w", catalog.ErrOutOfStock)
)

// MaxQuantity is the most of one item a chat cart takes.
const MaxQuantity = 99

// Cart is a shopper's cart.
type Cart struct {
	ID             int64
	CustomerID     int64
	ConversationID string
	Currency       string
	Coupon         string
	Items          []Item
	UpdatedAt      time.Time
}

// Item is one cart line with the price seen when it was added.
type Item struct {
	SKU       string
	Title     string
	Quantity  int
	UnitPrice money.Money
	AddedAt   time.Time
}

// Subtotal is the sum of the lines.
func (c *Cart) Subtotal() money.Money {
	sum := money.New(0, c.Currency)
	for _, it := range c.Items {
		sum = sum.Add(it.UnitPrice.Mul(it.Quantity))
	}
	return sum
}

// Count is the number of units in the cart.
func (c *Cart) Count() int {
	n := 0
	for _, it := range c.Items {
		n += it.Quantity
	}
	return n
}

// Find returns the line for sku.
func (c *Cart) Find(sku string) (Item, bool) {
	for _, it := range c.Items {
		if it.SKU == sku {
			return it, true
		}
	}
	return Item{}, false
}

// Store is the storage carts need.
type Store interface {
	CartFor(ctx context.Context, customerID int64, conversationID, currency string) (*Cart, error)
	SetCartItem(ctx context.Context, cartID int64, it Item) error
	RemoveCartItem(ctx context.Context, cartID int64, sku string) error
	SetCartCoupon(ctx context.Context, cartID int64, code string) error
	ClearCart(ctx context.Context, cartID int64) error
	AdoptCart(ctx context.Context, conversationID string, customerID int64) error
}

// Catalog is what carts need to know about products.
type Catalog interface {
	Variant(ctx context.Context, sku string) (catalog.Variant, error)
	ProductByID(ctx context.Context, id int64) (*catalog.Product, error)
}

// Service changes carts.
type Service struct {
	store    Store
	catalog  Catalog
	currency string
}

// NewService makes the cart service.
func NewService(store Store, cat Catalog, currency string) *Service {
	return &Service{store: store, catalog: cat, currency: currency}
}

// For returns the cart of a customer (when known) or of a conversation.
func (s *Service) For(ctx context.Context, customerID int64, conversationID string) (*Cart, error) {
	return s.store.CartFor(ctx, customerID, conversationID, s.currency)
}

// Adopt moves a conversation's anonymous cart to the customer who just said
// who they are, merging it into the customer's saved cart.
func (s *Service) Adopt(ctx context.Context, conversationID string, customerID int64) error {
	return s.store.AdoptCart(ctx, conversationID, customerID)
}

// StockError says how many units there are when a shopper asks for more.
type StockError struct {
	SKU       string
	Available int
}

func (e *StockError) Error() string {
	return fmt.Sprintf("only %d of %s in stock", e.Available, e.SKU)
}

// Unwrap lets callers test errors.Is(err, catalog.ErrOutOfStock).
func (e *StockError) Unwrap() error { return catalog.ErrOutOfStock }

// Add puts qty more of sku in the cart, if the stock allows the new total.
func (s *Service) Add(ctx context.Context, c *Cart, sku string, qty int) (Item, error) {
	cur, _ := c.Find(sku)
	return s.Set(ctx, c, sku, cur.Quantity+qty)
}

// Set makes the cart hold exactly qty of sku (0 removes it).
func (s *Service) Set(ctx context.Context, c *Cart, sku string, qty int) (Item, error) {
	if qty < 0 || qty > MaxQuantity {
		return Item{}, fmt.Errorf("%w: %d (1 to %d)", ErrQuantity, qty, MaxQuantity)
	}
	if qty == 0 {
		return Item{}, s.Remove(ctx, c, sku)
	}
	v, err := s.catalog.Variant(ctx, sku)
	if err != nil {
		return Item{}, err
	}
	p, err := s.catalog.ProductByID(ctx, v.ProductID)
	if err != nil {
		return Item{}, err
	}
	if !forSale(p) {
		return Item{}, fmt.Errorf("add %s: %w", sku, ErrNotForSale)
	}
	if v.Stock < qty {
		return Item{}, &StockError{SKU: sku, Available: v.Stock}
	}
	it := Item{SKU: sku, Title: catalog.VariantTitle(p, v), Quantity: qty, UnitPrice: v.Price, AddedAt: time.Now().UTC()}
	if err := s.store.SetCartItem(ctx, c.ID, it); err != nil {
		return Item{}, err
	}
	replaced := false
	for i := range c.Items {
		if c.Items[i].SKU == sku {
			c.Items[i], replaced = it, true
		}
	}
	if !replaced {
		c.Items = append(c.Items, it)
	}
	return it, nil
}

// Remove takes sku out of the cart.
func (s *Service) Remove(ctx context.Context, c *Cart, sku string) error {
	if _, ok := c.Find(sku); !ok {
		return ErrNotInCart
	}
	if err := s.store.RemoveCartItem(ctx, c.ID, sku); err != nil {
		return err
	}
	kept := c.Items[:0]
	for _, it := range c.Items {
		if it.SKU != sku {
			kept = append(kept, it)
		}
	}
	c.Items = kept
	return nil
}

// SetCoupon remembers a coupon code on the cart ("" clears it).
func (s *Service) SetCoupon(ctx context.Context, c *Cart, code string) error {
	if err := s.store.SetCartCoupon(ctx, c.ID, code); err != nil {
		return err
	}
	c.Coupon = code
	return nil
}

// Clear empties the cart (after an order is paid).
func (s *Service) Clear(ctx context.Context, c *Cart) error {
	if err := s.store.ClearCart(ctx, c.ID); err != nil {
		return err
	}
	c.Items, c.Coupon = nil, ""
	return nil
}

// PriceChange is a cart line whose price moved since it was added.
type PriceChange struct {
	SKU      string
	Title    string
	Old, New money.Money
}

// Recheck reads current prices and stock: changed prices are updated in the
// cart and reported (never hidden); lines with too little stock are reported.
func (s *Service) Recheck(ctx context.Context, c *Cart) ([]PriceChange, []StockError, error) {
	var changes []PriceChange
	var short []StockError
	for i := range c.Items {
		it := &c.Items[i]
		v, err := s.catalog.Variant(ctx, it.SKU)
		if errors.Is(err, catalog.ErrNotFound) {
			short = append(short, StockError{SKU: it.SKU, Available: 0})
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		p, err := s.catalog.ProductByID(ctx, v.ProductID)
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return nil, nil, err
		}
		if p == nil || !forSale(p) {
			// Unpublished since it was added: it leaves the cart like a
			// sold-out item, never reaching an order.
			short = append(short, StockError{SKU: it.SKU, Available: 0})
			continue
		}
		if v.Price != it.UnitPrice {
			changes = append(changes, PriceChange{SKU: it.SKU, Title: it.Title, Old: it.UnitPrice, New: v.Price})
			it.UnitPrice = v.Price
			if err := s.store.SetCartItem(ctx, c.ID, *it); err != nil {
				return nil, nil, err
			}
		}
		if v.Stock < it.Quantity {
			short = append(short, StockError{SKU: it.SKU, Available: v.Stock})
		}
	}
	return changes, short, nil
}

// forSale reports whether shoppers may buy the product: only active ones
// (an empty status is an active product stored before statuses existed).
func forSale(p *catalog.Product) bool {
	return p.Status == "" || p.Status == catalog.StatusActive
}
