package messenger_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger/messengertest"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

func textOut(t *testing.T, text string) channel.Outgoing {
	t.Helper()
	outs := messenger.New(cfg, nil).Render(conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: text}, rc("en", time.Minute))
	if len(outs) != 1 {
		t.Fatalf("rendered %d", len(outs))
	}
	return outs[0]
}

func TestSend_DeliversToMeMessagesWithThePageToken(t *testing.T) {
	srv := messengertest.New("page-token", secret)
	defer srv.Close()
	p := messenger.New(srv.Config("v"), srv.Client())
	var ids []string
	for _, text := range []string{"Hello", "Բարև", "你好"} {
		s, err := p.Send(context.Background(), psid, textOut(t, text))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests recorded", len(reqs))
	}
	for i, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/"+messengertest.Version+"/me/messages" {
			t.Errorf("%s %s", r.Method, r.Path)
		}
		if r.Query.Get("access_token") != "page-token" || r.Query.Get("appsecret_proof") == "" {
			t.Errorf("query %v", r.Query)
		}
		if r.MessageID == "" || r.MessageID != ids[i] || !strings.HasPrefix(ids[i], "m_") {
			t.Errorf("Sent.ID %q, stand-in gave %q", ids[i], r.MessageID)
		}
		if r.Recipient != psid || r.MessagingType != "RESPONSE" {
			t.Errorf("request %+v", r)
		}
	}
	if reqs[1].Message.Text != "Բարև" || reqs[2].Message.Text != "你好" || ids[0] == ids[1] {
		t.Errorf("texts %q %q, ids %v", reqs[1].Message.Text, reqs[2].Message.Text, ids)
	}
}

func TestSend_ClassifiesFailures(t *testing.T) {
	cases := []struct {
		name       string
		plan       func(s *messengertest.Server)
		token      string
		status     int
		retry      bool
		retryAfter time.Duration
		code       int
	}{
		{"429 with Retry-After", func(s *messengertest.Server) { s.FailNext(1, 429) }, "page-token", 429, true, time.Second, 613},
		{"500", func(s *messengertest.Server) { s.FailNext(1, 500) }, "page-token", 500, true, 0, 2},
		{"400 invalid parameter", func(s *messengertest.Server) { s.FailNext(1, 400) }, "page-token", 400, false, 0, 100},
		{"400 carrying rate limit 613", func(s *messengertest.Server) { s.FailNextWith(1, 400, 613, "") }, "page-token", 400, true, 0, 613},
		{"400 carrying application limit 4", func(s *messengertest.Server) { s.FailNextWith(1, 400, 4, "") }, "page-token", 400, true, 0, 4},
		{"outside the window (10/2018278)", func(s *messengertest.Server) { s.FailNextWith(1, 400, 10, "") }, "page-token", 400, false, 0, 10},
		{"wrong page token", func(*messengertest.Server) {}, "stale-token", 400, false, 0, 190},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := messengertest.New("page-token", secret)
			defer srv.Close()
			c.plan(srv)
			conf := srv.Config("v")
			conf.PageToken = c.token
			p := messenger.New(conf, srv.Client())
			_, err := p.Send(context.Background(), psid, textOut(t, "Hello"))
			var se *channel.SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a SendError", err)
			}
			if se.Status != c.status || se.Retry != c.retry || se.RetryAfter != c.retryAfter {
				t.Errorf("status %d retry %v after %v, want %d %v %v", se.Status, se.Retry, se.RetryAfter, c.status, c.retry, c.retryAfter)
			}
			var api *messenger.APIError
			if !errors.As(err, &api) || api.Code != c.code || api.FBTraceID == "" {
				t.Errorf("api error %+v, want code %d", api, c.code)
			}
			if strings.Contains(err.Error(), "page-token") || strings.Contains(err.Error(), "stale-token") {
				t.Errorf("error shows the token: %v", err)
			}
			// The stand-in fails only as planned: the next call goes through.
			if _, err := messenger.New(srv.Config("v"), srv.Client()).Send(context.Background(), psid, textOut(t, "again")); err != nil {
				t.Errorf("next call: %v", err)
			}
		})
	}
}

