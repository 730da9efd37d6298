package coupon

import (
	"errors"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

func TestApply(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	past := now.Add(-time.Hour)
	eur := func(s string) money.Money { return money.MustParse(s, "EUR") }
	tests := []struct {
		name     string
		c        Coupon
		subtotal string
		used     bool
		want     string
		free     bool
		err      error
	}{
		{"ten percent", Coupon{Code: "WELCOME10", Kind: Percent, Value: 10, Active: true}, "89.95", false, "9.00", false, nil},
		{"fixed", Coupon{Code: "SAVE5", Kind: Fixed, Value: 500, MinSpend: 4000, Active: true}, "45.00", false, "5.00", false, nil},
		{"fixed never above subtotal", Coupon{Code: "BIG", Kind: Fixed, Value: 10000, Active: true}, "45.00", false, "45.00", false, nil},
		{"free shipping", Coupon{Code: "FREESHIP", Kind: FreeShipping, Active: true}, "10.00", false, "0.00", true, nil},
		{"below minimum spend", Coupon{Code: "SAVE5", Kind: Fixed, Value: 500, MinSpend: 4000, Active: true}, "39.99", false, "", false, ErrMinSpend},
		{"expired", Coupon{Code: "OLD", Kind: Percent, Value: 10, ExpiresAt: &past, Active: true}, "50.00", false, "", false, ErrExpired},
		{"once per customer, used", Coupon{Code: "ONCE", Kind: Percent, Value: 10, OncePerCustomer: true, Active: true}, "50.00", true, "", false, ErrUsed},
		{"single use, taken by anyone", Coupon{Code: "SORRY", Kind: Percent, Value: 10, MaxUses: 1, Uses: 1, Active: true}, "50.00", false, "", false, ErrUsed},
		{"single use, still free", Coupon{Code: "SORRY", Kind: Percent, Value: 10, MaxUses: 1, Active: true}, "50.00", false, "5.00", false, nil},
		{"no limit ignores the count", Coupon{Code: "ALWAYS", Kind: Percent, Value: 10, Uses: 99, Active: true}, "50.00", false, "5.00", false, nil},
		{"inactive", Coupon{Code: "OFF", Kind: Percent, Value: 10}, "50.00", false, "", false, ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.c.Apply(eur(tt.subtotal), now, tt.used)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && (d.Amount.Decimal() != tt.want || d.FreeShipping != tt.free) {
				t.Errorf("= %s free=%v; want %s free=%v", d.Amount.Decimal(), d.FreeShipping, tt.want, tt.free)
			}
		})
	}
}

func TestNormalizeAndValidate(t *testing.T) {
	if got := Normalize(" save 10 "); got != "SAVE10" {
		t.Errorf("Normalize = %q", got)
	}
	for _, c := range []Coupon{{Code: "", Kind: Percent, Value: 5}, {Code: "X", Kind: Percent, Value: 101}, {Code: "X", Kind: Fixed}, {Code: "X", Kind: "bogo"}, {Code: "X", Kind: Percent, Value: 5, MaxUses: -1}} {
		if c.Validate() == nil {
			t.Errorf("accepted %+v", c)
		}
	}
}
