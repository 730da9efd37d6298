package pdf

import (
	"bytes"
	"testing"
)

func TestNew_WritesUnicodeText(t *testing.T) {
	d := New("P", "A4")
	d.AddPage()
	d.Cell(0, 10, Printable("Bjørn Ødegård · Երևան · 张伟"))
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:8])
	}
}

func TestPrintable(t *testing.T) {
	if got := Printable("张伟 Bjørn"); got != "?? Bjørn" {
		t.Errorf("Printable = %q", got)
	}
}
