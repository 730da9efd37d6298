package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// feedbackThanks holds the answer to a message taken as feedback ("thank
// you for your feedback"), which a tap must never get.
var feedbackThanks = i18n.MustLoad("en")

// step is one thing a shopper does: a typed text or a tapped payload.
type step struct{ kind, value string }

// crawlAnswers are what a shopper types when the bot asks for a field, so
// the crawl can walk through the checkout to the payment link.
var crawlAnswers = map[string]string{
	"email":            "crawl@example.com", // made unique per path: see crawlOne
	"shipping_address": "Ana de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL",
	"name":             "Ana de Vries",
	"phone":            "+31612345678",
}

// crawlEntries are the typed entry points besides the greeting's buttons:
// a search, the order status and a return, in each language.
var crawlEntries = map[string][]string{
	"en": {"show me sneakers", "where is my order?", "I want to return something"},
	"nl": {"laat sneakers zien", "waar is mijn bestelling?", "ik wil iets retourneren"},
	"ms": {"tunjukkan kasut sneakers", "di mana pesanan saya?", "saya mahu pulangkan barang"},
	"zh": {"给我看看运动鞋", "我的订单在哪里？", "我想退货"},
	"nb": {"vis meg joggesko", "hvor er bestillingen min?", "jeg vil returnere noe"},
	"hy": {"ցույց տվեք սպորտային կոշիկներ", "որտե՞ղ է իմ պատվերը", "ուզում եմ վերադարձնել ապրանքը"},
}

// askDetails is what the widget's "Details" button on a card sends as text
// (web/static/widget-i18n.js), so the text path is crawled as well.
var askDetails = map[string]string{
	"en": "Tell me more about {title}",
	"nl": "Vertel me meer over {title}",
	"ms": "Beritahu saya lebih lanjut tentang {title}",
	"zh": "介绍一下{title}",
	"nb": "Fortell meg mer om {title}",
	"hy": "Պատմեք ավելին այս ապրանքի մասին՝ {title}",
}

var crawlN int

type crawlNode struct {
	path []step
	out  []message
}

// crawlOne replays path in a fresh conversation, so every tap happens in
// its own copy of the state the button was offered in, and answers the
// replies of the last step. Stock the crawl itself bought may be gone on a
// replay: when a step's button is no longer offered (or its question no
// longer asked), the replay has left the path and ok is false.
func crawlOne(t *testing.T, s *shop, lang string, path []step) (id string, out []message, ok bool) {
	t.Helper()
	c := s.asChat(t, lang, "")
	var hist struct{ Messages []message }
	s.do("GET", "/api/v1/conversations/"+c.id+"/messages?after=0", c.token, "", nil, &hist)
	out = hist.Messages
	for _, st := range path {
		if !stillOffered(out, st) {
			return c.id, nil, false
		}
		v := st.value
		if v == crawlAnswers["email"] {
			// One address per conversation: many orders from one e-mail
			// would rightly look like fraud to the risk checks.
			crawlN++
			v = fmt.Sprintf("crawl%d@example.com", crawlN)
		}
		out = c.send(st.kind, v)
	}
	return c.id, out, true
}

// stillOffered reports whether the replies offer the step: its button, or
// the question a typed answer answers. Typed entry points always are.
func stillOffered(out []message, st step) bool {
	if st.kind == "payload" {
		for _, o := range offered(out) {
			if o.Payload == st.value {
				return true
			}
		}
		return false
	}
	for field, answer := range crawlAnswers {
		if answer == st.value {
			return len(out) > 0 && out[len(out)-1].Input != nil && out[len(out)-1].Input.Field == field
		}
	}
	return true
}

