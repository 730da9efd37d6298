package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
)

// personal finds the person's customer id (0 when none), the orders that
// are theirs and the conversations they had or bought in.
func personal(ctx context.Context, q queryer, email string) (custID int64, orderIDs []int64, convIDs []string, err error) {
	err = q.QueryRowContext(ctx, `SELECT id FROM customers WHERE email = $1`, email).Scan(&custID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil, fmt.Errorf("find customer: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, conversation_id FROM orders WHERE email = $1 OR (customer_id IS NOT NULL AND customer_id = $2) ORDER BY id`, email, custID)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("find orders: %w", err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var id int64
		var conv string
		if err := rows.Scan(&id, &conv); err != nil {
			rows.Close()
			return 0, nil, nil, err
		}
		orderIDs = append(orderIDs, id)
		if conv != "" && !seen[conv] {
			seen[conv] = true
			convIDs = append(convIDs, conv)
		}
	}
	rows.Close()
	if custID != 0 {
		crows, err := q.QueryContext(ctx, `SELECT id FROM conversations WHERE customer_id = $1 ORDER BY created_at`, custID)
		if err != nil {
			return 0, nil, nil, fmt.Errorf("find conversations: %w", err)
		}
		for crows.Next() {
			var id string
			if err := crows.Scan(&id); err != nil {
				crows.Close()
				return 0, nil, nil, err
			}
			if !seen[id] {
				seen[id] = true
				convIDs = append(convIDs, id)
			}
		}
		crows.Close()
	}
	// Chats that only typed the address (an order lookup, a code asked
	// for, a guest checkout) hold it too, in their messages or state.
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(email) + "%"
	mrows, err := q.QueryContext(ctx, `SELECT DISTINCT conversation_id FROM messages WHERE lower(body) LIKE $1 ESCAPE '\'
		UNION SELECT id FROM conversations WHERE lower(state) LIKE $1 ESCAPE '\'`, like)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("find conversations naming the address: %w", err)
	}
	for mrows.Next() {
		var id string
		if err := mrows.Scan(&id); err != nil {
			mrows.Close()
			return 0, nil, nil, err
		}
		if !seen[id] {
			seen[id] = true
			convIDs = append(convIDs, id)
		}
	}
	mrows.Close()
	return custID, orderIDs, convIDs, nil
}

func inList(n int, from int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(from+i)
	}
	return "(" + strings.Join(marks, ",") + ")"
}

