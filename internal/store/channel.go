package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
)

// AcceptInbound stores a webhook event once; the primary key turns a
// redelivery into a no-op.
func (db *DB) AcceptInbound(ctx context.Context, ch, providerID string, event []byte, at time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `
INSERT INTO channel_inbound (channel, provider_id, event, received_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (channel, provider_id) DO NOTHING`, ch, providerID, string(event), at.UTC())
	if err != nil {
		return false, fmt.Errorf("accept %s event: %w", ch, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InboundDone marks an event processed.
func (db *DB) InboundDone(ctx context.Context, ch, providerID string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE channel_inbound SET processed_at = $1 WHERE channel = $2 AND provider_id = $3`, at.UTC(), ch, providerID)
	return err
}

// ClaimInbound leases an event for processing, so that the webhook's
// worker and the sweep for left-behind events never both answer it.
func (db *DB) ClaimInbound(ctx context.Context, ch, providerID string, at time.Time, lease time.Duration) (bool, error) {
	res, err := db.write.ExecContext(ctx, `
UPDATE channel_inbound SET claimed_until = $1
WHERE channel = $2 AND provider_id = $3 AND processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $4)`, at.Add(lease).UTC(), ch, providerID, at.UTC())
	if err != nil {
		return false, fmt.Errorf("claim %s event: %w", ch, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PendingInbound returns unprocessed, unleased events accepted before
// `before`.
func (db *DB) PendingInbound(ctx context.Context, before time.Time, limit int) ([]channel.StoredEvent, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT channel, provider_id, event FROM channel_inbound
WHERE processed_at IS NULL AND received_at < $1 AND (claimed_until IS NULL OR claimed_until < $1)
ORDER BY received_at LIMIT $2`, before.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("pending inbound: %w", err)
	}
	defer rows.Close()
	var out []channel.StoredEvent
	for rows.Next() {
		var e channel.StoredEvent
		var body string
		if err := rows.Scan(&e.Channel, &e.ProviderID, &body); err != nil {
			return nil, err
		}
		e.Event = []byte(body)
		out = append(out, e)
	}
	return out, rows.Err()
}

const senderColumns = `channel, sender, conversation_id, last_inbound_at, choices, opted_out`

func scanSender(row interface{ Scan(...any) error }) (*channel.Sender, error) {
	var s channel.Sender
	var last sql.NullTime
	var choices string
	err := row.Scan(&s.Channel, &s.Sender, &s.ConversationID, &last, &choices, &s.OptedOut)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, channel.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read sender: %w", err)
	}
	if last.Valid {
		s.LastInbound = last.Time.UTC()
	}
	s.Choices = []byte(choices)
	return &s, nil
}

// Sender returns a channel's sender and their conversation.
func (db *DB) Sender(ctx context.Context, ch, sender string) (*channel.Sender, error) {
	return scanSender(db.read.QueryRowContext(ctx, `SELECT `+senderColumns+` FROM channel_senders WHERE channel = $1 AND sender = $2`, ch, sender))
}

// SenderOf returns the sender a conversation talks to.
func (db *DB) SenderOf(ctx context.Context, conversationID string) (*channel.Sender, error) {
	return scanSender(db.read.QueryRowContext(ctx, `SELECT `+senderColumns+` FROM channel_senders WHERE conversation_id = $1`, conversationID))
}