// transcriptTail is the admin transcript's last bot messages after the
// shopper's last message: where "fallback": true shows.
func transcriptTail(t *testing.T, s *shop, id string) (fallback bool, texts string) {
	t.Helper()
	var conv struct{ Transcript []message }
	if code := s.do("GET", "/api/v1/admin/conversations/"+id, adminKey, "", nil, &conv); code != http.StatusOK {
		t.Fatalf("transcript = %d", code)
	}
	last := -1
	for i, m := range conv.Transcript {
		if m.From == "shopper" {
			last = i
		}
	}
	if last < 0 {
		return false, ""
	}
	for _, m := range conv.Transcript[last+1:] {
		if m.Fallback {
			fallback = true
		}
		texts += m.Text + " | "
	}
	return fallback, texts
}

// offered lists every quick reply of the replies: the message's options and
// each card's own buttons.
func offered(out []message) []struct{ Title, Payload string } {
	var opts []struct{ Title, Payload string }
	for _, m := range out {
		opts = append(opts, m.Options...)
		for _, it := range m.Items {
			opts = append(opts, it.Options...)
			// A size or colour chip: the first and the last in stock of each
			// card stand for the rest (a card may have 30).
			var chips []string
			for _, v := range it.Variants {
				if v.Payload != "" {
					chips = append(chips, v.Payload)
				}
			}
			if len(chips) > 0 {
				opts = append(opts, struct{ Title, Payload string }{"chip", chips[0]}, struct{ Title, Payload string }{"chip", chips[len(chips)-1]})
			}
		}
	}
	return opts
}

// crawl taps every button the bot offers, breadth first from the greeting
// and the typed entry points, each tap in a fresh replay of its path, and
// reports the taps that fell back or were read as feedback.
func crawl(t *testing.T, s *shop, lang string, budget int) (taps, diverged int, bad []string, seen map[string]bool) {
	seen = map[string]bool{}
	perKind := map[string]int{}
	var queue []crawlNode
	// The crawl starts where a shopper does: the greeting's buttons, and
	// the typed entry points.
	_, greeting, _ := crawlOne(t, s, lang, nil)
	queue = append(queue, crawlNode{path: nil, out: greeting})
	for _, text := range crawlEntries[lang] {
		path := []step{{"text", text}}
		_, out, _ := crawlOne(t, s, lang, path)
		queue = append(queue, crawlNode{path: path, out: out})
	}
	for len(queue) > 0 && taps < budget {
		n := queue[0]
		queue = queue[1:]
		var children []step
		for _, m := range n.out {
			for _, it := range m.Items {
				for _, v := range it.Variants {
					if !v.InStock && v.Payload != "" {
						t.Errorf("%s: sold-out %s offered as a chip (%s)", lang, v.SKU, v.Payload)
					}
				}
			}
		}
		for _, o := range offered(n.out) {
			if seen[o.Payload] || strings.HasPrefix(o.Payload, "handoff:") || strings.HasPrefix(o.Payload, "csat:") {
				continue
			}
			// A few of each kind of button (price alerts, chips, picks are
			// one per variant) so the budget reaches the cart and checkout.
			kind, _, _ := strings.Cut(o.Payload, ":")
			if perKind[kind] >= 8 {
				continue
			}
			perKind[kind]++
			seen[o.Payload] = true
			children = append(children, step{"payload", o.Payload})
		}
		for _, m := range n.out {
			for _, it := range m.Items {
				if !seen["ask:"+it.Handle] {
					seen["ask:"+it.Handle] = true
					children = append(children, step{"text", strings.ReplaceAll(askDetails[lang], "{title}", it.Title)})
				}
			}
		}
		// A question the bot asks is answered, so the crawl reaches the
		// payment link.
		if len(n.out) > 0 {
			if in := n.out[len(n.out)-1].Input; in != nil && crawlAnswers[in.Field] != "" && !seen["answer:"+in.Field] {
				seen["answer:"+in.Field] = true
				children = append(children, step{"text", crawlAnswers[in.Field]})
			}
		}
		for _, ch := range children {
			if taps >= budget {
				break
			}
			path := append(append([]step{}, n.path...), ch)
			id, out, ok := crawlOne(t, s, lang, path)
			if !ok {
				diverged++
				continue
			}
			taps++
			fb, texts := transcriptTail(t, s, id)
			if fb || strings.Contains(texts, feedbackThanks.T(lang, "feedback.intent_thanks")) {
				bad = append(bad, fmt.Sprintf("%s %q after %v: %s", ch.kind, ch.value, n.path, texts))
				if testing.Verbose() {
					var conv struct {
						Language   string
						Transcript []message
					}
					s.do("GET", "/api/v1/admin/conversations/"+id, adminKey, "", nil, &conv)
					for _, m := range conv.Transcript {
						t.Logf("  %s %s %q %q %+v", conv.Language, m.From, m.Text, m.Payload, m.NLU)
					}
				}
				continue
			}
			queue = append(queue, crawlNode{path: path, out: out})
		}
	}
	return taps, diverged, bad, seen
}

