package returns

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestCheckPolicy_RefusesWhatTheAdminMustNotSaveNamingTheField(t *testing.T) {
	base := func(edit func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(defaultPolicy, &m)
		edit(m)
		b, _ := json.Marshal(m)
		return b
	}
	cases := []struct {
		name  string
		body  []byte
		field string
	}{
		{"window of zero days", base(func(m map[string]any) { m["window_days"] = 0 }), "window_days"},
		{"window as text", base(func(m map[string]any) { m["window_days"] = "30" }), "window_days"},
		{"empty exclusion", base(func(m map[string]any) { m["excluded_tags"] = []string{"final-sale", " "} }), "excluded_tags[1]"},
		{"who pays, unknown", base(func(m map[string]any) { m["return_shipping"] = "carrier" }), "return_shipping"},
		{"misspelt field", base(func(m map[string]any) { m["window_day"] = 14 }), "policy"},
		{"restocking over 100 %", base(func(m map[string]any) {
			m["restock"] = map[string]any{"fee_bps": map[string]int{"changed_my_mind": 10001}}
		}), "restock.fee_bps[changed_my_mind]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := CheckPolicy(c.body)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("error = %v, want one naming %s", err, c.field)
			}
		})
	}
	p, canon, err := CheckPolicy(base(func(m map[string]any) { m["window_days"] = 14; m["return_shipping"] = "shop" }))
	if err != nil || p.WindowDays != 14 || p.ReturnShipping != ShippingPaidByShop {
		t.Fatalf("a good edit: %+v, %v", p, err)
	}
	if again, _, err := CheckPolicy(canon); err != nil || again.WindowDays != 14 {
		t.Errorf("the canonical form does not read back: %v", err)
	}
}

func FuzzCheckPolicy(f *testing.F) {
	f.Add(defaultPolicy)
	f.Add([]byte(`{"window_days": 14, "return_shipping": "shop"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, canon, err := CheckPolicy(b)
		if err != nil {
			return
		}
		// What is accepted is saved in its canonical form, which must read
		// back to the same policy.
		again, canon2, err := CheckPolicy(canon)
		if err != nil || again.WindowDays != p.WindowDays || string(canon2) != string(canon) {
			t.Fatalf("canonical form %s does not read back: %v", canon, err)
		}
	})
}
