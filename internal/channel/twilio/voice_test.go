package twilio_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/channel/twilio"
)

// verb is one TwiML element as the test reads it back.
type verb struct {
	Name  string
	Attrs map[string]string
	Text  string
	Kids  []verb
}

// twiml parses the answer strictly, so malformed XML fails the test.
func twiml(t *testing.T, body string) []verb {
	t.Helper()
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Fatalf("no XML declaration: %q", body)
	}
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	var stack []*verb
	root := &verb{}
	stack = append(stack, root)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("malformed TwiML %q: %v", body, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			v := verb{Name: e.Name.Local, Attrs: map[string]string{}}
			for _, a := range e.Attr {
				v.Attrs[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.Kids = append(top.Kids, v)
			stack = append(stack, &top.Kids[len(top.Kids)-1])
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].Text += string(e)
		}
	}
	if len(root.Kids) != 1 || root.Kids[0].Name != "Response" {
		t.Fatalf("root = %+v, want one <Response>", root.Kids)
	}
	return root.Kids[0].Kids
}

func names(vs []verb) string {
	var n []string
	for _, v := range vs {
		n = append(n, v.Name)
	}
	return strings.Join(n, ",")
}

type call struct{ caller, text, lang string }

type line struct {
	h      http.Handler
	calls  []call
	texted []string
}

func newLine(t *testing.T, o twilio.VoiceOptions, reply string, lang2 string, handoff bool, err error) *line {
	l := &line{}
	o.T = catalog.T
	o.Turn = func(ctx context.Context, caller, text, lang string) (string, string, bool, error) {
		l.calls = append(l.calls, call{caller, text, lang})
		return reply, lang2, handoff, err
	}
	o.TextInstead = func(_ context.Context, caller, lang string) { l.texted = append(l.texted, caller+" "+lang) }
	l.h = twilio.New(cfg(""), public, nil).Voice(o)
	return l
}

func (l *line) serve(t *testing.T, r *http.Request) (int, string) {
	t.Helper()
	in, _ := serverSide(t, r)
	w := httptest.NewRecorder()
	l.h.ServeHTTP(w, in)
	if w.Code == http.StatusOK && !strings.HasPrefix(w.Header().Get("Content-Type"), "text/xml") {
		t.Errorf("Content-Type = %q", w.Header().Get("Content-Type"))
	}
	return w.Code, w.Body.String()
}

func TestVoice_FirstCallGreetsInsideASpeechGather(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "", "", false, nil)
	code, body := l.serve(t, hooks().Call("CA1", "+31612345678"))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	vs := twiml(t, body)
	if names(vs) != "Gather,Say,Hangup" {
		t.Fatalf("verbs = %s in %s", names(vs), body)
	}
	g := vs[0]
	want := map[string]string{"input": "speech", "action": public + twilio.VoicePath + "?lang=en", "method": "POST", "language": "en-GB", "speechTimeout": "auto"}
	for k, v := range want {
		if g.Attrs[k] != v {
			t.Errorf("Gather %s = %q, want %q", k, g.Attrs[k], v)
		}
	}
	if len(g.Kids) != 1 || g.Kids[0].Name != "Say" || g.Kids[0].Text != catalog.T("en", "twilio.voice.greeting") ||
		g.Kids[0].Attrs["language"] != "en-GB" || g.Kids[0].Attrs["voice"] != "Polly.Amy" {
		t.Errorf("Gather holds %+v", g.Kids)
	}
	if len(l.calls) != 0 {
		t.Errorf("a turn ran without speech: %+v", l.calls)
	}
}

func TestVoice_KnownCallerIsGreetedInTheirLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, say, voice, hears string }{
		{"nl", "nl-NL", "Polly.Lotte", "nl-NL"},
		{"nb", "nb-NO", "Polly.Liv", "nb-NO"},
		{"zh", "cmn-CN", "Polly.Zhiyu", "cmn-Hans-CN"},
		{"ms", "ms-MY", "Google.ms-MY-Standard-A", "ms-MY"},
	} {
		l := newLine(t, twilio.VoiceOptions{LanguageOf: func(context.Context, string) string { return tc.lang }}, "", "", false, nil)
		_, body := l.serve(t, hooks().Call("CA1", "+31612345678"))
		g := twiml(t, body)[0]
		s := g.Kids[0]
		if g.Attrs["language"] != tc.hears || s.Attrs["language"] != tc.say || s.Attrs["voice"] != tc.voice ||
			s.Text != catalog.T(tc.lang, "twilio.voice.greeting") || !strings.HasSuffix(g.Attrs["action"], "?lang="+tc.lang) {
			t.Errorf("%s: %s", tc.lang, body)
		}
	}
}

