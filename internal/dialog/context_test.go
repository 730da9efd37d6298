package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// notebooks are made-up products of one kind that share a size.
var notebooks = []catalog.Product{
	{Handle: "dot-notebook", Title: "Dotted Notebook Linen Cover", Type: "Notebooks", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "DOT-B5", Options: map[string]string{"Size": "B5"}, Price: eur("11.40"), Stock: 4},
			{SKU: "DOT-B6", Options: map[string]string{"Size": "B6"}, Price: eur("9.40"), Stock: 4},
		}},
	{Handle: "grid-notebook", Title: "Grid Notebook Card Cover", Type: "Notebooks", Status: "active", Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "GRID-B5", Options: map[string]string{"Size": "B5"}, Price: eur("7.25"), Stock: 4},
			{SKU: "GRID-C4", Options: map[string]string{"Size": "C4"}, Price: eur("8.25"), Stock: 4},
		}},
	{Handle: "plain-notebook", Title: "Plain Notebook Kraft Cover", Type: "Notebooks", Status: "active",
		Variants: []catalog.Variant{{SKU: "PLAIN-1", Price: eur("4.10"), Stock: 4}}},
}

func unsureOf(name string, conf float64, ents ...nlu.Entity) nlu.Result {
	return nlu.Result{Intent: nlu.IntentScore{Name: name, Confidence: conf}, Entities: ents}
}

func TestContext_ShortAnswersAboutTheProductsOnScreenWinOverAnUnsureGuess(t *testing.T) {
	s := script{
		"notebooks":            intent("product_search", ent("category", "notebooks", "notebooks")),
		"the 7.25 one":         unsureOf("feedback", 0.47),
		"great, add it":        unsureOf("feedback", 0.57),
		"b5":                   unsureOf("out_of_scope", 0.3),
		"the c4 one":           unsureOf("store_locator", 0.7),
		"where is your store?": unsureOf("store_locator", 0.7),
	}
	tests := []struct {
		name    string
		steps   []string
		wantIn  string // in the bot's last answer
		wantNot string
	}{
		{name: "a price read off a card picks that product", steps: []string{"notebooks", "the 7.25 one"}, wantIn: "Grid Notebook", wantNot: "feedback"},
		{name: "an unsure remark that says add adds the product picked", steps: []string{"notebooks", "the 7.25 one", "great, add it"}, wantIn: "Which size would you like for Grid Notebook", wantNot: "feedback"},
		{name: "a value two of them share asks which one", steps: []string{"notebooks", "b5"}, wantIn: "Which one", wantNot: "didn't quite"},
		{name: "a description guessed as the store locator is the choice", steps: []string{"notebooks", "the c4 one"}, wantIn: "Grid Notebook", wantNot: "physical"},
		{name: "a question about the shop stays one", steps: []string{"notebooks", "where is your store?"}, wantNot: "Grid Notebook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, s, notebooks)
			var out string
			for _, say := range tt.steps {
				out = texts(h.say(say))
			}
			if tt.wantIn != "" && !strings.Contains(out, tt.wantIn) {
				t.Errorf("answer lacks %q: %s", tt.wantIn, out)
			}
			if tt.wantNot != "" && strings.Contains(strings.ToLower(out), strings.ToLower(tt.wantNot)) {
				t.Errorf("answer has %q: %s", tt.wantNot, out)
			}
		})
	}
}

func TestContext_AWordOfPayingWithACartIsTheCheckout(t *testing.T) {
	s := script{
		"notebooks":             intent("product_search", ent("category", "notebooks", "notebooks")),
		"merino":                intent("product_search", ent("product", "wool-socks", "merino")),
		"add them to my cart":   intent("add_to_cart"),
		"that was all, pay":     unsureOf("goodbye", 0.92),
		"bye, thanks":           unsureOf("goodbye", 0.95),
		"can I pay by card?":    unsureOf("thanks", 0.5),
		"that was all, pay now": unsureOf("goodbye", 0.76),
	}
	tests := []struct {
		name   string
		steps  []string
		wantIn string
	}{
		{"goodbye with a word of paying goes to the checkout", []string{"merino", "add them to my cart", "that was all, pay"}, "e-mail"},
		{"a goodbye without one offers the checkout", []string{"merino", "add them to my cart", "bye, thanks"}, "Before you go"},
		{"a way to pay asked is no checkout", []string{"merino", "add them to my cart", "can I pay by card?"}, ""},
		{"nothing in the cart or in focus: a goodbye", []string{"that was all, pay now"}, "Bye, and thanks"},
		{"products on screen and an empty cart: the checkout says so", []string{"notebooks", "that was all, pay now"}, "cart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, s, notebooks)
			var out []conversation.Message
			for _, say := range tt.steps {
				out = h.say(say)
			}
			got := texts(out)
			if tt.wantIn != "" && !strings.Contains(got, tt.wantIn) {
				t.Errorf("answer lacks %q: %s", tt.wantIn, got)
			}
			if tt.wantIn == "" && strings.Contains(got, "e-mail") {
				t.Errorf("went to the checkout: %s", got)
			}
		})
	}
}

