// Package whatsapptest plays the WhatsApp Cloud API in tests: a local
// server that takes POST /{version}/{phone-number-id}/messages with the
// bearer token, checks each body against the Cloud API's documented limits,
// records it and answers in Meta's shape with a fresh wamid; and builders
// of webhooks signed with the app secret the way Meta signs them.
package whatsapptest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Version is the Graph API version the stand-in's APIURL names.
const Version = "v21.0"

// Request is one send call the stand-in received, in order.
type Request struct {
	Path          string
	Authorization string
	Body          []byte         // as sent
	Message       map[string]any // Body decoded
	Status        int            // what the stand-in answered
	ID            string         // the wamid answered, on success
}

// Server is the stand-in.
type Server struct {
	*httptest.Server
	cfg config.WhatsApp

	mu         sync.Mutex
	reqs       []Request
	fail       []int // statuses for the next calls
	retryAfter string
	seq        int
}

// New starts a stand-in for cfg's token and phone number id (test values
// when empty) and stops it when the test ends.
func New(tb testing.TB, cfg config.WhatsApp) *Server {
	tb.Helper()
	if cfg.Token == "" {
		cfg.Token = "test-token"
	}
	if cfg.PhoneNumberID == "" {
		cfg.PhoneNumberID = "106540352242922"
	}
	if cfg.AppSecret == "" {
		cfg.AppSecret = "test-app-secret"
	}
	if cfg.VerifyToken == "" {
		cfg.VerifyToken = "test-verify-token"
	}
	if cfg.DisplayNumber == "" {
		cfg.DisplayNumber = "15550783881"
	}
	s := &Server{cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/{phone}/messages", s.messages)
	s.Server = httptest.NewServer(mux)
	s.cfg.APIURL = s.URL + "/" + Version
	tb.Cleanup(s.Close)
	return s
}

// Config is the provider's configuration pointing at the stand-in.
func (s *Server) Config() config.WhatsApp { return s.cfg }

// FailNext makes the next n send calls answer status: 429 (with
// Retry-After and Meta's rate-limit error) or any other, e.g. 500.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail = append(s.fail, status)
	}
	s.retryAfter = "1"
}

// Requests returns every send call so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Sent returns the bodies of the accepted send calls, in order.
func (s *Server) Sent() []map[string]any {
	var out []map[string]any
	for _, r := range s.Requests() {
		if r.ID != "" {
			out = append(out, r.Message)
		}
	}
	return out
}

// Webhooks builds webhooks for this stand-in's phone number and secret.
func (s *Server) Webhooks() Webhooks {
	return Webhooks{AppSecret: s.cfg.AppSecret, PhoneNumberID: s.cfg.PhoneNumberID, DisplayNumber: s.cfg.DisplayNumber}
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	req := Request{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body}
	_ = json.Unmarshal(body, &req.Message)
	status, answer := s.answer(r, body, &req)
	req.Status = status
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		s.mu.Lock()
		w.Header().Set("Retry-After", s.retryAfter)
		s.mu.Unlock()
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(answer)
}

func (s *Server) answer(r *http.Request, body []byte, req *Request) (int, any) {
	if r.Header.Get("Authorization") != "Bearer "+s.cfg.Token {
		return http.StatusUnauthorized, graphError(190, "Invalid OAuth access token - Cannot parse access token", "")
	}
	if r.PathValue("phone") != s.cfg.PhoneNumberID {
		return http.StatusBadRequest, graphError(100, "Unsupported post request. Object with ID '"+r.PathValue("phone")+"' does not exist", "")
	}
	s.mu.Lock()
	var fail int
	if len(s.fail) > 0 {
		fail, s.fail = s.fail[0], s.fail[1:]
	}
	s.mu.Unlock()
	switch {
	case fail == http.StatusTooManyRequests:
		return fail, graphError(130429, "Rate limit hit", "Message failed to send because there were too many messages sent from this phone number in a short period of time")
	case fail != 0:
		return fail, graphError(131000, "Something went wrong", "")
	}
	var m sendBody
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&m); err != nil {
		return http.StatusBadRequest, graphError(100, "Invalid parameter", err.Error())
	}
	if err := m.check(); err != nil {
		return http.StatusBadRequest, graphError(131009, "(#131009) Parameter value is not valid", err.Error())
	}
	s.mu.Lock()
	s.seq++
	req.ID = fmt.Sprintf("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI%08d", s.seq)
	s.mu.Unlock()
	return http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": m.To, "wa_id": m.To}},
		"messages":          []map[string]string{{"id": req.ID}},
	}
}

