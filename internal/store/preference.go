package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/preference"
)

// SavePreference counts one more sighting of a preference (a paid order's
// size, colour or brand).
func (db *DB) SavePreference(ctx context.Context, customerID int64, p preference.Preference) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO customer_preferences (customer_id, kind, scope, value, source, weight, updated_at)
VALUES ($1, $2, $3, $4, $5, 1, $6)
ON CONFLICT (customer_id, kind, scope, value) DO UPDATE SET weight = customer_preferences.weight + 1, source = excluded.source, updated_at = excluded.updated_at`,
		customerID, p.Kind, p.Scope, p.Value, p.Source, now())
	if err != nil {
		return fmt.Errorf("save preference: %w", err)
	}
	return nil
}

// StatePreference records a value the customer said is theirs: it weighs
// one more than the strongest value of its kind and scope, so it becomes
// the usual one.
func (db *DB) StatePreference(ctx context.Context, customerID int64, p preference.Preference) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var top int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(weight), 0) FROM customer_preferences WHERE customer_id = $1 AND kind = $2 AND scope = $3`,
			customerID, p.Kind, p.Scope).Scan(&top); err != nil {
			return fmt.Errorf("read preferences: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO customer_preferences (customer_id, kind, scope, value, source, weight, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (customer_id, kind, scope, value) DO UPDATE SET weight = excluded.weight, source = excluded.source, updated_at = excluded.updated_at`,
			customerID, p.Kind, p.Scope, p.Value, p.Source, top+1, now())
		if err != nil {
			return fmt.Errorf("state preference: %w", err)
		}
		return nil
	})
}

// Preferences lists a customer's saved values, strongest first.
func (db *DB) Preferences(ctx context.Context, customerID int64) ([]preference.Preference, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, scope, value, source, weight, updated_at FROM customer_preferences
WHERE customer_id = $1 ORDER BY kind, scope, weight DESC, updated_at DESC, value`, customerID)
	if err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	defer rows.Close()
	var out []preference.Preference
	for rows.Next() {
		var p preference.Preference
		if err := rows.Scan(&p.Kind, &p.Scope, &p.Value, &p.Source, &p.Weight, &p.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ClearPreferences forgets a customer's values of kind ("" forgets all).
func (db *DB) ClearPreferences(ctx context.Context, customerID int64, kind string) (int, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM customer_preferences WHERE customer_id = $1 AND (kind = $2 OR CAST($2 AS TEXT) = '')`, customerID, kind)
	if err != nil {
		return 0, fmt.Errorf("clear preferences: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