// ExportCustomer gathers everything held about the person with this e-mail.
func (db *DB) ExportCustomer(ctx context.Context, email string) (*privacy.Export, error) {
	custID, orderIDs, convIDs, err := personal(ctx, db.read, email)
	if err != nil {
		return nil, err
	}
	ex := &privacy.Export{Addresses: []address.Address{}, PaymentMethods: []privacy.SavedMethod{}, Orders: []order.Order{},
		Conversations: []privacy.Conversation{}, Consents: []privacy.Consent{}}
	if custID != 0 {
		c := privacy.Customer{ID: custID}
		var e sql.NullString
		if err := db.read.QueryRowContext(ctx, `SELECT email, name, phone, created_at FROM customers WHERE id = $1`, custID).
			Scan(&e, &c.Name, &c.Phone, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("read customer: %w", err)
		}
		c.Email = e.String
		ex.Customer = &c
		rows, err := db.read.QueryContext(ctx, `SELECT gateway, label FROM payment_methods WHERE customer_id = $1 ORDER BY id`, custID)
		if err != nil {
			return nil, fmt.Errorf("read saved methods: %w", err)
		}
		for rows.Next() {
			var m privacy.SavedMethod
			if err := rows.Scan(&m.Gateway, &m.Label); err != nil {
				rows.Close()
				return nil, err
			}
			ex.PaymentMethods = append(ex.PaymentMethods, m)
		}
		rows.Close()
	}
	if len(orderIDs) > 0 {
		args := make([]any, len(orderIDs))
		for i, id := range orderIDs {
			args[i] = id
		}
		os, err := db.queryOrders(ctx, db.read, `SELECT `+orderColumns+` FROM orders WHERE id IN `+inList(len(args), 1)+` ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		ex.Orders = os
		seen := map[string]bool{}
		for _, o := range os {
			if k := o.ShippingAddress.OneLine(); k != "" && !seen[k] {
				seen[k] = true
				ex.Addresses = append(ex.Addresses, o.ShippingAddress)
			}
		}
	}
	for _, id := range convIDs {
		c, _, err := db.Conversation(ctx, id)
		if errors.Is(err, conversation.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		msgs, err := db.MessagesAfter(ctx, id, 0, 100000)
		if err != nil {
			return nil, err
		}
		if msgs == nil {
			msgs = []conversation.Message{}
		}
		ex.Conversations = append(ex.Conversations, privacy.Conversation{ID: c.ID, Channel: c.Channel, Language: c.Language, CreatedAt: c.CreatedAt, Messages: msgs})
	}
	consents, err := db.consents(ctx, custID, convIDs)
	if err != nil {
		return nil, err
	}
	ex.Consents = consents
	return ex, nil
}

func (db *DB) consents(ctx context.Context, custID int64, convIDs []string) ([]privacy.Consent, error) {
	out := []privacy.Consent{}
	args := []any{custID}
	q := `SELECT id, COALESCE(customer_id, 0), conversation_id, purpose, granted, source, created_at FROM consents WHERE (customer_id IS NOT NULL AND customer_id = $1)`
	if len(convIDs) > 0 {
		for _, c := range convIDs {
			args = append(args, c)
		}
		q += ` OR conversation_id IN ` + inList(len(convIDs), 2)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read consents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c privacy.Consent
		if err := rows.Scan(&c.ID, &c.CustomerID, &c.ConversationID, &c.Purpose, &c.Granted, &c.Source, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddConsent records a consent given or withdrawn.
func (db *DB) AddConsent(ctx context.Context, c privacy.Consent) (privacy.Consent, error) {
	var cust sql.NullInt64
	if c.CustomerID != 0 {
		cust = sql.NullInt64{Int64: c.CustomerID, Valid: true}
	}
	c.CreatedAt = now()
	err := db.write.QueryRowContext(ctx, `INSERT INTO consents (customer_id, conversation_id, purpose, granted, source, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, cust, c.ConversationID, c.Purpose, c.Granted, c.Source, c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return c, fmt.Errorf("record consent: %w", err)
	}
	return c, nil
}

// EraseCustomer removes a person in one transaction: the customer record,
// saved cards and everything keyed to them go; orders stay with their
// details replaced by the redaction marker; conversations keep their shape
// (seq, sender, time) but no text, and their tokens stop working. Durable
// (store.durableTx): an erasure reported done must stay done.
func (db *DB) EraseCustomer(ctx context.Context, email string) (privacy.Erasure, error) {
	var res privacy.Erasure
	err := db.durableTx(ctx, func(tx *sql.Tx) error {
		custID, orderIDs, convIDs, err := personal(ctx, tx, email)
		if err != nil {
			return err
		}
		t := now()
		for _, id := range orderIDs {
			var addr string
			if err := tx.QueryRowContext(ctx, `SELECT shipping_address FROM orders WHERE id = $1`, id).Scan(&addr); err != nil {
				return err
			}
			var a address.Address
			json.Unmarshal([]byte(addr), &a)
			// The country stays: the books need it for VAT.
			r := address.Address{Name: privacy.Redacted, Line1: privacy.Redacted, PostalCode: privacy.Redacted, City: privacy.Redacted, Country: a.Country}
			if _, err := tx.ExecContext(ctx, `UPDATE orders SET email = $1, shipping_address = $2, customer_id = NULL, updated_at = $3 WHERE id = $4`,
				privacy.Redacted, jsonText(r), t, id); err != nil {
				return fmt.Errorf("redact order: %w", err)
			}
			// The hashed signals would still link a new order to this person.
			if _, err := tx.ExecContext(ctx, `DELETE FROM risk_signals WHERE order_id = $1`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE returns SET note = '' WHERE order_id = $1`, id); err != nil {
				return err
			}
		}
		res.Orders = len(orderIDs)
		for _, id := range convIDs {
			if err := redactConversation(ctx, tx, id, t, true); err != nil {
				return err
			}
		}
		res.Conversations = len(convIDs)
		// Codes mailed to the address, kept in the outbox (demo and tests).
		if _, err := tx.ExecContext(ctx, `DELETE FROM mail_outbox WHERE lower(recipient) = $1`, email); err != nil {
			return fmt.Errorf("erase mail: %w", err)
		}
		if custID != 0 {
			for _, q := range []string{
				`DELETE FROM payment_methods WHERE customer_id = $1`,
				`DELETE FROM gateway_customers WHERE customer_id = $1`,
				`DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE customer_id = $1)`,
				`DELETE FROM carts WHERE customer_id = $1`,
				`DELETE FROM consents WHERE customer_id = $1`,
				`DELETE FROM coupon_redemptions WHERE customer_id = $1`,
				`UPDATE conversations SET customer_id = NULL WHERE customer_id = $1`,
				`DELETE FROM customers WHERE id = $1`,
			} {
				if _, err := tx.ExecContext(ctx, q, custID); err != nil {
					return fmt.Errorf("erase customer: %w", err)
				}
			}
			res.Customers = 1
		}
		return nil
	})
	return res, err
}

// redactConversation replaces every message's content with the marker and
// drops what the conversation remembered (checkout address, e-mail). With
// erase the conversation's token stops working and everything keyed to it
// goes too.
func redactConversation(ctx context.Context, tx *sql.Tx, id string, t time.Time, erase bool) error {
	rows, err := tx.QueryContext(ctx, `SELECT seq, sender, body, created_at FROM messages WHERE conversation_id = $1 ORDER BY seq`, id)
	if err != nil {
		return fmt.Errorf("read messages: %w", err)
	}
	var msgs []conversation.Message
	for rows.Next() {
		var m conversation.Message
		var body string
		if err := rows.Scan(&m.Seq, &m.From, &body, &m.Created); err != nil {
			rows.Close()
			return err
		}
		msgs = append(msgs, m)
	}
	rows.Close()
	for _, m := range msgs {
		r := conversation.Message{Seq: m.Seq, From: m.From, Type: conversation.TypeText, Text: privacy.Redacted, Created: m.Created}
		body, _ := json.Marshal(r)
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET body = $1 WHERE conversation_id = $2 AND seq = $3`, string(body), id, m.Seq); err != nil {
			return fmt.Errorf("redact message: %w", err)
		}
	}
	for _, q := range []string{
		`UPDATE notes SET text = '` + privacy.Redacted + `' WHERE conversation_id = $1`,
		`UPDATE training_review SET text = '` + privacy.Redacted + `' WHERE conversation_id = $1`,
		`UPDATE feedback SET comment = '' WHERE conversation_id = $1`,
		`DELETE FROM stock_alerts WHERE conversation_id = $1`,
		// Messaging channels: the rendered copies of the messages and the
		// sender's phone number or account id go with them.
		`DELETE FROM channel_outbox WHERE conversation_id = $1`,
		`DELETE FROM channel_senders WHERE conversation_id = $1`,
		`DELETE FROM price_alerts WHERE conversation_id = $1`,
		// Nothing more is sent into a redacted chat.
		`UPDATE proactive_messages SET status = 'dropped', reason = 'redacted' WHERE conversation_id = $1 AND status = 'pending'`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("redact conversation: %w", err)
		}
	}
	q := `UPDATE conversations SET state = '{}', handoff = '{}', redacted_at = $2 WHERE id = $1`
	if erase {
		// An impossible hash: no token matches it any more.
		q = `UPDATE conversations SET state = '{}', handoff = '{}', redacted_at = $2, token_hash = 'erased', customer_id = NULL WHERE id = $1`
		for _, d := range []string{
			`DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE conversation_id = $1)`,
			`DELETE FROM carts WHERE conversation_id = $1`,
			`DELETE FROM consents WHERE conversation_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, d, id); err != nil {
				return fmt.Errorf("erase conversation: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, q, id, t); err != nil {
		return fmt.Errorf("redact conversation: %w", err)
	}
	return nil
}

// RedactConversations redacts conversations idle since before idleBefore
// that are not redacted yet (or were, and the shopper came back since). Each is claimed by setting redacted_at in the
// same transaction that redacts it, so two instances never both do one.
func (db *DB) RedactConversations(ctx context.Context, idleBefore time.Time, limit int) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM conversations WHERE (redacted_at IS NULL OR redacted_at < updated_at) AND updated_at < $1 ORDER BY updated_at LIMIT $2`, idleBefore.UTC(), limit)
	if err != nil {
		return 0, fmt.Errorf("find idle conversations: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	done := 0
	for _, id := range ids {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE conversations SET redacted_at = $1 WHERE id = $2 AND (redacted_at IS NULL OR redacted_at < updated_at) AND updated_at < $3`, now(), id, idleBefore.UTC())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance took it, or the shopper came back
			}
			done++
			return redactConversation(ctx, tx, id, now(), false)
		})
		if err != nil {
			return done, fmt.Errorf("redact conversation: %w", err)
		}
	}
	return done, nil
}
