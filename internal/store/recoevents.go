package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
)

// Events of recommendations, read by the figures (analytics.go).
const (
	evRecoShown   = "recommendation_shown"
	evRecoClicked = "recommendation_clicked"
	evRecoOrdered = "recommendation_ordered"
)

// RecommendationShown records that a conversation was shown a products
// message that sold (reason cross_sell, recommendation or bundle) with skus.
func (db *DB) RecommendationShown(ctx context.Context, conversationID, reason string, skus []string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		return appendEvent(ctx, tx, evRecoShown, conversationID, 0, map[string]any{"reason": reason, "skus": skus})
	})
}

// RecommendationClicked records a tap on, or an add of, one item of the
// recommendation shown last.
func (db *DB) RecommendationClicked(ctx context.Context, conversationID, reason, sku string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		return appendEvent(ctx, tx, evRecoClicked, conversationID, 0, map[string]any{"reason": reason, "sku": sku})
	})
}

// AttributeRecommendation records that a paid order of the conversation
// holds a sku the conversation was recommended before the order, once per
// order (recommendation_ordered, whose order's total is the revenue the
// figures attribute); it reports whether this call recorded it.
func (db *DB) AttributeRecommendation(ctx context.Context, conversationID string, orderID int64, skus []string) (bool, error) {
	if conversationID == "" || len(skus) == 0 {
		return false, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT data FROM events WHERE conversation_id = $1 AND type = $2
AND created_at <= (SELECT created_at FROM orders WHERE id = $3)`, conversationID, evRecoShown, orderID)
	if err != nil {
		return false, fmt.Errorf("read recommendations of %s: %w", conversationID, err)
	}
	hit := false
	for rows.Next() && !hit {
		var data string
		if err := rows.Scan(&data); err != nil {
			rows.Close()
			return false, err
		}
		var d struct {
			SKUs []string `json:"skus"`
		}
		if json.Unmarshal([]byte(data), &d) != nil {
			continue
		}
		for _, s := range skus {
			if slices.Contains(d.SKUs, s) {
				hit = true
				break
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || !hit {
		return false, err
	}
	recorded := false
	err = db.tx(ctx, func(tx *sql.Tx) error {
		// The unique index events_reco_ordered keeps it to one per order
		// when a payment is reported twice, on any instance.
		res, err := tx.ExecContext(ctx, `INSERT INTO events (type, conversation_id, order_id, data, created_at) VALUES ($1, $2, $3, '{}', $4)
ON CONFLICT (order_id) WHERE type = 'recommendation_ordered' DO NOTHING`, evRecoOrdered, conversationID, orderID, now())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		recorded = n == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("attribute order %d to recommendations: %w", orderID, err)
	}
	return recorded, nil
}
