package dialog_test

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A made-up garden shop: two kinds of twine, a trowel, a watering can in
// two colours and a kneeling pad that comes only in green and grey.
func gardenShop() []catalog.Product {
	return []catalog.Product{
		{Handle: "jute-twine", Title: "Jute Garden Twine", Type: "Twine", Status: "active",
			Variants: []catalog.Variant{{SKU: "TW-JUTE", Price: eur("3.50"), Stock: 40}}},
		{Handle: "sisal-twine", Title: "Sisal Garden Twine", Type: "Twine", Status: "active",
			Variants: []catalog.Variant{{SKU: "TW-SISAL", Price: eur("4.50"), Stock: 40}}},
		{Handle: "trowel", Title: "Steel Hand Trowel", Type: "Hand Tools", Status: "active",
			Variants: []catalog.Variant{{SKU: "TRW-1", Price: eur("12.00"), Stock: 10}}},
		{Handle: "can", Title: "Watering Can 10L", Type: "Watering Cans", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "CAN-GRN", Options: map[string]string{"Color": "Green"}, Price: eur("15.00"), Stock: 5},
				{SKU: "CAN-BLU", Options: map[string]string{"Color": "Blue"}, Price: eur("15.00"), Stock: 5},
			}},
		{Handle: "kneeler", Title: "Kneeling Pad Can Carrier", Type: "Kneeling Pads", Status: "active", Options: []string{"Color"},
			Variants: []catalog.Variant{
				{SKU: "KN-GRN", Options: map[string]string{"Color": "Green"}, Price: eur("9.00"), Stock: 5},
				{SKU: "KN-GRY", Options: map[string]string{"Color": "Grey"}, Price: eur("9.00"), Stock: 5},
			}},
		{Handle: "salt-pepper", Title: "Seed Salt & Pepper Shaker", Type: "Seed Tools", Status: "active",
			Variants: []catalog.Variant{{SKU: "SPS-1", Price: eur("6.00"), Stock: 10}}},
		{Handle: "pepper-seeds", Title: "Pepper Seeds Packet", Type: "Seeds", Status: "active",
			Variants: []catalog.Variant{{SKU: "SEED-PEP", Price: eur("2.00"), Stock: 10}}},
		{Handle: "rock-salt", Title: "Rock Salt Path De-icer", Type: "De-icers", Status: "active",
			Variants: []catalog.Variant{{SKU: "SALT-1", Price: eur("5.00"), Stock: 10}}},
		{Handle: "rake-hoe", Title: "Rake and Hoe Set", Type: "Hand Tools", Status: "active",
			Variants: []catalog.Variant{{SKU: "RH-1", Price: eur("19.00"), Stock: 10}}},
	}
}

// A removal whose words settle no line never takes out a line the shopper
// did not name (not the product in focus, not the first line): a product
// named that the cart does not hold is said so with the cart shown; words
// the shop cannot read leave the cart as it is and show it; two lines the
// words fit equally well take the one just added, else the shopper is asked.
func TestRemoveFromCart_WordsThatSettleNoLineTakeNothingOut(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	remove := intent("remove_from_cart")
	remove.Intent.Confidence = 0.97
	sc := script{
		"take the trowel out":          remove,
		"ժապավենը ջնջեք":               remove,
		"drop the twine":               remove,
		"that's all, how do I pay?":    intent("checkout"),
		"remove the trowel after all":  remove,
		"uh, the gardening gloves out": remove,
	}
	for _, tt := range []struct {
		name  string
		taps  []string
		texts []string
		want  map[string]int
		says  string // a word of the answer
	}{
		{"a product named that is not in the cart", []string{"add:TW-JUTE", "add:CAN-GRN"}, []string{"take the trowel out"},
			map[string]int{"TW-JUTE": 1, "CAN-GRN": 1}, "Steel Hand Trowel isn't in your cart"},
		{"words the shop cannot read, the focus in the cart", []string{"add:TW-JUTE", "add:CAN-GRN"}, []string{"ժապավենը ջնջեք"},
			map[string]int{"TW-JUTE": 1, "CAN-GRN": 1}, "Your cart"},
		{"two twines: the one just added", []string{"add:TW-JUTE", "add:CAN-GRN", "add:TW-SISAL"}, []string{"drop the twine"},
			map[string]int{"TW-JUTE": 1, "CAN-GRN": 1}, "Removed"},
		{"two twines, another line added last: asked", []string{"add:TW-JUTE", "add:TW-SISAL", "add:CAN-GRN"}, []string{"drop the twine"},
			map[string]int{"TW-JUTE": 1, "TW-SISAL": 1, "CAN-GRN": 1}, "Which of these"},
		{"paying is no answer to which", []string{"add:TW-JUTE", "add:CAN-GRN"}, []string{"ժապավենը ջնջեք", "that's all, how do I pay?"},
			map[string]int{"TW-JUTE": 1, "CAN-GRN": 1}, "e-mail"},
		{"the named line still goes", []string{"add:TW-JUTE", "add:TRW-1"}, []string{"remove the trowel after all"},
			map[string]int{"TW-JUTE": 1}, "Removed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := checkoutHarness(t, sc, "en", nil, shop)
			useShop(h)
			for _, p := range tt.taps {
				h.tap(p)
			}
			var out string
			for _, s := range tt.texts {
				out = texts(h.say(s))
			}
			if got := h.cartLines(); !sameLines(got, tt.want) {
				t.Fatalf("cart = %v, want %v: %s", got, tt.want, out)
			}
			if !strings.Contains(out, tt.says) {
				t.Errorf("answer %q lacks %q", out, tt.says)
			}
		})
	}
}

