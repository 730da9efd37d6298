// Package twilio carries conversations over SMS and the shop's voice line
// through Twilio.
//
// SMS: Twilio posts each inbound message and each status callback of a
// message we sent as a form to {PublicURL}/webhooks/twilio/sms, signed with
// X-Twilio-Signature. Status callbacks come to the same path (Send names it
// as the message's StatusCallback) and are told apart by their
// MessageStatus. The webhook is answered with an empty TwiML <Response>;
// replies go out through the REST API from the outbox, never as TwiML, so
// that they stay ordered and are retried like every other channel's.
//
// SMS has no buttons and no payloads: Render numbers the choices of a
// message and Choices says which payload each number stands for. The core
// remembers the last numbered choices of each conversation and reads a
// reply that is a bare number as that choice's payload (Choose). Keyword recognises
// the carriers' STOP/START/HELP words, which the core records as the
// shopper's opt-out (Twilio itself also blocks sends after STOP on long
// codes: a send then fails with error 21610, which the outbox shows).
// The catalogue has twilio.help ({shop}) for the core's answer to HELP.
//
// Voice: Voice returns the handler of POST /webhooks/twilio/voice, which
// speaks TwiML (see voice.go); for a caller whose language Twilio cannot
// speak, the core texts them twilio.sms.after_call instead.
package twilio

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Paths of the webhooks Twilio calls, under the public base URL.
const (
	SMSPath   = "/webhooks/twilio/sms"
	VoicePath = "/webhooks/twilio/voice"
)

// SignatureHeader is where Twilio puts its signature of a webhook.
const SignatureHeader = "X-Twilio-Signature"

// MaxBody is the longest SMS body Twilio accepts (characters).
const MaxBody = 1600

// Provider is Twilio's SMS channel.
type Provider struct {
	cfg       config.Twilio
	publicURL string
	client    *http.Client
	now       func() time.Time
}

// New returns the SMS provider. publicURL is the shop's public base URL
// (SHOPKEEPER_PUBLIC_URL): Twilio signs the URL it called, which behind a
// proxy is not the Host the server sees. A nil client means
// http.DefaultClient's transport with a timeout.
func New(cfg config.Twilio, publicURL string, client *http.Client) *Provider {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.twilio.com"
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	return &Provider{cfg: cfg, publicURL: strings.TrimRight(publicURL, "/"), client: client, now: time.Now}
}

// Name is the contract's channel name.
func (p *Provider) Name() string { return "sms" }

var _ channel.Provider = (*Provider)(nil)
var _ channel.Acknowledger = (*Provider)(nil)

// Verify checks X-Twilio-Signature: base64 of HMAC-SHA1 keyed with the auth
// token over the public URL Twilio called (with its query) followed by every
// POST parameter, sorted by name, as name+value.
func (p *Provider) Verify(r *http.Request, body []byte) error {
	return verify(p.cfg.AuthToken, p.publicURL+r.URL.RequestURI(), r.Header.Get(SignatureHeader), body)
}

func verify(token, fullURL, sig string, body []byte) error {
	if sig == "" || token == "" {
		return channel.ErrSignature
	}
	u, err := url.Parse(fullURL)
	if err != nil {
		return channel.ErrSignature
	}
	var params url.Values
	if h := u.Query().Get("bodySHA256"); h != "" {
		// A JSON-bodied webhook: the URL carries the body's hash and is
		// signed without parameters.
		sum := sha256.Sum256(body)
		if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(strings.ToLower(h))) != 1 {
			return channel.ErrSignature
		}
	} else if params, err = url.ParseQuery(string(body)); err != nil {
		return channel.ErrSignature
	}
	for _, candidate := range urlVariants(u) {
		if subtle.ConstantTimeCompare([]byte(Signature(token, candidate, params)), []byte(sig)) == 1 {
			return nil
		}
	}
	return channel.ErrSignature
}

// urlVariants are the URL as given and with its default port added or
// removed: Twilio's own validators accept both, because a load balancer
// may add or drop ":443".
func urlVariants(u *url.URL) []string {
	out := []string{u.String()}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	if def == "" {
		return out
	}
	v := *u
	switch u.Port() {
	case "":
		v.Host = u.Host + ":" + def
	case def:
		v.Host = u.Hostname()
		if strings.Contains(v.Host, ":") { // IPv6 literal
			v.Host = "[" + v.Host + "]"
		}
	default:
		return out
	}
	return append(out, v.String())
}

