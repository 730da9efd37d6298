// Package risk decides how much to trust a chat checkout: a pure scoring
// function over signals (Score) and a service that gathers those signals
// from the shop's own history (velocity per e-mail, phone, client address
// and card; addresses shared by many customers; failed payments) and from
// the payment gateway.
package risk

import (
	"fmt"
	"sort"
)

// Levels, as the admin order JSON shows them.
const (
	Low      = "low"
	Elevated = "elevated"
	High     = "high"
)

// Outcomes: what checkout does with an order at a level.
const (
	Allow  = "allow"   // nothing to do
	StepUp = "step_up" // ask the gateway for 3-D Secure
	Hold   = "hold"    // paid orders wait for a person (status on_hold)
	Block  = "block"   // refused before payment
)

// Thresholds are the shop's settings: scores at which the level rises and
// the limits past which a signal counts.
type Thresholds struct {
	StepUp int // score from which an order is elevated (default 30)
	Hold   int // score from which an order is high and held (default 65)
	Block  int // score from which an unpaid order is refused (default 200)
	// HighValue is the total, in minor units, above which a customer's first
	// order counts as high-value (default 50000: 500.00).
	HighValue int64
	// Velocity is how many orders one e-mail, phone, client address or card
	// may place in Window before it counts (default 3).
	Velocity int
	// Identities is how many different e-mails or cards one client address
	// may use in Window before it counts (default 3).
	Identities int
	// SharedAddress is how many different customers may ship to one address
	// before it counts (default 3).
	SharedAddress int
	// FailedPayments is how many failed payments in Window count (default 3).
	FailedPayments int
}

// DefaultThresholds are used for every setting left at zero.
func DefaultThresholds() Thresholds {
	return Thresholds{StepUp: 30, Hold: 65, Block: 200, HighValue: 50000, Velocity: 3, Identities: 3, SharedAddress: 3, FailedPayments: 3}
}

// WithDefaults fills zero settings from DefaultThresholds.
func (t Thresholds) WithDefaults() Thresholds {
	d := DefaultThresholds()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&t.StepUp, d.StepUp)
	set(&t.Hold, d.Hold)
	set(&t.Block, d.Block)
	set(&t.Velocity, d.Velocity)
	set(&t.Identities, d.Identities)
	set(&t.SharedAddress, d.SharedAddress)
	set(&t.FailedPayments, d.FailedPayments)
	if t.HighValue <= 0 {
		t.HighValue = d.HighValue
	}
	return t
}

// Signals are the facts about one order that scoring weighs. Counts include
// the order itself.
type Signals struct {
	Total           int64 // the order's total in minor units
	FirstOrder      bool  // the customer has no earlier paid order
	DisposableEmail bool

	OrdersPerEmail  int
	OrdersPerPhone  int
	OrdersPerClient int
	OrdersPerCard   int
	EmailsPerClient int // different e-mails seen from the client address
	CardsPerClient  int
	CardsPerEmail   int
	// CustomersAtAddress is how many different e-mails ship to the order's address.
	CustomersAtAddress int
	// FailedPayments of the same e-mail or card; a client address counts
	// half, since strangers behind one carrier address share it.
	FailedPayments int

	ShippingCountry string // ISO 3166-1 alpha-2
	BillingCountry  string // from the gateway, "" when unknown
	CardCountry     string
	PhoneCountry    string // from the phone's calling code, "" when unknown

	GatewayRiskLevel string // Stripe: normal, elevated, highest; "" unknown
	GatewayRiskScore int    // Stripe: 0–100; -1 unknown
}

// Assessment is what Score decides.
type Assessment struct {
	Score   int
	Level   string
	Outcome string
	Reasons []string // what an agent reads in the review queue
}

