package twilio

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Turn runs one spoken turn of the dialogue for a caller (E.164) who said
// text, heard in lang. It returns what to say back, the conversation's
// language after the turn (empty: unchanged) and whether the caller asked
// for a person. The reply is spoken as it is: plain sentences, no links
// (a link the caller needs goes out by SMS). The core implements it.
type Turn func(ctx context.Context, caller, text, lang string) (reply string, lang2 string, handoff bool, err error)

// VoiceOptions configure the voice line.
type VoiceOptions struct {
	Turn Turn
	// T is the message catalogue (i18n.Catalog.T): the line's own
	// sentences (greeting, goodbye…) in the caller's language.
	T func(lang, key string, args ...any) string
	// Language is the language a caller is greeted in when nothing else
	// is known; default "en".
	Language string
	// LanguageOf, when set, gives the language of a caller the shop knows
	// (an earlier conversation on the same number); "" when unknown.
	LanguageOf func(ctx context.Context, caller string) string
	// HandoffNumber is the E.164 number a hand-off is put through to;
	// empty: the caller is told a colleague will call back.
	HandoffNumber string
	// TextInstead, when set, is called for a caller whose language Twilio
	// cannot speak (Speaks is false): the line says so in English and hangs
	// up, and the core sends an SMS in the caller's language instead.
	TextInstead func(ctx context.Context, caller, lang string)
	// Timeout bounds a turn; Twilio waits 15 seconds for TwiML. Default 10s.
	Timeout time.Duration
	Logger  *slog.Logger
}

// Voice is how Twilio speaks and hears one of the shop's languages.
type Voice struct {
	Language string // <Say language>
	Name     string // <Say voice>
	Hears    string // <Gather language>, the speech recogniser's code
}

// voices are Twilio's standard text-to-speech voices for the shop's
// languages (Amazon Polly, and Google for Malay, which Polly lacks).
// Armenian has no Twilio voice (neither Polly nor Google), though its
// speech could be recognised: a caller who speaks it is texted instead.
var voices = map[string]Voice{
	"en": {Language: "en-GB", Name: "Polly.Amy", Hears: "en-GB"},
	"nl": {Language: "nl-NL", Name: "Polly.Lotte", Hears: "nl-NL"},
	"nb": {Language: "nb-NO", Name: "Polly.Liv", Hears: "nb-NO"},
	"zh": {Language: "cmn-CN", Name: "Polly.Zhiyu", Hears: "cmn-Hans-CN"},
	"ms": {Language: "ms-MY", Name: "Google.ms-MY-Standard-A", Hears: "ms-MY"},
}

// VoiceFor returns the voice for one of our language codes.
func VoiceFor(lang string) (Voice, bool) {
	v, ok := voices[lang]
	return v, ok
}

// Speaks reports whether the line can talk with a caller in lang. When it
// cannot (Armenian), the line says a short English sentence and hangs up,
// and the core sends the caller an SMS (VoiceOptions.TextInstead).
func Speaks(lang string) bool {
	_, ok := voices[lang]
	return ok
}

// maxSay bounds one <Say>: Twilio refuses text beyond 4,096 characters.
const maxSay = 4000

