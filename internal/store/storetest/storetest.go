// Package storetest opens throw-away databases for tests: a SQLite file in a
// temporary folder, and a fresh schema in the PostgreSQL named by
// SHOPKEEPER_TEST_POSTGRES (which scripts/test.sh starts). Tests run the same
// assertions on both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store"
)

// Env is the variable holding the test PostgreSQL URL.
const Env = "SHOPKEEPER_TEST_POSTGRES"

// PostgresDSN skips locally without PostgreSQL and fails in CI, so CI never
// silently tests one database only.

// SQLiteDSN returns a path for a new SQLite database.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "test.db")
}

// PostgresDSN creates a fresh schema and returns a DSN that uses it; the
// schema is dropped when the test ends.
func PostgresDSN(t testing.TB) string {
	base := os.Getenv(Env)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must test PostgreSQL (run scripts/test.sh)", Env)
		}
		t.Skipf("%s not set: skipping PostgreSQL (scripts/test.sh starts one)", Env)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a migrated database at dsn, closed when the test ends.
func Open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each runs fn once per database as a subtest.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	dbs := []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", SQLiteDSN}, {"postgres", PostgresDSN}}
	for _, d := range dbs {
		t.Run(d.name, func(t *testing.T) { fn(t, Open(t, d.dsn(t))) })
	}
}
