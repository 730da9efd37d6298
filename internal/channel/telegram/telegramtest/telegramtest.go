// Package telegramtest is a local stand-in for the Telegram Bot API, for
// tests: a server that takes the bot's real calls at their real paths
// (/bot<token>/<method>), checks them against the Bot API's documented
// rules, records them in order and answers in the Bot API's own shapes;
// and builders of webhook updates carrying the right secret header.
//
// Telegram has no delivery or read receipts for bots, so there are no
// receipt builders.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Server plays api.telegram.org for one bot token.
type Server struct {
	*httptest.Server
	Token string

	mu     sync.Mutex
	calls  []Call
	fails  []failure
	nextID int64
}

// Call is one request the bot made, in arrival order.
type Call struct {
	Method string // as in the path, e.g. sendMessage
	Body   map[string]any
	Raw    []byte
	Status int // what the stand-in answered
	// MessageID is the id given to a message that was sent; 0 otherwise.
	MessageID int64
}

// Text is the call's text or caption.
func (c Call) Text() string {
	if s, ok := c.Body["text"].(string); ok {
		return s
	}
	s, _ := c.Body["caption"].(string)
	return s
}

// Button is one inline keyboard button of a call.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
	URL          string `json:"url"`
}

// Keyboard returns the call's inline keyboard, row by row.
func (c Call) Keyboard() [][]Button {
	var m struct {
		ReplyMarkup struct {
			InlineKeyboard [][]Button `json:"inline_keyboard"`
		} `json:"reply_markup"`
	}
	_ = json.Unmarshal(c.Raw, &m)
	return m.ReplyMarkup.InlineKeyboard
}

type failure struct {
	status, retryAfter int
}

// New starts a stand-in for token, closed when the test ends.
func New(tb testing.TB, token string) *Server {
	s := &Server{Token: token, nextID: 100}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// FailNext makes the next n calls fail with status: 429 answers with
// parameters.retry_after = retryAfter seconds, as Telegram's flood control
// does; 403 as a bot the shopper blocked; anything else with its status
// text.
func (s *Server) FailNext(n, status, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails = append(s.fails, failure{status: status, retryAfter: retryAfter})
	}
}

// Calls returns every call so far, failed ones included.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sent returns the messages delivered (sendMessage and sendPhoto answered
// with ok), in order.
func (s *Server) Sent() []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.MessageID != 0 {
			out = append(out, c)
		}
	}
	return out
}

