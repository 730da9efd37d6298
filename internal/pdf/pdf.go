// Package pdf makes the documents a shopper downloads (invoices, return
// labels) with embedded Unicode fonts, so Dutch, Norwegian, Armenian and
// Chinese names print as written and the binary needs no fonts on the
// machine.
package pdf

import (
	_ "embed"
	"strings"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans covers Latin, Norwegian and Armenian; its licence is in
// fonts/LICENSE-DejaVu.txt. Droid Sans Fallback covers Han (and kana,
// Hangul) but not Latin, so text is drawn in runs, each in the font that
// has its glyphs; its licence (Apache-2.0) is in
// fonts/LICENSE-DroidSansFallback.txt. fpdf subsets both on output, so a
// document carries only the glyphs it uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	cjk []byte
)

// Doc is a document being drawn (fpdf's type, named here so callers of
// CellFormat need not import fpdf).
type Doc = fpdf.Fpdf

// Font is the family name registered on every document for Latin,
// Cyrillic, Greek and Armenian text.
const Font = "DejaVu"

// CJKFont is the family registered for Han, kana and Hangul. It has one
// weight; bold Chinese prints regular, which reads fine.
const CJKFont = "DroidSansFallback"

// New starts an A4 (portrait) or A6-ish label-sized document with the
// embedded fonts registered as Font ("" and "B" styles) and CJKFont ("").
func New(orientation, size string) *fpdf.Fpdf {
	d := fpdf.New(orientation, "mm", size, "")
	d.AddUTF8FontFromBytes(Font, "", regular)
	d.AddUTF8FontFromBytes(Font, "B", bold)
	d.AddUTF8FontFromBytes(CJKFont, "", cjk)
	d.SetFont(Font, "", 11)
	d.SetCreator("Shopkeeper", true)
	d.SetCompression(true)
	return d
}

// IsCJK reports whether r is drawn with CJKFont: CJK symbols and
// punctuation, kana, Han, Hangul, compatibility ideographs and fullwidth
// forms — the ranges DejaVu Sans lacks and Droid Sans Fallback has.
func IsCJK(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF
}

// HasCJK reports whether s has any rune for CJKFont.
func HasCJK(s string) bool { return strings.IndexFunc(s, IsCJK) >= 0 }

// Run is a stretch of text drawn in one font.
type Run struct {
	Text string
	CJK  bool
}

// Runs splits s into alternating non-CJK and CJK runs. Spaces join the
// run they follow, so "订单 1042" is two runs, not three.
func Runs(s string) []Run {
	var out []Run
	for _, r := range s {
		c := IsCJK(r)
		if len(out) > 0 && (out[len(out)-1].CJK == c || r == ' ') {
			out[len(out)-1].Text += string(r)
			continue
		}
		out = append(out, Run{Text: string(r), CJK: c})
	}
	return out
}

// Printable replaces characters neither embedded font can draw (Indic and
// South-East Asian scripts, emoji) with '?', so a document never shows
// empty boxes; the caller keeps the original text elsewhere (the order,
// the e-mail). Chinese is kept: CellFormat draws it in CJKFont.
func Printable(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 0x0900 && r <= 0x109F || r >= 0x1780 && r <= 0x17FF || r >= 0x1F000 {
			out[i] = '?'
		}
	}
	return string(out)
}

// CellFormat is fpdf's CellFormat for text that may mix scripts: text
// without CJK goes straight to fpdf; otherwise the cell (border, fill) is
// drawn empty and the text is written run by run, each in its font, at
// the position fpdf would give it. style is the Font style in use ("" or
// "B"), because fpdf cannot report it.
func CellFormat(d *fpdf.Fpdf, style string, w, h float64, txt, border string, ln int, align string, fill bool) {
	txt = Printable(txt)
	if !HasCJK(txt) {
		d.CellFormat(w, h, txt, border, ln, align, fill, 0, "")
		return
	}
	size, _ := d.GetFontSize()
	x, y := d.GetXY()
	if w == 0 {
		pw, _ := d.GetPageSize()
		_, _, right, _ := d.GetMargins()
		w = pw - right - x
	}
	runs := Runs(txt)
	widths := make([]float64, len(runs))
	total := 0.0
	for i, r := range runs {
		setRunFont(d, r.CJK, style, size)
		widths[i] = d.GetStringWidth(r.Text)
		total += widths[i]
	}
	d.SetFont(Font, style, size)
	d.CellFormat(w, h, "", border, 0, "", fill, 0, "")
	margin := d.GetCellMargin()
	tx := x + margin
	switch {
	case strings.Contains(align, "R"):
		tx = x + w - margin - total
	case strings.Contains(align, "C"):
		tx = x + (w-total)/2
	}
	_, unit := d.GetFontSize()
	// The baseline fpdf's CellFormat uses for vertically centred text.
	base := y + h/2 + 0.3*unit
	for i, r := range runs {
		setRunFont(d, r.CJK, style, size)
		d.Text(tx, base, r.Text)
		tx += widths[i]
	}
	d.SetFont(Font, style, size)
	switch ln {
	case 1:
		left, _, _, _ := d.GetMargins()
		d.SetXY(left, y+h)
	case 2:
		d.SetXY(x, y+h)
	default:
		d.SetXY(x+w, y)
	}
}

// MultiCell writes text that may mix scripts as lines of at most width w
// (0: to the right margin), each line height h, breaking at spaces where
// it can and anywhere in Chinese, which has no spaces.
func MultiCell(d *fpdf.Fpdf, style string, w, h float64, txt, align string) {
	txt = Printable(txt)
	if !HasCJK(txt) {
		d.MultiCell(w, h, txt, "", align, false)
		return
	}
	x, _ := d.GetXY()
	if w == 0 {
		pw, _ := d.GetPageSize()
		_, _, right, _ := d.GetMargins()
		w = pw - right - x
	}
	size, _ := d.GetFontSize()
	room := w - 2*d.GetCellMargin()
	for _, para := range strings.Split(txt, "\n") {
		for _, line := range wrap(d, style, size, para, room) {
			d.SetX(x)
			CellFormat(d, style, w, h, line, "", 2, align, false)
		}
	}
	d.SetFont(Font, style, size)
}

// wrap breaks s into lines no wider than room.
func wrap(d *fpdf.Fpdf, style string, size float64, s string, room float64) []string {
	var lines []string
	line := []rune{}
	width := 0.0
	lastSpace := -1
	for _, r := range s {
		setRunFont(d, IsCJK(r), style, size)
		rw := d.GetStringWidth(string(r))
		if width+rw > room && len(line) > 0 {
			cut := len(line)
			if lastSpace > 0 && !IsCJK(r) && r != ' ' {
				cut = lastSpace
			}
			lines = append(lines, strings.TrimRight(string(line[:cut]), " "))
			line = append([]rune{}, []rune(strings.TrimLeft(string(line[cut:]), " "))...)
			width = 0
			for _, q := range line {
				setRunFont(d, IsCJK(q), style, size)
				width += d.GetStringWidth(string(q))
			}
			setRunFont(d, IsCJK(r), style, size)
			lastSpace = -1
		}
		if r == ' ' {
			lastSpace = len(line)
		}
		line = append(line, r)
		width += rw
	}
	return append(lines, string(line))
}

func setRunFont(d *fpdf.Fpdf, cjk bool, style string, size float64) {
	if cjk {
		d.SetFont(CJKFont, "", size)
		return
	}
	d.SetFont(Font, style, size)
}
