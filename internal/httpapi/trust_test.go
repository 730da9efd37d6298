package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// trustServer is a Server whose Extra routes record what reached them.
func trustServer(public string, proxies ...string) (*httpapi.Server, *[]string) {
	var seen []string
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, reqinfo.ClientAddr(r.Context())+" "+r.Header.Get("X-Forwarded-Proto"))
		w.WriteHeader(http.StatusNoContent)
	})
	s := &httpapi.Server{PublicURL: public, Extra: map[string]http.Handler{
		"/probe":                        record,
		"/api/v1/admin/probe":           record,
		"/api/v1/agent/probe":           record,
		"/console/probe":                record,
		"/pay/probe/x":                  record,
		"/api/v1/conversations/x/probe": record,
	}}
	for _, p := range proxies {
		s.TrustedProxies = append(s.TrustedProxies, netip.MustParsePrefix(p))
	}
	return s, &seen
}

func TestClientAddr_ForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	s, seen := trustServer("https://shop.example.com", "10.0.0.0/8")
	h := s.Handler()
	tests := []struct {
		name, remote string
		headers      map[string]string
		want         string
	}{
		{"direct client", "198.51.100.7:5555", nil, "198.51.100.7 "},
		{"client lying about its address", "198.51.100.7:5555",
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "Forwarded": "for=203.0.113.9"}, "198.51.100.7 "},
		{"trusted proxy", "10.1.2.3:443", map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, "203.0.113.9 https"},
		{"trusted proxy, client prepended a lie", "10.1.2.3:443", map[string]string{"X-Forwarded-For": "1.2.3.4, 203.0.113.9, 10.9.9.9"}, "203.0.113.9 "},
		{"trusted proxy, RFC 7239", "10.1.2.3:443", map[string]string{"Forwarded": `for="[2001:db8::7]:4711";proto=https, for=10.0.0.5`}, "2001:db8::7 "},
		{"trusted proxy without headers", "10.1.2.3:443", nil, "10.1.2.3 "},
		{"trusted proxy, garbage", "10.1.2.3:443", map[string]string{"X-Forwarded-For": "nonsense"}, "10.1.2.3 "},
	}
	for _, tt := range tests {
		*seen = nil
		req := httptest.NewRequest("GET", "/probe", nil)
		req.RemoteAddr = tt.remote
		for k, v := range tt.headers {
			req.Header.Set(k, v)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if len(*seen) != 1 || (*seen)[0] != tt.want {
			t.Errorf("%s: handler saw %q; want %q", tt.name, *seen, tt.want)
		}
	}
}

func TestSecurityHeaders_OnEveryResponse(t *testing.T) {
	s, _ := trustServer("https://shop.example.com")
	h := s.Handler()
	tests := []struct {
		path      string
		ancestors string
	}{
		{"/probe", "frame-ancestors 'self'"},
		{"/help", "frame-ancestors 'self'"},
		{"/console/probe", "frame-ancestors 'none'"},
		{"/api/v1/admin/probe", "frame-ancestors 'none'"},
		{"/api/v1/nope", "frame-ancestors 'none'"},
		{"/pay/probe/x", "frame-ancestors 'none'"},
		{"/documents/invoices/x.pdf", "frame-ancestors 'none'"},
		{"/healthz", "frame-ancestors 'self'"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		hd := rec.Header()
		csp := hd.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") || !strings.Contains(csp, tt.ancestors) {
			t.Errorf("%s: CSP %q; want script-src 'self' and %s", tt.path, csp, tt.ancestors)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Errorf("%s: nosniff %q, referrer %q", tt.path, hd.Get("X-Content-Type-Options"), hd.Get("Referrer-Policy"))
		}
		if hd.Get("Strict-Transport-Security") == "" {
			t.Errorf("%s: no HSTS behind an https public URL", tt.path)
		}
	}
	plain, _ := trustServer("http://127.0.0.1:8080")
	rec := httptest.NewRecorder()
	plain.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/probe", nil))
	if rec.Header().Get("Strict-Transport-Security") != "" || rec.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("http public URL: HSTS %q, CSP %q; want no HSTS and a CSP", rec.Header().Get("Strict-Transport-Security"), rec.Header().Get("Content-Security-Policy"))
	}
}

func TestSameOrigin_StateChangingConsoleCallsFromElsewhereAre403(t *testing.T) {
	s, seen := trustServer("https://shop.example.com")
	h := s.Handler()
	tests := []struct {
		name, method, path string
		headers            map[string]string
		want               int
	}{
		{"own origin", "POST", "/api/v1/agent/probe", map[string]string{"Origin": "https://shop.example.com", "Cookie": "sk_agent=x"}, 204},
		{"other site with the agent's cookie", "POST", "/api/v1/agent/probe", map[string]string{"Origin": "https://evil.example", "Cookie": "sk_agent=x"}, 403},
		{"other site, admin API", "DELETE", "/api/v1/admin/probe", map[string]string{"Origin": "https://evil.example", "Authorization": "Bearer k"}, 403},
		{"other site by Referer", "PUT", "/api/v1/admin/probe", map[string]string{"Referer": "https://evil.example/page"}, 403},
		{"own Referer", "PATCH", "/api/v1/admin/probe", map[string]string{"Referer": "https://shop.example.com/console/"}, 204},
		{"same host, other scheme", "POST", "/api/v1/agent/probe", map[string]string{"Origin": "http://shop.example.com"}, 403},
		{"cookie without Origin or Referer", "POST", "/api/v1/agent/probe", map[string]string{"Cookie": "sk_agent=x"}, 403},
		{"bearer key without Origin", "POST", "/api/v1/admin/probe", map[string]string{"Authorization": "Bearer k"}, 204},
		{"a read from elsewhere", "GET", "/api/v1/agent/probe", map[string]string{"Origin": "https://evil.example"}, 204},
		{"shopper API from a retailer's site", "POST", "/api/v1/conversations/x/probe", map[string]string{"Origin": "https://retailer.example"}, 204},
	}
	for _, tt := range tests {
		*seen = nil
		req := httptest.NewRequest(tt.method, tt.path, nil)
		for k, v := range tt.headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: %d %s; want %d", tt.name, rec.Code, rec.Body, tt.want)
		}
		if reached := len(*seen) == 1; reached != (tt.want == 204) {
			t.Errorf("%s: handler reached = %v", tt.name, reached)
		}
	}
}

// The demo has no public URL: a browser's own page (Origin = the Host it
// asked) passes, any other site does not.
func TestSameOrigin_DemoWithoutPublicURL(t *testing.T) {
	s, _ := trustServer("")
	h := s.Handler()
	for origin, want := range map[string]int{"http://localhost:8080": 204, "http://evil.example": 403, "http://localhost:9999": 403} {
		req := httptest.NewRequest("POST", "http://localhost:8080/api/v1/agent/probe", nil)
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Origin %s: %d; want %d", origin, rec.Code, want)
		}
	}
}
