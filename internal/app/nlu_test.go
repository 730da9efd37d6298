package app_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

type parseResult struct {
	Language string
	Intent   struct {
		Name       string
		Confidence float64
	}
	Entities []struct {
		Entity string
		Value  any
	}
}

// Retailers teach the NLU through the admin API; it learns at once and
// remembers after a restart.
func TestNLU_RetailerExamplesAndSynonymsTakeEffectWithoutRestart(t *testing.T) {
	dsn := storetest.SQLiteDSN(t)
	s := newShop(t, dsn, true)
	parse := func(s *shop, text, lang string) parseResult {
		var r parseResult
		if code := s.json("POST", "/api/v1/nlu/parse", "", map[string]string{"text": text, "lang": lang}, &r); code != 200 {
			t.Fatalf("parse = %d", code)
		}
		return r
	}
	hasCategory := func(r parseResult, want string) bool {
		for _, e := range r.Entities {
			if e.Entity == "category" && e.Value == want {
				return true
			}
		}
		return false
	}
	if r := parse(s, "heb je toffe zwiepers?", "nl"); hasCategory(r, "sneakers") {
		t.Skip("the word is already known; pick another for this test")
	}
	// The catalogue search learns the synonym too.
	search := func(s *shop, q string) []string {
		var res struct {
			Products []struct{ Handle, Type string }
		}
		if code := s.json("GET", "/api/v1/admin/products?q="+q, adminKey, nil, &res); code != 200 {
			t.Fatalf("search = %d", code)
		}
		var types []string
		for _, p := range res.Products {
			types = append(types, p.Type)
		}
		return types
	}
	if got := search(s, "zwiepers"); len(got) != 0 {
		t.Fatalf("before the synonym, zwiepers found %v", got)
	}
	syn := map[string]any{"synonyms": []map[string]string{{"lang": "nl", "entity": "category", "value": "sneakers", "text": "zwiepers"}}}
	if code := s.json("POST", "/api/v1/admin/nlu/synonyms", adminKey, syn, nil); code != 201 {
		t.Fatalf("add synonym = %d", code)
	}
	if r := parse(s, "heb je toffe zwiepers?", "nl"); !hasCategory(r, "sneakers") {
		t.Fatalf("synonym not applied: %+v", r)
	}
	if got := search(s, "zwiepers"); len(got) == 0 || got[0] != "Sneakers" {
		t.Fatalf("the catalogue does not know the synonym: %v", got)
	}
	ex := map[string]any{"examples": []map[string]string{
		{"lang": "en", "intent": "store_locator", "text": "where can i come and touch the stuff"},
		{"lang": "en", "intent": "store_locator", "text": "can i come by and touch the stuff"},
		{"lang": "en", "intent": "store_locator", "text": "i want to come and touch the stuff in person"},
	}}
	if code := s.json("POST", "/api/v1/admin/nlu/examples", adminKey, ex, nil); code != 201 {
		t.Fatalf("add examples = %d", code)
	}
	if r := parse(s, "where can i come and touch the stuff", "en"); r.Intent.Name != "store_locator" {
		t.Fatalf("example not learned: %+v", r.Intent)
	}
	bad := map[string]any{"examples": []map[string]string{{"lang": "fr", "intent": "greet", "text": "salut"}}}
	var e errorBody
	if code := s.json("POST", "/api/v1/admin/nlu/examples", adminKey, bad, &e); code != 422 || e.Error.Code != "validation_failed" {
		t.Errorf("bad example = %d %+v", code, e)
	}
	// A restarted server remembers both.
	s.app.Close()
	again := newShop(t, dsn, false)
	if r := parse(again, "heb je toffe zwiepers?", "nl"); !hasCategory(r, "sneakers") {
		t.Errorf("synonym lost on restart: %+v", r)
	}
	if got := search(again, "zwiepers"); len(got) == 0 || got[0] != "Sneakers" {
		t.Errorf("the catalogue lost the synonym on restart: %v", got)
	}
	if r := parse(again, "where can i come and touch the stuff", "en"); r.Intent.Name != "store_locator" {
		t.Errorf("example lost on restart: %+v", r.Intent)
	}
}

func TestNLU_ParseRejectsBadInputClearly(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	cases := []struct {
		body   string
		status int
	}{
		{`{"text": ""}`, 200},
		{`{"text": "😀😀😀"}`, 200},
		{`{"text": "hi", "lang": "fr"}`, 400},
		{"{\"text\": \"\xff\"}", 400},
		{`{"text": 5}`, 400},
	}
	for _, c := range cases {
		var r parseResult
		if code := s.do("POST", "/api/v1/nlu/parse", "", "application/json", []byte(c.body), &r); code != c.status {
			t.Errorf("%s = %d, want %d", c.body, code, c.status)
		}
	}
}