// A message about another product never changes the line in the cart:
// "加一个最便宜的玻璃胶枪" (add one of the cheapest caulk guns, a name
// the shop cannot read) after two twines leaves the twines at two.
func TestAddToCart_AnotherProductNeverChangesTheLineInTheCart(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	addTwo := intent("add_to_cart", ent("quantity", 2, "两"))
	addTwo.Intent.Confidence = 0.97
	addOne := intent("add_to_cart", ent("quantity", 1, "一个"))
	addOne.Intent.Confidence = 0.97
	addOne.Entities[0].Start, addOne.Entities[0].End = 1, 3
	h := checkoutHarness(t, script{
		"黄麻绳两卷":       addTwo,
		"加一个最便宜的玻璃胶枪": addOne,
	}, "en", nil, shop)
	useShop(h)
	h.tap("focus:jute-twine")
	h.tap("add:TW-JUTE")
	h.say("黄麻绳两卷")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TW-JUTE": 2}) {
		t.Fatalf("cart = %v, want two twines", got)
	}
	out := h.say("加一个最便宜的玻璃胶枪")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TW-JUTE": 2}) {
		t.Fatalf("cart = %v after asking for another product: %s", got, texts(out))
	}
}

// "The 3 metre one" with a tape in 3 m and 5 m on screen chooses its 3 m,
// though the NLU reads "metre" as the name of a distance meter and "3" as
// a count; "change it to 5 metres" then changes that line in place, and
// so does "the 3 metre one" again.
func TestAddToCart_ANumberAndUnitOfTheFocusValueIsNoOtherProduct(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "tape", Title: "Pocket Tape", Type: "Measuring", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "TP-3", Options: map[string]string{"Size": "3m"}, Price: eur("5.00"), Stock: 9},
				{SKU: "TP-5", Options: map[string]string{"Size": "5m"}, Price: eur("7.00"), Stock: 9},
			}},
		{Handle: "meter", Title: "Laser Distance Meter", Type: "Measuring", Status: "active",
			Variants: []catalog.Variant{{SKU: "LDM", Price: eur("49.00"), Stock: 9}}},
	})
	pick := intent("add_to_cart", ent("quantity", 3, "3"), ent("product", "meter", "metre"))
	pick.Intent.Confidence = 0.99
	pick.Entities[0].Start, pick.Entities[0].End = 4, 5
	pick.Entities[1].Start, pick.Entities[1].End = 6, 11
	change := intent("change_order", ent("quantity", 5, "5"), ent("product", "meter", "metres"))
	change.Intent.Confidence = 0.99
	change.Entities[0].Start, change.Entities[0].End = 15, 16
	change.Entities[1].Start, change.Entities[1].End = 17, 23
	h := checkoutHarness(t, script{"the 3 metre one": pick, "change that to 5 metres please": change}, "en", nil, shop)
	useShop(h)
	h.tap("focus:tape")
	out := h.say("the 3 metre one")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TP-3": 1}) {
		t.Fatalf("cart = %v after \"the 3 metre one\": %s", got, texts(out))
	}
	out = h.say("change that to 5 metres please")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TP-5": 1}) {
		t.Fatalf("cart = %v after changing to 5 metres: %s", got, texts(out))
	}
	// Back to the 3 m with the 5 m in the cart: the line changes again,
	// no second line, no count of three.
	out = h.say("the 3 metre one")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TP-3": 1}) {
		t.Fatalf("cart = %v after \"the 3 metre one\" with the 5 m in the cart: %s", got, texts(out))
	}
}

