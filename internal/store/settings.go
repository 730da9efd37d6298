package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Settings returns the settings saved in the web admin, by name.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, v string
		if err := rows.Scan(&n, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		out[n] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return out, nil
}

// PutSetting saves a setting, replacing an earlier value.
func (db *DB) PutSetting(ctx context.Context, name, value string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, name, value, now())
		return err
	})
	if err != nil {
		return fmt.Errorf("save setting %s: %w", name, err)
	}
	return nil
}

// DeleteSetting forgets a saved setting, so its default applies again.
func (db *DB) DeleteSetting(ctx context.Context, name string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE name = $1`, name)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete setting %s: %w", name, err)
	}
	return nil
}
