package risk

import (
	"slices"
	"testing"
)

func TestScore_LevelsFollowSignals(t *testing.T) {
	th := DefaultThresholds()
	tests := []struct {
		name    string
		s       Signals
		level   string
		outcome string
		reason  string // one reason that must be given
	}{
		{"an ordinary first order", Signals{Total: 8995, FirstOrder: true, OrdersPerEmail: 1, OrdersPerClient: 1, ShippingCountry: "NL", BillingCountry: "NL", GatewayRiskScore: -1}, Low, Allow, ""},
		{"a returning customer's third order today", Signals{Total: 12000, OrdersPerEmail: 3, OrdersPerClient: 3, GatewayRiskScore: -1}, Low, Allow, ""},
		{"a foreign card alone", Signals{Total: 5000, ShippingCountry: "NO", BillingCountry: "GB", GatewayRiskScore: -1}, Low, Allow, "billing country GB, shipping to NO"},
		{"a disposable e-mail alone", Signals{Total: 5000, DisposableEmail: true, GatewayRiskScore: -1}, Elevated, StepUp, "disposable e-mail domain"},
		{"a high-value first order alone", Signals{Total: 60000, FirstOrder: true, GatewayRiskScore: -1}, Low, Allow, "high-value first order"},
		{"a shared mobile-carrier address alone", Signals{Total: 5000, OrdersPerClient: 40, EmailsPerClient: 38, CardsPerClient: 38, GatewayRiskScore: -1}, Low, Allow, "38 cards from one client address"},
		{"a busy client address and a dear first order", Signals{Total: 60000, FirstOrder: true, OrdersPerClient: 6, EmailsPerClient: 6, GatewayRiskScore: -1}, Elevated, StepUp, "6 e-mail addresses from one client address"},
		{"disposable e-mail and a high-value first order", Signals{Total: 60000, FirstOrder: true, DisposableEmail: true, GatewayRiskScore: -1}, High, Hold, "high-value first order"},
		{"card testing: many cards from one client address, failing", Signals{Total: 5000, OrdersPerClient: 6, CardsPerClient: 6, EmailsPerClient: 6, FailedPayments: 9, GatewayRiskScore: -1}, High, Hold, "6 cards from one client address"},
		{"one card on many orders", Signals{Total: 5000, OrdersPerCard: 5, CardsPerEmail: 1, OrdersPerEmail: 5, GatewayRiskScore: -1}, Elevated, StepUp, "5 orders from one card in 24 hours"},
		{"the gateway's highest risk", Signals{Total: 5000, GatewayRiskLevel: "highest", GatewayRiskScore: 80}, High, Hold, "the payment gateway rates the payment highest risk"},
		{"the gateway's elevated risk", Signals{Total: 5000, GatewayRiskLevel: "elevated", GatewayRiskScore: 68}, Elevated, StepUp, "the payment gateway rates the payment elevated risk"},
		{"repeated failed payments", Signals{Total: 5000, FailedPayments: 4, GatewayRiskScore: -1}, Elevated, StepUp, "4 failed payments in 24 hours"},
		{"an address shared by many customers", Signals{Total: 5000, CustomersAtAddress: 7, GatewayRiskScore: -1}, Low, Allow, "shipping address used by 7 customers"},
		{"phone from elsewhere", Signals{Total: 5000, ShippingCountry: "AM", PhoneCountry: "CN", GatewayRiskScore: -1}, Low, Allow, "phone number from CN, shipping to AM"},
		{"everything at once is refused", Signals{Total: 200000, FirstOrder: true, DisposableEmail: true, OrdersPerClient: 9, EmailsPerClient: 9, CardsPerClient: 9, OrdersPerCard: 5, CustomersAtAddress: 9, FailedPayments: 5, GatewayRiskLevel: "elevated", GatewayRiskScore: 70}, High, Block, "very high-value first order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Score(tt.s, th)
			if a.Level != tt.level || a.Outcome != tt.outcome {
				t.Errorf("Score = %s/%s (%d: %v), want %s/%s", a.Level, a.Outcome, a.Score, a.Reasons, tt.level, tt.outcome)
			}
			if tt.reason != "" && !slices.Contains(a.Reasons, tt.reason) {
				t.Errorf("reasons %q lack %q", a.Reasons, tt.reason)
			}
			if tt.reason == "" && len(a.Reasons) != 0 {
				t.Errorf("reasons %q, want none", a.Reasons)
			}
		})
	}
}

func TestScore_ThresholdsAreSettings(t *testing.T) {
	s := Signals{DisposableEmail: true, GatewayRiskScore: -1}
	if a := Score(s, Thresholds{Hold: 40, Block: 500}); a.Level != High {
		t.Errorf("with hold at 40 a disposable e-mail is %s, want high", a.Level)
	}
	if a := Score(s, Thresholds{StepUp: 50, Hold: 90}); a.Level != Low {
		t.Errorf("with step-up at 50 a disposable e-mail is %s, want low", a.Level)
	}
}

func TestPhoneCountry_ReadsTheCallingCode(t *testing.T) {
	for in, want := range map[string]string{
		"+31 6 12345678": "NL", "0031612345678": "NL", "+60 12-345 6789": "MY", "+47 912 34 567": "NO",
		"+86 138 0013 8000": "CN", "+374 91 234567": "AM", "+44 7700 900123": "GB", "+1 415 555 0100": "",
		"06 12345678": "", "": "", "+": "",
	} {
		if got := PhoneCountry(in); got != want {
			t.Errorf("PhoneCountry(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisposable_KnowsThrowAwayDomains(t *testing.T) {
	for in, want := range map[string]bool{
		"x@mailinator.com": true, "X@YOPMAIL.COM": true, "a@eu.guerrillamail.com": true,
		"ann@gmail.com": false, "ann@example.nl": false, "not-an-email": false, "a@mailinator.com.evil.org": false,
	} {
		if got := Disposable(in); got != want {
			t.Errorf("Disposable(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzPhoneCountry(f *testing.F) {
	for _, s := range []string{"+31 6 12345678", "0047", "+374", "++1", "００31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := PhoneCountry(s)
		if c != "" && len(c) != 2 {
			t.Fatalf("PhoneCountry(%q) = %q, not a country code", s, c)
		}
	})
}

func TestHash_OneMailboxOneValue(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"ann@gmail.com", "A.n.n+shoes@GoogleMail.com", true},
		{"ann@example.nl", " ANN+1@example.nl", true},
		{"a.nn@example.nl", "ann@example.nl", false}, // only Gmail ignores dots
		{"ann@example.nl", "bob@example.nl", false},
	}
	for _, tt := range tests {
		if got := Hash(KindEmail, tt.a) == Hash(KindEmail, tt.b); got != tt.same {
			t.Errorf("Hash(%q) == Hash(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if Hash(KindPhone, "+31 6 1234 5678") != Hash(KindPhone, "+31612345678") || Hash(KindEmail, "x") == Hash(KindPhone, "x") {
		t.Error("phones should fold spacing, and kinds never collide")
	}
}
