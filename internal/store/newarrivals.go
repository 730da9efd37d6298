package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// OptIn is a conversation whose shopper's latest word on marketing is yes
// (a consent granted in it, or by its customer), with when they said it.
type OptIn struct {
	ConversationID string
	CustomerID     int64
	Since          time.Time
}

// MarketingOptIns lists the conversations whose shopper's latest marketing
// consent, in the conversation or as its customer, is granted; a customer's
// consent reaches them in the conversation they used last.
func (db *DB) MarketingOptIns(ctx context.Context) ([]OptIn, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT COALESCE(customer_id, 0), conversation_id, granted, created_at FROM consents
WHERE purpose = 'marketing' ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("read marketing consents: %w", err)
	}
	type word struct {
		granted bool
		at      time.Time
		conv    string
		cust    int64
	}
	latest := map[string]word{} // "v:<conversation>" or "c:<customer>"
	var order []string
	for rows.Next() {
		var w word
		var at anyTime
		if err := rows.Scan(&w.cust, &w.conv, &w.granted, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read marketing consents: %w", err)
		}
		w.at = at.Time
		for _, k := range []string{"v:" + w.conv, "c:" + strconv.FormatInt(w.cust, 10)} {
			if k == "v:" || k == "c:0" {
				continue
			}
			if _, seen := latest[k]; !seen {
				order = append(order, k)
			}
			latest[k] = w
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []OptIn
	seen := map[string]bool{}
	for _, k := range order {
		w := latest[k]
		if !w.granted {
			continue
		}
		conv := w.conv
		if k[0] == 'c' {
			err := db.read.QueryRowContext(ctx, `SELECT id FROM conversations WHERE customer_id = $1 ORDER BY updated_at DESC LIMIT 1`, w.cust).Scan(&conv)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("find a customer's conversation: %w", err)
			}
		}
		if conv == "" || seen[conv] {
			continue
		}
		seen[conv] = true
		out = append(out, OptIn{ConversationID: conv, CustomerID: w.cust, Since: w.at})
	}
	return out, nil
}

// LastProactive is when the conversation's latest message of kind was
// queued; zero when it never was.
func (db *DB) LastProactive(ctx context.Context, conversationID, kind string) (time.Time, error) {
	var at anyTime
	err := db.read.QueryRowContext(ctx, `SELECT MAX(created_at) FROM proactive_messages WHERE conversation_id = $1 AND kind = $2`,
		conversationID, kind).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("read last %s of %s: %w", kind, conversationID, err)
	}
	return at.Time, nil
}

// NewProduct is an active product and when it was first created.
type NewProduct struct {
	Handle  string
	Created time.Time
}

// NewProducts lists the active products first created after since, newest
// first, at most limit.
func (db *DB) NewProducts(ctx context.Context, since time.Time, limit int) ([]NewProduct, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT handle, created_at FROM products WHERE status = 'active' AND created_at > $1
ORDER BY created_at DESC, id DESC LIMIT $2`, since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("read new products: %w", err)
	}
	defer rows.Close()
	var out []NewProduct
	for rows.Next() {
		var p NewProduct
		var at anyTime
		if err := rows.Scan(&p.Handle, &at); err != nil {
			return nil, fmt.Errorf("read new products: %w", err)
		}
		p.Created = at.Time
		out = append(out, p)
	}
	return out, rows.Err()
}