// crawlShop is the demo shop without rate limits: the crawl opens hundreds
// of conversations from one address, as no shopper would.
func crawlShop(t *testing.T, dsn string) *shop {
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = dsn, true, adminKey, true
	cfg.RateLimits = "off"
	return openShop(t, cfg)
}

// TestButtons_EveryTapLeadsSomewhere taps every button offered from the
// greeting through search, a product, the cart and the checkout up to the
// payment link, and the order-status and returns entry points, in the six
// languages: none may answer "I didn't get that" or be taken as feedback.
func TestButtons_EveryTapLeadsSomewhere(t *testing.T) {
	s := crawlShop(t, storetest.SQLiteDSN(t))
	for _, lang := range []string{"en", "nl", "ms", "zh", "nb", "hy"} {
		t.Run(lang, func(t *testing.T) {
			taps, diverged, bad, seen := crawl(t, s, lang, 300)
			kinds := map[string]int{}
			for p := range seen {
				k, _, _ := strings.Cut(p, ":")
				kinds[k]++
			}
			t.Logf("%s: %d taps, %d fell back, %d replays left the path (stock the crawl bought)", lang, taps, len(bad), diverged)
			for _, b := range bad {
				t.Errorf("fell back: %s", b)
			}
			for _, want := range []string{"details", "pick", "variant", "opt", "add", "view_cart", "checkout", "ship", "remove"} {
				if kinds[want] == 0 {
					t.Errorf("%s: the crawl never met a %q button; kinds met: %v", lang, want, kinds)
				}
			}
		})
	}
}

// TestButtons_DetailsInTheShoppersLanguage: a card's "Details", tapped or
// sent as the widget's text, answers the description, materials, fit and
// care as the shop wrote them, under labels in the shopper's language.
func TestButtons_DetailsInTheShoppersLanguage(t *testing.T) {
	s := crawlShop(t, storetest.SQLiteDSN(t))
	labels := map[string][]string{
		"en": {"Materials:", "Fit:", "Care:"}, "nl": {"Materiaal:", "Pasvorm:", "Onderhoud:"},
		"ms": {"Bahan:", "Potongan:", "Penjagaan:"}, "zh": {"材质：", "版型：", "护理："},
		"nb": {"Materiale:", "Passform:", "Vedlikehold:"}, "hy": {"Նյութը՝", "Նստվածքը՝", "Խնամքը՝"},
	}
	const handle, title = "aurora-trail-runner", "Aurora Trail Runner"
	for lang, want := range labels {
		c := s.asChat(t, lang, "")
		for _, out := range [][]message{
			c.tap("details:" + handle),
			c.say(strings.ReplaceAll(askDetails[lang], "{title}", title)),
		} {
			text := asText(out)
			for _, w := range append(want, "recycled mesh upper", "true to size", "damp cloth") {
				if !strings.Contains(text, w) {
					t.Errorf("%s: details lack %q: %s", lang, w, text)
				}
			}
			if asOption(out, "pick:"+handle) == "" && asOption(out, "add:") == "" {
				t.Errorf("%s: no way to add it after the details: %+v", lang, out)
			}
		}
	}
}

