package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OrderLookupFailures counts the failed order lookups since since: those of
// client (a hash of the client's address; "" counts none) and those of the
// order number, whoever tried.
func (db *DB) OrderLookupFailures(ctx context.Context, client, number string, since time.Time) (byClient, byOrder int, err error) {
	err = db.read.QueryRowContext(ctx, `
SELECT (SELECT COUNT(*) FROM order_lookup_failures WHERE client = $1 AND client <> '' AND failed_at > $3),
       (SELECT COUNT(*) FROM order_lookup_failures WHERE order_number = $2 AND failed_at > $3)`,
		client, number, since.UTC()).Scan(&byClient, &byOrder)
	if err != nil {
		return 0, 0, fmt.Errorf("count failed order lookups: %w", err)
	}
	return byClient, byOrder, nil
}

// AddOrderLookupFailure records a failed lookup and sweeps the ones from
// before forgetBefore, which no limit counts any more.
func (db *DB) AddOrderLookupFailure(ctx context.Context, client, number string, at, forgetBefore time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_lookup_failures WHERE failed_at <= $1`, forgetBefore.UTC()); err != nil {
			return fmt.Errorf("sweep failed order lookups: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_lookup_failures (client, order_number, failed_at) VALUES ($1, $2, $3)`,
			client, number, at.UTC()); err != nil {
			return fmt.Errorf("record failed order lookup: %w", err)
		}
		return nil
	})
}
