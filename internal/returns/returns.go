// Package returns takes items back: the shop's return policy, returns and
// exchanges with their labels and pickups, and the refund or replacement
// once the parcel is received. Every step happens once, however often a
// warehouse scanner or a shopper repeats it.
package returns

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Kinds of return.
const (
	KindReturn   = "return"   // money back
	KindExchange = "exchange" // another size or colour of the same product
)

// Statuses, in the order a return lives through them.
const (
	StatusRequested       = "requested"
	StatusLabelSent       = "label_sent"
	StatusPickupScheduled = "pickup_scheduled"
	StatusReceived        = "received"
	StatusRefunded        = "refunded"
	StatusExchanged       = "exchanged"
	StatusRejected        = "rejected"
)

// Open statuses: the parcel has not arrived yet.
var Open = []string{StatusRequested, StatusLabelSent, StatusPickupScheduled}

// Methods of sending the parcel back.
const (
	MethodLabel  = "label"  // the shopper drops it off with the label
	MethodPickup = "pickup" // a courier collects it in a slot
)

// Reasons a shopper can give, in the order the buttons show them.
var Reasons = []string{"too_small", "too_big", "not_as_described", "damaged", "changed_my_mind", "other"}

// Errors callers branch on.
var (
	ErrNotFound = errors.New("return not found")
	ErrInvalid  = errors.New("invalid return")
	// ErrSlotFull: the pickup slot's last place went to someone else.
	ErrSlotFull = errors.New("pickup slot is full")
	// ErrState: the return has moved on (a rejected return cannot be received).
	ErrState = errors.New("return cannot change that way")
	// ErrRefused wraps a Refusal: the policy does not take these items back.
	ErrRefused = errors.New("return refused")
	// ErrRefundFailed: the gateway did not refund; receiving again retries.
	ErrRefundFailed = errors.New("refund failed")
)

// Refusal says why items cannot come back, with what the shopper needs to
// read the reason: the refusal code and, for a closed window, its end.
type Refusal struct {
	Code     string
	SKU      string
	Deadline time.Time
	Max      int // for quantities: how many may still come back
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("return refused (%s) for %s", r.Code, r.SKU)
}

func (r *Refusal) Unwrap() error { return ErrRefused }

// Line is one item coming back.
type Line struct {
	SKU         string
	Title       string
	Quantity    int
	UnitPrice   money.Money // as paid
	ExchangeSKU string      // the variant sent instead, for exchanges
}