// TestButtons_PickerOffersOnlyStockInTheShoppersWords: "Choose size/colour"
// asks for one option, then the other, offering only combinations in stock,
// colours named in the shopper's language, and ends in the cart.
func TestButtons_PickerOffersOnlyStockInTheShoppersWords(t *testing.T) {
	s := crawlShop(t, storetest.SQLiteDSN(t))
	c := s.asChat(t, "nl", "")
	out := c.tap("pick:aurora-trail-runner")
	colours := 0
	for range 3 {
		last := out[len(out)-1]
		if last.Input == nil || len(last.Options) == 0 {
			break
		}
		for _, o := range last.Options {
			if strings.Contains(o.Payload, "Color=") {
				colours++
			}
			if strings.Contains(o.Payload, "Color=Black") && o.Title != "zwart" {
				t.Errorf("Black offered as %q in Dutch", o.Title)
			}
			if sku := skuFor(t, s, "aurora-trail-runner", o.Payload); sku == "" {
				t.Errorf("offered %s, which no variant in stock has", o.Payload)
			}
		}
		out = c.tap(last.Options[0].Payload)
	}
	var got struct {
		Cart struct{ Items []struct{ SKU string } }
	}
	s.do("GET", "/api/v1/conversations/"+c.id, c.token, "", nil, &got)
	if len(got.Cart.Items) != 1 || !strings.HasPrefix(got.Cart.Items[0].SKU, "NK-RS-AURORA") {
		t.Fatalf("the picker did not end in the cart: %+v: %s", got.Cart, asText(out))
	}
	if colours == 0 {
		t.Errorf("the picker never asked for a colour")
	}
}

// skuFor is an in-stock variant of the product with the option value of an
// "opt:Name=Value" payload, or "".
func skuFor(t *testing.T, s *shop, handle, payload string) string {
	t.Helper()
	name, val, _ := strings.Cut(strings.TrimPrefix(payload, "opt:"), "=")
	var prods struct {
		Products []struct {
			Handle   string
			Variants []struct {
				SKU     string
				Stock   int
				Options map[string]string
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?q="+handle, adminKey, "", nil, &prods)
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if p.Handle == handle && v.Stock > 0 && v.Options[name] == val {
				return v.SKU
			}
		}
	}
	return ""
}

// TestButtons_DetailsOfACrossSellItem: right after an add, the cross-sell
// shows other products; asking for the details of one of them by its title
// answers its details (a crawl found "Sorry, I didn't quite get that").
func TestButtons_DetailsOfACrossSellItem(t *testing.T) {
	s := crawlShop(t, storetest.SQLiteDSN(t))
	path := []step{{"payload", "search:type=Sneakers"}, {"payload", "variant:NK-SN-CANAL-37-WHT"}, {"payload", "add:NK-SN-CANAL-37-WHT"}}
	id, out, ok := crawlOne(t, s, "en", path)
	if !ok {
		t.Skip("the demo's sneakers changed")
	}
	var others []string
	for _, m := range out {
		if m.Reason == "cross_sell" {
			for _, it := range m.Items {
				others = append(others, it.Title)
			}
		}
	}
	if len(others) == 0 {
		t.Skipf("no cross-sell after the add in %s", id)
	}
	// The title the crawl met, and whatever the cross-sell shows now.
	for _, other := range append(others, "Boardwalk Denim Mini Skirt") {
		id, _, _ = crawlOne(t, s, "en", append(path, step{"text", "Tell me more about " + other}))
		if fb, texts := transcriptTail(t, s, id); fb {
			t.Errorf("details of the cross-sold %q fell back: %s", other, texts)
		}
	}
}
