package stores

import (
	"encoding/json"
	"testing"
	"time"
)

// Stores come from the admin API: whatever JSON passes Validate must give
// opening hours without panic at any instant.
func FuzzValidateAndStatus(f *testing.F) {
	f.Add(`{"id":"oslo","name":"O","address":"a","city":"Oslo","country":"NO","time_zone":"Europe/Oslo","hours":{"fri":[{"opens":"22:00","closes":"02:00"}]}}`, int64(1796000000))
	f.Add(`{"id":"x","name":"X","address":"a","city":"c","country":"NL","time_zone":"Europe/Amsterdam","hours":{"sun":[{"opens":"00:00","closes":"24:00"}]},"special_days":[{"date":"2027-03-28","hours":[{"opens":"02:30","closes":"02:15"}]}]}`, int64(1806195600))
	f.Fuzz(func(t *testing.T, body string, unix int64) {
		var s Store
		if json.Unmarshal([]byte(body), &s) != nil || s.Validate() != nil {
			return
		}
		now := time.Unix(unix%(1<<33), 0)
		st := s.StatusAt(now)
		if st.Open && !st.Until.After(now) {
			t.Fatalf("open until %v, not after %v", st.Until, now)
		}
		if !st.Open && !st.Next.IsZero() && !st.Next.After(now) {
			t.Fatalf("opens %v, not after %v", st.Next, now)
		}
	})
}
