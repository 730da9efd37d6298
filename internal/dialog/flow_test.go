package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// The way to the payment link has no dead end: a request to pay that the
// classifier reads as something else, or that comes before the shopper
// put anything in the cart, still leads to the checkout.
func TestCheckout_ARequestToPayMisreadStillLeadsToTheCheckout(t *testing.T) {
	goodbye := func() nlu.Result {
		r := intent("goodbye")
		r.Intent.Confidence = 0.76
		return r
	}
	tests := []struct {
		name  string
		steps []string
		sc    script
		// wantAsk is the field the last reply asks for; wantText a part of it.
		wantAsk, wantText string
	}{
		{
			name:  "a goodbye that names paying, with a cart",
			steps: []string{"add the merino socks", "that was all, pay"},
			sc: script{
				"add the merino socks": intent("add_to_cart", ent("product", "merino socks", "merino socks")),
				"that was all, pay":    goodbye(),
			},
			wantAsk: "email",
		},
		{
			name:  "a goodbye without a word of paying stays a goodbye",
			steps: []string{"add the merino socks", "that was all, bye"},
			sc: script{
				"add the merino socks": intent("add_to_cart", ent("product", "merino socks", "merino socks")),
				"that was all, bye":    goodbye(),
			},
			wantText: "Before you go",
		},
		{
			name:  "how do I pay, the product settled but not yet in the cart",
			steps: []string{"do you have merino socks?", "how do I pay?"},
			sc: script{
				"do you have merino socks?": intent("product_availability", ent("product", "merino socks", "merino socks")),
				"how do I pay?":             intent("payment_methods"),
			},
			wantAsk: "email",
		},
		{
			name:  "pay after a list where one product fits the request best",
			steps: []string{"running shoes in 43", "checkout"},
			sc: script{
				"running shoes in 43": intent("product_search", ent("size", "43", "43")),
				"checkout":            intent("checkout"),
			},
			wantAsk: "email", wantText: "Pace Road Runner",
		},
		{
			name:  "pay after a list where none fits better: no guess",
			steps: []string{"running shoes", "checkout"},
			sc: script{
				"running shoes": intent("product_search"),
				"checkout":      intent("checkout"),
			},
			wantText: "Your cart is empty",
		},
		{
			name:  "how do I pay, nothing chosen: the answer only",
			steps: []string{"how do I pay?"},
			sc:    script{"how do I pay?": intent("payment_methods")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.sc)
			var out string
			var ask string
			for _, s := range tt.steps {
				ms := h.say(s)
				out, ask = texts(ms), lastInput(ms)
			}
			if ask != tt.wantAsk {
				t.Errorf("last reply asks %q, want %q: %s", ask, tt.wantAsk, out)
			}
			if tt.wantText != "" && !strings.Contains(out, tt.wantText) {
				t.Errorf("last reply %q, want it to hold %q", out, tt.wantText)
			}
		})
	}
}