// AddSender ties a sender to a conversation unless the sender has one.
func (db *DB) AddSender(ctx context.Context, s channel.Sender) (bool, error) {
	var last any
	if !s.LastInbound.IsZero() {
		last = s.LastInbound.UTC()
	}
	res, err := db.write.ExecContext(ctx, `
INSERT INTO channel_senders (channel, sender, conversation_id, last_inbound_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (channel, sender) DO NOTHING`, s.Channel, s.Sender, s.ConversationID, last)
	if err != nil {
		return false, fmt.Errorf("add %s sender: %w", s.Channel, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SenderWrote moves the sender's last inbound time forward (never back: a
// late redelivery must not shorten WhatsApp's window).
func (db *DB) SenderWrote(ctx context.Context, ch, sender string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `
UPDATE channel_senders SET last_inbound_at = $1
WHERE channel = $2 AND sender = $3 AND (last_inbound_at IS NULL OR last_inbound_at < $1)`, at.UTC(), ch, sender)
	return err
}

// SetChoices remembers the last numbered choices sent to a sender.
func (db *DB) SetChoices(ctx context.Context, ch, sender string, choices []byte) error {
	_, err := db.write.ExecContext(ctx, `UPDATE channel_senders SET choices = $1 WHERE channel = $2 AND sender = $3`, string(choices), ch, sender)
	return err
}

// SetOptedOut records a sender's STOP or START.
func (db *DB) SetOptedOut(ctx context.Context, ch, sender string, out bool) error {
	_, err := db.write.ExecContext(ctx, `UPDATE channel_senders SET opted_out = $1 WHERE channel = $2 AND sender = $3`, out, ch, sender)
	return err
}

// Enqueue adds deliveries, leaving any already queued.
func (db *DB) Enqueue(ctx context.Context, ds []channel.Delivery) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			out, err := json.Marshal(d.Out)
			if err != nil {
				return err
			}
			var sent any
			if !d.SentAt.IsZero() {
				sent = d.SentAt.UTC()
			}
			if _, err := tx.ExecContext(ctx, `
INSERT INTO channel_outbox (conversation_id, channel, recipient, seq, part, method, body, template, status, attempts, next_at, error, created_at, sent_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (conversation_id, seq, part) DO NOTHING`,
				d.ConversationID, d.Channel, d.Recipient, d.Seq, d.Part, d.Out.Method, string(out), d.Out.Template,
				d.Status, d.Attempts, d.NextAt.UTC(), d.Error, d.CreatedAt.UTC(), sent); err != nil {
				return fmt.Errorf("enqueue delivery: %w", err)
			}
		}
		return nil
	})
}

const deliveryColumns = `id, conversation_id, channel, recipient, seq, part, body, status, attempts, next_at, provider_id, error, created_at, sent_at, receipt_at`

func scanDelivery(row interface{ Scan(...any) error }) (channel.Delivery, error) {
	var d channel.Delivery
	var body string
	var sent, receipt sql.NullTime
	if err := row.Scan(&d.ID, &d.ConversationID, &d.Channel, &d.Recipient, &d.Seq, &d.Part, &body, &d.Status, &d.Attempts,
		&d.NextAt, &d.ProviderID, &d.Error, &d.CreatedAt, &sent, &receipt); err != nil {
		return d, fmt.Errorf("read delivery: %w", err)
	}
	if err := json.Unmarshal([]byte(body), &d.Out); err != nil {
		return d, fmt.Errorf("decode delivery %d: %w", d.ID, err)
	}
	if sent.Valid {
		d.SentAt = sent.Time.UTC()
	}
	if receipt.Valid {
		d.ReceiptAt = receipt.Time.UTC()
	}
	return d, nil
}

// ClaimDue leases the oldest pending delivery of each conversation whose
// time has come. The lease (claimed_until) keeps another instance or an
// overlapping sweep from sending it too; a crashed sender's lease runs out
// and the delivery is tried again.
func (db *DB) ClaimDue(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]channel.Delivery, error) {
	at = at.UTC()
	rows, err := db.read.QueryContext(ctx, `
SELECT `+deliveryColumns+` FROM channel_outbox o
WHERE o.status = 'pending' AND o.next_at <= $1 AND (o.claimed_until IS NULL OR o.claimed_until < $1)
  AND NOT EXISTS (SELECT 1 FROM channel_outbox e WHERE e.conversation_id = o.conversation_id AND e.status = 'pending' AND e.id < o.id)
ORDER BY o.id LIMIT $2`, at, limit)
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	var due []channel.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		due = append(due, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	claimed := due[:0]
	for _, d := range due {
		res, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET claimed_until = $1
WHERE id = $2 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $3)`, at.Add(lease), d.ID, at)
		if err != nil {
			return nil, fmt.Errorf("claim delivery %d: %w", d.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			claimed = append(claimed, d)
		}
	}
	return claimed, nil
}

// DeliverySent records the provider's id of a sent message.
func (db *DB) DeliverySent(ctx context.Context, id int64, providerID string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET status = 'sent', provider_id = $1, sent_at = $2, attempts = attempts + 1, claimed_until = NULL, error = '' WHERE id = $3`,
		providerID, at.UTC(), id)
	return err
}

