// Package preference remembers what a returning customer likes: their size
// per kind of product (the catalogue's product type), colours and brands,
// learned from what they paid for and from what they said in a chat that
// proved who they are. The dialogue offers the usual size first and lets the
// customer see and clear what is saved. Whoever calls it must pass only a
// proven customer's id: a typed e-mail never reads or writes anyone's.
package preference

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Kinds of preference.
const (
	Size   = "size"
	Colour = "colour"
	Brand  = "brand"
)

// Sources of a preference.
const (
	FromOrder = "order"
	FromChat  = "chat"
)

// Preference is one saved value.
type Preference struct {
	Kind      string
	Scope     string // the product type a size is for ("Running Shoes"); "" for colours and brands
	Value     string
	Source    string
	Weight    int // how often it was seen; a chat statement counts above all before it
	UpdatedAt time.Time
}

// Store is the storage preferences need. Preferences come back strongest
// first (weight, then the most recent).
type Store interface {
	SavePreference(ctx context.Context, customerID int64, p Preference) error
	StatePreference(ctx context.Context, customerID int64, p Preference) error
	Preferences(ctx context.Context, customerID int64) ([]Preference, error)
	ClearPreferences(ctx context.Context, customerID int64, kind string) (int, error)
}

// Catalog is what learning from an order needs to know about its lines.
type Catalog interface {
	Variant(ctx context.Context, sku string) (catalog.Variant, error)
	ProductByID(ctx context.Context, id int64) (*catalog.Product, error)
}

// Service learns, answers and forgets preferences.
type Service struct {
	store   Store
	catalog Catalog
}

// NewService makes the preference service.
func NewService(st Store, cat Catalog) *Service { return &Service{store: st, catalog: cat} }

// LearnOrder counts the sizes, colours and brands of a paid order towards
// its customer's preferences. A line whose product is gone is skipped.
func (s *Service) LearnOrder(ctx context.Context, o *order.Order) error {
	if o.CustomerID == 0 {
		return nil
	}
	for _, it := range o.Items {
		v, err := s.catalog.Variant(ctx, it.SKU)
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		p, err := s.catalog.ProductByID(ctx, v.ProductID)
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		for _, pref := range Of(p, v) {
			pref.Source = FromOrder
			if err := s.store.SavePreference(ctx, o.CustomerID, pref); err != nil {
				return fmt.Errorf("learn preferences from order %s: %w", o.Number, err)
			}
		}
	}
	return nil
}

// Of is what buying variant v of p says about its buyer.
func Of(p *catalog.Product, v catalog.Variant) []Preference {
	var out []Preference
	if size, ok := catalog.OptionValue(v.Options, "size"); ok && p.Type != "" && clean(size) != "" {
		out = append(out, Preference{Kind: Size, Scope: p.Type, Value: clean(size)})
	}
	if colour, ok := catalog.OptionValue(v.Options, "color"); ok && clean(colour) != "" {
		out = append(out, Preference{Kind: Colour, Value: clean(colour)})
	}
	if clean(p.Vendor) != "" {
		out = append(out, Preference{Kind: Brand, Value: clean(p.Vendor)})
	}
	return out
}

// State records what the customer said in the chat ("I'm a 43 in running
// shoes"): it becomes their usual one straight away.
func (s *Service) State(ctx context.Context, customerID int64, kind, scope, value string) error {
	value = clean(value)
	if customerID == 0 || value == "" || (kind == Size && scope == "") {
		return nil
	}
	if kind != Size {
		scope = ""
	}
	return s.store.StatePreference(ctx, customerID, Preference{Kind: kind, Scope: scope, Value: value, Source: FromChat})
}

// Noticed counts a colour or brand the customer asked for in the chat
// towards their preferences, as one more sighting (not as their usual one).
func (s *Service) Noticed(ctx context.Context, customerID int64, kind, value string) error {
	value = clean(value)
	if customerID == 0 || value == "" || kind == Size {
		return nil
	}
	return s.store.SavePreference(ctx, customerID, Preference{Kind: kind, Value: value, Source: FromChat})
}

// Usual is the customer's strongest value of kind for scope (sizes: the
// product type), if any.
func (s *Service) Usual(ctx context.Context, customerID int64, kind, scope string) (string, bool, error) {
	if customerID == 0 {
		return "", false, nil
	}
	all, err := s.store.Preferences(ctx, customerID)
	if err != nil {
		return "", false, err
	}
	for _, p := range all {
		if p.Kind == kind && (kind != Size || strings.EqualFold(p.Scope, scope)) {
			return p.Value, true, nil
		}
	}
	return "", false, nil
}

// Saved lists everything saved for the customer, strongest first.
func (s *Service) Saved(ctx context.Context, customerID int64) ([]Preference, error) {
	if customerID == 0 {
		return nil, nil
	}
	return s.store.Preferences(ctx, customerID)
}

// Clear forgets the customer's preferences of kind ("" forgets all) and
// says how many values went.
func (s *Service) Clear(ctx context.Context, customerID int64, kind string) (int, error) {
	if customerID == 0 {
		return 0, nil
	}
	return s.store.ClearPreferences(ctx, customerID, kind)
}

// clean is a value as it is saved: trimmed, at most 64 characters.
func clean(v string) string {
	v = strings.TrimSpace(v)
	if r := []rune(v); len(r) > 64 {
		v = string(r[:64])
	}
	return v
}
