package dialog_test

import (
	"strings"
	"testing"
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
