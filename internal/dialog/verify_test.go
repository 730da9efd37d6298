package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Without a way to send codes (no SMTP, no demo outbox) the bot cannot
// prove who a shopper is: it says so instead of acting on an order bought
// elsewhere, and offers no code at checkout.
func TestVerify_WithoutMailerTheBotSaysItCannotSendCodes(t *testing.T) {
	h := newHarness(t, script{
		"cancel order 1001": intent("cancel_order", ent("order_number", "1001", "1001")),
		"checkout":          intent("checkout"),
		"add the socks":     intent("add_to_cart", ent("product", "wool-socks", "socks")),
	})
	orders := order.NewService(h.db, catalog.NewService(h.db))
	o, err := orders.Place(h.ctx, order.NewOrder{Email: "vera@example.com", Name: "Vera", Paid: true, Source: "admin", Currency: "EUR",
		Lines:           []order.Line{{SKU: "SOCK-1", Quantity: 1}},
		ShippingAddress: address.Address{Name: "Vera", Line1: "Prinsengracht 263", PostalCode: "1016 GV", City: "Amsterdam", Country: "NL"}})
	if err != nil {
		t.Fatal(err)
	}
	out := h.say("cancel order " + o.Number)
	if lastInput(out) != "email" {
		t.Fatalf("no proof asked: %s", texts(out))
	}
	out = h.say("vera@example.com")
	if !strings.Contains(texts(out), "can't send confirmation codes") {
		t.Fatalf("want the no-codes answer: %s", texts(out))
	}
	for _, m := range out {
		for _, op := range m.Options {
			if strings.HasPrefix(op.Payload, "aftersale:cancel:") || op.Payload == "verify:send" {
				t.Fatalf("offered %q without a way to prove it", op.Payload)
			}
		}
	}
	h.tap("aftersale:cancel:" + o.Number) // a forged button
	if got, _ := orders.ByNumber(h.ctx, o.Number); got.Status == order.StatusCancelled {
		t.Fatal("order cancelled without proof")
	}
	h.tap("add:SOCK-1")
	h.say("checkout")
	out = h.say("vera@example.com")
	if lastInput(out) != "shipping_address" {
		t.Fatalf("after e-mail: %s", texts(out))
	}
	for _, op := range out[len(out)-1].Options {
		if strings.HasPrefix(op.Payload, "verify:") || strings.HasPrefix(op.Payload, "addr:") {
			t.Fatalf("offered %q at a guest checkout without codes", op.Payload)
		}
	}
}
