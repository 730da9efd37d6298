package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// cartLines reads the conversation's cart as sku → quantity.
func (h *harness) cartLines() map[string]int {
	h.t.Helper()
	c, err := h.db.CartFor(h.ctx, 0, h.id, "EUR")
	if err != nil {
		h.t.Fatal(err)
	}
	lines := map[string]int{}
	for _, it := range c.Items {
		lines[it.SKU] = it.Quantity
	}
	return lines
}

func sameLines(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestCart_QuantitiesAreSetUnlessMoreIsAsked(t *testing.T) {
	s := script{
		"aurora in 42 black":     intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "black", "black")),
		"add them to my cart":    intent("add_to_cart"),
		"two pairs":              intent("add_to_cart", ent("quantity", 2, "two")),
		"one more":               intent("add_to_cart", ent("quantity", 1, "one")),
		"no, just one":           intent("deny", ent("quantity", 1, "one")),
		"I'll take 2 more":       intent("add_to_cart", ent("quantity", 2, "2")),
		"two pairs of merino":    intent("product_search", ent("quantity", 2, "two"), ent("product", "wool-socks", "merino")),
		"put them in the basket": intent("add_to_cart"),
	}
	steps := []struct {
		say  string
		tap  string
		want map[string]int
	}{
		{say: "aurora in 42 black", want: map[string]int{}},
		{say: "add them to my cart", want: map[string]int{"AUR-42-BLK": 1}},
		{say: "add them to my cart", want: map[string]int{"AUR-42-BLK": 1}}, // said again: not a second pair
		{tap: "add:AUR-42-BLK", want: map[string]int{"AUR-42-BLK": 1}},      // the card's button again
		{say: "two pairs", want: map[string]int{"AUR-42-BLK": 2}},           // restated: set, not add
		{say: "two pairs", want: map[string]int{"AUR-42-BLK": 2}},
		{say: "one more", want: map[string]int{"AUR-42-BLK": 3}},
		{say: "no, just one", want: map[string]int{"AUR-42-BLK": 1}},
		{say: "I'll take 2 more", want: map[string]int{"AUR-42-BLK": 3}},
		{tap: "addone:AUR-42-BLK", want: map[string]int{"AUR-42-BLK": 4}},
		{say: "two pairs of merino", want: map[string]int{"AUR-42-BLK": 4}},                 // a quantity said early…
		{say: "put them in the basket", want: map[string]int{"AUR-42-BLK": 4, "SOCK-1": 2}}, // …is kept
	}
	h := newHarness(t, s)
	for i, st := range steps {
		var out []conversation.Message
		if st.tap != "" {
			out = h.tap(st.tap)
		} else {
			out = h.say(st.say)
		}
		if got := h.cartLines(); !sameLines(got, st.want) {
			t.Fatalf("step %d (%s%s): cart = %v, want %v; bot: %s", i, st.say, st.tap, got, st.want, texts(out))
		}
	}
}

func TestCart_ShortStockNeverAsksForZero(t *testing.T) {
	h := newHarness(t, script{
		"aurora red 42": intent("add_to_cart", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "red", "red"), ent("quantity", 5, "5")),
		"5":             intent("out_of_scope", ent("quantity", 5, "5")),
		"2":             intent("out_of_scope", ent("quantity", 2, "2")),
		"one more":      intent("add_to_cart", ent("quantity", 1, "one")),
	})
	out := h.say("aurora red 42") // 5 asked, 2 in stock
	if lastInput(out) != "quantity" || !strings.Contains(texts(out), "only 2") {
		t.Fatalf("short stock = %q: %s", lastInput(out), texts(out))
	}
	out = h.say("2")
	if got := h.cartLines(); got["AUR-42-RED"] != 2 {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
	for i := 0; i < 3; i++ {
		out = h.say("one more")
		if lastInput(out) == "quantity" || strings.Contains(texts(out), "only 0") {
			t.Fatalf("turn %d asks for a quantity it cannot meet: %s", i, texts(out))
		}
	}
	if got := h.cartLines(); got["AUR-42-RED"] != 2 {
		t.Fatalf("cart = %v", got)
	}
}

func TestResolve_PicksTheShownProductMatchingEverythingSaid(t *testing.T) {
	h := newHarness(t, script{
		"running shoes":       intent("product_search", ent("category", "running shoes", "running shoes")),
		"the red ones in 42":  intent("add_to_cart", ent("color", "red", "red"), ent("size", "42", "42")),
		"the road ones in 43": intent("add_to_cart", ent("size", "43", "43")),
		"noordkaap running":   intent("add_to_cart"),
	})
	out := h.say("running shoes")
	if c := find(out, "products"); c == nil || len(c.Items) != 2 {
		t.Fatalf("search = %s", texts(out))
	}
	out = h.say("the red ones in 42")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 1}) {
		t.Fatalf("only the Aurora comes in red: cart = %v: %s", got, texts(out))
	}
	h.say("running shoes")
	out = h.say("the road ones in 43")
	if got := h.cartLines(); got["PACE-43"] != 1 {
		t.Fatalf("'road' names the Pace Road Runner: cart = %v: %s", got, texts(out))
	}
	h.say("running shoes")
	out = h.say("noordkaap running")
	if lastInput(out) != "product" || len(out[len(out)-1].Options) != 2 {
		t.Fatalf("two equally good candidates must be asked about, got %q: %s", lastInput(out), texts(out))
	}
	out = h.tap(out[len(out)-1].Options[1].Payload) // the Pace, already in the cart
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 1, "PACE-43": 1}) || !strings.Contains(texts(out), "already in your cart") {
		t.Fatalf("after the choice: cart = %v: %s", got, texts(out))
	}
}

