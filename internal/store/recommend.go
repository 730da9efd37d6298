package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// PaidBaskets lists every paid order as the products (by handle) it holds,
// oldest first, for mining what is bought together. Lines whose variant is
// gone from the catalogue are left out: nothing can be recommended from them.
func (db *DB) PaidBaskets(ctx context.Context) ([]recommend.Basket, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT o.id, o.customer_id, o.created_at, p.handle
FROM orders o
JOIN order_items i ON i.order_id = o.id
JOIN variants v ON v.sku = i.sku
JOIN products p ON p.id = v.product_id
WHERE o.payment_status = $1
ORDER BY o.id, i.line`, order.PaymentPaid)
	if err != nil {
		return nil, fmt.Errorf("query paid baskets: %w", err)
	}
	defer rows.Close()
	var out []recommend.Basket
	for rows.Next() {
		var id int64
		var cust sql.NullInt64
		var b recommend.Basket
		var handle string
		if err := rows.Scan(&id, &cust, &b.At, &handle); err != nil {
			return nil, fmt.Errorf("scan paid basket: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].OrderID == id {
			out[n-1].Handles = append(out[n-1].Handles, handle)
			continue
		}
		b.OrderID, b.CustomerID, b.Handles = id, cust.Int64, []string{handle}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read paid baskets: %w", err)
	}
	return out, nil
}
