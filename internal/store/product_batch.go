package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// Rows per multi-row statement. On PostgreSQL each statement is a round
// trip, so rows go in large groups (variants take 9 parameters each,
// products 10; the limit is 65,535). SQLite runs in process and the
// driver's cost of binding grows faster than linearly with a statement's
// parameters (500 variant rows took 0.2 s, 32 rows a statement are as fast
// as one), so it gets small groups.
const batchLookupArgs = 1000

func batchRows(dialect string) (products, variants int) {
	if dialect == Postgres {
		return 250, 500
	}
	return 32, 32
}

// upsertProductsBatch stores a batch of products as upsertProduct would one
// by one, in a handful of statements instead of about nine per product: one
// read of the existing products (with their variants), one SKU-owner check,
// one multi-row insert of the products and of the variants, one delete of
// dropped variants and one bump of the catalogue version. On PostgreSQL
// every statement is a network round trip, which made a 10,000-product
// import take 29 s. Anything the batch cannot express exactly (a handle
// twice in the batch, a SKU listed by two products) is an error, and the
// caller then retries product by product, which reports the product at
// fault as before.
func upsertProductsBatch(ctx context.Context, tx *sql.Tx, dialect string, ps []catalog.Product, res []catalog.Upsert) error {
	productRows, variantRows := batchRows(dialect)
	byHandle := make(map[string]int, len(ps))
	handles := make([]any, 0, len(ps))
	for i := range ps {
		if _, dup := byHandle[ps[i].Handle]; dup {
			return fmt.Errorf("%w: product %q twice in one batch", catalog.ErrConflict, ps[i].Handle)
		}
		byHandle[ps[i].Handle] = i
		handles = append(handles, ps[i].Handle)
	}
	old := make(map[string]*catalog.Product, len(ps))
	for _, chunk := range chunks(handles, batchLookupArgs) {
		found, err := queryProducts(ctx, tx, `SELECT `+productColumns+` FROM products WHERE handle IN (`+marks(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		for i := range found {
			old[found[i].Handle] = &found[i]
		}
	}

	var changed []*catalog.Product
	owner := map[string]string{} // SKU → handle of the product in this batch listing it
	for i := range ps {
		p := &ps[i]
		o := old[p.Handle]
		switch {
		case o == nil:
			res[i] = catalog.Created
		case sameProduct(o, p):
			res[i] = catalog.Unchanged
			p.ID = o.ID
			for j := range p.Variants {
				p.Variants[j].ID = o.Variants[j].ID
				p.Variants[j].ProductID = o.ID
			}
			continue
		default:
			res[i] = catalog.Updated
		}
		changed = append(changed, p)
		for _, v := range p.Variants {
			if h, dup := owner[v.SKU]; dup {
				return fmt.Errorf("%w: SKU %q listed by %q and %q", catalog.ErrConflict, v.SKU, h, p.Handle)
			}
			owner[v.SKU] = p.Handle
		}
	}
	if len(changed) == 0 {
		return nil
	}

	// A SKU already stored under another product is a conflict, as in
	// upsertProduct.
	skus := make([]any, 0, len(owner))
	for sku := range owner {
		skus = append(skus, sku)
	}
	for _, chunk := range chunks(skus, batchLookupArgs) {
		rows, err := tx.QueryContext(ctx, `SELECT v.sku, p.handle FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku IN (`+marks(1, len(chunk))+`)`, chunk...)
		if err != nil {
			return fmt.Errorf("check SKU owners: %w", err)
		}
		for rows.Next() {
			var sku, handle string
			if err := rows.Scan(&sku, &handle); err != nil {
				rows.Close()
				return fmt.Errorf("check SKU owners: %w", err)
			}
			if handle != owner[sku] {
				rows.Close()
				return fmt.Errorf("%w: SKU %q already belongs to product %q", catalog.ErrConflict, sku, handle)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("check SKU owners: %w", err)
		}
	}

	t := now()
	for start := 0; start < len(changed); start += productRows {
		part := changed[start:min(start+productRows, len(changed))]
		args := make([]any, 0, len(part)*10)
		values := make([]string, 0, len(part))
		for _, p := range part {
			n := len(args)
			args = append(args, p.Handle, p.Title, p.BodyHTML, p.Vendor, p.Type, jsonText(nonNil(p.Tags)), statusOr(p.Status),
				jsonText(nonNil(p.Options)), jsonText(nonNil(p.Images)), t)
			values = append(values, "("+marks(n+1, 10)+", $"+strconv.Itoa(n+10)+")")
		}
		rows, err := tx.QueryContext(ctx, `
INSERT INTO products (handle, title, body_html, vendor, type, tags, status, options, images, created_at, updated_at)
VALUES `+strings.Join(values, ", ")+`
ON CONFLICT (handle) DO UPDATE SET title = excluded.title, body_html = excluded.body_html,
  vendor = excluded.vendor, type = excluded.type, tags = excluded.tags, status = excluded.status,
  options = excluded.options, images = excluded.images, updated_at = excluded.updated_at
RETURNING id, handle`, args...)
		if err != nil {
			return fmt.Errorf("upsert %d products: %w", len(part), err)
		}
		if err := scanIDs(rows, func(id int64, handle string) { ps[byHandle[handle]].ID = id }); err != nil {
			return fmt.Errorf("upsert %d products: %w", len(part), err)
		}
	}

	type ref struct {
		p *catalog.Product
		i int
	}
	var vs []ref
	bySKU := make(map[string]ref, len(owner))
	for _, p := range changed {
		for i := range p.Variants {
			p.Variants[i].ProductID = p.ID
			r := ref{p, i}
			vs = append(vs, r)
			bySKU[p.Variants[i].SKU] = r
		}
	}
	for start := 0; start < len(vs); start += variantRows {
		part := vs[start:min(start+variantRows, len(vs))]
		args := make([]any, 0, len(part)*9)
		values := make([]string, 0, len(part))
		for _, r := range part {
			v := &r.p.Variants[r.i]
			var cmp sql.NullInt64
			if v.CompareAtPrice != nil {
				cmp = sql.NullInt64{Int64: v.CompareAtPrice.Amount, Valid: true}
			}
			values = append(values, "("+marks(len(args)+1, 9)+")")
			args = append(args, v.ProductID, v.SKU, jsonText(nonNilMap(v.Options)), v.Price.Amount, cmp, v.Price.Currency, v.Stock, v.Position, v.Image)
		}
		rows, err := tx.QueryContext(ctx, `
INSERT INTO variants (product_id, sku, options, price, compare_at_price, currency, stock, position, image)
VALUES `+strings.Join(values, ", ")+`
ON CONFLICT (sku) DO UPDATE SET product_id = excluded.product_id, options = excluded.options,
  price = excluded.price, compare_at_price = excluded.compare_at_price, currency = excluded.currency,
  stock = excluded.stock, position = excluded.position, image = excluded.image
RETURNING id, sku`, args...)
		if err != nil {
			return fmt.Errorf("upsert %d variants: %w", len(part), err)
		}
		if err := scanIDs(rows, func(id int64, sku string) {
			r := bySKU[sku]
			r.p.Variants[r.i].ID = id
		}); err != nil {
			return fmt.Errorf("upsert %d variants: %w", len(part), err)
		}
	}

	// Variants the changed products no longer list. SKUs are unique, and
	// every listed one now belongs to its product, so one statement for a
	// group of products removes exactly what one per product would. Groups
	// keep the statement's parameters far below either database's limit.
	for start := 0; start < len(changed); {
		var ids, keep []any
		for ; start < len(changed) && (len(ids) == 0 || len(keep)+len(changed[start].Variants) <= batchLookupArgs*10); start++ {
			p := changed[start]
			ids = append(ids, p.ID)
			for _, v := range p.Variants {
				keep = append(keep, v.SKU)
			}
		}
		q := `DELETE FROM variants WHERE product_id IN (` + marks(1, len(ids)) + `)`
		if len(keep) > 0 {
			q += ` AND sku NOT IN (` + marks(len(ids)+1, len(keep)) + `)`
		}
		if _, err := tx.ExecContext(ctx, q, append(ids, keep...)...); err != nil {
			return fmt.Errorf("remove dropped variants: %w", err)
		}
	}
	_, err := next(ctx, tx, "catalog_version", int64(len(changed)))
	return err
}

// marks returns n placeholders from $from on: "$3, $4, $5".
func marks(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$")
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

func chunks(args []any, size int) [][]any {
	var out [][]any
	for start := 0; start < len(args); start += size {
		out = append(out, args[start:min(start+size, len(args))])
	}
	return out
}

func scanIDs(rows *sql.Rows, fn func(id int64, key string)) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		fn(id, key)
	}
	return rows.Err()
}
