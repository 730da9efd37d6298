package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
	"github.com/shopkeeper/shopkeeper/internal/channel/telegram/telegramtest"
	"github.com/shopkeeper/shopkeeper/internal/channel/twilio/twiliotest"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// chShop is a demo shop on Telegram, Messenger and SMS, each pointed at a
// local stand-in of its provider.
type chShop struct {
	*shop
	tg  *telegramtest.Server
	fb  *messengertest.Server
	sms *twiliotest.Server
	tw  twiliotest.Webhooks
}

const tgSecret = "tg-webhook-secret-123"

func newChShop(t *testing.T) *chShop {
	t.Helper()
	tg := telegramtest.New(t, "123456:ABC-test-token")
	fb := messengertest.New("page-token-abc", "fb-app-secret")
	t.Cleanup(fb.Close)
	sms := twiliotest.New("AC00000000000000000000000000000001", "twilio-auth-token")
	t.Cleanup(sms.Close)
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.TestGateway = storetest.SQLiteDSN(t), true, adminKey, true
	cfg.Channels.Telegram = config.Telegram{Token: tg.Token, Secret: tgSecret, APIURL: tg.URL, BotName: "demo_shop_bot"}
	cfg.Channels.Messenger = fb.Config("fb-verify")
	cfg.Channels.Twilio = config.Twilio{AccountSID: sms.AccountSID, AuthToken: sms.AuthToken, From: "+3197010000000", APIURL: sms.URL}
	s := openShop(t, cfg)
	return &chShop{shop: s, tg: tg, fb: fb, sms: sms,
		tw: twiliotest.Webhooks{AccountSID: sms.AccountSID, AuthToken: sms.AuthToken, PublicURL: s.url, To: "+3197010000000"}}
}

func (c *chShop) send(req *http.Request) (int, string) {
	c.t.Helper()
	req.RequestURI = ""
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// until polls cond for up to ten seconds.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestTelegram_StartGreetsAndATapIsAnsweredAndConfirmed(t *testing.T) {
	c := newChShop(t)
	url := c.url + "/webhooks/telegram"
	eva := telegramtest.Shopper{ID: 770011, FirstName: "Eva", LanguageCode: "nl"}
	if code, _ := c.send(telegramtest.Request(url, "wrong-secret", eva.Text(1, "/start"))); code != 401 {
		t.Fatalf("wrong secret: %d", code)
	}
	if code, _ := c.send(telegramtest.Request(url, tgSecret, eva.Text(2, "/start"))); code != 200 {
		t.Fatalf("start: %d", code)
	}
	until(t, "the greeting", func() bool { return len(c.tg.Sent()) > 0 })
	greeting := c.tg.Sent()[0]
	var data string
	for _, row := range greeting.Keyboard() {
		for _, b := range row {
			if b.CallbackData != "" && data == "" {
				data = b.CallbackData
			}
			if len(b.CallbackData) > 64 {
				t.Fatalf("callback_data of %d bytes", len(b.CallbackData))
			}
		}
	}
	if data == "" || greeting.Body["chat_id"] == nil {
		t.Fatalf("greeting without buttons: %+v", greeting.Body)
	}
	before := len(c.tg.Sent())
	c.send(telegramtest.Request(url, tgSecret, eva.Tap(3, "cbq-1", greeting.MessageID, data)))
	c.send(telegramtest.Request(url, tgSecret, eva.Tap(3, "cbq-1", greeting.MessageID, data))) // redelivered
	until(t, "the answer to the tap", func() bool { return len(c.tg.Sent()) > before && len(c.tg.Answered()) > 0 })
	time.Sleep(300 * time.Millisecond)
	if a := c.tg.Answered(); len(a) != 1 || a[0] != "cbq-1" {
		t.Fatalf("answered callbacks %q, want cbq-1 once", a)
	}
	var list struct {
		Conversations []struct{ ID, Language string }
	}
	c.json("GET", "/api/v1/admin/conversations?channel=telegram", adminKey, nil, &list)
	if len(list.Conversations) != 1 || list.Conversations[0].Language != "nl" {
		t.Fatalf("telegram conversations %+v", list)
	}
	v := c.adminView(list.Conversations[0].ID)
	taps := 0
	for _, m := range v.Transcript {
		if m.From == "shopper" && m.Payload != "" && !strings.HasPrefix(m.Payload, "~") {
			taps++
		}
	}
	if taps != 1 {
		t.Fatalf("the tap reached the dialogue %d times: %+v", taps, v.Transcript)
	}
}

