package whatsapptest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

func post(t *testing.T, s *whatsapptest.Server, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.Config().APIURL+"/"+s.Config().PhoneNumberID+"/messages", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func interactive(ia string) string {
	return `{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"interactive","interactive":` + ia + `}`
}

func rows(n int, title string) string {
	var rs []string
	for i := range n {
		rs = append(rs, fmt.Sprintf(`{"id":"r%d","title":%q}`, i, title))
	}
	return strings.Join(rs, ",")
}

// The stand-in is what render tests trust for WhatsApp's limits: it must
// refuse what Meta refuses.
func TestServer_RefusesWhatTheCloudAPIRefuses(t *testing.T) {
	s := whatsapptest.New(t, config.WhatsApp{})
	tok := s.Config().Token
	btn := func(id, title string) string {
		return fmt.Sprintf(`{"type":"reply","reply":{"id":%q,"title":%q}}`, id, title)
	}
	tests := []struct {
		name, token, body string
		want              int
	}{
		{"good text", tok, `{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":"hi"}}`, 200},
		{"wrong token", "nope", `{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":"hi"}}`, 401},
		{"empty text", tok, `{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":""}}`, 400},
		{"text too long", tok, `{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":"` + strings.Repeat("字", 4097) + `"}}`, 400},
		{"no messaging_product", tok, `{"to":"31612345678","type":"text","text":{"body":"hi"}}`, 400},
		{"three buttons", tok, interactive(`{"type":"button","body":{"text":"?"},"action":{"buttons":[` + btn("a", "A") + "," + btn("b", "B") + "," + btn("c", "C") + `]}}`), 200},
		{"four buttons", tok, interactive(`{"type":"button","body":{"text":"?"},"action":{"buttons":[` + btn("a", "A") + "," + btn("b", "B") + "," + btn("c", "C") + "," + btn("d", "D") + `]}}`), 400},
		{"button title 21", tok, interactive(`{"type":"button","body":{"text":"?"},"action":{"buttons":[` + btn("a", strings.Repeat("Ա", 21)) + `]}}`), 400},
		{"same button titles", tok, interactive(`{"type":"button","body":{"text":"?"},"action":{"buttons":[` + btn("a", "A") + "," + btn("b", "A") + `]}}`), 400},
		{"ten rows", tok, interactive(`{"type":"list","body":{"text":"?"},"action":{"button":"Choose","sections":[{"rows":[` + rows(10, "x") + `]}]}}`), 200},
		{"eleven rows", tok, interactive(`{"type":"list","body":{"text":"?"},"action":{"button":"Choose","sections":[{"rows":[` + rows(11, "x") + `]}]}}`), 400},
		{"row title 25", tok, interactive(`{"type":"list","body":{"text":"?"},"action":{"button":"Choose","sections":[{"rows":[` + rows(1, strings.Repeat("外", 25)) + `]}]}}`), 400},
		{"two sections, one untitled", tok, interactive(`{"type":"list","body":{"text":"?"},"action":{"button":"Choose","sections":[{"title":"A","rows":[{"id":"1","title":"x"}]},{"rows":[{"id":"2","title":"y"}]}]}}`), 400},
		{"repeated row id", tok, interactive(`{"type":"list","body":{"text":"?"},"action":{"button":"Choose","sections":[{"rows":[{"id":"1","title":"x"},{"id":"1","title":"y"}]}]}}`), 400},
		{"template parameter with a new line", tok, `{"messaging_product":"whatsapp","to":"31612345678","type":"template","template":{"name":"t","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"a\nb"}]}]}}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, answer := post(t, s, tt.token, tt.body)
			if status != tt.want {
				t.Fatalf("status %d, want %d: %v", status, tt.want, answer)
			}
			if status == 200 {
				msgs, _ := answer["messages"].([]any)
				if len(msgs) != 1 || !strings.HasPrefix(msgs[0].(map[string]any)["id"].(string), "wamid.") {
					t.Errorf("answer %v", answer)
				}
			} else if _, ok := answer["error"].(map[string]any)["code"]; !ok {
				t.Errorf("error answer without a code: %v", answer)
			}
		})
	}
	if n := len(s.Requests()); n != len(tests) {
		t.Errorf("%d requests recorded, want %d", n, len(tests))
	}
	if n := len(s.Sent()); n != 3 {
		t.Errorf("%d accepted, want 3", n)
	}
}

func TestServer_FailsTheNextCalls(t *testing.T) {
	s := whatsapptest.New(t, config.WhatsApp{})
	s.FailNext(2, 429)
	body := `{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":"hi"}}`
	for i, want := range []int{429, 429, 200} {
		if got, _ := post(t, s, s.Config().Token, body); got != want {
			t.Fatalf("call %d: %d, want %d", i, got, want)
		}
	}
}

// The signature is Meta's: HMAC-SHA256 of the raw body keyed with the app
// secret, hex, "sha256=" in front (vector from a published SDK's docs).
func TestWebhooks_SignLikeMeta(t *testing.T) {
	w := whatsapptest.Webhooks{AppSecret: "secret"}.Sign([]byte("test"))
	if got := w.Header.Get("X-Hub-Signature-256"); got != "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914" {
		t.Fatalf("signature %q", got)
	}
	if !bytes.Equal(w.Body, []byte("test")) {
		t.Fatal("body changed")
	}
}

func TestWebhooks_BodyHasMetasShape(t *testing.T) {
	w := whatsapptest.Webhooks{AppSecret: "s", PhoneNumberID: "106540352242922", DisplayNumber: "15550783881"}
	wh := w.ListReply(whatsapptest.From{WaID: "31612345678", Name: "Anna", ID: "wamid.X"}, "add:SKU", "M", "")
	var v struct {
		Object string `json:"object"`
		Entry  []struct {
			Changes []struct {
				Field string `json:"field"`
				Value struct {
					Metadata struct {
						PhoneNumberID string `json:"phone_number_id"`
					} `json:"metadata"`
					Contacts []struct {
						WaID string `json:"wa_id"`
					} `json:"contacts"`
					Messages []struct {
						From, ID, Timestamp, Type string
						Interactive               struct {
							Type      string                     `json:"type"`
							ListReply struct{ ID, Title string } `json:"list_reply"`
						} `json:"interactive"`
					} `json:"messages"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(wh.Body, &v); err != nil {
		t.Fatal(err)
	}
	c := v.Entry[0].Changes[0]
	m := c.Value.Messages[0]
	if v.Object != "whatsapp_business_account" || c.Field != "messages" || c.Value.Metadata.PhoneNumberID != "106540352242922" ||
		c.Value.Contacts[0].WaID != "31612345678" || m.Type != "interactive" || m.Interactive.Type != "list_reply" ||
		m.Interactive.ListReply.ID != "add:SKU" || m.Timestamp == "" || m.ID != "wamid.X" {
		t.Fatalf("%+v", v)
	}
}
