package whatsapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

func standIn(t *testing.T) (*whatsapptest.Server, *whatsapp.Provider) {
	t.Helper()
	s := whatsapptest.New(t, config.WhatsApp{})
	return s, whatsapp.New(s.Config(), s.Client())
}

func TestHandshake_EchoesChallengeOnlyForTheVerifyToken(t *testing.T) {
	_, p := standIn(t)
	tests := []struct {
		name       string
		req        *http.Request
		wantStatus int
		wantBody   string
	}{
		{"right token", whatsapptest.Handshake("/webhooks/whatsapp", "test-verify-token", "1158201444"), 200, "1158201444"},
		{"wrong token", whatsapptest.Handshake("/webhooks/whatsapp", "guess", "1158201444"), 403, ""},
		{"empty token", whatsapptest.Handshake("/webhooks/whatsapp", "", "1158201444"), 403, ""},
		{"wrong mode", httptest.NewRequest("GET", "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1", nil), 403, ""},
		{"no query", httptest.NewRequest("GET", "/webhooks/whatsapp", nil), 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			p.Handshake(w, tt.req)
			if w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tt.wantStatus)
			}
			if tt.wantStatus == 200 {
				if w.Body.String() != tt.wantBody {
					t.Errorf("body %q, want %q", w.Body.String(), tt.wantBody)
				}
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
					t.Errorf("content type %q", ct)
				}
			} else if strings.Contains(w.Body.String(), "1158201444") {
				t.Error("challenge echoed on a refused handshake")
			}
		})
	}
}

func TestHandshake_RefusedWithoutAConfiguredToken(t *testing.T) {
	p := whatsapp.New(config.WhatsApp{Token: "t", PhoneNumberID: "1", AppSecret: "s"}, nil)
	w := httptest.NewRecorder()
	p.Handshake(w, whatsapptest.Handshake("/", "", "42"))
	if w.Code != 403 {
		t.Fatalf("status %d, want 403", w.Code)
	}
}

func TestVerify_AcceptsOnlyMetasSignatureOfTheRawBody(t *testing.T) {
	s, p := standIn(t)
	wh := s.Webhooks().Text(whatsapptest.From{WaID: "31612345678", Name: "Anna"}, "hi")
	other := whatsapptest.Webhooks{AppSecret: "another-secret", PhoneNumberID: s.Config().PhoneNumberID}.Sign(wh.Body)
	tests := []struct {
		name   string
		header string
		body   []byte
		want   error
	}{
		{"good", wh.Header.Get(whatsapp.SignatureHeader), wh.Body, nil},
		{"missing", "", wh.Body, channel.ErrSignature},
		{"other secret", other.Header.Get(whatsapp.SignatureHeader), wh.Body, channel.ErrSignature},
		{"body changed", wh.Header.Get(whatsapp.SignatureHeader), append([]byte(" "), wh.Body...), channel.ErrSignature},
		{"no prefix", strings.TrimPrefix(wh.Header.Get(whatsapp.SignatureHeader), "sha256="), wh.Body, channel.ErrSignature},
		{"sha1 header style", "sha1=" + strings.TrimPrefix(wh.Header.Get(whatsapp.SignatureHeader), "sha256="), wh.Body, channel.ErrSignature},
		{"not hex", "sha256=zz", wh.Body, channel.ErrSignature},
		{"truncated", wh.Header.Get(whatsapp.SignatureHeader)[:20], wh.Body, channel.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/webhooks/whatsapp", nil)
			if tt.header != "" {
				r.Header.Set(whatsapp.SignatureHeader, tt.header)
			}
			if err := p.Verify(r, tt.body); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSend_PostsTheBodyWithBearerTokenAndReturnsTheWamid(t *testing.T) {
	s, p := standIn(t)
	body := []byte(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"text","text":{"preview_url":false,"body":"Hello"}}`)
	sent, err := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/"+whatsapptest.Version+"/"+s.Config().PhoneNumberID+"/messages" {
		t.Errorf("path %q", r.Path)
	}
	if r.Authorization != "Bearer test-token" {
		t.Errorf("authorization %q", r.Authorization)
	}
	if string(r.Body) != string(body) {
		t.Errorf("body changed on the way:\n%s", r.Body)
	}
	if sent.ID == "" || sent.ID != r.ID || !strings.HasPrefix(sent.ID, "wamid.") {
		t.Errorf("Sent.ID %q, stand-in answered %q", sent.ID, r.ID)
	}
	again, _ := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: body})
	if again.ID == sent.ID {
		t.Error("two sends got one message id")
	}
}

func TestSend_ReplacesTheRecipientWhenTheOutboxSaysAnother(t *testing.T) {
	s, p := standIn(t)
	body := []byte(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"","type":"text","text":{"preview_url":false,"body":"Hello"}}`)
	if _, err := p.Send(context.Background(), "60123456789", channel.Outgoing{Body: body}); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()[0].Message["to"]; got != "60123456789" {
		t.Fatalf("to = %v", got)
	}
}

func TestSend_ClassifiesFailures(t *testing.T) {
	good := []byte(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"31612345678","type":"text","text":{"preview_url":false,"body":"Hello"}}`)
	tests := []struct {
		name       string
		fail       int
		body       []byte
		token      string
		wantStatus int
		wantRetry  bool
		wantAfter  time.Duration
	}{
		{"rate limited", 429, good, "", 429, true, time.Second},
		{"server error", 500, good, "", 500, true, 0},
		{"bad request", 0, []byte(`{"messaging_product":"whatsapp","to":"31612345678","type":"text","text":{"body":""}}`), "", 400, false, 0},
		{"wrong token", 0, good, "stolen", 401, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := whatsapptest.New(t, config.WhatsApp{})
			cfg := s.Config()
			if tt.token != "" {
				cfg.Token = tt.token
			}
			p := whatsapp.New(cfg, s.Client())
			if tt.fail != 0 {
				s.FailNext(1, tt.fail)
			}
			_, err := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: tt.body})
			var se *channel.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a SendError", err)
			}
			if se.Status != tt.wantStatus || se.Retry != tt.wantRetry || se.RetryAfter != tt.wantAfter {
				t.Fatalf("got status %d retry %v after %v, want %d %v %v", se.Status, se.Retry, se.RetryAfter, tt.wantStatus, tt.wantRetry, tt.wantAfter)
			}
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) || ae.Code == 0 {
				t.Errorf("Graph error not kept: %v", err)
			}
			if tt.fail != 0 { // the failure was for one call only
				if _, err := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: tt.body}); err != nil {
					t.Fatalf("next send: %v", err)
				}
			}
		})
	}
}

// Meta answers some throttling with HTTP 400 and a rate-limit code: still
// worth retrying.
func TestSend_RetriesARateLimitCodeUnderA400(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit", "type": "OAuthException", "code": 131056}})
	}))
	defer srv.Close()
	p := whatsapp.New(config.WhatsApp{Token: "t", PhoneNumberID: "1", APIURL: srv.URL}, srv.Client())
	_, err := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: []byte(`{"to":"31612345678"}`)})
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.Status != 400 {
		t.Fatalf("got %#v", err)
	}
}

func TestSend_NetworkErrorIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	p := whatsapp.New(config.WhatsApp{Token: "t", PhoneNumberID: "1", APIURL: url}, nil)
	_, err := p.Send(context.Background(), "31612345678", channel.Outgoing{Body: []byte(`{"to":"31612345678"}`)})
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.Status != 0 {
		t.Fatalf("got %v", err)
	}
}
