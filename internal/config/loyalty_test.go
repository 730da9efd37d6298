package config

import "testing"

func TestLoyalty_FromEnvDefaultsAndRefusals(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Loyalty
		wantErr bool
	}{
		{"default", nil, DefaultLoyalty(), false},
		{"off", map[string]string{"SHOPKEEPER_LOYALTY_POINTS_PER_UNIT": "0"}, Loyalty{PointsPerUnit: 0, PointValue: 1, MinRedeem: 100}, false},
		{"set", map[string]string{"SHOPKEEPER_LOYALTY_POINTS_PER_UNIT": "10", "SHOPKEEPER_LOYALTY_POINT_VALUE": "5", "SHOPKEEPER_LOYALTY_MIN_REDEEM": "0"},
			Loyalty{PointsPerUnit: 10, PointValue: 5}, false},
		{"not a number", map[string]string{"SHOPKEEPER_LOYALTY_POINTS_PER_UNIT": "lots"}, Loyalty{PointsPerUnit: -1, PointValue: 1, MinRedeem: 100}, true},
		{"points worth nothing", map[string]string{"SHOPKEEPER_LOYALTY_POINT_VALUE": "0"}, Loyalty{PointsPerUnit: 1, MinRedeem: 100}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			fromEnv(&c, func(k string) string { return tt.env[k] })
			if c.Loyalty != tt.want {
				t.Fatalf("Loyalty = %+v, want %+v", c.Loyalty, tt.want)
			}
			if err := c.validLoyalty(); (err != nil) != tt.wantErr {
				t.Fatalf("validLoyalty = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
