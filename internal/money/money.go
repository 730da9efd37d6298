// Package money holds amounts as integer minor units with their currency, so
// that no price is ever rounded through a float.
package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents) of an ISO 4217 currency.
type Money struct {
	Amount   int64  // minor units
	Currency string // ISO 4217, upper case
}

// ErrInvalid is returned for amounts that cannot be parsed.
var ErrInvalid = errors.New("invalid amount")

// decimals gives the number of minor-unit digits of a currency; most have 2.
func decimals(currency string) int {
	switch currency {
	case "JPY", "KRW", "ISK", "CLP", "VND":
		return 0
	}
	return 2
}

// New makes a Money from minor units.
func New(minor int64, currency string) Money { return Money{Amount: minor, Currency: currency} }

// Parse reads a decimal string such as "19.99", "19,99" or "20" in currency cur.
// More fraction digits than the currency has is an error, not a rounding.
func Parse(s, cur string) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Money{}, fmt.Errorf("%w: empty", ErrInvalid)
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, hasFrac := strings.Cut(s, ".")
	d := decimals(cur)
	if whole == "" && (!hasFrac || frac == "") {
		return Money{}, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	if whole == "" {
		whole = "0"
	}
	if len(frac) > d {
		// Trailing zeros beyond the currency's precision are harmless ("19.990").
		trimmed := strings.TrimRight(frac[d:], "0")
		if trimmed != "" {
			return Money{}, fmt.Errorf("%w: %q has more than %d decimals", ErrInvalid, s, d)
		}
		frac = frac[:d]
	}
	for len(frac) < d {
		frac += "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return Money{}, fmt.Errorf("%w: %q", ErrInvalid, s)
		}
	}
	if len(whole) > 15 {
		return Money{}, fmt.Errorf("%w: %q is too large", ErrInvalid, s)
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return Money{}, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	if neg {
		n = -n
	}
	return Money{Amount: n, Currency: strings.ToUpper(cur)}, nil
}

// MustParse is Parse for constants in tests and seed data.
func MustParse(s, cur string) Money {
	m, err := Parse(s, cur)
	if err != nil {
		panic(err)
	}
	return m
}

// Decimal formats the amount as a plain decimal string: "19.99".
func (m Money) Decimal() string {
	return string(m.appendDecimal(make([]byte, 0, 24)))
}

// appendDecimal appends the amount as Decimal writes it. It is written out
// with strconv rather than fmt because every product card of every chat
// turn prints prices (issue #17).
func (m Money) appendDecimal(b []byte) []byte {
	d := decimals(m.Currency)
	n := m.Amount
	if n < 0 {
		b = append(b, '-')
		n = -n // math.MinInt64 stays negative; no price comes near it
	}
	if d == 0 {
		return strconv.AppendInt(b, n, 10)
	}
	p := int64(1)
	for i := 0; i < d; i++ {
		p *= 10
	}
	b = strconv.AppendInt(b, n/p, 10)
	b = append(b, '.')
	frac := strconv.AppendInt(make([]byte, 0, 20), n%p, 10)
	for i := len(frac); i < d; i++ {
		b = append(b, '0')
	}
	return append(b, frac...)
}

// String is for logs and debugging: "19.99 EUR".
func (m Money) String() string { return m.Decimal() + " " + m.Currency }

// Add returns m+o; both must share a currency (an empty currency adopts the other's).
func (m Money) Add(o Money) Money {
	cur := m.Currency
	if cur == "" {
		cur = o.Currency
	}
	return Money{Amount: m.Amount + o.Amount, Currency: cur}
}

// Mul returns m times an integer quantity.
func (m Money) Mul(q int) Money { return Money{Amount: m.Amount * int64(q), Currency: m.Currency} }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount == 0 }

type wire struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes the contract's {"amount": "19.99", "currency": "EUR"}.
func (m Money) MarshalJSON() ([]byte, error) {
	return m.AppendJSON(make([]byte, 0, 48))
}

// AppendJSON appends to b what MarshalJSON returns. Product cards hold a
// price per variant, and a copy of each was some fifty allocations a chat
// turn (issue #17).
func (m Money) AppendJSON(b []byte) ([]byte, error) {
	if !plainCode(m.Currency) {
		j, err := json.Marshal(wire{Amount: m.Decimal(), Currency: m.Currency})
		if err != nil {
			return nil, err
		}
		return append(b, j...), nil
	}
	// The common case written directly: the same bytes, without reflection.
	b = append(b, `{"amount":"`...)
	b = m.appendDecimal(b)
	b = append(b, `","currency":"`...)
	b = append(b, m.Currency...)
	return append(b, `"}`...), nil
}

// plainCode reports whether c needs no escaping in JSON: letters and digits only.
func plainCode(c string) bool {
	for i := 0; i < len(c); i++ {
		if b := c[i]; !('A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// UnmarshalJSON reads {"amount": "19.99", "currency": "EUR"}; a JSON number is refused.
func (m *Money) UnmarshalJSON(b []byte) error {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("money must be {\"amount\": \"1.00\", \"currency\": \"EUR\"}: %w", err)
	}
	p, err := Parse(w.Amount, w.Currency)
	if err != nil {
		return err
	}
	*m = p
	return nil
}
