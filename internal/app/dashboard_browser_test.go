package app_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestDashboard_ShowsTheFiguresAndFilters opens /admin/ in headless
// Chromium after two shoppers (one buys, one only says hello in Dutch): the
// key is typed once, the cards show the same figures as the API, the chart
// has a bar per day, the language filter changes the figures. (Signing in
// as an admin agent is admin_browser_test.go; the key stays a way in.)
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep PNGs of each step.
func TestDashboard_ShowsTheFiguresAndFilters(t *testing.T) {
	needChromium(t)
	s := newShop(t, storetest.SQLiteDSN(t), true)
	sku := inStockSKU(t, s)
	a, aTok := s.startChat("en")
	s.buy(t, a, aTok, sku, "dash@example.com", "succeeded")
	b, bTok := s.startChat("nl")
	s.say(b, bTok, "hallo")

	tab, _ := consoleBrowser(t)
	errs := pageErrors(t, tab)
	shot := consoleScreenshots(t, tab, "admin-key")
	wait := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
	}
	card := func(label string) string {
		return browserEval[string](t, tab, `[...document.querySelectorAll('#cards .card')].find(c => c.querySelector('.label').textContent === '`+label+`').querySelector('.value').textContent`)
	}
	browserStep(t, tab, "open with the key",
		chromedp.Navigate(s.url+"/admin/"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.Click(chromedp.CSS("#key-box summary")),
		chromedp.SendKeys(chromedp.CSS("#login-key"), adminKey),
		chromedp.Click(chromedp.CSS("#key-open")),
		chromedp.WaitVisible(chromedp.CSS("#app")),
		wait(`document.querySelectorAll('#cards .card').length > 0`),
	)
	if visible := browserEval[bool](t, tab, `getComputedStyle(document.querySelector('#login')).display !== 'none'`); visible {
		t.Error("the key form is still shown over the dashboard")
	}
	if got := card("Conversations"); got != "2" {
		t.Errorf("Conversations card = %q, want 2", got)
	}
	if got := card("Orders"); got != "1" {
		t.Errorf("Orders card = %q, want 1", got)
	}
	if n := browserEval[int](t, tab, `document.querySelectorAll('#chart rect.conv').length`); n != 30 {
		t.Errorf("%d day bars, want 30 (the last 30 days)", n)
	}
	shot("dashboard")

	browserStep(t, tab, "filter on Dutch",
		chromedp.SetValue(chromedp.CSS("#language"), "nl"),
		chromedp.Click(chromedp.CSS("#filters button[type=submit]")),
		wait(`[...document.querySelectorAll('#cards .card')].some(c => c.querySelector('.label').textContent === 'Orders' && c.querySelector('.value').textContent === '0')`),
	)
	if got := card("Conversations"); got != "1" {
		t.Errorf("Conversations card in Dutch = %q, want 1", got)
	}
	shot("dashboard-nl")

	// The key lives in this tab's sessionStorage; "Sign out" forgets it.
	browserStep(t, tab, "forget the key", chromedp.Click(chromedp.CSS("#logout")), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	if k := browserEval[string](t, tab, `sessionStorage.getItem('shopkeeper.adminKey') || ''`); k != "" {
		t.Errorf("the key is still stored after Forget key")
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("page errors: %v", e)
	}
}