func TestCards_SayWhyTheyShowTheirItems(t *testing.T) {
	h := newHarness(t, script{
		"running shoes":         intent("product_search", ent("category", "running shoes", "running shoes")),
		"aurora in 43 black?":   intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "43", "43"), ent("color", "black", "black")),
		"is the pace in stock?": intent("product_availability", ent("product", "pace", "pace")),
	})
	for _, c := range []struct{ say, reason string }{
		{"running shoes", "search"},
		{"is the pace in stock?", "availability"},
		{"aurora in 43 black?", "similar"}, // sold out: the product's own card, then similar ones in stock
	} {
		out := h.say(c.say)
		var m *conversation.Message
		for i := range out {
			if out[i].Type == "products" && (m == nil || out[i].Reason == c.reason) {
				m = &out[i]
			}
		}
		if m == nil || m.Reason != c.reason {
			t.Errorf("%q: products message %+v, want reason %q", c.say, m, c.reason)
		}
		if c.reason == "similar" {
			for _, it := range m.Items {
				if it.Handle == "aurora" {
					t.Errorf("%q: the sold-out product is listed again as similar and in stock", c.say)
				}
			}
		}
	}
}

func TestCheckout_AChangedCartKillsTheOldPaymentLink(t *testing.T) {
	h := newHarness(t, script{
		"checkout":        intent("checkout"),
		"ana@example.com": intent("out_of_scope", ent("email", "ana@example.com", "ana@example.com")),
		"Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL": intent("out_of_scope"),
	})
	pay := func() string {
		h.t.Helper()
		out := h.say("checkout")
		for range 4 {
			if l := find(out, "link"); l != nil {
				return l.URL
			}
			switch lastInput(out) {
			case "email":
				out = h.say("ana@example.com")
			case "shipping_address":
				out = h.say("Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL")
			case "shipping_option":
				out = h.tap("ship:standard")
			default:
				h.t.Fatalf("checkout stalled: %s", texts(out))
			}
		}
		h.t.Fatalf("no payment link: %s", texts(out))
		return ""
	}
	h.tap("add:SOCK-1")
	first := pay()
	h.tap("addone:SOCK-1") // the cart changes: two pairs now
	second := pay()
	if first == second {
		t.Fatalf("the changed cart got the old link %s", first)
	}
	token := func(url string) string {
		return strings.TrimPrefix(strings.SplitN(url, "?", 2)[0], "http://shop.test/pay/")
	}
	old, err := h.payments.ByToken(h.ctx, token(first))
	if err != nil {
		t.Fatal(err)
	}
	h.payments.Complete(h.ctx, old.Reference, true, "")
	o, err := h.db.OrderByNumber(h.ctx, old.OrderNumber)
	if err != nil || o.PaymentStatus == "paid" || o.Status != "cancelled" {
		t.Fatalf("the old link's order = %+v, %v: want it cancelled and unpaid", o, err)
	}
	v, _ := h.db.VariantBySKU(h.ctx, "SOCK-1")
	if v.Stock != 18 { // 20, two held by the live order only
		t.Errorf("stock = %d, want 18", v.Stock)
	}
}

func TestRemove_TheOnlyLineNamedByItsKindInTheShoppersWords(t *testing.T) {
	h := newHarness(t, script{
		"haal de hardloopschoenen eruit": intent("remove_from_cart"),
		"haal de sokken eruit":           intent("remove_from_cart"),
	})
	h.tap("add:SOCK-1")
	// A kind the cart does not hold is no licence to remove its only line.
	if out := h.say("haal de hardloopschoenen eruit"); !sameLines(h.cartLines(), map[string]int{"SOCK-1": 1}) {
		t.Fatalf("removed the socks for running shoes: %s", texts(out))
	}
	if out := h.say("haal de sokken eruit"); !sameLines(h.cartLines(), map[string]int{}) {
		t.Fatalf("cart = %v after \"haal de sokken eruit\", want empty; bot: %s", h.cartLines(), texts(out))
	}
}

func TestAddToCart_AlsoBesideTheFocusIsAnotherProduct(t *testing.T) {
	h := newHarness(t, script{
		"also running shoes": intent("add_to_cart"),
	})
	h.tap("add:AUR-42-BLK")
	out := h.say("also running shoes")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-BLK": 1}) {
		t.Fatalf("cart %v: \"also\" re-added or changed the line in focus: %s", got, texts(out))
	}
	if lastInput(out) != "product" && find(out, "products") == nil {
		t.Fatalf("\"also running shoes\" beside the Aurora in the cart should offer the others: %s", texts(out))
	}
}

func TestChangeOption_ACountSaidWithTheNewValueIsKept(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		want  map[string]int
	}{
		{"not yet in the cart", []string{"aurora in 42 black", "ok, 2 of the red instead"}, map[string]int{"AUR-42-RED": 2}},
		{"line in the cart", []string{"aurora in 42 black", "add them to my cart", "ok, 2 of the red instead"}, map[string]int{"AUR-42-RED": 2}},
		{"no count keeps the line's", []string{"aurora in 42 black", "two pairs", "the red instead"}, map[string]int{"AUR-42-RED": 2}},
	}
	s := script{
		"aurora in 42 black":       intent("product_availability", ent("product", "aurora", "aurora"), ent("size", "42", "42"), ent("color", "black", "black")),
		"add them to my cart":      intent("add_to_cart"),
		"two pairs":                intent("add_to_cart", ent("quantity", 2, "two")),
		"ok, 2 of the red instead": intent("add_to_cart", ent("quantity", 2, "2"), ent("color", "red", "red")),
		"the red instead":          intent("add_to_cart", ent("color", "red", "red")),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, s)
			var out []conversation.Message
			for _, say := range tt.steps {
				out = h.say(say)
			}
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v; bot: %s", got, tt.want, texts(out))
			}
		})
	}
}
