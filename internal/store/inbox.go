package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

const handoffColumns = `h.id, h.conversation_id, h.reason, h.language, h.topic, h.team, h.agent_id, h.trigger_seq, h.queued_at, h.assigned_at, h.resolved_at, h.follow_up`

func handoffDest(h *inbox.Handoff, agent *sql.NullInt64, assigned, resolved *sql.NullTime) []any {
	return []any{&h.ID, &h.ConversationID, &h.Reason, &h.Language, &h.Topic, &h.Team, agent, &h.TriggerSeq, &h.QueuedAt, assigned, resolved, &h.FollowUp}
}

func fillHandoff(h *inbox.Handoff, agent sql.NullInt64, assigned, resolved sql.NullTime) {
	h.AgentID = agent.Int64
	h.QueuedAt = h.QueuedAt.UTC()
	if assigned.Valid {
		t := assigned.Time.UTC()
		h.AssignedAt = &t
	}
	if resolved.Valid {
		t := resolved.Time.UTC()
		h.ResolvedAt = &t
	}
}

func (db *DB) queryHandoffs(ctx context.Context, query string, args ...any) ([]inbox.Handoff, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read hand-offs: %w", err)
	}
	defer rows.Close()
	var out []inbox.Handoff
	for rows.Next() {
		var h inbox.Handoff
		var agent sql.NullInt64
		var assigned, resolved sql.NullTime
		if err := rows.Scan(handoffDest(&h, &agent, &assigned, &resolved)...); err != nil {
			return nil, err
		}
		fillHandoff(&h, agent, assigned, resolved)
		out = append(out, h)
	}
	return out, rows.Err()
}

// OpenHandoff queues a hand-off; it reports false when the conversation
// already has an open one (a retried turn).
func (db *DB) OpenHandoff(ctx context.Context, h *inbox.Handoff) (bool, error) {
	res, err := db.write.ExecContext(ctx, `
INSERT INTO handoffs (conversation_id, reason, language, topic, team, trigger_seq, queued_at, follow_up)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
		h.ConversationID, h.Reason, h.Language, h.Topic, h.Team, h.TriggerSeq, h.QueuedAt.UTC(), h.FollowUp)
	if err != nil {
		return false, fmt.Errorf("open hand-off of %s: %w", h.ConversationID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetFollowUp records how to reach the shopper of an open follow-up that
// was waiting for it (follow_up "pending"), once: it reports false when the
// hand-off has a contact already, is no follow-up or is resolved.
func (db *DB) SetFollowUp(ctx context.Context, handoffID int64, contact string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE handoffs SET follow_up = $1
WHERE id = $2 AND follow_up = 'pending' AND resolved_at IS NULL`, contact, handoffID)
	if err != nil {
		return false, fmt.Errorf("set follow-up of hand-off %d: %w", handoffID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CurrentHandoff returns the conversation's open hand-off, or else its
// latest one.
func (db *DB) CurrentHandoff(ctx context.Context, conversationID string) (*inbox.Handoff, error) {
	hs, err := db.queryHandoffs(ctx, `SELECT `+handoffColumns+` FROM handoffs h WHERE h.conversation_id = $1
ORDER BY CASE WHEN h.resolved_at IS NULL THEN 0 ELSE 1 END, h.id DESC LIMIT 1`, conversationID)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, inbox.ErrNotFound
	}
	return &hs[0], nil
}

// OrphanedHandoffs returns conversations that are with the team by status
// but have no open hand-off (a hand-off that failed to queue after its
// turn was saved), so that they can be queued again rather than wait in
// silence.
func (db *DB) OrphanedHandoffs(ctx context.Context) ([]conversation.Conversation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.language, c.handoff, c.last_seq FROM conversations c
WHERE c.status IN ('queued', 'agent') AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id AND h.resolved_at IS NULL)
ORDER BY c.updated_at LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("find orphaned hand-offs: %w", err)
	}
	defer rows.Close()
	var out []conversation.Conversation
	for rows.Next() {
		var c conversation.Conversation
		var handoff string
		if err := rows.Scan(&c.ID, &c.Language, &handoff, &c.LastSeq); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(handoff), &c.Handoff)
		out = append(out, c)
	}
	return out, rows.Err()
}