// Signature is Twilio's signature of a webhook to fullURL with the form
// params; the stand-in signs its webhooks with it.
func Signature(token, fullURL string, params url.Values) string {
	var b bytes.Buffer
	b.WriteString(fullURL)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs) // Twilio's validators sort repeated values too
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	m := hmac.New(sha1.New, []byte(token))
	m.Write(b.Bytes())
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Parse reads an inbound SMS or a status callback. Webhooks of another
// account (a sub-account sharing the URL) and statuses the shop does not
// track (queued, sent…) are left out.
func (p *Provider) Parse(r *http.Request, body []byte) ([]channel.Event, error) {
	f, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("parse twilio webhook: %w", err)
	}
	if f.Get("AccountSid") != p.cfg.AccountSID {
		return nil, nil
	}
	sid := f.Get("MessageSid")
	if sid == "" {
		sid = f.Get("SmsSid") // older webhooks
	}
	if sid == "" {
		return nil, nil
	}
	if st := f.Get("MessageStatus"); st != "" && st != "received" {
		status := receiptStatus(st)
		if status == "" {
			return nil, nil
		}
		e := channel.Event{Kind: channel.EventReceipt, ID: sid + ":" + st, MessageID: sid, Status: status, Time: p.now()}
		if status == channel.ReceiptFailed {
			e.Error = st
			if code := f.Get("ErrorCode"); code != "" {
				e.Error = st + ": error " + code
			}
		}
		return []channel.Event{e}, nil
	}
	from := f.Get("From")
	if from == "" {
		return nil, nil
	}
	// Twilio sends no time of its own with an inbound SMS; the moment it
	// reached us is the best there is.
	e := channel.Event{Kind: channel.EventMessage, ID: sid, Sender: from, Text: f.Get("Body"), Time: p.now()}
	if isE164(from) {
		e.Phone = from // Twilio's From is the number the carrier delivered from
	}
	if strings.TrimSpace(e.Text) == "" {
		if n, _ := strconv.Atoi(f.Get("NumMedia")); n > 0 {
			e.Unsupported = true
		} else {
			return nil, nil // an empty message asks nothing
		}
	}
	return []channel.Event{e}, nil
}

func receiptStatus(s string) string {
	switch s {
	case "delivered":
		return channel.ReceiptDelivered
	case "read":
		return channel.ReceiptRead
	case "undelivered", "failed":
		return channel.ReceiptFailed
	}
	return ""
}

func isE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// emptyTwiML answers a webhook with nothing to do.
const emptyTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`

// Acknowledge answers Twilio's webhook with an empty TwiML response: the
// replies follow through the REST API.
func (p *Provider) Acknowledge(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, emptyTwiML)
}

// Send posts one rendered SMS to the Messages resource. The body rendered
// by Render holds Body; To, From and StatusCallback are filled in here so
// that a stored message follows the shop's current number.
func (p *Provider) Send(ctx context.Context, to string, out channel.Outgoing) (channel.Sent, error) {
	form, err := url.ParseQuery(string(out.Body))
	if err != nil {
		return channel.Sent{}, &channel.SendError{Err: fmt.Errorf("stored twilio message: %w", err)}
	}
	if to != "" {
		form.Set("To", to)
	}
	if form.Get("From") == "" {
		form.Set("From", p.cfg.From)
	}
	if form.Get("StatusCallback") == "" && p.publicURL != "" {
		form.Set("StatusCallback", p.publicURL+SMSPath)
	}
	endpoint := p.cfg.APIURL + "/2010-04-01/Accounts/" + url.PathEscape(p.cfg.AccountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return channel.Sent{}, fmt.Errorf("twilio send: %w", err)
	}
	req.SetBasicAuth(p.cfg.AccountSID, p.cfg.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return channel.Sent{}, channel.Classify(0, "", fmt.Errorf("twilio send: %w", err))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return channel.Sent{}, channel.Classify(resp.StatusCode, resp.Header.Get("Retry-After"), apiError(raw))
	}
	var msg struct {
		SID string `json:"sid"`
	}
	if err := json.Unmarshal(raw, &msg); err != nil || msg.SID == "" {
		// Twilio took the message; without its id no receipt will match,
		// but sending again would send it twice.
		return channel.Sent{}, nil
	}
	return channel.Sent{ID: msg.SID}, nil
}

// APIError is Twilio's error answer: {"code", "message", "more_info", "status"}.
type APIError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Status  int    `json:"status"`
}

func (e *APIError) Error() string { return fmt.Sprintf("twilio error %d: %s", e.Code, e.Message) }

func apiError(raw []byte) error {
	var e APIError
	if err := json.Unmarshal(raw, &e); err != nil || (e.Code == 0 && e.Message == "") {
		return errors.New("twilio: unreadable error answer")
	}
	return &e
}
