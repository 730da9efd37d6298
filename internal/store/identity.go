package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/identity"
)

// CreateCode stores a one-time code (its digest).
func (db *DB) CreateCode(ctx context.Context, c *identity.Code) error {
	err := db.write.QueryRowContext(ctx, `
INSERT INTO verification_codes (conversation_id, customer_id, code_hash, attempts, expires_at, created_at)
VALUES ($1, $2, $3, 0, $4, $5) RETURNING id`,
		c.ConversationID, c.CustomerID, c.Hash, c.ExpiresAt.UTC(), c.CreatedAt.UTC()).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert verification code: %w", err)
	}
	return nil
}

// LatestCode returns the conversation's newest code.
func (db *DB) LatestCode(ctx context.Context, conversationID string) (*identity.Code, error) {
	var c identity.Code
	var used sql.NullTime
	err := db.write.QueryRowContext(ctx, `
SELECT id, conversation_id, customer_id, code_hash, attempts, expires_at, used_at, created_at
FROM verification_codes WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`, conversationID).Scan(
		&c.ID, &c.ConversationID, &c.CustomerID, &c.Hash, &c.Attempts, &c.ExpiresAt, &used, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, identity.ErrNoCode
	}
	if err != nil {
		return nil, fmt.Errorf("read verification code: %w", err)
	}
	if used.Valid {
		t := used.Time
		c.UsedAt = &t
	}
	return &c, nil
}

// CountCodes counts the codes made since a moment for a conversation or a
// customer, whichever has more.
func (db *DB) CountCodes(ctx context.Context, conversationID string, customerID int64, since time.Time) (int, error) {
	var byConv, byCust int
	if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM verification_codes WHERE conversation_id = $1 AND created_at >= $2`,
		conversationID, since.UTC()).Scan(&byConv); err != nil {
		return 0, fmt.Errorf("count verification codes: %w", err)
	}
	if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM verification_codes WHERE customer_id = $1 AND created_at >= $2`,
		customerID, since.UTC()).Scan(&byCust); err != nil {
		return 0, fmt.Errorf("count verification codes: %w", err)
	}
	return max(byConv, byCust), nil
}

// TryCode counts one attempt and, on a match, uses the code up, in one
// conditional UPDATE: two instances checking the same code at once cannot
// both use it, nor exceed the attempts allowed.
func (db *DB) TryCode(ctx context.Context, id int64, match bool, now time.Time, maxAttempts int) (bool, error) {
	q := `UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1 AND used_at IS NULL AND attempts < $2`
	args := []any{id, maxAttempts}
	if match {
		q = `UPDATE verification_codes SET attempts = attempts + 1, used_at = $3 WHERE id = $1 AND used_at IS NULL AND attempts < $2`
		args = append(args, now.UTC())
	}
	res, err := db.write.ExecContext(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("try verification code: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordBinding notes that a conversation was tied to a customer.
func (db *DB) RecordBinding(ctx context.Context, b identity.Binding) error {
	_, err := db.write.ExecContext(ctx, `
INSERT INTO customer_bindings (conversation_id, customer_id, source, reference, created_at) VALUES ($1, $2, $3, $4, $5)`,
		b.ConversationID, b.CustomerID, b.Source, b.Reference, b.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("record binding: %w", err)
	}
	return nil
}

// Bindings lists a conversation's bindings, oldest first.
func (db *DB) Bindings(ctx context.Context, conversationID string) ([]identity.Binding, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT conversation_id, customer_id, source, reference, created_at FROM customer_bindings WHERE conversation_id = $1 ORDER BY id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("list bindings: %w", err)
	}
	defer rows.Close()
	var out []identity.Binding
	for rows.Next() {
		var b identity.Binding
		if err := rows.Scan(&b.ConversationID, &b.CustomerID, &b.Source, &b.Reference, &b.CreatedAt); err != nil {
			return nil, fmt.Errorf("list bindings: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// AddOutbox keeps a mail in the local outbox.
func (db *DB) AddOutbox(ctx context.Context, m identity.Mail, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO mail_outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)`,
		m.To, m.Subject, m.Body, at.UTC())
	if err != nil {
		return fmt.Errorf("keep mail in outbox: %w", err)
	}
	return nil
}

// Outbox lists the newest kept mails first.
func (db *DB) Outbox(ctx context.Context, limit int) ([]identity.OutboxMail, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, recipient, subject, body, created_at FROM mail_outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	out := []identity.OutboxMail{}
	for rows.Next() {
		var m identity.OutboxMail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("list outbox: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
