package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestConsole_NewChatNotifiesAndResolveLeavesNoSelfLock drives the console
// beside two shoppers' widgets in headless Chromium: a chat that arrives
// while the agent is signed in puts a counter in the tab title and a toast
// on screen; going online with a chat waiting says "assigned to you" and
// shows it under Mine; after resolving, the console never says "Only Ana
// can reply" to Ana; j and / work as shortcuts.
//
// Set SHOPKEEPER_SCREENSHOTS to a directory to keep a PNG of the console.
func TestConsole_NewChatNotifiesAndResolveLeavesNoSelfLock(t *testing.T) {
	needChromium(t)
	srv := consoleServer(t, filepath.Join(t.TempDir(), "s.db"))
	const email, password = "ana.notify@example.com", "a long enough password 42"
	createAgent(t, srv.URL, adminKey, map[string]any{"email": email, "name": "Ana", "password": password,
		"role": "agent", "languages": []string{"en"}, "capacity": 3})

	agent, shopper := consoleBrowser(t)
	agentErrs, shopperErrs := pageErrors(t, agent), pageErrors(t, shopper)
	shot := consoleScreenshots(t, agent, "console")
	wait := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
	}
	askForPerson := func(ctx context.Context, step string) string {
		browserStep(t, ctx, step,
			chromedp.Navigate(srv.URL+"/?lang=en"),
			chromedp.WaitVisible(chromedp.CSS(".skw-log .skw-msg.from-bot .skw-bubble")),
			chromedp.SendKeys(chromedp.CSS(".skw-input"), "I want to talk to a real person please"),
			chromedp.Click(chromedp.CSS(".skw-send")),
			wait(`['queued', 'agent'].includes(document.querySelector('.skw').dataset.status)`),
		)
		return browserEval[string](t, ctx, `JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('shopkeeper.chat:'))[1]).id`)
	}

	browserStep(t, agent, "agent signs in",
		chromedp.Navigate(srv.URL+"/console/"),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		// Stand-ins record what the page asks of the speaker and of the
		// desktop (permission granted, the window in the background):
		// headless Chromium has neither.
		chromedp.Evaluate[chromedp.Void](`(() => {
			window.__beeps = 0;
			window.__notes = [];
			window.AudioContext = class {
				constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
				resume() { return Promise.resolve(); }
				createOscillator() { window.__beeps++; return { frequency: {}, connect: (g) => g, start() {}, stop() {} }; }
				createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (d) => d }; }
			};
			window.Notification = class {
				constructor(title, opts) { window.__notes.push(opts.body); }
				static get permission() { return 'granted'; }
				static requestPermission() { return Promise.resolve('granted'); }
				close() {}
			};
			document.hasFocus = () => false;
		})()`),
		chromedp.SendKeys(chromedp.CSS("#login-email"), email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#app")),
		wait(`document.querySelector('#live-state').dataset.state === 'live'`),
		chromedp.Sleep(500*time.Millisecond), // the first inbox load learns what is already there
	)
	if strings.HasPrefix(browserEval[string](t, agent, `document.title`), "(") {
		t.Errorf("the title counts new chats before any arrived: %q", browserEval[string](t, agent, `document.title`))
	}

	t.Cleanup(func() {
		if t.Failed() {
			v, _ := chromedp.Run(agent, chromedp.Evaluate[string](`document.title + ' | alert: ' + document.querySelector('#alert').textContent + ' hidden=' + document.querySelector('#alert').hidden + ' | list: ' + document.querySelector('#list').innerHTML.slice(0, 600) + ' | hint: ' + document.querySelector('#reply-hint').textContent + ' | owner: ' + document.querySelector('#conv-owner').textContent`))
			t.Logf("the console: %s", v)
		}
	})

	// A new chat: the title counts it and a toast says so.
	first := askForPerson(shopper, "shopper asks for a person")
	browserStep(t, agent, "the console announces the new chat",
		wait(`document.title.startsWith('(1) ')`),
		wait(`!document.querySelector('#alert').hidden && document.querySelector('#alert').textContent.includes('New chat')`),
		wait(`!!document.querySelector('#list .item.is-new[data-id="`+first+`"]')`),
	)
	if n := browserEval[int](t, agent, `window.__beeps`); n == 0 {
		t.Error("no sound for the new chat")
	}
	if notes := browserEval[[]string](t, agent, `window.__notes`); len(notes) != 1 || !strings.Contains(notes[0], "New chat") {
		t.Errorf("desktop notifications for one new chat: %q", notes)
	}

	// Going online with the chat waiting: it is assigned and shown as such.
	browserStep(t, agent, "agent goes online",
		chromedp.Click(chromedp.CSS("#online")),
		wait(`document.querySelector('#tab-mine').getAttribute('aria-selected') === 'true'`),
		wait(`(document.querySelector('#list .item[data-id="`+first+`"] .item-when') || {}).textContent?.includes('Assigned to you')`),
	)
	if a := browserEval[string](t, agent, `document.querySelector('#alert').textContent`); !strings.Contains(a, "Assigned to you") {
		t.Errorf("after going online the console says %q, want it to say the chat is assigned to the agent", a)
	}

	// j opens the first conversation in the list; opening it clears the counter.
	browserStep(t, agent, "j opens the conversation",
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.KeyEvent("j"),
		chromedp.WaitVisible(chromedp.CSS("#conv")),
		wait(`document.querySelector('#conv-meta').textContent.includes('`+first+`')`),
		wait(`!document.title.startsWith('(')`),
	)
	if o := browserEval[string](t, agent, `document.querySelector('#conv-owner').textContent`); o != "Assigned to you" {
		t.Errorf("the open conversation's owner line reads %q, want \"Assigned to you\"", o)
	}
	if h := browserEval[string](t, agent, `document.querySelector('#reply-hint').textContent`); strings.Contains(h, "Only") {
		t.Errorf("the agent's own conversation says %q", h)
	}
	browserStep(t, agent, "/ focuses the search",
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.KeyEvent("/"),
		wait(`document.activeElement && document.activeElement.id === 'filter'`),
	)
	if v := browserEval[string](t, agent, `document.querySelector('#filter').value`); v != "" {
		t.Errorf("pressing / typed %q into the search", v)
	}
	browserStep(t, agent, "Escape leaves the search", chromedp.KeyEvent(kb.Escape), wait(`document.activeElement.id !== 'filter'`))
	if n := browserEval[int](t, agent, `document.querySelectorAll('#list .item').length`); n == 0 {
		t.Error("after / and Escape the inbox lists nothing")
	}
	shot("conversation")

	// Resolve: no "Only Ana can reply" to Ana.
	browserStep(t, agent, "agent resolves",
		chromedp.Click(chromedp.CSS("#resolve")),
		wait(`!['queued', 'agent'].includes(document.querySelector('#conv-meta').textContent.split(' · ')[0])`),
	)
	hint := browserEval[string](t, agent, `document.querySelector('#reply-hint').textContent`)
	owner := browserEval[string](t, agent, `document.querySelector('#conv-owner').textContent`)
	if strings.Contains(hint, "Only") || strings.Contains(hint, "Ana") || strings.Contains(owner, "Ana") {
		t.Errorf("after resolving, the console tells Ana %q / %q", hint, owner)
	}
	if !strings.Contains(owner, "Resolved") {
		t.Errorf("after resolving, the owner line reads %q, want it to say resolved", owner)
	}

	for _, e := range append(agentErrs(), shopperErrs()...) {
		t.Errorf("uncaught script error: %s", e)
	}
}
