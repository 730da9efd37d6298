package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/telegram/telegramtest"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

func textOut(t *testing.T, p *Provider, text string) channel.Outgoing {
	t.Helper()
	outs := p.Render(conversation.Message{Type: conversation.TypeText, Text: text,
		Options: []conversation.Option{{Title: "Checkout", Payload: "checkout"}}}, renderContext("en", nil))
	if len(outs) != 1 {
		t.Fatalf("rendered %d", len(outs))
	}
	return outs[0]
}

func TestSend_DeliversAndReturnsTheMessageID(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	for i, want := range []string{"101", "102"} {
		sent, err := p.Send(context.Background(), "987654321", textOut(t, p, "Hello"))
		if err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		if sent.ID != want {
			t.Errorf("send %d: id %q, want %q", i, sent.ID, want)
		}
	}
	calls := api.Sent()
	if len(calls) != 2 || calls[0].Method != MethodSendMessage || calls[0].Text() != "Hello" {
		t.Fatalf("stand-in saw %+v", calls)
	}
	if kb := calls[0].Keyboard(); len(kb) != 1 || kb[0][0].CallbackData != "checkout" {
		t.Errorf("keyboard %+v", kb)
	}
	if id, _ := calls[0].Body["chat_id"].(float64); id != 987654321 {
		t.Errorf("chat_id %v, want the number 987654321", calls[0].Body["chat_id"])
	}
}

func TestSend_RecipientReplacesTheRenderedChat(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	if _, err := p.Send(context.Background(), "555", textOut(t, p, "Hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Send(context.Background(), "@shopchannel", textOut(t, p, "Hi")); err != nil {
		t.Fatal(err)
	}
	sent := api.Sent()
	if sent[0].Body["chat_id"] != float64(555) || sent[1].Body["chat_id"] != "@shopchannel" {
		t.Fatalf("chat ids %v and %v", sent[0].Body["chat_id"], sent[1].Body["chat_id"])
	}
}

func TestSend_PhotoGoesToSendPhoto(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	outs := p.Render(conversation.Message{Type: conversation.TypeImage, URL: "https://cdn.shop.test/x.jpg", Text: "Size chart"}, renderContext("en", nil))
	if _, err := p.Send(context.Background(), "1", outs[0]); err != nil {
		t.Fatal(err)
	}
	if c := api.Sent()[0]; c.Method != MethodSendPhoto || c.Body["photo"] != "https://cdn.shop.test/x.jpg" || c.Text() != "Size chart" {
		t.Fatalf("stand-in saw %+v", c)
	}
}

func TestSend_ClassifiesFailures(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter int
		retry      bool
		wait       time.Duration
	}{
		{"flood control waits retry_after", http.StatusTooManyRequests, 7, true, 7 * time.Second},
		{"server error is retried", http.StatusInternalServerError, 0, true, 0},
		{"bad gateway is retried", http.StatusBadGateway, 0, true, 0},
		{"bad request is not", http.StatusBadRequest, 0, false, 0},
		{"blocked bot is not", http.StatusForbidden, 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := telegramtest.New(t, testToken)
			p := testProvider(api.URL)
			api.FailNext(1, tt.status, tt.retryAfter)
			_, err := p.Send(context.Background(), "1", textOut(t, p, "Hi"))
			var se *channel.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a *channel.SendError", err)
			}
			if se.Status != tt.status || se.Retry != tt.retry || se.RetryAfter != tt.wait {
				t.Fatalf("SendError %+v, want status %d retry %v after %v", se, tt.status, tt.retry, tt.wait)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error %q shows the bot token", err)
			}
			// The next attempt goes through: the failure was the provider's.
			if sent, err := p.Send(context.Background(), "1", textOut(t, p, "Hi")); err != nil || sent.ID == "" {
				t.Fatalf("retry: %v %v", sent, err)
			}
			if calls := api.Calls(); len(calls) != 2 || string(calls[0].Raw) != string(calls[1].Raw) {
				t.Errorf("the retry did not send the same request")
			}
		})
	}
}

func TestSend_RefusedByTheAPIIsNotRetried(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	bad := channel.Outgoing{Method: MethodSendMessage, Body: []byte(`{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"` + strings.Repeat("x", 65) + `"}]]}}`)}
	_, err := p.Send(context.Background(), "1", bad)
	var se *channel.SendError
	if !errors.As(err, &se) || se.Retry || se.Status != http.StatusBadRequest || !strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
		t.Fatalf("error %v", err)
	}
}

