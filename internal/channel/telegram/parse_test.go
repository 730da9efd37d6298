package telegram

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/telegram/telegramtest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

const (
	testToken  = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
	testSecret = "s3cret_Token-for-tests"
)

func testProvider(apiURL string) *Provider {
	p := New(config.Telegram{Token: testToken, Secret: testSecret, APIURL: apiURL}, nil)
	p.now = func() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }
	return p
}

func TestVerify_AcceptsOnlyTheRightSecretHeader(t *testing.T) {
	body := telegramtest.Shopper{ID: 42, FirstName: "Ana"}.Text(1, "hi")
	tests := []struct {
		name       string
		configured string
		header     string
		set        bool
		want       error
	}{
		{"right secret", testSecret, testSecret, true, nil},
		{"wrong secret", testSecret, "not-the-secret", true, channel.ErrSignature},
		{"missing header", testSecret, "", false, channel.ErrSignature},
		{"empty header", testSecret, "", true, channel.ErrSignature},
		{"prefix of the secret", testSecret, testSecret[:len(testSecret)-1], true, channel.ErrSignature},
		{"secret with more after it", testSecret, testSecret + "x", true, channel.ErrSignature},
		{"other case", testSecret, strings.ToUpper(testSecret), true, channel.ErrSignature},
		{"no secret configured refuses all", "", "", true, channel.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(config.Telegram{Token: testToken, Secret: tt.configured}, nil)
			r := httptest.NewRequest(http.MethodPost, "/webhooks/telegram", strings.NewReader(string(body)))
			if tt.set {
				r.Header.Set(telegramtest.SecretHeader, tt.header)
			}
			if err := p.Verify(r, body); !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerify_StandInRequestsPass(t *testing.T) {
	body := telegramtest.Shopper{ID: 42}.Text(5, "hello")
	r := telegramtest.Request("http://shop.test/webhooks/telegram", testSecret, body)
	if err := testProvider("").Verify(r, body); err != nil {
		t.Fatalf("a webhook built by telegramtest is refused: %v", err)
	}
}

func TestParse_ReadsEachKindOfUpdate(t *testing.T) {
	at := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	ana := telegramtest.Shopper{ID: 987654321, FirstName: "Ana", LanguageCode: "nl", At: at}
	wei := telegramtest.Shopper{ID: 55, FirstName: "伟", LanguageCode: "zh-hans", At: at}
	tests := []struct {
		name string
		body []byte
		want []channel.Event
	}{
		{"text", ana.Text(1001, "heeft u regenjassen?"), []channel.Event{{
			Kind: channel.EventMessage, ID: "1001", Sender: "987654321", Name: "Ana",
			Text: "heeft u regenjassen?", Language: "nl", Time: at}}},
		{"start without parameter", ana.Text(1002, "/start"), []channel.Event{{
			Kind: channel.EventMessage, ID: "1002", Sender: "987654321", Name: "Ana", Text: "/start", Language: "nl", Time: at}}},
		{"start with a deep-link parameter passes through unchanged", ana.Text(1003, "/start c_abc123-XYZ"), []channel.Event{{
			Kind: channel.EventMessage, ID: "1003", Sender: "987654321", Name: "Ana", Text: "/start c_abc123-XYZ", Language: "nl", Time: at}}},
		{"chinese text", wei.Text(1004, "有黑色的跑鞋吗"), []channel.Event{{
			Kind: channel.EventMessage, ID: "1004", Sender: "55", Name: "伟", Text: "有黑色的跑鞋吗", Language: "zh", Time: at}}},
		{"button tap", ana.Tap(1005, "4382bfdwdsb323b2d9", 77, "add:SHOE-42"), []channel.Event{{
			Kind: channel.EventMessage, ID: "1005", Sender: "987654321", Name: "Ana", Payload: "add:SHOE-42",
			Language: "nl", CallbackID: "4382bfdwdsb323b2d9", Time: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}}},
		{"photo is unsupported", ana.Photo(1006), []channel.Event{{
			Kind: channel.EventMessage, ID: "1006", Sender: "987654321", Name: "Ana", Language: "nl", Unsupported: true, Time: at}}},
		{"sticker is unsupported", ana.Sticker(1007), []channel.Event{{
			Kind: channel.EventMessage, ID: "1007", Sender: "987654321", Name: "Ana", Language: "nl", Unsupported: true, Time: at}}},
		{"voice is unsupported", ana.Voice(1008), []channel.Event{{
			Kind: channel.EventMessage, ID: "1008", Sender: "987654321", Name: "Ana", Language: "nl", Unsupported: true, Time: at}}},
		{"edited message is left out", ana.Edited(1009, "changed"), nil},
		{"channel post is left out", []byte(`{"update_id":1010,"channel_post":{"message_id":1,"chat":{"id":-100123,"type":"channel"},"date":1764927000,"text":"news"}}`), nil},
		{"group message is left out", []byte(`{"update_id":1011,"message":{"message_id":1,"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":-42,"type":"group"},"date":1764927000,"text":"hi"}}`), nil},
		{"message from a bot is left out", []byte(`{"update_id":1012,"message":{"message_id":1,"from":{"id":5,"is_bot":true,"first_name":"B"},"chat":{"id":5,"type":"private"},"date":1764927000,"text":"hi"}}`), nil},
		{"service message is left out", []byte(`{"update_id":1013,"message":{"message_id":1,"from":{"id":5,"is_bot":false,"first_name":"A"},"chat":{"id":5,"type":"private"},"date":1764927000,"pinned_message":{"message_id":3,"chat":{"id":5,"type":"private"},"date":1}}}`), nil},
		{"tap on an inline-mode message is left out", []byte(`{"update_id":1014,"callback_query":{"id":"77","from":{"id":5,"is_bot":false,"first_name":"A"},"inline_message_id":"AAA","chat_instance":"1","data":"x"}}`), nil},
		{"tap on a message too old to show still counts", []byte(`{"update_id":1015,"callback_query":{"id":"78","from":{"id":5,"is_bot":false,"first_name":"A","language_code":"hy"},"message":{"message_id":3,"chat":{"id":5,"type":"private"},"date":0},"chat_instance":"1","data":"checkout"}}`),
			[]channel.Event{{Kind: channel.EventMessage, ID: "1015", Sender: "5", Name: "A", Payload: "checkout", Language: "hy", CallbackID: "78", Time: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}}},
		{"inline query is left out", []byte(`{"update_id":1016,"inline_query":{"id":"1","from":{"id":5,"is_bot":false,"first_name":"A"},"query":"shoes","offset":""}}`), nil},
		{"blocked-bot notice is left out", []byte(`{"update_id":1017,"my_chat_member":{"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}`), nil},
	}
	p := testProvider("")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Parse(nil, tt.body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Parse = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("event %d = %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParse_RedeliveredUpdateHasTheSameID(t *testing.T) {
	body := telegramtest.Shopper{ID: 9, FirstName: "Kari"}.Text(424242, "har dere ullsokker?")
	p := testProvider("")
	a, err1 := p.Parse(nil, body)
	b, err2 := p.Parse(nil, body)
	if err1 != nil || err2 != nil || len(a) != 1 || len(b) != 1 {
		t.Fatalf("Parse: %v %v %v %v", a, b, err1, err2)
	}
	if a[0].ID != "424242" || a[0].ID != b[0].ID {
		t.Fatalf("ids %q and %q, want both 424242", a[0].ID, b[0].ID)
	}
}

func TestParse_RefusesWhatIsNotAnUpdate(t *testing.T) {
	for _, body := range []string{"", "{", "[]", "null", `"text"`, `{}`, `{"update_id":"1"}`, `{"update_id":0,"message":{}}`,
		`{"update_id":-5}`, `{"update_id":1,"message":"x"}`, `{"update_id":1,"callback_query":[]}`} {
		if ev, err := testProvider("").Parse(nil, []byte(body)); err == nil {
			t.Errorf("Parse(%q) = %v, nil; want an error", body, ev)
		}
	}
}

func TestLanguage_MapsTelegramCodesToOurs(t *testing.T) {
	tests := map[string]string{
		"en": "en", "en-US": "en", "en-gb": "en", "nl": "nl", "nl-BE": "nl", "ms": "ms", "ms-MY": "ms",
		"zh": "zh", "zh-hans": "zh", "zh-CN": "zh", "zh_CN": "zh", "zh-Hans-CN": "zh", "zh-sg": "zh",
		"zh-hant": "", "zh-TW": "", "zh-HK": "",
		"nb": "nb", "no": "nb", "nb-NO": "nb", "nn": "",
		"hy": "hy", "hy-AM": "hy",
		"de": "", "ru": "", "": "", "  ": "", "english": "",
	}
	for in, want := range tests {
		if got := Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	s := telegramtest.Shopper{ID: 987654321, FirstName: "Ana", LanguageCode: "nl"}
	for _, b := range [][]byte{
		s.Text(1, "heeft u regenjassen in maat M?"),
		s.Text(2, "/start c_abc"),
		s.Tap(3, "4382bfdwdsb323b2d9", 10, "add:SHOE-42"),
		s.Photo(4), s.Sticker(5), s.Voice(6), s.Edited(7, "x"),
		[]byte(`{"update_id":8,"callback_query":{"id":"1","from":{"id":5},"message":{"message_id":3,"chat":{"id":5},"date":0},"data":""}}`),
		[]byte(`{"update_id":9,"message":{"message_id":1,"from":{"id":5},"chat":{"id":-5,"type":"supergroup"},"text":"x"}}`),
		[]byte(`{"update_id":1e3}`), []byte(`{"update_id":10,"message":null}`), []byte(`{`),
	} {
		f.Add(b)
	}
	p := testProvider("")
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := p.Parse(nil, body)
		if err != nil && len(evs) > 0 {
			t.Fatalf("events with an error: %v", evs)
		}
		for _, e := range evs {
			if e.ID == "" || e.Sender == "" || e.Kind != channel.EventMessage {
				t.Fatalf("incomplete event %+v", e)
			}
			if e.Payload != "" && e.CallbackID == "" {
				t.Fatalf("payload without a callback id: %+v", e)
			}
		}
	})
}
