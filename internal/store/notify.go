package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
)

// ErrNoNotify is returned by Listen on SQLite, which has no LISTEN/NOTIFY:
// there a single instance keeps its events in process.
var ErrNoNotify = errors.New("LISTEN/NOTIFY needs PostgreSQL")

// Notify sends payload to every session listening on channel (PostgreSQL;
// a no-op on SQLite). Payloads must stay under PostgreSQL's 8000 bytes.
func (db *DB) Notify(ctx context.Context, channel, payload string) error {
	if db.Dialect != Postgres {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
		return fmt.Errorf("notify %s: %w", channel, err)
	}
	return nil
}

// ListenerPID is the PostgreSQL backend process of the connection Listen
// holds on channel now, 0 when none: an operator (or a test) can end it with
// pg_terminate_backend to see the listener reconnect.
func (db *DB) ListenerPID(channel string) uint32 {
	if pid, ok := db.listenPIDs.Load(channel); ok {
		return pid.(uint32)
	}
	return 0
}

// Listen holds one connection LISTENing on channel and calls fn with each
// payload until ctx ends or the connection fails. ready is called once the
// LISTEN is in place, so a caller knows from when on nothing is missed.
func (db *DB) Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error {
	if db.Dialect != Postgres {
		return ErrNoNotify
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("listen %s: %w", channel, err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("listen %s: unexpected driver connection %T", channel, dc)
		}
		pc := c.Conn()
		// Several channels listen at once (live events, cache changes),
		// each on its own connection.
		db.listenPIDs.Store(channel, pc.PgConn().PID())
		defer db.listenPIDs.CompareAndDelete(channel, pc.PgConn().PID())
		// The channel is an identifier, not a parameter; quote it.
		if _, err := pc.Exec(ctx, `LISTEN "`+channel+`"`); err != nil {
			return fmt.Errorf("listen %s: %w", channel, err)
		}
		if ready != nil {
			ready()
		}
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				// The connection is still subscribed (or broken): never give
				// it back to the pool.
				return errors.Join(fmt.Errorf("listen %s: %w", channel, err), driver.ErrBadConn)
			}
			fn(n.Payload)
		}
	})
}
