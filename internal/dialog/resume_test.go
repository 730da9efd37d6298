package dialog_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// A question in the middle of an add or of the checkout is answered, and the
// question the bot waited for comes back: the size of the product being
// added (not another product's), the checkout's next question.
func TestSideQuestion_AnsweredThenTheAddOrTheCheckoutResumes(t *testing.T) {
	s := script{
		"the pace shoes please":        intent("add_to_cart", ent("product", "pace", "pace")),
		"how long does delivery take?": intent("shipping_info"),
		"do you have the socks?":       intent("product_availability", ent("product", "wool-socks", "socks")),
		"checkout":                     intent("checkout"),
		"43":                           intent("out_of_scope", ent("size", "43", "43")),
	}
	t.Run("while adding", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.say("the pace shoes please")
		if out := h.say("how long does delivery take?"); lastInput(out) != "size" || !strings.Contains(texts(out), "Delivery to") {
			t.Fatalf("after a delivery question: %q %s", lastInput(out), texts(out))
		}
		out := h.say("do you have the socks?")
		if lastInput(out) != "size" || !strings.Contains(texts(out), "Merino Hiking Socks is in stock") || !strings.Contains(texts(out), "Pace Road Runner") {
			t.Fatalf("after a stock question about another product: %q %s", lastInput(out), texts(out))
		}
		h.say("43")
		if got := h.cartLines(); !sameLines(got, map[string]int{"PACE-43": 1}) {
			t.Fatalf("cart = %v after the size", got)
		}
	})
	t.Run("in the checkout", func(t *testing.T) {
		h := checkoutHarness(t, s, "en", nil)
		h.tap("add:SOCK-1")
		h.say("checkout")
		if out := h.say("do you have the socks?"); lastInput(out) != "email" || !strings.Contains(texts(out), "in stock") {
			t.Fatalf("after a stock question in the checkout: %q %s", lastInput(out), texts(out))
		}
	})
}

// "Can I send them back if they don't fit?" asked while choosing shoes, with
// no order in the chat, is a question about the shop's returns: answered,
// not a return to start with an order number the shopper does not have.
// The purchase goes on after it.
func TestTopicSwitch_AReturnsQuestionWhileBuyingIsAnsweredByThePolicy(t *testing.T) {
	ask := intent("product_availability", ent("product", "pace", "pace road runner"), ent("size", "42", "42"))
	ret := intent("return_item")
	ret.Intent.Confidence = 0.99
	for _, q := range []string{"can I send them back if they don't fit?", "can I send them back if they don't fit"} {
		withReturns := func(d *dialog.Deps) {
			db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			d.Returns = returns.NewService(db, d.Orders, d.Catalog, d.Payments, returns.DefaultPolicy())
		}
		h := checkoutHarness(t, script{"pace road runner in 42?": ask, q: ret, "add it": intent("add_to_cart")}, "en", nil, withReturns)
		h.say("pace road runner in 42?")
		out := h.say(q)
		if lastInput(out) == "order_number" || len(out) == 0 {
			t.Fatalf("%q asks for an order number: %s", q, texts(out))
		}
		h.say("add it")
		if got, want := h.cartLines(), map[string]int{"PACE-42": 1}; !sameLines(got, want) {
			t.Fatalf("%q: cart = %v after the question and \"add it\", want %v", q, got, want)
		}
	}
}

// "Back to my order" after a question in the middle of buying, with no
// order in the chat, goes on with the purchase where it was: the size
// still to choose, the product on screen, or the cart; never an order
// number.
func TestTopicSwitch_BackToMyOrderGoesOnWithThePurchase(t *testing.T) {
	back := intent("change_order")
	back.Intent.Confidence = 0.92
	ship := intent("shipping_info")
	ship.Intent.Confidence = 0.99
	for _, tt := range []struct {
		name    string
		first   string
		res     nlu.Result
		wantAsk string
		want    string
	}{
		{"a size still to choose", "add the pace road runner", intent("add_to_cart", ent("product", "pace", "pace road runner")), "size", "size"},
		{"a product on screen", "is the pace road runner in 42 in stock?", intent("product_availability", ent("product", "pace", "pace road runner"), ent("size", "42", "42")), "", "in stock"},
		{"the cart", "add the merino hiking socks", intent("add_to_cart", ent("product", "wool-socks", "merino hiking socks")), "", "Merino Hiking Socks"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, script{tt.first: tt.res, "do you ship to Belgium?": ship, "ok, back to my order": back}, "en", nil)
			h.say(tt.first)
			h.say("do you ship to Belgium?")
			out := h.say("ok, back to my order")
			if lastInput(out) != tt.wantAsk || !strings.Contains(texts(out), tt.want) {
				t.Fatalf("asks %q, want %q, and says %q: %s", lastInput(out), tt.wantAsk, tt.want, texts(out))
			}
		})
	}
}
