package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/metrics"
)

func TestMetrics_BehindTheAdminKeyUnlessPublic(t *testing.T) {
	m := metrics.New()
	m.Turn("rest", "nl", 30*time.Millisecond, 0.9, true, false)
	for _, c := range []struct {
		name   string
		public bool
		key    string
		status int
	}{
		{"no key", false, "", http.StatusUnauthorized},
		{"wrong key", false, "nope-nope", http.StatusUnauthorized},
		{"admin key", false, "the-admin-key", http.StatusOK},
		{"public", true, "", http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := (&Server{AdminKey: "the-admin-key", Metrics: m.Handler(), MetricsPublic: c.public}).Handler()
			req := httptest.NewRequest("GET", "/metrics", nil)
			if c.key != "" {
				req.Header.Set("Authorization", "Bearer "+c.key)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			if c.status == http.StatusOK && !strings.Contains(rec.Body.String(), `shopkeeper_turns_total{channel="rest",language="nl"} 1`) {
				t.Errorf("no turn counter in:\n%.500s", rec.Body.String())
			}
		})
	}
}