func TestMessenger_ReplyWithinTheWindowAndReceiptsRecorded(t *testing.T) {
	c := newChShop(t)
	page := messengertest.Page{ID: "1122334455", AppSecret: "fb-app-secret"}
	url := c.url + "/webhooks/messenger"
	forged := messengertest.Page{ID: page.ID, AppSecret: "nope"}
	if code, _ := c.send(forged.Text("psid-1", "mid.1", "hello", time.Now()).Request(url)); code != 401 {
		t.Fatalf("forged: %d", code)
	}
	if code, _ := c.send(page.Text("psid-1", "mid.2", "do you have rain jackets?", time.Now()).Request(url)); code != 200 {
		t.Fatalf("text: %d", code)
	}
	until(t, "a reply", func() bool { return len(c.fb.Sent()) > 0 })
	r := c.fb.Sent()[0]
	if r.Recipient != "psid-1" || r.MessagingType != "RESPONSE" {
		t.Fatalf("reply %+v", r)
	}
	c.send(page.Delivered("psid-1", time.Now().Add(time.Second), r.MessageID).Request(url))
	var list struct{ Conversations []struct{ ID string } }
	c.json("GET", "/api/v1/admin/conversations?channel=messenger", adminKey, nil, &list)
	if len(list.Conversations) != 1 {
		t.Fatalf("messenger conversations %+v", list)
	}
	until(t, "the delivery receipt", func() bool {
		var v struct{ Deliveries []struct{ Status string } }
		c.json("GET", "/api/v1/admin/conversations/"+list.Conversations[0].ID, adminKey, nil, &v)
		return len(v.Deliveries) > 0 && v.Deliveries[0].Status == "delivered"
	})
}

func TestSMS_NumberedChoicesStopAndTheVoiceLine(t *testing.T) {
	c := newChShop(t)
	const ana = "+31612345678"
	if code, body := c.send(c.tw.Text(ana, "hello")); code != 200 || !strings.Contains(body, "<Response>") {
		t.Fatalf("sms webhook: %d %s", code, body)
	}
	until(t, "an SMS reply", func() bool { return len(c.sms.Sent()) > 0 })
	first := c.sms.Sent()[0]
	if first.To != ana || first.From != "+3197010000000" || !strings.Contains(first.Body, "1") {
		t.Fatalf("reply %+v", first)
	}
	// A bare number is the numbered choice it stands for.
	c.send(c.tw.Text(ana, "1"))
	var list struct{ Conversations []struct{ ID string } }
	c.json("GET", "/api/v1/admin/conversations?channel=sms", adminKey, nil, &list)
	if len(list.Conversations) != 1 {
		t.Fatalf("sms conversations %+v", list)
	}
	until(t, "the choice read as its payload", func() bool {
		v := c.adminView(list.Conversations[0].ID)
		for _, m := range v.Transcript {
			if m.From == "shopper" && m.Text == "1" && m.Payload != "" {
				return true
			}
		}
		return false
	})
	// STOP: nothing more is sent to the number.
	c.send(c.tw.Text(ana, "STOP"))
	time.Sleep(300 * time.Millisecond)
	n := len(c.sms.Sent())
	c.send(c.tw.Text(ana, "where is my order?"))
	until(t, "the reply recorded as not sent", func() bool {
		var v struct {
			Deliveries []struct{ Status, Error string }
		}
		c.json("GET", "/api/v1/admin/conversations/"+list.Conversations[0].ID, adminKey, nil, &v)
		last := v.Deliveries[len(v.Deliveries)-1]
		return last.Status == "failed" && strings.Contains(last.Error, "STOP")
	})
	if len(c.sms.Sent()) != n {
		t.Fatalf("an SMS went out after STOP: %+v", c.sms.Sent()[n:])
	}

	// The voice line greets with a speech gather and answers what was said.
	code, twiml := c.send(c.tw.Call("CA1", "+31600000001"))
	if code != 200 || !strings.Contains(twiml, `<Gather`) || !strings.Contains(twiml, `input="speech"`) {
		t.Fatalf("call: %d %s", code, twiml)
	}
	code, twiml = c.send(c.tw.Speech("CA1", "+31600000001", "what are your opening hours", "lang=en"))
	if code != 200 || !strings.Contains(twiml, "<Say") {
		t.Fatalf("speech: %d %s", code, twiml)
	}
	c.json("GET", "/api/v1/admin/conversations?channel=voice", adminKey, nil, &list)
	if len(list.Conversations) != 1 {
		t.Fatalf("voice conversations %+v", list)
	}
	forged := c.tw
	forged.AuthToken = "wrong"
	if code, _ := c.send(forged.Call("CA2", "+31600000002")); code == 200 {
		t.Fatal("a forged call was answered")
	}
}