// Voice returns the handler of POST /webhooks/twilio/voice. It checks the
// signature on its own public URL, answers a new call with a spoken
// greeting inside <Gather input="speech">, runs a turn for each
// SpeechResult and speaks the reply inside the next <Gather>, and puts a
// hand-off through to HandoffNumber. The language travels in the action
// URL (?lang=nl), which Twilio signs with the rest.
func (p *Provider) Voice(o VoiceOptions) http.Handler {
	if o.Language == "" {
		o.Language = "en"
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.T == nil {
		o.T = func(_, key string, _ ...any) string { return key }
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &voiceLine{p: p, o: o}
}

type voiceLine struct {
	p *Provider
	o VoiceOptions
}

func (v *voiceLine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if err := v.p.Verify(r, body); err != nil {
		http.Error(w, "signature missing or wrong", http.StatusForbidden)
		return
	}
	f, err := url.ParseQuery(string(body))
	if err != nil || f.Get("AccountSid") != v.p.cfg.AccountSID {
		writeTwiML(w, hangup{})
		return
	}
	writeTwiML(w, v.answer(r, f)...)
}

// answer is the TwiML for one request of the call.
func (v *voiceLine) answer(r *http.Request, f url.Values) []any {
	ctx := r.Context()
	caller := f.Get("From")
	q := r.URL.Query()
	lang := q.Get("lang")
	if !langCode(lang) {
		lang = ""
	}
	if lang == "" && v.o.LanguageOf != nil {
		lang = v.o.LanguageOf(ctx, caller)
	}
	if lang == "" {
		lang = v.o.Language
	}
	if q.Get("dialed") != "" {
		// Back from <Dial>: nobody answered unless Twilio says so.
		if s := f.Get("DialCallStatus"); s == "completed" || s == "answered" {
			return []any{hangup{}}
		}
		return []any{v.say(lang, v.o.T(lang, "twilio.voice.callback")), hangup{}}
	}
	if !Speaks(lang) {
		return v.textInstead(ctx, caller, lang)
	}
	speech := f.Get("SpeechResult")
	if speech == "" {
		return v.gather(lang, v.o.T(lang, "twilio.voice.greeting"))
	}
	tctx, cancel := context.WithTimeout(ctx, v.o.Timeout)
	defer cancel()
	reply, lang2, handoff, err := v.o.Turn(tctx, caller, speech, lang)
	if err != nil {
		v.o.Logger.Error("voice turn", "call", f.Get("CallSid"), "err", err)
		return v.gather(lang, v.o.T(lang, "twilio.voice.error"))
	}
	if lang2 != "" && lang2 != lang {
		if !Speaks(lang2) {
			return v.textInstead(ctx, caller, lang2)
		}
		lang = lang2
	}
	if handoff {
		out := []any{}
		if reply != "" {
			out = append(out, v.say(lang, reply))
		}
		if v.o.HandoffNumber == "" {
			return append(out, v.say(lang, v.o.T(lang, "twilio.voice.callback")), hangup{})
		}
		return append(out,
			v.say(lang, v.o.T(lang, "twilio.voice.connecting")),
			dial{Action: v.actionURL(lang) + "&dialed=1", Method: http.MethodPost, Number: v.o.HandoffNumber})
	}
	return v.gather(lang, reply)
}

// textInstead is the line's answer to a language it cannot speak: a short
// English sentence, an SMS sent by the core, and goodbye.
func (v *voiceLine) textInstead(ctx context.Context, caller, lang string) []any {
	if v.o.TextInstead != nil {
		v.o.TextInstead(ctx, caller, lang)
	}
	return []any{v.say("en", v.o.T("en", "twilio.voice.text_instead")), hangup{}}
}

// gather speaks text (if any) while listening, and says goodbye when the
// caller stays silent (Twilio then goes on to the verbs after <Gather>).
func (v *voiceLine) gather(lang, text string) []any {
	vo := voices[lang]
	g := gather{Input: "speech", Action: v.actionURL(lang), Method: http.MethodPost, Language: vo.Hears, SpeechTimeout: "auto"}
	if text != "" {
		s := v.say(lang, text)
		g.Say = &s
	}
	return []any{g, v.say(lang, v.o.T(lang, "twilio.voice.no_input")), hangup{}}
}

func (v *voiceLine) say(lang, text string) say {
	vo := voices[lang]
	return say{Language: vo.Language, Voice: vo.Name, Text: Truncate(text, maxSay)}
}

// langCode accepts a language code as ours are written (en, nl, zh, hy):
// the query is signed, but it is still read back into TwiML.
func langCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func (v *voiceLine) actionURL(lang string) string {
	return v.p.publicURL + VoicePath + "?lang=" + url.QueryEscape(lang)
}

// TwiML verbs; encoding/xml escapes their text and attributes.
type (
	say struct {
		XMLName  xml.Name `xml:"Say"`
		Language string   `xml:"language,attr,omitempty"`
		Voice    string   `xml:"voice,attr,omitempty"`
		Text     string   `xml:",chardata"`
	}
	gather struct {
		XMLName       xml.Name `xml:"Gather"`
		Input         string   `xml:"input,attr"`
		Action        string   `xml:"action,attr"`
		Method        string   `xml:"method,attr"`
		Language      string   `xml:"language,attr,omitempty"`
		SpeechTimeout string   `xml:"speechTimeout,attr"`
		Say           *say
	}
	dial struct {
		XMLName xml.Name `xml:"Dial"`
		Action  string   `xml:"action,attr,omitempty"`
		Method  string   `xml:"method,attr,omitempty"`
		Number  string   `xml:",chardata"`
	}
	hangup struct {
		XMLName xml.Name `xml:"Hangup"`
	}
	response struct {
		XMLName xml.Name `xml:"Response"`
		Verbs   []any
	}
)

func writeTwiML(w http.ResponseWriter, verbs ...any) {
	b, err := xml.Marshal(response{Verbs: verbs})
	if err != nil { // only our own types are marshalled
		http.Error(w, "twiml", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	io.WriteString(w, xml.Header)
	w.Write(b)
}