// Answered returns the callback query ids answered with
// answerCallbackQuery.
func (s *Server) Answered() []string {
	var ids []string
	for _, c := range s.Calls() {
		if strings.EqualFold(c.Method, "answerCallbackQuery") && c.Status == http.StatusOK {
			id, _ := c.Body["callback_query_id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/bot") || !ok {
		apiError(w, http.StatusNotFound, "Not Found", 0)
		return
	}
	if token != s.Token {
		apiError(w, http.StatusUnauthorized, "Unauthorized", 0)
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	c := Call{Method: method, Raw: raw}
	s.mu.Lock()
	defer s.mu.Unlock()
	record := func(status int) { c.Status = status; s.calls = append(s.calls, c) }

	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		record(http.StatusBadRequest)
		apiError(w, http.StatusBadRequest, "Bad Request: the stand-in takes JSON bodies only", 0)
		return
	}
	if err := json.Unmarshal(raw, &c.Body); err != nil {
		record(http.StatusBadRequest)
		apiError(w, http.StatusBadRequest, "Bad Request: can't parse JSON: "+err.Error(), 0)
		return
	}
	if len(s.fails) > 0 {
		f := s.fails[0]
		s.fails = s.fails[1:]
		record(f.status)
		switch f.status {
		case http.StatusTooManyRequests:
			apiError(w, f.status, fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter), f.retryAfter)
		case http.StatusForbidden:
			apiError(w, f.status, "Forbidden: bot was blocked by the user", 0)
		default:
			apiError(w, f.status, http.StatusText(f.status), 0)
		}
		return
	}
	// Bot API method names are case-insensitive.
	switch strings.ToLower(method) {
	case "sendmessage", "sendphoto":
		if why := checkSend(strings.ToLower(method), c.Body, raw); why != "" {
			record(http.StatusBadRequest)
			apiError(w, http.StatusBadRequest, "Bad Request: "+why, 0)
			return
		}
		s.nextID++
		c.MessageID = s.nextID
		record(http.StatusOK)
		ok200(w, message(c.MessageID, c.Body))
	case "answercallbackquery":
		if id, _ := c.Body["callback_query_id"].(string); id == "" {
			record(http.StatusBadRequest)
			apiError(w, http.StatusBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid", 0)
			return
		}
		record(http.StatusOK)
		ok200(w, true)
	default:
		record(http.StatusNotFound)
		apiError(w, http.StatusNotFound, "Not Found: method not found", 0)
	}
}

// checkSend applies the documented limits; it returns why a call is
// refused, or "".
func checkSend(method string, body map[string]any, raw []byte) string {
	switch body["chat_id"].(type) {
	case float64, string:
	default:
		return "chat_id is empty"
	}
	if _, ok := body["parse_mode"]; ok {
		// Not a Bot API rule: the shop sends plain text only.
		return "the stand-in expects no parse_mode"
	}
	if method == "sendmessage" {
		text, _ := body["text"].(string)
		if n := units(strings.TrimSpace(text)); n == 0 {
			return "message text is empty"
		} else if n > 4096 {
			return "message is too long"
		}
	} else {
		photo, _ := body["photo"].(string)
		switch {
		case photo == "":
			return "there is no photo in the request"
		case !strings.HasPrefix(photo, "https://") && !strings.HasPrefix(photo, "http://"):
			// The stand-in takes URLs only (never a file_id): the shop has none.
			return "wrong HTTP URL specified"
		case strings.HasSuffix(strings.ToLower(strings.SplitN(photo, "?", 2)[0]), ".svg"):
			return "wrong type of the web page content"
		}
		if c, _ := body["caption"].(string); units(c) > 1024 {
			return "message caption is too long"
		}
	}
	var m struct {
		ReplyMarkup *struct {
			InlineKeyboard [][]map[string]any `json:"inline_keyboard"`
		} `json:"reply_markup"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return "can't parse reply keyboard markup JSON object"
	}
	if m.ReplyMarkup == nil {
		return ""
	}
	n := 0
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		if len(row) == 0 {
			return "REPLY_MARKUP_INVALID"
		}
		for _, b := range row {
			n++
			text, _ := b["text"].(string)
			if text == "" {
				return "BUTTON_TEXT_EMPTY"
			}
			data, hasData := b["callback_data"].(string)
			u, hasURL := b["url"].(string)
			if hasData == hasURL {
				return "BUTTON_TYPE_INVALID"
			}
			if hasData && (len(data) == 0 || len(data) > 64) {
				return "BUTTON_DATA_INVALID"
			}
			if hasURL && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				return "BUTTON_URL_INVALID"
			}
		}
	}
	if n > 100 {
		return "REPLY_MARKUP_TOO_LONG"
	}
	return ""
}

func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// message is the Message object Telegram answers a send with.
func message(id int64, body map[string]any) map[string]any {
	m := map[string]any{
		"message_id": id,
		"from":       map[string]any{"id": 7000000001, "is_bot": true, "first_name": "Shop", "username": "shop_test_bot"},
		"chat":       map[string]any{"id": body["chat_id"], "type": "private"},
		"date":       time.Now().Unix(),
	}
	if t, ok := body["text"]; ok {
		m["text"] = t
	}
	if _, ok := body["photo"]; ok {
		m["photo"] = []map[string]any{{"file_id": fmt.Sprintf("AgAC%d", id), "file_unique_id": fmt.Sprintf("AQAD%d", id), "width": 320, "height": 320}}
		if c, ok := body["caption"]; ok {
			m["caption"] = c
		}
	}
	if rm, ok := body["reply_markup"]; ok {
		m["reply_markup"] = rm
	}
	return m
}

func ok200(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func apiError(w http.ResponseWriter, status int, description string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": status, "description": description}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
