package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/web"
)

func TestHandler_ServesStorefrontAndAssets(t *testing.T) {
	h := web.Handler()
	tests := []struct {
		name, method, path string
		status             int
		contentType        string
		contains           string
	}{
		{"storefront at root", "GET", "/", 200, "text/html", `src="/static/widget.js"`},
		{"storefront by name", "GET", "/index.html", 200, "text/html", `storefront.js`},
		{"head of root", "HEAD", "/", 200, "text/html", ""},
		{"widget script", "GET", "/static/widget.js", 200, "javascript", "Shopkeeper"},
		{"widget strings as a module", "GET", "/static/widget-i18n.js", 200, "javascript", "export const messages"},
		{"widget styles", "GET", "/static/widget.css", 200, "text/css", ".skw"},
		{"storefront script", "GET", "/static/storefront.js", 200, "javascript", "import"},
		{"storefront styles", "GET", "/static/storefront.css", 200, "text/css", ""},
		{"no directory listing", "GET", "/static/", 404, "", ""},
		{"unknown asset", "GET", "/static/missing.js", 404, "", ""},
		{"unknown page", "GET", "/checkout", 404, "", ""},
		{"no writes", "POST", "/", 405, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d", tt.method, tt.path, rec.Code, tt.status)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tt.contentType) {
				t.Errorf("%s: Content-Type %q, want it to contain %q", tt.path, ct, tt.contentType)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("%s: body does not contain %q", tt.path, tt.contains)
			}
			if strings.HasPrefix(tt.path, "/static/") && tt.status == 200 && rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: no CORS header; other sites could not load the widget's strings module", tt.path)
			}
			if tt.status == 200 && rec.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("%s: Cache-Control %q, want no-cache so upgrades reach browsers", tt.path, rec.Header().Get("Cache-Control"))
			}
		})
	}
}