// DeliveryRetry puts a delivery back for a later try.
func (db *DB) DeliveryRetry(ctx context.Context, id int64, attempts int, next time.Time, why string) error {
	_, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET attempts = $1, next_at = $2, error = $3, claimed_until = NULL WHERE id = $4`, attempts, next.UTC(), why, id)
	return err
}

// DeliveryFailed gives a delivery up.
func (db *DB) DeliveryFailed(ctx context.Context, id int64, attempts int, why string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET status = 'failed', attempts = $1, error = $2, claimed_until = NULL, receipt_at = $3 WHERE id = $4`, attempts, why, at.UTC(), id)
	return err
}

// Receipt records what the provider reports of a sent message. Statuses
// only move forward: a late "delivered" never undoes "read".
func (db *DB) Receipt(ctx context.Context, ch, recipient, providerID, status, why string, at time.Time) error {
	var ok string
	switch status {
	case channel.ReceiptDelivered:
		ok = `status = 'sent'`
	case channel.ReceiptRead:
		ok = `status IN ('sent', 'delivered')`
	case channel.ReceiptFailed:
		ok = `status IN ('sent', 'delivered')`
	default:
		return fmt.Errorf("receipt status %q", status)
	}
	if providerID == "" {
		if status != channel.ReceiptRead {
			return nil // older Messenger clients report deliveries without ids: nothing to mark
		}
		_, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET status = 'read', receipt_at = $1
WHERE channel = $2 AND recipient = $3 AND sent_at <= $1 AND `+ok, at.UTC(), ch, recipient)
		return err
	}
	_, err := db.write.ExecContext(ctx, `
UPDATE channel_outbox SET status = $1, receipt_at = $2, error = $3 WHERE channel = $4 AND provider_id = $5 AND `+ok,
		status, at.UTC(), why, ch, providerID)
	return err
}

// Deliveries returns a conversation's latest deliveries, oldest first.
func (db *DB) Deliveries(ctx context.Context, conversationID string, limit int) ([]channel.Delivery, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT `+deliveryColumns+` FROM (SELECT * FROM channel_outbox WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2) o ORDER BY id`, conversationID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries of %s: %w", conversationID, err)
	}
	defer rows.Close()
	var out []channel.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SavePayload stores a short code's payload; codes are derived from the
// payload, so saving one twice is harmless.
func (db *DB) SavePayload(ctx context.Context, code, payload string) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO channel_payloads (code, payload) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, code, payload)
	return err
}

// Payload reads a short code back.
func (db *DB) Payload(ctx context.Context, code string) (string, error) {
	var p string
	err := db.read.QueryRowContext(ctx, `SELECT payload FROM channel_payloads WHERE code = $1`, code).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", channel.ErrNotFound
	}
	return p, err
}

// UsePayload empties a single-use code's payload if it still is `was`.
func (db *DB) UsePayload(ctx context.Context, code, was string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE channel_payloads SET payload = '' WHERE code = $1 AND payload = $2`, code, was)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetConversationChannel moves a conversation to the channel it continues
// on (a web chat carried over to WhatsApp).
func (db *DB) SetConversationChannel(ctx context.Context, id, ch string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE conversations SET channel = $1 WHERE id = $2`, ch, id)
	return err
}