func TestContext_ACountOfSomethingTheShopSellsIsARequest(t *testing.T) {
	s := script{
		"can I get 2 merino hiking socks":      unsureOf("exchange_item", 0.82, ent("quantity", 2, "2")),
		"can I exchange 2 socks from my order": unsureOf("exchange_item", 0.82, ent("quantity", 2, "2")),
		"hello, two merino hiking please":      unsureOf("greet", 0.97, ent("quantity", 2, "two")),
		"hello there, how are you":             unsureOf("greet", 0.97),
	}
	tests := []struct {
		say      string
		wantCart map[string]int
		wantIn   string
	}{
		{"can I get 2 merino hiking socks", map[string]int{"SOCK-1": 2}, ""},
		{"can I exchange 2 socks from my order", map[string]int{}, "can't help with that"},
		{"hello, two merino hiking please", nil, "Merino Hiking Socks"},
		{"hello there, how are you", map[string]int{}, "Welcome"},
	}
	for _, tt := range tests {
		t.Run(tt.say, func(t *testing.T) {
			h := newHarnessWith(t, s, nil)
			got := texts(h.say(tt.say))
			if tt.wantIn != "" && !strings.Contains(got, tt.wantIn) {
				t.Errorf("answer lacks %q: %s", tt.wantIn, got)
			}
			if tt.wantCart != nil && !sameLines(h.cartLines(), tt.wantCart) {
				t.Errorf("cart = %v, want %v: %s", h.cartLines(), tt.wantCart, got)
			}
		})
	}
}

func TestResolve_ANumberOnlyAnotherTitleCarriesLeavesTheFocus(t *testing.T) {
	paints := []catalog.Product{
		{Handle: "gouache-12", Title: "Gouache Set 12 Pots", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "GOU-12", Price: eur("12.00"), Stock: 5}}},
		{Handle: "gouache-30", Title: "Gouache Set 30 Pots", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "GOU-30", Price: eur("24.00"), Stock: 5}}},
	}
	s := script{
		"the gouache 12 set":                         intent("product_availability", ent("product", "gouache-12", "gouache 12")),
		"not that one, the gouache set with 30 pots": unsureOf("product_info", 0.28, ent("quantity", 30, "30 pots")),
		"the gouache set please":                     unsureOf("product_info", 0.5),
		"add it":                                     intent("add_to_cart"),
	}
	h := newHarnessWith(t, s, paints)
	h.say("the gouache 12 set")
	out := texts(h.say("not that one, the gouache set with 30 pots"))
	if !strings.Contains(out, "30 Pots") || strings.Contains(out, "12 Pots") {
		t.Fatalf("the number names the other set: %s", out)
	}
	h.say("add it")
	if got := h.cartLines(); !sameLines(got, map[string]int{"GOU-30": 1}) {
		t.Fatalf("cart = %v", got)
	}
	// Without a number the product in focus stays the one meant.
	h2 := newHarnessWith(t, s, paints)
	h2.say("the gouache 12 set")
	if out := texts(h2.say("the gouache set please")); !strings.Contains(out, "12 Pots") {
		t.Fatalf("focus lost without a number: %s", out)
	}
}

