package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit of chat turns on SQLite (issue #17). SQLite has one writer,
// and each commit costs its own: BEGIN, COMMIT, and the WAL frames of the
// pages it changed, among which the same few pages every turn changes (the
// last leaf of the messages' table and of conversations_updated). Turns
// saved while another turn's save holds the writer are queued, and the next
// one to run takes the whole queue into one transaction, each turn inside
// a savepoint of its own, so that a failing save rolls back only its own
// writes. Every caller is answered only after the commit that holds its
// turn: nothing is acknowledged before it is written, as before, and a
// failed commit fails every turn in it.
//
// One shopper alone never waits for another: the queue is empty, and the
// turn is saved in a transaction of its own as before.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*groupJob
	leading bool // a caller is saving a batch, or about to
	// shared counts the turns committed in a batch of more than one, for
	// tests.
	shared atomic.Int64
}

// groupJob is one caller's save, waiting in the queue.
type groupJob struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error // the save's result, or errLead
}

// errLead tells a queued caller that it is to save the queue now, its own
// job among it.
var errLead = errors.New("lead the next batch")

// maxBatch bounds a batch: a commit of a few dozen turns already shares
// nearly all it can, and a longer one would delay its first callers.
const maxBatch = 32

// groupTx runs fn in a write transaction, possibly shared with other
// callers' (see groupCommit), and returns once that transaction committed
// or fn failed. fn must not keep anything of tx after it returns.
func (db *DB) groupTx(ctx context.Context, fn func(*sql.Tx) error) error {
	g := &db.group
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	if g.leading {
		g.mu.Unlock()
		if err := <-j.done; err != errLead {
			return err
		}
		// The leader before handed the queue over: j is in it, unsaved.
	} else {
		g.leading = true
		g.mu.Unlock()
	}
	// Leading: save what is queued, then hand the rest over to the first
	// caller still waiting, so that no caller saves others' turns for long.
	g.mu.Lock()
	n := min(len(g.queue), maxBatch)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	db.saveBatch(batch)
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.leading = false
		g.queue = nil
	}
	g.mu.Unlock()
	return <-j.done
}

// saveBatch runs the jobs of batch in one transaction and answers each.
func (db *DB) saveBatch(batch []*groupJob) {
	if len(batch) == 1 {
		j := batch[0]
		j.done <- db.tx(j.ctx, j.fn)
		return
	}
	// The transaction outlives any one caller's context: a caller gone
	// meanwhile only loses its own save.
	ctx := context.Background()
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		for _, j := range batch {
			j.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	defer db.cache.ended(t)
	errs := make([]error, len(batch))
	saved := 0
	for i, j := range batch {
		if errs[i] = j.ctx.Err(); errs[i] != nil {
			continue
		}
		if _, err := t.ExecContext(ctx, `SAVEPOINT turn`); err != nil {
			errs[i] = fmt.Errorf("savepoint: %w", err)
			continue
		}
		if errs[i] = j.fn(t); errs[i] != nil {
			if _, err := t.ExecContext(ctx, `ROLLBACK TO turn`); err != nil {
				// Its writes could not be undone alone: none of the batch
				// is committed.
				t.Rollback()
				for k, j := range batch {
					j.done <- errors.Join(errs[k], fmt.Errorf("roll back a turn of a group commit: %w", err))
				}
				return
			}
		}
		if _, err := t.ExecContext(ctx, `RELEASE turn`); err != nil {
			t.Rollback()
			for k, j := range batch {
				j.done <- errors.Join(errs[k], fmt.Errorf("release savepoint: %w", err))
			}
			return
		}
		if errs[i] == nil {
			saved++
		}
	}
	if saved == 0 {
		t.Rollback()
	} else if err := t.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	} else {
		db.ckpt.committed()
		db.group.shared.Add(int64(saved))
	}
	for i, j := range batch {
		j.done <- errs[i]
	}
}
