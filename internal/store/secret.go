package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ServerSecret returns the secret called name, storing value as it the first
// time. Of two instances starting together both insert, one wins, and both
// read the winner's value.
func (db *DB) ServerSecret(ctx context.Context, name, value string) (string, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`, name, value, now())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store server secret %s: %w", name, err)
	}
	var v string
	if err := db.write.QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return "", fmt.Errorf("read server secret %s: %w", name, err)
	}
	return v, nil
}