// Score weighs the signals. It is pure: the same signals and thresholds
// always give the same assessment. Weights are chosen so that one odd fact
// (a foreign card, a returning customer's third order) only raises the level
// to elevated, and an order is held when two independent facts agree.
func Score(s Signals, t Thresholds) Assessment {
	t = t.WithDefaults()
	var a Assessment
	add := func(points int, reason string, args ...any) {
		a.Score += points
		a.Reasons = append(a.Reasons, fmt.Sprintf(reason, args...))
	}
	if s.DisposableEmail {
		add(40, "disposable e-mail domain")
	}
	if s.FirstOrder && s.Total > t.HighValue {
		if s.Total > 3*t.HighValue {
			add(40, "very high-value first order")
		} else {
			add(25, "high-value first order")
		}
	}
	velocity := []struct {
		n      int
		what   string
		points int
	}{
		{s.OrdersPerEmail, "e-mail address", 20},
		{s.OrdersPerPhone, "phone number", 20},
		{s.OrdersPerCard, "card", 30},
	}
	for _, v := range velocity {
		if v.n > t.Velocity {
			add(v.points, "%d orders from one %s in 24 hours", v.n, v.what)
		}
	}
	// A busy client address is one fact however it shows: shoppers behind a
	// mobile carrier's or an office's address share it, each with their own
	// e-mail and card. It counts once, at its strongest, and stays below
	// elevated on its own.
	busy, why := 0, ""
	if s.OrdersPerClient > t.Velocity {
		busy, why = 10, fmt.Sprintf("%d orders from one client address in 24 hours", s.OrdersPerClient)
	}
	if s.EmailsPerClient > t.Identities {
		busy, why = 15, fmt.Sprintf("%d e-mail addresses from one client address", s.EmailsPerClient)
	}
	if s.CardsPerClient > t.Identities {
		busy, why = 20, fmt.Sprintf("%d cards from one client address", s.CardsPerClient)
	}
	if busy > 0 {
		add(busy, "%s", why)
	}
	if s.CardsPerEmail > t.Identities {
		add(30, "%d cards for one e-mail address", s.CardsPerEmail)
	}
	if s.CustomersAtAddress > t.SharedAddress {
		add(25, "shipping address used by %d customers", s.CustomersAtAddress)
	}
	switch {
	case s.FailedPayments >= 3*t.FailedPayments: // card testing
		add(50, "%d failed payments in 24 hours", s.FailedPayments)
	case s.FailedPayments >= t.FailedPayments:
		add(35, "%d failed payments in 24 hours", s.FailedPayments)
	}
	ship := s.ShippingCountry
	switch {
	case ship != "" && s.BillingCountry != "" && s.BillingCountry != ship:
		add(15, "billing country %s, shipping to %s", s.BillingCountry, ship)
	case ship != "" && s.CardCountry != "" && s.CardCountry != ship:
		add(10, "card from %s, shipping to %s", s.CardCountry, ship)
	}
	if ship != "" && s.PhoneCountry != "" && s.PhoneCountry != ship {
		add(10, "phone number from %s, shipping to %s", s.PhoneCountry, ship)
	}
	switch {
	case s.GatewayRiskLevel == "highest" || s.GatewayRiskScore >= 75:
		add(70, "the payment gateway rates the payment highest risk")
	case s.GatewayRiskLevel == "elevated" || s.GatewayRiskScore >= 65:
		add(30, "the payment gateway rates the payment elevated risk")
	}
	switch {
	case a.Score >= t.Block:
		a.Level, a.Outcome = High, Block
	case a.Score >= t.Hold:
		a.Level, a.Outcome = High, Hold
	case a.Score >= t.StepUp:
		a.Level, a.Outcome = Elevated, StepUp
	default:
		a.Level, a.Outcome = Low, Allow
	}
	if a.Reasons == nil {
		a.Reasons = []string{}
	}
	return a
}

// callingCodes maps international calling codes to countries, for the
// phone/shipping country check. Only codes that name one country are listed;
// +1 (North America) and +7 are left out because they span several.
var callingCodes = map[string]string{
	"31": "NL", "32": "BE", "33": "FR", "34": "ES", "39": "IT", "41": "CH", "43": "AT", "44": "GB",
	"45": "DK", "46": "SE", "47": "NO", "48": "PL", "49": "DE", "351": "PT", "353": "IE", "358": "FI",
	"60": "MY", "61": "AU", "62": "ID", "63": "PH", "64": "NZ", "65": "SG", "66": "TH", "81": "JP",
	"82": "KR", "84": "VN", "86": "CN", "852": "HK", "886": "TW", "91": "IN", "374": "AM", "90": "TR",
	"971": "AE", "972": "IL", "55": "BR", "52": "MX", "27": "ZA",
}

// PhoneCountry is the country of an international phone number ("+31 6 …"
// is NL); "" for a national number or an unknown or shared calling code.
func PhoneCountry(phone string) string {
	digits := make([]byte, 0, len(phone))
	intl := false
	for i := 0; i < len(phone); i++ {
		c := phone[i]
		switch {
		case c == '+' && len(digits) == 0:
			intl = true
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		}
	}
	d := string(digits)
	if !intl {
		if len(d) > 2 && d[:2] == "00" {
			d = d[2:]
		} else {
			return ""
		}
	}
	codes := make([]string, 0, len(callingCodes))
	for c := range callingCodes {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return len(codes[i]) > len(codes[j]) })
	for _, c := range codes {
		if len(d) > len(c) && d[:len(c)] == c {
			return callingCodes[c]
		}
	}
	return ""
}
