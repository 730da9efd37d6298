package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestAdmin_SignedInAsAnAdminAgent plays a seeded history (a purchase in
// English, a Dutch hello, a misunderstood message handed to a person) and
// opens /admin/ in headless Chromium as an agent with the admin role: the
// figures are the API's, the language filter changes them, the heat map
// counts every conversation, the explorer opens a transcript with the
// NLU's reading and the hand-off summary, a training label changes what
// the bot understands (parse before and after), an article is written,
// the catalogue and the settings (with their sources) are shown, and an
// agent without the role is refused.
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep PNGs of each page.
func TestAdmin_SignedInAsAnAdminAgent(t *testing.T) {
	needChromium(t)
	env := map[string]string{"SHOPKEEPER_IDENTITY_SECRET": identitySecret, "SHOPKEEPER_MAIL_OUTBOX": "1", "SHOPKEEPER_SAVINGS_MINUTES": "7"}
	cfg, err := config.ParseServe([]string{"--demo", "--db", storetest.SQLiteDSN(t), "--admin-key", adminKey, "--test-gateway", "--savings-hourly-cost", "3000"},
		func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := openShop(t, cfg)
	s.t = t
	boss := s.addAgent("boss@example.com", "Bea Boss", "admin", []string{"en"})
	s.addAgent("kim@example.com", "Kim", "agent", []string{"en"})

	sku := inStockSKU(t, s)
	a, aTok := s.startChat("en")
	order := s.buy(t, a, aTok, sku, "buyer@example.com", "succeeded")
	b, bTok := s.startChat("nl")
	s.say(b, bTok, "hallo")
	c, cTok := s.startChat("en")
	s.say(c, cTok, "zorblax my flimflam")
	s.say(c, cTok, "let me talk to a human")
	if code := s.json("POST", "/api/v1/agent/conversations/"+c+"/resolve", boss.Token, nil, nil); code != 200 {
		t.Fatalf("resolve: %d", code)
	}
	var api map[string]any
	if code := s.json("GET", "/api/v1/admin/analytics", adminKey, nil, &api); code != 200 {
		t.Fatalf("analytics: %d", code)
	}
	parseIntent := func(text string) string {
		var p struct{ Intent struct{ Name string } }
		s.json("POST", "/api/v1/nlu/parse", "", map[string]string{"text": text, "lang": "en"}, &p)
		return p.Intent.Name
	}
	before := parseIntent("zorblax my flimflam")
	if before == "order_status" {
		t.Fatal("the NLU already reads the gibberish as order_status: the label would prove nothing")
	}

	tab, _ := consoleBrowser(t)
	errs := pageErrors(t, tab)
	shot := consoleScreenshots(t, tab, "admin")
	wait := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
	}
	card := func(label string) string {
		return browserEval[string](t, tab, `[...document.querySelectorAll('#cards .card')].find(c => c.querySelector('.label').textContent === '`+label+`').querySelector('.value').textContent`)
	}
	page := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(`#nav button[data-page="` + name + `"]`))
	}

	// An agent without the admin role signs in, and is refused.
	browserStep(t, tab, "sign in as a plain agent",
		chromedp.Navigate(s.url+"/admin/"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), "kim@example.com"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		wait(`document.querySelector('#login-error').textContent.includes('no admin role')`),
	)
	browserStep(t, tab, "sign in as the admin agent",
		chromedp.Navigate(s.url+"/admin/"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), "boss@example.com"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#app")),
		wait(`document.querySelectorAll('#cards .card').length > 0`),
	)
	if who := browserEval[string](t, tab, `document.querySelector('#who').textContent`); who != "Bea Boss (boss@example.com)" {
		t.Errorf("signed in as %q", who)
	}
	if k := browserEval[string](t, tab, `sessionStorage.getItem('shopkeeper.adminKey') || ''`); k != "" {
		t.Error("a key was stored for a session sign-in")
	}
	revenue := api["revenue"].(map[string]any)
	for label, want := range map[string]string{
		"Conversations": fmt.Sprint(api["conversations"]), "Orders": "1",
		"Revenue": fmt.Sprint(revenue["amount"], " ", revenue["currency"]),
	} {
		if got := card(label); got != want {
			t.Errorf("%s card = %q, want %q (the API's)", label, got, want)
		}
	}
	if got := card("Conversations"); got != "3" {
		t.Errorf("Conversations card = %q, want 3", got)
	}
	if n := browserEval[int](t, tab, `[...document.querySelectorAll('#heatmap rect.hour')].reduce((s, r) => s + Number(r.dataset.n), 0)`); n != 3 {
		t.Errorf("the heat map counts %d conversations, want 3", n)
	}
	if n := browserEval[int](t, tab, `document.querySelectorAll('#heatmap rect.hour').length`); n != 168 {
		t.Errorf("%d heat map cells, want 7 × 24", n)
	}
	savings := api["savings"].(map[string]any)
	amount := savings["amount"].(map[string]any)
	if got, want := browserEval[string](t, tab, `document.querySelector('#savings-amount').textContent`), fmt.Sprint(amount["amount"], " ", amount["currency"]); got != want {
		t.Errorf("savings %q, want the API's %q", got, want)
	}
	// Contained: the purchase and the Dutch hello; 2 × 7 min × 30.00/h = 7.00.
	if amount["amount"] != "7.00" {
		t.Errorf("savings amount %v, want 7.00 (2 contained × 7 min × 30.00/h)", amount["amount"])
	}
	shot("dashboard")
	browserEval[bool](t, tab, `(document.querySelector('#heatmap').scrollIntoView(), true)`)
	shot("heatmap")
	browserEval[bool](t, tab, `(window.scrollTo(0, 0), true)`)

	browserStep(t, tab, "filter on Dutch",
		chromedp.SetValue(chromedp.CSS("#language"), "nl"),
		chromedp.Click(chromedp.CSS("#filters button[type=submit]")),
		wait(`[...document.querySelectorAll('#cards .card')].some(c => c.querySelector('.label').textContent === 'Conversations' && c.querySelector('.value').textContent === '1')`),
	)
	if got := card("Orders"); got != "0" {
		t.Errorf("Orders in Dutch = %q, want 0", got)
	}
	browserStep(t, tab, "team page", page("team"), wait(`document.querySelector('#team tbody td') !== null`))
	// The support-hours figures have their columns beside the wall clock's.
	if got := browserEval[string](t, tab, `[...document.querySelectorAll('#team thead th')].map(th => th.textContent).join('|')`); !strings.Contains(got, "Resolution in support hours") {
		t.Errorf("the team table's columns are %q", got)
	}
	shot("team")

	browserStep(t, tab, "explorer, Dutch only",
		page("conversations"),
		wait(`document.querySelectorAll('#conv-list tbody tr[data-id]').length === 3`),
		chromedp.SetValue(chromedp.CSS("#conv-language"), "nl"),
		chromedp.Click(chromedp.CSS("#conv-filters button[type=submit]")),
		wait(`document.querySelectorAll('#conv-list tbody tr[data-id]').length === 1`),
	)
	if id := browserEval[string](t, tab, `document.querySelector('#conv-list tbody tr[data-id]').dataset.id`); id != b {
		t.Errorf("the Dutch filter lists %s, want %s", id, b)
	}
	browserStep(t, tab, "open the handed-off transcript",
		chromedp.SetValue(chromedp.CSS("#conv-language"), ""),
		chromedp.Click(chromedp.CSS("#conv-filters button[type=submit]")),
		wait(`document.querySelectorAll('#conv-list tbody tr[data-id]').length === 3`),
		chromedp.Click(chromedp.CSS(`#conv-list tr[data-id="`+c+`"]`)),
		wait(`document.querySelector('#transcript .transcript') !== null`),
	)
	if got := browserEval[string](t, tab, `document.querySelector('#handoff-summary').textContent`); got == "" {
		t.Error("the transcript shows no hand-off summary")
	}
	if got := browserEval[string](t, tab, `[...document.querySelectorAll('#transcript .msg.from-shopper')].find(m => m.textContent.includes('zorblax')).querySelector('.nlu').textContent`); got == "" {
		t.Error("the shopper's message shows no NLU reading")
	}
	shot("conversation")
	browserStep(t, tab, "open the buyer's transcript and order",
		chromedp.Click(chromedp.CSS(`#conv-list tr[data-id="`+a+`"]`)),
		wait(`document.querySelector('#transcript a.order-link') !== null`),
		chromedp.Click(chromedp.CSS(`#transcript a.order-link`)),
		wait(`document.querySelector('#order-detail').textContent.includes('`+order+`')`),
	)

	browserStep(t, tab, "label the misunderstood message",
		page("training"),
		wait(`[...document.querySelectorAll('#review tbody tr[data-id]')].some(r => r.textContent.includes('zorblax'))`),
		chromedp.SendKeys(chromedp.CSS(`#review tbody tr[data-id] input.intent`), "order_status"),
		chromedp.Click(chromedp.CSS(`#review tbody tr[data-id] button.label-btn`)),
		wait(`document.querySelector('#review .result').textContent.includes('after:')`),
	)
	if got := browserEval[string](t, tab, `document.querySelector('#review .result').dataset.after`); got != "order_status" {
		t.Errorf("after labelling the page reads %q, want order_status (%s)", got, browserEval[string](t, tab, `document.querySelector('#review .result').textContent`))
	}
	if got := parseIntent("zorblax my flimflam"); got != "order_status" {
		t.Errorf("after labelling the NLU reads %q, before %q", got, before)
	}
	shot("training")

	browserStep(t, tab, "write an article",
		page("knowledge"),
		wait(`document.querySelectorAll('#kb-list tbody tr[data-slug]').length > 0`),
		chromedp.Click(chromedp.CSS("#kb-new")),
		chromedp.SendKeys(chromedp.CSS("#kb-slug"), "gift-wrapping"),
		chromedp.SetValue(chromedp.CSS("#kb-topic"), "orders"),
		chromedp.SendKeys(chromedp.CSS("#kb-title-in"), "Gift wrapping"),
		chromedp.SendKeys(chromedp.CSS("#kb-answer"), "We wrap any order as a gift for free; ask at checkout."),
		chromedp.SendKeys(chromedp.CSS("#kb-body"), "Every order can be gift-wrapped at no cost."),
		chromedp.SendKeys(chromedp.CSS("#kb-keywords"), "gift, wrapping"),
		chromedp.Click(chromedp.CSS("#kb-form button[type=submit]")),
		wait(`document.querySelector('#kb-list tr[data-slug="gift-wrapping"]') !== null || !document.querySelector('#kb-error').hidden`),
	)
	if e := browserEval[string](t, tab, `document.querySelector('#kb-error').hidden ? '' : document.querySelector('#kb-error').textContent`); e != "" {
		t.Errorf("saving the article: %s", e)
	}
	if code := s.json("GET", "/api/v1/admin/articles/gift-wrapping", adminKey, nil, nil); code != 200 {
		t.Errorf("the article is not in the API: %d", code)
	}
	shot("knowledge")
	browserEval[bool](t, tab, `(window.confirm = () => true, true)`)
	browserStep(t, tab, "delete the article",
		chromedp.Click(chromedp.CSS(`#kb-list tr[data-slug="gift-wrapping"] button.danger`)),
		wait(`document.querySelector('#kb-list tr[data-slug="gift-wrapping"]') === null`),
	)
	if code := s.json("GET", "/api/v1/admin/articles/gift-wrapping", adminKey, nil, nil); code != http.StatusNotFound {
		t.Errorf("the deleted article answers %d, want 404", code)
	}

	browserStep(t, tab, "catalogue", page("catalogue"), wait(`document.querySelectorAll('#catalogue tbody td.stock').length > 0`))
	shot("catalogue")
	browserStep(t, tab, "settings", page("settings"), wait(`document.querySelector('#settings tr[data-name="--savings-minutes"]') !== null`))
	if got := browserEval[string](t, tab, `document.querySelector('#settings tr[data-name="--savings-minutes"] .source').textContent`); got != "env" {
		t.Errorf("--savings-minutes shown as from %q, want env", got)
	}
	if got := browserEval[string](t, tab, `document.querySelector('#settings tr[data-name="--admin-key"] .value').textContent`); got != "(set)" {
		t.Errorf("the admin key is shown as %q", got)
	}
	// One editable setting: the tone saved here is in force at once and
	// shown as from the admin; a refused value shows the server's reason.
	browserStep(t, tab, "edit the tone",
		chromedp.SetValue(chromedp.CSS(`#editable tr[data-name="tone"] select`), "formal"),
		chromedp.Click(chromedp.CSS(`#editable tr[data-name="tone"] button.save`)),
		wait(`document.querySelector('#editable tr[data-name="tone"] .source').textContent === 'admin'`))
	if got := s.app.Settings.CurrentTone(); got != "formal" {
		t.Errorf("after saving in the admin the tone is %q", got)
	}
	browserStep(t, tab, "refuse a bad time zone",
		chromedp.SetValue(chromedp.CSS(`#editable tr[data-name="support_timezone"] input`), "Mars/Olympus"),
		chromedp.Click(chromedp.CSS(`#editable tr[data-name="support_timezone"] button.save`)),
		wait(`document.querySelector('#editable-error').textContent.includes('time zone')`))
	browserStep(t, tab, "create a discount code",
		chromedp.SendKeys(chromedp.CSS("#coupon-code"), "autumn5"),
		chromedp.SetValue(chromedp.CSS("#coupon-kind"), "percent"),
		chromedp.SendKeys(chromedp.CSS("#coupon-value"), "5"),
		chromedp.Click(chromedp.CSS(`#coupon-form button[type="submit"]`)),
		wait(`document.querySelector('#coupons tr[data-code="AUTUMN5"]') !== null`))
	if got := browserEval[string](t, tab, `document.querySelector('#coupons tr[data-code="AUTUMN5"] td:nth-child(2)').textContent`); got != "5%" {
		t.Errorf("AUTUMN5 is listed as %q off", got)
	}
	shot("settings")
	browserStep(t, tab, "reset the tone",
		chromedp.Click(chromedp.CSS(`#editable tr[data-name="tone"] button.reset`)),
		wait(`document.querySelector('#editable tr[data-name="tone"] .source').textContent === 'default'`))
	if got := s.app.Settings.CurrentTone(); got != "friendly" {
		t.Errorf("after the reset the tone is %q", got)
	}

	// The return window edited on the page is the bot's answer at once. An
	// article that fits answers before the settings' facts do, and the
	// demo's articles are its own words (one on returns, others near it):
	// this shop answers without articles, as a shop that wrote none.
	var arts struct{ Articles []struct{ Slug string } }
	if code := s.json("GET", "/api/v1/admin/articles", adminKey, nil, &arts); code != 200 || len(arts.Articles) == 0 {
		t.Fatalf("list articles: %d %+v", code, arts)
	}
	for _, a := range arts.Articles {
		if code := s.do("DELETE", "/api/v1/admin/articles/"+a.Slug, adminKey, "", nil, nil); code != 200 && code != 204 {
			t.Fatalf("delete article %s: %d", a.Slug, code)
		}
	}
	const returnsQuestion = "what is your return policy?"
	if got := s.ask("en", returnsQuestion); !strings.Contains(got, "within 30 days") {
		t.Fatalf("before the edit the bot says %q", got)
	}
	browserStep(t, tab, "edit the return window",
		wait(`document.querySelector('#rp-window').value === '30'`),
		chromedp.SetValue(chromedp.CSS("#rp-window"), "21"),
		chromedp.Click(chromedp.CSS(`#rp-form button[type="submit"]`)),
		wait(`document.querySelector('#rp-source').textContent === 'admin'`))
	if got := s.ask("en", returnsQuestion); !strings.Contains(got, "within 21 days") {
		t.Errorf("after the window was set to 21 days on the page the bot says %q", got)
	}
	browserStep(t, tab, "refuse a window of no days",
		chromedp.SetValue(chromedp.CSS("#rp-window"), "0"),
		chromedp.Click(chromedp.CSS(`#rp-form button[type="submit"]`)),
		wait(`document.querySelector('#rp-error').textContent.includes('window_days')`))
	if got := s.app.Returns.Policy().WindowDays; got != 21 {
		t.Errorf("a refused window changed the policy to %d days", got)
	}
	// The shipping rules are shown as zones and the away message has a
	// field per language.
	browserStep(t, tab, "shipping zones and away message", wait(`document.querySelectorAll('#sr-zones tr[data-zone]').length > 1 && document.querySelectorAll('#away-fields textarea').length === 6`))
	shot("settings-policies")
	browserStep(t, tab, "reset the return policy",
		chromedp.Click(chromedp.CSS("#rp-reset")),
		wait(`document.querySelector('#rp-source').textContent === 'default' && document.querySelector('#rp-window').value === '30'`))
	if got := s.ask("en", returnsQuestion); !strings.Contains(got, "within 30 days") {
		t.Errorf("after the reset the bot says %q", got)
	}

	// Channels and platforms: every channel listed, none configured here,
	// and the platform table says none is followed.
	browserStep(t, tab, "channels and platforms", page("integrations"), wait(`document.querySelectorAll('#channels-health tr[data-channel]').length === 4`))
	if got := browserEval[string](t, tab, `document.querySelector('#channels-health tr[data-channel="whatsapp"] td:nth-child(2)').textContent`); got != "not configured" {
		t.Errorf("WhatsApp configured reads %q", got)
	}
	// A channel without settings cannot be switched on or off here.
	if got := browserEval[bool](t, tab, `document.querySelector('#channels-health input[data-switch="whatsapp"]').disabled`); !got {
		t.Error("the switch of an unconfigured channel can be used")
	}
	if got := browserEval[string](t, tab, `document.querySelector('#platforms tbody').textContent`); !strings.Contains(got, "No platform configured") {
		t.Errorf("platforms read %q", got)
	}
	shot("integrations")

	// The label was written by the admin agent, and the audit log says so.
	var audit struct {
		Entries []struct{ Actor, Action string } `json:"entries"`
	}
	s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
	found := false
	for _, e := range audit.Entries {
		found = found || (e.Actor == "Bea Boss" && e.Action == "POST /training-review/{id}")
	}
	if !found {
		b, _ := json.Marshal(audit)
		t.Errorf("no audit entry of the label by Bea Boss: %s", b)
	}

	browserStep(t, tab, "sign out", chromedp.Click(chromedp.CSS("#logout")), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	if code := s.do(http.MethodGet, "/api/v1/admin/analytics", boss.Token, "", nil, nil); code != 200 {
		t.Errorf("the admin agent's other session no longer opens the admin API: %d", code)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("page errors: %v", e)
	}
}