// QueuedHandoffs returns the hand-offs waiting for an agent, oldest first.
func (db *DB) QueuedHandoffs(ctx context.Context) ([]inbox.Handoff, error) {
	return db.queryHandoffs(ctx, `SELECT `+handoffColumns+` FROM handoffs h WHERE h.resolved_at IS NULL AND h.agent_id IS NULL ORDER BY h.queued_at, h.id`)
}

// AssignHandoff moves an open hand-off to agentID (0: back to the queue)
// if its agent is still expect (0: nobody, -1: whoever). The condition is
// in the UPDATE itself, so of two agents taking one conversation at the
// same moment exactly one wins, on either database and on any number of
// instances.
func (db *DB) AssignHandoff(ctx context.Context, h *inbox.Handoff, expect, agentID int64, team string, ho conversation.Handoff, at time.Time) (bool, error) {
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var agent sql.NullInt64
		var assigned sql.NullTime
		status := conversation.StatusQueued
		if agentID != 0 {
			agent, assigned, status = sql.NullInt64{Int64: agentID, Valid: true}, sql.NullTime{Time: at.UTC(), Valid: true}, conversation.StatusAgent
		}
		q := `UPDATE handoffs SET agent_id = $1, team = $2, assigned_at = $3 WHERE id = $4 AND resolved_at IS NULL`
		args := []any{agent, team, assigned, h.ID}
		switch {
		case expect == 0:
			q += ` AND agent_id IS NULL`
		case expect > 0:
			q += ` AND agent_id = $5`
			args = append(args, expect)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("assign hand-off %d: %w", h.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if agentID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE agents SET last_assigned_at = $1 WHERE id = $2`, at.UTC(), agentID); err != nil {
				return fmt.Errorf("assign hand-off %d: %w", h.ID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET status = $1, handoff = $2, updated_at = $3 WHERE id = $4`,
			status, jsonText(ho), at.UTC(), h.ConversationID); err != nil {
			return fmt.Errorf("assign hand-off %d: %w", h.ID, err)
		}
		won = true
		return nil
	})
	if err == nil && won {
		h.AgentID, h.Team = agentID, team
	}
	return won, err
}

// ResolveHandoff closes h and stores c with msgs (the bot's closing turn)
// in one transaction, only if h was still open: a second resolve, a retry
// or another instance finds it closed and adds nothing.
func (db *DB) ResolveHandoff(ctx context.Context, h *inbox.Handoff, c *conversation.Conversation, msgs []conversation.Message, at time.Time) ([]conversation.Message, bool, error) {
	var out []conversation.Message
	won := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE handoffs SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL`, at.UTC(), h.ID)
		if err != nil {
			return fmt.Errorf("resolve hand-off %d: %w", h.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET status = $1, state = $2, handoff = $3, updated_at = $4 WHERE id = $5`,
			c.Status, stateText(c.State), jsonText(c.Handoff), at.UTC(), c.ID); err != nil {
			return fmt.Errorf("resolve hand-off %d: %w", h.ID, err)
		}
		if err := appendEvent(ctx, tx, "handoff_resolved", c.ID, 0, map[string]any{"handoff": h.ID, "agent": h.AgentID}); err != nil {
			return err
		}
		out, err = db.appendMessages(ctx, tx, c, msgs)
		won = err == nil
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if won {
		t := at.UTC()
		h.ResolvedAt = &t
	}
	return out, won, nil
}

