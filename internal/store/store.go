// Package store keeps Shopkeeper's data in SQLite (the embedded default) or
// PostgreSQL. SQL lives here, one file per aggregate, written once for both
// databases: both accept $1 placeholders, ON CONFLICT and RETURNING.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// ErrNotFound is returned when a row asked for does not exist.
var ErrNotFound = errors.New("not found")

// DB is the database with its dialect. On SQLite, reads go through a pool and
// all writes through one connection, because SQLite has one writer at a time
// and queueing in Go beats SQLITE_BUSY retries.
type DB struct {
	Dialect    string
	read       *sql.DB
	write      *sql.DB
	readStmts  *stmts
	writeStmts *stmts
	cache      *caches
	cards      knownCards // product cards known stored (cards.go)
	// durableCommits counts the commits of durableTx on SQLite, for the
	// tests that check which writes are durable.
	durableCommits atomic.Int64
	// ckpt checkpoints SQLite's WAL off the writer (checkpoint.go); nil on
	// PostgreSQL.
	ckpt *checkpointer
	// listenPIDs are the PostgreSQL backends of the LISTEN connections, by
	// channel (notify.go).
	listenPIDs sync.Map
}

func newDB(dialect string, read, write *sql.DB) *DB {
	db := &DB{Dialect: dialect, read: read, write: write, readStmts: &stmts{pool: read}, writeStmts: &stmts{pool: write}}
	if read == write {
		db.readStmts = db.writeStmts
	}
	db.cache = newCaches(dialect == SQLite)
	return db
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn (a SQLite file path or a postgres:// URL) and applies
// the migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.prepareHot(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare statements: %w", err)
	}
	return db, nil
}

func open(dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		pg, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pg.SetMaxOpenConns(20)
		pg.SetMaxIdleConns(10)
		pg.SetConnMaxIdleTime(5 * time.Minute)
		return newDB(Postgres, pg, pg), nil
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	// busy_timeout first so the other pragmas wait rather than fail.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	u := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	w, err := sql.Open("sqlite", u+"&_txlock=immediate"+fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", walSafetyPages))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	ck, err := sql.Open("sqlite", u)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", u+"&_txlock=immediate&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		ck.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	// Keep every reader open: the default of two idle connections meant
	// that under load SQLite connections were opened and closed all the
	// time (a twentieth of a turn, issue #17), losing their prepared
	// statements with them.
	r.SetMaxIdleConns(4)
	r.SetConnMaxIdleTime(0)
	db := newDB(SQLite, r, w)
	db.ckpt = newCheckpointer(ck, w)
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.Dialect, err)
	}
	if db.read != db.write {
		if err := db.read.PingContext(ctx); err != nil {
			return fmt.Errorf("ping %s: %w", db.Dialect, err)
		}
	}
	return nil
}

// Close closes the pools.
//
// The cached statements are not closed one by one: closing the pools closes
// them with their connections, and Stmt.Close would wait for a connection a
// LISTEN still holds (store.Listen) until its context ends.
func (db *DB) Close() error {
	err := db.ckpt.close()
	if e := db.write.Close(); err == nil {
		err = e
	}
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// tx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return db.finish(t, fn)
}

// finish runs fn in the begun transaction t and commits, or rolls back
// when fn fails.
func (db *DB) finish(t *sql.Tx, fn func(*sql.Tx) error) error {
	defer db.cache.ended(t)
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.ckpt.committed()
	return nil
}

// durableTx is tx for the writes that must survive a power cut once
// committed: orders, payments and refunds. SQLite runs in WAL mode with
// synchronous=NORMAL, where a commit survives the process crashing but the
// last commits before a power or operating-system failure may be lost
// (the WAL is synced at checkpoints, not at every commit); that is the
// price of a cheap chat turn (issue #17). These transactions instead run
// with synchronous=FULL, which syncs the WAL at their commit, and with it
// every commit before them. The writer pool has one connection: it is
// taken, switched, used and switched back. PostgreSQL commits durably
// anyway.
func (db *DB) durableTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.Dialect != SQLite {
		return db.tx(ctx, fn)
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	// The setting cannot change inside a transaction: before it, and back
	// after it whatever happened (with a fresh context: a cancelled
	// request must not leave it behind; left at FULL it is only slower).
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return fmt.Errorf("synchronous commit: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`)
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := db.finish(t, fn); err != nil {
		return err
	}
	db.durableCommits.Add(1)
	return nil
}

// next increments a named counter and returns its new value, inside tx.
func next(ctx context.Context, tx *sql.Tx, name string, by int64) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `UPDATE counters SET value = value + $1 WHERE name = $2 RETURNING value`, by, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

func now() time.Time { return time.Now().UTC() }

// isUniqueViolation reports a unique-constraint failure on either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