func TestSend_FailsOnlyTheNextNCalls(t *testing.T) {
	srv := messengertest.New("page-token", secret)
	defer srv.Close()
	srv.FailNext(2, 429)
	p := messenger.New(srv.Config("v"), srv.Client())
	var results []bool
	for range 3 {
		_, err := p.Send(context.Background(), psid, textOut(t, "Hello"))
		results = append(results, err == nil)
	}
	if results[0] || results[1] || !results[2] {
		t.Errorf("successes %v, want false false true", results)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests recorded, want 3", n)
	}
	if n := len(srv.Sent()); n != 1 {
		t.Errorf("%d accepted, want 1", n)
	}
}

func TestSend_NetworkErrorRetriesWithoutShowingTheToken(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	p := messenger.New(config.Messenger{PageToken: "secret-page-token", AppSecret: secret, APIURL: base}, nil)
	_, err := p.Send(context.Background(), psid, textOut(t, "Hello"))
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.Status != 0 {
		t.Fatalf("err = %#v, want a retryable network SendError", err)
	}
	if strings.Contains(err.Error(), "secret-page-token") || strings.Contains(err.Error(), "access_token") {
		t.Errorf("error shows the token: %v", err)
	}
}

func TestSend_ThrottledPageWaitsAsTheGraphAPISays(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Business-Use-Case-Usage", `{"1067280970047460":[{"type":"messenger","call_count":100,"total_cputime":2,"total_time":3,"estimated_time_to_regain_access":7}]}`)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"message":"(#80006) There have been too many messenger api calls to this Page account.","type":"OAuthException","code":80006,"fbtrace_id":"Ab1"}}`))
	}))
	defer srv.Close()
	p := messenger.New(config.Messenger{PageToken: "t", APIURL: srv.URL}, srv.Client())
	_, err := p.Send(context.Background(), psid, textOut(t, "Hello"))
	var se *channel.SendError
	if !errors.As(err, &se) || !se.Retry || se.RetryAfter != 7*time.Minute {
		t.Fatalf("err = %#v, want retry after 7m", err)
	}
}

func TestSend_AnswerWithoutMessageIDIsNotRetried(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"recipient_id":"1"}`))
	}))
	defer srv.Close()
	_, err := messenger.New(config.Messenger{PageToken: "t", APIURL: srv.URL}, srv.Client()).Send(context.Background(), psid, textOut(t, "x"))
	var se *channel.SendError
	if !errors.As(err, &se) || se.Retry {
		t.Fatalf("err = %#v, want a final SendError", err)
	}
}

// The stand-in refuses what Messenger would refuse, so a rendering bug
// shows up in the lead's app tests too.
func TestStandIn_RefusesRequestsBeyondMessengersLimits(t *testing.T) {
	srv := messengertest.New("page-token", secret)
	defer srv.Close()
	p := messenger.New(srv.Config("v"), srv.Client())
	qr := strings.Repeat(`{"content_type":"text","title":"t","payload":"p"},`, 14)
	bodies := []string{
		`{"recipient":{"id":"1"},"messaging_type":"RESPONSE","message":{"text":"` + strings.Repeat("a", 2001) + `"}}`,
		`{"recipient":{"id":"1"},"messaging_type":"RESPONSE","message":{"text":"a","quick_replies":[` + strings.TrimSuffix(qr, ",") + `]}}`,
		`{"recipient":{"id":"1"},"messaging_type":"MESSAGE_TAG","message":{"text":"a"}}`,
		`{"recipient":{"id":"1"},"messaging_type":"RESPONSE","message":{"text":"a","quick_replies":[{"content_type":"text","title":"123456789012345678901","payload":"p"}]}}`,
		`{"recipient":{"id":"1"},"message":{"text":"a"}}`,
		`{"recipient":{"id":"1"},"messaging_type":"RESPONSE","message":{"attachment":{"type":"template","payload":{"template_type":"button","text":"x","buttons":[{"type":"web_url","title":"t","url":"ftp://x"}]}}}}`,
		`not json`,
	}
	for i, b := range bodies {
		_, err := p.Send(context.Background(), psid, channel.Outgoing{Body: []byte(b)})
		var se *channel.SendError
		if !errors.As(err, &se) || se.Status != 400 || se.Retry {
			t.Errorf("body %d: err = %v, want a 400 refusal", i, err)
		}
	}
	if len(srv.Sent()) != 0 || len(srv.Requests()) != len(bodies) {
		t.Errorf("accepted %d, recorded %d", len(srv.Sent()), len(srv.Requests()))
	}
}
