package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Loyalty are the points rules (see internal/loyalty).
type Loyalty struct {
	// PointsPerUnit are earned per whole unit of the currency paid for
	// goods (SHOPKEEPER_LOYALTY_POINTS_PER_UNIT); 0 turns loyalty off.
	PointsPerUnit int64
	// PointValue is what one point takes off at checkout, in minor units
	// (SHOPKEEPER_LOYALTY_POINT_VALUE).
	PointValue int64
	// MinRedeem is the fewest points a checkout may spend
	// (SHOPKEEPER_LOYALTY_MIN_REDEEM).
	MinRedeem int64
}

// DefaultLoyalty is one point per euro, a point worth one cent, spent from
// 100 points (one euro) on: about 1% back, the usual shop scheme.
func DefaultLoyalty() Loyalty { return Loyalty{PointsPerUnit: 1, PointValue: 1, MinRedeem: 100} }

// loyaltyFromEnv reads the loyalty settings; an unreadable number becomes -1
// for validLoyalty to name.
func loyaltyFromEnv(c *Config, getenv func(string) string) {
	for _, v := range []struct {
		name string
		dst  *int64
	}{{"SHOPKEEPER_LOYALTY_POINTS_PER_UNIT", &c.Loyalty.PointsPerUnit}, {"SHOPKEEPER_LOYALTY_POINT_VALUE", &c.Loyalty.PointValue},
		{"SHOPKEEPER_LOYALTY_MIN_REDEEM", &c.Loyalty.MinRedeem}} {
		if s := getenv(v.name); s != "" {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				n = -1
			}
			*v.dst = n
		}
	}
}

// validLoyalty refuses negative numbers, and points so generous that one
// order could overflow a balance.
func (c *Config) validLoyalty() error {
	for _, v := range []struct {
		name string
		n    int64
	}{{"SHOPKEEPER_LOYALTY_POINTS_PER_UNIT", c.Loyalty.PointsPerUnit}, {"SHOPKEEPER_LOYALTY_POINT_VALUE", c.Loyalty.PointValue},
		{"SHOPKEEPER_LOYALTY_MIN_REDEEM", c.Loyalty.MinRedeem}} {
		if v.n < 0 || v.n > 1_000_000 {
			return fmt.Errorf("%s: want a whole number from 0 to 1000000", v.name)
		}
	}
	if c.Loyalty.PointsPerUnit > 0 && c.Loyalty.PointValue == 0 {
		return fmt.Errorf("SHOPKEEPER_LOYALTY_POINT_VALUE is 0 while SHOPKEEPER_LOYALTY_POINTS_PER_UNIT is %d: points would be worth nothing; set both, or SHOPKEEPER_LOYALTY_POINTS_PER_UNIT=0 to turn loyalty off", c.Loyalty.PointsPerUnit)
	}
	return nil
}
