package dialog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func TestChoosing_DifferenceQuestionComparesTheShownProductsWhateverTheIntent(t *testing.T) {
	for _, guess := range []string{"product_info", "refund_status", "payment_issue"} {
		t.Run(guess, func(t *testing.T) {
			h := newHarness(t, script{
				"running shoes": intent("product_search", ent("category", "running shoes", "running shoes")),
				"what's the difference between these two?": {Text: "what's the difference between these two?",
					Intent: nlu.IntentScore{Name: guess, Confidence: 0.9}},
				"the one with the grippy sole": intent("add_to_cart"),
			})
			shown := find(h.say("running shoes"), "products")
			if shown == nil || len(shown.Items) != 2 {
				t.Fatalf("search showed %v", shown)
			}
			out := h.say("what's the difference between these two?")
			got := texts(out)
			if !strings.Contains(got, "Aurora Trail Runner") || !strings.Contains(got, "Pace Road Runner") || !strings.Contains(got, "grippy sole") {
				t.Fatalf("the comparison does not set the two apart: %s", got)
			}
			if again := find(out, "products"); again == nil || len(again.Items) != 2 {
				t.Fatalf("the comparison replaced the products on screen: %s", got)
			}
			out = h.say("the one with the grippy sole")
			if got := texts(out); !strings.Contains(got, "Aurora Trail Runner") || strings.Contains(got, "Pace Road Runner") {
				t.Fatalf("\"the one with the grippy sole\" = %s, want the Aurora", got)
			}
		})
	}
}

func TestChoosing_AnswerMatchingNoOptionListsTheOptionsAndKeepsAsking(t *testing.T) {
	h := newHarness(t, script{
		"add the aurora": intent("add_to_cart", ent("product", "aurora", "aurora")),
		"purple-ish":     {Text: "purple-ish", Intent: nlu.IntentScore{Name: "out_of_scope", Confidence: 0.3}},
		"the first":      {Text: "the first", Intent: nlu.IntentScore{Name: "affirm", Confidence: 0.4}},
		"the second":     {Text: "the second", Intent: nlu.IntentScore{Name: "out_of_scope", Confidence: 0.3}},
	})
	out := h.say("add the aurora")
	field := lastInput(out)
	if field != "size" && field != "color" {
		t.Fatalf("adding the Aurora asks %q: %s", field, texts(out))
	}
	out = h.say("purple-ish")
	if got := texts(out); lastInput(out) != field || !strings.Contains(got, "Aurora Trail Runner comes in") {
		t.Fatalf("an answer matching no option = %s (asks %q), want the options named and the %s asked again", got, lastInput(out), field)
	}
	out = h.say("the first")
	if field != "size" || lastInput(out) != "color" {
		t.Fatalf("\"the first\" to the sizes [42] asks %q next: %s", lastInput(out), texts(out))
	}
	out = h.say("the second")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 1}) {
		t.Fatalf("\"the second\" to the colours [Black | Red]: cart %v: %s", got, texts(out))
	}
}

func TestChoosing_OfTwoProductNamesTheOneThatFitsAllTheWordsWins(t *testing.T) {
	h := newHarness(t, script{
		"are the merino trail runners there in 42": {Text: "are the merino trail runners there in 42",
			Intent:   nlu.IntentScore{Name: "product_availability", Confidence: 0.99},
			Entities: []nlu.Entity{ent("product", "wool-socks", "merino"), ent("product", "aurora", "trail runners"), ent("size", "42", "42")}},
	})
	out := h.say("are the merino trail runners there in 42")
	if got := texts(out); !strings.Contains(got, "Aurora Trail Runner") || strings.Contains(got, "Merino Hiking Socks") {
		t.Fatalf("two product names, the trail runners' fitting more words: %s", got)
	}
}

func TestChoosing_WhatAboutAColourAsksTheFocusProductsStock(t *testing.T) {
	h := newHarness(t, script{
		"is the aurora in stock in black?": intent("product_availability", ent("product", "aurora", "aurora"), ent("color", "black", "black")),
		"what about red": {Text: "what about red", Intent: nlu.IntentScore{Name: "recommendation", Confidence: 0.65},
			Entities: []nlu.Entity{ent("color", "red", "red")}},
	})
	h.say("is the aurora in stock in black?")
	out := h.say("what about red")
	shown := find(out, "products")
	if got := texts(out); !strings.Contains(got, "Aurora Trail Runner") || !strings.Contains(got, "Red") || shown == nil || len(shown.Items) != 1 {
		t.Fatalf("\"what about red\" after the Aurora in black = %s, want the Aurora's stock in red", got)
	}
}

func TestChoosing_TheOneWithAFeatureIsChosenWhateverTheIntentGuess(t *testing.T) {
	h := newHarness(t, script{
		"running shoes": intent("product_search", ent("category", "running shoes", "running shoes")),
		"I'll take the one with the grippy sole": {Text: "I'll take the one with the grippy sole",
			Intent: nlu.IntentScore{Name: "remove_from_cart", Confidence: 0.75}},
	})
	h.say("running shoes")
	out := h.say("I'll take the one with the grippy sole")
	if got := texts(out); !strings.Contains(got, "Aurora Trail Runner") || lastInput(out) != "size" {
		t.Fatalf("\"I'll take the one with the grippy sole\" (read as a removal, cart empty) = %s (asks %q), want the Aurora's size asked", got, lastInput(out))
	}
}

