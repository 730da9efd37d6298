package twilio_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/twilio"
	"github.com/shopkeeper/shopkeeper/internal/channel/twilio/twiliotest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

const (
	sid    = "AC00000000000000000000000000000001"
	token  = "secret-auth-token"
	public = "https://shop.example"
	number = "+3197010000000"
)

func cfg(api string) config.Twilio {
	return config.Twilio{AccountSID: sid, AuthToken: token, From: number, APIURL: api}
}

func hooks() twiliotest.Webhooks {
	return twiliotest.Webhooks{AccountSID: sid, AuthToken: token, PublicURL: public, To: number}
}

// serverSide turns a built webhook into what our server sees: the request
// arrives on another host (behind a proxy), only the path and query match.
func serverSide(t *testing.T, r *http.Request) (*http.Request, []byte) {
	t.Helper()
	body := readAll(t, r)
	in := httptest.NewRequest(http.MethodPost, r.URL.RequestURI(), strings.NewReader(string(body)))
	in.Host = "10.0.0.7:8080"
	in.Header = r.Header.Clone()
	return in, body
}

func readAll(t *testing.T, r *http.Request) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The example of Twilio's own documentation and SDK snippets
// (TwilioDevEd/api-snippets security/signature_validation): auth token
// 12345, the URL with its query, five POST parameters.
func TestSignature_MatchesTwilioDocumentedExamples(t *testing.T) {
	for _, tc := range []struct{ caller, want string }{
		{"+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
		{"+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc="},
	} {
		params := url.Values{
			"CallSid": {"CA1234567890ABCDE"}, "Caller": {tc.caller}, "Digits": {"1234"},
			"From": {tc.caller}, "To": {"+18005551212"},
		}
		if got := twilio.Signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params); got != tc.want {
			t.Errorf("Signature(%s) = %s, want %s", tc.caller, got, tc.want)
		}
	}
}

