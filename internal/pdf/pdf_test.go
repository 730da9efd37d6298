package pdf

import (
	"bytes"
	"reflect"
	"testing"
)

func render(t *testing.T, draw func(d *Doc)) []byte {
	t.Helper()
	d := New("P", "A4")
	d.AddPage()
	draw(d)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:8])
	}
	return buf.Bytes()
}

func TestNew_WritesUnicodeText(t *testing.T) {
	render(t, func(d *Doc) { CellFormat(d, "", 0, 10, "Bjørn Ødegård · Երևան · 张伟", "", 1, "L", false) })
}

func TestCellFormat_ChineseIsDrawnInTheSubsetCJKFont(t *testing.T) {
	latin := render(t, func(d *Doc) { CellFormat(d, "B", 0, 10, "Bjørn Ødegård", "1", 1, "R", true) })
	zh := render(t, func(d *Doc) {
		CellFormat(d, "B", 0, 10, "发票 INV-1042", "1", 1, "R", true)
		CellFormat(d, "", 40, 10, "订单 1042 · 退货 R1", "", 0, "C", false)
		MultiCell(d, "", 60, 5, "1 × 极光越野跑鞋 — 42 / 黑色 (SHOE-42)\n请把此标签贴在包裹上，并保留寄件凭证。Keep the receipt.", "L")
	})
	// fpdf names embedded UTF-8 fonts "utf8" + the lower-cased family.
	if !bytes.Contains(zh, []byte("/FontName /utf8droidsansfallback")) || !bytes.Contains(zh, []byte("/FontName /utf8dejavu")) {
		t.Error("a Chinese document lacks one of its two fonts")
	}
	// fpdf subsets the 4 MB font to the glyphs used, so neither document
	// carries the whole font.
	for name, doc := range map[string][]byte{"latin": latin, "zh": zh} {
		if len(doc) > 200_000 {
			t.Errorf("%s document is %d bytes; the fonts are not subset", name, len(doc))
		}
	}
	if len(zh) <= len(latin) {
		t.Errorf("zh document (%d bytes) is no larger than latin (%d): no Chinese glyphs embedded", len(zh), len(latin))
	}
}

func TestRuns_SplitsHanFromOtherScripts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Run
	}{
		{"Bjørn", []Run{{"Bjørn", false}}},
		{"订单 1042", []Run{{"订单 ", true}, {"1042", false}}},
		{"Order 1042 · 退货（R1）", []Run{{"Order 1042 · ", false}, {"退货（", true}, {"R1", false}, {"）", true}}},
		{"", nil},
	} {
		if got := Runs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Runs(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestPrintable_KeepsHanAndReplacesScriptsNeitherFontHas(t *testing.T) {
	for in, want := range map[string]string{
		"张伟 Bjørn Երևան": "张伟 Bjørn Երևան",
		"नमस्ते 🙂":       "?????? ?",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