// Return is one parcel of items coming back from one order.
type Return struct {
	ID              string // unguessable; printed on the label and in its barcode
	OrderID         int64
	OrderNumber     string
	Kind            string
	Status          string
	Reason          string
	Note            string // the shopper's own words when the reason is "other"
	Method          string
	Pickup          *Window
	Lines           []Line
	LabelToken      string
	ConversationID  string
	Language        string
	Refund          money.Money // what was paid back; zero until refunded
	RefundReference string
	RefundedAt      *time.Time
	RejectReason    string
	ReceivedAt      *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Units is how many items the return holds.
func (r *Return) Units() int {
	n := 0
	for _, l := range r.Lines {
		n += l.Quantity
	}
	return n
}

// Filter selects returns in a list.
type Filter struct {
	Status  string
	OrderID int64
	Limit   int
}

// Store is the storage returns need. Every change is conditional on the
// return's current status, so a repeated call finds it moved on.
type Store interface {
	// CreateReturn inserts r and reserves its exchange variants' stock in
	// one transaction; check runs inside it with the units of each SKU of
	// the order already in returns, so two requests cannot both take the
	// last returnable unit.
	//
	// A pickup takes one place of its slot in the same transaction, and
	// only while fewer than capacity are booked, so two shoppers cannot
	// both take the last place (ErrSlotFull).
	CreateReturn(ctx context.Context, r *Return, capacity int, check func(returned map[string]int) error) error
	// PickupBookings counts the booked pickups per slot start (Unix
	// seconds) for slots starting in [from, to).
	PickupBookings(ctx context.Context, from, to time.Time) (map[int64]int, error)
	ReturnByID(ctx context.Context, id string) (*Return, error)
	ReturnByLabel(ctx context.Context, token string) (*Return, error)
	ListReturns(ctx context.Context, f Filter) ([]Return, error)
	// ReceiveReturn moves an open return to received, putting its items
	// back on sale when restock is set.
	ReceiveReturn(ctx context.Context, id string, restock bool) (changed bool, r *Return, err error)
	// ClaimRefund leases the refund of a received return until until, so
	// one caller at a time talks to the gateway.
	ClaimRefund(ctx context.Context, id string, until time.Time) (bool, error)
	// ReleaseRefund ends a lease whose refund failed, so a retry may start now.
	ReleaseRefund(ctx context.Context, id string) error
	// FinishRefund records the refund; the order's payment becomes
	// refunded when all its units are.
	FinishRefund(ctx context.Context, id string, amount money.Money, reference string) (changed bool, r *Return, err error)
	FinishExchange(ctx context.Context, id string) (changed bool, r *Return, err error)
	// RejectReturn refuses an open return and releases its exchange stock.
	RejectReturn(ctx context.Context, id, reason string) (changed bool, r *Return, err error)
}

// Orders finds orders.
type Orders interface {
	ByNumber(ctx context.Context, number string) (*order.Order, error)
}

// Catalog is what returns need to know about products.
type Catalog interface {
	Variant(ctx context.Context, sku string) (catalog.Variant, error)
	ProductByID(ctx context.Context, id int64) (*catalog.Product, error)
}

// Refunder gives money back through the order's payment gateway; key makes
// a retry the same refund.
type Refunder interface {
	Refund(ctx context.Context, o *order.Order, amount money.Money, key string) (reference string, err error)
}

// refundLease is how long one caller may take over a refund before another
// may retry it (the gateway's idempotency key keeps that retry harmless).
const refundLease = 2 * time.Minute

// Service runs returns.
type Service struct {
	store   Store
	orders  Orders
	catalog Catalog
	refunds Refunder
	// policy is read through Policy: the web admin may replace it.
	policyMu sync.RWMutex
	policy   Policy
	Now      func() time.Time
	// OnDone runs once when a return is refunded, exchanged or rejected
	// (the shopper's conversation is told).
	OnDone func(ctx context.Context, r *Return)
}

// NewService makes the returns service.
func NewService(st Store, orders Orders, cat Catalog, refunds Refunder, p Policy) *Service {
	return &Service{store: st, orders: orders, catalog: cat, refunds: refunds, policy: p, Now: time.Now}
}

// Policy is the policy in force.
func (s *Service) Policy() Policy {
	s.policyMu.RLock()
	defer s.policyMu.RUnlock()
	return s.policy
}

// SetPolicy puts another policy in force (edited in the web admin); the
// next question and the next return follow it.
func (s *Service) SetPolicy(p Policy) {
	s.policyMu.Lock()
	s.policy = p
	s.policyMu.Unlock()
}

// Eligibility applies the policy to o with its returns as they stand now.
func (s *Service) Eligibility(ctx context.Context, o *order.Order) (Eligibility, error) {
	rs, err := s.store.ListReturns(ctx, Filter{OrderID: o.ID, Limit: 1000})
	if err != nil {
		return Eligibility{}, err
	}
	products, err := s.products(ctx, o)
	if err != nil {
		return Eligibility{}, err
	}
	return s.Policy().Check(o, products, returnedUnits(rs), s.Now()), nil
}

// products are the catalogue products of o's lines, by SKU.
func (s *Service) products(ctx context.Context, o *order.Order) (map[string]*catalog.Product, error) {
	products := map[string]*catalog.Product{}
	for _, it := range o.Items {
		p, err := s.productOf(ctx, it.SKU)
		if err != nil {
			return nil, err
		}
		products[it.SKU] = p
	}
	return products, nil
}

// productOf returns the product of sku, or nil when it left the catalogue.
func (s *Service) productOf(ctx context.Context, sku string) (*catalog.Product, error) {
	v, err := s.catalog.Variant(ctx, sku)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err := s.catalog.ProductByID(ctx, v.ProductID)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil
	}
	return p, err
}

