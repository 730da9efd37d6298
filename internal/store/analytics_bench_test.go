package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
)

// BenchmarkAnalytics_Year measures the dashboard's call over the last 365
// days of a busy shop on SQLite: SHOPKEEPER_BENCH_CONVERSATIONS
// conversations (default 1,000,000) spread over the year, each with a
// shopper message and an answer; 4% paid orders, 1% failed checkouts, 8%
// hand-offs, 10% ratings. The first call rolls the settled days up (its
// time is reported as rollup-s); the loop measures the calls after it and
// reports their median.
//
//	go test -run '^$' -bench BenchmarkAnalytics_Year -benchtime 20x ./internal/store/
func BenchmarkAnalytics_Year(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("SHOPKEEPER_BENCH_CONVERSATIONS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	ctx := context.Background()
	// SHOPKEEPER_BENCH_DB keeps the seeded file for the next run (seeding a
	// million conversations takes minutes); delete it to seed again.
	path := os.Getenv("SHOPKEEPER_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	now := time.Now()
	start := time.Now()
	if statErr == nil {
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		// A kept file was seeded on another day: the year asked for ends
		// at its newest conversation, and its rollup starts afresh.
		var newest anyTime
		if err := db.read.QueryRowContext(ctx, `SELECT MAX(created_at) FROM conversations`).Scan(&newest); err != nil {
			b.Fatal(err)
		}
		now = newest.Time
		if _, err := db.write.ExecContext(ctx, `DELETE FROM analytics_days`); err != nil {
			b.Fatal(err)
		}
	} else if err := seedYear(ctx, db, n, now); err != nil {
		b.Fatal(err)
	}
	seeded := time.Since(start)

	s := analytics.NewService(db, loc, "EUR")
	if statErr == nil {
		s.Now = func() time.Time { return now } // the kept file's "today"
	}
	today := now.In(loc)
	f, err := analytics.ParseFilter(today.AddDate(0, 0, -364).Format(analytics.DateLayout), today.Format(analytics.DateLayout), "", "", loc)
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	first, err := s.Report(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	rolled := time.Since(start)
	if first.Conversations != int64(n) {
		b.Fatalf("report counts %d conversations, seeded %d", first.Conversations, n)
	}
	var took []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := s.Report(ctx, f); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	// Reported after the loop: b.Loop resets what was reported before it.
	b.ReportMetric(seeded.Seconds(), "seed-s")
	b.ReportMetric(rolled.Seconds(), "rollup-s")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
}

// seedYear writes n conversations spread over the year before now, with
// multi-row inserts in one transaction: the cheapest way SQLite takes
// millions of rows.
func seedYear(ctx context.Context, db *DB, n int, now time.Time) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rng := rand.New(rand.NewPCG(1, 2))
	channels := []string{"rest", "web", "whatsapp", "telegram", "messenger"}
	langs := []string{"en", "nl", "ms", "zh", "nb", "hy"}
	year := 364 * 24 * time.Hour // within the 365 business days the dashboard asks for
	const batch = 400
	type ins struct {
		head string
		cols int
		rows []any
	}
	tables := map[string]*ins{
		"conversations": {head: "INSERT INTO conversations (id, token_hash, channel, status, language, last_seq, created_at, updated_at) VALUES ", cols: 8},
		"messages":      {head: "INSERT INTO messages (conversation_id, seq, sender, body, created_at) VALUES ", cols: 5},
		"orders": {head: "INSERT INTO orders (number, email, status, payment_status, fulfillment_status, currency, subtotal, total, source, conversation_id, created_at, updated_at) VALUES ",
			cols: 12},
		"handoffs": {head: "INSERT INTO handoffs (conversation_id, reason, language, queued_at) VALUES ", cols: 4},
		"feedback": {head: "INSERT INTO feedback (conversation_id, kind, rating, created_at) VALUES ", cols: 4},
	}
	flush := func(t *ins) error {
		if len(t.rows) == 0 {
			return nil
		}
		var sb strings.Builder
		sb.WriteString(t.head)
		for r := 0; r < len(t.rows)/t.cols; r++ {
			if r > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for c := 0; c < t.cols; c++ {
				if c > 0 {
					sb.WriteByte(',')
				}
				// Plain ? (SQLite only): numbered $N parameters cost SQLite a
				// lookup each, quadratic in a statement of thousands.
				sb.WriteByte('?')
			}
			sb.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, sb.String(), t.rows...); err != nil {
			return fmt.Errorf("%s: %w", t.head[:30], err)
		}
		t.rows = t.rows[:0]
		return nil
	}
	add := func(name string, vals ...any) error {
		t := tables[name]
		t.rows = append(t.rows, vals...)
		if len(t.rows)/t.cols >= batch {
			// The other rows point at conversations: those go in first.
			if name != "conversations" {
				if err := flush(tables["conversations"]); err != nil {
					return err
				}
			}
			return flush(t)
		}
		return nil
	}
	orderNo := 0
	for i := 0; i < n; i++ {
		id := "c_bench" + strconv.Itoa(i)
		created := now.Add(-time.Duration(rng.Int64N(int64(year)))).UTC()
		ch, lang := channels[rng.IntN(len(channels))], langs[rng.IntN(len(langs))]
		if err := add("conversations", id, "x", ch, "bot", lang, 2, created, created); err != nil {
			return err
		}
		asked := created.Add(time.Duration(1+rng.IntN(60)) * time.Second)
		answered := asked.Add(time.Duration(20+rng.IntN(400)) * time.Millisecond)
		if err := add("messages", id, 1, "shopper", `{}`, asked); err != nil {
			return err
		}
		if err := add("messages", id, 2, "bot", `{}`, answered); err != nil {
			return err
		}
		p := rng.IntN(100)
		status, pay := "", ""
		switch {
		case p < 4:
			status, pay = "confirmed", "paid"
		case p < 5:
			status, pay = "cancelled", "failed"
		}
		if status != "" {
			orderNo++
			total := 1000 + rng.Int64N(20000)
			if err := add("orders", "B"+strconv.Itoa(orderNo), "bench@example.com", status, pay, "unfulfilled", "EUR", total, total, "chat", id, asked, asked); err != nil {
				return err
			}
		}
		if rng.IntN(100) < 8 {
			if err := add("handoffs", id, "requested", lang, answered); err != nil {
				return err
			}
		}
		if rng.IntN(100) < 10 {
			if err := add("feedback", id, "csat", 1+rng.IntN(5), answered); err != nil {
				return err
			}
		}
	}
	for _, name := range []string{"conversations", "messages", "orders", "handoffs", "feedback"} {
		if err := flush(tables[name]); err != nil {
			return err
		}
	}
	return tx.Commit()
}
