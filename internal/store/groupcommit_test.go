package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// A batch of saves committed together: a save that fails has none of its
// writes committed, one whose caller is gone is not run, and the others are
// committed all the same, each caller told its own outcome.
func TestGroupCommit_AFailingSaveRollsBackOnlyItsOwn(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE saved (v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	insert := func(v string, fail error) func(*sql.Tx) error {
		return func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO saved (v) VALUES ($1)`, v); err != nil {
				return err
			}
			return fail
		}
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	broken := errors.New("dialogue state does not encode")
	jobs := []struct {
		ctx  context.Context
		fn   func(*sql.Tx) error
		want error
	}{
		{ctx, insert("first", nil), nil},
		{ctx, insert("failing", broken), broken},
		{gone, insert("gone", nil), context.Canceled},
		{ctx, insert("last", nil), nil},
	}
	var batch []*groupJob
	for _, j := range jobs {
		batch = append(batch, &groupJob{ctx: j.ctx, fn: j.fn, done: make(chan error, 1)})
	}
	db.saveBatch(batch)
	for i, j := range jobs {
		if got := <-batch[i].done; !errors.Is(got, j.want) || (j.want == nil) != (got == nil) {
			t.Errorf("save %d: %v, want %v", i, got, j.want)
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT v FROM saved ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		got = append(got, v)
	}
	if want := []string{"first", "last"}; !slices.Equal(got, want) {
		t.Errorf("committed %q, want %q", got, want)
	}
}
