package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
)

// Paid orders are those whose money came in: paid, or paid and refunded
// later (a refund is an after-sale matter, the sale happened).
const paidStatuses = `('paid', 'refunded')`

// factsSelect reads, per conversation, what the figures need, with one
// indexed lookup per fact.
var factsSelect = `
SELECT c.id, c.created_at, c.channel, c.language,
  (SELECT COUNT(*) FROM handoffs h WHERE h.conversation_id = c.id),
  (SELECT COUNT(*) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `),
  (SELECT COALESCE(SUM(o.total), 0) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `),
  (SELECT MIN(o.id) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status = 'failed'),
  (SELECT MAX(o.id) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `),
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = c.id AND f.kind = 'csat' AND f.rating BETWEEN 1 AND 5),
  (SELECT COALESCE(SUM(f.rating), 0) FROM feedback f WHERE f.conversation_id = c.id AND f.kind = 'csat' AND f.rating BETWEEN 1 AND 5),
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = c.id AND f.kind = 'csat' AND f.rating BETWEEN 4 AND 5),
  (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id AND m.sender = 'shopper' ORDER BY m.seq LIMIT 1),
  (SELECT r.created_at FROM messages r WHERE r.conversation_id = c.id AND r.sender IN ('bot', 'agent')
     AND r.seq > (SELECT MIN(s.seq) FROM messages s WHERE s.conversation_id = c.id AND s.sender = 'shopper')
     ORDER BY r.seq LIMIT 1),
  (SELECT MIN(p.created_at) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.kind = 'cart_recovery'),
  (SELECT COUNT(*) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `
     AND o.created_at >= (SELECT MIN(p.created_at) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.kind = 'cart_recovery')),
  ` + factsCustomer + `,
  (SELECT COUNT(*) FROM conversations p WHERE p.customer_id = ` + factsCustomer + ` AND p.created_at < c.created_at)
  + (SELECT COUNT(*) FROM orders po WHERE po.customer_id = ` + factsCustomer + ` AND po.created_at < c.created_at),
  (SELECT COUNT(*) FROM events e WHERE e.conversation_id = c.id AND e.type = 'recommendation_shown'),
  (SELECT COUNT(*) FROM events e WHERE e.conversation_id = c.id AND e.type = 'recommendation_clicked'),
  (SELECT COUNT(*) FROM events e JOIN orders o ON o.id = e.order_id WHERE e.conversation_id = c.id AND e.type = 'recommendation_ordered' AND o.payment_status IN ` + paidStatuses + `),
  (SELECT COALESCE(SUM(o.total), 0) FROM events e JOIN orders o ON o.id = e.order_id WHERE e.conversation_id = c.id AND e.type = 'recommendation_ordered' AND o.payment_status IN ` + paidStatuses + `),
  (SELECT COUNT(*) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `
     AND o.created_at >= (SELECT MIN(p.sent_at) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.purpose = 'marketing' AND p.status = 'sent')),
  (SELECT COALESCE(SUM(o.total), 0) FROM orders o WHERE o.conversation_id = c.id AND o.payment_status IN ` + paidStatuses + `
     AND o.created_at >= (SELECT MIN(p.sent_at) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.purpose = 'marketing' AND p.status = 'sent'))` + proactiveSentColumns + `
