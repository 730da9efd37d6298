package app_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/config"
)

// turnTexts are bench/load's: searches, availability, greetings and thanks
// in five languages.
var turnTexts = []string{"do you have running shoes in size 42?", "show me black rain jackets", "heeft u sneakers in maat 42?",
	"nak kasut lari saiz 9", "有黑色的跑鞋吗", "har dere regnjakke i str M", "hello", "thanks"}

// BenchmarkTurn measures one chat turn over REST on the demo shop (SQLite),
// handler only, no network: decode, authorise, NLU, dialogue, catalogue,
// save, answer (issue #17). A new conversation every 20 turns, as
// bench/load does, outside the timing.
func BenchmarkTurn(b *testing.B) {
	cfg := config.Defaults()
	cfg.DB, cfg.Demo, cfg.AdminKey, cfg.RateLimits = b.TempDir()+"/s.db", true, adminKey, "off"
	a, _ := serveApp(b, cfg)
	stored := func() (n int64) {
		db, err := sql.Open("sqlite", cfg.DB)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		// Product cards stored apart (message_cards, round 3) count too;
		// an older tree has no such table.
		for _, q := range []string{`SELECT COALESCE(SUM(LENGTH(body)), 0) FROM messages`,
			`SELECT COALESCE(SUM(LENGTH(body)), 0) FROM message_cards`} {
			var m int64
			if db.QueryRow(q).Scan(&m) == nil {
				n += m
			}
		}
		return n
	}
	h := a.Handler()
	do := func(path, token string, body any) *httptest.ResponseRecorder {
		buf, _ := json.Marshal(body)
		req := httptest.NewRequest("POST", path, bytes.NewReader(buf))
		req.RemoteAddr = "127.0.0.1:5000"
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var c struct{ ID, Token string }
	start := func() {
		rec := do("/api/v1/conversations", "", map[string]string{"locale": "en"})
		if rec.Code != http.StatusCreated {
			b.Fatalf("start: %d %s", rec.Code, rec.Body)
		}
		json.Unmarshal(rec.Body.Bytes(), &c)
	}
	start()
	// The first turn waits for the NLU to be trained.
	do("/api/v1/conversations/"+c.ID+"/messages", c.Token, map[string]string{"text": "hello"})
	var answered int
	before := stored()
	b.ResetTimer()
	for i := range b.N {
		if i%20 == 0 {
			b.StopTimer()
			start()
			b.StartTimer()
		}
		rec := do("/api/v1/conversations/"+c.ID+"/messages", c.Token, map[string]string{"text": turnTexts[i%len(turnTexts)]})
		if rec.Code != http.StatusOK {
			b.Fatalf("turn: %d %s", rec.Code, rec.Body)
		}
		answered += rec.Body.Len()
	}
	// The answer is the turn's messages as stored: what the save writes too.
	b.ReportMetric(float64(answered)/float64(b.N), "answer-B/turn")
	// What the turns stored as message bodies (with the greetings of the
	// conversations started between them): what SQLite writes to its WAL
	// besides pages of indexes and the conversation's row.
	b.StopTimer()
	b.ReportMetric(float64(stored()-before)/float64(b.N), "stored-B/turn")
}