// SaveTemplate registers or replaces a template.
func (db *DB) SaveTemplate(ctx context.Context, t channel.Template) error {
	params, err := json.Marshal(t.Parameters)
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, `
INSERT INTO channel_templates (channel, purpose, language, name, code, parameters) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (channel, purpose, language) DO UPDATE SET name = excluded.name, code = excluded.code, parameters = excluded.parameters`,
		t.Channel, t.Purpose, t.Language, t.Name, t.Code, string(params))
	return err
}

// DeleteTemplate removes a template.
func (db *DB) DeleteTemplate(ctx context.Context, ch, purpose, language string) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM channel_templates WHERE channel = $1 AND purpose = $2 AND language = $3`, ch, purpose, language)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return channel.ErrNotFound
	}
	return nil
}

// Templates lists a channel's templates.
func (db *DB) Templates(ctx context.Context, ch string) ([]channel.Template, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT channel, purpose, language, name, code, parameters FROM channel_templates WHERE channel = $1 ORDER BY purpose, language`, ch)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	defer rows.Close()
	out := []channel.Template{}
	for rows.Next() {
		var t channel.Template
		var params string
		if err := rows.Scan(&t.Channel, &t.Purpose, &t.Language, &t.Name, &t.Code, &params); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(params), &t.Parameters); err != nil {
			return nil, fmt.Errorf("template %s: %w", t.Name, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// NoteWebhook records a channel's last webhook.
func (db *DB) NoteWebhook(ctx context.Context, ch string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `
INSERT INTO channel_status (channel, last_webhook_at) VALUES ($1, $2)
ON CONFLICT (channel) DO UPDATE SET last_webhook_at = excluded.last_webhook_at`, ch, at.UTC())
	return err
}

// NoteError records a channel's last error.
func (db *DB) NoteError(ctx context.Context, ch, why string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, `
INSERT INTO channel_status (channel, last_error, last_error_at) VALUES ($1, $2, $3)
ON CONFLICT (channel) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`, ch, why, at.UTC())
	return err
}

// Health reads a channel's page.
func (db *DB) Health(ctx context.Context, ch string) (channel.Health, error) {
	h := channel.Health{Channel: ch}
	var hook, errAt sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT last_webhook_at, last_error, last_error_at FROM channel_status WHERE channel = $1`, ch).Scan(&hook, &h.LastError, &errAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("channel status: %w", err)
	}
	if hook.Valid {
		h.LastWebhookAt = hook.Time.UTC()
	}
	if errAt.Valid {
		h.LastErrorAt = errAt.Time.UTC()
	}
	err = db.read.QueryRowContext(ctx, `
SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0)
FROM channel_outbox WHERE channel = $1`, ch).Scan(&h.Backlog, &h.Failed)
	if err != nil {
		return h, fmt.Errorf("channel backlog: %w", err)
	}
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM channel_inbound WHERE channel = $1 AND processed_at IS NULL`, ch).Scan(&h.Unprocessed)
	return h, err
}

// VerifiedPhoneCustomer finds the customer a channel verified this phone
// for (a binding with source phone:*), or creates one. Customers whose
// phone was merely typed at checkout are never matched.
func (db *DB) VerifiedPhoneCustomer(ctx context.Context, phone, name string, at time.Time) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
SELECT customer_id FROM customer_bindings WHERE source LIKE 'phone:%' AND reference = $1 ORDER BY id LIMIT 1`, phone).Scan(&id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO customers (name, phone, created_at) VALUES ($1, $2, $3) RETURNING id`, name, phone, at.UTC()).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("customer of a verified phone: %w", err)
	}
	return id, nil
}

// PruneChannels deletes webhook events processed before `events` (kept
// that long so that a late redelivery is still recognised) and deliveries
// finished before `deliveries`: both hold what shoppers wrote and read.
func (db *DB) PruneChannels(ctx context.Context, events, deliveries time.Time) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM channel_inbound WHERE processed_at < $1`, events.UTC()); err != nil {
		return fmt.Errorf("prune channel events: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM channel_outbox WHERE status <> 'pending' AND created_at < $1`, deliveries.UTC()); err != nil {
		return fmt.Errorf("prune deliveries: %w", err)
	}
	return nil
}
