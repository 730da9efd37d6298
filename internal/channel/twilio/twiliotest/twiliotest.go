// Package twiliotest is a local stand-in for Twilio in tests: a Messages
// API that records what it is sent and answers in Twilio's own shapes, and
// builders of correctly signed SMS, status-callback and voice webhooks.
package twiliotest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/twilio"
)

// Request is one call the stand-in received on the Messages resource.
type Request struct {
	To, From, Body, StatusCallback string
	Form                           url.Values
	SID                            string // the message id answered; empty when failed
	Status                         int    // the HTTP status answered
}

// Server is the stand-in of api.twilio.com.
type Server struct {
	*httptest.Server
	AccountSID, AuthToken string

	mu       sync.Mutex
	requests []Request
	fail     []int // statuses to answer the next calls with
	retry    string
}

// New starts a stand-in for the account; Close it when done. Point
// config.Twilio.APIURL at its URL.
func New(accountSID, authToken string) *Server {
	s := &Server{AccountSID: accountSID, AuthToken: authToken, retry: "1"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", s.messages)
	s.Server = httptest.NewServer(mux)
	return s
}

// FailNext makes the next n sends answer status (429 carries Retry-After).
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail = append(s.fail, status)
	}
}

// Requests returns every send call received, in order, failed ones too.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Sent returns the messages accepted, in order.
func (s *Server) Sent() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.SID != "" {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	form, formErr := url.ParseQuery(string(raw))
	req := Request{To: form.Get("To"), From: form.Get("From"), Body: form.Get("Body"), StatusCallback: form.Get("StatusCallback"), Form: form}
	record := func(status int) {
		req.Status = status
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.AccountSID || pass != s.AuthToken || r.PathValue("sid") != s.AccountSID {
		record(http.StatusUnauthorized)
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") || formErr != nil {
		record(http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, 20001, "Content-Type must be application/x-www-form-urlencoded")
		return
	}
	s.mu.Lock()
	var fail int
	if len(s.fail) > 0 {
		fail, s.fail = s.fail[0], s.fail[1:]
	}
	s.mu.Unlock()
	switch {
	case fail == http.StatusTooManyRequests:
		record(fail)
		w.Header().Set("Retry-After", s.retry)
		writeError(w, fail, 20429, "Too Many Requests")
		return
	case fail != 0:
		record(fail)
		writeError(w, fail, 20500, "Internal Server Error")
		return
	case req.To == "":
		record(http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case req.From == "" && form.Get("MessagingServiceSid") == "":
		record(http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return
	case req.Body == "" && form.Get("MediaUrl") == "":
		record(http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	case twilio.Length(req.Body) > twilio.MaxBody:
		record(http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.")
		return
	}
	req.SID = NewSID("SM")
	record(http.StatusCreated)
	segments, _ := twilio.Segments(req.Body)
	now := time.Now().UTC().Format(time.RFC1123Z)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{
		"account_sid": s.AccountSID, "api_version": "2010-04-01", "body": req.Body,
		"date_created": now, "date_updated": now, "date_sent": nil, "direction": "outbound-api",
		"error_code": nil, "error_message": nil, "from": req.From, "messaging_service_sid": nil,
		"num_media": "0", "num_segments": fmt.Sprint(segments), "price": nil, "price_unit": "USD",
		"sid": req.SID, "status": "queued", "to": req.To,
		"uri": "/2010-04-01/Accounts/" + s.AccountSID + "/Messages/" + req.SID + ".json",
	})
}

// writeError answers in Twilio's error shape.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": msg, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status,
	})
}

// NewSID is a fresh Twilio-style id: a two-letter prefix and 32 hex digits.
func NewSID(prefix string) string {
	b := make([]byte, 16)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Webhooks builds webhooks as Twilio sends them to the shop: a form signed
// with the auth token over the public URL. PublicURL is the shop's public
// base URL (SHOPKEEPER_PUBLIC_URL); in tests it is usually the test server's
// URL, so the requests can be sent as they are.
type Webhooks struct {
	AccountSID, AuthToken, PublicURL string
	To                               string // the shop's Twilio number
}

// Signed returns the body and headers of a webhook to path (with its query)
// under the public URL.
func (h Webhooks) Signed(path string, form url.Values) ([]byte, http.Header) {
	body := []byte(form.Encode())
	hd := http.Header{}
	hd.Set("Content-Type", "application/x-www-form-urlencoded")
	hd.Set(twilio.SignatureHeader, twilio.Signature(h.AuthToken, strings.TrimRight(h.PublicURL, "/")+path, form))
	hd.Set("I-Twilio-Idempotency-Token", NewSID(""))
	return body, hd
}

// Request is the signed webhook as a request to PublicURL+path.
func (h Webhooks) Request(path string, form url.Values) *http.Request {
	body, hd := h.Signed(path, form)
	r, err := http.NewRequest(http.MethodPost, strings.TrimRight(h.PublicURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		panic(err) // a malformed PublicURL is the test's own mistake
	}
	r.Header = hd
	return r
}

// SMSForm is an inbound SMS as Twilio posts it, with a fresh MessageSid.
func (h Webhooks) SMSForm(from, body string) url.Values {
	sid := NewSID("SM")
	return url.Values{
		"ToCountry": {"NL"}, "ToState": {""}, "SmsMessageSid": {sid}, "NumMedia": {"0"},
		"ToCity": {""}, "FromZip": {""}, "SmsSid": {sid}, "FromState": {""}, "SmsStatus": {"received"},
		"FromCity": {""}, "Body": {body}, "FromCountry": {"NL"}, "To": {h.To}, "ToZip": {""},
		"NumSegments": {"1"}, "MessageSid": {sid}, "AccountSid": {h.AccountSID}, "From": {from},
		"ApiVersion": {"2010-04-01"},
	}
}

// Text is a signed inbound SMS. A numbered choice ("2") is a Text too.
func (h Webhooks) Text(from, body string) *http.Request {
	return h.Request(twilio.SMSPath, h.SMSForm(from, body))
}

// Media is a signed MMS of n pictures and no text.
func (h Webhooks) Media(from string, n int) *http.Request {
	f := h.SMSForm(from, "")
	f.Set("NumMedia", fmt.Sprint(n))
	for i := range n {
		f.Set(fmt.Sprintf("MediaContentType%d", i), "image/jpeg")
		f.Set(fmt.Sprintf("MediaUrl%d", i), fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/%s/Messages/%s/Media/%s", h.AccountSID, f.Get("MessageSid"), NewSID("ME")))
	}
	return h.Request(twilio.SMSPath, f)
}

// Status is a signed status callback of a message the shop sent:
// delivered, undelivered, failed, read (or sent, queued…); errorCode for
// failures, e.g. "30003".
func (h Webhooks) Status(messageSID, to, status, errorCode string) *http.Request {
	f := url.Values{
		"SmsSid": {messageSID}, "SmsStatus": {status}, "MessageStatus": {status}, "To": {to},
		"MessageSid": {messageSID}, "AccountSid": {h.AccountSID}, "From": {h.To}, "ApiVersion": {"2010-04-01"},
	}
	if errorCode != "" {
		f.Set("ErrorCode", errorCode)
	}
	return h.Request(twilio.SMSPath, f)
}

// CallForm is a voice webhook's form for a call from caller.
func (h Webhooks) CallForm(callSID, caller string) url.Values {
	return url.Values{
		"AccountSid": {h.AccountSID}, "ApiVersion": {"2010-04-01"}, "CallSid": {callSID},
		"CallStatus": {"ringing"}, "Called": {h.To}, "Caller": {caller}, "Direction": {"inbound"},
		"From": {caller}, "To": {h.To},
	}
}

// Call is a signed new incoming call.
func (h Webhooks) Call(callSID, caller string) *http.Request {
	return h.Request(twilio.VoicePath, h.CallForm(callSID, caller))
}

// Speech is a signed <Gather> result: the caller said text, heard in the
// language the shop's action URL names (query "?lang=nl" as the line set it).
func (h Webhooks) Speech(callSID, caller, text, query string) *http.Request {
	f := h.CallForm(callSID, caller)
	f.Set("CallStatus", "in-progress")
	f.Set("SpeechResult", text)
	f.Set("Confidence", "0.9")
	path := twilio.VoicePath
	if query != "" {
		path += "?" + query
	}
	return h.Request(path, f)
}
