// Package web holds the storefront page and the chat widget, embedded in the
// binary so the server needs no build step and no files beside it.
package web

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed static console admin
var files embed.FS

// Handler serves the storefront at /, the assets under /static/, the
// agent console under /console/ and the shop's dashboard under /admin/.
func Handler() http.Handler {
	static, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // impossible: the directory is embedded above
	}
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		panic(err) // impossible: index.html is embedded with the directory
	}
	// Embedded files have no modification time; the start of the process
	// stands in so browsers can revalidate cheaply.
	started := time.Now()
	assets := http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	console, err := fs.Sub(files, "console")
	if err != nil {
		panic(err) // impossible: the directory is embedded above
	}
	consoleIndex, err := fs.ReadFile(console, "index.html")
	if err != nil {
		panic(err) // impossible: index.html is embedded with the directory
	}
	consoleAssets := http.StripPrefix("/console/", http.FileServer(http.FS(console)))
	admin, err := fs.Sub(files, "admin")
	if err != nil {
		panic(err) // impossible: the directory is embedded above
	}
	adminIndex, err := fs.ReadFile(admin, "index.html")
	if err != nil {
		panic(err) // impossible: index.html is embedded with the directory
	}
	adminAssets := http.StripPrefix("/admin/", http.FileServer(http.FS(admin)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Assets carry no content hash in their names, so browsers must
		// revalidate them or they would keep an old widget after an upgrade.
		w.Header().Set("Cache-Control", "no-cache")
		switch name, isAsset := strings.CutPrefix(r.URL.Path, "/static/"); {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			http.ServeContent(w, r, "index.html", started, bytes.NewReader(index))
		case r.URL.Path == "/console":
			http.Redirect(w, r, "/console/", http.StatusMovedPermanently)
		case r.URL.Path == "/console/" || r.URL.Path == "/console/index.html":
			// The console is for the shop's own team: never framed by others.
			// Its Content-Security-Policy (frame-ancestors 'none') comes with
			// every answer's from the server's one middleware (httpapi/trust.go).
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("X-Frame-Options", "DENY")
			http.ServeContent(w, r, "index.html", started, bytes.NewReader(consoleIndex))
		case strings.HasPrefix(r.URL.Path, "/console/") && !strings.HasSuffix(r.URL.Path, "/"):
			w.Header().Set("X-Content-Type-Options", "nosniff")
			consoleAssets.ServeHTTP(w, r)
		case r.URL.Path == "/admin":
			http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
		case r.URL.Path == "/admin/" || r.URL.Path == "/admin/index.html":
			// The dashboard is the shop's own: never framed by others, and
			// it talks to this server only.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("X-Frame-Options", "DENY")
			w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'")
			http.ServeContent(w, r, "index.html", started, bytes.NewReader(adminIndex))
		case strings.HasPrefix(r.URL.Path, "/admin/") && !strings.HasSuffix(r.URL.Path, "/"):
			w.Header().Set("X-Content-Type-Options", "nosniff")
			adminAssets.ServeHTTP(w, r)
		case isAsset && name != "" && !strings.HasSuffix(name, "/"):
			w.Header().Set("X-Content-Type-Options", "nosniff")
			// A shop's own site embeds the widget from here, and the widget
			// loads its strings as a module, which browsers fetch with CORS.
			w.Header().Set("Access-Control-Allow-Origin", "*")
			assets.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}
