package loyalty

import (
	"context"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

func TestRules_EarnWholeUnitsOnly(t *testing.T) {
	r := Rules{PointsPerUnit: 2, PointValue: 1, MinRedeem: 100}
	tests := []struct {
		name string
		paid money.Money
		want int64
	}{
		{"euros rounded down", money.New(8995, "EUR"), 178},
		{"less than a euro", money.New(99, "EUR"), 0},
		{"nothing paid", money.New(0, "EUR"), 0},
		{"yen have no cents", money.New(1500, "JPY"), 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Earned(tt.paid); got != tt.want {
				t.Errorf("Earned(%v) = %d, want %d", tt.paid, got, tt.want)
			}
		})
	}
	if got := (Rules{PointsPerUnit: 0, PointValue: 1}).Earned(money.New(10000, "EUR")); got != 0 {
		t.Errorf("with loyalty off, earned %d", got)
	}
}

func TestRules_RedemptionNeverExceedsWhatIsDue(t *testing.T) {
	r := Rules{PointsPerUnit: 1, PointValue: 5, MinRedeem: 100}
	tests := []struct {
		name       string
		balance    int64
		due        int64
		wantPoints int64
		wantOff    int64
	}{
		{"whole balance fits", 400, 10000, 400, 2000},
		{"capped at the amount due", 5000, 1234, 246, 1230},
		{"below the minimum", 99, 10000, 0, 0},
		{"due too small for the minimum", 400, 300, 0, 0},
		{"negative balance", -50, 10000, 0, 0},
		{"nothing due", 400, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, off := r.Redemption(tt.balance, money.New(tt.due, "EUR"))
			if p != tt.wantPoints || off.Amount != tt.wantOff || off.Currency != "EUR" {
				t.Errorf("Redemption(%d, %d) = %d, %v; want %d, %d", tt.balance, tt.due, p, off, tt.wantPoints, tt.wantOff)
			}
			if off.Amount > tt.due {
				t.Errorf("takes off %d of %d due", off.Amount, tt.due)
			}
		})
	}
}

type memStore struct {
	balance map[int64]int64
	earned  map[int64]bool
}

func (m *memStore) LoyaltyBalance(_ context.Context, c int64) (int64, error) {
	return m.balance[c], nil
}
func (m *memStore) EarnPoints(_ context.Context, c, o, p int64) (bool, error) {
	if m.earned[o] {
		return false, nil
	}
	m.earned[o] = true
	m.balance[c] += p
	return true, nil
}
func (m *memStore) LoyaltyLedger(context.Context, int64, int) ([]Entry, error) { return nil, nil }

func TestEarn_OnGoodsPaidNotShippingAndOnlyWhenPaid(t *testing.T) {
	st := &memStore{balance: map[int64]int64{}, earned: map[int64]bool{}}
	s := NewService(st, Rules{PointsPerUnit: 1, PointValue: 1})
	ctx := context.Background()
	pending := &order.Order{ID: 1, CustomerID: 7, PaymentStatus: order.PaymentPending, Total: money.New(5495, "EUR"), Shipping: money.New(495, "EUR")}
	if n, _ := s.Earn(ctx, pending); n != 0 {
		t.Fatalf("an unpaid order earned %d", n)
	}
	paid := *pending
	paid.PaymentStatus = order.PaymentPaid
	if n, _ := s.Earn(ctx, &paid); n != 50 {
		t.Fatalf("paid 54.95 with 4.95 shipping earned %d, want 50", n)
	}
	if n, _ := s.Earn(ctx, &paid); n != 0 {
		t.Fatalf("earning again reported %d new points", n)
	}
	if b, _ := s.Balance(ctx, 7); b != 50 {
		t.Fatalf("balance = %d, want 50", b)
	}
	var off *Service
	if off.On() {
		t.Fatal("a nil service is on")
	}
}
