package demo

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// wellFormedSVG reports why body is not a well-formed SVG document, or nil.
func wellFormedSVG(body string) error {
	dec := xml.NewDecoder(strings.NewReader(body))
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
			if se.Name.Space != "http://www.w3.org/2000/svg" {
				return errors.New("root element is not in the SVG namespace")
			}
		}
	}
	if root != "svg" {
		return errors.New("root element is " + root + ", not svg")
	}
	return nil
}

func TestImages(t *testing.T) {
	mounted := http.StripPrefix("/demo/images/", Images())
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantSVG            bool
	}{
		{"type and colour", http.MethodGet, "/demo/images/running-shoes-black.svg", http.StatusOK, true},
		{"colour with a dash", http.MethodGet, "/demo/images/t-shirts-off-white.svg", http.StatusOK, true},
		{"kind with a dash", http.MethodGet, "/demo/images/track-pants-navy.svg", http.StatusOK, true},
		{"plain silhouette name", http.MethodGet, "/demo/images/backpack-teal.svg", http.StatusOK, true},
		{"head has no body", http.MethodHead, "/demo/images/caps-red.svg", http.StatusOK, false},
		{"unknown kind", http.MethodGet, "/demo/images/spaceship-black.svg", http.StatusNotFound, false},
		{"unknown colour", http.MethodGet, "/demo/images/sneakers-magenta.svg", http.StatusNotFound, false},
		{"no colour", http.MethodGet, "/demo/images/sneakers.svg", http.StatusNotFound, false},
		{"not svg", http.MethodGet, "/demo/images/sneakers-black.png", http.StatusNotFound, false},
		{"upper case", http.MethodGet, "/demo/images/Sneakers-Black.svg", http.StatusNotFound, false},
		{"path outside", http.MethodGet, "/demo/images/../shop.csv", http.StatusNotFound, false},
		{"write", http.MethodPost, "/demo/images/sneakers-black.svg", http.StatusMethodNotAllowed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mounted.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantStatus != http.StatusOK {
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "image/svg+xml" {
				t.Errorf("Content-Type %q, want image/svg+xml", ct)
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=") {
				t.Errorf("Cache-Control %q, want a long-lived immutable cache", cc)
			}
			if !tt.wantSVG {
				if rec.Body.Len() != 0 {
					t.Errorf("HEAD answered with a %d-byte body", rec.Body.Len())
				}
				return
			}
			if err := wellFormedSVG(rec.Body.String()); err != nil {
				t.Errorf("not a well-formed SVG: %v", err)
			}
		})
	}
}

func TestImages_EveryKindAndColourIsWellFormed(t *testing.T) {
	for kind := range shapes {
		for color := range colors {
			svg, ok := drawImage(kind + "-" + color + ".svg")
			if !ok {
				t.Errorf("%s-%s.svg: not drawn", kind, color)
				continue
			}
			if err := wellFormedSVG(svg); err != nil {
				t.Errorf("%s-%s.svg: %v", kind, color, err)
			}
			if strings.ContainsAny(svg, "{}") {
				t.Errorf("%s-%s.svg: placeholder left in the drawing", kind, color)
			}
		}
	}
}

func TestImages_ColourIsFilledIn(t *testing.T) {
	tests := []struct{ name, fill string }{
		{"hoodies-navy.svg", colors["navy"]},
		{"socks-off-white.svg", colors["off-white"]},
		{"belts-white.svg", colors["white"]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, ok := drawImage(tt.name)
			if !ok {
				t.Fatal("not drawn")
			}
			if !strings.Contains(svg, `fill="`+tt.fill+`"`) {
				t.Errorf("drawing does not use the colour %s", tt.fill)
			}
		})
	}
}

func BenchmarkImages(b *testing.B) {
	h := Images()
	req := httptest.NewRequest(http.MethodGet, "/hiking-boots-olive.svg", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
