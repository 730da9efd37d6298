package httpapi

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestID_OnTheAnswerAndInEveryLogLine(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(LogHandler(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	defer slog.SetDefault(old)
	h := (&Server{}).Handler()
	for _, c := range []struct {
		name, sent string
		kept       bool
	}{
		{"none sent", "", false},
		{"a proxy's id is kept", "edge-42.a_b", true},
		{"a strange id is replaced", "x\" injected=1", false},
		{"a long id is replaced", strings.Repeat("a", 65), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest("GET", "/api/v1/nothing-here", nil)
			if c.sent != "" {
				req.Header.Set("X-Request-Id", c.sent)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			id := rec.Header().Get("X-Request-Id")
			if id == "" || (c.kept && id != c.sent) || (!c.kept && id == c.sent) {
				t.Fatalf("X-Request-Id = %q (sent %q)", id, c.sent)
			}
			if rec.Code != http.StatusNotFound {
				t.Errorf("status %d", rec.Code)
			}
			if !strings.Contains(logs.String(), "request_id="+id) {
				t.Errorf("log lacks the request id %s: %s", id, logs.String())
			}
		})
	}
}
