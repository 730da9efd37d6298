package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, cur string
		want    int64
		err     bool
	}{
		{"19.99", "EUR", 1999, false},
		{"19,99", "EUR", 1999, false},
		{"20", "EUR", 2000, false},
		{".5", "EUR", 50, false},
		{"0.1", "EUR", 10, false},
		{"19.990", "EUR", 1999, false},
		{"-5.00", "EUR", -500, false},
		{"500", "JPY", 500, false},
		{"19.999", "EUR", 0, true},
		{"1.5", "JPY", 0, true},
		{"", "EUR", 0, true},
		{"abc", "EUR", 0, true},
		{"1e5", "EUR", 0, true},
		{"12.3.4", "EUR", 0, true},
		{"9999999999999999", "EUR", 0, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.cur)
		if tt.err {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) err = %v, want ErrInvalid", tt.in, err)
			}
			continue
		}
		if err != nil || got.Amount != tt.want {
			t.Errorf("Parse(%q, %s) = %v, %v; want %d", tt.in, tt.cur, got, err, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{New(1999, "EUR"), "19.99"}, {New(5, "EUR"), "0.05"}, {New(-250, "EUR"), "-2.50"}, {New(500, "JPY"), "500"}, {New(0, "NOK"), "0.00"},
	}
	for _, tt := range tests {
		if got := tt.m.Decimal(); got != tt.want {
			t.Errorf("%d %s = %q, want %q", tt.m.Amount, tt.m.Currency, got, tt.want)
		}
	}
}

func TestJSON_RoundTripAndRefusesNumbers(t *testing.T) {
	b, _ := json.Marshal(New(8900, "EUR"))
	if string(b) != `{"amount":"89.00","currency":"EUR"}` {
		t.Fatalf("marshal = %s", b)
	}
	var m Money
	if err := json.Unmarshal(b, &m); err != nil || m != New(8900, "EUR") {
		t.Fatalf("unmarshal = %v, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`{"amount": 89.0, "currency": "EUR"}`), &m); err == nil {
		t.Error("a float amount was accepted")
	}
}

func TestAddMul(t *testing.T) {
	if got := New(0, "").Add(New(150, "EUR")).Mul(3); got != New(450, "EUR") {
		t.Errorf("got %v", got)
	}
}

// TestMarshalJSON_SameBytesAsTheWireStruct checks the direct encoding
// against the struct encoding it replaced, for amounts and currencies of
// every number of decimals.
func TestMarshalJSON_SameBytesAsTheWireStruct(t *testing.T) {
	for _, cur := range []string{"EUR", "JPY", "KWD", "MYR", "NOK", "X<Y", "€"} {
		for _, amount := range []int64{0, 1, -1, 9, 10, 99, 100, 101, 1999, -1999, 100000, 123456789, -5, 1 << 53} {
			m := New(amount, cur)
			d := decimals(cur)
			sign, n := "", amount
			if n < 0 {
				sign, n = "-", -n
			}
			want := sign + strconv.FormatInt(n, 10)
			if d > 0 {
				p := int64(1)
				for range d {
					p *= 10
				}
				want = fmt.Sprintf("%s%d.%0*d", sign, n/p, d, n%p)
			}
			if got := m.Decimal(); got != want {
				t.Errorf("Decimal(%d %s) = %q, want %q", amount, cur, got, want)
			}
			got, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			w, _ := json.Marshal(wire{Amount: want, Currency: cur})
			if string(got) != string(w) {
				t.Errorf("Marshal(%d %s) = %s, want %s", amount, cur, got, w)
			}
		}
	}
}