func TestVoice_SpeechRunsATurnAndSpeaksTheReply(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "Your order <1042> ships Tuesday & arrives Wednesday.", "nl", false, nil)
	_, body := l.serve(t, hooks().Speech("CA1", "+31612345678", "waar is mijn bestelling", "lang=en"))
	if len(l.calls) != 1 || l.calls[0] != (call{"+31612345678", "waar is mijn bestelling", "en"}) {
		t.Fatalf("turns = %+v", l.calls)
	}
	vs := twiml(t, body)
	if names(vs) != "Gather,Say,Hangup" {
		t.Fatalf("verbs = %s", names(vs))
	}
	g := vs[0]
	if g.Kids[0].Text != "Your order <1042> ships Tuesday & arrives Wednesday." || g.Kids[0].Attrs["language"] != "nl-NL" {
		t.Errorf("reply = %+v", g.Kids[0])
	}
	if g.Attrs["action"] != public+twilio.VoicePath+"?lang=nl" || g.Attrs["language"] != "nl-NL" {
		t.Errorf("the next Gather did not follow the new language: %+v", g.Attrs)
	}
	if !strings.Contains(body, "&lt;1042&gt;") || !strings.Contains(body, "&amp; arrives") {
		t.Errorf("reply not escaped: %s", body)
	}
}

func TestVoice_HandoffDialsTheConfiguredNumber(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{HandoffNumber: "+31201234567"}, "Of course.", "", true, nil)
	_, body := l.serve(t, hooks().Speech("CA1", "+31612345678", "a person please", "lang=en"))
	vs := twiml(t, body)
	if names(vs) != "Say,Say,Dial" {
		t.Fatalf("verbs = %s in %s", names(vs), body)
	}
	if d := vs[2]; d.Text != "+31201234567" || d.Attrs["action"] != public+twilio.VoicePath+"?lang=en&dialed=1" {
		t.Errorf("Dial = %+v", d)
	}
	// Nobody answers: the caller is told a colleague calls back.
	f := hooks().CallForm("CA1", "+31612345678")
	f.Set("DialCallStatus", "no-answer")
	_, body = l.serve(t, hooks().Request(twilio.VoicePath+"?lang=en&dialed=1", f))
	vs = twiml(t, body)
	if names(vs) != "Say,Hangup" || vs[0].Text != catalog.T("en", "twilio.voice.callback") {
		t.Errorf("after an unanswered dial: %s", body)
	}
	f.Set("DialCallStatus", "completed")
	_, body = l.serve(t, hooks().Request(twilio.VoicePath+"?lang=en&dialed=1", f))
	if names(twiml(t, body)) != "Hangup" {
		t.Errorf("after a completed dial: %s", body)
	}
}

func TestVoice_HandoffWithoutNumberPromisesACallBack(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "Of course.", "", true, nil)
	_, body := l.serve(t, hooks().Speech("CA1", "+31612345678", "a person please", "lang=en"))
	vs := twiml(t, body)
	if names(vs) != "Say,Say,Hangup" || vs[0].Text != "Of course." || vs[1].Text != catalog.T("en", "twilio.voice.callback") {
		t.Errorf("TwiML = %s", body)
	}
}

