package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler_ServesTheDashboard(t *testing.T) {
	h := Handler()
	tests := []struct {
		path, wantType, wantBody string
		status                   int
	}{
		{"/admin/", "text/html", `id="login-key"`, http.StatusOK},
		{"/admin/index.html", "text/html", `id="login-email"`, http.StatusOK},
		{"/admin/admin.js", "javascript", "/api/v1/agent/login", http.StatusOK},
		{"/admin/admin.js", "javascript", "/api/v1/admin/analytics", http.StatusOK},
		{"/admin/admin.css", "text/css", ".cards", http.StatusOK},
		{"/admin", "", "", http.StatusMovedPermanently},
		{"/admin/nothing.js", "", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if !strings.Contains(rec.Header().Get("Content-Type"), tt.wantType) {
				t.Errorf("Content-Type %q, want %q", rec.Header().Get("Content-Type"), tt.wantType)
			}
			if !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("body lacks %q", tt.wantBody)
			}
		})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/", nil))
	if rec.Header().Get("X-Frame-Options") != "DENY" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'self'") {
		t.Error("the dashboard may be framed or load from other sites")
	}
}

// TestDashboard_BuildsTheDOMSafely: figures, channel and agent names reach
// the page through textContent only; markup from strings is never parsed,
// and the key stays in sessionStorage (this tab), not localStorage.
func TestDashboard_BuildsTheDOMSafely(t *testing.T) {
	src, err := fs.ReadFile(files, "admin/admin.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "localStorage", "eval("} {
		if strings.Contains(string(src), banned) {
			t.Errorf("admin.js uses %s", banned)
		}
	}
}
