package returns

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/boombuler/barcode/code128"
)

// code128Patterns maps the 11-module pattern of each symbol value, learnt
// from single-symbol encodings (set C pairs 00–99, then the set switches),
// so the decoder below reads bars, not the encoder's tables.
func code128Patterns(t *testing.T) map[string]int {
	t.Helper()
	pat := map[string]int{}
	learn := func(content string, pos, value int) {
		bc, err := code128.EncodeWithoutChecksum(content)
		if err != nil {
			t.Fatal(err)
		}
		mods := modules(bc)
		pat[mods[pos*11:pos*11+11]] = value
	}
	for v := 0; v < 100; v++ {
		d := string(rune('0'+v/10)) + string(rune('0'+v%10))
		learn("00"+d, 2, v) // START C, 00, d
	}
	learn("0000a", 0, 105) // START C
	learn("0000a", 3, 100) // CODE B in set C, FNC4 in set B
	learn("a", 0, 104)     // START B
	for c := 32; c < 128; c++ {
		learn(string(rune(c)), 1, c-32) // set B: values 0–95
	}
	learn("a"+string(code128.FNC3), 2, 96)
	learn("a"+string(code128.FNC2), 2, 97)
	learn("0000\x00", 3, 101) // CODE A from set C
	learn("a"+string(code128.FNC1), 2, 102)
	learn("\x00", 0, 103) // START A
	// 98 (SHIFT) is the one value the encoder never writes as data; it can
	// still be a check symbol, so an unknown last symbol is read as 98.
	return pat
}

// modules reads one row of a barcode image as "1" (bar) and "0" (space).
func modules(img image.Image) string {
	var b strings.Builder
	r := img.Bounds()
	for x := r.Min.X; x < r.Max.X; x++ {
		c, _, _, _ := img.At(x, r.Min.Y).RGBA()
		if c < 0x8000 {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// decodeCode128 reads a Code 128 image (sets B and C), checks its check
// symbol and returns the text.
func decodeCode128(t *testing.T, img image.Image, moduleWidth int) string {
	t.Helper()
	pat := code128Patterns(t)
	row := modules(img)
	var mods strings.Builder
	for i := 0; i < len(row); i += moduleWidth {
		mods.WriteByte(row[i])
	}
	m := mods.String()
	var vals []int
	for i := 0; i+11 <= len(m); i += 11 {
		if strings.HasPrefix(m[i:], "1100011101011") { // STOP (13 modules)
			break
		}
		v, ok := pat[m[i:i+11]]
		if !ok && strings.HasPrefix(m[i+11:], "1100011101011") {
			v, ok = 98, true
		}
		if !ok {
			t.Fatalf("unknown symbol %s at module %d", m[i:i+11], i)
		}
		vals = append(vals, v)
	}
	if len(vals) < 3 {
		t.Fatalf("too few symbols: %v", vals)
	}
	sum := vals[0]
	for i := 1; i < len(vals)-1; i++ {
		sum += i * vals[i]
	}
	if sum%103 != vals[len(vals)-1] {
		t.Fatalf("check symbol %d, computed %d", vals[len(vals)-1], sum%103)
	}
	set := map[int]byte{104: 'B', 105: 'C'}[vals[0]]
	var out strings.Builder
	for _, v := range vals[1 : len(vals)-1] {
		switch {
		case set == 'C' && v < 100:
			out.WriteByte(byte('0' + v/10))
			out.WriteByte(byte('0' + v%10))
		case set == 'C' && v == 100, set == 'B' && v == 100:
			set = 'B'
		case set == 'B' && v == 99:
			set = 'C'
		case set == 'B' && v < 95:
			out.WriteByte(byte(v + 32))
		default:
			t.Fatalf("symbol %d in set %c not handled", v, set)
		}
	}
	return out.String()
}

func TestLabel_BarcodeDecodesToTheReturnID(t *testing.T) {
	for _, id := range []string{"RAAHMPFXOS3CB6SCE", "R22BW7SA4BYM44NEC", "R1234567890ABCDEF"} {
		codes, err := MakeBarcodes(id, "https://shop.test/documents/labels/x.pdf")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(codes.Code128))
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeCode128(t, img, 3); got != id {
			t.Errorf("barcode reads %q, want %q", got, id)
		}
	}
}

func TestLabel_IsAPDFWithTheBarcodeImageAndTheTexts(t *testing.T) {
	p := DefaultPolicy()
	r := &Return{ID: "RAAHMPFXOS3CB6SCE", OrderNumber: "1042", Lines: []Line{{SKU: "SHOE-42", Title: "Aurora Trail Runner — 42 / Black", Quantity: 1}}}
	url := "https://shop.test/documents/labels/tok.pdf"
	doc, err := p.Label(r, LabelInfo{ShopName: "Noordkaap", From: "Ада Øyvind Հայկ, Keizersgracht 12, 1015 CS Amsterdam", URL: url,
		Words: LabelWords{Title: "Return", Order: "Order 1042 · Return RAAHMPFXOS3CB6SCE", From: "From", To: "To", Hint: "Stick it on."}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) || !bytes.Contains(doc[len(doc)-32:], []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	if n := bytes.Count(doc, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("PDF holds %d images, want 2 (Code 128 and QR)", n)
	}
	// fpdf copies a PNG's compressed pixel data as is: the barcode that
	// decodes above is the one in the document.
	codes, err := MakeBarcodes(r.ID, url)
	if err != nil {
		t.Fatal(err)
	}
	if idat := pngIDAT(t, codes.Code128); !bytes.Contains(doc, idat) {
		t.Error("the Code 128 image is not embedded in the label")
	}
}

// pngIDAT returns the concatenated IDAT data of a PNG.
func pngIDAT(t *testing.T, b []byte) []byte {
	var out []byte
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if string(b[i+4:i+8]) == "IDAT" {
			out = append(out, b[i+8:i+8+n]...)
		}
		i += 12 + n
	}
	if len(out) == 0 {
		t.Fatal("PNG without IDAT")
	}
	return out
}

func TestLabel_ChineseWordsAndTitlesPrintInTheCJKFont(t *testing.T) {
	p := DefaultPolicy()
	r := &Return{ID: "RAAHMPFXOS3CB6SCE", OrderNumber: "1042", Lines: []Line{{SKU: "SHOE-42", Title: "极光越野跑鞋 — 42 / 黑色", Quantity: 1}}}
	doc, err := p.Label(r, LabelInfo{ShopName: "Noordkaap", From: "张伟, 南京东路 100 号, 200001 上海", URL: "https://shop.test/documents/labels/tok.pdf",
		Words: LabelWords{Title: "退货", Order: "订单 1042 · 退货 RAAHMPFXOS3CB6SCE", From: "寄件人", To: "收件人", Hint: "请把此标签贴在包裹上，并保留寄件凭证。"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) || !bytes.Contains(doc[len(doc)-32:], []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	if !bytes.Contains(doc, []byte("/FontName /utf8droidsansfallback")) {
		t.Error("the Chinese label does not embed the CJK font")
	}
	if n := bytes.Count(doc, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("PDF holds %d images, want 2", n)
	}
}
