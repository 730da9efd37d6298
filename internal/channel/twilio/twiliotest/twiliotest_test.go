package twiliotest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/channel/twilio/twiliotest"
)

const sid, token = "AC00000000000000000000000000000001", "tok"

func post(t *testing.T, s *twiliotest.Server, user, pass string, form url.Values) (*http.Response, map[string]any) {
	t.Helper()
	r, _ := http.NewRequest(http.MethodPost, s.URL+"/2010-04-01/Accounts/"+sid+"/Messages.json", strings.NewReader(form.Encode()))
	r.SetBasicAuth(user, pass)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestServer_RecordsSendsInOrderAndFailsOnRequest(t *testing.T) {
	s := twiliotest.New(sid, token)
	defer s.Close()
	msg := url.Values{"To": {"+31612345678"}, "From": {"+3197010000000"}, "Body": {"hi"}}

	resp, body := post(t, s, sid, "wrong", msg)
	if resp.StatusCode != http.StatusUnauthorized || body["code"] != float64(20003) {
		t.Errorf("wrong token: %d %v", resp.StatusCode, body)
	}
	s.FailNext(1, http.StatusTooManyRequests)
	s.FailNext(1, http.StatusServiceUnavailable)
	if resp, body = post(t, s, sid, token, msg); resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || body["status"] != float64(429) {
		t.Errorf("first failure: %d %v", resp.StatusCode, body)
	}
	if resp, _ = post(t, s, sid, token, msg); resp.StatusCode != 503 {
		t.Errorf("second failure: %d", resp.StatusCode)
	}
	resp, body = post(t, s, sid, token, msg)
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(body["sid"].(string), "SM") || body["status"] != "queued" || body["to"] != "+31612345678" {
		t.Errorf("success: %d %v", resp.StatusCode, body)
	}
	_, again := post(t, s, sid, token, msg)
	if again["sid"] == body["sid"] {
		t.Error("two messages got the same sid")
	}
	if resp, body = post(t, s, sid, token, url.Values{"To": {"+31612345678"}, "From": {"+3197010000000"}}); resp.StatusCode != 400 || body["code"] != float64(21602) {
		t.Errorf("no body: %d %v", resp.StatusCode, body)
	}
	var statuses []int
	for _, r := range s.Requests() {
		statuses = append(statuses, r.Status)
	}
	if want := []int{401, 429, 503, 201, 201, 400}; len(statuses) != len(want) || statuses[0] != 401 || statuses[3] != 201 || statuses[5] != 400 {
		t.Errorf("recorded statuses %v, want %v", statuses, want)
	}
	if n := len(s.Sent()); n != 2 {
		t.Errorf("%d sent, want 2", n)
	}
}
