package nlu

import (
	"sync"
	"testing"
)

var (
	sharedOnce   sync.Once
	sharedEngine *Engine
	sharedErr    error
)

// testEngine trains once per test binary: every test reads the same model.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	sharedOnce.Do(func() { sharedEngine, sharedErr = New(Options{DefaultLanguage: "en"}) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedEngine
}

func TestEngine_ParseWhileVocabularyChanges(t *testing.T) {
	e, err := New(Options{DefaultLanguage: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				r := e.Parse("heeft u de Aurora regenjas in maat 42?", ParseParams{Prior: "nl"})
				if r.Language != "nl" {
					t.Errorf("goroutine %d, parse %d: language %s", g, i, r.Language)
					return
				}
			}
		}()
	}
	for i := range 20 {
		e.SetVocabulary(Vocabulary{Categories: []string{"Rain Jackets"}, Products: []ProductName{{Handle: "aurora", Title: "Aurora"}}, Brands: []string{"Brand" + string(rune('A'+i))}})
	}
	wg.Wait()
}

func TestIntents_ListsTheContract(t *testing.T) {
	contract := []string{"greet", "goodbye", "thanks", "affirm", "deny", "product_search", "product_availability", "product_info",
		"recommendation", "add_to_cart", "remove_from_cart", "view_cart", "checkout", "apply_coupon", "back_in_stock", "promotions",
		"order_status", "cancel_order", "change_order", "return_item", "exchange_item", "refund_status", "reorder", "invoice",
		"payment_issue", "shipping_info", "payment_methods", "store_policy", "store_locator", "account", "human_agent", "complaint",
		"feedback", "unsubscribe", "out_of_scope"}
	have := map[string]bool{}
	for _, name := range testEngine(t).Intents() {
		have[name] = true
	}
	for _, name := range contract {
		if !have[name] {
			t.Errorf("intent %s of the contract is missing", name)
		}
	}
}