func TestVoice_UnspokenLanguageSaysEnglishAndTextsInstead(t *testing.T) {
	// A caller known to write Armenian: no Twilio voice speaks it.
	l := newLine(t, twilio.VoiceOptions{LanguageOf: func(context.Context, string) string { return "hy" }}, "", "", false, nil)
	_, body := l.serve(t, hooks().Call("CA1", "+37491123456"))
	vs := twiml(t, body)
	if names(vs) != "Say,Hangup" || vs[0].Text != catalog.T("en", "twilio.voice.text_instead") || vs[0].Attrs["language"] != "en-GB" {
		t.Errorf("TwiML = %s", body)
	}
	if len(l.texted) != 1 || l.texted[0] != "+37491123456 hy" {
		t.Errorf("texted = %v", l.texted)
	}
	// A turn that finds the caller speaks Armenian ends the same way.
	l = newLine(t, twilio.VoiceOptions{}, "Բարև", "hy", false, nil)
	_, body = l.serve(t, hooks().Speech("CA1", "+37491123456", "barev", "lang=en"))
	if names(twiml(t, body)) != "Say,Hangup" || len(l.texted) != 1 {
		t.Errorf("after an Armenian turn: %s, texted %v", body, l.texted)
	}
	if twilio.Speaks("hy") || !twilio.Speaks("ms") {
		t.Error("Speaks disagrees with the voices")
	}
}

func TestVoice_TurnFailureApologisesAndListensAgain(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "", "", false, errors.New("store down"))
	_, body := l.serve(t, hooks().Speech("CA1", "+31612345678", "hello", "lang=nb"))
	vs := twiml(t, body)
	if names(vs) != "Gather,Say,Hangup" || vs[0].Kids[0].Text != catalog.T("nb", "twilio.voice.error") {
		t.Errorf("TwiML = %s", body)
	}
}

func TestVoice_RefusesWrongSignatureAndOtherAccounts(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "", "", false, nil)
	r := hooks().Call("CA1", "+31612345678")
	r.Header.Set(twilio.SignatureHeader, "AAAA")
	if code, _ := l.serve(t, r); code != http.StatusForbidden {
		t.Errorf("wrong signature: status %d", code)
	}
	// Signed for the SMS path, sent to the voice path.
	f := hooks().CallForm("CA1", "+31612345678")
	r = hooks().Request(twilio.VoicePath, f)
	r.Header.Set(twilio.SignatureHeader, twilio.Signature(token, public+twilio.SMSPath, f))
	if code, _ := l.serve(t, r); code != http.StatusForbidden {
		t.Errorf("signature of another URL: status %d", code)
	}
	f.Set("AccountSid", "AC99999999999999999999999999999999")
	code, body := l.serve(t, hooks().Request(twilio.VoicePath, f))
	if code != http.StatusOK || names(twiml(t, body)) != "Hangup" {
		t.Errorf("other account: %d %s", code, body)
	}
	w := httptest.NewRecorder()
	l.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, twilio.VoicePath, nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", w.Code)
	}
	if len(l.calls) != 0 {
		t.Errorf("turns ran: %+v", l.calls)
	}
}

func TestVoice_ForgedLanguageInTheQueryIsIgnored(t *testing.T) {
	l := newLine(t, twilio.VoiceOptions{}, "ok", "", false, nil)
	_, body := l.serve(t, hooks().Speech("CA1", "+31612345678", "hi", `lang="><x`))
	if len(l.calls) != 1 || l.calls[0].lang != "en" {
		t.Errorf("turn language = %+v", l.calls)
	}
	twiml(t, body)
}

func FuzzVoice(f *testing.F) {
	f.Add("lang=en", "where is my order", "CA1")
	f.Add("lang=zh", "我的订单在哪里", "CA2")
	f.Add("lang=hy&dialed=1", "\x00<]]>&", "")
	f.Add("", "", "")
	h := hooks()
	// The turn says back what it heard, whatever that is.
	l := &line{h: twilio.New(cfg(""), public, nil).Voice(twilio.VoiceOptions{T: catalog.T, HandoffNumber: "+31201234567",
		Turn: func(_ context.Context, _, text, _ string) (string, string, bool, error) {
			return text, "", len(text)%2 == 1, nil
		}})}
	f.Fuzz(func(t *testing.T, query, speech, callSID string) {
		form := h.CallForm(callSID, "+31612345678")
		form.Set("SpeechResult", speech)
		path := twilio.VoicePath
		if query != "" {
			path += "?" + query
		}
		if _, err := url.Parse(public + path); err != nil || strings.ContainsFunc(query, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return // not a request line Twilio could send
		}
		code, body := l.serve(t, h.Request(path, form))
		if code != http.StatusOK {
			return // e.g. a query Go's server reads differently from the URL signed
		}
		twiml(t, body)
	})
}