// A line asked for by the shopper's own word, one the shop cannot read,
// is taken out by that word later ("the string" for the twine, "麻绳"),
// whatever the shop calls it and whichever line came after it.
func TestRemoveFromCart_TheShoppersOwnWordForALineFindsIt(t *testing.T) {
	shop, useShop := shopWith(t, gardenShop())
	for _, tt := range []struct{ ask, word, remove string }{
		{"ik wil het touwtje", "touwtje", "haal het touwtje eruit"},
		{"来一卷麻绳", "麻绳", "麻绳去掉"},
		{"og en rull hyssingsnor", "hyssingsnor", "dropp snoren"},
	} {
		t.Run(tt.ask, func(t *testing.T) {
			add := intent("add_to_cart", ent("product", "jute-twine", tt.word))
			add.Intent.Confidence = 0.97
			at := len([]rune(tt.ask[:strings.Index(tt.ask, tt.word)]))
			add.Entities[0].Start, add.Entities[0].End = at, at+len([]rune(tt.word))
			remove := intent("remove_from_cart")
			remove.Intent.Confidence = 0.97
			h := checkoutHarness(t, script{tt.ask: add, tt.remove: remove}, "en", nil, shop)
			useShop(h)
			h.say(tt.ask)
			h.tap("focus:can")
			h.tap("add:CAN-GRN")
			if got := h.cartLines(); !sameLines(got, map[string]int{"TW-JUTE": 1, "CAN-GRN": 1}) {
				t.Fatalf("cart = %v before the removal", got)
			}
			out := h.say(tt.remove)
			if got := h.cartLines(); !sameLines(got, map[string]int{"CAN-GRN": 1}) {
				t.Fatalf("cart = %v after %q: %s", got, tt.remove, texts(out))
			}
		})
	}
}

// A second product asked for by a word the shop cannot read and a measure
// ("the barrow 80l") is the one hit whose title carries that measure, added
// beside the first line, not the first line again.
func TestAddToCart_TheMeasureSaidPicksTheSecondProduct(t *testing.T) {
	shop, useShop := shopWith(t, append(gardenShop(),
		catalog.Product{Handle: "barrow-80", Title: "Garden Barrow 80 L", Type: "Barrows", Status: "active",
			Variants: []catalog.Variant{{SKU: "BAR-80", Price: eur("59.00"), Stock: 5}}},
		catalog.Product{Handle: "barrow-120", Title: "Garden Barrow 120 L", Type: "Barrows", Status: "active",
			Variants: []catalog.Variant{{SKU: "BAR-120", Price: eur("79.00"), Stock: 5}}}))
	add := intent("add_to_cart")
	add.Intent.Confidence = 0.99
	h := checkoutHarness(t, script{"legg til trillebåren 80l i barrow-størrelse": add}, "en", nil, shop)
	useShop(h)
	h.tap("focus:trowel")
	h.tap("add:TRW-1")
	out := h.say("legg til trillebåren 80l i barrow-størrelse")
	if got := h.cartLines(); !sameLines(got, map[string]int{"TRW-1": 1, "BAR-80": 1}) {
		t.Fatalf("cart = %v: %s", got, texts(out))
	}
}

// A removal whose kind word the vocabulary files under a narrower kind
// ("kabel" read as an instrument cable) still takes out the line it names
// by a word only that line has ("XLR"): a product outside the cart that
// shares no word of the message is no better fit just because the line's
// title names more kinds (a microphone cable is a cable and a microphone).
func TestRemoveFromCart_ALineNamedByItsOwnWordIsTakenOutThoughItsTitleNamesMoreKinds(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "stage-mic", Title: "Stage Dynamic Microphone", Type: "Microphones", Status: "active",
			Variants: []catalog.Variant{{SKU: "MIC-1", Price: eur("49.00"), Stock: 10}}},
		{Handle: "xlr-cable", Title: "Braided XLR Microphone Cable", Type: "Cables", Status: "active", Options: []string{"Size"},
			Variants: []catalog.Variant{
				{SKU: "XLR-3", Options: map[string]string{"Size": "3 m"}, Price: eur("9.00"), Stock: 10},
				{SKU: "XLR-6", Options: map[string]string{"Size": "6 m"}, Price: eur("12.00"), Stock: 10},
			}},
		{Handle: "patch-cable", Title: "Patch Instrument Cable", Type: "Cables", Status: "active",
			Variants: []catalog.Variant{{SKU: "PATCH-1", Price: eur("6.00"), Stock: 10}}},
	})
	s := script{
		"add the stage dynamic microphone": intent("add_to_cart", ent("product", "stage-mic", "stage dynamic microphone")),
		"and the braided xlr cable, 3 m":   intent("add_to_cart", ent("product", "xlr-cable", "braided xlr cable"), ent("size", "3 m", "3 m")),
		"keluarkan kabel XLR dari troli":   intent("remove_from_cart"),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"add the stage dynamic microphone", "and the braided xlr cable, 3 m", "keluarkan kabel XLR dari troli"},
		map[string]int{"MIC-1": 1})
}
