// Package messengertest is a local stand-in for Messenger: a Send API
// server that speaks Meta's documented formats and checks what it is sent
// against Messenger's limits, and builders of correctly signed page
// webhooks. Tests of the shop (and outside suites) use it instead of the
// internet.
package messengertest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"unicode/utf16"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

// Version is the Graph API version the stand-in serves under, as in the
// default API URL.
const Version = "v21.0"

// Request is one call the stand-in received, in order.
type Request struct {
	Method, Path string
	Query        url.Values
	Body         []byte
	// Decoded from the body when it was valid JSON.
	Recipient     string
	MessagingType string
	Tag           string
	Message       Message
	// Status is what the stand-in answered; MessageID the mid it gave
	// (empty for a refusal); Error the refusal's message.
	Status    int
	MessageID string
	Error     string
}

// Message is the message part of a Send API request.
type Message struct {
	Text         string       `json:"text"`
	Attachment   *Attachment  `json:"attachment"`
	QuickReplies []QuickReply `json:"quick_replies"`
}

// Attachment is an image or a template.
type Attachment struct {
	Type    string  `json:"type"`
	Payload Payload `json:"payload"`
}

// Payload is an attachment's payload: a media URL or a template.
type Payload struct {
	URL          string    `json:"url"`
	IsReusable   bool      `json:"is_reusable"`
	TemplateType string    `json:"template_type"`
	Text         string    `json:"text"`
	Elements     []Element `json:"elements"`
	Buttons      []Button  `json:"buttons"`
}

// Element is one card of a generic template.
type Element struct {
	Title    string   `json:"title"`
	Subtitle string   `json:"subtitle"`
	ImageURL string   `json:"image_url"`
	Buttons  []Button `json:"buttons"`
}

// Button is a postback or web_url button.
type Button struct {
	Type    string `json:"type"`
	Title   string `json:"title"`
	Payload string `json:"payload"`
	URL     string `json:"url"`
}

// QuickReply is one quick reply.
type QuickReply struct {
	ContentType string `json:"content_type"`
	Title       string `json:"title"`
	Payload     string `json:"payload"`
}

type failure struct {
	status, code int
	retryAfter   string
}

// Server is the stand-in Send API. Its URL plus "/v21.0" is the API URL to
// configure (Config does it).
type Server struct {
	*httptest.Server
	PageToken, AppSecret string

	mu       sync.Mutex
	requests []Request
	fail     []failure
	seq      int
}

// New starts a stand-in that accepts the given page token (and, when an
// app secret is given, checks appsecret_proof whenever a call carries one).
// Close it when done.
func New(pageToken, appSecret string) *Server {
	s := &Server{PageToken: pageToken, AppSecret: appSecret}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/me/messages", s.send)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, nil, http.StatusBadRequest, 100, "GraphMethodException", "Unsupported "+r.Method+" request to "+r.URL.Path)
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// Config is a Messenger configuration pointing at the stand-in, with the
// given verify token.
func (s *Server) Config(verifyToken string) config.Messenger {
	return config.Messenger{PageToken: s.PageToken, AppSecret: s.AppSecret, VerifyToken: verifyToken, APIURL: s.URL + "/" + Version}
}

// FailNext makes the next n calls that pass the stand-in's checks (token,
// shape, limits) fail with status: 429 answers Meta's
// rate-limit error (code 613) with Retry-After: 1, 5xx its temporary error
// (code 2), anything else an invalid-parameter error (code 100).
func (s *Server) FailNext(n, status int) {
	code, ra := 100, ""
	switch {
	case status == http.StatusTooManyRequests:
		code, ra = 613, "1"
	case status >= 500:
		code = 2
	}
	s.FailNextWith(n, status, code, ra)
}

// FailNextWith makes the next n calls fail with this HTTP status, Graph API
// error code and Retry-After ("" for none): e.g. 400 with code 613, the way
// the Graph API often reports throttling.
func (s *Server) FailNextWith(n, status, code int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail = append(s.fail, failure{status: status, code: code, retryAfter: retryAfter})
	}
}

// Requests returns every call received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Sent returns the calls that were accepted, in order.
func (s *Server) Sent() []Request {
	var ok []Request
	for _, r := range s.Requests() {
		if r.MessageID != "" {
			ok = append(ok, r)
		}
	}
	return ok
}

// Reset forgets the calls received and the failures planned.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.fail = nil, nil
}

