package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ReleaseMemory asks every idle SQLite connection to give back the memory it
// can (PRAGMA shrink_memory: its page cache, mostly). Start-up reads and
// writes the whole demo catalogue through them, and their caches would keep
// those pages for as long as the server runs, a megabyte or more of an idle
// server's memory (issue #17); a page read again later comes from the
// operating system's file cache. It is a no-op on PostgreSQL.
func (db *DB) ReleaseMemory(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	for _, pool := range []*sql.DB{db.write, db.read} {
		// Holding the connections taken so far makes the pool hand out
		// the next idle one, not the same again.
		var held []*sql.Conn
		for range pool.Stats().Idle {
			c, err := pool.Conn(ctx)
			if err != nil {
				break
			}
			held = append(held, c)
			if _, err := c.ExecContext(ctx, `PRAGMA shrink_memory`); err != nil {
				for _, c := range held {
					c.Close()
				}
				return fmt.Errorf("release sqlite memory: %w", err)
			}
		}
		for _, c := range held {
			c.Close()
		}
	}
	return nil
}
