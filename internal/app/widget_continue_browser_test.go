package app_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// TestWidget_ContinueOnWhatsAppCarriesTheChat: with WhatsApp configured,
// the widget's phone button shows a wa.me link in the shopper's language
// whose text carries a single-use code; the shopper who sends it from
// WhatsApp continues the same conversation there.
func TestWidget_ContinueOnWhatsAppCarriesTheChat(t *testing.T) {
	needChromium(t)
	wa := whatsapptest.New(t, config.WhatsApp{})
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = filepath.Join(t.TempDir(), "s.db"), true, adminKey
	cfg.Channels.WhatsApp = wa.Config()
	_, srv := serveApp(t, cfg)

	ctx := widgetBrowser(t)
	errs := pageErrors(t, ctx)
	browserStep(t, ctx, "open the chat",
		chromedp.Navigate(srv.URL+"/?lang=nl"),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
		chromedp.WaitVisible(chromedp.CSS(".skw-head button[aria-label='Verder op je telefoon']")),
		chromedp.Click(chromedp.CSS(".skw-head button[aria-label='Verder op je telefoon']")),
		chromedp.WaitVisible(chromedp.CSS(".skw-move-on-link")),
	)
	href := browserEval[string](t, ctx, `document.querySelector('.skw-move-on-link').href`)
	label := browserEval[string](t, ctx, `document.querySelector('.skw-move-on-link').textContent`)
	if !strings.HasPrefix(href, "https://wa.me/"+wa.Config().DisplayNumber+"?text=") || label != "Verder via WhatsApp" {
		t.Fatalf("link %q labelled %q", href, label)
	}
	convID := browserEval[string](t, ctx, `JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]).id`)
	text := browserEval[string](t, ctx, `new URL(document.querySelector('.skw-move-on-link').href).searchParams.get('text')`)

	// The shopper sends the prefilled text from WhatsApp.
	resp, err := wa.Webhooks().Text(whatsapptest.From{WaID: "31655500011", Name: "Lies"}, text).Post(srv.Client(), srv.URL+"/webhooks/whatsapp")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("webhook: %v %v", resp, err)
	}
	resp.Body.Close()
	until(t, "the welcome back on WhatsApp", func() bool {
		for _, m := range wa.Sent() {
			if m["to"] == "31655500011" && strings.Contains(waTexts([]map[string]any{m}), "Welkom terug") {
				return true
			}
		}
		return false
	})
	s := &shop{t: t, url: srv.URL}
	v := s.adminView(convID)
	if v.ID != convID {
		t.Fatalf("conversation %+v", v)
	}
	var detail struct{ Channel string }
	s.json("GET", "/api/v1/admin/conversations/"+convID, adminKey, nil, &detail)
	if detail.Channel != "whatsapp" {
		t.Fatalf("the web chat continues on %q, want whatsapp", detail.Channel)
	}
	if e := errs(); len(e) > 0 {
		t.Fatalf("page errors: %v", e)
	}
}
