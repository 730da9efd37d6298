package dialog

import "testing"

func TestBudgetIn_ReadsAnAmountBesideTheCurrency(t *testing.T) {
	tests := []struct {
		text     string
		currency string
		want     int64
		ok       bool
	}{
		{"200欧元以内的跑步装备：鞋、T恤和袜子", "EUR", 20000, true},
		{"վազքի հանդերձանք մինչև 200 եվրո՝ կոշիկներ", "EUR", 20000, true},
		{"under €150: shoes and socks", "EUR", 15000, true},
		{"under 99,50 euro", "EUR", 9950, true},
		{"a set for 80 EUR", "EUR", 8000, true},
		{"shoes in size 42 and socks", "EUR", 0, false}, // a size is no budget
		{"3 shirts for europe", "EUR", 0, false},        // "eur" inside a word
		{"under 500 kr: sko og sokker", "NOK", 50000, true},
		{"under 500 kr: sko og sokker", "EUR", 0, false}, // another currency
		{"", "EUR", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := budgetIn(tt.text, tt.currency)
			if ok != tt.ok || got.Amount != tt.want {
				t.Errorf("budgetIn = %d, %v; want %d, %v", got.Amount, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzBudgetIn(f *testing.F) {
	for _, s := range []string{"200欧元以内", "under €150", "99,50 euro", "€", "1.2.3 eur", "մինչև 200 եվրո"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if m, ok := budgetIn(text, "EUR"); ok && (m.Amount <= 0 || m.Currency != "EUR") {
			t.Fatalf("budgetIn(%q) = %+v", text, m)
		}
	})
}
