package store

import (
	"context"
	"database/sql"
	"fmt"
)

// StockAlert is a shopper waiting for a variant to come back.
type StockAlert struct {
	ID             int64
	SKU            string
	ConversationID string
	Language       string
}

// Subscribe records that a conversation wants to hear when sku is back;
// subscribing twice is one subscription.
func (db *DB) Subscribe(ctx context.Context, sku, conversationID, language string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO stock_alerts (sku, conversation_id, language, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (sku, conversation_id) DO UPDATE SET notified_at = NULL, language = excluded.language`, sku, conversationID, language, now())
		if err != nil {
			return fmt.Errorf("subscribe to %s: %w", sku, err)
		}
		return nil
	})
}

// DueAlerts lists subscriptions whose variant is in stock again.
func (db *DB) DueAlerts(ctx context.Context, limit int) ([]StockAlert, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, a.sku, a.conversation_id, a.language FROM stock_alerts a JOIN variants v ON v.sku = a.sku
WHERE a.notified_at IS NULL AND v.stock > 0 ORDER BY a.id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StockAlert
	for rows.Next() {
		var a StockAlert
		if err := rows.Scan(&a.ID, &a.SKU, &a.ConversationID, &a.Language); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ClaimAlert marks an alert as sent and reports whether this caller won it,
// so that two instances never send the same alert twice.
func (db *DB) ClaimAlert(ctx context.Context, id int64) (bool, error) {
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE stock_alerts SET notified_at = $1 WHERE id = $2 AND notified_at IS NULL`, now(), id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		won = n == 1
		return nil
	})
	return won, err
}
