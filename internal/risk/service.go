package risk

import (
	"bufio"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

//go:embed disposable.txt
var disposableList string

var disposable = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(disposableList))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// Disposable reports whether an e-mail address is at a throw-away domain
// (or a subdomain of one).
func Disposable(email string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if !ok {
		return false
	}
	for domain != "" {
		if disposable[domain] {
			return true
		}
		_, rest, ok := strings.Cut(domain, ".")
		if !ok {
			break
		}
		domain = rest
	}
	return false
}

// Signal kinds recorded per order. Values are stored hashed: velocity only
// needs to know that two orders share one, not what it is.
const (
	KindEmail   = "email"
	KindPhone   = "phone"
	KindClient  = "client"
	KindCard    = "card"
	KindAddress = "address"
)

// Window is how far back velocity counts look.
const Window = 24 * time.Hour

// addressWindow is how far back a shared shipping address counts.
const addressWindow = 90 * 24 * time.Hour

// Store is the storage the checks need.
type Store interface {
	// RecordRiskSignal remembers that order carries kind=value; recording
	// it again changes nothing.
	RecordRiskSignal(ctx context.Context, orderID int64, kind, value string) error
	// RiskOrders counts the orders carrying kind=value since.
	RiskOrders(ctx context.Context, kind, value string, since time.Time) (int, error)
	// RiskLinked counts the distinct other values among orders carrying kind=value since.
	RiskLinked(ctx context.Context, kind, value, other string, since time.Time) (int, error)
	// RiskFailedPayments counts failed orders carrying kind=value since.
	RiskFailedPayments(ctx context.Context, kind, value string, since time.Time) (int, error)
	// RiskSignal is the value of kind the order carries, "" when none.
	RiskSignal(ctx context.Context, orderID int64, kind string) (string, error)
	// PaidOrdersBefore counts the customer's paid orders other than orderID.
	PaidOrdersBefore(ctx context.Context, customerID, orderID int64) (int, error)
}

// Service screens orders; it implements order.Screener.
type Service struct {
	store      Store
	thresholds Thresholds
	now        func() time.Time
}

// NewService makes the fraud checks with the shop's thresholds.
func NewService(store Store, t Thresholds) *Service {
	return &Service{store: store, thresholds: t.WithDefaults(), now: time.Now}
}

// Thresholds are the settings in use.
func (s *Service) Thresholds() Thresholds { return s.thresholds }

// Screen records the order's signals and scores it. At placement the
// client address comes from the request; at payment the gateway adds the
// card and its own view of the risk.
func (s *Service) Screen(ctx context.Context, o *order.Order, stage string, f order.PaymentFacts) (order.Risk, error) {
	sig, err := s.Signals(ctx, o, stage, f)
	if err != nil {
		return order.Risk{}, err
	}
	a := Score(sig, s.thresholds)
	return order.Risk{Level: a.Level, Outcome: a.Outcome, Reasons: a.Reasons}, nil
}

