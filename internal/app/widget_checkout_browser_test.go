package app_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

// TestWidget_BuysAndPaysInTheChat is the demo shop's whole sale in a real
// browser: a question with a size and colour, "Add to cart", "Check out",
// e-mail and address typed as the bot asks, a delivery option tapped, the
// payment link opened and paid on the test gateway's page, and the
// confirmation arriving back in the widget.
func TestWidget_BuysAndPaysInTheChat(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no Chromium at %s", chromiumPath)
		}
		t.Fatalf("CI needs Chromium at %s: %v", chromiumPath, err)
	}
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	page := srv.URL + "/?lang=en"
	botCount := `document.querySelectorAll('.skw-log .skw-msg:not(.from-shopper)').length`
	idle := `document.querySelector('.skw-typing').hidden`
	say := func(step, text string) {
		before := browserEval[int](t, ctx, botCount)
		browserStep(t, ctx, step,
			chromedp.SendKeys(chromedp.CSS(".skw-input"), text),
			chromedp.Click(chromedp.CSS(".skw-send")),
			chromedp.Poll[chromedp.Void](botCount+` > `+strconv.Itoa(before)+` && `+idle, chromedp.WithPollingTimeout(15*time.Second)),
		)
	}
	tap := func(step, title string) {
		before := browserEval[int](t, ctx, botCount)
		find := `[...document.querySelectorAll('.skw-option:not(:disabled)')].reverse().find(b => b.textContent.includes(` + jsString(title) + `))`
		browserStep(t, ctx, step,
			chromedp.Poll[chromedp.Void](`!!`+find, chromedp.WithPollingTimeout(10*time.Second)),
			chromedp.Evaluate[chromedp.Void](find+`.click()`),
			chromedp.Poll[chromedp.Void](botCount+` > `+strconv.Itoa(before)+` && `+idle, chromedp.WithPollingTimeout(15*time.Second)),
		)
	}
	lastBot := `[...document.querySelectorAll('.skw-log .skw-msg:not(.from-shopper)')].pop().textContent`

	browserStep(t, ctx, "greeting",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
	)
	say("ask for a size and colour", "do you have the Aurora Trail Runner in size 43 in black?")
	tap("add to cart", "Add to cart")
	tap("check out", "Check out")
	if typ := browserEval[string](t, ctx, `document.querySelector('.skw-input').type`); typ != "email" {
		t.Errorf("asked for an e-mail address, the input is type %q", typ)
	}
	say("e-mail", "web.shopper@example.com")
	say("address", "Web Shopper, Keizersgracht 12, 1015 CS Amsterdam, NL")
	tap("delivery option", "Standard delivery")
	href := browserEval[string](t, ctx, `(document.querySelector('a.skw-link-btn.purpose-payment') || {}).href || ''`)
	if !strings.Contains(href, "/pay/") {
		t.Fatalf("no payment link; the bot last said %q", browserEval[string](t, ctx, lastBot))
	}
	browserStep(t, ctx, "pay on the test gateway's page",
		chromedp.Navigate(href),
		chromedp.Click(chromedp.CSS("#pay")),
		chromedp.WaitVisible(chromedp.CSS("#result")),
	)
	if got := browserEval[string](t, ctx, `document.querySelector('#result').textContent`); !strings.Contains(got, "paid") {
		t.Errorf("payment page says %q", got)
	}
	browserStep(t, ctx, "back to the chat",
		chromedp.Navigate(page),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('.skw-log .skw-msg')].some(n => n.textContent.includes('is paid'))`,
			chromedp.WithPollingTimeout(15*time.Second)),
	)
	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `\'`) + "'"
}