func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body}
	if tok := rec.Query.Get("access_token"); tok == "" || tok != s.PageToken {
		s.refuse(w, r, &rec, http.StatusBadRequest, 190, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
		return
	}
	if proof := rec.Query.Get("appsecret_proof"); proof != "" && s.AppSecret != "" {
		mac := hmac.New(sha256.New, []byte(s.AppSecret))
		mac.Write([]byte(s.PageToken))
		if !hmac.Equal([]byte(proof), []byte(hex.EncodeToString(mac.Sum(nil)))) {
			s.refuse(w, r, &rec, http.StatusBadRequest, 100, "GraphMethodException", "Invalid appsecret_proof provided in the API argument")
			return
		}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		s.refuse(w, r, &rec, http.StatusBadRequest, 100, "OAuthException", "(#100) The parameter recipient is required")
		return
	}
	var req struct {
		Recipient struct {
			ID string `json:"id"`
		} `json:"recipient"`
		MessagingType string   `json:"messaging_type"`
		Tag           string   `json:"tag"`
		Message       *Message `json:"message"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		s.refuse(w, r, &rec, http.StatusBadRequest, 100, "OAuthException", "(#100) Param message must be a JSON object")
		return
	}
	rec.Recipient, rec.MessagingType, rec.Tag = req.Recipient.ID, req.MessagingType, req.Tag
	if req.Message != nil {
		rec.Message = *req.Message
	}
	if problem := check(req.Recipient.ID, req.MessagingType, req.Tag, req.Message); problem != "" {
		s.refuse(w, r, &rec, http.StatusBadRequest, 100, "OAuthException", "(#100) "+problem)
		return
	}
	s.mu.Lock()
	if len(s.fail) > 0 {
		f := s.fail[0]
		s.fail = s.fail[1:]
		s.mu.Unlock()
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		msg := "(#100) Invalid parameter"
		switch f.code {
		case 613:
			msg = "(#613) Calls to this api have exceeded the rate limit."
		case 4:
			msg = "(#4) Application request limit reached"
		case 2:
			msg = "An unexpected error has occurred. Please retry your request later."
		}
		s.refuse(w, r, &rec, f.status, f.code, "OAuthException", msg)
		return
	}
	s.seq++
	rec.MessageID = fmt.Sprintf("m_%s%04d", randomHex(16), s.seq)
	rec.Status = http.StatusOK
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"recipient_id": rec.Recipient, "message_id": rec.MessageID})
}

// refuse answers the Graph API's error shape and records the call.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, rec *Request, status, code int, typ, msg string) {
	if rec == nil {
		rec = &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()}
	}
	rec.Status, rec.Error = status, msg
	s.mu.Lock()
	s.requests = append(s.requests, *rec)
	s.mu.Unlock()
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "code": code, "fbtrace_id": "A" + randomHex(10)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// length counts characters the conservative way (UTF-16 units), as the
// provider does.
func length(s string) int { return len(utf16.Encode([]rune(s))) }

// check applies Messenger's documented limits to a Send API request and
// says what is wrong, or "" when nothing is.
func check(to, messagingType, tag string, m *Message) string {
	switch {
	case to == "":
		return "The parameter recipient is required"
	case messagingType != "RESPONSE" && messagingType != "UPDATE" && messagingType != "MESSAGE_TAG":
		return "Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}"
	case messagingType == "MESSAGE_TAG" && tag == "":
		return "Param tag is required with messaging_type MESSAGE_TAG"
	case messagingType != "MESSAGE_TAG" && tag != "":
		return "Param tag is only allowed with messaging_type MESSAGE_TAG"
	case tag != "" && tag != "HUMAN_AGENT" && tag != "POST_PURCHASE_UPDATE" && tag != "ACCOUNT_UPDATE" && tag != "CONFIRMED_EVENT_UPDATE":
		return "Param tag must be a supported message tag"
	case m == nil:
		return "The parameter message is required"
	case (m.Text == "") == (m.Attachment == nil):
		return "Message must have exactly one of text or attachment"
	case length(m.Text) > 2000:
		return "Length of param message[text] must be less than or equal to 2000"
	case len(m.QuickReplies) > 13:
		return "param message[quick_replies] must have at most 13 elements"
	}
	for i, q := range m.QuickReplies {
		switch {
		case q.ContentType != "text":
			return "quick_replies[" + strconv.Itoa(i) + "][content_type] must be text"
		case q.Title == "" || length(q.Title) > 20:
			return "quick_replies[" + strconv.Itoa(i) + "][title] must be 1 to 20 characters"
		case q.Payload == "" || length(q.Payload) > 1000:
			return "quick_replies[" + strconv.Itoa(i) + "][payload] must be 1 to 1000 characters"
		}
	}
	if m.Attachment == nil {
		return ""
	}
	a := m.Attachment
	switch a.Type {
	case "image":
		if !httpURL(a.Payload.URL) {
			return "Param message[attachment][payload][url] must be a valid URL"
		}
		return ""
	case "template":
	default:
		return "Param message[attachment][type] is not supported"
	}
	switch a.Payload.TemplateType {
	case "generic":
		if len(a.Payload.Elements) == 0 || len(a.Payload.Elements) > 10 {
			return "param elements must have 1 to 10 elements"
		}
		for _, e := range a.Payload.Elements {
			switch {
			case e.Title == "" || length(e.Title) > 80:
				return "element title must be 1 to 80 characters"
			case length(e.Subtitle) > 80:
				return "element subtitle must be at most 80 characters"
			case e.ImageURL != "" && !httpURL(e.ImageURL):
				return "element image_url must be a valid URL"
			case len(e.Buttons) > 3:
				return "element must have at most 3 buttons"
			case e.Subtitle == "" && e.ImageURL == "" && len(e.Buttons) == 0:
				return "element needs at least one property besides title"
			}
			if p := checkButtons(e.Buttons); p != "" {
				return p
			}
		}
	case "button":
		switch {
		case a.Payload.Text == "" || length(a.Payload.Text) > 640:
			return "button template text must be 1 to 640 characters"
		case len(a.Payload.Buttons) == 0 || len(a.Payload.Buttons) > 3:
			return "button template must have 1 to 3 buttons"
		}
		return checkButtons(a.Payload.Buttons)
	default:
		return "template_type is not supported"
	}
	return ""
}

func checkButtons(bs []Button) string {
	for _, b := range bs {
		if b.Title == "" || length(b.Title) > 20 {
			return "button title must be 1 to 20 characters"
		}
		switch b.Type {
		case "postback":
			if b.Payload == "" || length(b.Payload) > 1000 {
				return "postback payload must be 1 to 1000 characters"
			}
		case "web_url":
			if !httpURL(b.URL) {
				return "web_url button needs a valid url"
			}
		default:
			return "button type is not supported"
		}
	}
	return ""
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
