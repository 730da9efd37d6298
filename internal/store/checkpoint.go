package store

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// SQLite in WAL mode appends each commit to the WAL and copies the WAL back
// into the database file at a checkpoint. By default the connection whose
// commit takes the WAL past 1,000 pages runs the checkpoint itself, inside
// its commit: every two hundredth chat turn or so copied a few megabytes
// and synced both files before it could answer (the slowest turns of
// issue #17). A checkpointer does it instead, beside the writer, on a
// connection of its own: a PASSIVE checkpoint waits for nobody and nobody
// waits for it, since the writer keeps appending to the WAL meanwhile.
//
// The writer still checkpoints itself past walSafetyPages, so the WAL stays
// bounded should the checkpointer ever fall that far behind.
const (
	// checkpointEvery is how many commits the writer makes between two
	// nudges of the checkpointer: a chat turn writes about four pages, so
	// about 1,000 pages, SQLite's own threshold.
	checkpointEvery = 250
	// checkpointIdle is how often the checkpointer looks anyway, for
	// writes made outside db.tx.
	checkpointIdle = 2 * time.Second
	// walSafetyPages is the writer's own threshold (wal_autocheckpoint):
	// 10,000 pages of 4 KB.
	walSafetyPages = 10000
	// checkpointPasses is how many passes the checkpointer makes beside
	// the writer at most, and checkpointTail how few pages new since the
	// pass before are few enough to copy holding the writer.
	checkpointPasses = 4
	checkpointTail   = 64
)

// checkpointer runs SQLite's checkpoints off the writer (see above).
type checkpointer struct {
	conn    *sql.DB      // the checkpointer's own connection
	writer  *sql.DB      // the writer's pool of one connection
	commits atomic.Int64 // the writer's commits through db.tx, counted
	nudge   chan struct{}
	stop    chan struct{}
	// ctx ends when the checkpointer stops: Close must not wait for a
	// writer connection some request still holds.
	ctx     context.Context
	cancel  context.CancelFunc
	stopped sync.Once
	done    sync.WaitGroup
	// running is held by one checkpoint at a time: a pass finding another
	// at work does nothing (SQLITE_BUSY), and the last one must not.
	running sync.Mutex
	// runs counts the checkpoints done, for tests.
	runs atomic.Int64
}

func newCheckpointer(conn, writer *sql.DB) *checkpointer {
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxIdleTime(0)
	c := &checkpointer{conn: conn, writer: writer, nudge: make(chan struct{}, 1), stop: make(chan struct{})}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.done.Add(1)
	go c.loop()
	return c
}

// committed counts a commit of the writer and wakes the checkpointer every
// checkpointEvery commits. It never blocks.
func (c *checkpointer) committed() {
	if c == nil || c.commits.Add(1)%checkpointEvery != 0 {
		return
	}
	select {
	case c.nudge <- struct{}{}:
	default: // a nudge is pending already
	}
}

func (c *checkpointer) loop() {
	defer c.done.Done()
	tick := time.NewTicker(checkpointIdle)
	defer tick.Stop()
	var seen int64 = -1
	for {
		select {
		case <-c.stop:
			return
		case <-c.nudge:
		case <-tick.C:
			if n := c.commits.Load(); n == seen {
				continue // nothing committed through db.tx since the last look
			}
		}
		seen = c.commits.Load()
		c.checkpoint()
	}
}

// checkpoint copies the WAL into the database. SQLite starts the WAL over
// from its beginning only once all of it has been copied, but the writer
// appends while a pass beside it copies: so passes are repeated until one
// finds only a few pages new since the one before, and a last pass copies
// those holding the writer's own connection, which no commit can then
// outrun (a pass with nothing to copy costs nothing). Without that last
// pass the WAL grew until the writer checkpointed it itself at
// walSafetyPages, ten times the work in one commit.
func (c *checkpointer) checkpoint() {
	c.running.Lock()
	defer c.running.Unlock()
	ctx := c.ctx
	pass := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (walPages int, err error) {
		var busy, copied int
		err = q.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &walPages, &copied)
		return walPages, err
	}
	prev := -1
	for range checkpointPasses {
		n, err := pass(c.conn)
		if err != nil {
			if c.ctx.Err() == nil {
				slog.Warn("sqlite checkpoint", "err", err)
			}
			return
		}
		if n >= prev && n-prev <= checkpointTail {
			break // the writer appended only a few pages during the pass
		}
		prev = n
	}
	w, err := c.writer.Conn(ctx)
	if err == nil {
		_, err = pass(w)
		w.Close()
	}
	if err != nil {
		if c.ctx.Err() == nil {
			slog.Warn("sqlite checkpoint", "err", err)
		}
		return
	}
	c.runs.Add(1)
}

// close stops the checkpointer and closes its connection; SQLite's last
// connection to close checkpoints the rest.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	c.stopLoop()
	return c.conn.Close()
}

// stopLoop stops the checkpointer's goroutine, once.
func (c *checkpointer) stopLoop() {
	c.stopped.Do(func() { close(c.stop); c.cancel() })
	c.done.Wait()
}
