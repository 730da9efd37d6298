package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler_ServesTheConsole(t *testing.T) {
	h := Handler()
	tests := []struct {
		path, wantType, wantBody string
		status                   int
	}{
		{"/console/", "text/html", `id="login-form"`, http.StatusOK},
		{"/console/console.js", "javascript", "/api/v1/agent", http.StatusOK},
		{"/console/console.css", "text/css", ".transcript", http.StatusOK},
		{"/console", "", "", http.StatusMovedPermanently},
		{"/console/nothing.js", "", "", http.StatusNotFound},
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
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/", nil))
	if rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("the console may be framed by other sites")
	}
}