func TestVerify_AcceptsOnlyTwilioSignatureOverThePublicURL(t *testing.T) {
	p := twilio.New(cfg(""), public, nil)
	form := hooks().SMSForm("+31612345678", "hello")
	sign := func(u string, f url.Values) string { return twilio.Signature(token, u, f) }
	for _, tc := range []struct {
		name   string
		target string // path and query the server sees
		sig    string
		body   string
		want   error
	}{
		{"good", twilio.SMSPath, sign(public+twilio.SMSPath, form), form.Encode(), nil},
		{"good with query", twilio.SMSPath + "?a=1", sign(public+twilio.SMSPath+"?a=1", form), form.Encode(), nil},
		{"signed with default port", twilio.SMSPath, sign("https://shop.example:443"+twilio.SMSPath, form), form.Encode(), nil},
		{"missing", twilio.SMSPath, "", form.Encode(), channel.ErrSignature},
		{"wrong token", twilio.SMSPath, twilio.Signature("other", public+twilio.SMSPath, form), form.Encode(), channel.ErrSignature},
		{"signed over the internal host", twilio.SMSPath, sign("http://10.0.0.7:8080"+twilio.SMSPath, form), form.Encode(), channel.ErrSignature},
		{"other path", twilio.VoicePath, sign(public+twilio.SMSPath, form), form.Encode(), channel.ErrSignature},
		{"body changed", twilio.SMSPath, sign(public+twilio.SMSPath, form), strings.Replace(form.Encode(), "hello", "hellO", 1), channel.ErrSignature},
		{"parameter added", twilio.SMSPath, sign(public+twilio.SMSPath, form), form.Encode() + "&X=1", channel.ErrSignature},
		{"malformed body", twilio.SMSPath, sign(public+twilio.SMSPath, form), "%zz", channel.ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, tc.target, strings.NewReader(tc.body))
			r.Host = "10.0.0.7:8080"
			if tc.sig != "" {
				r.Header.Set(twilio.SignatureHeader, tc.sig)
			}
			if err := p.Verify(r, []byte(tc.body)); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestVerify_JSONBodyIsCheckedByItsHashInTheURL(t *testing.T) {
	// Twilio's example of a JSON-bodied webhook (api-snippets
	// signature_validation_json): the hash of the body travels in the URL.
	body := `{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}`
	const hash = "5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9"
	p := twilio.New(config.Twilio{AccountSID: sid, AuthToken: token, From: number}, public, nil)
	target := twilio.SMSPath + "?bodySHA256=" + hash
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set(twilio.SignatureHeader, twilio.Signature(token, public+target, nil))
	if err := p.Verify(r, []byte(body)); err != nil {
		t.Errorf("Verify of the right hash = %v", err)
	}
	if err := p.Verify(r, []byte(body+" ")); !errors.Is(err, channel.ErrSignature) {
		t.Errorf("Verify of a changed body = %v, want ErrSignature", err)
	}
}

func TestParse_ReadsEachKindOfWebhook(t *testing.T) {
	h := hooks()
	p := twilio.New(cfg(""), public, nil)
	text := h.SMSForm("+31612345678", "Do you have boots?")
	media := h.SMSForm("+31612345678", "")
	media.Set("NumMedia", "1")
	captioned := h.SMSForm("+31612345678", "this one")
	captioned.Set("NumMedia", "1")
	other := h.SMSForm("+31612345678", "hi")
	other.Set("AccountSid", "AC99999999999999999999999999999999")
	empty := h.SMSForm("+31612345678", "  ")
	short := h.SMSForm("12345", "hi") // a short code or alphanumeric sender
	status := func(st, code string) url.Values {
		f := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {st}, "SmsStatus": {st}, "AccountSid": {sid}, "To": {"+31612345678"}, "From": {number}}
		if code != "" {
			f.Set("ErrorCode", code)
		}
		return f
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want []channel.Event
	}{
		{"text", text, []channel.Event{{Kind: channel.EventMessage, ID: text.Get("MessageSid"), Sender: "+31612345678", Phone: "+31612345678", Text: "Do you have boots?"}}},
		{"picture without text", media, []channel.Event{{Kind: channel.EventMessage, ID: media.Get("MessageSid"), Sender: "+31612345678", Phone: "+31612345678", Unsupported: true}}},
		{"picture with text", captioned, []channel.Event{{Kind: channel.EventMessage, ID: captioned.Get("MessageSid"), Sender: "+31612345678", Phone: "+31612345678", Text: "this one"}}},
		{"other account", other, nil},
		{"empty message", empty, nil},
		{"sender not a phone number", short, []channel.Event{{Kind: channel.EventMessage, ID: short.Get("MessageSid"), Sender: "12345", Text: "hi"}}},
		{"delivered", status("delivered", ""), []channel.Event{{Kind: channel.EventReceipt, ID: "SM1:delivered", MessageID: "SM1", Status: channel.ReceiptDelivered}}},
		{"read", status("read", ""), []channel.Event{{Kind: channel.EventReceipt, ID: "SM1:read", MessageID: "SM1", Status: channel.ReceiptRead}}},
		{"undelivered", status("undelivered", "30003"), []channel.Event{{Kind: channel.EventReceipt, ID: "SM1:undelivered", MessageID: "SM1", Status: channel.ReceiptFailed, Error: "undelivered: error 30003"}}},
		{"failed", status("failed", "30008"), []channel.Event{{Kind: channel.EventReceipt, ID: "SM1:failed", MessageID: "SM1", Status: channel.ReceiptFailed, Error: "failed: error 30008"}}},
		{"sent is not tracked", status("sent", ""), nil},
		{"queued is not tracked", status("queued", ""), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, body := serverSide(t, h.Request(twilio.SMSPath, tc.form))
			if err := p.Verify(r, body); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			got, err := p.Parse(r, body)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("events = %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i].Time.IsZero() {
					t.Errorf("event %d has no time", i)
				}
				got[i].Time = time.Time{}
				if got[i] != tc.want[i] {
					t.Errorf("event %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestParse_RedeliveryKeepsItsID(t *testing.T) {
	h := hooks()
	p := twilio.New(cfg(""), public, nil)
	form := h.SMSForm("+31612345678", "hi")
	var ids []string
	for range 2 {
		r, body := serverSide(t, h.Request(twilio.SMSPath, form))
		ev, err := p.Parse(r, body)
		if err != nil || len(ev) != 1 {
			t.Fatalf("Parse = %v, %v", ev, err)
		}
		ids = append(ids, ev[0].ID)
	}
	if ids[0] != ids[1] || ids[0] != form.Get("MessageSid") {
		t.Errorf("ids = %v, want twice %s", ids, form.Get("MessageSid"))
	}
}

func TestParse_MalformedFormIsAnError(t *testing.T) {
	p := twilio.New(cfg(""), public, nil)
	r := httptest.NewRequest(http.MethodPost, twilio.SMSPath, nil)
	if _, err := p.Parse(r, []byte("Body=%zz&AccountSid="+sid)); err == nil {
		t.Error("Parse of a malformed form gave no error")
	}
}

func TestAcknowledge_AnswersEmptyTwiML(t *testing.T) {
	w := httptest.NewRecorder()
	twilio.New(cfg(""), public, nil).Acknowledge(w)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := w.Body.String(); got != `<?xml version="1.0" encoding="UTF-8"?><Response></Response>` {
		t.Errorf("body = %q", got)
	}
}

func TestSend_PostsTheFormAndMapsTwilioAnswers(t *testing.T) {
	api := twiliotest.New(sid, token)
	defer api.Close()
	p := twilio.New(cfg(api.URL), public, nil)
	out := channel.Outgoing{Body: []byte(url.Values{"Body": {"Hello Ana"}}.Encode())}
	ctx := context.Background()

	sent, err := p.Send(ctx, "+31612345678", out)
	if err != nil {
		t.Fatal(err)
	}
	got := api.Sent()
	if len(got) != 1 || got[0].SID != sent.ID || !strings.HasPrefix(sent.ID, "SM") {
		t.Fatalf("sent %+v, stand-in has %+v", sent, got)
	}
	if r := got[0]; r.To != "+31612345678" || r.From != number || r.Body != "Hello Ana" || r.StatusCallback != public+twilio.SMSPath {
		t.Errorf("request = %+v", r)
	}

	for _, tc := range []struct {
		name       string
		fail       int
		body       string
		retry      bool
		retryAfter time.Duration
	}{
		{"rate limited", http.StatusTooManyRequests, "x", true, time.Second},
		{"server error", http.StatusInternalServerError, "x", true, 0},
		{"bad request", 0, "", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.fail != 0 {
				api.FailNext(1, tc.fail)
			}
			_, err := p.Send(ctx, "+31612345678", channel.Outgoing{Body: []byte(url.Values{"Body": {tc.body}}.Encode())})
			var se *channel.SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a SendError", err)
			}
			if se.Retry != tc.retry || se.RetryAfter != tc.retryAfter {
				t.Errorf("SendError = %+v, want retry %v after %v", se, tc.retry, tc.retryAfter)
			}
			var ae *twilio.APIError
			if !errors.As(err, &ae) || ae.Code == 0 {
				t.Errorf("err = %v, want Twilio's error code", err)
			}
		})
	}
}

func TestSend_WrongCredentialsAreNotRetried(t *testing.T) {
	api := twiliotest.New(sid, token)
	defer api.Close()
	c := cfg(api.URL)
	c.AuthToken = "wrong"
	_, err := twilio.New(c, public, nil).Send(context.Background(), "+31612345678", channel.Outgoing{Body: []byte("Body=hi")})
	var se *channel.SendError
	if !errors.As(err, &se) || se.Retry || se.Status != http.StatusUnauthorized {
		t.Errorf("err = %#v, want a 401 not worth retrying", err)
	}
}

func TestSend_NetworkFailureIsRetried(t *testing.T) {
	api := twiliotest.New(sid, token)
	api.Close()
	_, err := twilio.New(cfg(api.URL), public, nil).Send(context.Background(), "+31612345678", channel.Outgoing{Body: []byte("Body=hi")})
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.Status != 0 {
		t.Errorf("err = %v, want a network failure worth retrying", err)
	}
}

func TestKeyword_RecognisesWholeMessageKeywordsOnly(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"STOP", "stop"}, {"stop", "stop"}, {" Stop. ", "stop"}, {"STOPALL", "stop"}, {"unsubscribe", "stop"},
		{"Cancel", "stop"}, {"end", "stop"}, {"QUIT!", "stop"}, {"optout", "stop"}, {"revoke", "stop"},
		{"START", "start"}, {"yes", "start"}, {"Unstop", "start"},
		{"HELP", "help"}, {"info", "help"},
		{"stop please", ""}, {"cancel my order", ""}, {"yes, size 42", ""}, {"", ""}, {"2", ""},
		{"ſtop", ""}, {"STOP STOP", ""}, {"S T O P", ""},
	} {
		if got := twilio.Keyword(tc.body); got != tc.want {
			t.Errorf("Keyword(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	h := hooks()
	f.Add(h.SMSForm("+31612345678", "Do you have boots in 42?").Encode())
	f.Add(h.SMSForm("+60123456789", "有没有靴子").Encode())
	f.Add("MessageSid=SM1&MessageStatus=undelivered&ErrorCode=30003&AccountSid=" + sid)
	f.Add("MessageSid=SM1&NumMedia=3&AccountSid=" + sid + "&From=%2B31")
	f.Add("Body=%zz&&&==&AccountSid=" + sid)
	f.Add("")
	p := twilio.New(cfg(""), public, nil)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, twilio.SMSPath, strings.NewReader(body))
		r.Header.Set(twilio.SignatureHeader, "x")
		if err := p.Verify(r, []byte(body)); err == nil {
			t.Fatal("a made-up signature passed")
		}
		events, err := p.Parse(r, []byte(body))
		if err != nil {
			return
		}
		for _, e := range events {
			if e.ID == "" || (e.Kind != channel.EventMessage && e.Kind != channel.EventReceipt) {
				t.Fatalf("event without id or kind: %+v", e)
			}
			if e.Kind == channel.EventMessage && e.Sender == "" {
				t.Fatalf("message without sender: %+v", e)
			}
		}
	})
}
