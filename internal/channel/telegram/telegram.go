// Package telegram carries conversations over the Telegram Bot API: a
// webhook set with setWebhook's secret_token brings the shopper's updates
// in, and replies go out as sendMessage and sendPhoto calls with inline
// keyboards. The Bot API is small, so it is called directly over JSON.
//
// What the core relies on:
//   - A tap arrives with Event.CallbackID; answer it (AnswerCallback) even
//     when nothing else is said, or the shopper's button keeps spinning.
//   - callback_data holds at most 64 bytes: a longer payload goes out as
//     RenderContext.Shorten's code, which comes back as Event.Payload for
//     the core to resolve.
//   - "/start <parameter>" (a t.me/<bot>?start=<parameter> deep link, e.g.
//     "continue on Telegram") arrives as Event.Text unchanged; the core
//     reads the parameter.
//   - Only private chats count: updates from groups and channels, from
//     bots, edits and other kinds give no events.
//   - Telegram reports no delivery or read receipts to bots.
//   - Errors never show the request URL, which holds the bot token.
package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Name is the contract's channel name.
const Name = "telegram"

// SecretHeader carries the secret_token given to setWebhook on every
// webhook request. Telegram does not sign the body: this header is the
// whole proof that a request came from Telegram.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Bot API method names.
const (
	MethodSendMessage         = "sendMessage"
	MethodSendPhoto           = "sendPhoto"
	MethodAnswerCallbackQuery = "answerCallbackQuery"
)

// maxResponse bounds what is read of an answer: a Bot API answer is a
// Message object, a few kilobytes at most.
const maxResponse = 1 << 20

// Provider is a Telegram bot.
type Provider struct {
	cfg    config.Telegram
	client *http.Client
	// now stamps callback queries, which carry no time of their own.
	now func() time.Time
}

var (
	_ channel.Provider         = (*Provider)(nil)
	_ channel.CallbackAnswerer = (*Provider)(nil)
)

// New returns the provider for cfg. A nil client means http.DefaultClient's
// transport with a timeout, so a hanging API cannot hold an outbox worker.
func New(cfg config.Telegram, client *http.Client) *Provider {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.telegram.org"
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	return &Provider{cfg: cfg, client: client, now: time.Now}
}

// Name is "telegram".
func (p *Provider) Name() string { return Name }

// Verify compares the secret header with the configured secret in constant
// time. An empty configured secret refuses everything: a bot without a
// secret would accept anyone's updates.
func (p *Provider) Verify(r *http.Request, _ []byte) error {
	got := r.Header.Get(SecretHeader)
	if p.cfg.Secret == "" || got == "" {
		return channel.ErrSignature
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(p.cfg.Secret)) != 1 {
		return channel.ErrSignature
	}
	return nil
}

// AnswerCallback tells Telegram a button tap was received, which stops the
// spinner on the shopper's button.
func (p *Provider) AnswerCallback(ctx context.Context, callbackID string) error {
	body, err := json.Marshal(map[string]string{"callback_query_id": callbackID})
	if err != nil {
		return fmt.Errorf("answer callback: %w", err)
	}
	_, err = p.call(ctx, MethodAnswerCallbackQuery, body)
	return err
}

// Send posts one rendered request. The chat is the one rendered into the
// body; a non-empty to replaces it, so the outbox's recipient always wins.
func (p *Provider) Send(ctx context.Context, to string, out channel.Outgoing) (channel.Sent, error) {
	method := out.Method
	if method == "" {
		method = MethodSendMessage
	}
	body := out.Body
	if to != "" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return channel.Sent{}, fmt.Errorf("send %s: rendered body: %w", method, err)
		}
		fields["chat_id"] = chatID(to)
		b, err := json.Marshal(fields)
		if err != nil {
			return channel.Sent{}, fmt.Errorf("send %s: %w", method, err)
		}
		body = b
	}
	result, err := p.call(ctx, method, body)
	if err != nil {
		return channel.Sent{}, err
	}
	var msg struct {
		MessageID int64 `json:"message_id"`
	}
	if err := json.Unmarshal(result, &msg); err != nil || msg.MessageID == 0 {
		return channel.Sent{}, fmt.Errorf("send %s: answer without a message id", method)
	}
	return channel.Sent{ID: strconv.FormatInt(msg.MessageID, 10)}, nil
}

// apiResponse is the Bot API's envelope around every answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// call posts body to method and returns the answer's result, or a
// *channel.SendError. Errors never carry the request URL: it holds the bot
// token.
func (p *Provider) call(ctx context.Context, method string, body []byte) (json.RawMessage, error) {
	u := p.cfg.APIURL + "/bot" + p.cfg.Token + "/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: build request: %w", method, redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, channel.Classify(0, "", fmt.Errorf("%s: %w", method, redact(err)))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, channel.Classify(0, "", fmt.Errorf("%s: read answer: %w", method, redact(err)))
	}
	var ans apiResponse
	jerr := json.Unmarshal(raw, &ans)
	status := resp.StatusCode
	if jerr == nil && ans.OK && status/100 == 2 {
		return ans.Result, nil
	}
	// Telegram answers with the HTTP status equal to error_code; an "ok":
	// false under 200 (or a body that is not the envelope) still fails.
	if status/100 == 2 {
		status = http.StatusBadGateway
		if ans.ErrorCode != 0 {
			status = ans.ErrorCode
		}
	}
	retryAfter := resp.Header.Get("Retry-After")
	if ans.Parameters.RetryAfter > 0 {
		// The documented place: ResponseParameters.retry_after, in seconds.
		retryAfter = strconv.Itoa(ans.Parameters.RetryAfter)
	}
	why := ans.Description
	if why == "" {
		why = http.StatusText(status)
	}
	return nil, channel.Classify(status, retryAfter, fmt.Errorf("%s: %s", method, why))
}

// redact drops the URL (and with it the bot token) from a client error.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// chatID encodes a chat id as the Bot API expects it: an integer when it
// is one (every private chat), else a string (@channelname).
func chatID(to string) json.RawMessage {
	if n, err := strconv.ParseInt(to, 10, 64); err == nil {
		return json.RawMessage(strconv.FormatInt(n, 10))
	}
	b, _ := json.Marshal(to)
	return b
}
