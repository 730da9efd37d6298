package store

import (
	"context"
	"database/sql"
)

// CachesProducts reports whether the product cache holds id now (tests only).
func (db *DB) CachesProducts(id int64) bool {
	found, _ := db.cache.cachedProducts([]int64{id})
	_, ok := found[id]
	return ok
}

// Synchronous runs a write transaction, durable or not, and reports SQLite's
// synchronous level inside it and on the writer afterwards (tests only).
func (db *DB) Synchronous(ctx context.Context, durable bool) (inside, after int, err error) {
	run := db.tx
	if durable {
		run = db.durableTx
	}
	err = run(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&inside)
	})
	if err != nil {
		return 0, 0, err
	}
	err = db.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&after)
	return inside, after, err
}

// StoredBody is the body column of one message as stored (tests only).
func (db *DB) StoredBody(ctx context.Context, id string, seq int64) (string, error) {
	var b string
	err := db.read.QueryRowContext(ctx, `SELECT body FROM messages WHERE conversation_id = $1 AND seq = $2`, id, seq).Scan(&b)
	return b, err
}

// CardRows counts the stored product cards (tests only).
func (db *DB) CardRows(ctx context.Context) (n int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM message_cards`).Scan(&n)
	return n, err
}

// ForgetCards drops the cards this process remembers, as a restarted or
// another instance would have none (tests only).
func (db *DB) ForgetCards() {
	db.cards.mu.Lock()
	db.cards.m = nil
	db.cards.mu.Unlock()
}

// InsertRawMessage stores a message body as written before cards were
// stored apart (tests only).
func (db *DB) InsertRawMessage(ctx context.Context, id string, seq int64, body string) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO messages (conversation_id, seq, sender, body, created_at) VALUES ($1, $2, 'bot', $3, $4)`, id, seq, body, now())
	return err
}

// DurableCommits counts the durable commits so far (SQLite; tests only).
func (db *DB) DurableCommits() int64 { return db.durableCommits.Load() }

// Checkpoints reports how many checkpoints the checkpointer ran (tests only).
func (db *DB) Checkpoints() int64 { return db.ckpt.runs.Load() }

// WALAutocheckpoint reports the writer's own checkpoint threshold in pages
// (tests only).
func (db *DB) WALAutocheckpoint(ctx context.Context) (n int, err error) {
	err = db.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&n)
	return n, err
}

// StopCheckpoints stops the checkpointer's goroutine: no more checkpoints
// but those CheckpointNow makes (tests only).
func (db *DB) StopCheckpoints() { db.ckpt.stopLoop() }

// CheckpointNow runs the checkpointer's passes now (tests only).
func (db *DB) CheckpointNow() { db.ckpt.checkpoint() }
