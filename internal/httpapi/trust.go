package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// forwardedHeaders are set by reverse proxies; from anyone else they are
// lies that would make us log, limit or link the wrong thing.
var forwardedHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip"}

// clientAddr is the outermost middleware: it works out the real client's
// address (the peer, or what a trusted proxy forwarded) and puts it into the
// context for rate limits and fraud checks. Forwarded headers from a peer
// that is not a trusted proxy are removed, so nothing further in can believe
// them by mistake.
func (s *Server) clientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer := peerAddr(r.RemoteAddr)
		addr := peer.String()
		if !peer.IsValid() {
			addr = r.RemoteAddr
		}
		if s.trusted(peer) {
			if fwd := s.forwardedClient(r.Header); fwd.IsValid() {
				addr = fwd.String()
			}
		} else {
			for _, h := range forwardedHeaders {
				r.Header.Del(h)
			}
		}
		next.ServeHTTP(w, r.WithContext(reqinfo.WithClientAddr(r.Context(), addr)))
	})
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func (s *Server) trusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedClient reads the client from Forwarded (RFC 7239) or else
// X-Forwarded-For. Each proxy appends the address it saw, so the list is
// read from the right, past our own trusted proxies: the first address that
// is not one of them is the client. Anything further left was written by
// the client itself and proves nothing.
func (s *Server) forwardedClient(h http.Header) netip.Addr {
	var hops []string
	if v := h.Values("Forwarded"); len(v) > 0 {
		for _, elem := range strings.Split(strings.Join(v, ","), ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					hops = append(hops, strings.Trim(val, `"`))
				}
			}
		}
	} else if v := h.Values("X-Forwarded-For"); len(v) > 0 {
		hops = strings.Split(strings.Join(v, ","), ",")
	}
	var last netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a := hopAddr(strings.TrimSpace(hops[i]))
		if !a.IsValid() {
			return last // garbage: stop at the last address we could read
		}
		last = a
		if !s.trusted(a) {
			return a
		}
	}
	return last
}

// hopAddr reads one hop: "192.0.2.1", "192.0.2.1:443", "[2001:db8::1]:80".
func hopAddr(v string) netip.Addr {
	if a, err := netip.ParseAddr(strings.Trim(v, "[]")); err == nil {
		return a.Unmap()
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

// Content-Security-Policy of every answer. Pages load scripts only from
// here and have no inline script; inline <style> blocks are allowed since
// the server-rendered pages (payment, tracking, help) carry their own.
// Product images may come from the shop's image CDN.
const cspBase = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
	"connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'"

// securityHeaders puts the browser protections on every answer. The
// console, the admin API and the payment page are never framed; the
// storefront, help and tracking pages only by the shop itself (the widget
// reaches other sites as a script, never in a frame).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(s.PublicURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		ancestors := "'self'"
		if p := r.URL.Path; strings.HasPrefix(p, "/console") || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/pay/") || strings.HasPrefix(p, "/documents/") {
			ancestors = "'none'"
			h.Set("X-Frame-Options", "DENY")
		} else {
			h.Set("X-Frame-Options", "SAMEORIGIN")
		}
		h.Set("Content-Security-Policy", cspBase+"; frame-ancestors "+ancestors)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin refuses state-changing calls to the console and admin APIs
// sent from another site. A browser attaches the agent's cookie to any
// request, wherever the page that makes it came from; it also says where
// that page came from (Origin, or at least Referer), which is checked here.
// Programs calling with a bearer key send neither header and pass.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	own := origin(s.PublicURL)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !changesState(r.Method) || !consolePath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		from := strings.ToLower(r.Header.Get("Origin"))
		if from == "" || from == "null" {
			if ref := r.Header.Get("Referer"); ref != "" {
				from = origin(ref)
			}
		}
		allowed := func(o string) bool {
			if o == own && own != "" {
				return true
			}
			// Only the demo runs without a public URL: there the address the
			// browser used is the shop's own (a browser cannot send another
			// site's Host).
			host := strings.ToLower(r.Host)
			return s.PublicURL == "" && o != "" && (o == "http://"+host || o == "https://"+host)
		}
		switch {
		case from != "" && !allowed(from):
			writeError(w, r, errorf(http.StatusForbidden, "cross_origin", "this call must come from the shop's own pages"))
			return
		case from == "" && bearer(r) == "" && hasCookie(r, agentCookie):
			// A cookie with no word of where the page came from: refuse
			// rather than guess.
			writeError(w, r, errorf(http.StatusForbidden, "cross_origin", "this call must come from the shop's own pages (no Origin header)"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func changesState(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

func consolePath(p string) bool {
	return strings.HasPrefix(p, "/api/v1/agent/") || strings.HasPrefix(p, "/api/v1/admin/") || strings.HasPrefix(p, "/console/")
}

func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// origin is the scheme://host[:port] of a URL, lower-cased; "" when it has none.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
