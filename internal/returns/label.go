package returns

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"

	"github.com/shopkeeper/shopkeeper/internal/pdf"
)

// LabelInfo is what a label prints besides the return itself; the words
// come from the message catalogue in the shopper's language.
type LabelInfo struct {
	ShopName string
	From     string // the shopper's name, as on the order
	URL      string // the label's own address, in the QR code
	Words    LabelWords
}

// LabelWords are the label's headings and hint.
type LabelWords struct {
	Title string // "Return"
	Order string // "Order 1042 · Return R…", already filled in
	From  string
	To    string
	Hint  string // what to do with the label
}

// Barcodes are the label's scannable codes as PNG images: a Code 128 of
// the return id (what a warehouse scanner reads) and a QR code of the
// label's address (what a phone reads).
type Barcodes struct {
	Code128  []byte
	Checksum int // the Code 128 check symbol, for tests and support
	QR       []byte
}

// MakeBarcodes encodes the return id and the label URL.
func MakeBarcodes(id, url string) (Barcodes, error) {
	var out Barcodes
	bc, err := code128.Encode(id)
	if err != nil {
		return out, fmt.Errorf("code128 of %s: %w", id, err)
	}
	out.Checksum = bc.CheckSum()
	// One module per 3 pixels keeps bars crisp whatever the printer scales.
	scaled, err := barcode.Scale(bc, bc.Bounds().Dx()*3, 90)
	if err != nil {
		return out, err
	}
	if out.Code128, err = pngOf(scaled); err != nil {
		return out, err
	}
	if url == "" {
		url = id
	}
	q, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		return out, fmt.Errorf("qr of label: %w", err)
	}
	q, err = barcode.Scale(q, 300, 300)
	if err != nil {
		return out, err
	}
	out.QR, err = pngOf(q)
	return out, err
}

func pngOf(b barcode.Barcode) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Label renders the return label: the shop's return address in large
// print, the sender, the order number and return id, the Code 128 barcode
// and the QR code. Chinese headings and names print in the embedded CJK
// font (pdf.CellFormat); scripts neither font has print as '?'.
func (p Policy) Label(r *Return, info LabelInfo) ([]byte, error) {
	codes, err := MakeBarcodes(r.ID, info.URL)
	if err != nil {
		return nil, err
	}
	d := pdf.New("P", "A5")
	d.SetTitle(info.Words.Title+" "+r.ID, true)
	d.AddPage()
	d.SetMargins(12, 12, 12)
	d.SetAutoPageBreak(false, 0)

	d.SetFont(pdf.Font, "B", 16)
	pdf.CellFormat(d, "B", 0, 9, info.ShopName+" — "+info.Words.Title, "", 1, "L", false)
	d.SetFont(pdf.Font, "", 9)
	pdf.CellFormat(d, "", 0, 5, info.Words.Order, "", 1, "L", false)
	d.Ln(3)

	d.SetFont(pdf.Font, "", 9)
	pdf.CellFormat(d, "", 0, 5, info.Words.From, "", 1, "L", false)
	d.SetFont(pdf.Font, "", 11)
	pdf.CellFormat(d, "", 0, 6, info.From, "", 1, "L", false)
	d.Ln(3)

	d.SetFont(pdf.Font, "", 9)
	pdf.CellFormat(d, "", 0, 5, info.Words.To, "", 1, "L", false)
	a := p.ReturnAddress
	d.SetFont(pdf.Font, "B", 14)
	for _, line := range []string{info.ShopName, a.Name, a.Line1, a.Line2, a.PostalCode + " " + a.City, a.Country} {
		if line != "" {
			pdf.CellFormat(d, "B", 0, 7, line, "", 1, "L", false)
		}
	}
	d.Ln(4)

	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.RegisterImageOptionsReader("code128", opt, bytes.NewReader(codes.Code128))
	d.ImageOptions("code128", 12, d.GetY(), 100, 24, false, opt, 0, "")
	d.SetY(d.GetY() + 25)
	d.SetFont(pdf.Font, "", 10)
	d.CellFormat(100, 5, r.ID, "", 1, "C", false, 0, "")
	d.Ln(3)

	y := d.GetY()
	d.RegisterImageOptionsReader("qr", opt, bytes.NewReader(codes.QR))
	d.ImageOptions("qr", 12, y, 32, 32, false, opt, 0, "")
	d.SetXY(48, y)
	d.SetFont(pdf.Font, "", 9)
	items := ""
	for _, l := range r.Lines {
		items += fmt.Sprintf("%d × %s (%s)\n", l.Quantity, l.Title, l.SKU)
	}
	pdf.MultiCell(d, "", 0, 4.5, items+"\n"+info.Words.Hint, "L")
	if err := d.Error(); err != nil {
		return nil, fmt.Errorf("render label %s: %w", r.ID, err)
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, fmt.Errorf("render label %s: %w", r.ID, err)
	}
	return buf.Bytes(), nil
}