// Signals gathers the facts Score weighs, recording this order's own.
func (s *Service) Signals(ctx context.Context, o *order.Order, stage string, f order.PaymentFacts) (Signals, error) {
	vals := map[string]string{KindEmail: o.Email, KindPhone: o.Phone, KindAddress: addressKey(o)}
	if stage == order.StagePlaced {
		// At payment the request comes from the gateway, not the shopper.
		vals[KindClient] = reqinfo.ClientAddr(ctx)
	}
	vals[KindCard] = f.CardFingerprint
	for kind, v := range vals {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if err := s.store.RecordRiskSignal(ctx, o.ID, kind, Hash(kind, v)); err != nil {
			return Signals{}, fmt.Errorf("record %s signal of order %s: %w", kind, o.Number, err)
		}
	}
	since := s.now().UTC().Add(-Window)
	sig := Signals{Total: o.Total.Amount, DisposableEmail: Disposable(o.Email), ShippingCountry: strings.ToUpper(o.ShippingAddress.Country),
		BillingCountry: strings.ToUpper(f.BillingCountry), CardCountry: strings.ToUpper(f.CardCountry), PhoneCountry: PhoneCountry(o.Phone),
		GatewayRiskLevel: f.RiskLevel, GatewayRiskScore: f.RiskScore}
	if o.CustomerID != 0 {
		n, err := s.store.PaidOrdersBefore(ctx, o.CustomerID, o.ID)
		if err != nil {
			return sig, err
		}
		sig.FirstOrder = n == 0
	} else {
		sig.FirstOrder = true
	}
	// The client address is read from what placement recorded, so the
	// check at payment still knows it.
	type count struct {
		dst         *int
		kind, other string
		since       time.Time
	}
	counts := []count{
		{&sig.OrdersPerEmail, KindEmail, "", since},
		{&sig.OrdersPerPhone, KindPhone, "", since},
		{&sig.OrdersPerClient, KindClient, "", since},
		{&sig.OrdersPerCard, KindCard, "", since},
		{&sig.EmailsPerClient, KindClient, KindEmail, since},
		{&sig.CardsPerClient, KindClient, KindCard, since},
		{&sig.CardsPerEmail, KindEmail, KindCard, since},
		{&sig.CustomersAtAddress, KindAddress, KindEmail, s.now().UTC().Add(-addressWindow)},
	}
	own, err := s.ownSignals(ctx, o, vals)
	if err != nil {
		return sig, err
	}
	for _, c := range counts {
		v, ok := own[c.kind]
		if !ok {
			continue
		}
		var n int
		var err error
		if c.other == "" {
			n, err = s.store.RiskOrders(ctx, c.kind, v, c.since)
		} else {
			n, err = s.store.RiskLinked(ctx, c.kind, v, c.other, c.since)
		}
		if err != nil {
			return sig, fmt.Errorf("count %s/%s: %w", c.kind, c.other, err)
		}
		*c.dst = n
	}
	for _, kind := range []string{KindEmail, KindClient, KindCard} {
		v, ok := own[kind]
		if !ok {
			continue
		}
		n, err := s.store.RiskFailedPayments(ctx, kind, v, since)
		if err != nil {
			return sig, err
		}
		if kind == KindClient {
			n /= 2
		}
		sig.FailedPayments = max(sig.FailedPayments, n)
	}
	return sig, nil
}

// ownSignals are the hashed values this order carries, including the
// client address recorded when it was placed.
func (s *Service) ownSignals(ctx context.Context, o *order.Order, vals map[string]string) (map[string]string, error) {
	own := map[string]string{}
	for kind, v := range vals {
		if strings.TrimSpace(v) != "" {
			own[kind] = Hash(kind, v)
		}
	}
	if _, ok := own[KindClient]; !ok {
		v, err := s.store.RiskSignal(ctx, o.ID, KindClient)
		if err != nil {
			return nil, err
		}
		if v != "" {
			own[KindClient] = v
		}
	}
	return own, nil
}

// Hash is how a signal's value is stored: normalised and hashed, so the
// table of signals holds no readable personal data.
func Hash(kind, v string) string {
	v = strings.ToLower(strings.Join(strings.Fields(v), " "))
	if kind == KindEmail {
		v = canonicalEmail(v)
	}
	if kind == KindPhone {
		v = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, v)
	}
	h := sha256.Sum256([]byte(kind + "\x00" + v))
	return hex.EncodeToString(h[:16])
}

// canonicalEmail folds the spellings one mailbox answers to, so that
// "ann+1@gmail.com" and "a.n.n@gmail.com" count as ann@gmail.com: sub-address
// tags everywhere, dots where the provider ignores them.
func canonicalEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return e
	}
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "gmail.com" || domain == "googlemail.com" {
		local, domain = strings.ReplaceAll(local, ".", ""), "gmail.com"
	}
	return local + "@" + domain
}

func addressKey(o *order.Order) string {
	a := o.ShippingAddress
	if a.Line1 == "" {
		return ""
	}
	return strings.Join([]string{a.Line1, a.Line2, a.PostalCode, a.City, a.Country}, "|")
}
