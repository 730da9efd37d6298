package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestConsole_AgentAnswersAShopperLive drives the agent console and the
// storefront's widget side by side in headless Chromium: a shopper asks for
// a person, the conversation appears queued in the console, the agent takes
// it and replies, the shopper sees the reply under the agent's name, the
// agent resolves and the widget shows the bot's satisfaction question.
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep PNGs of each step.
func TestConsole_AgentAnswersAShopperLive(t *testing.T) {
	needChromium(t)
	srv := consoleServer(t, filepath.Join(t.TempDir(), "s.db"))
	consoleFlow(t, srv.URL, srv.URL)
}

// TestConsole_AgentOnAnotherInstance runs the same flow with the shopper on
// one instance and the agent on another, sharing one PostgreSQL database:
// every live event crosses between them by LISTEN/NOTIFY.
func TestConsole_AgentOnAnotherInstance(t *testing.T) {
	needChromium(t)
	dsn := storetest.PostgresDSN(t)
	shopperSide := consoleServer(t, dsn)
	agentSide := consoleServer(t, dsn)
	consoleFlow(t, shopperSide.URL, agentSide.URL)
}

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no Chromium at %s; install it (apt-get install chromium) or set CI=true to make this a failure", chromiumPath)
		}
		t.Fatalf("CI needs Chromium at %s: %v", chromiumPath, err)
	}
}

// consoleServer starts the demo shop on db.
func consoleServer(t *testing.T, db string) *httptest.Server {
	t.Helper()
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey = db, true, adminKey
	_, srv := serveApp(t, cfg)
	return srv
}

