// Package whatsapp carries conversations over the WhatsApp Cloud API: it
// checks Meta's webhook handshake and signatures, reads inbound messages and
// delivery receipts, renders the dialogue's messages within WhatsApp's
// limits (reply buttons, lists, images, templates outside the 24-hour
// window) and sends them to POST {APIURL}/{PhoneNumberID}/messages.
package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/meta"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Name is the contract's channel name.
const Name = "whatsapp"

// SignatureHeader carries Meta's HMAC-SHA256 of the raw body, keyed with the
// app secret: "sha256=<hex>".
const SignatureHeader = meta.SignatureHeader

// Provider is the WhatsApp Cloud API.
type Provider struct {
	cfg    config.WhatsApp
	client *http.Client
}

var (
	_ channel.Provider   = (*Provider)(nil)
	_ channel.Handshaker = (*Provider)(nil)
)

// New returns the provider; a nil client means one with a timeout, so a
// hanging Graph API call cannot hold an outbox worker for ever.
func New(cfg config.WhatsApp, client *http.Client) *Provider {
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://graph.facebook.com/v21.0"
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	return &Provider{cfg: cfg, client: client}
}

// Name is "whatsapp".
func (p *Provider) Name() string { return Name }

// Handshake answers Meta's subscription check (meta.Handshake).
func (p *Provider) Handshake(w http.ResponseWriter, r *http.Request) {
	meta.Handshake(w, r, p.cfg.VerifyToken)
}

// Verify checks X-Hub-Signature-256 against the raw body (meta.Verify).
func (p *Provider) Verify(r *http.Request, body []byte) error {
	return meta.Verify(r, body, p.cfg.AppSecret)
}

// Sign is Meta's signature of a webhook body (raw HMAC-SHA256 bytes).
func Sign(appSecret string, body []byte) []byte { return meta.Sign(appSecret, body) }

// Error codes of the Cloud API that mean "later" even when the HTTP status
// is 400: Graph's temporary and throttling codes and WhatsApp's rate limits
// (130429 throughput, 131056 the pair rate limit) and service outages.
var retryCodes = map[int]bool{1: true, 2: true, 4: true, 80007: true, 130429: true, 131016: true, 131056: true, 133004: true}

// APIError is the Graph API's error object.
type APIError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

func (e *APIError) Error() string {
	if e.ErrorData.Details != "" {
		return fmt.Sprintf("whatsapp error %d: %s (%s)", e.Code, e.Message, e.ErrorData.Details)
	}
	return fmt.Sprintf("whatsapp error %d: %s", e.Code, e.Message)
}

// Send posts one rendered message. The body was rendered for rc.To; if the
// outbox sends it to someone else (to differs), the recipient is replaced.
func (p *Provider) Send(ctx context.Context, to string, out channel.Outgoing) (channel.Sent, error) {
	body, err := withRecipient(out.Body, to)
	if err != nil {
		return channel.Sent{}, fmt.Errorf("whatsapp send: %w", err)
	}
	url := p.cfg.APIURL + "/" + p.cfg.PhoneNumberID + "/messages"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return channel.Sent{}, fmt.Errorf("whatsapp send: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return channel.Sent{}, channel.Classify(0, "", fmt.Errorf("whatsapp send: %w", err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return channel.Sent{}, channel.Classify(0, "", fmt.Errorf("whatsapp send: read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e struct {
			Error *APIError `json:"error"`
		}
		var cause error = errors.New(http.StatusText(resp.StatusCode))
		if json.Unmarshal(raw, &e) == nil && e.Error != nil {
			cause = e.Error
		}
		err := channel.Classify(resp.StatusCode, resp.Header.Get("Retry-After"), cause)
		var se *channel.SendError
		if e.Error != nil && retryCodes[e.Error.Code] && errors.As(err, &se) {
			se.Retry = true
		}
		return channel.Sent{}, err
	}
	var ok struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(raw, &ok); err != nil || len(ok.Messages) == 0 || ok.Messages[0].ID == "" {
		// Accepted but unreadable: retrying could send the message twice,
		// so it is a failure not worth retrying.
		return channel.Sent{}, &channel.SendError{Status: resp.StatusCode, Err: errors.New("whatsapp send: answer without a message id")}
	}
	return channel.Sent{ID: ok.Messages[0].ID}, nil
}

// withRecipient returns body with "to" set to to (unchanged when it already
// is, or when to is empty).
func withRecipient(body []byte, to string) ([]byte, error) {
	if to == "" {
		return body, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("rendered body: %w", err)
	}
	var cur string
	if raw, ok := m["to"]; ok {
		_ = json.Unmarshal(raw, &cur)
	}
	if cur == to {
		return body, nil
	}
	m["to"], _ = json.Marshal(to)
	return json.Marshal(m)
}
