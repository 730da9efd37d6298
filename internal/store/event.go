package store

import (
	"context"
	"database/sql"
	"fmt"
)

// appendEvent records one domain event; events are the single source for
// analytics and the console's history, so they are written in the same
// transaction as the change they describe.
func appendEvent(ctx context.Context, tx *sql.Tx, typ, conversationID string, orderID int64, data any) error {
	var conv sql.NullString
	if conversationID != "" {
		conv = sql.NullString{String: conversationID, Valid: true}
	}
	var oid sql.NullInt64
	if orderID != 0 {
		oid = sql.NullInt64{Int64: orderID, Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (type, conversation_id, order_id, data, created_at) VALUES ($1, $2, $3, $4, $5)`,
		typ, conv, oid, jsonText(data), now()); err != nil {
		return fmt.Errorf("record event %s: %w", typ, err)
	}
	return nil
}

// MarkProcessed records that an outside event (a webhook delivery) was
// handled; it reports false when it had been handled before.
func (db *DB) MarkProcessed(ctx context.Context, source, eventID string) (bool, error) {
	first := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (source, event_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, source, eventID, now())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		first = n == 1
		return nil
	})
	return first, err
}