func returnedUnits(rs []Return) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		if r.Status == StatusRejected {
			continue
		}
		for _, l := range r.Lines {
			m[l.SKU] += l.Quantity
		}
	}
	return m
}

// Request is what a shopper asks for.
type Request struct {
	Order          *order.Order
	Kind           string
	SKU            string
	Quantity       int
	Reason         string
	Note           string
	ExchangeSKU    string
	Method         string
	Pickup         *Window
	ConversationID string
	Language       string
}

// Create starts a return: the policy is checked, the exchange variant's
// stock is reserved, and a label link is made. The return is label_sent
// (or pickup_scheduled) at once: the label is what the shopper gets now.
func (s *Service) Create(ctx context.Context, req Request) (*Return, error) {
	o := req.Order
	if o == nil {
		return nil, fmt.Errorf("%w: no order", ErrInvalid)
	}
	if req.Kind == "" {
		req.Kind = KindReturn
	}
	if req.Kind != KindReturn && req.Kind != KindExchange {
		return nil, fmt.Errorf("%w: kind must be %q or %q", ErrInvalid, KindReturn, KindExchange)
	}
	if !validReason(req.Reason) {
		return nil, fmt.Errorf("%w: reason must be one of %s", ErrInvalid, strings.Join(Reasons, ", "))
	}
	if req.Quantity <= 0 {
		return nil, fmt.Errorf("%w: quantity must be at least 1", ErrInvalid)
	}
	var item *order.Item
	for i := range o.Items {
		if o.Items[i].SKU == req.SKU {
			item = &o.Items[i]
			break
		}
	}
	if item == nil {
		return nil, fmt.Errorf("%w: order %s has no item %q", ErrInvalid, o.Number, req.SKU)
	}
	status := StatusLabelSent
	switch req.Method {
	case MethodLabel, "":
		req.Method, req.Pickup = MethodLabel, nil
	case MethodPickup:
		if !s.offered(req.Pickup) {
			return nil, fmt.Errorf("%w: that pickup slot is not offered", ErrInvalid)
		}
		status = StatusPickupScheduled
	default:
		return nil, fmt.Errorf("%w: method must be %q or %q", ErrInvalid, MethodLabel, MethodPickup)
	}
	line := Line{SKU: item.SKU, Title: item.Title, Quantity: req.Quantity, UnitPrice: item.UnitPrice}
	if req.Kind == KindExchange {
		ok, err := s.exchangeable(ctx, item, req.ExchangeSKU)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w: %q is not another size or colour of %q at the same price", ErrInvalid, req.ExchangeSKU, item.SKU)
		}
		line.ExchangeSKU = req.ExchangeSKU
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	r := &Return{ID: id, OrderID: o.ID, OrderNumber: o.Number, Kind: req.Kind, Status: status, Reason: req.Reason,
		Note: limit(req.Note, 500), Method: req.Method, Pickup: req.Pickup, Lines: []Line{line}, LabelToken: token,
		ConversationID: req.ConversationID, Language: req.Language, Refund: money.New(0, o.Total.Currency)}
	products, err := s.products(ctx, o)
	if err != nil {
		return nil, err
	}
	err = s.store.CreateReturn(ctx, r, s.Policy().Capacity(), func(returned map[string]int) error {
		e := s.Policy().Check(o, products, returned, s.Now())
		l, _ := e.Line(item.SKU)
		switch {
		case l.Refusal != "":
			return &Refusal{Code: l.Refusal, SKU: l.SKU, Deadline: e.Deadline}
		case req.Quantity > l.Returnable:
			return &Refusal{Code: RefuseReturned, SKU: l.SKU, Max: l.Returnable}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slog.InfoContext(ctx, "return requested", "return", r.ID, "order", o.Number, "kind", r.Kind, "method", r.Method)
	return r, nil
}

// TooMany reports a refusal for asking more units than may come back.
func TooMany(err error) (max int, ok bool) {
	var rf *Refusal
	if errors.As(err, &rf) && rf.Code == RefuseReturned && rf.Max > 0 {
		return rf.Max, true
	}
	return 0, false
}

func validReason(r string) bool {
	for _, x := range Reasons {
		if x == r {
			return true
		}
	}
	return false
}

func (s *Service) offered(w *Window) bool {
	if w == nil {
		return false
	}
	// Fullness is checked again, atomically, by CreateReturn; here the
	// slot only has to be one the policy offers.
	for _, o := range s.Policy().PickupSlots(s.Now()) {
		if o.Start.Equal(w.Start) && o.End.Equal(w.End) {
			return true
		}
	}
	return false
}

// PickupSlots are the policy's pickup windows from now that still have a
// place: a slot with PickupCapacity bookings is not offered.
func (s *Service) PickupSlots(ctx context.Context) ([]Window, error) {
	all := s.Policy().PickupSlots(s.Now())
	if len(all) == 0 {
		return nil, nil
	}
	booked, err := s.store.PickupBookings(ctx, all[0].Start, all[len(all)-1].End)
	if err != nil {
		return nil, err
	}
	out := all[:0:0]
	for _, w := range all {
		if booked[w.Start.Unix()] < s.Policy().Capacity() {
			out = append(out, w)
		}
	}
	return out, nil
}

// ExchangeOptions are the variants a line of sku may be exchanged for:
// the same product's other variants in stock (at the same price when the
// policy says so), with the product.
func (s *Service) ExchangeOptions(ctx context.Context, sku string, price money.Money) (*catalog.Product, []catalog.Variant, error) {
	p, err := s.productOf(ctx, sku)
	if err != nil || p == nil {
		return nil, nil, err
	}
	var out []catalog.Variant
	for _, v := range p.Variants {
		if v.SKU == sku || !v.InStock() {
			continue
		}
		if s.Policy().Exchange.SamePriceOnly && (v.Price.Amount != price.Amount || v.Price.Currency != price.Currency) {
			continue
		}
		out = append(out, v)
	}
	return p, out, nil
}

func (s *Service) exchangeable(ctx context.Context, item *order.Item, sku string) (bool, error) {
	p, err := s.productOf(ctx, item.SKU)
	if err != nil || p == nil {
		return false, err
	}
	for _, v := range p.Variants {
		if v.SKU == sku && sku != item.SKU {
			return !s.Policy().Exchange.SamePriceOnly || v.Price == item.UnitPrice, nil
		}
	}
	return false, nil
}

// ByID returns a return.
func (s *Service) ByID(ctx context.Context, id string) (*Return, error) {
	return s.store.ReturnByID(ctx, strings.TrimSpace(id))
}

// ByLabel returns the return whose label link carries token.
func (s *Service) ByLabel(ctx context.Context, token string) (*Return, error) {
	if len(token) < 20 {
		return nil, ErrNotFound // not one of ours: no need to ask the database
	}
	return s.store.ReturnByLabel(ctx, token)
}

// List returns returns, newest first.
func (s *Service) List(ctx context.Context, f Filter) ([]Return, error) {
	if f.Status != "" && !knownStatus(f.Status) {
		return nil, fmt.Errorf("%w: unknown status %q", ErrInvalid, f.Status)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	return s.store.ListReturns(ctx, f)
}

func knownStatus(st string) bool {
	switch st {
	case StatusRequested, StatusLabelSent, StatusPickupScheduled, StatusReceived, StatusRefunded, StatusExchanged, StatusRejected:
		return true
	}
	return false
}

// Receive is the warehouse saying the parcel arrived: the items go back on
// sale (unless returned damaged), then the money goes back once, or the
// exchange variant, reserved since the request, ships. Receiving again
// changes nothing; receiving a return whose refund failed retries it.
func (s *Service) Receive(ctx context.Context, id string) (*Return, error) {
	r, err := s.store.ReturnByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status == StatusRejected {
		return nil, fmt.Errorf("%w: return %s was rejected", ErrState, r.ID)
	}
	if _, r, err = s.store.ReceiveReturn(ctx, r.ID, s.Policy().Restocks(r.Reason)); err != nil {
		return nil, err
	}
	if r.Status != StatusReceived {
		return r, nil // done before
	}
	if r.Kind == KindExchange {
		changed, r2, err := s.store.FinishExchange(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if changed {
			slog.InfoContext(ctx, "exchange shipped", "return", r.ID, "order", r.OrderNumber)
			s.done(ctx, r2)
		}
		return r2, nil
	}
	return s.refund(ctx, r)
}

func (s *Service) refund(ctx context.Context, r *Return) (*Return, error) {
	won, err := s.store.ClaimRefund(ctx, r.ID, s.Now().Add(refundLease))
	if err != nil {
		return nil, err
	}
	if !won {
		return s.store.ReturnByID(ctx, r.ID) // someone else is refunding it right now
	}
	o, err := s.orders.ByNumber(ctx, r.OrderNumber)
	if err != nil {
		return nil, err
	}
	amount := s.RefundAmount(o, r)
	ref := ""
	if s.refunds != nil {
		if ref, err = s.refunds.Refund(ctx, o, amount, "return-"+r.ID); err != nil {
			if rerr := s.store.ReleaseRefund(ctx, r.ID); rerr != nil {
				slog.ErrorContext(ctx, "release refund lease", "return", r.ID, "err", rerr)
			}
			return nil, fmt.Errorf("%w: return %s: %w", ErrRefundFailed, r.ID, err)
		}
	}
	changed, r2, err := s.store.FinishRefund(ctx, r.ID, amount, ref)
	if err != nil {
		return nil, err
	}
	if changed {
		slog.InfoContext(ctx, "return refunded", "return", r.ID, "order", r.OrderNumber, "amount", amount.String())
		s.done(ctx, r2)
	}
	return r2, nil
}

// RefundAmount is what r gives back: the lines as paid, with the order's
// discount shared out in proportion, less any restocking fee, and never
// more than is left of the order's total. Shipping is not refunded.
func (s *Service) RefundAmount(o *order.Order, r *Return) money.Money {
	var gross int64
	for _, l := range r.Lines {
		gross += l.UnitPrice.Amount * int64(l.Quantity)
	}
	if o.Subtotal.Amount > 0 && o.Discount.Amount > 0 {
		gross = gross * (o.Subtotal.Amount - o.Discount.Amount) / o.Subtotal.Amount
	}
	amount := gross - s.Policy().Fee(r.Reason, gross)
	left := o.Total.Amount
	for _, other := range o.Returns {
		if other.ID != r.ID && other.Status == StatusRefunded {
			left -= s.refundedOf(o, other)
		}
	}
	amount = min(amount, left)
	return money.New(max(amount, 0), o.Total.Currency)
}

// refundedOf estimates another return's refund from its lines (the order
// lists returns without amounts); used only to cap this one.
func (s *Service) refundedOf(o *order.Order, r order.Return) int64 {
	var sum int64
	for _, l := range r.Lines {
		for _, it := range o.Items {
			if it.SKU == l.SKU {
				sum += it.UnitPrice.Amount * int64(l.Quantity)
				break
			}
		}
	}
	return sum
}

// Reject refuses a return that has not been received (the shopper never
// sent it, or it is not what was sold); reserved exchange stock goes back.
func (s *Service) Reject(ctx context.Context, id, reason string) (*Return, error) {
	changed, r, err := s.store.RejectReturn(ctx, strings.TrimSpace(id), limit(strings.TrimSpace(reason), 500))
	if err != nil {
		return nil, err
	}
	if !changed && r.Status != StatusRejected {
		return nil, fmt.Errorf("%w: return %s is %s", ErrState, r.ID, r.Status)
	}
	if changed {
		s.done(ctx, r)
	}
	return r, nil
}

func (s *Service) done(ctx context.Context, r *Return) {
	if s.OnDone != nil {
		s.OnDone(ctx, r)
	}
}

// newID is a return's id: "R" and 16 characters of base32 from 80 random
// bits, short enough to read out and print, too many to guess.
func newID() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "R" + base32.StdEncoding.EncodeToString(b), nil
}

// newToken is a label link's secret.
func newToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func limit(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
