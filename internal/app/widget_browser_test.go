package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

const chromiumPath = "/usr/bin/chromium"

// TestWidget_ChatShowsProductsAndSurvivesReload drives the storefront's chat
// widget in headless Chromium against the real demo shop: greeting, a
// product question answered with cards, a quick reply, and a reload that
// restores the conversation instead of starting over.
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep PNGs of each step.
func TestWidget_ChatShowsProductsAndSurvivesReload(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no Chromium at %s; install it (apt-get install chromium) or set CI=true to make this a failure", chromiumPath)
		}
		t.Fatalf("CI needs Chromium at %s: %v", chromiumPath, err)
	}

	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	// ?lang=en keeps the test independent of the machine's locale.
	page := srv.URL + "/?lang=en"
	shots := widgetScreenshots(t, ctx)

	// The widget opens on a desktop-sized window and greets.
	browserStep(t, ctx, "greeting",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(".skw-panel")),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
	)
	greeting := browserEval[string](t, ctx, `document.querySelector('.skw-log .skw-msg.from-bot .skw-bubble').textContent`)
	if strings.TrimSpace(greeting) == "" {
		t.Fatal("the greeting is empty")
	}
	convID := browserEval[string](t, ctx, `JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]).id`)
	shots("greeting")

	// A product question is answered with product cards.
	browserStep(t, ctx, "ask for running shoes",
		chromedp.SendKeys(chromedp.CSS(".skw-input"), "do you have running shoes?"),
		chromedp.Click(chromedp.CSS(".skw-send")),
		chromedp.WaitVisible(chromedp.CSS(".skw-msg.type-products .skw-card")),
	)
	cards := browserEval[int](t, ctx, `document.querySelectorAll('.skw-msg.type-products .skw-card').length`)
	if cards == 0 {
		t.Fatal("no product cards")
	}
	price := browserEval[string](t, ctx, `document.querySelector('.skw-card .skw-now').textContent`)
	if !strings.ContainsAny(price, "0123456789") {
		t.Errorf("the first card's price reads %q", price)
	}
	chips := browserEval[int](t, ctx, `document.querySelectorAll('.skw-card .skw-chip').length`)
	if chips == 0 {
		t.Error("the cards show no variant availability chips")
	}
	shots("products")

	// A quick reply, when the bot offers one, gets an answer too.
	if browserEval[int](t, ctx, `document.querySelectorAll('.skw-option:not(:disabled)').length`) > 0 {
		before := browserEval[int](t, ctx, `document.querySelectorAll('.skw-log .skw-msg:not(.from-shopper)').length`)
		title := browserEval[string](t, ctx, `document.querySelector('.skw-option:not(:disabled)').textContent`)
		browserStep(t, ctx, "quick reply "+title,
			chromedp.Click(chromedp.CSS(".skw-option:not(:disabled)")),
			chromedp.Poll[chromedp.Void](`document.querySelectorAll('.skw-log .skw-msg:not(.from-shopper)').length > `+strconv.Itoa(before)+
				` && document.querySelector('.skw-typing').hidden`, chromedp.WithPollingTimeout(10*time.Second)),
		)
		if got := browserEval[string](t, ctx, `[...document.querySelectorAll('.skw-msg.from-shopper')].pop().textContent`); !strings.Contains(got, title) {
			t.Errorf("the tapped reply shows as %q, want %q", got, title)
		}
		shots("quick-reply")
	}

	// A reload restores the same conversation, message for message.
	transcript := `[...document.querySelectorAll('.skw-log .skw-msg')].map(n => n.className.split(' ').filter(c => c.startsWith('from-') || c.startsWith('type-')).join(' ') + '|' + n.querySelector('.skw-bubble, .skw-card-title')?.textContent)`
	before := browserEval[[]string](t, ctx, transcript)
	browserStep(t, ctx, "reload",
		chromedp.Reload(),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('.skw-log .skw-msg').length >= `+strconv.Itoa(len(before)), chromedp.WithPollingTimeout(10*time.Second)),
	)
	after := browserEval[[]string](t, ctx, transcript)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("after a reload the chat reads\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	if id := browserEval[string](t, ctx, `JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]).id`); id != convID {
		t.Errorf("the reload started conversation %s, want %s resumed", id, convID)
	}
	if browserEval[bool](t, ctx, `!document.querySelector('.skw-notice').hidden`) {
		t.Errorf("a notice shows after the reload: %q", browserEval[string](t, ctx, `document.querySelector('.skw-notice').textContent`))
	}
	shots("reloaded")

	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}

// pageErrors collects the page's uncaught exceptions from now on.
func pageErrors(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var errs []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok && e.ExceptionDetails != nil {
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			mu.Lock()
			errs = append(errs, msg)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen for script errors: %v", err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}
}

// widgetBrowser starts headless Chromium for the test and returns a tab's context
// with a deadline for the steps.
func widgetBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	// The first Run starts the browser, which lives as long as the context
	// of that call: it gets no deadline, the steps after it do.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func browserStep(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func browserEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func widgetScreenshots(t *testing.T, ctx context.Context) func(name string) {
	dir := os.Getenv("SHOPKEEPER_SCREENSHOTS")
	return func(name string) {
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Logf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(dir, "widget-"+name+".png"), png, 0o644); err != nil {
			t.Logf("screenshot %s: %v", name, err)
		}
	}
}