func TestChoosing_OneTitleWordIsNoNameWhenTheMessageNamesAnotherKind(t *testing.T) {
	h := newHarness(t, script{
		"running shoes": intent("product_search", ent("category", "running shoes", "running shoes")),
		"tell me about the merino running shoes": {Text: "tell me about the merino running shoes",
			Intent:   nlu.IntentScore{Name: "product_info", Confidence: 0.9},
			Entities: []nlu.Entity{ent("product", "wool-socks", "merino")}},
	})
	h.say("running shoes")
	out := h.say("tell me about the merino running shoes")
	if got := texts(out); strings.Contains(got, "Merino Hiking Socks") {
		t.Fatalf("\"merino\" of the socks' title taken as their name in a question about running shoes: %s", got)
	}
}

func TestChoosing_ColourSaidWhenTheSizeWasAskedIsKept(t *testing.T) {
	h := newHarness(t, script{
		"add the aurora": intent("add_to_cart", ent("product", "aurora", "aurora")),
		"red":            {Text: "red", Intent: nlu.IntentScore{Name: "out_of_scope", Confidence: 0.3}, Entities: []nlu.Entity{ent("color", "red", "red")}},
		"42":             {Text: "42", Intent: nlu.IntentScore{Name: "out_of_scope", Confidence: 0.3}, Entities: []nlu.Entity{ent("size", "42", "42")}},
	})
	if out := h.say("add the aurora"); lastInput(out) != "size" {
		t.Fatalf("adding the Aurora asks %q: %s", lastInput(out), texts(out))
	}
	out := h.say("red")
	if lastInput(out) == "size" {
		out = h.say("42")
	}
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 1}) {
		t.Fatalf("\"red\" to the size question, then 42: cart %v: %s", got, texts(out))
	}
}

func TestChoosing_AlreadyInTheCartShowsTheItem(t *testing.T) {
	h := newHarness(t, script{
		"the aurora in black, 42": intent("add_to_cart", ent("product", "aurora", "aurora"), ent("color", "black", "black"), ent("size", "42", "42")),
	})
	h.say("the aurora in black, 42")
	out := h.say("the aurora in black, 42")
	card := find(out, "products")
	if got := texts(out); !strings.Contains(got, "already") || card == nil || len(card.Items) != 1 || card.Items[0].Handle != "aurora" {
		t.Fatalf("the same variant again = %s, want \"already in your cart\" with the Aurora's card", got)
	}
}

func TestChoosing_YesWithAValueAfterTheStockWasToldAddsIt(t *testing.T) {
	h := newHarness(t, script{
		"is the aurora in stock in black?": intent("product_availability", ent("product", "aurora", "aurora"), ent("color", "black", "black")),
		"yes, red 42": {Text: "yes, red 42", Intent: nlu.IntentScore{Name: "affirm", Confidence: 0.95},
			Entities: []nlu.Entity{ent("color", "red", "red"), ent("size", "42", "42")}},
	})
	h.say("is the aurora in stock in black?")
	out := h.say("yes, red 42")
	if got := h.cartLines(); !sameLines(got, map[string]int{"AUR-42-RED": 1}) {
		t.Fatalf("\"yes, red 42\" after the Aurora's stock: cart %v: %s", got, texts(out))
	}
}

func TestChoosing_AndWordInsideAProductNameSplitsNothing(t *testing.T) {
	h := newHarness(t, script{
		"is the pace plus trail runner in stock?": intent("product_availability"),
	})
	// A product whose name holds an "and" word, added after the harness's.
	p := catalog.Product{Handle: "pace-plus", Title: "Pace Plus Trail Runner", Type: "Running Shoes", Status: "active",
		Variants: []catalog.Variant{{SKU: "PACEP-42", Options: map[string]string{"Size": "42"}, Price: eur("99.00"), Stock: 3}}}
	if _, err := h.db.UpsertProduct(h.ctx, &p); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond) // the catalogue trusts its index for two seconds
	out := h.say("is the pace plus trail runner in stock?")
	if got := texts(out); strings.Contains(got, "each") || !strings.Contains(got, "Pace") {
		t.Fatalf("\"pace plus trail runner\" read as two requests: %s", got)
	}
}

// "size M" among the products on screen names a size: it does not describe a
// product whose text says "one size" (a poncho beside two jackets).
func TestChoosing_TheWordSizeDescribesNoOneSizeProduct(t *testing.T) {
	shop, useShop := shopWith(t, []catalog.Product{
		{Handle: "jacket", Title: "Storm Rain Jacket", Type: "Rain Jackets", Status: "active", Options: []string{"Size", "Color"},
			Variants: []catalog.Variant{
				{SKU: "J-S-BER", Options: map[string]string{"Size": "S", "Color": "Berry"}, Price: eur("129.00"), Stock: 3},
				{SKU: "J-M-BER", Options: map[string]string{"Size": "M", "Color": "Berry"}, Price: eur("129.00"), Stock: 3},
			}},
		{Handle: "poncho", Title: "Packable Rain Poncho", Type: "Rain Jackets", Status: "active", Tags: []string{"one size", "rain"},
			BodyHTML: "<p>One-size rain poncho that packs into a pouch.</p>", Options: []string{"Color"},
			Variants: []catalog.Variant{{SKU: "P-YEL", Options: map[string]string{"Color": "Yellow"}, Price: eur("14.95"), Stock: 3}}},
	})
	s := script{
		"rain jackets":          intent("product_search", ent("category", "rain jackets", "rain jackets")),
		"size M, the berry one": sure(intent("add_to_cart"), 0.84),
	}
	cartAfterSaying(t, s, shop, useShop, []string{"rain jackets", "size M, the berry one"}, map[string]int{"J-M-BER": 1})
}