// RecentWaits returns how long the last n assigned shoppers waited.
func (db *DB) RecentWaits(ctx context.Context, n int) ([]time.Duration, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT queued_at, assigned_at FROM handoffs WHERE assigned_at IS NOT NULL ORDER BY id DESC LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("read waits: %w", err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var q, a time.Time
		if err := rows.Scan(&q, &a); err != nil {
			return nil, err
		}
		if d := a.Sub(q); d >= 0 {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// InboxRows lists conversations with their hand-off for a console view:
// queued (waiting, oldest first), mine (the agent's open ones) or all (the
// latest hand-off of every conversation, newest first).
func (db *DB) InboxRows(ctx context.Context, view string, agentID int64, limit int) ([]inbox.Row, error) {
	q := `SELECT ` + handoffColumns + `, c.customer_id, c.channel, c.status, c.language, c.handoff, c.last_seq, c.created_at, c.updated_at,
 COALESCE(cu.name, ''), COALESCE(cu.email, ''), COALESCE(a.name, '')
FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN agents a ON a.id = h.agent_id `
	args := []any{limit}
	switch view {
	case inbox.ViewQueued:
		q += `WHERE h.resolved_at IS NULL AND h.agent_id IS NULL ORDER BY h.queued_at, h.id LIMIT $1`
	case inbox.ViewFollowUp:
		q += `WHERE h.resolved_at IS NULL AND h.follow_up <> '' ORDER BY h.queued_at, h.id LIMIT $1`
	case inbox.ViewMine:
		q += `WHERE h.resolved_at IS NULL AND h.agent_id = $2 ORDER BY c.updated_at DESC LIMIT $1`
		args = append(args, agentID)
	default:
		q += `WHERE h.id IN (SELECT MAX(id) FROM handoffs GROUP BY conversation_id) ORDER BY c.updated_at DESC LIMIT $1`
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list inbox: %w", err)
	}
	defer rows.Close()
	var out []inbox.Row
	for rows.Next() {
		var r inbox.Row
		var agent, cust sql.NullInt64
		var assigned, resolved sql.NullTime
		var handoff string
		c := &r.Conversation
		dest := append(handoffDest(&r.Handoff, &agent, &assigned, &resolved), &cust, &c.Channel, &c.Status, &c.Language, &handoff,
			&c.LastSeq, &c.CreatedAt, &c.UpdatedAt, &r.Customer.Name, &r.Customer.Email, &r.AgentName)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		fillHandoff(&r.Handoff, agent, assigned, resolved)
		c.ID, c.CustomerID = r.Handoff.ConversationID, cust.Int64
		json.Unmarshal([]byte(handoff), &c.Handoff)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CustomerConversations returns a customer's latest conversations.
func (db *DB) CustomerConversations(ctx context.Context, customerID int64, limit int) ([]conversation.Conversation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, channel, status, language, created_at, updated_at FROM conversations
WHERE customer_id = $1 ORDER BY updated_at DESC LIMIT $2`, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("list conversations of customer: %w", err)
	}
	defer rows.Close()
	var out []conversation.Conversation
	for rows.Next() {
		var c conversation.Conversation
		if err := rows.Scan(&c.ID, &c.Channel, &c.Status, &c.Language, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		c.CustomerID = customerID
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddNote stores an internal note.
func (db *DB) AddNote(ctx context.Context, n *inbox.Note) error {
	err := db.write.QueryRowContext(ctx, `INSERT INTO notes (conversation_id, agent_id, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		n.ConversationID, n.AgentID, n.Text, n.CreatedAt.UTC()).Scan(&n.ID)
	if err != nil {
		return fmt.Errorf("add note: %w", err)
	}
	return nil
}

// Notes returns a conversation's notes, oldest first.
func (db *DB) Notes(ctx context.Context, conversationID string) ([]inbox.Note, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT n.id, n.agent_id, COALESCE(a.name, ''), n.text, n.created_at FROM notes n
LEFT JOIN agents a ON a.id = n.agent_id WHERE n.conversation_id = $1 ORDER BY n.id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("read notes: %w", err)
	}
	defer rows.Close()
	out := []inbox.Note{}
	for rows.Next() {
		n := inbox.Note{ConversationID: conversationID}
		if err := rows.Scan(&n.ID, &n.AgentID, &n.Author, &n.Text, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// CannedResponses returns canned responses in lang ("" for all).
func (db *DB) CannedResponses(ctx context.Context, lang string) ([]inbox.Canned, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, lang, title, text FROM canned_responses WHERE $1 = '' OR lang = $1 ORDER BY lang, id`, lang)
	if err != nil {
		return nil, fmt.Errorf("read canned responses: %w", err)
	}
	defer rows.Close()
	out := []inbox.Canned{}
	for rows.Next() {
		var c inbox.Canned
		if err := rows.Scan(&c.ID, &c.Lang, &c.Title, &c.Text); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddCanned stores a canned response; one with the same language and title
// is replaced.
func (db *DB) AddCanned(ctx context.Context, c inbox.Canned) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO canned_responses (lang, title, text, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (lang, title) DO UPDATE SET text = excluded.text`, c.Lang, c.Title, c.Text, now())
	if err != nil {
		return fmt.Errorf("add canned response: %w", err)
	}
	return nil
}

// AddAudit appends to the audit log.
func (db *DB) AddAudit(ctx context.Context, e inbox.AuditEntry) error {
	var agent sql.NullInt64
	if e.AgentID != 0 {
		agent = sql.NullInt64{Int64: e.AgentID, Valid: true}
	}
	data := string(e.Data)
	if data == "" {
		data = "{}"
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO audit_log (agent_id, action, conversation_id, data, created_at, actor, target, client_addr)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		agent, e.Action, e.ConversationID, data, now(), e.Actor, e.Target, e.ClientAddr)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// AuditLog returns the newest audit entries first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]inbox.AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT l.id, COALESCE(l.agent_id, 0), COALESCE(a.name, ''), l.action, l.conversation_id, l.data, l.created_at,
  l.actor, l.target, l.client_addr
FROM audit_log l LEFT JOIN agents a ON a.id = l.agent_id ORDER BY l.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	out := []inbox.AuditEntry{}
	for rows.Next() {
		var e inbox.AuditEntry
		var data string
		if err := rows.Scan(&e.ID, &e.AgentID, &e.Agent, &e.Action, &e.ConversationID, &data, &e.CreatedAt, &e.Actor, &e.Target, &e.ClientAddr); err != nil {
			return nil, err
		}
		if e.Actor == "" {
			e.Actor = e.Agent
		}
		e.Data = json.RawMessage(data)
		out = append(out, e)
	}
	return out, rows.Err()
}

// HandoffRules returns the stored rules document, "" when none is saved.
// It is cached (cache.go): every turn consults the rules.
func (db *DB) HandoffRules(ctx context.Context) (string, error) {
	if s, ok := db.cache.cachedRules(); ok {
		return s, nil
	}
	gen := db.cache.gen(kindHandoffRules)
	var s string
	err := db.queryRow(ctx, `SELECT rules FROM handoff_rules WHERE id = 1`).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return "", fmt.Errorf("read hand-off rules: %w", err)
	}
	db.cache.keepRules(gen, s)
	return s, nil
}

// SaveHandoffRules replaces the rules document.
func (db *DB) SaveHandoffRules(ctx context.Context, rules string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.touch(ctx, tx, kindHandoffRules); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO handoff_rules (id, rules, updated_at) VALUES (1, $1, $2)
ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`, rules, now())
		if err != nil {
			return fmt.Errorf("save hand-off rules: %w", err)
		}
		return nil
	})
}

// AddReviewItems stores messages for training review; a message already
// there is kept as it is.
func (db *DB) AddReviewItems(ctx context.Context, items []inbox.ReviewItem) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_review (conversation_id, seq, lang, text, intent, confidence, why, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT DO NOTHING`,
				it.ConversationID, it.Seq, it.Lang, it.Text, it.Intent, it.Confidence, it.Why, now()); err != nil {
				return fmt.Errorf("add review item: %w", err)
			}
		}
		return nil
	})
}

const reviewColumns = `id, conversation_id, seq, lang, text, intent, confidence, why, status, label, created_at`

func scanReview(sc interface{ Scan(...any) error }) (*inbox.ReviewItem, error) {
	var it inbox.ReviewItem
	err := sc.Scan(&it.ID, &it.ConversationID, &it.Seq, &it.Lang, &it.Text, &it.Intent, &it.Confidence, &it.Why, &it.Status, &it.Label, &it.CreatedAt)
	return &it, err
}

// ReviewItems lists review items with a status, oldest first.
func (db *DB) ReviewItems(ctx context.Context, status string, limit int) ([]inbox.ReviewItem, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+reviewColumns+` FROM training_review WHERE status = $1 ORDER BY id LIMIT $2`, status, limit)
	if err != nil {
		return nil, fmt.Errorf("read training review: %w", err)
	}
	defer rows.Close()
	out := []inbox.ReviewItem{}
	for rows.Next() {
		it, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *it)
	}
	return out, rows.Err()
}