func graphError(code int, msg, details string) map[string]any {
	e := map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "AcmeStandIn"}
	if details != "" {
		e["error_data"] = map[string]string{"messaging_product": "whatsapp", "details": details}
	}
	return map[string]any{"error": e}
}

// sendBody is what the stand-in checks of a send call.
type sendBody struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Text             *struct {
		Body string `json:"body"`
	} `json:"text"`
	Image *struct {
		Link    string `json:"link"`
		Caption string `json:"caption"`
	} `json:"image"`
	Interactive *struct {
		Type string `json:"type"`
		Body struct {
			Text string `json:"text"`
		} `json:"body"`
		Action struct {
			Button  string `json:"button"`
			Buttons []struct {
				Type  string `json:"type"`
				Reply struct {
					ID    string `json:"id"`
					Title string `json:"title"`
				} `json:"reply"`
			} `json:"buttons"`
			Sections []struct {
				Title string `json:"title"`
				Rows  []struct {
					ID          string `json:"id"`
					Title       string `json:"title"`
					Description string `json:"description"`
				} `json:"rows"`
			} `json:"sections"`
		} `json:"action"`
	} `json:"interactive"`
	Template *struct {
		Name     string `json:"name"`
		Language struct {
			Code string `json:"code"`
		} `json:"language"`
		Components []struct {
			Type       string `json:"type"`
			Parameters []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"parameters"`
		} `json:"components"`
	} `json:"template"`
}

// length checks a field of 1 to max characters.
func length(field, s string, max int) error {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > max {
		return fmt.Errorf("%s must be 1 to %d characters, is %d", field, max, n)
	}
	return nil
}

func (m sendBody) check() error {
	if m.MessagingProduct != "whatsapp" {
		return fmt.Errorf("messaging_product must be whatsapp")
	}
	if m.RecipientType != "" && m.RecipientType != "individual" && m.RecipientType != "group" {
		return fmt.Errorf("recipient_type %q", m.RecipientType)
	}
	if m.To == "" {
		return fmt.Errorf("to is required")
	}
	switch m.Type {
	case "text":
		if m.Text == nil {
			return fmt.Errorf("text is required")
		}
		return length("text.body", m.Text.Body, 4096)
	case "image":
		if m.Image == nil || m.Image.Link == "" {
			return fmt.Errorf("image.link is required")
		}
		if utf8.RuneCountInString(m.Image.Caption) > 1024 {
			return fmt.Errorf("image.caption over 1024 characters")
		}
	case "template":
		if m.Template == nil || m.Template.Name == "" || m.Template.Language.Code == "" {
			return fmt.Errorf("template.name and template.language.code are required")
		}
		for _, c := range m.Template.Components {
			for _, p := range c.Parameters {
				if p.Text == "" || strings.ContainsAny(p.Text, "\n\t") || strings.Contains(p.Text, "     ") {
					return fmt.Errorf("template parameter empty or with new lines, tabs or 5 spaces")
				}
			}
		}
	case "interactive":
		return m.checkInteractive()
	default:
		return fmt.Errorf("type %q is not one the stand-in knows", m.Type)
	}
	return nil
}

func (m sendBody) checkInteractive() error {
	ia := m.Interactive
	if ia == nil {
		return fmt.Errorf("interactive is required")
	}
	switch ia.Type {
	case "button":
		if err := length("interactive.body.text", ia.Body.Text, 1024); err != nil {
			return err
		}
		bs := ia.Action.Buttons
		if len(bs) == 0 || len(bs) > 3 {
			return fmt.Errorf("1 to 3 buttons, not %d", len(bs))
		}
		ids, titles := map[string]bool{}, map[string]bool{}
		for _, b := range bs {
			if b.Type != "reply" {
				return fmt.Errorf("button type %q", b.Type)
			}
			if err := length("button title", b.Reply.Title, 20); err != nil {
				return err
			}
			if err := length("button id", b.Reply.ID, 256); err != nil {
				return err
			}
			if ids[b.Reply.ID] || titles[b.Reply.Title] {
				return fmt.Errorf("button ids and titles must be unique")
			}
			ids[b.Reply.ID], titles[b.Reply.Title] = true, true
		}
	case "list":
		if err := length("interactive.body.text", ia.Body.Text, 4096); err != nil {
			return err
		}
		if err := length("action.button", ia.Action.Button, 20); err != nil {
			return err
		}
		secs := ia.Action.Sections
		if len(secs) == 0 || len(secs) > 10 {
			return fmt.Errorf("1 to 10 sections, not %d", len(secs))
		}
		rows, ids := 0, map[string]bool{}
		for _, s := range secs {
			if len(secs) > 1 {
				if err := length("section title", s.Title, 24); err != nil {
					return err
				}
			} else if utf8.RuneCountInString(s.Title) > 24 {
				return fmt.Errorf("section title over 24 characters")
			}
			if len(s.Rows) == 0 {
				return fmt.Errorf("a section without rows")
			}
			for _, r := range s.Rows {
				rows++
				if err := length("row title", r.Title, 24); err != nil {
					return err
				}
				if err := length("row id", r.ID, 200); err != nil {
					return err
				}
				if utf8.RuneCountInString(r.Description) > 72 {
					return fmt.Errorf("row description over 72 characters")
				}
				if ids[r.ID] {
					return fmt.Errorf("row ids must be unique")
				}
				ids[r.ID] = true
			}
		}
		if rows > 10 {
			return fmt.Errorf("at most 10 rows, not %d", rows)
		}
	default:
		return fmt.Errorf("interactive type %q", ia.Type)
	}
	return nil
}

// Webhooks builds webhooks as Meta sends them for one business number,
// signed with the app secret.
type Webhooks struct {
	AppSecret, PhoneNumberID, DisplayNumber string
	BusinessAccountID                       string // WABA id; a test value when empty
}

// Webhook is a signed webhook ready to post.
type Webhook struct {
	Body   []byte
	Header http.Header
}

// Request is the webhook as a POST to url.
func (w Webhook) Request(url string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, url, bytes.NewReader(w.Body))
	for k, v := range w.Header {
		r.Header[k] = v
	}
	return r
}

// Post sends the webhook to url.
func (w Webhook) Post(client *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(w.Body))
	if err != nil {
		return nil, err
	}
	req.Header = w.Header.Clone()
	return client.Do(req)
}

// From is the shopper who writes: their wa_id (digits, with the country
// code) and profile name; ID and Time are the message's (fresh and now
// when empty).
type From struct {
	WaID, Name string
	ID         string
	Time       time.Time
}

var ids atomic.Int64

func (f From) id() string {
	if f.ID != "" {
		return f.ID
	}
	return fmt.Sprintf("wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQUI%08d", ids.Add(1))
}

func ts(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// Text is a text message from f.
func (w Webhooks) Text(f From, body string) Webhook {
	return w.inbound(f, "text", map[string]any{"text": map[string]string{"body": body}})
}

// ButtonReply is a tap on a reply button (interactive.button_reply).
func (w Webhooks) ButtonReply(f From, id, title string) Webhook {
	return w.inbound(f, "interactive", map[string]any{"interactive": map[string]any{
		"type": "button_reply", "button_reply": map[string]string{"id": id, "title": title}}})
}

// ListReply is a pick from a list (interactive.list_reply).
func (w Webhooks) ListReply(f From, id, title, description string) Webhook {
	reply := map[string]string{"id": id, "title": title}
	if description != "" {
		reply["description"] = description
	}
	return w.inbound(f, "interactive", map[string]any{"interactive": map[string]any{"type": "list_reply", "list_reply": reply}})
}

// QuickReply is a tap on a template's quick-reply button (type "button").
func (w Webhooks) QuickReply(f From, payload, text string) Webhook {
	return w.inbound(f, "button", map[string]any{"button": map[string]string{"payload": payload, "text": text}})
}

// Media is a message the shop cannot read: kind image, audio, video,
// document or sticker.
func (w Webhooks) Media(f From, kind string) Webhook {
	media := map[string]string{"mime_type": "image/jpeg", "sha256": "81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3", "id": "2754859441498128"}
	switch kind {
	case "audio":
		media["mime_type"], media["voice"] = "audio/ogg; codecs=opus", "true"
	case "sticker":
		media["mime_type"] = "image/webp"
	}
	return w.inbound(f, kind, map[string]any{kind: media})
}

// Status is a receipt for a message the shop sent: sent, delivered or read.
func (w Webhooks) Status(messageID, recipient, status string, at time.Time) Webhook {
	st := map[string]any{"id": messageID, "status": status, "timestamp": ts(at), "recipient_id": recipient}
	if status != "read" {
		st["pricing"] = map[string]any{"billable": true, "pricing_model": "PMP", "category": "service"}
	}
	return w.change(map[string]any{"statuses": []any{st}})
}

// Failed is a receipt of a message WhatsApp could not deliver (131047:
// more than 24 hours since the shopper last wrote, for instance).
func (w Webhooks) Failed(messageID, recipient string, at time.Time, code int, title string) Webhook {
	st := map[string]any{"id": messageID, "status": "failed", "timestamp": ts(at), "recipient_id": recipient,
		"errors": []any{map[string]any{"code": code, "title": title, "message": title,
			"error_data": map[string]string{"details": title}, "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}}}
	return w.change(map[string]any{"statuses": []any{st}})
}

// Sign signs any body (a redelivery, a hand-written payload).
func (w Webhooks) Sign(body []byte) Webhook {
	m := hmac.New(sha256.New, []byte(w.AppSecret))
	m.Write(body)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(m.Sum(nil)))
	return Webhook{Body: body, Header: h}
}

func (w Webhooks) inbound(f From, kind string, content map[string]any) Webhook {
	msg := map[string]any{"from": f.WaID, "id": f.id(), "timestamp": ts(f.Time), "type": kind}
	for k, v := range content {
		msg[k] = v
	}
	return w.change(map[string]any{
		"contacts": []any{map[string]any{"profile": map[string]string{"name": f.Name}, "wa_id": f.WaID}},
		"messages": []any{msg},
	})
}

func (w Webhooks) change(v map[string]any) Webhook {
	v["messaging_product"] = "whatsapp"
	v["metadata"] = map[string]string{"display_phone_number": w.DisplayNumber, "phone_number_id": w.PhoneNumberID}
	waba := w.BusinessAccountID
	if waba == "" {
		waba = "102290129340398"
	}
	body, _ := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry":  []any{map[string]any{"id": waba, "changes": []any{map[string]any{"value": v, "field": "messages"}}}},
	})
	return w.Sign(body)
}

// Handshake is Meta's GET that subscribes the webhook at u.
func Handshake(u, verifyToken, challenge string) *http.Request {
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {verifyToken}, "hub.challenge": {challenge}}
	return httptest.NewRequest(http.MethodGet, u+"?"+q.Encode(), nil)
}
