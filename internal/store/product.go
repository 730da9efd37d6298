package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

const productColumns = `id, handle, title, body_html, vendor, type, tags, status, options, images, updated_at`
const variantColumns = `id, product_id, sku, options, price, compare_at_price, currency, stock, position, image`

// UpsertProduct stores p by its handle, and its variants by SKU, in one
// transaction: a product is never half written. Variants of the product that
// p no longer lists are removed. It reports whether anything changed.
func (db *DB) UpsertProduct(ctx context.Context, p *catalog.Product) (catalog.Upsert, error) {
	var res catalog.Upsert
	err := db.tx(ctx, func(tx *sql.Tx) error { return db.upsertProduct(ctx, tx, p, &res) })
	return res, err
}

// UpsertProducts stores many products in one transaction and a few
// multi-row statements (product_batch.go), which is what makes a large
// import fast; any error rolls back all of them, and the caller retries one
// by one to find the product at fault.
func (db *DB) UpsertProducts(ctx context.Context, ps []catalog.Product) ([]catalog.Upsert, error) {
	res := make([]catalog.Upsert, len(ps))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.touch(ctx, tx, kindProducts); err != nil {
			return err
		}
		return upsertProductsBatch(ctx, tx, db.Dialect, ps, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (db *DB) upsertProduct(ctx context.Context, tx *sql.Tx, p *catalog.Product, res *catalog.Upsert) error {
	old, err := productByHandle(ctx, tx, p.Handle)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		*res = catalog.Created
	case err != nil:
		return err
	default:
		if sameProduct(old, p) {
			*res = catalog.Unchanged
			p.ID = old.ID
			for i := range p.Variants {
				p.Variants[i].ID = old.Variants[i].ID
				p.Variants[i].ProductID = old.ID
			}
			return nil
		}
		*res = catalog.Updated
	}
	for _, v := range p.Variants {
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT p.handle FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1`, v.SKU).Scan(&owner)
		if err == nil && owner != p.Handle {
			return fmt.Errorf("%w: SKU %q already belongs to product %q", catalog.ErrConflict, v.SKU, owner)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	t := now()
	err = tx.QueryRowContext(ctx, `
INSERT INTO products (handle, title, body_html, vendor, type, tags, status, options, images, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
ON CONFLICT (handle) DO UPDATE SET title = excluded.title, body_html = excluded.body_html,
  vendor = excluded.vendor, type = excluded.type, tags = excluded.tags, status = excluded.status,
  options = excluded.options, images = excluded.images, updated_at = excluded.updated_at
RETURNING id`,
		p.Handle, p.Title, p.BodyHTML, p.Vendor, p.Type, jsonText(nonNil(p.Tags)), statusOr(p.Status),
		jsonText(nonNil(p.Options)), jsonText(nonNil(p.Images)), t).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("upsert product %s: %w", p.Handle, err)
	}
	skus := make([]any, 0, len(p.Variants)+1)
	skus = append(skus, p.ID)
	marks := make([]string, 0, len(p.Variants))
	for i := range p.Variants {
		v := &p.Variants[i]
		v.ProductID = p.ID
		var cmp sql.NullInt64
		if v.CompareAtPrice != nil {
			cmp = sql.NullInt64{Int64: v.CompareAtPrice.Amount, Valid: true}
		}
		err := tx.QueryRowContext(ctx, `
INSERT INTO variants (product_id, sku, options, price, compare_at_price, currency, stock, position, image)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (sku) DO UPDATE SET product_id = excluded.product_id, options = excluded.options,
  price = excluded.price, compare_at_price = excluded.compare_at_price, currency = excluded.currency,
  stock = excluded.stock, position = excluded.position, image = excluded.image
RETURNING id`,
			p.ID, v.SKU, jsonText(nonNilMap(v.Options)), v.Price.Amount, cmp, v.Price.Currency, v.Stock, v.Position, v.Image).Scan(&v.ID)
		if err != nil {
			return fmt.Errorf("upsert variant %s: %w", v.SKU, err)
		}
		skus = append(skus, v.SKU)
		marks = append(marks, "$"+strconv.Itoa(len(skus)))
	}
	q := `DELETE FROM variants WHERE product_id = $1`
	if len(marks) > 0 {
		q += ` AND sku NOT IN (` + strings.Join(marks, ", ") + `)`
	}
	if _, err := tx.ExecContext(ctx, q, skus...); err != nil {
		return fmt.Errorf("remove dropped variants of %s: %w", p.Handle, err)
	}
	if err := db.touch(ctx, tx, kindProducts); err != nil {
		return err
	}
	_, err = next(ctx, tx, "catalog_version", 1)
	return err
}

// sameProduct reports whether storing p would change nothing.
func sameProduct(old, p *catalog.Product) bool {
	if old.Title != p.Title || old.BodyHTML != p.BodyHTML || old.Vendor != p.Vendor || old.Type != p.Type ||
		statusOr(old.Status) != statusOr(p.Status) || !reflect.DeepEqual(nonNil(old.Tags), nonNil(p.Tags)) ||
		!reflect.DeepEqual(nonNil(old.Options), nonNil(p.Options)) || !reflect.DeepEqual(nonNil(old.Images), nonNil(p.Images)) ||
		len(old.Variants) != len(p.Variants) {
		return false
	}
	for i, a := range old.Variants {
		b := p.Variants[i]
		if a.SKU != b.SKU || a.Price != b.Price || a.Stock != b.Stock || a.Position != b.Position || a.Image != b.Image ||
			!reflect.DeepEqual(nonNilMap(a.Options), nonNilMap(b.Options)) ||
			(a.CompareAtPrice == nil) != (b.CompareAtPrice == nil) ||
			(a.CompareAtPrice != nil && *a.CompareAtPrice != *b.CompareAtPrice) {
			return false
		}
	}
	return true
}

// ProductByHandle returns a product with its variants.
// Products read lately come from the cache, like ProductsByIDs.
func (db *DB) ProductByHandle(ctx context.Context, handle string) (*catalog.Product, error) {
	if id, ok := db.cache.cachedProductID(handle); ok {
		if found, ok := db.cache.cachedProduct(id); ok {
			if p := shareProduct(found); p.Handle == handle {
				return &p, nil
			}
		}
	}
	gen := db.cache.gen(kindProducts)
	p, err := productByHandle(ctx, db.read, handle)
	if err != nil {
		return nil, err
	}
	kept := shareProduct(*p)
	db.cache.keepProducts(gen, []catalog.Product{kept})
	return p, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func productByHandle(ctx context.Context, q queryer, handle string) (*catalog.Product, error) {
	ps, err := queryProducts(ctx, q, `SELECT `+productColumns+` FROM products WHERE handle = $1`, handle)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, catalog.ErrNotFound
	}
	return &ps[0], nil
}

// ProductsByIDs returns the products with these ids, in the order given.
// Products read lately come from the cache (cache.go), which every write
// of a product or of stock invalidates.
func (db *DB) ProductsByIDs(ctx context.Context, ids []int64) ([]catalog.Product, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID, missing := db.cache.cachedProducts(ids)
	if len(missing) > 0 {
		gen := db.cache.gen(kindProducts)
		ps, err := db.productsByIDs(ctx, missing)
		if err != nil {
			return nil, err
		}
		kept := make([]catalog.Product, len(ps))
		for i, p := range ps {
			byID[p.ID] = p
			kept[i] = p
		}
		db.cache.keepProducts(gen, kept)
	}
	out := make([]catalog.Product, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, shareProduct(p))
		}
	}
	return out, nil
}

func (db *DB) productsByIDs(ctx context.Context, ids []int64) ([]catalog.Product, error) {
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i] = id
		marks[i] = "$" + strconv.Itoa(i+1)
	}
	return queryProducts(ctx, db.read, `SELECT `+productColumns+` FROM products WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
}

// ListProducts pages through the products in id order, after the id afterID.
func (db *DB) ListProducts(ctx context.Context, afterID int64, limit int) ([]catalog.Product, error) {
	return queryProducts(ctx, db.read, `SELECT `+productColumns+` FROM products WHERE id > $1 ORDER BY id LIMIT $2`, afterID, limit)
}

// AllProducts returns the whole catalogue, for building the search index.
func (db *DB) AllProducts(ctx context.Context) ([]catalog.Product, error) {
	return queryProducts(ctx, db.read, `SELECT `+productColumns+` FROM products ORDER BY id`)
}

// CatalogVersion changes whenever a product is written.
func (db *DB) CatalogVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.queryRow(ctx, `SELECT value FROM counters WHERE name = 'catalog_version'`).Scan(&v)
	return v, err
}

// VariantBySKU returns one variant with its product's title.
func (db *DB) VariantBySKU(ctx context.Context, sku string) (catalog.Variant, error) {
	rows, err := db.query(ctx, `SELECT `+variantColumns+` FROM variants WHERE sku = $1`, sku)
	if err != nil {
		return catalog.Variant{}, err
	}
	vs, err := scanVariants(rows)
	if err != nil {
		return catalog.Variant{}, err
	}
	if len(vs) == 0 {
		return catalog.Variant{}, catalog.ErrNotFound
	}
	return vs[0], nil
}

func queryProducts(ctx context.Context, q queryer, query string, args ...any) ([]catalog.Product, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query products: %w", err)
	}
	var ps []catalog.Product
	for rows.Next() {
		var p catalog.Product
		var tags, options, images string
		if err := rows.Scan(&p.ID, &p.Handle, &p.Title, &p.BodyHTML, &p.Vendor, &p.Type, &tags, &p.Status, &options, &images, &p.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan product: %w", err)
		}
		json.Unmarshal([]byte(tags), &p.Tags)
		json.Unmarshal([]byte(options), &p.Options)
		json.Unmarshal([]byte(images), &p.Images)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return ps, nil
	}
	idx := make(map[int64]int, len(ps))
	args2 := make([]any, 0, len(ps))
	marks := make([]string, 0, len(ps))
	for i, p := range ps {
		idx[p.ID] = i
		args2 = append(args2, p.ID)
		marks = append(marks, "$"+strconv.Itoa(len(args2)))
	}
	vq := `SELECT ` + variantColumns + ` FROM variants WHERE product_id IN (` + strings.Join(marks, ",") + `) ORDER BY product_id, position, id`
	if len(ps) > 500 {
		// A whole-catalogue read: one scan beats a huge IN list.
		vq = `SELECT ` + variantColumns + ` FROM variants ORDER BY product_id, position, id`
		args2 = nil
	}
	vrows, err := q.QueryContext(ctx, vq, args2...)
	if err != nil {
		return nil, fmt.Errorf("query variants: %w", err)
	}
	vs, err := scanVariants(vrows)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if i, ok := idx[v.ProductID]; ok {
			ps[i].Variants = append(ps[i].Variants, v)
		}
	}
	return ps, nil
}

