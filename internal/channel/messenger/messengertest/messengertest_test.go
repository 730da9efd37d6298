package messengertest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
)

func TestPage_SignsTheEscapedBodyItSends(t *testing.T) {
	p := messengertest.Page{ID: "1", AppSecret: "s"}
	h := p.Text("9", "m_1", "你好 / Բարև", time.UnixMilli(1765022400000))
	if bytes.ContainsAny(h.Body, "你Բ") || bytes.Count(h.Body, []byte("/")) != bytes.Count(h.Body, []byte(`\/`)) || !bytes.Contains(h.Body, []byte(`\u4f60`)) || !bytes.Contains(h.Body, []byte(`\/`)) {
		t.Errorf("body not escaped as Meta does: %s", h.Body)
	}
	if got := h.Header.Get("X-Hub-Signature-256"); got != messengertest.Sign(h.Body, "s") || !strings.HasPrefix(got, "sha256=") {
		t.Errorf("signature %q", got)
	}
	var v struct {
		Object string
		Entry  []struct {
			Messaging []struct {
				Timestamp int64
				Message   struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal(h.Body, &v); err != nil || v.Object != "page" || v.Entry[0].Messaging[0].Message.Text != "你好 / Բարև" ||
		v.Entry[0].Messaging[0].Timestamp != 1765022400000 {
		t.Errorf("decoded %+v, %v", v, err)
	}
	r := h.Request("http://shop.example/webhooks/messenger")
	b, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || !bytes.Equal(b, h.Body) || r.Header.Get("X-Hub-Signature-256") == "" {
		t.Errorf("request %s %v", r.Method, r.Header)
	}
}

func TestServer_AnswersTheSendAPIShapeAndRefusesOtherPaths(t *testing.T) {
	s := messengertest.New("tok", "")
	defer s.Close()
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(s.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	ok := `{"recipient":{"id":"9"},"messaging_type":"UPDATE","message":{"text":"hi"}}`
	if code, v := post("/v21.0/me/messages?access_token=tok", ok); code != 200 || v["recipient_id"] != "9" || !strings.HasPrefix(v["message_id"].(string), "m_") {
		t.Errorf("%d %v", code, v)
	}
	if code, v := post("/v21.0/me/messages", ok); code != 400 || v["error"].(map[string]any)["code"] != float64(190) {
		t.Errorf("no token: %d %v", code, v)
	}
	if code, _ := post("/v21.0/123/feed?access_token=tok", ok); code != 400 {
		t.Errorf("other path: %d", code)
	}
	s.FailNext(1, 503)
	if code, v := post("/v21.0/me/messages?access_token=tok", ok); code != 503 || v["error"].(map[string]any)["code"] != float64(2) {
		t.Errorf("planned failure: %d %v", code, v)
	}
	if got := len(s.Requests()); got != 4 {
		t.Errorf("%d requests recorded, want 4", got)
	}
}
