package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestWidget_CartCardPhrasesWorkInEveryLanguage sends what the widget's
// cart card sends where the dialogue has no payload — "fewer" as words
// (cart_set_text) and the discount field (code_text) — in each of the six
// languages, as the widget's own catalogue writes them: the line's
// quantity must change, the code must apply, and the conversation must
// keep its language.
func TestWidget_CartCardPhrasesWorkInEveryLanguage(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), true)
	res, err := http.Get(s.url + "/static/widget-i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := io.ReadAll(res.Body)
	res.Body.Close()
	_, body, ok := strings.Cut(string(src), "export const messages = ")
	if !ok {
		t.Fatal("widget-i18n.js has no messages object")
	}
	var cat map[string]map[string]string
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(body), ";")), &cat); err != nil {
		t.Fatal(err)
	}

	const sku, other = "NK-RS-AURORA-43-BLK", "NK-RS-AURORA-40-ORG"
	type cartJSON struct {
		Items []struct {
			SKU, Title string
			Quantity   int
		}
		Coupon string
	}
	for _, lang := range []string{"en", "nl", "ms", "zh", "nb", "hy"} {
		t.Run(lang, func(t *testing.T) {
			var conv struct{ ID, Token string }
			if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": lang}, &conv); code != 201 {
				t.Fatalf("create conversation = %d", code)
			}
			send := func(body map[string]string) {
				t.Helper()
				if code := s.json("POST", "/api/v1/conversations/"+conv.ID+"/messages", conv.Token, body, nil); code != 200 {
					t.Fatalf("%v = %d", body, code)
				}
			}
			state := func() (string, cartJSON) {
				t.Helper()
				var c struct {
					Language string
					Cart     cartJSON
				}
				s.json("GET", "/api/v1/conversations/"+conv.ID, conv.Token, nil, &c)
				return c.Language, c.Cart
			}
			qty := func(c cartJSON, sku string) (int, string) {
				for _, it := range c.Items {
					if it.SKU == sku {
						return it.Quantity, it.Title
					}
				}
				return 0, ""
			}
			// Three of one line and one of another, as the + button and
			// the card's Add to cart would make them, with the words the
			// widget shows for them.
			added := strings.ReplaceAll(cat[lang]["add_text"], "{title}", "Aurora Trail Runner, Black / 43")
			more := strings.ReplaceAll(cat[lang]["cart_plus_text"], "{title}", "Aurora Trail Runner — 43 / Black")
			for _, p := range [][2]string{{"add:" + sku, added}, {"addone:" + sku, more}, {"addone:" + sku, more}, {"add:" + other, added}} {
				send(map[string]string{"payload": p[0], "text": p[1]})
			}
			got, c := state()
			n, title := qty(c, sku)
			if n != 3 {
				t.Fatalf("the payloads left %d of %s in the cart, want 3", n, sku)
			}
			if got != lang {
				t.Errorf("Add to cart and + turned the conversation to %q", got)
			}
			for _, want := range []int{2, 1} {
				text := strings.NewReplacer("{title}", title, "{n}", strconv.Itoa(want)).Replace(cat[lang]["cart_set_text"])
				send(map[string]string{"payload": "qty:" + sku + "=" + strconv.Itoa(want), "text": text})
				got, c := state()
				if n, _ := qty(c, sku); n != want {
					t.Errorf("%q left %d in the cart, want %d", text, n, want)
				}
				if n, _ := qty(c, other); n != 1 {
					t.Errorf("%q changed the other line to %d", text, n)
				}
				if got != lang {
					t.Errorf("%q turned the conversation to %q", text, got)
				}
			}
			text := strings.ReplaceAll(cat[lang]["code_text"], "{code}", "WELCOME10")
			send(map[string]string{"text": text})
			got, c = state()
			if c.Coupon != "WELCOME10" {
				t.Errorf("%q: the cart's coupon is %q, want WELCOME10", text, c.Coupon)
			}
			if got != lang {
				t.Errorf("%q turned the conversation to %q", text, got)
			}
		})
	}
}
