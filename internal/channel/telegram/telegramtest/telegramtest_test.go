package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("answer %s is not JSON: %v", b, err)
	}
	return resp.StatusCode, m
}

func TestServer_AnswersLikeTheBotAPI(t *testing.T) {
	s := New(t, "1:tok")
	base := s.URL + "/bot1:tok/"
	tests := []struct {
		name, path, body string
		status           int
		description      string
	}{
		{"sends a message", base + "sendMessage", `{"chat_id":5,"text":"hi"}`, 200, ""},
		{"method names ignore case", base + "SENDMESSAGE", `{"chat_id":5,"text":"hi"}`, 200, ""},
		{"sends a photo", base + "sendPhoto", `{"chat_id":5,"photo":"https://x.test/a.jpg","caption":"c"}`, 200, ""},
		{"answers a callback", base + "answerCallbackQuery", `{"callback_query_id":"q1"}`, 200, ""},
		{"wrong token", s.URL + "/bot2:other/sendMessage", `{"chat_id":5,"text":"hi"}`, 401, "Unauthorized"},
		{"unknown method", base + "sendTelepathy", `{"chat_id":5}`, 404, "Not Found: method not found"},
		{"empty text", base + "sendMessage", `{"chat_id":5,"text":"  "}`, 400, "Bad Request: message text is empty"},
		{"text too long", base + "sendMessage", `{"chat_id":5,"text":"` + strings.Repeat("中", 4097) + `"}`, 400, "Bad Request: message is too long"},
		{"caption too long", base + "sendPhoto", `{"chat_id":5,"photo":"https://x.test/p.jpg","caption":"` + strings.Repeat("ա", 1025) + `"}`, 400, "Bad Request: message caption is too long"},
		{"callback data over 64 bytes", base + "sendMessage", `{"chat_id":5,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"` + strings.Repeat("中", 22) + `"}]]}}`, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"button with url and data", base + "sendMessage", `{"chat_id":5,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"d","url":"https://x.test"}]]}}`, 400, "Bad Request: BUTTON_TYPE_INVALID"},
		{"relative photo address", base + "sendPhoto", `{"chat_id":5,"photo":"/demo/images/a.svg"}`, 400, "Bad Request: wrong HTTP URL specified"},
		{"svg photo", base + "sendPhoto", `{"chat_id":5,"photo":"https://x.test/a.svg?v=1"}`, 400, "Bad Request: wrong type of the web page content"},
		{"no chat", base + "sendMessage", `{"text":"x"}`, 400, "Bad Request: chat_id is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, m := post(t, tt.path, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%v)", status, tt.status, m)
			}
			if tt.status == 200 {
				if m["ok"] != true || m["result"] == nil {
					t.Fatalf("answer %v", m)
				}
				return
			}
			if m["ok"] != false || m["error_code"] != float64(tt.status) || m["description"] != tt.description {
				t.Fatalf("answer %v, want error %d %q", m, tt.status, tt.description)
			}
		})
	}
	sent := s.Sent()
	if len(sent) != 3 || sent[0].MessageID != 101 || sent[2].MessageID != 103 || sent[2].Method != "sendPhoto" {
		t.Fatalf("sent %+v", sent)
	}
	if got := s.Answered(); len(got) != 1 || got[0] != "q1" {
		t.Fatalf("answered %v", got)
	}
}

func TestServer_FailsTheNextCallsOnRequest(t *testing.T) {
	s := New(t, "1:tok")
	s.FailNext(2, http.StatusTooManyRequests, 9)
	u := s.URL + "/bot1:tok/sendMessage"
	for range 2 {
		status, m := post(t, u, `{"chat_id":5,"text":"hi"}`)
		params, _ := m["parameters"].(map[string]any)
		if status != 429 || params["retry_after"] != float64(9) || m["description"] != "Too Many Requests: retry after 9" {
			t.Fatalf("status %d answer %v", status, m)
		}
	}
	if status, _ := post(t, u, `{"chat_id":5,"text":"hi"}`); status != 200 {
		t.Fatalf("third call answered %d", status)
	}
	if n, sent := len(s.Calls()), len(s.Sent()); n != 3 || sent != 1 {
		t.Fatalf("%d calls, %d sent", n, sent)
	}
}

func TestShopper_BuildsUpdatesInTheBotAPIShape(t *testing.T) {
	sh := Shopper{ID: 42, FirstName: "Ana", LanguageCode: "nl"}
	var u struct {
		UpdateID int64 `json:"update_id"`
		Message  struct {
			From struct{ ID int64 } `json:"from"`
			Chat struct {
				ID   int64
				Type string
			} `json:"chat"`
			Text     string                 `json:"text"`
			Entities []struct{ Length int } `json:"entities"`
		} `json:"message"`
		CallbackQuery struct {
			ID      string `json:"id"`
			Data    string `json:"data"`
			Message struct {
				Chat struct{ ID int64 } `json:"chat"`
			} `json:"message"`
		} `json:"callback_query"`
	}
	if err := json.Unmarshal(sh.Text(7, "/start c_1"), &u); err != nil {
		t.Fatal(err)
	}
	if u.UpdateID != 7 || u.Message.Chat.ID != 42 || u.Message.Chat.Type != "private" || u.Message.Text != "/start c_1" ||
		len(u.Message.Entities) != 1 || u.Message.Entities[0].Length != 6 {
		t.Fatalf("text update %+v", u)
	}
	if err := json.Unmarshal(sh.Tap(8, "cb", 101, "add:X"), &u); err != nil {
		t.Fatal(err)
	}
	if u.CallbackQuery.ID != "cb" || u.CallbackQuery.Data != "add:X" || u.CallbackQuery.Message.Chat.ID != 42 {
		t.Fatalf("tap update %+v", u.CallbackQuery)
	}
	r := Request("http://shop.test/webhooks/telegram", "sec", sh.Photo(9))
	if r.Header.Get(SecretHeader) != "sec" || r.Method != http.MethodPost {
		t.Fatalf("request %v %v", r.Method, r.Header)
	}
}