FROM conversations c`

// factsCustomer is the conversation's customer: its verified identity, or
// else whoever placed an order in it.
const factsCustomer = `COALESCE(c.customer_id, (SELECT MIN(co.customer_id) FROM orders co WHERE co.conversation_id = c.id))`

// proactiveKinds are the kinds of proactive message the figures count, one
// indexed count each (proactive_conversation); new_arrival is this
// project's extension of the contract's list.
var proactiveKinds = []string{"cart_recovery", "back_in_stock", "price_drop", "order_update", "review_request", "new_arrival"}

var proactiveSentColumns = func() string {
	var b strings.Builder
	for _, k := range proactiveKinds {
		b.WriteString(",\n  (SELECT COUNT(*) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.kind = '" + k + "' AND p.status = 'sent')")
	}
	return b.String()
}()

// ConversationFacts calls fn for each conversation created in [from, to):
// the first roll-up of a long history reads each conversation once and
// never again.
func (db *DB) ConversationFacts(ctx context.Context, from, to time.Time, fn func(analytics.Fact) error) error {
	rows, err := db.read.QueryContext(ctx, factsSelect+` WHERE c.created_at >= $1 AND c.created_at < $2`, from.UTC(), to.UTC())
	if err != nil {
		return fmt.Errorf("read conversation facts: %w", err)
	}
	return scanFacts(rows, fn)
}

// ConversationFactsOf calls fn for each of the conversations ids.
func (db *DB) ConversationFactsOf(ctx context.Context, ids []string, fn func(analytics.Fact) error) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		marks := make([]string, n)
		for i, id := range ids[:n] {
			args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
		}
		rows, err := db.read.QueryContext(ctx, factsSelect+` WHERE c.id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return fmt.Errorf("read conversation facts: %w", err)
		}
		if err := scanFacts(rows, fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func scanFacts(rows *sql.Rows, fn func(analytics.Fact) error) error {
	defer rows.Close()
	for rows.Next() {
		var f analytics.Fact
		var handoffs int64
		var firstFailed, lastPaid sql.NullInt64
		var asked, answered, left anyTime
		var paidAfterLeft int64
		var customer sql.NullInt64
		var earlier int64
		sent := make([]int64, len(proactiveKinds))
		dest := []any{&f.ID, &f.Created, &f.Channel, &f.Language, &handoffs, &f.Orders, &f.Revenue,
			&firstFailed, &lastPaid, &f.CSATResponses, &f.CSATSum, &f.CSATSatisfied, &asked, &answered, &left, &paidAfterLeft,
			&customer, &earlier,
			&f.RecShown, &f.RecClicked, &f.RecOrders, &f.RecRevenue, &f.ProactiveOrders, &f.ProactiveRevenue}
		for i := range sent {
			dest = append(dest, &sent[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read conversation facts: %w", err)
		}
		for i, n := range sent {
			if n > 0 {
				if f.ProactiveSent == nil {
					f.ProactiveSent = map[string]int64{}
				}
				f.ProactiveSent[proactiveKinds[i]] = n
			}
		}
		f.HandedOff = handoffs > 0
		f.Identified = customer.Valid && customer.Int64 != 0
		f.Returning = f.Identified && earlier > 0
		// A cart is abandoned when its checkout ended unpaid, or when it was
		// left idle long enough for a recovery to be queued (proactive.go);
		// recovered when an order was paid after either.
		f.Abandoned = firstFailed.Valid || left.Valid
		f.Recovered = firstFailed.Valid && lastPaid.Valid && lastPaid.Int64 > firstFailed.Int64 || paidAfterLeft > 0
		if asked.Valid && answered.Valid {
			f.FirstResponse, f.Answered, f.Asked = answered.Time.Sub(asked.Time), true, asked.Time
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ConversationVersions returns, for each conversation created in [from,
// to), a version that changes whenever one of its facts may have changed:
// the conversation's last change (turns, hand-offs, ratings, payment
// messages), its orders' last change (a reservation that ran out touches
// only the order), and its hand-off and rating counts (written right after
// the turn that asked for them).
func (db *DB) ConversationVersions(ctx context.Context, from, to time.Time) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT c.id, c.updated_at,
  (SELECT MAX(o.updated_at) FROM orders o WHERE o.conversation_id = c.id),
  (SELECT COUNT(*) FROM handoffs h WHERE h.conversation_id = c.id),
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = c.id),
  (SELECT COUNT(*) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.kind = 'cart_recovery'),
  (SELECT COUNT(*) FROM events e WHERE e.conversation_id = c.id AND e.type IN ('recommendation_shown', 'recommendation_clicked', 'recommendation_ordered')),
  (SELECT COUNT(*) FROM proactive_messages p WHERE p.conversation_id = c.id AND p.status = 'sent')
FROM conversations c WHERE c.created_at >= $1 AND c.created_at < $2`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read conversation versions: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id string
		var updated time.Time
		var orders anyTime
		var handoffs, feedback, recoveries, recos, sent int64
		if err := rows.Scan(&id, &updated, &orders, &handoffs, &feedback, &recoveries, &recos, &sent); err != nil {
			return nil, fmt.Errorf("read conversation versions: %w", err)
		}
		out[id] = fmt.Sprintf("%d/%d/%d/%d/%d/%d/%d", updated.UnixNano(), orders.Time.UnixNano(), handoffs, feedback, recoveries, recos, sent)
	}
	return out, rows.Err()
}

// RolledUpDays returns the days in [fromDay, toDay] rolled up in zone, with
// when; days rolled up in another time zone count as not done.
func (db *DB) RolledUpDays(ctx context.Context, fromDay, toDay, zone string) (map[string]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT day, computed_at FROM analytics_days WHERE day >= $1 AND day <= $2 AND zone = $3`, fromDay, toDay, zone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var d string
		var at time.Time
		if err := rows.Scan(&d, &at); err != nil {
			return nil, err
		}
		out[d] = at
	}
	return out, rows.Err()
}

const dailyColumns = `day, channel, language, conversations, contained, handoffs, converted, orders, revenue,
carts_abandoned, carts_recovered, csat_responses, csat_sum, csat_satisfied, first_response, first_response_bh,
identified_customers, returning_customers, hours,
rec_shown, rec_clicked, rec_orders, rec_revenue, proactive_sent, proactive_orders, proactive_revenue`

// DailyRows returns the rollup rows of the days in [fromDay, toDay].
func (db *DB) DailyRows(ctx context.Context, fromDay, toDay string) ([]analytics.Row, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+dailyColumns+` FROM analytics_daily WHERE day >= $1 AND day <= $2`, fromDay, toDay)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []analytics.Row
	for rows.Next() {
		var r analytics.Row
		var hist, histBH, hours, sent string
		if err := rows.Scan(&r.Day, &r.Channel, &r.Language, &r.Conversations, &r.Contained, &r.Handoffs, &r.Converted,
			&r.Orders, &r.Revenue, &r.CartsAbandoned, &r.CartsRecovered, &r.CSATResponses, &r.CSATSum, &r.CSATSatisfied, &hist, &histBH,
			&r.Identified, &r.Returning, &hours,
			&r.RecShown, &r.RecClicked, &r.RecOrders, &r.RecRevenue, &sent, &r.ProactiveOrders, &r.ProactiveRevenue); err != nil {
			return nil, err
		}
		if err := r.Hours.UnmarshalText([]byte(hours)); err != nil {
			return nil, fmt.Errorf("rollup of %s: %w", r.Day, err)
		}
		if err := json.Unmarshal([]byte(sent), &r.ProactiveSent); err != nil {
			return nil, fmt.Errorf("rollup of %s: proactive sent: %w", r.Day, err)
		}
		if err := r.FirstResponse.UnmarshalText([]byte(hist)); err != nil {
			return nil, fmt.Errorf("rollup of %s: %w", r.Day, err)
		}
		if err := r.FirstResponseBH.UnmarshalText([]byte(histBH)); err != nil {
			return nil, fmt.Errorf("rollup of %s: business-hours first response: %w", r.Day, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveDays replaces the rollup of days with rows and marks the days done,
// in one transaction: two instances rolling up the same day write the same
// rows, and the second simply replaces the first.
func (db *DB) SaveDays(ctx context.Context, days []string, zone string, rows []analytics.Row) error {
	if len(days) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM analytics_daily WHERE day >= $1 AND day <= $2`, days[0], days[len(days)-1]); err != nil {
			return err
		}
		for _, r := range rows {
			hist, _ := r.FirstResponse.MarshalText()
			histBH, _ := r.FirstResponseBH.MarshalText()
			hours, _ := r.Hours.MarshalText()
			if _, err := tx.ExecContext(ctx, `INSERT INTO analytics_daily (`+dailyColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
				r.Day, r.Channel, r.Language, r.Conversations, r.Contained, r.Handoffs, r.Converted, r.Orders, r.Revenue,
				r.CartsAbandoned, r.CartsRecovered, r.CSATResponses, r.CSATSum, r.CSATSatisfied, string(hist), string(histBH),
				r.Identified, r.Returning, string(hours),
				r.RecShown, r.RecClicked, r.RecOrders, r.RecRevenue, jsonText(r.ProactiveSent), r.ProactiveOrders, r.ProactiveRevenue); err != nil {
				return fmt.Errorf("insert rollup of %s: %w", r.Day, err)
			}
		}
		t := now()
		for _, d := range days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO analytics_days (day, zone, computed_at) VALUES ($1, $2, $3)
ON CONFLICT (day) DO UPDATE SET zone = excluded.zone, computed_at = excluded.computed_at`, d, zone, t); err != nil {
				return fmt.Errorf("mark %s rolled up: %w", d, err)
			}
		}
		return nil
	})
}

// Handlings returns the assigned hand-offs queued in [from, to) with the
// agent's first reply after the hand-off and the conversation's ratings.
func (db *DB) Handlings(ctx context.Context, from, to time.Time) ([]analytics.Handling, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT h.agent_id, a.name, h.queued_at, h.assigned_at, h.resolved_at,
  (SELECT m.created_at FROM messages m WHERE m.conversation_id = h.conversation_id AND m.sender = 'agent'
     AND m.seq > h.trigger_seq ORDER BY m.seq LIMIT 1),
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = h.conversation_id AND f.kind = 'csat' AND f.rating BETWEEN 1 AND 5),
  (SELECT COALESCE(SUM(f.rating), 0) FROM feedback f WHERE f.conversation_id = h.conversation_id AND f.kind = 'csat' AND f.rating BETWEEN 1 AND 5)
FROM handoffs h JOIN agents a ON a.id = h.agent_id
WHERE h.queued_at >= $1 AND h.queued_at < $2`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read hand-offs for team figures: %w", err)
	}
	defer rows.Close()
	var out []analytics.Handling
	for rows.Next() {
		var h analytics.Handling
		var assigned, resolved, first anyTime
		if err := rows.Scan(&h.AgentID, &h.AgentName, &h.QueuedAt, &assigned, &resolved, &first, &h.CSATResponses, &h.CSATSum); err != nil {
			return nil, fmt.Errorf("read hand-offs for team figures: %w", err)
		}
		h.AssignedAt, h.ResolvedAt, h.FirstReply = assigned.Time, resolved.Time, first.Time
		out = append(out, h)
	}
	return out, rows.Err()
}

// Transfers counts, per agent, the transfers they made in [from, to), from
// the audit log every transfer is written to.
func (db *DB) Transfers(ctx context.Context, from, to time.Time) (map[int64]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT agent_id, COUNT(*) FROM audit_log
WHERE action = 'transfer' AND agent_id IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY agent_id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("read transfers: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// anyTime scans a timestamp that may come back as text: SQLite reports no
// column type for a subquery's result, so the driver hands over the stored
// string instead of a time.
type anyTime struct {
	Time  time.Time
	Valid bool
}

// timeLayouts are the ways the drivers write times: modernc's own, Go's
// String form, and RFC 3339.
var timeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999 -0700 MST", time.RFC3339Nano, "2006-01-02 15:04:05"}

func (t *anyTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*t = anyTime{}
		return nil
	case time.Time:
		*t = anyTime{Time: x, Valid: true}
		return nil
	case []byte:
		return t.parse(string(x))
	case string:
		return t.parse(x)
	}
	return fmt.Errorf("scan time from %T", v)
}

func (t *anyTime) parse(s string) error {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			*t = anyTime{Time: v, Valid: true}
			return nil
		}
	}
	return fmt.Errorf("scan time from %q: unknown layout", s)
}
