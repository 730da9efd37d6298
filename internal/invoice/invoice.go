// Package invoice renders an order's invoice as a PDF: invoice number and
// date, shop, customer, lines, discount, shipping, total and the VAT the
// total includes. Amounts are integer minor units throughout.
package invoice

import (
	"bytes"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/pdf"
)

// Shop is who issues the invoice.
type Shop struct {
	Name    string
	Address string // one line, may be empty
	VATID   string // may be empty
	// VATRate is the VAT included in prices, in basis points (2100 = 21%);
	// 0 prints no VAT line.
	VATRate int64
}

// Translate gives a label in the invoice's language (the message catalogue).
type Translate func(key string, args ...any) string

// Number is the invoice number of an order: orders are numbered without
// gaps already, so the invoice takes the order's number.
func Number(o *order.Order) string { return "INV-" + o.Number }

// VAT is the tax included in a gross amount at rate basis points, rounded
// half up to the minor unit: gross × rate / (10000 + rate).
func VAT(gross money.Money, rate int64) money.Money {
	if rate <= 0 || gross.Amount <= 0 {
		return money.New(0, gross.Currency)
	}
	den := 10000 + rate
	return money.New((gross.Amount*rate*2+den)/(2*den), gross.Currency)
}

// Render writes the invoice of a paid order. lang picks the number format;
// t supplies the words, in any of the six languages: Chinese is drawn in
// the embedded CJK font (see pdf.CellFormat).
func Render(o *order.Order, shop Shop, lang string, issued time.Time, t Translate) ([]byte, error) {
	if o.PaymentStatus != order.PaymentPaid && o.PaymentStatus != order.PaymentRefunded {
		return nil, fmt.Errorf("%w: order %s is %s", order.ErrNotPaid, o.Number, o.PaymentStatus)
	}
	d := pdf.New("P", "A4")
	d.SetTitle(t("aftersale.pdf.title")+" "+Number(o), true)
	d.SetMargins(18, 18, 18)
	d.AddPage()
	// style follows SetFont, because text with Chinese is drawn run by run
	// and pdf.CellFormat must restore the Latin font's weight.
	style := ""
	font := func(st string, size float64) { style = st; d.SetFont(pdf.Font, st, size) }
	cell := func(w, h float64, txt, border string, ln int, align string, fill bool) {
		pdf.CellFormat(d, style, w, h, txt, border, ln, align, fill)
	}
	m := func(x money.Money) string { return i18n.Money(lang, x) }

	font("B", 18)
	cell(0, 10, shop.Name, "", 1, "L", false)
	font("", 10)
	if shop.Address != "" {
		cell(0, 5, shop.Address, "", 1, "L", false)
	}
	if shop.VATID != "" {
		cell(0, 5, t("aftersale.pdf.vat_id", "id", shop.VATID), "", 1, "L", false)
	}
	d.Ln(6)
	font("B", 14)
	cell(0, 8, t("aftersale.pdf.title"), "", 1, "L", false)
	font("", 10)
	kv := func(k, v string) {
		cell(45, 6, k, "", 0, "L", false)
		cell(0, 6, v, "", 1, "L", false)
	}
	kv(t("aftersale.pdf.number"), Number(o))
	kv(t("aftersale.pdf.date"), issued.Format("2006-01-02"))
	kv(t("aftersale.pdf.order"), o.Number+" ("+o.CreatedAt.Format("2006-01-02")+")")
	d.Ln(4)
	font("B", 10)
	cell(0, 6, t("aftersale.pdf.bill_to"), "", 1, "L", false)
	font("", 10)
	name := o.ShippingAddress.Name
	if name == "" {
		name = o.Name
	}
	for _, line := range []string{name, o.ShippingAddress.OneLine(), o.Email} {
		if line != "" {
			cell(0, 5, line, "", 1, "L", false)
		}
	}
	d.Ln(6)

	// Lines.
	w := []float64{95, 20, 30, 29}
	font("B", 10)
	d.SetFillColor(235, 235, 235)
	for i, h := range []string{t("aftersale.pdf.item"), t("aftersale.pdf.qty"), t("aftersale.pdf.unit_price"), t("aftersale.pdf.amount")} {
		align := "R"
		if i == 0 {
			align = "L"
		}
		cell(w[i], 7, h, "B", 0, align, true)
	}
	d.Ln(-1)
	font("", 10)
	for _, it := range o.Items {
		title := it.Title
		if title == "" {
			title = it.SKU
		}
		if r := []rune(title); len(r) > 60 {
			title = string(r[:59]) + "…"
		}
		cell(w[0], 6, title, "", 0, "L", false)
		cell(w[1], 6, fmt.Sprint(it.Quantity), "", 0, "R", false)
		cell(w[2], 6, m(it.UnitPrice), "", 0, "R", false)
		cell(w[3], 6, m(it.UnitPrice.Mul(it.Quantity)), "", 1, "R", false)
	}
	d.Ln(2)
	total := func(label string, v money.Money, bold bool) {
		if bold {
			font("B", 11)
		}
		cell(w[0]+w[1]+w[2], 6, label, "", 0, "R", false)
		cell(w[3], 6, m(v), "", 1, "R", false)
		font("", 10)
	}
	total(t("aftersale.pdf.subtotal"), o.Subtotal, false)
	if o.Discount.Amount > 0 {
		label := t("aftersale.pdf.discount")
		if o.Coupon != "" {
			label += " (" + o.Coupon + ")"
		}
		cell(w[0]+w[1]+w[2], 6, label, "", 0, "R", false)
		cell(w[3], 6, "− "+m(o.Discount), "", 1, "R", false)
	}
	if o.LoyaltyDiscount.Amount > 0 { // loyalty points spent (internal/loyalty)
		cell(w[0]+w[1]+w[2], 6, t("loyalty.pdf.points", "points", o.LoyaltyPoints), "", 0, "R", false)
		cell(w[3], 6, "− "+m(o.LoyaltyDiscount), "", 1, "R", false)
	}
	total(t("aftersale.pdf.shipping"), o.Shipping, false)
	total(t("aftersale.pdf.total"), o.Total, true)
	if shop.VATRate > 0 {
		total(t("aftersale.pdf.vat", "rate", rateText(shop.VATRate)), VAT(o.Total, shop.VATRate), false)
	}
	d.Ln(6)
	status := t("aftersale.pdf.paid")
	if o.PaymentStatus == order.PaymentRefunded {
		status = t("aftersale.pdf.refunded")
	}
	cell(0, 6, status, "", 1, "L", false)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, fmt.Errorf("render invoice %s: %w", Number(o), err)
	}
	return buf.Bytes(), nil
}

// rateText prints basis points as a percentage: 2100 → "21", 950 → "9.5".
func rateText(bp int64) string {
	s := fmt.Sprintf("%d", bp/100)
	if r := bp % 100; r != 0 {
		s += fmt.Sprintf(".%02d", r)
		for s[len(s)-1] == '0' {
			s = s[:len(s)-1]
		}
	}
	return s
}