// consoleFlow is the whole story, with the shopper's widget served from
// shopperURL and the agent's console from agentURL.
func consoleFlow(t *testing.T, shopperURL, agentURL string) {
	const email, password = "ana.console@example.com", "a long enough password 42"
	createAgent(t, agentURL, adminKey, map[string]any{"email": email, "name": "Ana", "password": password,
		"role": "agent", "languages": []string{"en"}, "capacity": 3})

	agent, shopper := consoleBrowser(t)
	agentErrs, shopperErrs := pageErrors(t, agent), pageErrors(t, shopper)
	agentShot, shopperShot := consoleScreenshots(t, agent, "console"), consoleScreenshots(t, shopper, "widget")
	wait := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
	}

	// The agent signs in; the console connects its live channel.
	browserStep(t, agent, "agent signs in",
		chromedp.Navigate(agentURL+"/console/"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#app")),
		wait(`document.querySelector('#live-state').dataset.state === 'live'`),
	)
	if me := browserEval[string](t, agent, `document.querySelector('#me').textContent`); !strings.Contains(me, "Ana") {
		t.Errorf("the console greets %q, want Ana", me)
	}
	agentShot("signed-in")

	// The shopper asks the widget for a person.
	browserStep(t, shopper, "shopper asks for a person",
		chromedp.Navigate(shopperURL+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
		chromedp.SendKeys(chromedp.CSS(".skw-input"), "I want to talk to a real person please"),
		chromedp.Click(chromedp.CSS(".skw-send")),
		wait(`['queued', 'agent'].includes(document.querySelector('.skw').dataset.status)`),
	)
	convID := browserEval[string](t, shopper, `JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]).id`)
	shopperShot("queued")

	// It appears in the console's queue without a reload, and the agent takes it.
	item := `#list .item[data-id="` + convID + `"]`
	browserStep(t, agent, "the conversation shows up queued",
		wait(`!!document.querySelector('`+item+`')`),
		chromedp.Click(chromedp.CSS(item+" button")),
		chromedp.WaitVisible(chromedp.CSS("#conv")),
		wait(`document.querySelector('#summary').textContent.trim().length > 0`),
	)
	if s := browserEval[string](t, agent, `document.querySelector('#summary').textContent`); strings.TrimSpace(s) == "" || s == "No summary." {
		t.Errorf("the console shows no hand-off summary: %q", s)
	}
	if n := browserEval[int](t, agent, `document.querySelectorAll('#transcript .msg.from-shopper').length`); n == 0 {
		t.Error("the transcript shows none of the shopper's messages")
	}
	agentShot("queued")
	browserStep(t, agent, "agent takes the conversation",
		chromedp.Click(chromedp.CSS("#take")),
		wait(`!document.querySelector('#reply-text').disabled`),
	)

	// A colleague opens the same conversation: the console says so.
	createAgent(t, agentURL, adminKey, map[string]any{"email": "bo.console@example.com", "name": "Bo", "password": password,
		"role": "agent", "languages": []string{"en"}, "capacity": 3})
	bo := agentSocket(t, agentURL, "bo.console@example.com", password)
	if err := wsjson.Write(t.Context(), bo, map[string]string{"type": "viewing", "conversation_id": convID}); err != nil {
		t.Fatal(err)
	}
	browserStep(t, agent, "agent sees a colleague viewing",
		wait(`document.querySelector('#conv-viewers').textContent.includes('Bo')`),
	)

	// Canned responses in the conversation's language fill the reply box.
	browserStep(t, agent, "canned responses",
		wait(`document.querySelectorAll('#canned option').length > 1`),
	)
	canned := browserEval[string](t, agent, `(() => { const s = document.querySelector('#canned'); s.value = '0'; s.dispatchEvent(new Event('change')); const v = document.querySelector('#reply-text').value; document.querySelector('#reply-text').value = ''; return v; })()`)
	if strings.TrimSpace(canned) == "" {
		t.Error("choosing a canned response left the reply box empty")
	}

	// The agent types: the shopper sees who is typing. Then the reply
	// arrives in the widget under the agent's name.
	const reply = "Hi, this is Ana from the shop. How can I help?"
	browserStep(t, agent, "agent types", chromedp.SendKeys(chromedp.CSS("#reply-text"), reply))
	browserStep(t, shopper, "shopper sees the agent typing",
		wait(`!document.querySelector('.skw-typing').hidden && document.querySelector('.skw-typing-who').textContent.includes('Ana')`),
	)
	shopperShot("agent-typing")
	browserStep(t, agent, "agent sends",
		chromedp.Click(chromedp.CSS("#send")),
		wait(`[...document.querySelectorAll('#transcript .msg.from-agent[data-seq] .delivery')].some(d => d.textContent === 'sent' || d.textContent === 'delivered')`),
	)
	browserStep(t, shopper, "shopper sees the reply",
		wait(`[...document.querySelectorAll('.skw-msg.from-agent')].some(n => n.textContent.includes(`+jsString(reply)+`))`),
		wait(`document.querySelector('.skw-status').textContent.includes('Ana')`),
	)
	if who := browserEval[string](t, shopper, `document.querySelector('.skw-msg.from-agent .skw-who').textContent`); !strings.Contains(who, "Ana") {
		t.Errorf("the reply is signed %q, want Ana", who)
	}
	shopperShot("agent-reply")
	// The widget's receipt turns the console's "sent" into "delivered".
	browserStep(t, agent, "delivery state",
		wait(`[...document.querySelectorAll('#transcript .msg.from-agent .delivery')].some(d => d.textContent === 'delivered')`),
	)

	// The shopper types; the agent sees it.
	browserStep(t, shopper, "shopper types", chromedp.SendKeys(chromedp.CSS(".skw-input"), "thanks"))
	browserStep(t, agent, "agent sees the shopper typing",
		wait(`document.querySelector('#typing').textContent.includes('typing')`),
	)
	browserStep(t, shopper, "shopper sends", chromedp.Click(chromedp.CSS(".skw-send")))
	browserStep(t, agent, "agent gets the message live",
		wait(`[...document.querySelectorAll('#transcript .msg.from-shopper')].some(n => n.textContent.includes('thanks'))`),
	)
	// An internal note shows in the console and never in the widget.
	browserStep(t, agent, "agent adds a note",
		chromedp.SendKeys(chromedp.CSS("#note-text"), "Asked about sizes; follow up tomorrow"),
		chromedp.Click(chromedp.CSS("#note-form button")),
		wait(`[...document.querySelectorAll('#notes li')].some(n => n.textContent.includes('follow up tomorrow'))`),
	)
	agentShot("conversation")

	// The agent finds a product in the catalogue and sends it as a card;
	// the shopper's widget shows the card from the agent.
	browserStep(t, agent, "agent searches the catalogue",
		chromedp.SendKeys(chromedp.CSS("#product-search-q"), "a"),
		chromedp.Click(chromedp.CSS("#product-search-form button")),
		wait(`document.querySelector('#product-results li button') !== null`),
		chromedp.Click(chromedp.CSS("#product-results li button")),
		wait(`document.querySelector('#cart-result').textContent.includes('card sent')`),
	)
	browserStep(t, shopper, "shopper sees the agent's card",
		wait(`document.querySelector('.skw-msg.from-agent.type-products .skw-card') !== null`),
	)

	// The agent resolves; the bot comes back and asks how it went.
	browserStep(t, agent, "agent resolves",
		chromedp.Click(chromedp.CSS("#resolve")),
		wait(`!['queued', 'agent'].includes(document.querySelector('#conv-meta').textContent.split(' · ')[0])`),
	)
	browserStep(t, shopper, "widget asks for a rating",
		wait(`[...document.querySelectorAll('.skw-msg.from-bot')].some(n => (n.dataset.input || '').includes('rating'))`),
	)
	shopperShot("csat")
	if browserEval[bool](t, shopper, `document.querySelector('.skw-log').textContent.includes('follow up tomorrow')`) {
		t.Error("the shopper can read the agents' internal note")
	}
	if n := browserEval[int](t, shopper, `[...document.querySelectorAll('.skw-msg.from-bot')].filter(n => (n.dataset.input || '').includes('rating')).length`); n != 1 {
		t.Errorf("the widget shows %d rating questions, want 1", n)
	}

	for _, e := range append(agentErrs(), shopperErrs()...) {
		t.Errorf("uncaught script error: %s", e)
	}
}

// consoleBrowser starts headless Chromium (as widgetBrowser does) with two
// tabs in separate browser contexts, so the agent's cookie and the shopper's
// storage stay apart like two people's browsers.
func consoleBrowser(t *testing.T) (agent, shopper context.Context) {
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
		// Both tabs are "in the background" of a headless window; their
		// timers and sockets must run at full speed all the same.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	// The first Run starts the browser, which lives as long as the context
	// of that call: it gets no deadline, the steps after it do.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	tab := func() context.Context {
		tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(tab); err != nil {
			t.Fatalf("open a tab: %v", err)
		}
		ctx, cancelSteps := context.WithTimeout(tab, 90*time.Second)
		t.Cleanup(cancelSteps)
		return ctx
	}
	return tab(), tab()
}

func consoleScreenshots(t *testing.T, ctx context.Context, prefix string) func(name string) {
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
		if err := os.WriteFile(filepath.Join(dir, prefix+"-"+name+".png"), png, 0o644); err != nil {
			t.Logf("screenshot %s: %v", name, err)
		}
	}
}

// agentSocket signs an agent in over HTTP and opens their live connection,
// as a colleague's console would.
func agentSocket(t *testing.T, base, email, password string) *websocket.Conn {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := http.Post(base+"/api/v1/agent/login", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var login struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&login); err != nil || login.Token == "" {
		t.Fatalf("log in %s: %d %v", email, res.StatusCode, err)
	}
	c, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(base, "http")+"/api/v1/agent/ws?token="+login.Token, nil)
	if err != nil {
		t.Fatalf("live connection of %s: %v", email, err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// createAgent adds a team member through the admin API.
func createAgent(t *testing.T, base, adminKey string, body map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/admin/agents", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+adminKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		var e bytes.Buffer
		e.ReadFrom(res.Body)
		t.Fatalf("create agent: %d %s", res.StatusCode, e.String())
	}
}
