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