func scanVariants(rows *sql.Rows) ([]catalog.Variant, error) {
	defer rows.Close()
	var vs []catalog.Variant
	for rows.Next() {
		var v catalog.Variant
		var options, cur string
		var price int64
		var cmp sql.NullInt64
		if err := rows.Scan(&v.ID, &v.ProductID, &v.SKU, &options, &price, &cmp, &cur, &v.Stock, &v.Position, &v.Image); err != nil {
			return nil, fmt.Errorf("scan variant: %w", err)
		}
		json.Unmarshal([]byte(options), &v.Options)
		v.Price = money.New(price, cur)
		if cmp.Valid {
			c := money.New(cmp.Int64, cur)
			v.CompareAtPrice = &c
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// AdjustStock adds delta (negative to take) to a variant's stock. Taking more
// than there is fails with catalog.ErrOutOfStock and changes nothing.
func (db *DB) AdjustStock(ctx context.Context, sku string, delta int) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.adjustStock(ctx, tx, sku, delta) })
}

func (db *DB) adjustStock(ctx context.Context, tx *sql.Tx, sku string, delta int) error {
	if err := db.touch(ctx, tx, kindProducts); err != nil {
		return err
	}
	// The conditional update is the guard against overselling on both databases:
	// it never lets stock go below zero, whatever runs concurrently.
	res, err := tx.ExecContext(ctx, `UPDATE variants SET stock = stock + $1 WHERE sku = $2 AND stock + $1 >= 0`, delta, sku)
	if err != nil {
		return fmt.Errorf("adjust stock of %s: %w", sku, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM variants WHERE sku = $1`, sku).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return fmt.Errorf("%w: SKU %s", catalog.ErrNotFound, sku)
		}
		return fmt.Errorf("%w: SKU %s", catalog.ErrOutOfStock, sku)
	}
	return nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func statusOr(s string) string {
	if s == "" {
		return catalog.StatusActive
	}
	return s
}
