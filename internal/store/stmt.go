package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmts caches prepared statements of one pool by their SQL text (issue #17:
// parsing the same SQL on every call was a sixth of a chat turn on SQLite).
// database/sql prepares a cached *sql.Stmt again on each connection that
// runs it and drops it when the connection closes, so the cache only ever
// holds one *sql.Stmt per query text.
type stmts struct {
	pool *sql.DB
	mu   sync.Mutex
	m    sync.Map // query text → *sql.Stmt
}

// get returns the prepared statement for q, preparing it the first time. It
// must not be called inside a transaction on SQLite's one writer connection
// (preparing waits for a free connection): transactions use tx, which only
// takes statements already prepared.
func (c *stmts) get(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := c.m.Load(q); ok {
		return s.(*sql.Stmt), nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m.Load(q); ok {
		return s.(*sql.Stmt), nil
	}
	s, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.m.Store(q, s)
	return s, nil
}

// queryRow runs a one-row read through the statement cache of the read pool.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := db.readStmts.get(ctx, q)
	if err != nil {
		// Preparing failed (a closing pool, a cancelled context): the plain
		// call reports the same error the caller would have seen.
		return db.read.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// query runs a read through the statement cache of the read pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := db.readStmts.get(ctx, q)
	if err != nil {
		return db.read.QueryContext(ctx, q, args...)
	}
	return s.QueryContext(ctx, args...)
}

// reader is q, or the read pool's statement cache when q is the read pool:
// for the reads shared by transactions and plain reads.
func (db *DB) reader(q queryer) queryer {
	if q == queryer(db.read) {
		return cachedReads{db}
	}
	return q
}

// cachedReads is a queryer over the read pool's statement cache.
type cachedReads struct{ db *DB }

func (c cachedReads) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.db.query(ctx, q, args...)
}

func (c cachedReads) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return c.db.queryRow(ctx, q, args...)
}

// txStmt returns the writer's prepared statement for q bound to tx when q
// is one of hotWrites (prepared at Open, outside any transaction), nil
// otherwise: the caller then runs q on tx as plain SQL.
func (db *DB) txStmt(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	if s, ok := db.writeStmts.m.Load(q); ok {
		return tx.StmtContext(ctx, s.(*sql.Stmt))
	}
	return nil
}

// txExec runs q in tx, prepared once per connection when q is hot.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if s := db.txStmt(ctx, tx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// txQueryRow runs a one-row q in tx, prepared once per connection when q is hot.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if s := db.txStmt(ctx, tx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// hotWrites are the statements every chat turn writes with, prepared on the
// writer when the database is opened (see stmts.get for why not later).
var hotWrites = []string{
	sqlSaveTurn,
	sqlSaveTurnSameCustomer,
	sqlNextSeq,
	sqlInsertCard,
	sqlInsertMessages(1), sqlInsertMessages(2), sqlInsertMessages(3), sqlInsertMessages(4),
	sqlInsertMessages(5), sqlInsertMessages(6),
}

func (db *DB) prepareHot(ctx context.Context) error {
	for _, q := range hotWrites {
		if _, err := db.writeStmts.get(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