func TestContext_TakingOutIsNoPurchaseThoughTakeBuys(t *testing.T) {
	s := script{
		"merino":                        intent("product_search", ent("product", "wool-socks", "merino")),
		"actually take the merino out":  unsureOf("remove_from_cart", 0.33),
		"wait, take the merino instead": unsureOf("remove_from_cart", 0.33),
	}
	tests := []struct {
		say  string
		want map[string]int
	}{
		{"actually take the merino out", map[string]int{}},
		{"wait, take the merino instead", map[string]int{"SOCK-1": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.say, func(t *testing.T) {
			h := newHarnessWith(t, s, nil)
			h.say("merino")
			out := h.say(tt.say)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}

func TestQuantity_ANumberNotedBeforeTheChoiceThatNamesTheProductIsNoCount(t *testing.T) {
	paints := []catalog.Product{
		{Handle: "gouache-12", Title: "Gouache Set 12 Pots", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "GOU-12", Price: eur("12.00"), Stock: 50}}},
		{Handle: "gouache-30", Title: "Gouache Set 30 Pots", Type: "Paint Sets", Status: "active",
			Variants: []catalog.Variant{{SKU: "GOU-30", Price: eur("24.00"), Stock: 50}}},
	}
	s := script{
		"the gouache set with 30 pots please": intent("add_to_cart", ent("quantity", 30, "30")),
		"2 gouache sets please":               intent("add_to_cart", ent("quantity", 2, "2")),
	}
	tests := []struct {
		say  string
		want map[string]int
	}{
		{"the gouache set with 30 pots please", map[string]int{"GOU-30": 1}},
		{"2 gouache sets please", map[string]int{"GOU-30": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.say, func(t *testing.T) {
			h := newHarnessWith(t, s, paints)
			out := h.say(tt.say)
			if lastInput(out) == "" && len(h.cartLines()) == 0 {
				t.Fatalf("no question and nothing added: %s", texts(out))
			}
			if len(h.cartLines()) == 0 {
				out = h.tap("focus:gouache-30") // the answer to "which one?"
			}
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}

func TestContext_ChoosingAmongSimilarInOwnWords(t *testing.T) {
	s := script{
		"notebooks":                 intent("product_search", ent("category", "notebooks", "notebooks")),
		"nope, the kraft cover one": unsureOf("deny", 0.98),
		"no thanks":                 unsureOf("deny", 0.98),
		"+ merino hiking":           unsureOf("product_info", 0.63, ent("product", "wool-socks", "merino hiking")),
		"add the plain notebook":    intent("add_to_cart", ent("product", "plain-notebook", "plain notebook")),
	}
	t.Run("a no that describes one of them chooses it", func(t *testing.T) {
		h := newHarnessWith(t, s, notebooks)
		h.say("notebooks")
		if out := texts(h.say("nope, the kraft cover one")); !strings.Contains(out, "Plain Notebook Kraft Cover") {
			t.Fatalf("deny with a description: %s", out)
		}
	})
	t.Run("a plain no stays a no", func(t *testing.T) {
		h := newHarnessWith(t, s, notebooks)
		h.say("notebooks")
		if out := texts(h.say("no thanks")); strings.Contains(out, "Notebook") {
			t.Fatalf("plain no picked something: %s", out)
		}
	})
	t.Run("a plus sign adds one more thing", func(t *testing.T) {
		h := newHarnessWith(t, s, notebooks)
		h.say("add the plain notebook")
		out := h.say("+ merino hiking")
		if got := h.cartLines(); !sameLines(got, map[string]int{"PLAIN-1": 1, "SOCK-1": 1}) {
			t.Fatalf("cart = %v: %s", got, texts(out))
		}
	})
}

func TestContext_AWordOfRemovingALineIsARemoval(t *testing.T) {
	s := script{
		"add the merino hiking":                    intent("add_to_cart", ent("product", "wool-socks", "merino hiking")),
		"on second thought, drop the merino":       unsureOf("product_info", 0.79),
		"are the merino socks out of stock":        unsureOf("product_availability", 0.7),
		"on second thought, drop the merino, sure": unsureOf("product_info", 0.95),
	}
	tests := []struct {
		say  string
		want map[string]int
	}{
		{"on second thought, drop the merino", map[string]int{}},
		{"are the merino socks out of stock", map[string]int{"SOCK-1": 1}},
		{"on second thought, drop the merino, sure", map[string]int{"SOCK-1": 1}}, // a sure guess stands
	}
	for _, tt := range tests {
		t.Run(tt.say, func(t *testing.T) {
			h := newHarnessWith(t, s, nil)
			h.say("add the merino hiking")
			out := h.say(tt.say)
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, texts(out))
			}
		})
	}
}
