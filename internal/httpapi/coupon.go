package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

type couponRequest struct {
	Code            string       `json:"code"`
	Kind            string       `json:"kind"`
	Percent         int64        `json:"percent"`
	Amount          *money.Money `json:"amount"`
	MinSpend        *money.Money `json:"min_spend"`
	ExpiresAt       *time.Time   `json:"expires_at"`
	OncePerCustomer bool         `json:"once_per_customer"`
	MaxUses         int64        `json:"max_uses"` // 0 = no limit
	Active          *bool        `json:"active"`
}

// adminSaveCoupon creates or replaces a discount code.
func (s *Server) adminSaveCoupon(w http.ResponseWriter, r *http.Request) {
	var req couponRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	c := coupon.Coupon{Code: req.Code, Kind: req.Kind, ExpiresAt: req.ExpiresAt, OncePerCustomer: req.OncePerCustomer, MaxUses: req.MaxUses, Active: req.Active == nil || *req.Active}
	switch req.Kind {
	case coupon.Percent:
		c.Value = req.Percent
	case coupon.Fixed:
		if req.Amount != nil {
			c.Value = req.Amount.Amount
		}
	}
	if req.MinSpend != nil {
		c.MinSpend = req.MinSpend.Amount
	}
	for _, m := range []*money.Money{req.Amount, req.MinSpend} {
		if m != nil && !strings.EqualFold(m.Currency, s.Currency) {
			writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "amounts must be in the shop's currency %s", s.Currency))
			return
		}
	}
	if err := s.Coupons.Save(r.Context(), c); err != nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error()))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": coupon.Normalize(c.Code), "kind": c.Kind, "active": c.Active})
}

// couponJSON is a discount code as the admin lists it; amounts are money
// in the shop's currency, a percentage a whole number.
type couponJSON struct {
	Code            string       `json:"code"`
	Kind            string       `json:"kind"`
	Percent         int64        `json:"percent,omitempty"`
	Amount          *money.Money `json:"amount,omitempty"`
	MinSpend        *money.Money `json:"min_spend,omitempty"`
	ExpiresAt       *time.Time   `json:"expires_at,omitempty"`
	OncePerCustomer bool         `json:"once_per_customer"`
	MaxUses         int64        `json:"max_uses"`
	Uses            int64        `json:"uses"`
	Active          bool         `json:"active"`
}

// adminListCoupons lists the discount codes (the first 500 by code).
func (s *Server) adminListCoupons(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Coupons.List(r.Context(), 500)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := []couponJSON{}
	for _, c := range cs {
		j := couponJSON{Code: c.Code, Kind: c.Kind, ExpiresAt: c.ExpiresAt, OncePerCustomer: c.OncePerCustomer, MaxUses: c.MaxUses, Uses: c.Uses, Active: c.Active}
		switch c.Kind {
		case coupon.Percent:
			j.Percent = c.Value
		case coupon.Fixed:
			m := money.New(c.Value, s.Currency)
			j.Amount = &m
		}
		if c.MinSpend > 0 {
			m := money.New(c.MinSpend, s.Currency)
			j.MinSpend = &m
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"coupons": out, "currency": s.Currency})
}
