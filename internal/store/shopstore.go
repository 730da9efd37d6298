package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// Stores returns every physical store with its hours, by position.
// They are cached (cache.go): every chat turn asks whether a store was named.
func (db *DB) Stores(ctx context.Context) ([]stores.Store, error) {
	if ss, ok := db.cache.cachedStoreList(); ok {
		return ss, nil
	}
	gen := db.cache.gen(kindStores)
	ss, err := db.stores(ctx)
	if err != nil {
		return nil, err
	}
	db.cache.keepStoreList(gen, ss)
	return ss, nil
}

func (db *DB) stores(ctx context.Context) ([]stores.Store, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, address, city, country, lat, lon, phone, time_zone, aliases, position FROM stores ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("list stores: %w", err)
	}
	var ss []stores.Store
	for rows.Next() {
		s, err := scanStore(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ss = append(ss, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ss {
		if err := db.storeHours(ctx, &ss[i]); err != nil {
			return nil, err
		}
	}
	return ss, nil
}

// Store returns one store, or stores.ErrNotFound.
func (db *DB) Store(ctx context.Context, id string) (stores.Store, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, address, city, country, lat, lon, phone, time_zone, aliases, position FROM stores WHERE id = $1`, id)
	if err != nil {
		return stores.Store{}, fmt.Errorf("read store %s: %w", id, err)
	}
	if !rows.Next() {
		rows.Close()
		if err := rows.Err(); err != nil {
			return stores.Store{}, err
		}
		return stores.Store{}, stores.ErrNotFound
	}
	s, err := scanStore(rows)
	rows.Close()
	if err != nil {
		return s, err
	}
	return s, db.storeHours(ctx, &s)
}

func scanStore(rows *sql.Rows) (stores.Store, error) {
	var s stores.Store
	var lat, lon sql.NullFloat64
	var aliases string
	if err := rows.Scan(&s.ID, &s.Name, &s.Address, &s.City, &s.Country, &lat, &lon, &s.Phone, &s.TimeZone, &aliases, &s.Position); err != nil {
		return s, fmt.Errorf("read store: %w", err)
	}
	if lat.Valid && lon.Valid {
		s.Lat, s.Lon = &lat.Float64, &lon.Float64
	}
	s.Aliases = []string{}
	for _, a := range strings.Split(aliases, "\n") {
		if a != "" {
			s.Aliases = append(s.Aliases, a)
		}
	}
	return s, nil
}

func (db *DB) storeHours(ctx context.Context, s *stores.Store) error {
	s.Hours = map[string][]stores.Interval{}
	rows, err := db.read.QueryContext(ctx, `SELECT weekday, opens, closes FROM store_hours WHERE store_id = $1 ORDER BY weekday, opens`, s.ID)
	if err != nil {
		return fmt.Errorf("read hours of %s: %w", s.ID, err)
	}
	for rows.Next() {
		var wd int
		var iv stores.Interval
		if err := rows.Scan(&wd, &iv.Opens, &iv.Closes); err != nil {
			rows.Close()
			return err
		}
		if wd >= 0 && wd < 7 {
			s.Hours[stores.Weekdays[wd]] = append(s.Hours[stores.Weekdays[wd]], iv)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	s.SpecialDays = []stores.SpecialDay{}
	rows, err = db.read.QueryContext(ctx, `SELECT day, hours, note FROM store_holidays WHERE store_id = $1 ORDER BY day`, s.ID)
	if err != nil {
		return fmt.Errorf("read special days of %s: %w", s.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d stores.SpecialDay
		var hours string
		if err := rows.Scan(&d.Date, &hours, &d.Note); err != nil {
			return err
		}
		// Special hours are stored as "10:00-16:00,18:00-20:00"; none is closed.
		for _, p := range strings.Split(hours, ",") {
			if o, c, ok := strings.Cut(p, "-"); ok {
				d.Hours = append(d.Hours, stores.Interval{Opens: o, Closes: c})
			}
		}
		d.Closed = len(d.Hours) == 0
		s.SpecialDays = append(s.SpecialDays, d)
	}
	return rows.Err()
}

// CreateStore stores a new store; stores.ErrExists if the id is taken.
func (db *DB) CreateStore(ctx context.Context, s stores.Store) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.touch(ctx, tx, kindStores); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO stores (id, name, address, city, country, lat, lon, phone, time_zone, aliases, position, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, storeArgs(s)...)
		if isUniqueViolation(err) {
			return stores.ErrExists
		}
		if err != nil {
			return fmt.Errorf("create store %s: %w", s.ID, err)
		}
		return writeHours(ctx, tx, s)
	})
}

// SaveStore creates or replaces a store with its hours and special days;
// its stock is kept.
func (db *DB) SaveStore(ctx context.Context, s stores.Store) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.touch(ctx, tx, kindStores); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO stores (id, name, address, city, country, lat, lon, phone, time_zone, aliases, position, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, city = excluded.city, country = excluded.country,
  lat = excluded.lat, lon = excluded.lon, phone = excluded.phone, time_zone = excluded.time_zone, aliases = excluded.aliases,
  position = excluded.position, updated_at = excluded.updated_at`, storeArgs(s)...)
		if err != nil {
			return fmt.Errorf("save store %s: %w", s.ID, err)
		}
		for _, q := range []string{`DELETE FROM store_hours WHERE store_id = $1`, `DELETE FROM store_holidays WHERE store_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, s.ID); err != nil {
				return fmt.Errorf("save store %s: %w", s.ID, err)
			}
		}
		return writeHours(ctx, tx, s)
	})
}

func storeArgs(s stores.Store) []any {
	var lat, lon sql.NullFloat64
	if s.Lat != nil && s.Lon != nil {
		lat, lon = sql.NullFloat64{Float64: *s.Lat, Valid: true}, sql.NullFloat64{Float64: *s.Lon, Valid: true}
	}
	return []any{s.ID, s.Name, s.Address, s.City, s.Country, lat, lon, s.Phone, s.TimeZone, strings.Join(s.Aliases, "\n"), s.Position, now()}
}

func writeHours(ctx context.Context, tx *sql.Tx, s stores.Store) error {
	for wd, day := range stores.Weekdays {
		for _, iv := range s.Hours[day] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO store_hours (store_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)`, s.ID, wd, iv.Opens, iv.Closes); err != nil {
				return fmt.Errorf("save hours of %s: %w", s.ID, err)
			}
		}
	}
	for _, d := range s.SpecialDays {
		var hs []string
		for _, iv := range d.Hours {
			hs = append(hs, iv.Opens+"-"+iv.Closes)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO store_holidays (store_id, day, hours, note) VALUES ($1, $2, $3, $4)`, s.ID, d.Date, strings.Join(hs, ","), d.Note); err != nil {
			return fmt.Errorf("save special days of %s: %w", s.ID, err)
		}
	}
	return nil
}

// SetStoreStock sets quantities of SKUs in a store.
func (db *DB) SetStoreStock(ctx context.Context, id string, lines []stores.StockLine) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, l := range lines {
			_, err := tx.ExecContext(ctx, `INSERT INTO store_stock (store_id, sku, quantity) VALUES ($1, $2, $3)
ON CONFLICT (store_id, sku) DO UPDATE SET quantity = excluded.quantity`, id, l.SKU, l.Quantity)
			if err != nil {
				return fmt.Errorf("set stock of %s in %s: %w", l.SKU, id, err)
			}
		}
		return nil
	})
}

// StoreStock returns the quantities of skus in a store; SKUs it has no row
// for are left out (none in stock).
func (db *DB) StoreStock(ctx context.Context, id string, skus []string) (map[string]int, error) {
	out := map[string]int{}
	if len(skus) == 0 {
		return out, nil
	}
	args := []any{id}
	ph := make([]string, len(skus))
	for i, s := range skus {
		args = append(args, s)
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT sku, quantity FROM store_stock WHERE store_id = $1 AND sku IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read stock of %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		var q int
		if err := rows.Scan(&sku, &q); err != nil {
			return nil, err
		}
		out[sku] = q
	}
	return out, rows.Err()
}

// HasStoreStock reports whether any store has any stock row.
func (db *DB) HasStoreStock(ctx context.Context) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM store_stock LIMIT 1) s`).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("read store stock: %w", err)
	}
	return n > 0, nil
}