func TestSend_WrongTokenIsNotRetried(t *testing.T) {
	api := telegramtest.New(t, "999:other")
	p := testProvider(api.URL)
	_, err := p.Send(context.Background(), "1", textOut(t, p, "Hi"))
	var se *channel.SendError
	if !errors.As(err, &se) || se.Retry || se.Status != http.StatusUnauthorized {
		t.Fatalf("error %v", err)
	}
}

func TestSend_NetworkErrorIsRetriedWithoutShowingTheToken(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	api.Close()
	_, err := p.Send(context.Background(), "1", textOut(t, p, "Hi"))
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.Status != 0 {
		t.Fatalf("error %v, want a retryable network error", err)
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "/bot") {
		t.Errorf("error %q shows the bot's URL", err)
	}
}

func TestSend_OkFalseUnder200IsAFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`))
	}))
	defer srv.Close()
	p := testProvider(srv.URL)
	_, err := p.Send(context.Background(), "1", textOut(t, p, "Hi"))
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.RetryAfter != 3*time.Second {
		t.Fatalf("error %v", err)
	}
}

func TestSend_RetryAfterHeaderWhenTheBodySaysNone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "11")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`<html>busy</html>`))
	}))
	defer srv.Close()
	p := testProvider(srv.URL)
	_, err := p.Send(context.Background(), "1", textOut(t, p, "Hi"))
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.RetryAfter != 11*time.Second {
		t.Fatalf("error %v", err)
	}
}

func TestSend_UsesTheConfiguredPathAndJSON(t *testing.T) {
	var path, ctype string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, ctype = r.URL.Path, r.Header.Get("Content-Type")
		_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":77,"chat":{"id":1,"type":"private"},"date":1}}`))
	}))
	defer srv.Close()
	p := New(config.Telegram{Token: testToken, Secret: testSecret, APIURL: srv.URL + "/"}, srv.Client())
	sent, err := p.Send(context.Background(), "1", channel.Outgoing{Body: []byte(`{"chat_id":1,"text":"x"}`)})
	if err != nil || sent.ID != "77" {
		t.Fatalf("Send = %v, %v", sent, err)
	}
	if path != "/bot"+testToken+"/sendMessage" || ctype != "application/json" {
		t.Fatalf("POST %s (%s)", path, ctype)
	}
}

func TestAnswerCallback_ConfirmsTheTap(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	if err := p.AnswerCallback(context.Background(), "4382bfdwdsb323b2d9"); err != nil {
		t.Fatal(err)
	}
	if got := api.Answered(); len(got) != 1 || got[0] != "4382bfdwdsb323b2d9" {
		t.Fatalf("answered %v", got)
	}
	api.FailNext(1, http.StatusInternalServerError, 0)
	var se *channel.SendError
	if err := p.AnswerCallback(context.Background(), "x"); !errors.As(err, &se) || !se.Retry {
		t.Fatalf("error %v", err)
	}
}

// A whole exchange as the core runs it: a tap comes in through the
// webhook, is answered, and the reply goes out to the same chat.
func TestRoundTrip_TapAnsweredAndReplied(t *testing.T) {
	api := telegramtest.New(t, testToken)
	p := testProvider(api.URL)
	sh := &shortener{}
	long := "search:" + strings.Repeat("ունե՞ք", 10)
	outs := p.Render(conversation.Message{Type: conversation.TypeText, Text: "Ընտրեք",
		Options: []conversation.Option{{Title: "Կոշիկներ", Payload: long}}}, renderContext("hy", sh))
	if _, err := p.Send(context.Background(), "42", outs[0]); err != nil {
		t.Fatal(err)
	}
	data := api.Sent()[0].Keyboard()[0][0].CallbackData

	body := telegramtest.Shopper{ID: 42, FirstName: "Aram", LanguageCode: "hy"}.Tap(9001, "cb1", 101, data)
	r := telegramtest.Request("http://shop.test/webhooks/telegram", testSecret, body)
	if err := p.Verify(r, body); err != nil {
		t.Fatal(err)
	}
	evs, err := p.Parse(r, body)
	if err != nil || len(evs) != 1 {
		t.Fatalf("Parse = %v, %v", evs, err)
	}
	if got := sh.resolve(evs[0].Payload); got != long || evs[0].Sender != "42" || evs[0].Language != "hy" {
		t.Fatalf("event %+v resolves to %q", evs[0], got)
	}
	if err := p.AnswerCallback(context.Background(), evs[0].CallbackID); err != nil {
		t.Fatal(err)
	}
	if got := api.Answered(); len(got) != 1 || got[0] != "cb1" {
		t.Fatalf("answered %v", got)
	}
	var b map[string]any
	_ = json.Unmarshal(api.Sent()[0].Raw, &b)
	if b["chat_id"] != float64(42) {
		t.Errorf("reply went to %v", b["chat_id"])
	}
}
