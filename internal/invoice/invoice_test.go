package invoice

import (
	"bytes"
	"errors"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

func TestVAT_IncludedInGrossRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		gross, rate, want int64
	}{
		{12100, 2100, 2100}, // €121.00 at 21% includes €21.00
		{8995, 2100, 1561},  // 89.95 × 21/121 = 15.611…
		{1000, 900, 83},     // 10.00 × 9/109 = 0.8257
		{0, 2100, 0},
		{5000, 0, 0},
	} {
		if got := VAT(money.New(c.gross, "EUR"), c.rate); got.Amount != c.want {
			t.Errorf("VAT(%d, %d) = %d, want %d", c.gross, c.rate, got.Amount, c.want)
		}
	}
	if rateText(2100) != "21" || rateText(950) != "9.5" || rateText(1225) != "12.25" {
		t.Errorf("rateText: %s %s %s", rateText(2100), rateText(950), rateText(1225))
	}
}

func testOrder(paid string) *order.Order {
	eur := func(a int64) money.Money { return money.New(a, "EUR") }
	return &order.Order{Number: "1042", Email: "bjorn@example.no", PaymentStatus: paid, CreatedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC),
		Items:    []order.Item{{SKU: "A-42", Title: "Aurora Trail Runner — 42 / Black", Quantity: 2, UnitPrice: eur(8995)}},
		Subtotal: eur(17990), Discount: eur(1799), Shipping: eur(0), Total: eur(16191), Coupon: "WELCOME10",
		ShippingAddress: address.Address{Name: "Bjørn Ødegård", Line1: "Karl Johans gate 1", PostalCode: "0154", City: "Oslo", Country: "NO"}}
}

func TestRender_PaidOrderIsAPDF(t *testing.T) {
	b, err := Render(testOrder(order.PaymentPaid), Shop{Name: "Noordkaap", VATRate: 2100}, "nb", time.Now(), func(k string, _ ...any) string { return k })
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 1000 {
		t.Fatalf("not a PDF (%d bytes)", len(b))
	}
}

func TestRender_RefusesUnpaidOrders(t *testing.T) {
	for _, st := range []string{order.PaymentPending, order.PaymentFailed} {
		if _, err := Render(testOrder(st), Shop{Name: "x"}, "en", time.Now(), func(k string, _ ...any) string { return k }); !errors.Is(err, order.ErrNotPaid) {
			t.Errorf("%s: err = %v", st, err)
		}
	}
}

func TestRender_ChineseInvoiceUsesChineseLabelsAndTheCJKFont(t *testing.T) {
	cat := i18n.MustLoad("en")
	o := testOrder(order.PaymentPaid)
	o.Items[0].Title = "极光越野跑鞋 — 42 / 黑色"
	o.ShippingAddress = address.Address{Name: "张伟", Line1: "南京东路 100 号", PostalCode: "200001", City: "上海", Country: "CN"}
	b, err := Render(o, Shop{Name: "北角商店", VATRate: 1300}, "zh", time.Now(), func(k string, args ...any) string { return cat.T("zh", k, args...) })
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("/FontName /utf8droidsansfallback")) {
		t.Error("the Chinese invoice does not embed the CJK font")
	}
	// The title is metadata in UTF-16; it carries the catalogue's word,
	// not an English fallback and not question marks.
	if title := utf16BE("发票 INV-1042"); !bytes.Contains(b, title) {
		t.Error("the invoice's title is not the Chinese one")
	}
	t.Logf("Chinese invoice: %d bytes", len(b))
	if len(b) > 200_000 {
		t.Errorf("Chinese invoice is %d bytes; the CJK font is not subset", len(b))
	}
}

func utf16BE(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}