// ReviewItemByID returns one review item.
func (db *DB) ReviewItemByID(ctx context.Context, id int64) (*inbox.ReviewItem, error) {
	it, err := scanReview(db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM training_review WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, inbox.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read review item %d: %w", id, err)
	}
	return it, nil
}

// CloseReviewItem labels or dismisses an open item; false when it was no
// longer open.
func (db *DB) CloseReviewItem(ctx context.Context, id int64, status, label string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE training_review SET status = $1, label = $2 WHERE id = $3 AND status = 'open'`, status, label, id)
	if err != nil {
		return false, fmt.Errorf("close review item %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AddFeedback stores a rating or comment, with an event for analytics.
func (db *DB) AddFeedback(ctx context.Context, f inbox.Feedback) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO feedback (conversation_id, kind, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5)`,
			f.ConversationID, f.Kind, f.Rating, f.Comment, now()); err != nil {
			return fmt.Errorf("add feedback: %w", err)
		}
		return appendEvent(ctx, tx, "feedback", f.ConversationID, 0, map[string]any{"kind": f.Kind, "rating": f.Rating})
	})
}

// FeedbackOf returns a conversation's feedback, oldest first.
func (db *DB) FeedbackOf(ctx context.Context, conversationID string) ([]inbox.Feedback, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, rating, comment FROM feedback WHERE conversation_id = $1 ORDER BY id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	defer rows.Close()
	var out []inbox.Feedback
	for rows.Next() {
		f := inbox.Feedback{ConversationID: conversationID}
		if err := rows.Scan(&f.Kind, &f.Rating, &f.Comment); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

var _ inbox.Store = (*DB)(nil)

// SettleRefunds reports how much of an order has been refunded and, once
// that reaches the order's total, marks its payment refunded. The change is
// one UPDATE guarded by payment_status = 'paid', so it happens (and its
// event is written) exactly once however many refunds or instances race.
func (db *DB) SettleRefunds(ctx context.Context, orderID int64) (refunded int64, settled bool, err error) {
	err = db.durableTx(ctx, func(tx *sql.Tx) error {
		var number string
		err := tx.QueryRowContext(ctx, `UPDATE orders SET payment_status = 'refunded', updated_at = $2
WHERE id = $1 AND payment_status = 'paid' AND refunded_amount >= total RETURNING number`, orderID, now()).Scan(&number)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("settle refunds of order %d: %w", orderID, err)
		default:
			settled = true
			if err := appendEvent(ctx, tx, "order_refunded", "", orderID, map[string]string{"number": number, "payment_status": "refunded"}); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `SELECT refunded_amount FROM orders WHERE id = $1`, orderID).Scan(&refunded)
	})
	return refunded, settled, err
}

// RefundedAmounts returns the refunded total of each of the orders that
// has had a refund, for the agent's customer panel.
func (db *DB) RefundedAmounts(ctx context.Context, orderIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	for _, id := range orderIDs {
		var n int64
		if err := db.read.QueryRowContext(ctx, `SELECT refunded_amount FROM orders WHERE id = $1`, id).Scan(&n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return nil, err
		}
		if n > 0 {
			out[id] = n
		}
	}
	return out, nil
}
