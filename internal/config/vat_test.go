package config

import "testing"

func TestVATRate_PercentToBasisPointsWithoutFloats(t *testing.T) {
	for in, want := range map[string]int64{"21": 2100, "9.5": 950, "12.25": 1225, "0": 0, " 25 ": 2500,
		"9.555": -1, "-1": -1, "100": -1, "abc": -1, "21%": -1, "": -1} {
		if got := basisPoints(in); got != want {
			t.Errorf("basisPoints(%q) = %d, want %d", in, got, want)
		}
	}
	c := Defaults()
	fromEnv(&c, func(k string) string {
		if k == "SHOPKEEPER_VAT_RATE" {
			return "abc"
		}
		return ""
	})
	if err := c.Validate(); err == nil {
		t.Error("a VAT rate that is not a percentage was accepted")
	}
}
