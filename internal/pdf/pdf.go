// Package pdf makes the documents a shopper downloads (invoices, return
// labels) with one embedded Unicode font, so Dutch, Norwegian and Armenian
// names print as written and the binary needs no fonts on the machine.
package pdf

import (
	_ "embed"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans covers Latin, Norwegian and Armenian; its licence is in
// fonts/LICENSE-DejaVu.txt.
var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
)

// Font is the family name registered on every document.
const Font = "DejaVu"

// New starts an A4 (portrait) or A6-ish label-sized document with the
// embedded font registered as Font ("" and "B" styles).
func New(orientation, size string) *fpdf.Fpdf {
	d := fpdf.New(orientation, "mm", size, "")
	d.AddUTF8FontFromBytes(Font, "", regular)
	d.AddUTF8FontFromBytes(Font, "B", bold)
	d.SetFont(Font, "", 11)
	d.SetCreator("Shopkeeper", true)
	d.SetCompression(true)
	return d
}

// Printable replaces characters the embedded font cannot draw (Chinese,
// mostly) with '?', so a document never fails to render; the caller keeps
// the original text elsewhere (the order, the e-mail).
func Printable(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF {
			out[i] = '?'
		}
	}
	return string(out)
}
