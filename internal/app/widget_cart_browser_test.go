package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

// TestWidget_PickerOffersOnlyInStockSizesAndCartCardEdits drives the
// product card's variant picker and the cart card in headless Chromium
// against the demo shop: after choosing black, only the black sizes in
// stock can be pressed; "Add to cart" adds exactly the chosen variant; the
// cart card's + and − change the line's quantity; the discount field
// applies WELCOME10 and the totals follow.
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep PNGs at desktop and
// phone width (docs/screenshots/ holds the ones the README shows).
func TestWidget_PickerOffersOnlyInStockSizesAndCartCardEdits(t *testing.T) {
	needChromium(t)
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	wait := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))
	}
	idle := `document.querySelector('.skw-typing').hidden`
	const card = `[...document.querySelectorAll('.skw-msg.type-products .skw-card')].reverse().find(c => c.querySelector('.skw-card-title').textContent.includes('Aurora Trail Runner'))`

	browserStep(t, ctx, "ask for the shoe",
		chromedp.Navigate(srv.URL+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
		chromedp.SendKeys(chromedp.CSS(".skw-input"), "do you have the Aurora Trail Runner?"),
		chromedp.Click(chromedp.CSS(".skw-send")),
		wait(`!!(`+card+`) && `+idle),
	)
	if browserEval[bool](t, ctx, `(`+card+`).querySelector('.skw-add').disabled === false`) {
		t.Error("Add to cart can be pressed before a colour and size are chosen")
	}

	// The facts the server sent: which black sizes are in stock.
	want := browserAwait[[]string](t, ctx, `(async () => {
		const conv = JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]);
		const res = await fetch('/api/v1/conversations/' + conv.id + '/messages?after=0', { headers: { Authorization: 'Bearer ' + conv.token } });
		const item = (await res.json()).messages.filter(m => m.type === 'products').flatMap(m => m.items).reverse().find(i => i.title.includes('Aurora Trail Runner'));
		return item.variants.filter(v => v.in_stock && v.options.Color === 'Black').map(v => v.options.Size);
	})()`)
	soldOut := browserAwait[[]string](t, ctx, `(async () => {
		const conv = JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]);
		const res = await fetch('/api/v1/conversations/' + conv.id + '/messages?after=0', { headers: { Authorization: 'Bearer ' + conv.token } });
		const item = (await res.json()).messages.filter(m => m.type === 'products').flatMap(m => m.items).reverse().find(i => i.title.includes('Aurora Trail Runner'));
		return item.variants.filter(v => !v.in_stock && v.options.Color === 'Black').map(v => v.options.Size);
	})()`)
	if len(want) == 0 || len(soldOut) == 0 {
		t.Fatalf("the demo shop's black Aurora should have sizes in and out of stock; in %v, out %v", want, soldOut)
	}

	browserStep(t, ctx, "choose black",
		chromedp.Evaluate[chromedp.Void](`(`+card+`).querySelector('button.skw-chip[data-option="Color"][data-value="Black"]').click()`),
	)
	if !browserEval[bool](t, ctx, `(`+card+`).querySelector('button.skw-chip[data-value="Black"]').getAttribute('aria-pressed') === 'true'`) {
		t.Error("the black chip is not pressed after tapping it")
	}
	tappable := browserEval[[]string](t, ctx, `[...(`+card+`).querySelectorAll('button.skw-chip[data-option="Size"]')].filter(b => !b.disabled).map(b => b.dataset.value)`)
	slices.Sort(want)
	slices.Sort(tappable)
	if !slices.Equal(tappable, want) {
		t.Errorf("after choosing black the tappable sizes are %v, want the black sizes in stock %v", tappable, want)
	}
	for _, size := range soldOut {
		sel := `(` + card + `).querySelector('button.skw-chip[data-option="Size"][data-value="` + size + `"]')`
		if !browserEval[bool](t, ctx, sel+`.disabled && `+sel+`.classList.contains('is-out') && `+sel+`.textContent.includes('Sold out')`) {
			t.Errorf("black %s is sold out but its chip is not shown sold out and untappable", size)
		}
	}

	browserStep(t, ctx, "show the picker", chromedp.Evaluate[chromedp.Void](`(`+card+`).scrollIntoView({block: 'end'})`))
	shootWidget(t, ctx, "picker")

	// Choose a size in stock and add: the cart holds that variant.
	// The size with the most stock, so + can be pressed twice.
	size := browserAwait[string](t, ctx, `(async () => {
		const conv = JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]);
		const res = await fetch('/api/v1/conversations/' + conv.id + '/messages?after=0', { headers: { Authorization: 'Bearer ' + conv.token } });
		const item = (await res.json()).messages.filter(m => m.type === 'products').flatMap(m => m.items).reverse().find(i => i.title.includes('Aurora Trail Runner'));
		return item.variants.filter(v => v.in_stock && v.options.Color === 'Black').sort((a, b) => b.stock - a.stock)[0].options.Size;
	})()`)
	browserStep(t, ctx, "choose size "+size+" and add",
		chromedp.Evaluate[chromedp.Void](`(`+card+`).querySelector('button.skw-chip[data-option="Size"][data-value="`+size+`"]').click()`),
		wait(`!(`+card+`).querySelector('.skw-add').disabled`),
		chromedp.Evaluate[chromedp.Void](`(`+card+`).querySelector('.skw-add').click()`),
		wait(`!!document.querySelector('.skw-cart .skw-cart-line') && `+idle),
	)
	cartSKUs := `(async () => {
		const conv = JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]);
		const res = await fetch('/api/v1/conversations/' + conv.id, { headers: { Authorization: 'Bearer ' + conv.token } });
		const c = (await res.json()).cart || {};
		return (c.items || []).map(i => i.sku + '=' + i.quantity).concat(c.coupon ? ['coupon=' + c.coupon] : []);
	})()`
	got := browserAwait[[]string](t, ctx, cartSKUs)
	sku := browserEval[string](t, ctx, `document.querySelector('.skw-cart .skw-cart-line').dataset.sku`)
	if len(got) != 1 || !strings.HasSuffix(got[0], "=1") || !strings.Contains(got[0], size) || !strings.Contains(strings.ToUpper(got[0]), "BLK") {
		t.Fatalf("after adding black %s the cart holds %v", size, got)
	}
	qty := `Number(document.querySelector('.skw-cart .skw-cart-line[data-sku="` + sku + `"] .skw-qty').textContent)`

	// + and − on the cart card.
	browserStep(t, ctx, "plus",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('.skw-cart .skw-more').click()`),
		wait(qty+` === 2 && `+idle),
	)
	t.Cleanup(func() {
		if t.Failed() {
			v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.skw-msg')].slice(-8).map(n => n.className + ': ' + n.textContent).join('\n')`))
			t.Logf("the chat ends:\n%s", v)
		}
	})
	browserStep(t, ctx, "plus again",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('.skw-cart .skw-more').click()`),
		wait(qty+` === 3 && `+idle),
	)
	browserStep(t, ctx, "minus",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('.skw-cart .skw-less').click()`),
		wait(qty+` === 2 && `+idle),
	)
	if got := browserAwait[[]string](t, ctx, cartSKUs); !slices.Equal(got, []string{sku + "=2"}) {
		t.Errorf("after +, + and − the cart holds %v, want %s=2", got, sku)
	}

	// The discount field.
	subtotal := browserEval[string](t, ctx, `document.querySelector('.skw-cart .skw-subtotal').textContent`)
	browserStep(t, ctx, "discount code",
		chromedp.SendKeys(chromedp.CSS(".skw-cart .skw-code-input"), "WELCOME10"),
		chromedp.Click(chromedp.CSS(".skw-cart .skw-code-btn")),
		wait(`!!document.querySelector('.skw-cart .skw-discount') && `+idle),
	)
	if got := browserAwait[[]string](t, ctx, cartSKUs); !slices.Contains(got, "coupon=WELCOME10") {
		t.Errorf("after entering WELCOME10 the cart is %v", got)
	}
	total := browserEval[string](t, ctx, `document.querySelector('.skw-cart .skw-total').textContent`)
	if total == subtotal || !strings.ContainsAny(total, "0123456789") {
		t.Errorf("with WELCOME10 the total reads %q and the subtotal %q", total, subtotal)
	}
	if n := browserEval[int](t, ctx, `document.querySelectorAll('.skw-cart').length`); n != 1 {
		t.Errorf("%d cart cards in the chat, want the one live card", n)
	}

	shootWidget(t, ctx, "desktop")
	browserStep(t, ctx, "phone width",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('.skw-cart').scrollIntoView({block: 'center'})`),
		chromedp.Sleep(300*time.Millisecond),
	)
	shootWidget(t, ctx, "phone")

	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}

// shootWidget keeps a PNG named widget-<name>.png when
// SHOPKEEPER_SCREENSHOTS names a directory.
func shootWidget(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SHOPKEEPER_SCREENSHOTS")
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

// browserAwait evaluates an expression whose value is a promise.
func browserAwait[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// TestWidget_HelpPageAsksInTheChat opens the help page in Dutch: the
// widget is there, and its "ask in the chat" line opens a chat that greets
// in Dutch.
func TestWidget_HelpPageAsksInTheChat(t *testing.T) {
	needChromium(t)
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	browserStep(t, ctx, "help page",
		chromedp.Navigate(srv.URL+"/help?lang=nl"),
		chromedp.WaitReady(chromedp.CSS(".skw-launcher")),
	)
	if !browserEval[bool](t, ctx, `document.querySelector('.skw-panel').hidden`) {
		t.Error("the chat opened on its own on the help page")
	}
	browserStep(t, ctx, "ask in the chat",
		chromedp.Click(chromedp.CSS("[data-shopkeeper-open]")),
		chromedp.WaitVisible(chromedp.CSS(".skw-panel")),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
	)
	if l := browserEval[string](t, ctx, `document.querySelector('.skw').lang`); l != "nl" {
		t.Errorf("the chat on the Dutch help page speaks %q", l)
	}
	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}

// TestWidget_StorefrontCardAddsTheChosenVariant: on the storefront's grid,
// a card offers only the chosen colour's sizes in stock, and its "Add to
// cart" puts exactly that variant in the chat's cart.
func TestWidget_StorefrontCardAddsTheChosenVariant(t *testing.T) {
	needChromium(t)
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	const card = `document.querySelector('#grid .card[data-handle="aurora-trail-runner"]')`
	browserStep(t, ctx, "storefront",
		chromedp.Navigate(srv.URL+"/?lang=en&q=aurora%20trail%20runner"),
		chromedp.Poll[chromedp.Void](`!!`+card, chromedp.WithPollingTimeout(15*time.Second)),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
	)
	want := browserAwait[[]string](t, ctx, `fetch('/api/v1/catalog/products?q=aurora%20trail%20runner').then(r => r.json()).then(d => d.products.find(p => p.handle === 'aurora-trail-runner').variants.filter(v => v.in_stock && v.options.Color === 'Black').map(v => v.options.Size))`)
	browserStep(t, ctx, "choose black",
		chromedp.Evaluate[chromedp.Void](card+`.querySelector('button.chip[data-option="Color"][data-value="Black"]').click()`),
	)
	got := browserEval[[]string](t, ctx, `[...`+card+`.querySelectorAll('button.chip[data-option="Size"]')].filter(b => !b.disabled).map(b => b.dataset.value)`)
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("after choosing black the storefront card offers sizes %v, want %v", got, want)
	}
	browserStep(t, ctx, "choose a size and add",
		chromedp.Evaluate[chromedp.Void](card+`.querySelector('button.chip[data-option="Size"][data-value="`+want[0]+`"]').click()`),
		chromedp.Evaluate[chromedp.Void](card+`.querySelector('.add').click()`),
		chromedp.Poll[chromedp.Void](`!!document.querySelector('.skw-cart .skw-cart-line') && document.querySelector('.skw-typing').hidden`, chromedp.WithPollingTimeout(15*time.Second)),
	)
	line := browserEval[string](t, ctx, `document.querySelector('.skw-cart .skw-cart-line').dataset.sku`)
	if !strings.Contains(line, want[0]) || !strings.Contains(line, "BLK") {
		t.Errorf("the storefront's Add to cart put %s in the cart, want black %s", line, want[0])
	}
	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}

// TestWidget_CardsFollowTheConversationLanguage: a chat that starts in
// English and turns Dutch with the shopper's question shows that reply's
// cards with Dutch labels, not the English ones they were first drawn with.
func TestWidget_CardsFollowTheConversationLanguage(t *testing.T) {
	needChromium(t)
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	browserStep(t, ctx, "a Dutch question in an English chat",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
		chromedp.SendKeys(chromedp.CSS(".skw-input"), "heeft u hardloopschoenen in maat 42?"),
		chromedp.Click(chromedp.CSS(".skw-send")),
		chromedp.Poll[chromedp.Void](`document.querySelector('.skw').lang === 'nl' && !!document.querySelector('.skw-card')`, chromedp.WithPollingTimeout(15*time.Second)),
	)
	browserStep(t, ctx, "cards relabelled",
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('.skw-card')].every(c => c.dataset.lang === 'nl')`, chromedp.WithPollingTimeout(5*time.Second)),
	)
	if got := browserEval[string](t, ctx, `document.querySelector('.skw-card .skw-add').textContent`); got != "In winkelwagen" {
		t.Errorf("the card's button reads %q in a Dutch chat", got)
	}
	for _, e := range errs() {
		t.Errorf("uncaught script error: %s", e)
	}
}
